"""Quizzes: list, attempt, submit (scored on the server), and review under the quiz's policy."""

from __future__ import annotations

import streamlit as st

from modules.domain.quiz import Quiz
from modules.scoring.quizzes import QuizResult
from modules.services import quizzes as quiz_service
from modules.storage import attempts as attempts_repo
from modules.ui import nav, session
from modules.ui.components.panels import content_problems, need_learner
from modules.ui.components.questions import answer_widgets, question_prompt, review
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

reg = registry()
learner = session.current_learner()
quiz_id = st.query_params.get("id", "")
quiz = reg.quizzes.get(quiz_id)

_KIND = {"lesson": "Lesson quiz", "module": "Module quiz", "pre_test": "Pre-test", "post_test": "Post-test", "final": "Final assessment"}
_GRADING = {"highest": "your highest score counts", "last": "your last attempt counts", "first": "your first attempt counts", "average": "the average of your attempts counts"}


def _quiz_list() -> None:
    st.title("Quizzes")
    if learner is None:
        need_learner()
        st.stop()
    for q in reg.quizzes_for_track(learner.track):
        status = quiz_service.quiz_status(engine(), q, learner.id)
        extra = f" · grade {status.grade:.0f}%" if status.grade is not None else ""
        st.page_link(
            nav.QUIZ,
            label=f"{_KIND[q.kind]}: {q.title}{extra}{' · passed' if status.passed else ''}",
            icon=":material/quiz:",
            query_params=session.learner_link_params(id=q.id),
        )
    content_problems(reg)


def _show_result(q: Quiz, result: QuizResult, show_answers: bool) -> None:
    verdict = "Passed" if result.passed else "Not passed"
    box = st.success if result.passed else st.warning
    box(f"**{verdict}**: you scored **{result.score:.1f}%** (pass mark {q.pass_mark}%).")
    if not show_answers:
        st.info("The right answers and explanations appear once you pass or have used all your attempts.")
    for number, qr in enumerate(result.questions, start=1):
        question = reg.questions[qr.question_id]
        with st.container(border=True):
            question_prompt(question, number)
            review(qr, question, show_answers)


if quiz is None:
    if quiz_id:
        st.error(f"Quiz '{escape_markdown(quiz_id[:80])}' was not found. It may have been renamed or have content problems.")
    _quiz_list()
    st.stop()

st.caption(_KIND[quiz.kind])
st.title(quiz.title)
if quiz.description:
    st.markdown(quiz.description)
if learner is None:
    need_learner()
    st.stop()

status = quiz_service.quiz_status(engine(), quiz, learner.id)
limit = f"{quiz.max_attempts} attempt(s)" if quiz.max_attempts else "unlimited attempts"
st.markdown(
    f"{quiz.question_count()} questions · pass mark **{quiz.pass_mark}%** · {limit} · {_GRADING[quiz.grading]}."
)
if status.grade is not None:
    st.markdown(f"Your grade so far: **{status.grade:.1f}%**{' (passed)' if status.passed else ''}.")

# A submitted attempt named in the URL is shown as its review (survives a refresh). The session
# also remembers it: a double click can start a rerun with the URL from before the submission.
_REVIEW_KEY = f"review:{quiz.id}"
review_param = st.query_params.get("a") or st.session_state.get(_REVIEW_KEY)
if review_param and str(review_param).isdigit():
    st.query_params["a"] = str(review_param)
    shown = attempts_repo.get(engine(), int(review_param), learner.id)
    if shown is not None and shown.quiz_id == quiz.id and shown.submitted:
        st.subheader(f"Attempt {shown.attempt_no}")
        _show_result(quiz, quiz_service.result_of(engine(), reg, quiz, shown), status.review_allowed)
        if status.can_start:
            if st.button("Start a new attempt", type="primary"):
                st.query_params.pop("a", None)
                st.session_state.pop(_REVIEW_KEY, None)
                quiz_service.start(engine(), reg, quiz, learner.id)
                st.rerun()
        st.stop()

attempt = status.open_attempt
if attempt is None:
    if status.can_start:
        if st.button("Start the quiz" if not status.submitted else "Start a new attempt", type="primary"):
            try:
                quiz_service.start(engine(), reg, quiz, learner.id)
            except quiz_service.AttemptLimitReached:
                st.error("You have used all the attempts this quiz allows.")
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

questions = quiz_service.attempt_questions(reg, attempt)
st.subheader(f"Attempt {attempt.attempt_no}")
with st.form(f"attempt-{attempt.id}"):
    answers: dict[str, list[str]] = {}
    for number, question in enumerate(questions, start=1):
        with st.container(border=True):
            question_prompt(question, number)
            answers[question.id] = answer_widgets(
                question, f"a{attempt.id}:{question.id}", attempt.seed, quiz.shuffle_options
            )
    submitted = st.form_submit_button("Submit my answers", type="primary")

if submitted:
    try:
        result, _recorded = quiz_service.submit(engine(), reg, quiz, learner.id, attempt.id, answers)
    except LookupError as exc:
        st.error(str(exc))
        st.stop()
    st.query_params["a"] = str(attempt.id)
    st.session_state[_REVIEW_KEY] = str(attempt.id)
    st.rerun()
