"""In real Chromium, from the home page by clicking, on a phone and on a projector-sized screen, with
refreshes in the middle: a learner who joined with the code earns a certificate that says her name
is self-declared and agrees that her facilitator may issue her a new code; the facilitator confirms
her name, re-issues the certificate (the old code then reads "replaced") and revokes it (the public
page then says so, with the date); a learner who joined with the code and did not agree is not
offered for a new code."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from modules.content.loader import load_registry
from modules.services import auth
from modules.services import cohorts as cohort_service
from modules.services.learners import register
from modules.storage.db import make_engine
from tests.conftest import FIXTURES
from tests.e2e.conftest import PHONE, PROJECTOR, Server, menu, refresh, sign_in, start_server, wait_idle
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-password"
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))


@pytest.fixture
def trust_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("e2e-trust")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    add_programme_quizzes(root)
    reg = load_registry([root / "content", root / "quizzes"])
    engine = make_engine(f"sqlite:///{tmp / 'e2e.db'}")
    fac = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    cohort = cohort_service.create_cohort(
        engine, reg, fac, cohort_service.CohortForm("North", "Programme X", "Ruritania", "Ministry of Labour")
    )
    carol, carol_code = register(engine, "carol l.", "labour_inspector", reg.track_ids())
    dan, _ = register(engine, "Dan Self", "police", reg.track_ids())
    for learner in (carol, dan):
        cohort_service.join(engine, learner.id, cohort.join_code, "police", None, None)
    record_attempt(engine, carol.id, "final-inspector", {"q-single": 1, "q-tf": 1, "q-multi": 1}, pass_mark=60)
    engine.dispose()
    server = start_server(tmp, root)
    yield server, {"carol": carol_code}
    server.stop()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"trust-{name}.png"), full_page=True)


def _verify(page, code: str) -> str:  # type: ignore[no-untyped-def]
    """Menu > Verify a certificate, type the code, press Verify: what the page then says."""
    menu(page, "Verify a certificate")
    page.get_by_role("textbox", name="Verification code").fill(code)
    page.get_by_role("button", name="Verify").click()
    wait_idle(page, settle=0.5)
    page.get_by_text("Holder:").wait_for()
    return page.locator("[data-testid='stMain']").first.inner_text()


def _resume(page, server: Server, code: str) -> None:  # type: ignore[no-untyped-def]
    """From the home page: type the resume code, as a returning learner does."""
    page.goto(server.url)
    wait_idle(page, settle=0.5)
    page.get_by_role("textbox", name="Resume code").fill(code)
    page.get_by_role("button", name="Resume").click()
    wait_idle(page, settle=0.5)


def _open(page, form) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the form's select box (a second tap if the first only focused it): its options."""
    box = form.get_by_role("combobox")
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    return [o.inner_text() for o in page.get_by_role("option").all()]


def _pick(page, form, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an option of the form's select box (on a phone the box cannot be typed in)."""
    _open(page, form)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_idle(page)


@pytest.mark.parametrize("screen", ["phone", "projector"])
def test_a_certificate_says_what_it_certifies_and_can_be_revoked(trust_server, browser, screen: str) -> None:  # type: ignore[no-untyped-def]
    server, codes = trust_server
    device = PHONE if screen == "phone" else PROJECTOR
    context = browser.new_context(**device)
    learner = context.new_page()
    learner.set_default_timeout(30_000)
    staff_context = browser.new_context(**device)
    staff = staff_context.new_page()
    staff.set_default_timeout(30_000)
    try:
        _resume(learner, server, codes["carol"])
        menu(learner, "My programme")
        learner.get_by_text("Your name on this certificate is self-declared").wait_for()
        first_code = learner.get_by_text("Verification code:").inner_text().split("Verification code:")[1]
        first_code = first_code.strip().strip("*.").strip()
        learner.get_by_text("If I lose my resume code, this cohort's facilitator may issue me a new one").click()
        wait_idle(learner, settle=0.5)
        refresh(learner)  # the choice is stored, not held by the tab
        assert learner.get_by_role("checkbox", name="If I lose my resume code").is_checked()
        _shot(learner, f"{screen}-1-learner")
        assert "self-declared by the learner" in _verify(learner, first_code)

        staff.goto(server.url)
        wait_idle(staff, settle=0.5)
        menu(staff, "Staff sign-in")
        sign_in(staff, "trainer", PASSWORD)
        menu(staff, "Cohorts")
        staff.get_by_role("tab", name="Members").click()
        staff.get_by_text("A learner lost their resume code?").wait_for()
        reissue = staff.locator("[data-testid='stForm']").filter(has_text="Issue a new code")
        options = _open(staff, reissue)
        assert any("carol l." in o for o in options) and not any("Dan Self" in o for o in options)
        staff.get_by_role("option").filter(has_text="carol l.").first.click()
        reissue.get_by_role("button", name="Issue a new code").click()
        wait_idle(staff, settle=0.5)
        issued = staff.get_by_text("New resume code for carol l.").inner_text()
        carol_new_code = issued.split(":", 1)[1].split(".")[0].strip()
        staff.get_by_text("Codes reissued in this cohort (1)").wait_for()  # who, when, on what grounds
        confirm = staff.locator("[data-testid='stForm']").filter(has_text="Confirm this name")
        _pick(staff, confirm, "carol l.")
        confirm.get_by_role("textbox").fill("Carol Lone")
        confirm.get_by_role("button", name="Confirm this name").click()
        wait_idle(staff, settle=0.5)
        staff.get_by_text("Name confirmed: Carol Lone").wait_for()
        _shot(staff, f"{screen}-2-members")
        refresh(staff)  # still signed in, on the same page
        staff.get_by_role("heading", name="Cohorts", exact=True).wait_for()

        staff.get_by_role("tab", name="Certificates").click()
        form = staff.locator("[data-testid='stForm']").filter(has_text="Reason (kept with the record)")
        form.get_by_role("textbox").fill("name checked against her ID")
        form.get_by_role("button", name="Apply").click()
        wait_idle(staff, settle=0.5)
        done = staff.get_by_text("Re-issued as").inner_text()
        new_code = done.split("Re-issued as")[1].split(";")[0].strip()
        _shot(staff, f"{screen}-3-certificates")

        old = _verify(staff, first_code)
        assert "replaced" in old and "newer certificate" in old
        new = _verify(staff, new_code)
        assert "is valid" in new and "Carol Lone (recorded by the programme)" in new and "Programme X: North" in new

        menu(staff, "Cohorts")
        staff.get_by_role("tab", name="Certificates").click()
        form = staff.locator("[data-testid='stForm']").filter(has_text="Reason (kept with the record)")
        form.get_by_text("Revoke", exact=True).click()
        form.get_by_role("textbox").fill("answers shared before the final")
        form.get_by_role("button", name="Apply").click()
        wait_idle(staff, settle=0.5)
        staff.get_by_text("Revoked: its code now verifies as revoked.").wait_for()
        assert "was revoked on" in _verify(staff, new_code)
        _shot(staff, f"{screen}-4-verify-revoked")

        _resume(learner, server, codes["carol"])  # her old code stopped working
        learner.get_by_text("Resume code: not recognised").wait_for()
        _resume(learner, server, carol_new_code)
        menu(learner, "My programme")
        learner.get_by_text("Your certificate for this course was revoked").wait_for()
        assert learner.get_by_role("button", name="Download my certificate (PDF)").count() == 0
    except Exception:
        _shot(staff, f"{screen}-failure-staff")
        _shot(learner, f"{screen}-failure-learner")
        raise
    finally:
        context.close()
        staff_context.close()
