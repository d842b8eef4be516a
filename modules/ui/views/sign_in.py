"""Staff sign-in (facilitators, programme viewers, administrators)."""

from __future__ import annotations

import streamlit as st

from modules.i18n import gettext as _
from modules.ui import auth
from modules.ui.text import escape_markdown

st.title(_("Staff sign-in"))
user = auth.current_user()
if user is None:
    st.markdown(
        _(
            "Facilitators, programme viewers and administrators sign in here, and learners whose programme "
            "gave them an account. Other learners need no account: they start on the home page and keep "
            "their resume code."
        )
    )
    auth.sign_in_form()
else:
    st.success(
        # TRANSLATORS: {name} is the account's display name, {role} its role (Facilitator, Administrator…).
        _(
            "Signed in as {name} ({role}).",
            name=escape_markdown(user.display_name),
            role=auth.role_title(user.role),
        )
    )
    if st.button(_("Sign out"), key="sign-in:sign-out"):
        auth.sign_out()
        st.rerun()
