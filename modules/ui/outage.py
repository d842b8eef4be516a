"""A database outage, as users see it: the app's own message, a bounded retry, and a page that comes
back by itself, never Streamlit's error box.

Three places can meet an outage, and each is covered here:
- a page's run (app.py wraps it: `page_failed`);
- a button's or an input's callback, which runs before the page (`action` wraps it: the action did
  not happen, the page says so and asks for it again once the database is back);
- a fragment's own run, such as a phone's polling (`fragment` wraps it).

While the database is away, a small fragment asks it every RETRY_EVERY seconds; when it answers,
the whole page runs again. After GIVE_UP_AFTER seconds it stops asking and says to reload later.
Nothing is retried on the user's behalf: a write that failed did not happen (each is one
transaction), so doing it again records it once."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from modules.i18n import N_
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)
from modules.services.availability import database_answers, is_outage
from modules.ui.resources import engine

log = logging.getLogger(__name__)

RETRY_EVERY = 2.0
GIVE_UP_AFTER = 300.0

# The messages in English (tests compare them), translated where they are shown.
# TRANSLATORS: shown above the page while the app cannot reach its database; it retries by itself.
MESSAGE = N_(
    "**Connection to the database lost, retrying…** Everything saved before is safe. "
    "This page comes back by itself when the connection returns."
)
LOST_ACTION = N_(
    "Your last action was not saved: the connection to the database dropped at that moment. Please do it again."
)
# TRANSLATORS: shown when the database has been unreachable for five minutes and the app stopped retrying.
GAVE_UP = N_(
    "**The database has not answered for several minutes.** Everything saved before is safe. "
    "Reload the page to try again, or ask the person who runs this server."
)

NOTICE_KEY = "outage-notice"
"""The key of the container app.py draws above every page: outage messages go there."""
_STICKY = (
    "<style>[data-testid=stLayoutWrapper]:has(> .st-key-outage-notice){position:sticky;top:3.75rem;"
    "z-index:1000;background:#fff;}</style>"
)
"""While there is something to say, the notice stays in view however far the page is scrolled (the
learner pressed a button at the bottom): drawn only then, so a normal run costs nothing."""

_SINCE = "outage:since"
_SHOWN = "outage:shown"
_LOST = "outage:lost-action"
_BACK = "outage:back"

P = ParamSpec("P")
R = TypeVar("R")


def action(callback: Callable[P, R]) -> Callable[P, R | None]:
    """Wrap a widget callback: an outage during it is remembered and reported by the page, not raised
    (a raising callback replaces the whole page with Streamlit's error box)."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return callback(*args, **kwargs)
        except Exception as exc:
            if not is_outage(exc):
                raise
            log.warning("database unreachable during %s: %s", callback.__name__, type(exc).__name__)
            st.session_state[_LOST] = True
            return None

    return run


def fragment(body: Callable[P, None]) -> Callable[P, None]:
    """Wrap a fragment's body (under @st.fragment): an outage draws the message inside the fragment."""

    @functools.wraps(body)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            body(*args, **kwargs)
        except Exception as exc:
            if not is_outage(exc):
                raise
            show()

    return run


def page_failed(exc: BaseException, shown: bool = False) -> bool:
    """For app.py: draw the message if `exc` is an outage (and return True), else return False.
    `shown`: before_page already drew it in this run."""
    if not is_outage(exc):
        return False
    log.warning("database unreachable during a page run: %s", type(exc).__name__)
    if not shown:
        show()
    return True


def before_page() -> bool:
    """For app.py, above the page: what the last actions met. An action that an outage swallowed is
    told, and the retry starts (the page itself may need no database and draw as usual); after an
    outage, a note that the connection is back. True if the outage message was drawn."""
    if st.session_state.pop(_BACK, None):
        st.toast(_("The connection to the database is back."), icon=":material/cloud_done:")
    if st.session_state.pop(_LOST, None):
        _stick()
        st.warning(translate(LOST_ACTION), icon=":material/sync_problem:")
        show()
        return True
    return False


def ended() -> None:
    """For app.py, after a page run that did not meet an outage: forget an earlier one's clock."""
    if not st.session_state.pop(_SHOWN, None):
        st.session_state.pop(_SINCE, None)


def show() -> None:
    """The outage message, and the retry that brings the page back."""
    since = st.session_state.setdefault(_SINCE, time.monotonic())
    st.session_state[_SHOWN] = True
    _stick()
    if time.monotonic() - since > GIVE_UP_AFTER:
        st.error(translate(GAVE_UP), icon=":material/cloud_off:")
        st.session_state.pop(_SINCE, None)  # the next action starts a new round of retries
        return
    st.error(translate(MESSAGE), icon=":material/cloud_off:")
    _retry()


def _stick() -> None:
    st.html(_STICKY)


@st.fragment(run_every=RETRY_EVERY)
def _retry() -> None:
    """Ask the database; once it answers, run the whole page again (the outage is over)."""
    since = st.session_state.get(_SINCE)
    if since is None:
        return
    if database_answers(engine()):
        log.info("database reachable again after %.1f s", time.monotonic() - since)
        st.session_state.pop(_SINCE, None)
        st.session_state[_BACK] = True
        st.rerun(scope="app")
    if time.monotonic() - since > GIVE_UP_AFTER:
        st.rerun(scope="app")  # show() then says to reload, and stops asking
