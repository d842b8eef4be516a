"""A cohort's assigned tests as a learner sees them: each with its status and a link, and why a
test is locked said once for a run of locked tests (My programme and the course map)."""

from __future__ import annotations

import streamlit as st

from modules.i18n import format_percent
from modules.i18n import gettext as _
from modules.services import programme
from modules.ui import nav, session


def _state(state: str) -> tuple[str, str]:
    """A step's icon and status word, in the language of this run."""
    if state == "locked":
        # TRANSLATORS: a test's status, after its title in the learner's programme.
        return ":material/lock:", _("locked")
    if state == "to_do":
        return ":material/radio_button_unchecked:", _("to do")
    if state == "in_progress":
        return ":material/pending:", _("in progress")
    if state == "done":
        return ":material/check_circle:", _("done")
    raise KeyError(state)


def step_links(steps: list[programme.Step]) -> None:
    said = None
    for step in steps:
        icon, label = _state(step.state)
        score = f" · {format_percent(round(step.best) / 100)}" if step.best is not None else ""
        st.page_link(
            nav.QUIZ,
            label=f"{step.quiz.title} · {label}{score}",
            icon=icon,
            query_params=session.learner_link_params(id=step.quiz.id),
        )
        if step.locked_because and step.locked_because != said:
            st.caption(step.locked_because)
        said = step.locked_because
