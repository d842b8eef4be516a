"""Quizzes: the list of the learner's quizzes in programme order, an attempt whose answers are
saved as they are given, submission (scored on the server, after a check for unanswered
questions), and the review under the quiz's policy."""

from __future__ import annotations

import streamlit as st

from modules.domain.question import QuestionModel
from modules.domain.quiz import Quiz
from modules.i18n import format_percent, ngettext
from modules.i18n import gettext as _
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


def _percent(value: float, digits: int = 0) -> str:
    """A score in percent (0-100) as the language writes it, rounded as f"{value:.{digits}f}%" would."""
    return format_percent(round(value, digits) / 100, digits=digits)


def _kind(kind: str) -> str:
    """What kind of quiz it is, in the language of this run."""
    if kind == "lesson":
        # TRANSLATORS: the kind of a quiz, above its title and in the browser tab's title.
        return _("Lesson quiz")
    if kind == "module":
        return _("Module quiz")
    if kind == "pre_test":
        return _("Pre-test")
    if kind == "post_test":
        return _("Post-test")
    if kind == "final":
        return _("Final assessment")
    raise KeyError(kind)


def _grading(grading: str) -> str:
    """Which attempt sets the grade, in the language of this run."""
    if grading == "highest":
        # TRANSLATORS: which of a quiz's attempts sets the grade, at the end of the line of the quiz's facts.
        return _("your highest score counts")
    if grading == "last":
        return _("your last attempt counts")
    if grading == "first":
        return _("your first attempt counts")
    if grading == "average":
        return _("the average of your attempts counts")
    raise KeyError(grading)


def quiz_label(q: Quiz, track: str | None) -> str:
    """A module quiz carries its module's number in the learner's own track."""
    if q.module:
        n = reg.module_number(q.module, track)
        # TRANSLATORS: a module quiz's name: {n} is its module's number, {title} the quiz's title.
        return _("Module {n} · {title}", n=n, title=q.title) if n is not None else q.title
    return q.title


def _status_text(q: Quiz, plan: programme.Plan, status: quiz_service.QuizStatus) -> tuple[str, str]:
    if plan.lock_for(q.id):
        # TRANSLATORS: a quiz's status, after its name in the list of quizzes.
        return ":material/lock:", _("locked")
    if status.open_attempt is not None:
        return ":material/pending:", _("in progress")
    if status.grade is not None:
        icon = ":material/check_circle:" if status.passed else ":material/history:"
        if status.passed and q.pass_mark:
            # TRANSLATORS: a quiz's status in the list of quizzes; {percent} is the learner's grade, such as "80%".
            return icon, _("grade {percent} · passed", percent=_percent(status.grade))
        return icon, _("grade {percent}", percent=_percent(status.grade))
    return ":material/radio_button_unchecked:", _("not started")


def _quiz_list() -> None:
    st.title(_("Quizzes"))
    if learner is None:
        need_learner()
        st.stop()
    plan = programme.plan_for(engine(), reg, learner.id, learner.track)
    pending = plan.pending_pretest
    if pending is not None:
        st.info(_("Your programme starts with the pre-test: take it before the lessons."))
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
    kind = _kind(q.kind)
    set_title(q.title, kind)
    st.caption(kind)
    st.title(quiz_label(q, learner.track if learner else None))
    if q.description:
        st.markdown(q.description)


def _facts(q: Quiz) -> str:
    """The quiz's facts on one line, such as "8 questions · pass mark **70%** · 3 attempts · your highest
    score counts."."""
    # TRANSLATORS: the first of a quiz's facts, on one line joined by " · ".
    questions = ngettext("{n} question", "{n} questions", q.question_count())
    # TRANSLATORS: one of a quiz's facts; {percent} is the score needed to pass, such as "70%".
    mark = _("pass mark **{percent}**", percent=_percent(q.pass_mark)) if q.pass_mark else _("no pass mark")
    if q.max_attempts == 1:
        limit = "**" + _("one attempt only") + "**"
    elif q.max_attempts:
        limit = ngettext("{n} attempt", "{n} attempts", q.max_attempts)
    else:
        limit = _("as many attempts as you like")
    grading = f" · {_grading(q.grading)}" if q.max_attempts != 1 else ""
    return f"{questions} · {mark} · {limit}{grading}."


