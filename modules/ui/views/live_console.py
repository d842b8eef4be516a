"""Facilitator console (the trainer's own laptop screen, not the projector): start a live session,
move the slides with their facilitator notes, run the activity timer, launch, close and reveal
questions, moderate open answers, and download the summary. Only signed-in facilitators and
administrators reach it; a facilitator runs only their own sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from modules.content.registry import Registry
from modules.i18n import N_, format_date
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)
from modules.services import cohorts as cohort_service
from modules.services import live
from modules.services.policy import Forbidden
from modules.storage.users import User
from modules.ui import nav, outage
from modules.ui.auth import require_role
from modules.ui.components import live_data, live_panels
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

SCREEN_LABELS = {
    # TRANSLATORS: the buttons that choose what the projector shows (the join code, the slides, the question…).
    "join": N_("Join code"),
    "slide": N_("Slides"),
    "question": N_("Question"),
    "leaderboard": N_("Leaderboard"),
}
# TRANSLATORS: a live question's state, after its number on the console ("Question 2 · open").
STATUS_LABELS = {"open": N_("open"), "closed": N_("closed"), "revealed": N_("revealed")}
TYPE_LABELS = {
    # TRANSLATORS: a course question's type, after its words in the menu of questions to launch.
    "single_choice": N_("single choice"),
    "multiple_response": N_("multiple response"),
    "true_false": N_("true false"),
    "spot_indicators": N_("spot indicators"),
    "matching": N_("matching"),
}
# TRANSLATORS: the kinds of a question typed on the spot during a live session.
MULTIPLE_CHOICE, OPEN_ANSWER = N_("Multiple choice"), N_("Open one-line answer")
"""The radio's options are these English msgids (stable whatever the language); it shows them translated."""

user: User = require_role(*nav.STAFF)
reg = registry()


def _session_id() -> int | None:
    try:
        return int(st.query_params.get("session", ""))
    except ValueError:
        return None


@outage.action
def _open(session_id: int | None) -> None:
    if session_id is None:
        st.query_params.pop("session", None)
    else:
        st.query_params["session"] = str(session_id)


@outage.action
def _do(change: Callable[..., Any], session_id: int, *args: Any) -> None:
    """Button callback: change the session (as this account, if it may run it), then let every
    screen of this process see it now."""
    try:
        live.control(engine(), user, change, session_id, *args)
    except (live.LiveError, Forbidden) as exc:
        st.session_state["console_error"] = str(exc)
    live_data.clear()


# -- no session chosen: pick one or start one ----------------------------------------------------
def _start_page(reg: Registry) -> None:
    st.title(_("Facilitator console"))
    mine = live.sessions_for(engine(), user.id, user.role)
    if mine:
        st.header(_("Open sessions"))
        for s in mine:
            cols = st.columns([4, 1])
            started = f"{format_date(s.created_at, format='dd MMM')} {s.created_at:%H:%M}"
            cols[0].markdown(
                # TRANSLATORS: a session still open; {title} is its title, {code} its join code, {started} the day
                # and time it started ("05 Mar 14:30").
                _(
                    "**{title}** · code {code} · started {started} UTC",
                    title=escape_markdown(s.title),
                    code=s.code,
                    started=started,
                )
            )
            cols[1].button(_("Open this session"), key=f"open-{s.id}", on_click=_open, args=(s.id,))
    st.header(_("Start a live session"))
    # Options are stable ids ("lesson:<id>", "quiz:<id>", "adhoc"); the menu shows them in words.
    choices: dict[str, tuple[str | None, str | None, str]] = {}
    labels: dict[str, str] = {}
    for lesson in reg.lessons_in_order():
        choices[f"lesson:{lesson.id}"] = (lesson.id, None, lesson.title)
        # TRANSLATORS: a choice of where a live session's questions come from; {title} is a lesson's title.
        labels[f"lesson:{lesson.id}"] = _("Lesson: {title}", title=lesson.title)
    for quiz in reg.quizzes.values():
        choices[f"quiz:{quiz.id}"] = (None, quiz.id, quiz.title)
        # TRANSLATORS: a choice of where a live session's questions come from; {title} is a quiz's title.
        labels[f"quiz:{quiz.id}"] = _("Quiz: {title}", title=quiz.title)
    # TRANSLATORS: the title of a live session with no lesson or quiz, when the facilitator gives none.
    choices["adhoc"] = (None, None, _("Live questions"))
    labels["adhoc"] = _("Questions typed on the spot only")
    with st.form("live-start"):
        picked = st.selectbox(
            _("Questions from"), list(choices), format_func=labels.__getitem__, key="live-start-source"
        )
        title = st.text_input(_("Title shown to participants (optional)"), max_chars=120, key="live-start-title")
        leaderboard = st.checkbox(
            _("Leaderboard (points for right answers)"), value=False, key="live-start-leaderboard"
        )
        speed = st.checkbox(_("Faster right answers earn more points"), value=False, key="live-start-speed")
        own_cohorts = {c.id: c.name for c in cohort_service.managed_cohorts(engine(), user)}
        cohort = st.selectbox(
            _("Cohort (optional: the summary then appears in its programme report)"),
            list(own_cohorts),
            format_func=own_cohorts.__getitem__,
            index=None,
            placeholder=_("No cohort"),
            key="live-start-cohort",
        )
        go = st.form_submit_button(_("Start the session"), type="primary", key="live-start-submit")
    if go and picked is not None:
        lesson_id, quiz_id, default_title = choices[picked]
        try:
            session = live.open_session(
                engine(),
                user,
                title or default_title,
                lesson_id=lesson_id,
                quiz_id=quiz_id,
                leaderboard=leaderboard,
                speed_points=speed,
                cohort_id=int(cohort) if cohort else None,
            )
        except Forbidden as exc:
            st.error(str(exc))
            return
        _open(session.id)
        st.rerun()


