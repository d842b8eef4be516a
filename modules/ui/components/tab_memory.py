"""What a browser tab remembers across a refresh or a replica's failure: a staff session token,
kept in the tab's own sessionStorage (never in an address, gone when the tab is closed).

A refresh, or a reconnection to another replica, starts a new Streamlit session that knows
nothing. Every run of it asks the tab (an invisible element, the same one from run to run, so the
browser draws it once); a tab that holds a token sends it back, a callback hands it to `on_token`
before the next run, and the page carries on signed in. A tab with no token sends nothing, so a
learner's session costs no extra run. Asking on every run, not on the first only, matters on a loaded
server: a first run that ends in a rerun before the browser has drawn the question never hears back. The script below
is a static string of ours: the token travels as data, never as markup."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from modules.ui import outage

_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  const KEY = "forced-labour-training:staff-session";
  try {
    if (data && typeof data.store === "string") {
      if (data.store) { window.sessionStorage.setItem(KEY, data.store); }
      else { window.sessionStorage.removeItem(KEY); }
    }
    const held = window.sessionStorage.getItem(KEY);
    if (data && data.ask && held) { setStateValue("token", held); }
  } catch (e) { /* storage disabled: the tab simply asks for the password again */ }
}
"""
_component = st.components.v2.component("tab_memory", js=_JS)

_ASKED = "tab-memory:asked"
_PENDING = "tab-memory:pending"
_ASK_KEY = "tab-memory-ask"
_ROUND = "tab-memory:round"


def recall(on_token: Callable[[str], None]) -> None:
    """Until the tab has sent a token: ask it for the token it holds, if any."""
    if st.session_state.get(_ASKED):
        return

    key = f"{_ASK_KEY}-{st.session_state.get(_ROUND, 0)}"

    @outage.action
    def _received() -> None:
        state = st.session_state.get(key) or {}
        token = state.get("token") if hasattr(state, "get") else None
        if isinstance(token, str) and token:
            try:
                on_token(token)
            except Exception:
                # The database was away (outage.action tells the user): ask again with a new element,
                # since the same element would send the same token and never call back.
                st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
                raise
        st.session_state[_ASKED] = True

    with st.sidebar:
        _component(key=key, data={"ask": True}, on_token_change=_received, height=0)


def keep(token: str) -> None:
    """Store a token in the tab (drawn on the next run)."""
    st.session_state[_PENDING] = token


def forget() -> None:
    """Remove the tab's token (sign-out, or a session that ended elsewhere)."""
    st.session_state[_PENDING] = ""


def write_pending() -> None:
    """Carry out a keep() or forget() asked for during the previous run."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is not None:
        with st.sidebar:
            _component(key="tab-memory-store", data={"store": pending}, height=0)
