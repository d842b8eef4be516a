"""A cohort's members as their facilitator manages them: new resume codes (only where the policy
allows), names confirmed for certificates, and the members' certificates, revoked or re-issued
with the reason kept. Every change goes through a service that asks services/policy.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.services import roster as roster_service
from modules.services.cohorts import Cohort, Forbidden, InvalidInput, Member
from modules.services.identity import pretty
from modules.storage.users import User
from modules.ui.text import escape_markdown


def reissue_form(eng: Engine, user: User, cohort: Cohort, members: list[Member]) -> None:
    """A new resume code, only for those the policy allows (roster-enrolled, or who agreed)."""
    allowed = roster_service.reissuable(user, cohort, members)
    st.markdown("**A learner lost their resume code?**")
    _show_flash("code")
    log = roster_service.reissue_log(eng, user, cohort.id)
    if log:
        names = {m.learner_id: m.display_name for m in members}
        with st.expander(f"Codes reissued in this cohort ({len(log)})"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Learner": names.get(int(str(r["learner_id"])), str(r["learner_id"])),
                            "By": r["by_name"] or "(account removed)",
                            "Grounds": "roster" if r["basis"] == "roster" else "learner's consent",
                            "When (UTC)": f"{r['at']:%Y-%m-%d %H:%M}",
                        }
                        for r in log
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    if not allowed:
        st.caption(
            "New codes can be issued to learners enrolled from your roster, and to learners who agreed to it on "
            "their My programme page. Others keep the only copy of their code."
        )
        return
    with st.form("reissue"):
        st.caption("Issue a new one: the old code stops working, and the reissue is recorded.")
        labels = {m.learner_id: f"{m.display_name} (id {m.learner_id})" for m in allowed}
        who = st.selectbox("Learner", list(labels), format_func=labels.__getitem__)
        if st.form_submit_button("Issue a new code"):
            try:
                code = roster_service.reissue_code(eng, user, cohort.id, who)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                _flash(
                    f"New resume code for {escape_markdown(labels[who])}: **`{pretty(code)}`**. "
                    "It is shown only now: hand it over privately.",
                    "code",
                )


def confirm_names_form(eng: Engine, user: User, cohort: Cohort, members: list[Member]) -> None:
    """Names checked against the person go on certificates as 'recorded by the programme'."""
    if not cohort_service.can_see_names(user, cohort):
        return
    pending = [m for m in members if not m.confirmed_name]
    st.markdown("**Confirm names for certificates**")
    _show_flash("name")
    if not pending:
        st.caption("Every member's name is recorded by the programme (roster or confirmed).")
        return
    with st.form("confirm-name", clear_on_submit=True):
        st.caption(
            "Learners who joined with the code typed their own name. Check it against their ID or staff list, "
            "correct it if needed, and confirm: their certificate then carries it as recorded by the programme."
        )
        labels = {m.learner_id: f"{m.display_name} (id {m.learner_id})" for m in pending}
        who = st.selectbox("Learner", list(labels), format_func=labels.__getitem__, key="confirm-who")
        name = st.text_input("Name as it should appear on the certificate", max_chars=60, key="confirm-name-text")
        if st.form_submit_button("Confirm this name"):
            try:
                chosen = name or next(m.display_name for m in pending if m.learner_id == who)
                confirmed = cohort_service.confirm_name(eng, user, cohort.id, who, chosen)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                _flash(
                    f"Name confirmed: {escape_markdown(confirmed)}. If they already hold a certificate, re-issue it "
                    "on the Certificates tab so it carries the confirmed name."
                )


STATUS_LABELS = {"valid": "valid", "revoked": "revoked", "superseded": "replaced"}


def certificates(eng: Engine, reg: Registry, user: User, cohort: Cohort, names: dict[int, str]) -> None:
    """The members' certificates, and revoking or re-issuing one with the reason kept."""
    _show_flash("certificate")
    held = certificate_service.for_cohort(eng, user, cohort.id)
    if not held:
        st.info("No member holds a certificate yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Code": certificate_service.pretty_code(c.code),
                    "Learner": names.get(c.learner_id, str(c.learner_id)),
                    "Name printed": c.learner_name if cohort_service.can_see_names(user, cohort) else "",
                    "Name basis": "programme" if c.basis == "programme" else "self-declared",
                    "Status": STATUS_LABELS.get(c.status, c.status),
                    "Issued": c.issued_at.strftime("%Y-%m-%d"),
                    "Reason": c.revoked_reason or "",
                }
                for c in held
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    current = {c.id: c for c in held if c.valid}
    if not current:
        return
    with st.form("certificate-change", clear_on_submit=True):
        labels = {
            i: f"{certificate_service.pretty_code(c.code)} · {names.get(c.learner_id, c.learner_id)}"
            for i, c in current.items()
        }
        which = st.selectbox("Certificate", list(labels), format_func=labels.__getitem__)
        what = st.radio(
            "Action",
            ["reissue", "revoke"],
            format_func={"reissue": "Re-issue (new code, from the records as they are now)", "revoke": "Revoke"}.get,
            horizontal=True,
        )
        reason = st.text_input("Reason (kept with the record)", max_chars=300)
        if st.form_submit_button("Apply", type="primary"):
            try:
                if what == "revoke":
                    certificate_service.revoke(eng, user, which, reason)
                    message = "Revoked: its code now verifies as revoked."
                else:
                    new = certificate_service.reissue(eng, reg, user, which, reason)
                    message = (
                        f"Re-issued as {certificate_service.pretty_code(new.code)}; the old code now reads 'replaced'."
                    )
            except (certificate_service.CertificateRefused, Forbidden) as exc:
                st.error(str(exc))
            else:
                _flash(message, "certificate")


def _flash(message: str, kind: str = "name") -> None:
    """Say what was done after the rerun that redraws the lists with it."""
    st.session_state[f"cohort-flash:{kind}"] = message
    st.rerun()


def _show_flash(kind: str) -> None:
    message = st.session_state.pop(f"cohort-flash:{kind}", None)
    if message:
        st.success(message)