def _show_result(q: Quiz, result: QuizResult, show_answers: bool, asked: dict[str, QuestionModel]) -> None:
    """The review of a submitted attempt, with each question as it was asked (`asked`)."""
    score = _percent(result.score, 1)
    if q.pass_mark:
        pass_mark = _percent(q.pass_mark)
        if result.passed:
            # TRANSLATORS: the result of a submitted quiz; {score} and {pass_mark} are percentages, such as "72.5%".
            st.success(
                _("**Passed**: you scored **{score}** (pass mark {pass_mark}).", score=score, pass_mark=pass_mark)
            )
        else:
            st.warning(
                _("**Not passed**: you scored **{score}** (pass mark {pass_mark}).", score=score, pass_mark=pass_mark)
            )
    else:
        # TRANSLATORS: the result of a submitted quiz that has no pass mark; {score} is a percentage.
        st.success(_("Recorded: you scored **{score}**.", score=score))
    if not show_answers:
        st.info(
            _(
                "The right answers and explanations appear once you have taken the post-test: the pre-test "
                "measures where you started, so its answers wait until the course is done."
            )
            if q.review == "after_post_test"
            else _("The right answers and explanations appear once you pass or have used all your attempts.")
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
        done / len(questions) if questions else 0.0,
        # TRANSLATORS: under a quiz's progress bar: how many of its {total} questions have an answer.
        text=_("{done} of {total} answered · saved as you go", done=done, total=len(questions)),
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
        sentences = [
            # TRANSLATORS: before the learner submits a quiz: {n} questions of {total} have no answer; {numbers}
            # lists their numbers, such as "2, 5" (the English says "number" for one or several).
            ngettext(
                "You have not answered {n} of {total} questions (number {numbers}).",
                "You have not answered {n} of {total} questions (number {numbers}).",
                len(missing),
                total=len(questions),
                numbers=numbers,
            )
        ]
        if q.max_attempts == 1:
            sentences.append(_("This quiz allows one attempt only."))
        sentences.append(_("Submit anyway?"))
        st.warning(" ".join(sentences))
        c1, c2 = st.columns(2)
        c1.button(
            _("Keep answering"),
            key="keep-answering",
            on_click=st.session_state.pop,
            args=(f"confirm:{attempt.id}", None),
            width="stretch",
        )
        c2.button(
            _("Submit anyway"),
            key="submit-anyway",
            type="primary",
            on_click=_submit,
            args=(q, attempt),
            width="stretch",
        )
        focus.apply()  # this fragment's rerun redraws only itself: app.py's apply does not run
        return
    st.button(
        _("Submit my answers"),
        type="primary",
        key="submit-answers",
        on_click=_ask_or_submit,
        args=(q, attempt, questions, key_of),
    )


if quiz is None:
    if quiz_id:
        st.error(
            # TRANSLATORS: {quiz} is the id of a quiz, from the page's address.
            _(
                "Quiz '{quiz}' was not found. It may have been renamed or have content problems.",
                quiz=escape_markdown(quiz_id[:80]),
            )
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
    grade = _percent(status.grade, 1)
    if status.passed and quiz.pass_mark:
        # TRANSLATORS: {grade} is the learner's grade on the quiz, such as "72.5%".
        st.markdown(_("Your grade so far: **{grade}** (passed).", grade=grade))
    else:
        st.markdown(_("Your grade so far: **{grade}**.", grade=grade))
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
        # TRANSLATORS: a heading: {number} counts the learner's attempts at a quiz (1, 2, 3…).
        st.header(_("Attempt {number}", number=shown.attempt_no))
        submit_guard.watch(shown.id, submitted=True)
        attempt_review = quiz_service.review_of(engine(), reg, shown)
        _show_result(quiz, attempt_review.result, status.review_allowed, attempt_review.questions)
        if status.can_start:
            if st.button(_("Start a new attempt"), type="primary", key="start-new-attempt"):
                st.query_params.pop("a", None)
                st.session_state.pop(_REVIEW_KEY, None)
                quiz_service.start(engine(), reg, quiz, learner.id)
                focus.move_to(focus.SECTION)
                st.rerun()
        st.page_link(
            nav.QUIZ, label=_("All my quizzes"), icon=":material/quiz:", query_params=session.learner_link_params()
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
            label=_("My programme: what to do next"),
            icon=":material/school:",
            query_params=session.learner_link_params(),
        )
    elif status.can_start:
        label = _("Start the quiz") if not status.submitted else _("Start a new attempt")
        if st.button(label, type="primary", key="start-attempt"):
            try:
                quiz_service.start(engine(), reg, quiz, learner.id)
            except quiz_service.AttemptLimitReached:
                st.error(_("You have used all the attempts this quiz allows."))
            focus.move_to(focus.SECTION)  # "Attempt N", above the first question
            st.rerun()
    else:
        st.info(_("You have used all the attempts this quiz allows."))
    for past in reversed(status.submitted):
        st.page_link(
            nav.QUIZ,
            # TRANSLATORS: a link to the review of a submitted attempt; {score} is its score, such as "72.5%".
            label=_("Review attempt {number}: {score}", number=past.attempt_no, score=_percent(past.score or 0.0, 1)),
            icon=":material/history:",
            query_params=session.learner_link_params(id=quiz.id, a=str(past.id)),
        )
    st.stop()

st.header(_("Attempt {number}", number=attempt.attempt_no))
_attempt(quiz, attempt)
