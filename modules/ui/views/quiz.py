"""Quizzes: the list of the learner's quizzes in programme order, an attempt whose answers are
saved as they are given, submission (scored on the server, after a check for unanswered
questions), and the review under the quiz's policy."""

from __future__ import annotations

import streamlit as st

from modules.domain.question import QuestionModel
from modules.domain.quiz import Quiz
from modules.scoring.quizzes import QuizResult
from modules.services import learner_records as records
from modules.services import programme
from modules.services import quizzes as quiz_service
from modules.storage.attempts import Attempt
from modules.ui import nav, outage, session
from modules.ui.components import focus, submit_guard
from modules.ui.components.panels import content_problems, need_learner
from modules.ui.components.questions import answer_widgets, current_answer, question_prompt, review, seed_answer
from modules.ui.page_title import set_title
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

reg = registry()
learner = session.current_learner()
quiz_id = st.query_params.get("id", "")
quiz = reg.quizzes.get(quiz_id)

_KIND = {
    "lesson": "Lesson quiz",
    "module": "Module quiz",
    "pre_test": "Pre-test",
    "post_test": "Post-test",
    "final": "Final assessment",
}
_GRADING = {
    "highest": "your highest score counts",
    "last": "your last attempt counts",
    "first": "your first attempt counts",
    "average": "the average of your attempts counts",
}


def quiz_label(q: Quiz, track: str | None) -> str:
    """A module quiz carries its module's number in the learner's own track."""
    if q.module:
        n = reg.module_number(q.module, track)
        return f"Module {n} · {q.title}" if n is not None else q.title
    return q.title


def _status_text(q: Quiz, plan: programme.Plan, status: quiz_service.QuizStatus) -> tuple[str, str]:
    if plan.lock_for(q.id):
        return ":material/lock:", "locked"
    if status.open_attempt is not None:
        return ":material/pending:", "in progress"
    if status.grade is not None:
        return (":material/check_circle:" if status.passed else ":material/history:"), (
            f"grade {status.grade:.0f}%" + (" · passed" if status.passed and q.pass_mark else "")
        )
    return ":material/radio_button_unchecked:", "not started"


def _quiz_list() -> None:
    st.title("Quizzes")
    if learner is None:
        need_learner()
        st.stop()
    plan = programme.plan_for(engine(), reg, learner.id, learner.track)
    pending = plan.pending_pretest
    if pending is not None:
        st.info("Your programme starts with the pre-test: take it before the lessons.")
    quizzes = reg.quizzes_for_track(learner.track)
    status_of = quiz_service.statuses(engine(), quizzes, learner.id, reg)
    for q in quizzes:
        icon, text = _status_text(q, plan, status_of[q.id])
        st.page_link(
            nav.QUIZ,
            label=f"{quiz_label(q, learner.track)} · {text}",
            icon=icon,
            query_params=session.learner_link_params(id=q.id),
        )
    content_problems(reg)


def _intro(q: Quiz) -> None:
    set_title(q.title, _KIND[q.kind])
    st.caption(_KIND[q.kind])
    st.title(quiz_label(q, learner.track if learner else None))
    if q.description:
        st.markdown(q.description)


def _facts(q: Quiz) -> str:
    mark = f"pass mark **{q.pass_mark}%**" if q.pass_mark else "no pass mark"
    if q.max_attempts == 1:
        limit = "**one attempt only**"
    elif q.max_attempts:
        limit = f"{q.max_attempts} attempts"
    else:
        limit = "as many attempts as you like"
    grading = f" · {_GRADING[q.grading]}" if q.max_attempts != 1 else ""
    return f"{q.question_count()} questions · {mark} · {limit}{grading}."


