"""Presenter view of any lesson (/present?id=<lesson>&s=<n>): one block per screen in large,
high-contrast type for the back of the room, no sidebar, previous/next and "4 / 12". Facilitator
notes are never drawn here (they are on the facilitator console). With &session=<id> the slide
position is shared with that live session's console, and its activity timer shows here."""

from __future__ import annotations

import streamlit as st

from modules.domain.lesson import Lesson
from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import live
from modules.ui import nav, outage
from modules.ui.auth import require_role
from modules.ui.components import live_data, live_panels
from modules.ui.components.presenter import position, presenter_style, render_slide, section_terms
from modules.ui.page_title import set_title
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

user = require_role(*nav.STAFF)
presenter_style()
reg = registry()
lesson = reg.lessons.get(st.query_params.get("id", ""))

if lesson is None:
    st.title(_("Present a lesson"))
    wanted = st.query_params.get("id", "")
    if wanted:
        # TRANSLATORS: {lesson} is the lesson id from the page's address.
        st.error(_("Lesson '{lesson}' was not found.", lesson=escape_markdown(wanted[:80])))
    st.page_link(nav.CONSOLE, label=_("Back to the facilitator console"), icon=":material/arrow_back:")
    for module in reg.modules():
        lessons = [reg.lessons[i] for i in module.lessons if i in reg.lessons]
        if not lessons:
            continue
        st.header(reg.module_label(module, None))
        for item in lessons:
            st.page_link(
                nav.PRESENT, label=item.title, icon=":material/slideshow:", query_params={"id": item.id, "s": "1"}
            )
    st.stop()
    raise AssertionError("unreachable")

set_title(lesson.title, _("Present a lesson"))
shown: Lesson = lesson  # for the callbacks below (never None past this point)
slides = live.lesson_slides(lesson)
try:
    index = int(st.query_params.get("s", "1")) - 1
except ValueError:
    index = 0
index = min(max(index, 0), len(slides) - 1)

linked: live.LiveSession | None = None
try:
    found = live.get_session(engine(), int(st.query_params.get("session", "")))
except ValueError:
    found = None
if found is not None and live.is_live(found) and live.can_run(found, user) and found.lesson_id == lesson.id:
    linked = found


@outage.action
def _go(to: int) -> None:
    st.query_params["s"] = str(to + 1)
    if linked is not None:  # the console's notes follow the slide on screen
        live.control(engine(), user, live.set_slide, linked.id, to, False)
        live_data.clear()


@outage.action
def _timer(seconds: int | None, at: int) -> None:
    """Start (or stop, with None) the activity timer; without a live session, start one for it."""
    target = linked
    if target is None:
        if seconds is None:
            return
        target = live.open_session(engine(), user, shown.title, lesson_id=shown.id, screen="slide")
        live.control(engine(), user, live.set_slide, target.id, at, True)
        st.query_params["session"] = str(target.id)
    if seconds is None:
        live.control(engine(), user, live.stop_timer, target.id)
    else:
        live.control(engine(), user, live.start_timer, target.id, seconds)
    live_data.clear()


@st.fragment(run_every=live_data.SCREEN_POLL)
@outage.fragment
def _clock(session_id: int) -> None:
    board = live_data.board(session_id)
    if board is not None:
        live_panels.timer(board.session)


st.query_params["id"] = lesson.id
st.query_params["s"] = str(index + 1)
if linked is not None and linked.timer_ends_at is not None:
    _clock(linked.id)
render_slide(reg, lesson, slides, index)

with st.container(key="presenter-controls", horizontal=True, vertical_alignment="center"):
    # TRANSLATORS: the presenter's buttons to the previous and the next slide.
    st.button(_("← Previous"), key="present-previous", on_click=_go, args=(index - 1,), disabled=index == 0)
    st.markdown(f"**{position(index, len(slides))}**", width="content")
    st.button(
        _("Next →"),
        key="present-next",
        on_click=_go,
        args=(index + 1,),
        disabled=index >= len(slides) - 1,
        type="primary",
    )
    with st.popover(_("Timer"), icon=":material/timer:"):
        st.caption(_("An activity timer for group exercises, shown here and on the projector screen."))
        for minutes in (2, 5, 10, 15):
            st.button(
                ngettext("{n} minute", "{n} minutes", minutes),
                key=f"timer-{minutes}",
                on_click=_timer,
                args=(minutes * 60, index),
                width="stretch",
            )
        st.button(_("Stop the timer"), key="timer-stop", on_click=_timer, args=(None, index), width="stretch")
    section_terms(reg, lesson, slides[index])
    if linked is not None:
        st.page_link(
            nav.CONSOLE,
            label=_("Back to the console"),
            icon=":material/arrow_back:",
            query_params={"session": str(linked.id)},
        )
    else:
        st.page_link(nav.CONSOLE, label=_("Back to the facilitator console"), icon=":material/arrow_back:")
    st.page_link(nav.PRESENT, label=_("Present another lesson"), icon=":material/slideshow:")
