"""What a browser tab remembers across a refresh or a replica's failure: a staff session token,
kept in the tab's own sessionStorage (never in an address, gone when the tab is closed).

Each time the tab connects (first load, refresh, reconnection to another replica) the page's own
script (modules/ui/tab_session.js) sends the token in a cookie on that one handshake, and the server
reads it on the session's first run (auth.restore_from_tab): no extra run, nothing racing the user's
clicks. This element only writes the tab's storage, at sign-in and sign-out. The script below is a
static string of ours: the token travels as data, never as markup."""

from __future__ import annotations

import streamlit as st

_JS = """
export default function(component) {
  const { data } = component;
  const KEY = "forced-labour-training:staff-session";
  try {
    if (data && typeof data.store === "string") {
      if (data.store) { window.sessionStorage.setItem(KEY, data.store); }
      else { window.sessionStorage.removeItem(KEY); }
    }
  } catch (e) { /* storage disabled: the tab simply asks for the password again */ }
}
"""
_component = st.components.v2.component("tab_memory", js=_JS)

COOKIE = "flt_staff_session"  # the name tab_session.js uses


_CLEARED = "tab-memory:cleared"


def hold(token: str | None) -> None:
    """Call on every run: keep the signed-in tab's token in its storage, or, once a sign-out or an
    ended session happened in this session, keep it empty. Drawn on every run rather than once, so
    a run cut short by the next click cannot lose the write; the element and its data do not change
    from run to run, so the browser does nothing more. A learner who never signed in draws nothing."""
    if token:
        st.session_state.pop(_CLEARED, None)
    elif not st.session_state.get(_CLEARED):
        return
    with st.sidebar:
        _component(key="tab-memory-store", data={"store": token or ""}, height=0)


def forget() -> None:
    """Remove the tab's token (sign-out, or a session that ended elsewhere), from the next run on."""
    st.session_state[_CLEARED] = True
