"""Projector screen of a live session (/projector?session=<id>): the join code and QR code, the
lesson slide, or the question with a live count and bar chart, the reveal and the leaderboard.
It follows the facilitator's console by itself: a one-second fragment refreshes the counts and
the timer from a cached read, and redraws the whole screen only when the console changed it.
Facilitator notes and the answer key before the reveal never appear here."""

from __future__ import annotations

import streamlit as st

from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import live
from modules.ui import language, nav, outage
from modules.ui.auth import current_user
from modules.ui.components import live_data, live_panels
from modules.ui.components.presenter import position, presenter_style, render_slide
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

_LAYOUT = "projector_layout"

presenter_style()


def _layout(board: live.Board) -> tuple[object, ...]:
    """What, if changed, needs the whole screen redrawn (counts and the clock do not)."""
    s = board.session
    q = board.question
    return (
        s.status,
        s.screen,
        s.slide_index,
        s.current_question_id,
        q.status if q else None,
        s.timer_ends_at,
        s.leaderboard,
    )


@st.fragment(run_every=live_data.SCREEN_POLL)
@outage.fragment
def _live(session_id: int) -> None:
    board = live_data.board(session_id)
    if board is None or _layout(board) != st.session_state.get(_LAYOUT):
        st.rerun(scope="app")
        return
    live_panels.timer(board.session)
    screen = board.session.screen
    if screen == "join":
        # TRANSLATORS: on the projector, under the join code: how many people have joined the session.
        st.markdown("### " + ngettext("{n} joined", "{n} joined", board.participants))
    elif screen == "question" and board.question is not None:
        q = board.question
        live_panels.answer_count(board)
        if q.kind == "open":
            live_panels.open_answers(board.answers)
        else:
            live_panels.choice_bars(q, board.answers, reveal=q.status == "revealed")
    elif screen == "leaderboard":
        live_panels.leaderboard(live_data.standings(session_id), projected=True)


def _question(board: live.Board) -> None:
    q = board.question
    if q is None:
        st.title(_("Waiting for the first question"))
        return
    if q.status == "closed":
        # TRANSLATORS: the projector's heading of a live question; {number} is its position in the session (1, 2…).
        heading = _("Question {number} · answers are closed", number=q.position)
    elif q.status == "open":
        heading = _("Question {number} · answer on your phone now", number=q.position)
    else:
        heading = _("Question {number}", number=q.position)
    with st.container(key="live-heading"):
        st.title(heading)
    live_panels.prompt(q, heading=False)


def _after_live(board: live.Board) -> None:
    """Drawn under the live counts, once the answer is revealed."""
    q = board.question
    if board.session.screen == "question" and q is not None and q.status == "revealed":
        live_panels.reveal(q, projected=True)
        if board.session.leaderboard:
            live_panels.podium(live_data.standings(board.session.id))


def _slide(board: live.Board) -> None:
    reg = registry()
    lesson = reg.lessons.get(board.session.lesson_id or "")
    if lesson is None:
        st.title(_("No lesson for this session"))
        return
    slides = live.lesson_slides(lesson)
    index = min(board.session.slide_index, len(slides) - 1)
    render_slide(reg, lesson, slides, index)
    st.caption(position(index, len(slides)))


try:
    session_id = int(st.query_params.get("session", ""))
except ValueError:
    session_id = -1
board = live_data.board(session_id)
user = current_user()
by_key = board is not None and live.projector_session(engine(), session_id, st.query_params.get("key")) is not None
by_role = board is not None and user is not None and user.role in nav.STAFF and live.can_run(board.session, user)
if board is None or not (by_key or by_role):
    st.title(_("Projector"))
    st.info(
        # TRANSLATORS: in bold, the name of the Facilitator console page and of its link to this screen: use
        # the same words as their own translations.
        _(
            "This screen shows a live session to the room. To open it: on the **Facilitator console**, start or "
            "open a session, then choose **Open the projector screen in a new window** and drag that window to "
            "the projector. The link carries the session's key, so the projector needs no sign-in."
        )
    )
    if user is not None and user.role in nav.STAFF:
        st.page_link(nav.CONSOLE, label=_("Go to the facilitator console"), icon=":material/co_present:")
    st.stop()
    raise AssertionError("unreachable")

session = board.session
language.show_in(session.language)  # the room reads the facilitator's language, whatever this browser's
st.session_state[_LAYOUT] = _layout(board)
if not live.is_live(session):
    st.title(escape_markdown(session.title))
    st.markdown("## " + _("The session has ended. Thank you for taking part."))
    st.stop()

q = board.question if session.screen == "question" else None
size = live_panels.fit(q, revealed=q is not None and q.status == "revealed")
with st.container(key=f"fit-{size}" if session.screen == "question" else "projector-screen"):  # slides size themselves
    if session.screen == "join":
        live_panels.join_panel(session, big=True)
    elif session.screen == "slide":
        _slide(board)
    elif session.screen == "question":
        _question(board)
    elif session.screen == "leaderboard":
        st.title(_("Leaderboard"))
    _live(session.id)
    _after_live(board)
    if session.screen != "join":
        live_panels.join_panel(session, big=False)
