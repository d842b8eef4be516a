"""A cohort's assigned tests as a learner sees them: each with its status and a link, and why a
test is locked said once for a run of locked tests (My programme and the course map)."""

from __future__ import annotations

import streamlit as st

from modules.services import programme
from modules.ui import nav, session

_STATE = {
    "locked": (":material/lock:", "locked"),
    "to_do": (":material/radio_button_unchecked:", "to do"),
    "in_progress": (":material/pending:", "in progress"),
    "done": (":material/check_circle:", "done"),
}


def step_links(steps: list[programme.Step]) -> None:
    said = None
    for step in steps:
        icon, label = _STATE[step.state]
        score = f" · {step.best:.0f}%" if step.best is not None else ""
        st.page_link(
            nav.QUIZ,
            label=f"{step.quiz.title} · {label}{score}",
            icon=icon,
            query_params=session.learner_link_params(id=step.quiz.id),
        )
        if step.locked_because and step.locked_because != said:
            st.caption(step.locked_because)
        said = step.locked_because
