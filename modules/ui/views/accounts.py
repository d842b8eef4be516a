"""Accounts (administrators only): create accounts with roles, deactivate, reset passwords, and
erase a learner's data completely."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import accounts as account_service
from modules.services import cohorts as cohort_service
from modules.services import data_protection as dp
from modules.services.auth import ROLES
from modules.services.identity import pretty
from modules.ui.auth import require_role, role_title
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

admin = require_role("admin")
reg = registry()
eng = engine()
tracks = reg.track_ids()
track_titles = {t.id: t.title for t in reg.course.tracks} if reg.course else {}

st.title(_("Accounts"))
accounts = account_service.list_accounts(eng, admin)
yes, no = _("yes"), _("no")
st.dataframe(
    pd.DataFrame(
        [
            {
                # TRANSLATORS: column headers of the table of accounts.
                _("Username"): u.username,
                _("Name"): u.display_name,
                _("Role"): role_title(u.role),
                # TRANSLATORS: column header; its cells say yes or no.
                _("Active"): yes if u.active else no,
                _("Learner id"): u.learner_id if u.learner_id is not None else "",
            }
            for u in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)

create_tab, manage_tab, erase_tab = st.tabs(
    # TRANSLATORS: the three tabs of the Accounts page.
    [_("Create an account"), _("Deactivate or reset"), _("Erase a learner's data")]
)

with create_tab, st.form("create-account", clear_on_submit=True):
    c1, c2 = st.columns(2)
    username = c1.text_input(
        _("Username (or the e-mail used with single sign-on)"), max_chars=80, key="create-account:username"
    )
    display = c2.text_input(_("Display name"), max_chars=80, key="create-account:display-name")
    role = st.radio(
        _("Role"),
        ROLES,
        index=ROLES.index("facilitator"),
        format_func={r: role_title(r) for r in ROLES}.__getitem__,
        horizontal=True,
        key="create-account:role",
    )
    track = st.selectbox(
        _("Track (learner accounts)"),
        tracks,
        format_func=lambda t: track_titles.get(t, t),
        key="create-account:track",
    )
    p1, p2 = st.columns(2)
    password = p1.text_input(
        _("Password (at least 10 characters)"),
        type="password",
        autocomplete="new-password",
        key="create-account:password",
    )
    repeat = p2.text_input(
        _("Repeat the password"), type="password", autocomplete="new-password", key="create-account:repeat"
    )
    if st.form_submit_button(_("Create account"), type="primary"):
        if password != repeat:
            st.error(_("Password: the two entries differ."))
        else:
            try:
                created, code = account_service.create_account(
                    eng, admin, username, display, role, password, track, tracks
                )
            except account_service.AccountError as exc:
                st.error(str(exc))
            else:
                # TRANSLATORS: {username} is the new account's username, {role} its role (Facilitator…).
                message = _(
                    "Account '{username}' created as {role}.",
                    username=escape_markdown(created.username),
                    role=role_title(created.role),
                )
                if code:
                    # TRANSLATORS: after "Account '…' created as Learner."; {code} is the learner's resume code.
                    message += " " + _(
                        "Their resume code, shown only now, is {code}.", code="**`" + pretty(code) + "`**"
                    )
                st.success(message)

with manage_tab:
    by_id = {u.id: u for u in accounts}
    # TRANSLATORS: after an account's username and role in a list of accounts.
    inactive = " " + _("(inactive)")
    account_labels = {u.id: f"{u.username} · {role_title(u.role)}" + ("" if u.active else inactive) for u in accounts}
    chosen = st.selectbox(_("Account"), list(by_id), format_func=account_labels.__getitem__, key="manage-account")
    target = by_id[chosen] if chosen is not None else None
    if target is not None:
        if target.active:
            if st.button(
                _("Deactivate this account"), disabled=target.id == admin.id, key=f"deactivate-account-{target.id}"
            ):
                try:
                    account_service.set_account_active(eng, admin, target.id, False)
                except account_service.AccountError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
        elif st.button(_("Reactivate this account"), key=f"reactivate-account-{target.id}"):
            account_service.set_account_active(eng, admin, target.id, True)
            st.rerun()
        with st.form("reset-password", clear_on_submit=True):
            new = st.text_input(
                _("New password"), type="password", autocomplete="new-password", key="reset-password:new"
            )
            if st.form_submit_button(_("Reset password")):
                try:
                    account_service.reset_password(eng, admin, target.id, new)
                except account_service.AccountError as exc:
                    st.error(str(exc))
                else:
                    st.success(
                        # TRANSLATORS: {username} is the account's username.
                        _(
                            "Password of '{username}' reset; any sign-in lock is lifted.",
                            username=escape_markdown(target.username),
                        )
                    )

with erase_tab:
    st.markdown(
        _(
            "Erasure is **complete and cannot be undone**: attempts, answers, knowledge checks, lesson progress, "
            "certificates, cohort memberships and the learner's own account. A record keeps only the id, "
            "who erased it and when."
        )
    )
    ref = st.text_input(_("Learner id (as in reports: 42 or L-00042)"), max_chars=20, key="erase:learner-ref")
    learner_id = dp.parse_learner_ref(ref)
    if ref and learner_id is None:
        st.error(_("Learner id: a number such as 42, or a pseudonym such as L-00042."))
    learner = account_service.learner_record(eng, admin, learner_id) if learner_id is not None else None
    if learner_id is not None and learner is None:
        st.error(_("No learner has this id (already erased?)."))
    if learner is not None:
        cohorts = cohort_service.learner_cohorts(eng, learner.id)
        rows = dp.rows_about(eng, learner.id)
        # TRANSLATORS: in place of a list of cohorts, when the learner is in none.
        cohort_names = ", ".join(escape_markdown(c.name) for c in cohorts) or _("none")
        st.markdown(
            # TRANSLATORS: the learner about to be erased. {name}: their name; {id}: their number;
            # {pseudonym}: their id in reports (L-00042); {track}: their track; {cohorts}: a list of cohort names.
            _(
                "**{name}** (id {id}, {pseudonym}), track {track}; cohorts: {cohorts}",
                name=escape_markdown(learner.display_name),
                id=learner.id,
                pseudonym=dp.pseudonym(learner.id),
                track=escape_markdown(track_titles.get(learner.track, learner.track)),
                cohorts=cohort_names,
            )
        )
        st.caption(
            # TRANSLATORS: {rows} lists the database tables and how many rows each holds ("attempts: 3, answers: 12").
            _(
                "Rows that will be erased: {rows}",
                rows=", ".join(f"{k}: {v}" for k, v in sorted(rows.items())),
            )
        )
        phrase = f"ERASE {learner.id}"  # typed as it is, in every language
        with st.form("erase"):
            # TRANSLATORS: {phrase} is what to type, as it is (ERASE and the learner's number): do not translate it.
            confirm = st.text_input(_("Type {phrase} to confirm", phrase=phrase), key=f"erase:confirm-{learner.id}")
            if st.form_submit_button(_("Erase this learner's data"), type="primary"):
                if confirm.strip() != phrase:
                    # TRANSLATORS: {phrase} is what to type, as it is (ERASE and the learner's number).
                    st.error(_("Confirmation: type {phrase} exactly.", phrase=phrase))
                else:
                    done = account_service.erase_learner(eng, admin, learner.id)
                    st.success(
                        # TRANSLATORS: {learner} is the erased learner's number; {n} how many database rows went.
                        ngettext(
                            "Erased learner {learner}: {n} row.",
                            "Erased learner {learner}: {n} rows.",
                            done.total,
                            learner=done.learner_id,
                        )
                    )
