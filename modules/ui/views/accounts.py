"""Accounts (administrators only): create accounts with roles, deactivate, reset passwords, and
erase a learner's data completely."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.services import accounts as account_service
from modules.services import cohorts as cohort_service
from modules.services import data_protection as dp
from modules.services.auth import ROLE_TITLES, ROLES
from modules.services.identity import pretty
from modules.ui.auth import require_role
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

admin = require_role("admin")
reg = registry()
eng = engine()
tracks = reg.track_ids()
track_titles = {t.id: t.title for t in reg.course.tracks} if reg.course else {}

st.title("Accounts")
accounts = account_service.list_accounts(eng, admin)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Username": u.username,
                "Name": u.display_name,
                "Role": ROLE_TITLES.get(u.role, u.role),
                "Active": "yes" if u.active else "no",
                "Learner id": u.learner_id if u.learner_id is not None else "",
            }
            for u in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)

create_tab, manage_tab, erase_tab = st.tabs(["Create an account", "Deactivate or reset", "Erase a learner's data"])

with create_tab, st.form("create-account", clear_on_submit=True):
    c1, c2 = st.columns(2)
    username = c1.text_input("Username (or the e-mail used with single sign-on)", max_chars=80)
    display = c2.text_input("Display name", max_chars=80)
    role = st.radio(
        "Role", ROLES, index=ROLES.index("facilitator"), format_func=lambda r: ROLE_TITLES[r], horizontal=True
    )
    track = st.selectbox("Track (learner accounts)", tracks, format_func=lambda t: track_titles.get(t, t))
    p1, p2 = st.columns(2)
    password = p1.text_input("Password (at least 10 characters)", type="password", autocomplete="new-password")
    repeat = p2.text_input("Repeat the password", type="password", autocomplete="new-password")
    if st.form_submit_button("Create account", type="primary"):
        if password != repeat:
            st.error("Password: the two entries differ.")
        else:
            try:
                created, code = account_service.create_account(
                    eng, admin, username, display, role, password, track, tracks
                )
            except account_service.AccountError as exc:
                st.error(str(exc))
            else:
                note = f" Their resume code, shown only now, is **`{pretty(code)}`**." if code else ""
                st.success(
                    f"Account '{escape_markdown(created.username)}' created as {ROLE_TITLES[created.role]}.{note}"
                )

with manage_tab:
    by_id = {u.id: u for u in accounts}
    chosen = st.selectbox(
        "Account",
        list(by_id),
        format_func=lambda i: (
            f"{by_id[i].username} · {ROLE_TITLES.get(by_id[i].role, by_id[i].role)}"
            + ("" if by_id[i].active else " (inactive)")
        ),
        key="manage-account",
    )
    target = by_id[chosen] if chosen is not None else None
    if target is not None:
        if target.active:
            if st.button("Deactivate this account", disabled=target.id == admin.id):
                try:
                    account_service.set_account_active(eng, admin, target.id, False)
                except account_service.AccountError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
        elif st.button("Reactivate this account"):
            account_service.set_account_active(eng, admin, target.id, True)
            st.rerun()
        with st.form("reset-password", clear_on_submit=True):
            new = st.text_input("New password", type="password", autocomplete="new-password")
            if st.form_submit_button("Reset password"):
                try:
                    account_service.reset_password(eng, admin, target.id, new)
                except account_service.AccountError as exc:
                    st.error(str(exc))
                else:
                    st.success(f"Password of '{escape_markdown(target.username)}' reset; any sign-in lock is lifted.")

with erase_tab:
    st.markdown(
        "Erasure is **complete and cannot be undone**: attempts, answers, knowledge checks, lesson progress, "
        "certificates, cohort memberships and the learner's own account. A record keeps only the id, "
        "who erased it and when."
    )
    ref = st.text_input("Learner id (as in reports: 42 or L-00042)", max_chars=20)
    learner_id = dp.parse_learner_ref(ref)
    if ref and learner_id is None:
        st.error("Learner id: a number such as 42, or a pseudonym such as L-00042.")
    learner = account_service.learner_record(eng, admin, learner_id) if learner_id is not None else None
    if learner_id is not None and learner is None:
        st.error("No learner has this id (already erased?).")
    if learner is not None:
        cohorts = cohort_service.learner_cohorts(eng, learner.id)
        rows = dp.rows_about(eng, learner.id)
        st.markdown(
            f"**{escape_markdown(learner.display_name)}** (id {learner.id}, {dp.pseudonym(learner.id)}), "
            f"track {escape_markdown(track_titles.get(learner.track, learner.track))}; cohorts: "
            + (", ".join(escape_markdown(c.name) for c in cohorts) or "none")
        )
        st.caption("Rows that will be erased: " + ", ".join(f"{k}: {v}" for k, v in sorted(rows.items())))
        with st.form("erase"):
            confirm = st.text_input(f"Type ERASE {learner.id} to confirm")
            if st.form_submit_button("Erase this learner's data", type="primary"):
                if confirm.strip() != f"ERASE {learner.id}":
                    st.error(f"Confirmation: type ERASE {learner.id} exactly.")
                else:
                    done = account_service.erase_learner(eng, admin, learner.id)
                    st.success(f"Erased learner {done.learner_id}: {done.total} row(s).")