# -- the console of one session ------------------------------------------------------------------
def _header(session: live.LiveSession) -> None:
    st.caption(_("Facilitator console · only you see this screen"))
    st.title(escape_markdown(session.title))
    url = live.join_url(live_data.base_url(), session.code)
    cols = st.columns([2, 3, 2])
    cols[0].metric(_("Join code"), session.code)
    with cols[1]:
        problem = live_data.join_problem()
        if problem:
            st.warning(problem, icon=":material/wifi_off:")
        else:
            st.markdown(_("**Join address** (also shown as a QR code on the projector)"))
            st.code(url, language=None)
    with cols[2]:
        projector_link = f"projector?session={session.id}&key={session.screen_key}"
        st.markdown(
            # TRANSLATORS: a Markdown link: keep [the words in brackets] followed by ({link}). The projector page's
            # help names this link in bold: use the same words as there.
            _(
                "[Open the projector screen in a new window]({link}) "
                "and drag it to the projector. It needs no sign-in and survives a refresh.",
                link=projector_link,
            )
        )
        if session.lesson_id:
            st.page_link(
                nav.PRESENT,
                label=_("Present the lesson (slides only)"),
                icon=":material/slideshow:",
                query_params={"id": session.lesson_id, "s": str(session.slide_index + 1), "session": str(session.id)},
            )
        st.button(_("Back to all sessions"), key="back-to-sessions", on_click=_open, args=(None,))
    if st.toggle(_("Preview the projector here"), key="projector-preview-on"):
        # The projector screen itself, scaled down (styles.css: .st-key-projector-preview), so what the
        # room sees is in view while you talk; out of the tab order and not clickable.
        with st.container(key="projector-preview"):
            st.iframe(
                f"/projector?session={session.id}&key={session.screen_key}",
                width=1280,
                height=720,
                tab_index=-1,
                alt=_("Preview of the projector screen"),
            )
    # TRANSLATORS: before the buttons that choose what the projector shows (Join code, Slides, Question…).
    st.markdown(_("**The projector shows:**"))
    cols = st.columns(len(SCREEN_LABELS))
    for col, (screen, label) in zip(cols, SCREEN_LABELS.items(), strict=True):
        if screen == "slide" and not session.lesson_id:
            continue
        col.button(
            translate(label),
            key=f"screen-{screen}",
            type="primary" if session.screen == screen else "secondary",
            on_click=_do,
            args=(live.set_screen, session.id, screen),
            width="stretch",
        )


def _slides(session: live.LiveSession) -> None:
    lesson = reg.lessons.get(session.lesson_id or "")
    if lesson is None:
        return
    slides = live.lesson_slides(lesson)
    index = min(session.slide_index, len(slides) - 1)
    slide = slides[index]
    with st.container(border=True):
        st.markdown(
            # TRANSLATORS: {number} of {total} slides; {section} is the title of the lesson's section it belongs to.
            _(
                "**Slide {number} / {total}** · {section}",
                number=index + 1,
                total=len(slides),
                section=slide.section_title,
            )
        )
        prev_col, next_col = st.columns(2)
        prev_col.button(
            _("← Previous slide"),
            key="slide-previous",
            disabled=index == 0,
            on_click=_do,
            args=(live.set_slide, session.id, index - 1),
            width="stretch",
        )
        next_col.button(
            _("Next slide →"),
            key="slide-next",
            disabled=index >= len(slides) - 1,
            on_click=_do,
            args=(live.set_slide, session.id, index + 1),
            width="stretch",
        )
        qid = live.slide_question_id(slide)
        if qid and qid in reg.questions and live.can_launch(reg.questions[qid]):
            st.button(
                _("Launch this slide's question live"),
                key="launch-slide-question",
                on_click=_launch_bank,
                args=(session.id, qid),
                type="primary",
            )
        notes = live.notes_for(lesson, slide)
        st.markdown(_("**Facilitator notes for this slide** (never projected)"))
        if notes:
            for body in notes:
                st.info(body, icon=":material/sticky_note_2:")
        else:
            st.caption(_("No notes for this section."))


