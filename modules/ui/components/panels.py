"""Small shared panels: the content-problem report and the 'who are you?' prompt."""

from __future__ import annotations

import streamlit as st

from modules.content.registry import Registry
from modules.ui import nav


def content_problems(registry: Registry) -> None:
    """Authors see every problem with file and line; learners keep using what is valid."""
    if not registry.problems:
        return
    with st.expander(f"Content problems ({len(registry.problems)}): some lessons or quizzes are unavailable"):
        st.caption("For course authors: fix these in the YAML files, save, and refresh this page.")
        st.code("\n".join(str(p) for p in registry.problems), language=None)


def need_learner() -> None:
    st.info("Start on the home page: enter a name and pick your track, or type your resume code.")
    st.page_link(nav.HOME, label="Go to the home page", icon=":material/home:")
