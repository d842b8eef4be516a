"""A quiz's Submit that never reached the server is reported, not silently lost.

If the server dies (or the network drops) at the instant a learner presses Submit, the click dies
with it: the page comes back, on another replica or after a reconnection, with the answers (saved
as they were given) but no score and no word. The server cannot know about a click it never
received, so the tab remembers it: pressing Submit writes the attempt and the time into the tab's
sessionStorage; the server acknowledges each Submit it handles, which clears the note. If the
connection drops before the acknowledgement (or the page is reloaded), the note outlives it: once
connected again, and SETTLE_MS later still unacknowledged on an attempt the server shows open, the
click was lost. The tab says so, and the page asks the learner to press Submit again. A slow
server never triggers it: without a dropped connection the note just waits for its acknowledgement.
Submitting twice is safe: an attempt is scored once (services.quizzes.submit).

The script below is a static string of ours; attempt ids travel as data, never as markup."""

from __future__ import annotations

import streamlit as st

from modules.i18n import gettext as _
from modules.ui import outage

SETTLE_MS = 1000
"""After the connection is back, how long the tab waits for an acknowledgement before it reports."""
FORGET_AFTER_MS = 120_000
"""A note whose connection never dropped is dropped after this (a very slow server, not a lost click)."""

SUBMIT_KEYS = ("submit-answers", "submit-anyway")
"""The keys of the buttons that submit (Streamlit gives each a `st-key-<key>` class)."""

_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  const KEY = "forced-labour-training:submit-pending";
  const connected = () => {
    const app = document.querySelector("[data-testid=stApp]");
    const state = app ? app.getAttribute("data-test-connection-state") : "CONNECTED";
    return !state || state === "CONNECTED";
  };
  const read = () => { const raw = window.sessionStorage.getItem(KEY); return raw ? JSON.parse(raw) : null; };
  try {
    window.__flPage = window.__flPage || Math.random().toString(36).slice(2);
    window.__flAttempt = data.attempt;
    window.__flSubmitSelector = data.selector;
    window.__flReport = (t) => setStateValue("lost", t);
    const check = () => {
      const pending = read();
      if (!pending) { return; }
      if (pending.attempt !== window.__flAttempt) { window.sessionStorage.removeItem(KEY); return; }
      const age = Date.now() - pending.t;
      // Lost only if the connection dropped after the click (or the page was reloaded since):
      // a slow server is not a lost click, and its acknowledgement clears the note.
      const dropped = pending.dropped || pending.page !== window.__flPage;
      if (!dropped) {
        if (!connected()) { pending.dropped = true; window.sessionStorage.setItem(KEY, JSON.stringify(pending)); }
        if (age > data.forgetAfter) { window.sessionStorage.removeItem(KEY); return; }
        window.setTimeout(check, 200);
        return;
      }
      if (!connected() || age < data.settle) { window.setTimeout(check, 250); return; }
      window.setTimeout(() => {
        const still = read();
        if (still && still.t === pending.t && connected()) {
          window.sessionStorage.removeItem(KEY);
          window.__flReport(String(pending.t));
        }
      }, data.settle);
    };
    if (!window.__flSubmitWatch) {
      window.__flSubmitWatch = true;
      document.addEventListener("click", (event) => {
        const target = event.target;
        const selector = window.__flSubmitSelector || "";
        if (selector && target && target.closest && target.closest(selector)) {
          const note = { attempt: window.__flAttempt, t: Date.now(), page: window.__flPage, dropped: false };
          window.sessionStorage.setItem(KEY, JSON.stringify(note));
          window.setTimeout(check, 200);
        }
      }, true);
    }
    if (data.ack) { window.sessionStorage.removeItem(KEY); } else { check(); }
  } catch (e) { /* storage disabled: a lost Submit simply goes unreported, as before */ }
}
"""
_component = st.components.v2.component("submit_guard", js=_JS)

_ACK = "submit-guard:ack:"
_LOST = "submit-guard:lost:"


def acknowledge(attempt_id: int) -> None:
    """Call first in a Submit callback: the server has the click (whatever happens next)."""
    st.session_state[f"{_ACK}{attempt_id}"] = True


def watch(attempt_id: int, submitted: bool = False) -> None:
    """Draw (invisibly) the tab's side of the guard for an attempt, and warn about a lost Submit.
    `submitted`: the attempt's review is shown, so whatever the tab noted is acknowledged."""
    ack = bool(st.session_state.pop(f"{_ACK}{attempt_id}", False)) or submitted
    if st.session_state.pop(f"{_LOST}{attempt_id}", False) and not ack:
        st.warning(
            # TRANSLATORS: {button} is the quiz's button "Submit my answers" (translated there).
            _(
                "**Your answers were not submitted:** the connection dropped as you pressed Submit. "
                "Every answer is saved. Press **{button}** again.",
                button=_("Submit my answers"),
            ),
            icon=":material/sync_problem:",
        )

    @outage.action
    def _lost() -> None:
        st.session_state[f"{_LOST}{attempt_id}"] = True

    _component(
        key=f"submit-guard-{attempt_id}",
        data={
            "attempt": attempt_id,
            "ack": ack,
            "settle": SETTLE_MS,
            "forgetAfter": FORGET_AFTER_MS,
            "selector": ", ".join(f".st-key-{k}" for k in SUBMIT_KEYS),
        },
        on_lost_change=_lost,
        height=0,
    )
