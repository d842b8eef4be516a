"""Who is using this browser tab. Session state holds ids only; the URL's `r` parameter carries
the private resume code, so a refresh or a server restart finds the same learner again."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from modules.services import identity
from modules.services import learners as learner_service
from modules.storage.learners import Learner
from modules.ui.resources import engine

RESUME_PARAM = "r"
_KEY = "learner"


@dataclass(frozen=True)
class SessionLearner:
    id: int
    display_name: str
    track: str
    code: str
    language: str | None = None
    """The language stored with the record when this tab found it (modules.ui.language matches them)."""

    @property
    def pretty_code(self) -> str:
        return identity.pretty(self.code)


def _remember(learner: Learner, code: str) -> SessionLearner:
    current = SessionLearner(learner.id, learner.display_name, learner.track, code, learner.language)
    st.session_state[_KEY] = current
    return current


def current_learner() -> SessionLearner | None:
    """The learner of this tab, restored from the URL after a refresh (one indexed lookup)."""
    known: SessionLearner | None = st.session_state.get(_KEY)
    if known is not None:
        return known
    raw = st.query_params.get(RESUME_PARAM)
    if not raw:
        return None
    found = learner_service.resume(engine(), raw)
    if found is None:
        return None
    return _remember(*found)


def keep_code_in_url() -> None:
    """Navigation clears query parameters; put the resume code back so a refresh keeps the learner."""
    known: SessionLearner | None = st.session_state.get(_KEY)
    if known is not None and known.code and st.query_params.get(RESUME_PARAM) != known.code:
        st.query_params[RESUME_PARAM] = known.code


def sign_in(learner: Learner, code: str) -> SessionLearner:
    current = _remember(learner, code)
    st.query_params[RESUME_PARAM] = code
    return current


def update_track(track: str) -> None:
    known: SessionLearner | None = st.session_state.get(_KEY)
    if known is not None:
        st.session_state[_KEY] = SessionLearner(known.id, known.display_name, track, known.code, known.language)


def adopt_learner(learner: Learner) -> SessionLearner:
    """Use a learner record linked to a signed-in learner account (no resume code in the URL)."""
    return _remember(learner, "")


def sign_out() -> None:
    st.session_state.pop(_KEY, None)
    st.query_params.pop(RESUME_PARAM, None)


def sign_out_account_learner() -> None:
    """Forget a learner record adopted from a learner account (it has no resume code)."""
    known: SessionLearner | None = st.session_state.get(_KEY)
    if known is not None and not known.code:
        st.session_state.pop(_KEY, None)


def learner_link_params(**extra: str) -> dict[str, str]:
    """Query parameters for a page link that keeps the learner recognised."""
    known: SessionLearner | None = st.session_state.get(_KEY)
    params = dict(extra)
    if known is not None and known.code:
        params[RESUME_PARAM] = known.code
    return params
