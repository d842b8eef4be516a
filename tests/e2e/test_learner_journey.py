"""A whole learner journey in headless Chromium, including a refresh and a server restart."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, func, select

from modules.storage.schema import attempt_answers, quiz_attempts
from tests.e2e.conftest import Server, choose, pick, wait_idle

pytestmark = pytest.mark.e2e


def _resume_code(url: str) -> str:
    match = re.search(r"[?&]r=([0-9A-Z]{16})", url)
    assert match, url
    return match.group(1)


def test_learner_journey_survives_refresh_and_restart(fixture_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    base = fixture_server.url
    page.goto(base)
    wait_idle(page)
    page.get_by_role("textbox", name="Display name").fill("Łukasz <b>Ayşe</b>")
    choose(page, "Police")
    page.get_by_role("button", name="Start").click()
    wait_idle(page)
    page.get_by_text("Welcome back, Łukasz <b>Ayşe</b>").wait_for()  # shown as text, not HTML
    code = _resume_code(page.url)

    page.get_by_role("link", name=re.compile("Continue: Lesson one")).click()
    wait_idle(page)
    page.get_by_role("heading", name="Introduction").wait_for()
    assert "SECRET FACILITATOR NOTE" not in page.content()
    choose(page, "The job differs from the one promised.")
    page.get_by_role("button", name="Check my answer").click()
    wait_idle(page)
    page.get_by_text("Right, this is deception.").wait_for()
    page.get_by_role("button", name="Next section →").click()
    wait_idle(page)
    page.get_by_role("heading", name="More").wait_for()

    page.reload()  # a refresh wipes Streamlit's session state
    wait_idle(page)
    page.get_by_role("heading", name="More").wait_for()
    assert _resume_code(page.url) == code

    page.goto(f"{base}/quiz?id=quiz-one&r={code}")
    wait_idle(page)
    page.get_by_role("button", name="Start the quiz").click()
    wait_idle(page)
    html = page.content()
    for secret in ("Right, this is deception.", "Deception is about broken promises.", "Fee debt that binds"):
        assert secret not in html  # the answer key never reaches the browser before submission
    choose(page, "The job differs from the one promised.")
    choose(page, "False")
    choose(page, "Recruitment fee owed to the employer.")
    choose(page, "A debt that grows every month.")
    choose(page, "Deception")
    pick(page, "Deception", "Hotel job promised, farm work given")
    pick(page, "Debt bondage", "Fee debt that keeps growing")
    wait_idle(page)
    page.get_by_role("button", name="Submit my answers").dblclick()  # a double click records one attempt
    wait_idle(page, settle=1.0)
    page.get_by_text(re.compile(r"you scored \d+\.\d%")).wait_for()
    page.get_by_text("Deception is about broken promises.").wait_for()

    db = create_engine(fixture_server.env["DATABASE_URL"])
    with db.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(quiz_attempts).where(quiz_attempts.c.status == "submitted")
            ).scalar_one()
            == 1
        )
        assert conn.execute(select(func.count()).select_from(attempt_answers)).scalar_one() == 5
    db.dispose()

    fixture_server.stop()  # a server restart
    fixture_server.start()
    page.reload()
    wait_idle(page, settle=1.0)
    page.get_by_text(re.compile(r"you scored \d+\.\d%")).wait_for()
    page.goto(f"{base}/course?r={code}")
    wait_idle(page)
    page.get_by_role("link", name=re.compile("Lesson one .* in progress")).wait_for()


def test_resume_code_on_another_device(fixture_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    first = browser.new_context().new_page()
    first.goto(fixture_server.url)
    wait_idle(first)
    first.get_by_role("textbox", name="Display name").fill("Device one")
    choose(first, "Labour inspector")
    first.get_by_role("button", name="Start").click()
    wait_idle(first)
    code = _resume_code(first.url)
    other = browser.new_context().new_page()  # no shared cookies or storage
    other.goto(fixture_server.url)
    wait_idle(other)
    other.get_by_role("textbox", name="Resume code").fill(f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}".lower())
    other.get_by_role("button", name="Resume").click()
    wait_idle(other)
    other.get_by_text("Welcome back, Device one").wait_for()
