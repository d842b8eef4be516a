"""Staff sign-in for the UI. A sign-in opens a server-side session whose token the browser tab
keeps in its sessionStorage (components/tab_memory.py) and presents on each connection
(tab_session.js): a refresh or a replica's failure does not sign the tab out, and no credential ever goes into an address, so a projected screen carries
none. The account is re-read on every use, so a deactivated account or an ended session stops at
its next action. Where Streamlit's OpenID Connect sign-in is configured (`[auth]` in secrets), an
identity whose e-mail matches an account's username is mapped onto that account's role."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (ROLE_TITLES)
from modules.services import auth
from modules.services.accounts import learner_for_account
from modules.storage.users import User
from modules.ui import client, session
from modules.ui.components import tab_memory
from modules.ui.resources import engine

_TOKEN = "staff:session"  # noqa: S105 - a session-state key, not a secret
_PRESENTED = "staff:presented"


def current_user() -> User | None:
    """The signed-in account as the database has it now, or None."""
    token = st.session_state.get(_TOKEN)
    if token:
        user = auth.session_user(engine(), token)
        if user is not None:
            return user
        _drop_session()  # ended elsewhere, expired, or the account was deactivated
    return _oidc_user()


def _drop_session() -> None:
    st.session_state.pop(_TOKEN, None)
    tab_memory.forget()
    session.sign_out_account_learner()  # on a shared PC the next person must not act as them


def restore_from_tab() -> None:
    """Call first on every run: a new Streamlit session adopts the token its tab presented when it
    connected (a cookie on the handshake only; see tab_session.js), once."""
    if st.session_state.get(_TOKEN) is None and not st.session_state.get(_PRESENTED):
        token = st.context.cookies.get(tab_memory.COOKIE)
        if isinstance(token, str) and token:  # (a test harness without a browser has no cookies)
            _adopt_token(token)  # a database outage raises here, and the next run tries again
        st.session_state[_PRESENTED] = True
    tab_memory.hold(st.session_state.get(_TOKEN))


def _adopt_token(token: str) -> None:
    user = auth.session_user(engine(), token)
    if user is None:
        tab_memory.forget()
        return
    st.session_state[_TOKEN] = token
    _study_as_account(user)


def _study_as_account(user: User) -> None:
    """A learner account studies as its own learner record."""
    if user.role == "learner":
        record = learner_for_account(engine(), user)
        if record is not None:
            session.adopt_learner(record)


_OIDC: dict[str, bool] = {}


def _oidc_configured() -> bool:
    """Whether `[auth]` is in the secrets, looked up once per process (st.user costs a rerun ~8%)."""
    if "configured" not in _OIDC:
        # Touching st.secrets starts polling file watchers on every secrets path, present or not:
        # only look when a secrets file exists.
        files = [Path(f) for f in st.get_option("secrets.files")]
        try:
            _OIDC["configured"] = any(f.exists() for f in files) and "auth" in st.secrets
        except Exception:  # an unreadable secrets file: no OIDC
            _OIDC["configured"] = False
    return _OIDC["configured"]


def _oidc_user() -> User | None:
    if not _oidc_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "")
    except Exception:  # auth not configured: OIDC does not apply
        return None
    return auth.user_for_email(engine(), email)


def role() -> str | None:
    user = current_user()
    return user.role if user else None


def role_title(role: str) -> str:
    """An account's role as people read it (services.auth.ROLE_TITLES), in the language of this run."""
    title = auth.ROLE_TITLES.get(role)
    return translate(title) if title is not None else role


def sign_in_form(key: str = "staff-sign-in") -> None:
    """Sign in and stay on this page: a refresh later keeps the tab signed in."""
    with st.form(key):
        username = st.text_input(_("Username"), autocomplete="username", key=f"{key}:username")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password", key=f"{key}:password")
        # TRANSLATORS: the button of the staff sign-in form.
        if st.form_submit_button(_("Sign in"), type="primary"):
            try:
                signed = auth.authenticate(engine(), username, password, client.address())
            except auth.AuthError as exc:
                st.error(str(exc))
            else:
                token = auth.start_session(engine(), signed.user)
                st.session_state[_TOKEN] = token
                _study_as_account(signed.user)
                st.rerun()


def sign_out() -> None:
    """End the session everywhere it is held, and the learner identity of a learner account."""
    auth.end_session(engine(), st.session_state.get(_TOKEN))
    _drop_session()


def require_role(*roles: str) -> User:
    """Stop the page unless the signed-in account has one of the roles (checked on every run,
    so typing a page's URL or changing query parameters cannot skip it). Without a sign-in the
    form is drawn in place, and the page carries on once it succeeds."""
    user = current_user()
    if user is not None and user.role in roles:
        return user
    if user is None:
        st.warning(_("This page is for signed-in staff. Sign in to continue."))
        sign_in_form(key="gate-sign-in")
    else:
        st.error(_("Your account does not have access to this page."))
    st.stop()
    raise AssertionError("unreachable")
