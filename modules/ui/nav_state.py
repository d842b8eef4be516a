"""Keep the browser's address in step with the page's query parameters.

Streamlit 1.67 sends a page link's query parameters to the server, but when the link points at
the page already on screen (the quiz list opening a quiz, "Next lesson" on a lesson) its front
end leaves the old address in the bar: the first run sees `id=…`, the next click or a refresh
does not. The server knows what the browser had after the previous run (it sends every change
it makes), so when a run on the same page starts with other parameters than that, they came from
such a link: writing them back puts them in the address bar."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_MAX_SESSIONS = 10_000
_last: OrderedDict[str, tuple[str, str]] = OrderedDict()
_lock = threading.Lock()
"""Per browser session: the page and query string the browser shows after its last run. Kept
outside session state, which st.stop() closes to writes; oldest sessions are forgotten first."""


def show_same_page_params(url_path: str) -> None:
    """Call before the page runs: re-send parameters that a same-page link brought."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        last = _last.get(ctx.session_id)
    if last is None or last[0] != url_path:
        return  # first run of this tab, or another page: the front end set the address itself
    if ctx.query_string != last[1]:
        st.query_params.from_dict({k: st.query_params.get_all(k) for k in st.query_params})


def remember_params(url_path: str) -> None:
    """Call after the page ran, also when it stopped (after st.stop() every st.* call raises)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        _last[ctx.session_id] = (url_path, ctx.query_string)
        _last.move_to_end(ctx.session_id)
        while len(_last) > _MAX_SESSIONS:
            _last.popitem(last=False)
