"""A whole capacity-building programme in headless Chromium, driven by clicks from the home page.

An administrator (made with the README's scripted `create-admin`) creates a facilitator and a
programme viewer; the facilitator creates a cohort and assigns its tests; three learners on both
tracks join with the cohort's code, take the pre-test, study their lessons, pass the module quiz,
take the post-test and the final, download a certificate that the public page confirms; the
facilitator's learner export shows each learner's gain; the viewer sees no name. People type only
what people type (names, codes, passwords, answers); every page is reached by clicking, and the
page is refreshed (F5) after each step to show that nothing typed or answered is lost."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import ROOT, Server, choose, menu, pick, refresh, sign_in, start_server, wait_idle
from tests.unit.test_cohorts_repo import PROGRAMME_QUIZZES

pytestmark = pytest.mark.e2e

ADMIN_PASSWORD = "admin-password-1"
STAFF_PASSWORD = "staff-password-1"
PROGRAMME = (
    PROGRAMME_QUIZZES
    + """\
  - id: final-police
    title: Final assessment for police
    kind: final
    track: police
    pass_mark: 60
    questions: [q-single-fin, q-tf-fin, q-match-fin]
"""
)

# What a learner who knows the answers ticks (option texts, as on screen).
RIGHT = {
    "q-single": ["The job differs from the one promised."],
    "q-multi": ["Recruitment fee owed to the employer.", "A debt that grows every month."],
    "q-tf": ["False"],
    "q-spot": ["Deception", "Debt bondage"],
}
MATCH = {"Deception": "Hotel job promised, farm work given", "Debt bondage": "Fee debt that keeps growing"}


@dataclass
class Learner:
    name: str
    track: str
    organisation: str


LEARNERS = [
    Learner("Ana Alpha", "Labour inspector", "Labour inspectorate"),
    Learner("Łukasz Ayşe", "Labour inspector", "Labour inspectorate"),
    Learner("Carla Cruz", "Police", "Police"),
]


@pytest.fixture(scope="module")
def programme_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("e2e-journey")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    quizzes = root / "quizzes" / "quizzes.yaml"
    text = quizzes.read_text(encoding="utf-8")
    quizzes.write_text(text[: text.index("  - id: quiz-draw")], encoding="utf-8")  # a fixed police final instead
    (root / "quizzes" / "programme.yaml").write_text(PROGRAMME, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp / 'e2e.db'}", "ADMIN_PW": ADMIN_PASSWORD}
    made = subprocess.run(  # the README's scripted route to the first administrator
        [sys.executable, "-m", "modules", "create-admin", "--username", "admin", "--password-env", "ADMIN_PW"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    server = start_server(tmp, root)
    yield server
    server.stop()


def _new_page(browser, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def _no_error(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0


def _answer(page, questions: list[str], match: bool = False) -> None:  # type: ignore[no-untyped-def]
    for qid in questions:
        for text in RIGHT[qid]:
            choose(page, text)
            wait_idle(page)
    if match:
        for left, right in MATCH.items():
            pick(page, left, right)


def _take_quiz(page, questions: list[str], match: bool) -> str:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Start the quiz").click()
    wait_idle(page, settle=0.3)
    _answer(page, questions, match)
    total = len(questions) + (1 if match else 0)
    page.get_by_text(f"{total} of {total} answered").wait_for()
    page.get_by_role("button", name="Submit my answers").click()
    wait_idle(page, settle=0.4)
    result = page.get_by_text(re.compile(r"you scored \d+\.\d%")).first
    result.wait_for()
    return result.inner_text()


def _staff(browser, base: str, username: str, password: str):  # type: ignore[no-untyped-def]
    page = _new_page(browser)
    page.goto(base)
    wait_idle(page, settle=0.4)
    menu(page, "Staff sign-in")
    sign_in(page, username, password)
    page.get_by_text("Signed in as").wait_for()
    return page


def _create_account(page, username: str, name: str, role: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("textbox", name="Username (or the e-mail used with single sign-on)").fill(username)
    page.get_by_role("textbox", name="Display name").fill(name)
    choose(page, role)
    page.get_by_role("textbox", name="Password (at least 10 characters)").fill(STAFF_PASSWORD)
    page.get_by_role("textbox", name="Repeat the password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    wait_idle(page, settle=0.4)
    page.get_by_text(f"Account '{username}' created").wait_for()


def _learner_journey(browser, base: str, learner: Learner, join_code: str) -> str:  # type: ignore[no-untyped-def]
    """One learner from the home page to a verified certificate; returns the certificate code."""
    page = _new_page(browser)
    page.goto(base)
    wait_idle(page, settle=0.4)
    page.get_by_role("textbox", name="Display name").fill(learner.name)
    choose(page, learner.track)
    page.get_by_role("button", name="Start").click()
    wait_idle(page, settle=0.4)
    page.get_by_text(f"Welcome back, {learner.name}").wait_for()

    menu(page, "My programme")
    page.get_by_role("textbox", name="Join code from your facilitator").fill(join_code.lower())
    pick(page, "Your organisation", learner.organisation)
    page.get_by_role("button", name="Join").click()
    wait_idle(page, settle=0.4)
    page.get_by_text("You joined").wait_for()
    refresh(page)
    page.get_by_role("link", name=re.compile(r"Pre-test · to do")).wait_for()

    # The programme starts with its pre-test: the lessons wait for it.
    menu(page, "Lesson")
    page.get_by_text("Your programme starts with the pre-test").wait_for()
    page.get_by_role("link", name=re.compile("Take the pre-test")).click()
    wait_idle(page, settle=0.4)
    page.get_by_role("heading", name="Pre-test", level=1).wait_for()
    page.get_by_role("button", name="Start the quiz").click()
    wait_idle(page, settle=0.3)
    choose(page, RIGHT["q-single"][0])
    wait_idle(page)
    refresh(page)  # the answer given is still there, saved on the server
    page.get_by_text("1 of 5 answered").wait_for()
    assert page.get_by_role("radio", name=RIGHT["q-single"][0]).is_checked()
    choose(page, "False")
    wait_idle(page)
    page.get_by_role("button", name="Submit my answers").click()
    wait_idle(page, settle=0.3)
    page.get_by_text("You have not answered 3 of 5 questions (number 2, 4, 5)").wait_for()
    page.get_by_role("button", name="Submit anyway").click()
    wait_idle(page, settle=0.4)
    page.get_by_text("Recorded: you scored 40.0%").wait_for()
    refresh(page)
    page.get_by_text("Recorded: you scored 40.0%").wait_for()

    # The lessons of the track, from the menu, one after the other.
    menu(page, "Lesson")
    page.get_by_role("heading", name="Lesson one", level=1).wait_for()
    choose(page, RIGHT["q-single"][0])
    page.get_by_role("button", name="Check my answer").click()
    wait_idle(page)
    page.get_by_text("Right, this is deception.").wait_for()
    page.get_by_role("button", name="Next section →").click()
    wait_idle(page)
    refresh(page)
    page.get_by_role("heading", name="More").wait_for()
    for text in RIGHT["q-spot"]:
        choose(page, text)
    page.get_by_role("button", name="Check my answer").click()
    wait_idle(page)
    page.get_by_role("button", name="Finish lesson").click()
    wait_idle(page, settle=0.3)
    page.get_by_text("Lesson completed.").wait_for()
    if learner.track == "Police":
        page.get_by_role("link", name="Next lesson: Lesson two").click()
        wait_idle(page, settle=0.3)
        page.get_by_role("heading", name="Lesson two", level=1).wait_for()
        for left, right in MATCH.items():
            pick(page, left, right)
        page.get_by_role("button", name="Check my answer").click()
        wait_idle(page)
        page.get_by_role("button", name="Finish lesson").click()
        wait_idle(page, settle=0.3)
        page.get_by_text("Lesson completed.").wait_for()
    refresh(page)
    page.get_by_role("link", name=re.compile("Take the module quiz: Quiz one")).click()
    wait_idle(page, settle=0.4)
    page.get_by_role("heading", name=re.compile("Module 1 · Quiz one"), level=1).wait_for()
    assert "100.0%" in _take_quiz(page, ["q-single", "q-multi", "q-tf", "q-spot"], match=True)
    refresh(page)
    page.get_by_text("Passed").first.wait_for()

    # The post-test and the final open once the track's lessons are done.
    menu(page, "My programme")
    page.get_by_role("link", name=re.compile(r"Post-test · to do")).click()
    wait_idle(page, settle=0.4)
    assert "100.0%" in _take_quiz(page, ["q-single", "q-multi", "q-tf", "q-spot"], match=True)
    menu(page, "My programme")
    final = "Final assessment for inspectors" if learner.track != "Police" else "Final assessment for police"
    page.get_by_role("link", name=re.compile(rf"{final} · to do")).click()
    wait_idle(page, settle=0.4)
    questions = ["q-single", "q-tf", "q-multi"] if learner.track != "Police" else ["q-single", "q-tf"]
    assert "100.0%" in _take_quiz(page, questions, match=learner.track == "Police")

    menu(page, "My programme")
    refresh(page)
    button = page.get_by_role("button", name="Download my certificate (PDF)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    code = info.value.suggested_filename.removeprefix("certificate-").removesuffix(".pdf")

    menu(page, "Verify a certificate")
    page.get_by_role("textbox", name="Verification code").fill(code)
    page.get_by_role("button", name="Verify").click()
    wait_idle(page, settle=0.3)
    page.get_by_text("is valid").wait_for()
    page.get_by_text(learner.name).first.wait_for()
    _no_error(page)
    page.context.close()
    return code


def test_a_whole_programme_by_clicking(programme_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    base = programme_server.url

    admin = _staff(browser, base, "admin", ADMIN_PASSWORD)
    menu(admin, "Accounts")
    _create_account(admin, "trainer", "Tess Trainer", "Facilitator")
    _create_account(admin, "donor", "Dora Donor", "Programme viewer")
    refresh(admin)  # still signed in, still on Accounts, the new accounts listed
    admin.get_by_role("heading", name="Accounts", level=1).wait_for(timeout=60_000)  # a loaded CI machine
    admin.context.close()

    trainer = _staff(browser, base, "trainer", STAFF_PASSWORD)
    menu(trainer, "Cohorts")
    trainer.get_by_role("textbox", name="Cohort name").fill("Northern inspectors")
    trainer.get_by_role("textbox", name="Programme").fill("Capacity building 2027")
    trainer.get_by_role("textbox", name="Country").fill("Ruritania")
    trainer.get_by_role("textbox", name="Organisation").fill("Ministry of Labour")
    trainer.get_by_role("button", name="Create cohort").click()
    wait_idle(trainer, settle=0.4)
    trainer.get_by_text("Cohort created: Northern inspectors").wait_for()
    refresh(trainer)
    join_text = trainer.get_by_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")).first
    join_text.wait_for(timeout=60_000)  # a refreshed staff tab signs back in: slower on a loaded CI machine
    join_code = join_text.inner_text().strip()
    trainer.get_by_role("tab", name="Quizzes").click()
    wait_idle(trainer)
    trainer.get_by_role("button", name="Save quizzes").click()
    wait_idle(trainer, settle=0.3)
    trainer.get_by_text("Quizzes saved.").wait_for()

    codes = [_learner_journey(browser, base, learner, join_code) for learner in LEARNERS]
    assert len(set(codes)) == 3

    refresh(trainer)
    menu(trainer, "Reports")
    trainer.get_by_role("heading", name="Programme reports").wait_for()
    trainer.get_by_role("tab", name="Exports").click()
    wait_idle(trainer)
    button = trainer.get_by_role("button", name=re.compile("Learners.*CSV"))
    button.scroll_into_view_if_needed()
    with trainer.expect_download(timeout=60_000) as info:
        button.click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    gains = {r["Learner"]: r for r in rows}
    assert set(gains) == {learner.name for learner in LEARNERS}
    for row in rows:  # pre-test 40%, post-test 100%: a normalised gain of 1
        assert float(row["Normalised gain"]) == pytest.approx(1.0), row
    _no_error(trainer)
    trainer.context.close()

    viewer = _staff(browser, base, "donor", STAFF_PASSWORD)
    menu(viewer, "Reports")
    viewer.get_by_role("heading", name="Programme reports").wait_for()
    viewer.get_by_text("People enrolled").wait_for()
    html = viewer.content()
    for learner in LEARNERS:
        assert learner.name not in html
    assert viewer.get_by_role("tab", name="Learners").count() == 0
    viewer.context.close()