def _timer(session: live.LiveSession) -> None:
    with st.container(border=True):
        st.markdown(_("**Activity timer** (shown on the projector)"))
        cols = st.columns([1, 1, 1], vertical_alignment="bottom")
        minutes = cols[0].number_input(_("Minutes"), min_value=1, max_value=120, value=5, step=1, key="timer-minutes")
        cols[1].button(
            # TRANSLATORS: starts the activity timer.
            _("Start"),
            key="timer-start",
            on_click=_do,
            args=(live.start_timer, session.id, int(minutes) * 60),
            width="stretch",
        )
        cols[2].button(
            # TRANSLATORS: stops the activity timer.
            _("Stop"),
            key="timer-stop",
            on_click=_do,
            args=(live.stop_timer, session.id),
            width="stretch",
            disabled=session.timer_ends_at is None,
        )
        left = live.timer_left(session)
        if left is not None:
            # TRANSLATORS: {time} is minutes and seconds, such as 04:30.
            st.caption(_("Time left when this page was drawn: {time}", time=live.clock(left)))


@outage.action
def _launch_bank(session_id: int, question_id: str) -> None:
    question = reg.questions.get(question_id)
    if question is None:
        return
    _do(live.launch, session_id, live.spec_from_bank(question))


@outage.action
def _launch_adhoc(session_id: int) -> None:
    try:
        spec = live.spec_adhoc(
            st.session_state.get("adhoc-prompt", ""),
            "open" if st.session_state.get("adhoc-kind") == OPEN_ANSWER else "single",
            st.session_state.get("adhoc-options", ""),
            st.session_state.get("adhoc-explanation", ""),
        )
    except live.LiveError as exc:
        st.session_state["console_error"] = str(exc)
        return
    _do(live.launch, session_id, spec)


def _launcher(session: live.LiveSession) -> None:
    with st.container(border=True):
        st.markdown(_("**Launch a question**"))
        bank = live.launchable_questions(reg, session.lesson_id, session.quiz_id)
        if bank:
            labels = {q.id: f"{q.prompt[:90]}{'…' if len(q.prompt) > 90 else ''} ({_type(q.type)})" for q in bank}
            picked = st.selectbox(_("From the course"), list(labels), format_func=labels.__getitem__, key="bank-pick")
            # TRANSLATORS: puts the chosen question on the projector and the phones.
            st.button(_("Launch"), key="launch-bank", on_click=_launch_bank, args=(session.id, picked), type="primary")
        with st.expander(_("Type a question on the spot")):
            with st.form("adhoc", border=False):
                st.text_input(_("Question"), key="adhoc-prompt", max_chars=500)
                st.radio(
                    # TRANSLATORS: the label of the choice between "Multiple choice" and "Open one-line answer".
                    _("Type"),
                    [MULTIPLE_CHOICE, OPEN_ANSWER],
                    format_func=translate,
                    key="adhoc-kind",
                    horizontal=True,
                )
                st.text_area(
                    _("Options for multiple choice, one per line; start each right one with *"),
                    key="adhoc-options",
                    # TRANSLATORS: an example of two options, one per line; the * marks the right one: keep it.
                    placeholder=_("*Debt that keeps growing\nPaid on time"),
                )
                st.text_input(_("Explanation shown at the reveal (optional)"), key="adhoc-explanation", max_chars=1000)
                st.form_submit_button(
                    _("Launch"), key="adhoc-launch", on_click=_launch_adhoc, args=(session.id,), type="primary"
                )


def _type(kind: str) -> str:
    """A course question's type in words."""
    return translate(TYPE_LABELS[kind]) if kind in TYPE_LABELS else kind.replace("_", " ")


