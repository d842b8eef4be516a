"""In real Chromium, by clicking from the home page: a facilitator on a 1280x720 screen scores a learner's
role play on the cohort page (tab "Observed skills"), the score survives a refresh, and the learner, on
a phone, finds it on My programme with the level of every point of the checklist."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.services import auth
from modules.services import cohorts as cohort_service
from modules.services.learners import register
from modules.storage.db import make_engine
from tests.app.test_observations import RUBRIC
from tests.conftest import FIXTURES
from tests.e2e.conftest import PHONE, PROJECTOR, Server, menu, pick, refresh, sign_in, start_server, wait_idle
from tests.unit.test_cohorts_repo import add_programme_quizzes

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-password"
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))


@pytest.fixture
def observed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    tmp = tmp_path_factory.mktemp("e2e-observed")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    add_programme_quizzes(root)
    (root / "content" / "rubrics.yaml").write_text(RUBRIC, encoding="utf-8")
    reg = load_registry([root / "content", root / "quizzes"])
    assert reg.problems == ()
    engine = make_engine(f"sqlite:///{tmp / 'e2e.db'}")
    fac = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    cohort = cohort_service.create_cohort(engine, reg, fac, cohort_service.CohortForm("North", "P", "R", "MoL"))
    eve, code = register(engine, "Eve Inspector", "labour_inspector", reg.track_ids())
    cohort_service.join(engine, eve.id, cohort.join_code, "labour_inspectorate", None, None)
    engine.dispose()
    server = start_server(tmp, root)
    yield server, code
    server.stop()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"observed-{name}.png"), full_page=True)


def test_a_role_play_scored_by_the_facilitator_reaches_the_learner(observed_server, browser) -> None:  # type: ignore[no-untyped-def]
    server, code = observed_server
    staff = browser.new_context(**PROJECTOR).new_page()
    staff.set_default_timeout(30_000)
    learner = browser.new_context(**PHONE).new_page()
    learner.set_default_timeout(30_000)

    staff.goto(server.url)
    wait_idle(staff, settle=0.5)
    menu(staff, "Staff sign-in")
    sign_in(staff, "trainer", PASSWORD)
    menu(staff, "Cohorts")
    staff.get_by_role("tab", name="Observed skills").click()
    pick(staff, "Learner", "Eve Inspector")
    for criterion, level in (("1. Moves the interview", "Meets the standard"), ("2. Uses an independent", "Partly")):
        group = staff.get_by_role("radiogroup", name=criterion)
        group.locator("label").filter(has_text=level).click()
    staff.get_by_role("button", name="Save the observation").click()
    wait_idle(staff, settle=0.5)
    staff.get_by_text("Saved: Eve Inspector, Role play: a safe worker interview: 75% (passed).").wait_for()
    _shot(staff, "projector-facilitator")
    refresh(staff)  # stored, not held by the tab
    staff.get_by_role("tab", name="Observed skills").click()
    staff.get_by_text("Scored so far (1)").wait_for()

    learner.goto(server.url)
    wait_idle(learner, settle=0.5)
    learner.get_by_role("textbox", name="Resume code").fill(code)
    learner.get_by_role("button", name="Resume").click()
    wait_idle(learner, settle=0.5)
    menu(learner, "My programme")
    learner.get_by_text("Role play: a safe worker interview · 75% · passed").wait_for()
    main = learner.locator("[data-testid='stMain']").first.inner_text()
    assert "Meets the standard" in main and "Partly" in main
    learner.get_by_text("Role play: a safe worker interview · 75% · passed").scroll_into_view_if_needed()
    _shot(learner, "phone-learner")
