"""Pieces of the live screens shared by the projector, the console and the phones.

Text typed in the room (nicknames, open answers, questions typed on the spot) is shown as plain
text: Markdown is escaped and HTML is never enabled. Authored bank questions are Markdown, as in
lessons.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from modules.i18n import format_percent, ngettext
from modules.i18n import gettext as _
from modules.services import live
from modules.ui.components import live_data
from modules.ui.text import escape_markdown


def safe(question: live.LiveQuestion, text: str) -> str:
    """Markdown for authored bank text, escaped for text typed on the spot."""
    return text if question.source == "bank" else escape_markdown(text)


def prompt(question: live.LiveQuestion, heading: bool = True) -> None:
    # TRANSLATORS: above a live question's words; {number} is its position in the session (1, 2…).
    number = _("Question {number}", number=question.position)
    if heading:
        st.caption(number)
    with st.container(key="live-prompt"):  # drawn larger than the options on a projected screen
        st.markdown(safe(question, question.prompt))


def fit(question: live.LiveQuestion | None, revealed: bool = False) -> str:
    """How much a projected question screen holds, as a type size ("l", "m" or "s"): long prompts and
    options are set smaller so that the screen still fits without scrolling."""
    if question is None:
        return "l"
    chars = len(question.prompt) + sum(len(text) + 20 for _oid, text in question.options)
    if revealed:
        chars += len(question.explanation or "")
    return "l" if chars < 320 else "m" if chars < 640 else "s"


def option_label(question: live.LiveQuestion, index: int) -> str:
    text = question.options[index][1]
    letter = live.LETTERS[index] if index < len(live.LETTERS) else str(index + 1)
    return f"{letter}. {safe(question, text)}"


def choice_bars(question: live.LiveQuestion, answers: Sequence[live.StoredLiveAnswer], reveal: bool) -> None:
    """A horizontal bar per option (count and share); the right ones are marked only after reveal."""
    counts = live.distribution(question, answers)
    total = max(len(answers), 1)
    for i, c in enumerate(counts):
        right = reveal and c.correct
        share = c.count / total
        # TRANSLATORS: after the count of a projected answer option, once revealed: this option is right.
        mark = " · :material/check_circle: **" + _("right answer") + "**" if right else ""
        # A right option's bar is drawn in another colour too (styles: .st-key-live-right-*), never by colour only.
        with st.container(key=f"live-{'right' if right else 'option'}-{i}", gap="xsmall"):
            st.markdown(f"{option_label(question, i)} · **{c.count}** ({format_percent(share)}){mark}")
            st.progress(share)


def answer_count(board: live.Board) -> None:
    # TRANSLATORS: how many answers a live question has received so far.
    answers = ngettext("{n} answer", "{n} answers", len(board.answers))
    # TRANSLATORS: how many people have joined the live session.
    joined = ngettext("{n} joined", "{n} joined", board.participants)
    with st.container(key="live-count"):
        st.markdown(f"### {answers} · {joined}")


def reveal(question: live.LiveQuestion, projected: bool = False) -> None:
    """The right answer and the explanation (projector and phones, after the facilitator reveals).
    On the projector the bars already mark the right options, so only the explanation is added."""
    if projected:
        if question.explanation:
            with st.container(key="live-why"):
                st.markdown(_why(question))
        elif question.kind != "open" and not question.correct:
            st.caption(_("A poll: there is no right answer."))
        return
    if question.kind == "open":
        if question.explanation:
            st.info(_why(question))
        return
    if question.correct:
        rights = [
            option_label(question, i) for i, (oid, _text) in enumerate(question.options) if oid in question.correct
        ]
        # TRANSLATORS: after the reveal, on a phone; {options} is the right option or options ("A. …; C. …").
        st.success(_("**Right answer:** {options}", options="; ".join(rights)), icon=":material/check_circle:")
    else:
        st.info(_("A poll: there is no right answer."))
    if question.explanation:
        st.markdown(_why(question))


def _why(question: live.LiveQuestion) -> str:
    # TRANSLATORS: in bold, before the explanation of the right answer.
    why = _("Why:")
    return f"**{why}** {safe(question, question.explanation or '')}"


def open_answers(answers: Sequence[live.StoredLiveAnswer], limit: int = 40) -> None:
    """Visible open answers, newest first, as plain text, and the most frequent words."""
    shown = list(reversed(live.visible_open_answers(answers)))
    if not shown:
        st.caption(_("No answers to show yet."))
        return
    words = live.word_counts(a.text or "" for a in shown)
    left, right = st.columns([3, 2])
    with left:
        for a in shown[:limit]:
            st.markdown("› " + escape_markdown(a.text or ""))
    with right:
        if words:
            # TRANSLATORS: the columns of the table of the words most used in the open answers of a live question.
            columns = [_("Word"), _("Count")]
            st.dataframe(pd.DataFrame(words, columns=columns), hide_index=True, width="stretch")


def leaderboard(standings: Sequence[live.Standing], projected: bool = False) -> None:
    if not standings:
        st.caption(_("No points yet."))
        return
    # TRANSLATORS: the columns of the leaderboard of a live session ("Right answers": how many they got right).
    rank, name, points, right = _("Rank"), _("Name"), _("Points"), _("Right answers")
    table = pd.DataFrame(
        [(s.rank, s.name, s.points, s.correct) for s in standings], columns=[rank, name, points, right]
    )
    if projected:  # an HTML table, so its type scales with the screen (names stay plain text)
        with st.container(key="live-leaderboard"):
            st.table(table.set_index(rank))
        return
    st.dataframe(table, hide_index=True, width="stretch")  # names are plain text in a table


def podium(standings: Sequence[live.Standing]) -> None:
    """The top three in one line, under a revealed answer (the full table has its own screen)."""
    if standings:
        top = " · ".join(f"{s.rank}. {escape_markdown(s.name)} ({s.points})" for s in standings[:3])
        # TRANSLATORS: under a revealed answer; {top} is the first three of the leaderboard ("1. Ana (30) · 2. …").
        st.markdown(_("**Leaderboard:** {top}", top=top))


def join_panel(session: live.LiveSession, big: bool) -> None:
    """The join code, the address and the QR code of the join URL."""
    url = live.join_url(live_data.base_url(), session.code)
    address = escape_markdown(live_data.base_url()) + "/join"
    problem = live_data.join_problem()
    if problem:  # never advertise an address phones cannot open
        if big:
            # TRANSLATORS: {code} is the session's join code, such as K7WQM.
            st.title(_("Join code: {code}", code=session.code))
        st.warning(problem, icon=":material/wifi_off:")
        return
    if big:
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            # TRANSLATORS: on the projector, above the join code; {address} is the web address of the join page.
            st.markdown(_("**Join on your phone:** open **{address}** and type the code", address=address))
            with st.container(key="live-code"):
                st.title(session.code)  # the one thing the whole room must read: the page's heading
            st.caption(url)
        with right, st.container(key="live-qr"):
            # TRANSLATORS: under the QR code of the join address, on the projector.
            st.image(live_data.qr_png(url), width=380, caption=_("Scan to join"))
    else:
        with st.container(key="live-footer", horizontal=True, vertical_alignment="center"):
            # TRANSLATORS: the projector's footer; {address} is the web address of the join page, {code} the join code.
            st.markdown(_("Join at **{address}** · code **{code}**", address=address, code=session.code))
            st.image(live_data.qr_png(url, scale=4), width=110)


def timer(session: live.LiveSession) -> None:
    left = live.timer_left(session)
    if left is None:
        return
    with st.container(key="live-timer"):  # pinned to a corner on projected screens: it never moves the rest
        if left > 0:
            st.markdown(f"## :material/timer: {live.clock(left)}")
        else:
            # TRANSLATORS: on the projector, when the activity timer has run out.
            st.markdown("## :material/timer_off: " + _("Time is up"))
