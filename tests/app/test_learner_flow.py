"""The self-paced learner flow through the real pages (streamlit.testing AppTest)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from modules.services import auth
from modules.storage import progress
from modules.storage.db import make_engine
from modules.storage.schema import quiz_attempts
from tests.app.conftest import signed_in

LESSON = "modules/ui/views/lesson.py"
QUIZ = "modules/ui/views/quiz.py"
COURSE = "modules/ui/views/course.py"


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    parts += (
        [s.value for s in at.subheader]
        + [h.value for h in at.header]
        + [t.value for t in at.title]
        + [e.value for e in at.error]
    )
    parts += [i.value for i in at.info] + [s.value for s in at.success] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def test_landing_explains_and_registers(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Test course"
    assert "What this app stores about you" in [e.label for e in at.expander]
    at.text_input[0].input("Ana **bold**")
    at.radio[0].set_value("police")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.query_params["r"][0] if isinstance(at.query_params["r"], list) else at.query_params["r"]) == 16
    assert "Welcome back, Ana \\*\\*bold\\*\\*" in [s.value for s in at.header]


def test_register_requires_a_track_and_name(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.text_input[0].input("Ana")
    at.button[0].click().run()
    assert "Track: choose the track that fits your job." in [e.value for e in at.error]
    at.text_input[0].input("   ")
    at.radio[0].set_value("police")
    at.button[0].click().run()
    assert any("Display name" in e.value for e in at.error)


def test_wrong_resume_code_is_refused(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.text_input[1].input("AAAA-BBBB-CCCC-DDDD")
    at.button[1].click().run()
    assert any("Resume code: not recognised" in e.value for e in at.error)


def test_course_map_shows_track_lessons(make_app: Callable[..., AppTest], new_learner) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner("Ana", "labour_inspector")
    at = make_app(COURSE, r=code).run()
    assert not at.exception
    labels = [link.label for link in at.get("page_link")]
    assert any(label.startswith("Lesson one") for label in labels)
    assert not any(label.startswith("Lesson two") for label in labels)  # police only
    assert any(label.startswith("Quiz one") for label in labels)


def test_lesson_walk_check_and_resume_after_refresh(
    make_app: Callable[..., AppTest], new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    learner_id, code = new_learner()
    at = make_app(LESSON, id="l-one", r=code).run()
    assert not at.exception
    assert at.title[0].value == "Lesson one"
    assert "SECRET FACILITATOR NOTE" not in _texts(at)
    assert "Right, this is deception." not in _texts(at)  # no feedback before answering
    at.radio[0].set_value("The job differs from the one promised.")
    at.button(key="FormSubmitter:check:l-one:q-single-Check my answer").click().run()
    assert "Right, this is deception." in _texts(at)
    at.button[-1].click().run()  # Next section
    assert at.header[0].value == "More"
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    assert progress.for_learner(engine, learner_id)["l-one"].section_index == 1
    assert progress.checks_for(engine, learner_id)["q-single"].correct

    refreshed = make_app(LESSON, id="l-one", r=code).run()  # a new session: nothing in session state
    assert refreshed.header[0].value == "More"
    assert "SECRET FACILITATOR NOTE" not in _texts(refreshed)
    refreshed.button[-1].click().run()  # Finish lesson
    assert "Lesson completed." in _texts(refreshed)
    assert progress.for_learner(engine, learner_id)["l-one"].completed


def test_quiz_is_scored_on_the_server_and_recorded_once(
    make_app: Callable[..., AppTest], new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner()
    at = make_app(QUIZ, id="quiz-one", r=code).run()
    assert not at.exception
    at.button[0].click().run()  # Start the quiz
    before = _texts(at)
    for secret in ("Right, this is deception.", "Deception is about broken promises.", "A broken promise."):
        assert secret not in before  # answer keys and feedback never reach the page before submission
    at.radio[0].set_value("a")  # inputs hold option ids, shown by their text
    at.radio[1].set_value("false")
    for box in at.checkbox:
        if box.label in (
            "Recruitment fee owed to the employer.",
            "A debt that grows every month.",
            "Deception",
            "Debt bondage",
        ):
            box.check()
    at.selectbox[0].set_value("p1")
    at.selectbox[1].set_value("p2")
    at.button[-1].click().run()  # Submit
    assert not at.exception
    assert any("100.0%" in s.value for s in at.success)
    assert "Deception is about broken promises." in _texts(at)
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(quiz_attempts)).scalar_one() == 1

    again = make_app(QUIZ, id="quiz-one", r=code, a=str(at.query_params["a"])).run()  # refresh on the review
    assert any("100.0%" in s.value for s in again.success)


def test_another_learner_cannot_open_my_attempt(make_app: Callable[..., AppTest], new_learner) -> None:  # type: ignore[no-untyped-def]
    _, code_a = new_learner("Ana")
    _, code_b = new_learner("Ana")  # same display name, another person
    at = make_app(QUIZ, id="quiz-one", r=code_a).run()
    at.button[0].click().run()
    at.button[-1].click().run()  # submit blank: asks first
    assert any("You have not answered 5 of 5 questions" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Submit anyway").click().run()
    attempt_id = at.query_params["a"]
    spy = make_app(QUIZ, id="quiz-one", r=code_b, a=str(attempt_id)).run()
    assert not any("Attempt 1" == s.value for s in spy.header)
    assert "Start the quiz" in [b.label for b in spy.button]


def test_unknown_ids_get_a_plain_message(make_app: Callable[..., AppTest], new_learner) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner()
    at = make_app(LESSON, id="<img src=x onerror=alert(1)>", r=code).run()
    assert not at.exception
    assert any("was not found" in e.value for e in at.error)
    quiz = make_app(QUIZ, id="nope", r=code).run()
    assert any("Quiz 'nope' was not found" in e.value for e in quiz.error)


def test_invalid_file_shows_problem_and_rest_works(
    make_app: Callable[..., AppTest], app_env: Path, new_learner
) -> None:  # type: ignore[no-untyped-def]
    lesson = app_env / "content/lessons/l-two.yaml"
    lesson.write_text(lesson.read_text().replace("minutes: 5", "minutes: five"))
    _, code = new_learner()
    at = make_app(COURSE, r=code).run()
    assert not at.exception
    assert not at.code  # a learner is not shown file paths of the server
    assert any("unavailable for now" in c.value for c in at.caption)
    assert any(label.startswith("Lesson one") for label in (link.label for link in at.get("page_link")))
    engine = make_engine(os.environ["DATABASE_URL"])
    author = auth.create_user(engine, "author", "Author", "facilitator", "a long password")
    staff = signed_in(make_app(COURSE), author.id).run()
    problems = "\n".join(c.value for c in staff.code)
    assert "l-two.yaml:7: minutes: must be a whole number such as 10 (got 'five')" in problems


def test_lesson_chart_opens_its_table_years_and_downloads(make_app: Callable[..., AppTest], new_learner) -> None:  # type: ignore[no-untyped-def]
    _, code = new_learner()
    at = make_app(LESSON, id="l-one", r=code, s="2").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    assert not at.dataframe and not at.slider  # drawn only on demand: a lighter rerun
    at.toggle[0].set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 1 and len(at.slider) == 1
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download PNG (for slides)", "Download SVG", "Download data (CSV)"]
    at.slider[0].set_value((2010, 2020)).run()
    assert not at.exception
    years = at.dataframe[0].value.iloc[:, 0].tolist()
    assert min(years) >= 2010 and max(years) <= 2020
