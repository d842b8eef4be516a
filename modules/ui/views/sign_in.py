"""Staff sign-in (facilitators, programme viewers, administrators)."""

from __future__ import annotations

import streamlit as st

from modules.services.auth import ROLE_TITLES
from modules.ui import auth
from modules.ui.text import escape_markdown

st.title("Staff sign-in")
user = auth.current_user()
if user is None:
    st.markdown(
        "Facilitators, programme viewers and administrators sign in here, and learners whose programme "
        "gave them an account. Other learners need no account: they start on the home page and keep "
        "their resume code."
    )
    auth.sign_in_form()
else:
    st.success(f"Signed in as {escape_markdown(user.display_name)} ({ROLE_TITLES.get(user.role, user.role)}).")
    if st.button("Sign out"):
        auth.sign_out()
        st.rerun()
