"""Where keyboard focus goes after an action that redraws the page (WCAG 2.4.3, 4.1.3).

Streamlit has no focus API: after "Next section", "Start the quiz" or "Submit", focus falls to the
page body and the view stays where the button was. A callback asks for a target with `move_to`;
app.py draws this invisible element after the page, and its script focuses the target (made
focusable with tabindex=-1) and scrolls it to the top of the view, below the sticky header. Each
request carries a fresh number, so a rerun that asked for nothing moves nothing. The script is a
static string of ours; the target is one of the selectors below, never user text."""

from __future__ import annotations

import time

import streamlit as st

SECTION = "h2"
"""A lesson's section heading (the page's only h2 under its h1)."""
HEADING = "h1"
RESULT = '[data-testid="stAlert"]'
"""The first message box: a quiz's score, a check's verdict."""
TRACK = '[data-testid="stButtonGroup"] [role="radio"][aria-checked="true"]'
"""The course map's chosen track, redrawn after the switch."""
CONFIRM = ".st-key-submit-anyway button"
"""The quiz's "Submit anyway", drawn in place of the Submit button that had focus."""

_JS = """
export default function(component) {
  const { data } = component;
  if (!data || !data.target || window.__flFocused === data.nonce) { return; }
  let tries = 0;
  const go = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    const el = main ? main.querySelector(data.target) : null;
    if (!el) { if (tries++ < 40) { window.setTimeout(go, 50); } return; }
    window.__flFocused = data.nonce;
    if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "start" });
  };
  window.setTimeout(go, 0);
}
"""
_component = st.components.v2.component("focus_mover", js=_JS)
_WANTED = "focus:wanted"


def move_to(target: str) -> None:
    """Ask for focus on `target` (SECTION, HEADING or RESULT) once the page has been drawn."""
    st.session_state[_WANTED] = target


def apply() -> None:
    """After the page (app.py), or at the end of a fragment whose rerun redraws only itself: carry out
    a request made during this run or its callbacks."""
    target = st.session_state.pop(_WANTED, None)
    if target in (SECTION, HEADING, RESULT, CONFIRM, TRACK):
        _component(key="focus-mover", data={"target": target, "nonce": time.time_ns()}, height=0)
