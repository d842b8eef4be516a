"""Journeys through the real pages (AppTest): answers kept as they are given, a check before a
partial submission, the programme's order, moving on after a lesson, and staff pages that ask for
a sign-in in place (a refresh lands on the page it names). Real clicking is in tests/e2e."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from modules.content.loader import load_registry
from modules.services import auth, live
from modules.services import cohorts as cohort_service
from modules.storage import cohorts as cohorts_repo
from modules.storage import progress
from modules.storage.db import make_engine
from tests.app.conftest import page_links, progress_texts, signed_in, texts
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

QUIZ = "modules/ui/views/quiz.py"
LESSON = "modules/ui/views/lesson.py"
COHORTS = "modules/ui/views/cohorts.py"
CONSOLE = "modules/ui/views/live_console.py"
PRESENT = "modules/ui/views/present.py"
SIGN_IN = "modules/ui/views/sign_in.py"
MY = "modules/ui/views/my_programme.py"
HOME = "modules/ui/views/home.py"
PASSWORD = "a-long-password"


def _db(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{tmp_path / 'app.db'}")


def test_quiz_answers_are_saved_as_given_and_come_back_after_a_refresh(
    make_app: Callable[..., AppTest], new_learner
) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner()
    at = make_app(QUIZ, id="quiz-one", r=code).run()
    next(b for b in at.button if b.label == "Start the quiz").click().run()
    assert progress_texts(at) == ["0 of 5 answered · saved as you go"]
    at.radio[0].set_value("a").run()
    at.radio[1].set_value("false").run()
    at.selectbox[0].set_value("p1").run()
    refreshed = make_app(QUIZ, id="quiz-one", r=code).run()  # a refresh: a new session, nothing in it
    assert not refreshed.exception
    assert refreshed.radio[0].value == "a" and refreshed.radio[1].value == "false"
    assert refreshed.selectbox[0].value == "p1" and refreshed.selectbox[1].value is None
    assert progress_texts(refreshed) == ["3 of 5 answered · saved as you go"]


def test_a_partial_submission_is_checked_first(make_app: Callable[..., AppTest], new_learner) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner()
    at = make_app(QUIZ, id="quiz-one", r=code).run()
    next(b for b in at.button if b.label == "Start the quiz").click().run()
    at.radio[0].set_value("a").run()
    next(b for b in at.button if b.label == "Submit my answers").click().run()
    assert not at.exception
    assert any("You have not answered 4 of 5 questions (number 2, 3, 4, 5)" in w.value for w in at.warning)
    assert "a" not in at.query_params  # nothing submitted yet
    next(b for b in at.button if b.label == "Keep answering").click().run()
    assert not at.warning and "Submit my answers" in [b.label for b in at.button]
    next(b for b in at.button if b.label == "Submit my answers").click().run()
    next(b for b in at.button if b.label == "Submit anyway").click().run()
    assert not at.exception
    assert any("you scored **20.0%**" in s.value for s in at.warning)


def test_the_lesson_menu_item_opens_where_the_learner_left_off(
    make_app: Callable[..., AppTest], new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    learner_id, code = new_learner("Ana", "police")
    first = make_app(LESSON, r=code).run()  # nothing opened yet: the first lesson of the track
    assert first.title[0].value == "Lesson one"
    engine = _db(tmp_path)
    progress.save_position(engine, learner_id, "l-one", 1, True)
    from modules.storage import learners

    learners.update_fields(engine, learner_id, last_lesson_id="l-one")
    engine.dispose()
    nxt = make_app(LESSON, r=code).run()
    assert nxt.title[0].value == "Lesson two"  # l-one is finished: the next one still to do


def test_finishing_a_lesson_offers_the_next_lesson_then_the_module_quiz(
    make_app: Callable[..., AppTest], new_learner
) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner("Ana", "police")
    at = make_app(LESSON, id="l-one", r=code, s="2").run()
    next(b for b in at.button if b.label == "Finish lesson").click().run()
    assert "Next lesson: Lesson two" in page_links(at)
    assert not any(label.startswith("Take the module quiz") for label in page_links(at))
    two = make_app(LESSON, id="l-two", r=code).run()
    next(b for b in two.button if b.label == "Finish lesson").click().run()
    assert "Take the module quiz: Quiz one" in page_links(two)


@pytest.fixture
def cohort_member(app_env: Path, tmp_path: Path, new_learner):  # type: ignore[no-untyped-def]
    """A learner in a cohort whose programme has a pre-test, a post-test and a final."""
    add_programme_quizzes(app_env)
    reg = load_registry([app_env / "content", app_env / "quizzes"])
    engine = _db(tmp_path)
    fac = auth.create_user(engine, "fac", "Fac", "facilitator", PASSWORD)
    cohort = cohort_service.create_cohort(engine, reg, fac, cohort_service.CohortForm("North", "P", "R", "MoL"))
    learner_id, code = new_learner("Ana", "labour_inspector")
    cohorts_repo.add_member(engine, cohort.id, learner_id, "police")
    yield engine, learner_id, code, fac, cohort
    engine.dispose()


def test_a_cohort_member_takes_the_pre_test_before_the_lessons(make_app: Callable[..., AppTest], cohort_member) -> None:  # type: ignore[no-untyped-def]
    engine, learner_id, code, _, _ = cohort_member
    home = make_app(HOME, r=code).run()
    assert "Start with the pre-test: Pre-test" in page_links(home)
    lesson = make_app(LESSON, id="l-one", r=code).run()
    assert "Your programme starts with the pre-test" in texts(lesson)
    assert "Take the pre-test: Pre-test" in page_links(lesson)
    assert "Introduction" not in texts(lesson)  # the lesson itself waits
    post = make_app(QUIZ, id="post", r=code).run()
    assert "Take the pre-test first" in texts(post)
    assert "Start the quiz" not in [b.label for b in post.button]
    record_attempt(engine, learner_id, "pre", {"q-single": 1})
    assert "Introduction" in texts(make_app(LESSON, id="l-one", r=code).run())
    post = make_app(QUIZ, id="post", r=code).run()
    assert "Finish the lessons of your track first (0 of 1 done)" in texts(post)
    progress.save_position(engine, learner_id, "l-one", 1, True)
    post = make_app(QUIZ, id="post", r=code).run()
    assert "Start the quiz" in [b.label for b in post.button]


def test_the_facilitator_chooses_the_programme_order(make_app: Callable[..., AppTest], cohort_member) -> None:  # type: ignore[no-untyped-def]
    engine, _, code, fac, cohort = cohort_member
    at = signed_in(make_app(COHORTS), fac.id).run()
    boxes = {c.label: c for c in at.checkbox}
    boxes["Learners take the pre-test before the lessons and module quizzes"].uncheck()
    next(b for b in at.button if b.label == "Save the order").click().run()
    assert not at.exception
    assert cohorts_repo.get(engine, cohort.id).pretest_first is False  # type: ignore[union-attr]
    assert "Introduction" in texts(make_app(LESSON, id="l-one", r=code).run())


def test_a_staff_page_asks_for_a_sign_in_in_place_and_carries_on(
    make_app: Callable[..., AppTest], cohort_member
) -> None:  # type: ignore[no-untyped-def]
    at = make_app(COHORTS).run()  # a refresh or a bookmark: no sign-in in this new session
    assert not at.exception
    assert any("Sign in to continue" in w.value for w in at.warning)
    at.text_input[0].input("fac")
    at.text_input[1].input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Cohorts" and "North" in texts(at) + " ".join(
        str(o) for s in at.selectbox for o in s.options
    )


def test_signing_out_of_a_learner_account_forgets_the_learner(
    open_page: Callable[..., AppTest], tmp_path: Path
) -> None:
    from modules.services import accounts

    engine = _db(tmp_path)
    admin = auth.create_user(engine, "admin", "Admin", "admin", PASSWORD)
    account, _ = accounts.create_account(
        engine, admin, "learner1", "Lee", "learner", PASSWORD, "police", ["labour_inspector", "police"]
    )
    engine.dispose()
    at = open_page(SIGN_IN)
    at.text_input[0].input("learner1")
    at.text_input[1].input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.switch_page(HOME).run()
    assert "Welcome back, Lee" in texts(at)
    at.switch_page(SIGN_IN).run()
    next(b for b in at.button if b.label == "Sign out").click().run()
    at.switch_page(HOME).run()
    assert "Welcome back" not in texts(at)  # the next person at a shared PC is nobody
    assert account.role == "learner"


def test_the_console_lists_only_my_cohorts_by_name_and_warns_on_loopback(
    app_env: Path, tmp_path: Path, open_page: Callable[..., AppTest]
) -> None:
    add_programme_quizzes(app_env)
    reg = load_registry([app_env / "content", app_env / "quizzes"])
    engine = _db(tmp_path)
    mine = auth.create_user(engine, "fac-a", "A", "facilitator", PASSWORD)
    other = auth.create_user(engine, "fac-b", "B", "facilitator", PASSWORD)
    cohort_service.create_cohort(engine, reg, mine, cohort_service.CohortForm("Mine", "P", "R", "O"))
    cohort_service.create_cohort(engine, reg, other, cohort_service.CohortForm("Theirs", "P", "R", "O"))
    session = live.start_session(engine, mine.id, "Room", lesson_id="l-one")
    engine.dispose()
    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    try:
        at = open_page(CONSOLE, staff=mine.id, session=str(session.id))
    finally:
        config.set_option("server.address", old)
    assert not at.exception
    picker = next(s for s in at.selectbox if s.label.startswith("Cohort (its programme report"))
    assert picker.options == ["Mine"]
    assert any("Phones cannot join" in w.value for w in at.warning)
    assert not any("/join?code=" in c.value for c in at.code)  # no address phones cannot open


def test_console_notes_follow_the_slide_and_present_offers_a_way_back(
    app_env: Path, tmp_path: Path, open_page: Callable[..., AppTest]
) -> None:
    lesson = app_env / "content/lessons/l-one.yaml"
    lesson.write_text(
        lesson.read_text().replace("sections:", "facilitator_notes: OPENING NOTE FOR THE ROOM\nsections:", 1)
    )
    engine = _db(tmp_path)
    fac = auth.create_user(engine, "fac", "Fac", "facilitator", PASSWORD)
    session = live.start_session(engine, fac.id, "Room", lesson_id="l-one")
    engine.dispose()
    at = open_page(CONSOLE, staff=fac.id, session=str(session.id))
    assert "OPENING NOTE FOR THE ROOM" in texts(at)  # the lesson's own notes, on its title slide
    present = open_page(PRESENT, staff=fac.id)
    assert "Back to the facilitator console" in page_links(present)
    assert "Module 1: Module one" in [s.value for s in present.header]  # lessons grouped by module
    slide = open_page(PRESENT, staff=fac.id, id="l-one", s="1")
    assert "OPENING NOTE FOR THE ROOM" not in texts(slide)  # never on a projected screen
    assert any(label.startswith("Back to the") for label in page_links(slide))