def _show_result(q: Quiz, result: QuizResult, show_answers: bool, asked: dict[str, QuestionModel]) -> None:
    """The review of a submitted attempt, with each question as it was asked (`asked`)."""
    if q.pass_mark:
        verdict = "Passed" if result.passed else "Not passed"
        box = st.success if result.passed else st.warning
        box(f"**{verdict}**: you scored **{result.score:.1f}%** (pass mark {q.pass_mark}%).")
    else:
        st.success(f"Recorded: you scored **{result.score:.1f}%**.")
    if not show_answers:
        st.info(
            "The right answers and explanations appear once you have taken the post-test: the pre-test "
            "measures where you started, so its answers wait until the course is done."
            if q.review == "after_post_test"
            else "The right answers and explanations appear once you pass or have used all your attempts."
        )
    for number, qr in enumerate(result.questions, start=1):
        question = asked.get(qr.question_id)
        if question is None:
            continue
        with st.container(border=True):
            question_prompt(question, number)
            review(qr, question, show_answers)


@outage.action
def _submit(q: Quiz, attempt: Attempt) -> None:
    """Button callback: score what was saved; the review is then named in the address, so a
    refresh keeps it."""
    assert learner is not None
    submit_guard.acknowledge(attempt.id)
    try:
        quiz_service.submit(engine(), reg, q, learner.id, attempt.id)
    except LookupError as exc:
        st.session_state[f"quiz-error:{q.id}"] = str(exc)
        return
    st.session_state.pop(f"confirm:{attempt.id}", None)
    st.session_state[f"review:{q.id}"] = str(attempt.id)
    focus.move_to(focus.RESULT)  # the score, not the bottom of the form


@outage.action
def _ask_or_submit(q: Quiz, attempt: Attempt, questions: list[QuestionModel], key_of: dict[str, str]) -> None:
    """Button callback: with questions unanswered (as the inputs hold them now), ask first."""
    submit_guard.acknowledge(attempt.id)
    answers = {question.id: current_answer(question, key_of[question.id]) for question in questions}
    if quiz_service.unanswered(questions, answers):
        st.session_state[f"confirm:{attempt.id}"] = True
        focus.move_to(focus.CONFIRM)  # the button that had focus is replaced by the question
    else:
        _submit(q, attempt)


@outage.action
def _save(q: Quiz, attempt: Attempt, question: QuestionModel, key: str) -> None:
    assert learner is not None
    quiz_service.save_answer(engine(), reg, learner.id, attempt, question.id, current_answer(question, key))
    st.session_state.pop(f"confirm:{attempt.id}", None)


@st.fragment
@outage.fragment
def _attempt(q: Quiz, attempt: Attempt) -> None:
    """The open attempt: each answer is saved as it is given, and only this part reruns."""
    assert learner is not None
    if st.session_state.get(f"review:{q.id}") == str(attempt.id):
        st.rerun()  # submitted by the button below: show the review
    questions = quiz_service.attempt_questions(reg, attempt)
    key_of = {question.id: f"a{attempt.id}:{question.id}" for question in questions}
    seeded = f"seeded:{attempt.id}"
    if not st.session_state.get(seeded):
        saved = quiz_service.saved_answers(engine(), learner.id, attempt)
        for question in questions:
            seed_answer(question, key_of[question.id], saved.get(question.id, []))
        st.session_state[seeded] = True
    answers = {question.id: current_answer(question, key_of[question.id]) for question in questions}
    missing = quiz_service.unanswered(questions, answers)
    done = len(questions) - len(missing)
    st.progress(
        done / len(questions) if questions else 0.0, text=f"{done} of {len(questions)} answered · saved as you go"
    )
    for number, question in enumerate(questions, start=1):
        with st.container(border=True):
            question_prompt(question, number)
            answer_widgets(
                question,
                key_of[question.id],
                attempt.seed,
                q.shuffle_options,
                on_change=_save,
                args=(q, attempt, question, key_of[question.id]),
                number=number,
            )
    submit_guard.watch(attempt.id)
    if st.session_state.get(f"confirm:{attempt.id}") and missing:
        numbers = ", ".join(str(n) for n in missing)
        st.warning(
            f"You have not answered {len(missing)} of {len(questions)} questions (number {numbers}). "
            + ("This quiz allows one attempt only. " if q.max_attempts == 1 else "")
            + "Submit anyway?"
        )
        c1, c2 = st.columns(2)
        c1.button(
            "Keep answering",
            key="keep-answering",
            on_click=st.session_state.pop,
            args=(f"confirm:{attempt.id}", None),
            width="stretch",
        )
        c2.button(
            "Submit anyway", key="submit-anyway", type="primary", on_click=_submit, args=(q, attempt), width="stretch"
        )
        focus.apply()  # this fragment's rerun redraws only itself: app.py's apply does not run
        return
    st.button(
        "Submit my answers",
        type="primary",
        key="submit-answers",
        on_click=_ask_or_submit,
        args=(q, attempt, questions, key_of),
    )