@st.fragment(run_every="2s")
@outage.fragment
def _current_question(session_id: int) -> None:
    """Live counts for the facilitator, with the right answer marked, and moderation."""
    board = live_data.board(session_id)
    if board is None or board.question is None:
        st.caption(_("No question launched yet."))
        return
    q = board.question
    status = translate(STATUS_LABELS[q.status]) if q.status in STATUS_LABELS else q.status
    with st.container(border=True):
        # TRANSLATORS: {number} is the question's position in the session (1, 2…), {status} its state (open…).
        st.markdown(_("**Question {number}** · {status}", number=q.position, status=status))
        live_panels.prompt(q, heading=False)
        live_panels.answer_count(board)
        if q.kind == "open":
            _moderation(board)
        else:
            live_panels.choice_bars(q, board.answers, reveal=True)
        cols = st.columns(2)
        cols[0].button(
            _("Close answers"),
            key="close-question",
            disabled=q.status != "open",
            on_click=_do,
            args=(live.close_question, session_id, q.id),
            width="stretch",
        )
        cols[1].button(
            _("Reveal the answer"),
            key="reveal-question",
            disabled=q.status == "revealed",
            on_click=_do,
            args=(live.reveal_question, session_id, q.id),
            type="primary",
            width="stretch",
        )


def _moderation(board: live.Board) -> None:
    st.caption(_("Open answers, newest first. Hide one to take it off the projector."))
    for a in reversed(board.answers):
        cols = st.columns([5, 1], vertical_alignment="center")
        # TRANSLATORS: an open answer hidden from the projector by the facilitator; {answer} is its text.
        cols[0].text(_("(hidden) {answer}", answer=a.text or "") if a.hidden else (a.text or ""))
        cols[1].button(
            # TRANSLATORS: show or hide an open answer on the projector.
            _("Show") if a.hidden else _("Hide"),
            key=f"mod-{a.id}",
            on_click=_do,
            args=(live.set_answer_hidden, board.session.id, a.id, not a.hidden),
        )


def _options(session: live.LiveSession) -> None:
    with st.container(border=True):
        st.markdown(_("**Leaderboard and cohort**"))
        mine = {c.id: c.name for c in cohort_service.managed_cohorts(engine(), user)}
        with st.form("live-options", border=False):
            board_on = st.checkbox(
                _("Leaderboard on"),
                value=session.leaderboard,
                key=f"live-options-leaderboard-{session.id}-{session.leaderboard}",
            )
            speed = st.checkbox(
                _("Faster right answers earn more points"),
                value=session.speed_points,
                key=f"live-options-speed-{session.id}-{session.speed_points}",
            )
            cohort = st.selectbox(
                _("Cohort (its programme report then includes this session)"),
                list(mine),
                format_func=mine.__getitem__,
                index=list(mine).index(session.cohort_id) if session.cohort_id in mine else None,
                placeholder=_("No cohort"),
                key=f"live-options-cohort-{session.id}-{session.cohort_id}",
            )
            if st.form_submit_button(_("Save"), key="live-options-save"):
                try:
                    live.configure(
                        engine(),
                        user,
                        session.id,
                        leaderboard=board_on,
                        speed_points=speed,
                        cohort_id=cohort,
                    )
                except Forbidden as exc:
                    st.error(str(exc))
                else:
                    live_data.clear()
                    st.rerun()
        if session.leaderboard:
            live_panels.leaderboard(live_data.standings(session.id))


def _summary(session: live.LiveSession) -> None:
    rows = live.session_summaries(engine(), [session.id])
    st.header(_("Summary"))
    if not rows:
        st.caption(_("No questions launched yet."))
    else:
        frame = live.summaries_frame(rows)
        headers = {
            # TRANSLATORS: the columns of a live session's summary, one row per question launched ("No." is its
            # position in the session; "Share right" is the share of its answers that were right).
            "position": _("No."),
            "prompt": _("Question"),
            "responses": _("Responses"),
            "correct": _("Right answers"),
            "share_correct": _("Share right"),
            "choices": _("Choices"),
        }
        st.dataframe(
            frame[list(headers)].rename(columns=headers),
            hide_index=True,
            width="stretch",
            column_config={headers["share_correct"]: st.column_config.NumberColumn(format="percent")},
        )
        st.download_button(
            _("Download the summary (CSV)"),
            data=live.summary_csv(rows),
            file_name=f"live-session-{session.code}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
        )


def _console(session: live.LiveSession) -> None:
    _header(session)
    error = st.session_state.pop("console_error", None)
    if error:
        st.error(error)
    if not live.is_live(session):
        st.warning(_("This session has ended. Its summary is kept for the programme reports."))
        _summary(session)
        return
    left, right = st.columns([3, 2])
    with left:
        _current_question(session.id)
        _launcher(session)
    with right:
        _slides(session)
        _timer(session)
        _options(session)
    _summary(session)
    with st.expander(_("End the session")):
        st.markdown(_("Participants can no longer join or answer; the summary stays available."))
        st.button(_("End the session now"), key="end-session", on_click=_do, args=(live.end_session, session.id))


sid = _session_id()
current = live.get_session(engine(), sid)
if current is not None and not live.can_run(current, user):
    st.error(_("This session belongs to another facilitator."))
    current = None
if current is None:
    _start_page(reg)
else:
    _console(current)
