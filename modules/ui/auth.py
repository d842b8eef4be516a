"""Staff sign-in for the UI. The signed-in account lives in session state (ids only); a refresh
asks for the password again, so a shared or projected screen never carries a credential in its URL.
Where Streamlit's OpenID Connect sign-in is configured (`[auth]` in secrets), a signed-in
identity whose e-mail matches an account's username is mapped onto that account's role."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from modules.services import auth
from modules.storage import users as users_repo
from modules.storage.users import User
from modules.ui.resources import engine

_KEY = "staff_user_id"


def current_user() -> User | None:
    user_id = st.session_state.get(_KEY)
    if user_id is not None:
        user = _cached_user(user_id)
        if user is not None and user.active:
            return user
        st.session_state.pop(_KEY, None)
    return _oidc_user()


def _cached_user(user_id: int) -> User | None:
    cached: User | None = st.session_state.get("staff_user")
    if cached is not None and cached.id == user_id:
        return cached
    user = users_repo.by_id(engine(), user_id)
    st.session_state["staff_user"] = user
    return user


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
    found = users_repo.by_username(engine(), email.lower()) if email else None
    if found is None or not found.user.active:
        return None
    st.session_state[_KEY] = found.user.id
    return found.user


def role() -> str | None:
    user = current_user()
    return user.role if user else None


def sign_in_form(key: str = "staff-sign-in") -> None:
    with st.form(key):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        if st.form_submit_button("Sign in", type="primary"):
            try:
                signed = auth.authenticate(engine(), username, password)
            except auth.AuthError as exc:
                st.error(str(exc))
            else:
                st.session_state[_KEY] = signed.user.id
                st.session_state["staff_user"] = signed.user
                if signed.user.role == "learner":  # a learner account studies as its learner record
                    from modules.services.accounts import learner_for_account
                    from modules.ui.session import adopt_learner

                    record = learner_for_account(engine(), signed.user)
                    if record is not None:
                        adopt_learner(record)
                st.rerun()


def sign_out() -> None:
    st.session_state.pop(_KEY, None)
    st.session_state.pop("staff_user", None)


def require_role(*roles: str) -> User:
    """Stop the page unless the signed-in account has one of the roles (checked on every run,
    so typing a page's URL or changing query parameters cannot skip it)."""
    user = current_user()
    if user is not None and user.role in roles:
        return user
    if user is None:
        st.warning("This page is for signed-in staff. Sign in to continue.")
        sign_in_form(key="gate-sign-in")
    else:
        st.error("Your account does not have access to this page.")
    st.stop()
    raise AssertionError("unreachable")  # st.stop raises
