"""In real Chromium: a facilitator signs in, sees the dashboard with its charts and downloads the
programme report; a learner downloads their certificate, whose code the public page confirms."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.services import auth, roster
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.storage.db import make_engine
from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, start_server, wait_idle
from tests.unit.test_certificates import pdf_text
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-password"


@pytest.fixture(scope="module")
def programme_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """The fixture course with programme quizzes, and a database seeded with a cohort of two."""
    tmp = tmp_path_factory.mktemp("e2e-programme")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    add_programme_quizzes(root)
    reg = load_registry([root / "content", root / "quizzes"])
    engine = make_engine(f"sqlite:///{tmp / 'e2e.db'}")
    fac = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    cohort = cohort_service.create_cohort(
        engine, reg, fac, cohort_service.CohortForm("North", "Programme X", "Ruritania", "Ministry of Labour")
    )
    imported = roster.import_roster(
        engine,
        fac,
        cohort.id,
        (
            "name,email,organisation_type,sex,track\n"
            "Łukasz Ayşe Никита,ana@x.org,labour inspectorate,female,labour_inspector\n"
            "Ben Beta,ben@x.org,police,male,police\n"
        ).encode(),
        reg.track_ids(),
        None,
    )
    ana, ben = imported.created
    items = ("q-single", "q-multi", "q-tf", "q-spot", "q-match")
    record_attempt(engine, ana.learner_id, "pre", dict(zip(items, (1, 1, 0, 0, 0), strict=True)))
    record_attempt(engine, ana.learner_id, "post", dict(zip(items, (1, 1, 1, 1, 0), strict=True)))
    record_attempt(engine, ana.learner_id, "final-inspector", {"q-single": 1, "q-tf": 1, "q-multi": 1}, pass_mark=60)
    record_attempt(engine, ben.learner_id, "pre", dict(zip(items, (1, 1, 1, 0, 0), strict=True)))
    engine.dispose()
    server = start_server(tmp, root)
    yield server, {"ana_code": ana.code, "ben_code": ben.code}
    server.stop()


def test_facilitator_dashboard_and_programme_report(programme_server, page) -> None:  # type: ignore[no-untyped-def]
    server, _ = programme_server
    page.goto(f"{server.url}/sign-in")
    wait_idle(page)
    page.get_by_label("Username", exact=True).fill("trainer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page, settle=0.5)
    page.get_by_text("Signed in as Trainer").wait_for()
    page.get_by_role("link", name="Reports").click()  # in-app navigation keeps the signed-in session
    wait_idle(page, settle=1.0)
    page.get_by_role("heading", name="Programme reports").wait_for()
    page.get_by_text("People enrolled").wait_for()
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_role("tab", name="Learners").click()
    picker = page.get_by_role("combobox", name="Attempts of")  # the learner picker (tables are a canvas)
    assert picker.input_value() == "Ben Beta · North"

    page.get_by_role("tab", name="Exports").click()
    button = page.get_by_role("button", name="Programme report (PDF)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Programme X" in text and "People trained" in text
    assert "Łukasz" not in text and "Ben Beta" not in text  # the donor report names nobody


def test_learner_downloads_a_certificate_the_public_page_confirms(programme_server, browser) -> None:  # type: ignore[no-untyped-def]
    server, codes = programme_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{server.url}/my-programme?r={codes['ana_code']}")
        wait_idle(page, settle=0.5)
        page.get_by_role("heading", name="My programme").wait_for()
        button = page.get_by_role("button", name="Download my certificate (PDF)")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename.startswith("certificate-")
        data = Path(download.path()).read_bytes()
        text = " ".join(pdf_text(data).split())  # a name in two scripts is written as two runs
        assert "Łukasz Ayşe Никита" in text and "Programme: Programme X: North" in text
        assert "(Name as recorded by the programme)" in text  # a roster name, not self-declared
        code = download.suggested_filename.removeprefix("certificate-").removesuffix(".pdf")
        assert certificate_service.pretty_code(code) in text

        page.goto(f"{server.url}/verify?code={certificate_service.pretty_code(code)}")
        wait_idle(page, settle=0.5)
        page.get_by_text("is valid").wait_for()
        page.get_by_text("Łukasz Ayşe Никита").wait_for()

        page.goto(f"{server.url}/my-programme?r={codes['ben_code']}")  # Ben has not passed: no certificate
        wait_idle(page, settle=0.5)
        page.get_by_text("Your track has no final assessment yet").wait_for()  # Ben is police
        assert page.get_by_role("button", name="Download my certificate (PDF)").count() == 0
        page.goto(f"{server.url}/reports?r={codes['ben_code']}")  # a learner typing a staff URL
        wait_idle(page, settle=0.5)
        assert page.get_by_text("Łukasz Ayşe Никита").count() == 0
        assert page.get_by_role("heading", name="Programme reports").count() == 0
    finally:
        context.close()