if quiz is None:
    if quiz_id:
        st.error(
            f"Quiz '{escape_markdown(quiz_id[:80])}' was not found. It may have been renamed or have content problems."
        )
    _quiz_list()
    st.stop()

_intro(quiz)
if learner is None:
    need_learner()
    st.stop()

status = quiz_service.quiz_status(engine(), quiz, learner.id, reg)
st.markdown(_facts(quiz))
if status.grade is not None and status.submitted and quiz.max_attempts != 1:
    st.markdown(f"Your grade so far: **{status.grade:.1f}%**{' (passed)' if status.passed and quiz.pass_mark else ''}.")
error = st.session_state.pop(f"quiz-error:{quiz.id}", None)
if error:
    st.error(error)

# A submitted attempt named in the URL is shown as its review (survives a refresh). The session
# also remembers it: a double click can start a rerun with the URL from before the submission.
_REVIEW_KEY = f"review:{quiz.id}"
review_param = st.query_params.get("a") or st.session_state.get(_REVIEW_KEY)
if review_param and str(review_param).isdigit():
    shown = records.attempt(engine(), int(review_param), learner.id)
    if shown is not None and shown.quiz_id == quiz.id and shown.submitted:
        if st.query_params.get("a") != str(review_param):
            st.query_params["a"] = str(review_param)
        st.header(f"Attempt {shown.attempt_no}")
        submit_guard.watch(shown.id, submitted=True)
        attempt_review = quiz_service.review_of(engine(), reg, shown)
        _show_result(quiz, attempt_review.result, status.review_allowed, attempt_review.questions)
        if status.can_start:
            if st.button("Start a new attempt", type="primary"):
                st.query_params.pop("a", None)
                st.session_state.pop(_REVIEW_KEY, None)
                quiz_service.start(engine(), reg, quiz, learner.id)
                focus.move_to(focus.SECTION)
                st.rerun()
        st.page_link(
            nav.QUIZ, label="All my quizzes", icon=":material/quiz:", query_params=session.learner_link_params()
        )
        focus.apply()  # to the score, after a Submit
        st.stop()

attempt = status.open_attempt
if attempt is None:
    lock = programme.plan_for(engine(), reg, learner.id, learner.track).lock_for(quiz.id)
    if lock:
        st.info(lock, icon=":material/lock:")
        st.page_link(
            nav.MY_PROGRAMME,
            label="My programme: what to do next",
            icon=":material/school:",
            query_params=session.learner_link_params(),
        )
    elif status.can_start:
        if st.button("Start the quiz" if not status.submitted else "Start a new attempt", type="primary"):
            try:
                quiz_service.start(engine(), reg, quiz, learner.id)
            except quiz_service.AttemptLimitReached:
                st.error("You have used all the attempts this quiz allows.")
            focus.move_to(focus.SECTION)  # "Attempt N", above the first question
            st.rerun()
    else:
        st.info("You have used all the attempts this quiz allows.")
    for past in reversed(status.submitted):
        st.page_link(
            nav.QUIZ,
            label=f"Review attempt {past.attempt_no}: {past.score:.1f}%",
            icon=":material/history:",
            query_params=session.learner_link_params(id=quiz.id, a=str(past.id)),
        )
    st.stop()

st.header(f"Attempt {attempt.attempt_no}")
_attempt(quiz, attempt)
