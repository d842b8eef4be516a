"""Small shared panels: the content-problem report and the 'who are you?' prompt."""

from __future__ import annotations

import streamlit as st

from modules.content.registry import Registry
from modules.i18n import gettext as _
from modules.services import policy
from modules.services.policy import Action
from modules.ui import auth, nav


def content_problems(registry: Registry) -> None:
    """Signed-in staff see every problem with file and line (paths on the server included);
    everyone else learns only that some lessons are unavailable, and keeps using what is valid."""
    if not registry.problems:
        return
    if not policy.allowed(auth.current_user(), Action.SEE_CONTENT_PROBLEMS):
        st.caption(_("Some lessons or quizzes are unavailable for now. Your facilitator can see why after signing in."))
        return
    # TRANSLATORS: shown to signed-in staff; {count} is how many problems the course files have.
    with st.expander(
        _("Content problems ({count}): some lessons or quizzes are unavailable", count=len(registry.problems))
    ):
        st.caption(_("For course authors: fix these in the YAML files, save, and refresh this page."))
        st.code("\n".join(str(p) for p in registry.problems), language=None)


def need_learner() -> None:
    st.info(_("Start on the home page: enter a name and pick your track, or type your resume code."))
    st.page_link(nav.HOME, label=_("Go to the home page"), icon=":material/home:")
