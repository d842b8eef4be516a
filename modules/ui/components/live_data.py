"""Cached reads behind the live screens. Sixty phones polling every two seconds share one query a
second per session (st.cache_data with a short ttl), so the database and the server's CPU see the
room as one reader, not sixty. A read whose answer carries words (an error message, "Anonymous 12") is
cached per language, so a tab never shows another tab's language."""

from __future__ import annotations

import io

import streamlit as st

from modules import i18n
from modules.services import live
from modules.ui.resources import engine

PARTICIPANT_POLL = "2s"
"""How often a phone asks whether the question changed (a tiny fragment rerun, no drawing)."""
SCREEN_POLL = "1s"
"""How often the projector refreshes counts and the timer: with a 1 s cache, within two seconds."""


@st.cache_data(ttl=1, show_spinner=False, max_entries=500)
def phase(session_id: int) -> live.Phase | None:
    return live.phase(engine(), session_id)


@st.cache_data(ttl=1, show_spinner=False, max_entries=100)
def board(session_id: int) -> live.Board | None:
    return live.board(engine(), session_id)


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def question(question_id: int) -> live.LiveQuestion | None:
    """A launched question's text and key never change (only its status, read from `phase`)."""
    return live.get_question(engine(), question_id)


def session_for_code(raw_code: str, address: str | None = None) -> tuple[live.LiveSession | None, str | None]:
    """(session, None) or (None, a message for the participant, in this tab's language)."""
    return _session_for_code(raw_code, address, i18n.current())


@st.cache_data(ttl=1, show_spinner=False, max_entries=500)
def _session_for_code(raw_code: str, address: str | None, lang: str) -> tuple[live.LiveSession | None, str | None]:
    with i18n.use(lang):
        try:
            return live.find_session(engine(), raw_code, address), None
        except live.LiveError as exc:
            return None, str(exc)


def standings(session_id: int) -> list[live.Standing]:
    """The leaderboard; a participant without a nickname is named in this tab's language."""
    return _standings(session_id, i18n.current())


@st.cache_data(ttl=1, show_spinner=False, max_entries=100)
def _standings(session_id: int, lang: str) -> list[live.Standing]:
    with i18n.use(lang):
        return live.leaderboard(engine(), session_id)


def clear() -> None:
    """After a facilitator's change, so this process shows it at once (others within a second)."""
    phase.clear()
    board.clear()
    _session_for_code.clear()
    _standings.clear()


@st.cache_data(ttl=60, show_spinner=False)
def base_url() -> str:
    """PUBLIC_URL, or this laptop's address on the room's network with Streamlit's port."""
    port = int(st.get_option("server.port") or 8501)
    return live.public_base_url(port)


def join_problem() -> str | None:
    """Why phones could not open the join address (the server listens on loopback only)."""
    return live.unreachable_reason(st.get_option("server.address"))


@st.cache_data(show_spinner=False, max_entries=50)
def qr_png(url: str, scale: int = 10) -> bytes:
    """The join URL as a QR code (segno), high contrast for a projector."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2, dark="#000000", light="#ffffff")
    return buf.getvalue()


@st.cache_data(show_spinner=False, max_entries=50)
def qr_svg(url: str) -> str:
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=10, border=2, xmldecl=False)
    return buf.getvalue().decode()
