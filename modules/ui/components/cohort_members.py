"""A cohort's members as their facilitator manages them: new resume codes (only where the policy
allows), names confirmed for certificates, and the members' certificates, revoked or re-issued
with the reason kept. Every change goes through a service that asks services/policy.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.i18n import N_
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (STATUS_LABELS)
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
    st.markdown(_("**A learner lost their resume code?**"))
    _show_flash("code")
    log = roster_service.reissue_log(eng, user, cohort.id)
    if log:
        names = {m.learner_id: m.display_name for m in members}
        # TRANSLATORS: who reissued a code, when the account that did it no longer exists.
        removed = _("(account removed)")
        # TRANSLATORS: on what grounds a code was reissued: the learner came from the roster, or agreed to it.
        by_roster, by_consent = _("roster"), _("learner's consent")
        # TRANSLATORS: {n} is how many resume codes were reissued.
        with st.expander(_("Codes reissued in this cohort ({n})", n=len(log))):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            # TRANSLATORS: column headers of the table of reissued resume codes.
                            _("Learner"): names.get(int(str(r["learner_id"])), str(r["learner_id"])),
                            # TRANSLATORS: column header: the staff member who issued the new code.
                            _("By"): r["by_name"] or removed,
                            _("Grounds"): by_roster if r["basis"] == "roster" else by_consent,
                            _("When (UTC)"): f"{r['at']:%Y-%m-%d %H:%M}",
                        }
                        for r in log
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    if not allowed:
        st.caption(
            _(
                "New codes can be issued to learners enrolled from your roster, and to learners who agreed to it "
                "on their My programme page. Others keep the only copy of their code."
            )
        )
        return
    with st.form("reissue"):
        st.caption(_("Issue a new one: the old code stops working, and the reissue is recorded."))
        labels = {m.learner_id: _member(m) for m in allowed}
        who = st.selectbox(_("Learner"), list(labels), format_func=labels.__getitem__, key=f"reissue-who-{cohort.id}")
        if st.form_submit_button(_("Issue a new code")):
            try:
                code = roster_service.reissue_code(eng, user, cohort.id, who)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                _flash(
                    # TRANSLATORS: {learner} is the learner's name and id; {code} their new resume code.
                    _(
                        "New resume code for {learner}: {code}. It is shown only now: hand it over privately.",
                        learner=escape_markdown(labels[who]),
                        code="**`" + pretty(code) + "`**",
                    ),
                    "code",
                )


def confirm_names_form(eng: Engine, user: User, cohort: Cohort, members: list[Member]) -> None:
    """Names checked against the person go on certificates as 'recorded by the programme'."""
    if not cohort_service.can_see_names(user, cohort):
        return
    pending = [m for m in members if not m.confirmed_name]
    st.markdown(_("**Confirm names for certificates**"))
    _show_flash("name")
    if not pending:
        st.caption(_("Every member's name is recorded by the programme (roster or confirmed)."))
        return
    with st.form("confirm-name", clear_on_submit=True):
        st.caption(
            _(
                "Learners who joined with the code typed their own name. Check it against their ID or staff list, "
                "correct it if needed, and confirm: their certificate then carries it as recorded by the programme."
            )
        )
        labels = {m.learner_id: _member(m) for m in pending}
        who = st.selectbox(_("Learner"), list(labels), format_func=labels.__getitem__, key="confirm-who")
        name = st.text_input(_("Name as it should appear on the certificate"), max_chars=60, key="confirm-name-text")
        if st.form_submit_button(_("Confirm this name")):
            try:
                chosen = name or next(m.display_name for m in pending if m.learner_id == who)
                confirmed = cohort_service.confirm_name(eng, user, cohort.id, who, chosen)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                _flash(
                    # TRANSLATORS: {name} is the confirmed name; "Certificates" is the tab of that name.
                    _(
                        "Name confirmed: {name}. If they already hold a certificate, re-issue it on the "
                        "Certificates tab so it carries the confirmed name.",
                        name=escape_markdown(confirmed),
                    )
                )


def _member(m: Member) -> str:
    # TRANSLATORS: a learner in a list: {name} is their name, {id} their number.
    return _("{name} (id {id})", name=m.display_name, id=m.learner_id)


STATUS_LABELS = {
    # TRANSLATORS: a certificate's status in the table of a cohort's certificates.
    "valid": N_("valid"),
    "revoked": N_("revoked"),
    # TRANSLATORS: a certificate's status: another certificate replaced it.
    "superseded": N_("replaced"),
}


def certificates(eng: Engine, reg: Registry, user: User, cohort: Cohort, names: dict[int, str]) -> None:
    """The members' certificates, and revoking or re-issuing one with the reason kept."""
    _show_flash("certificate")
    held = certificate_service.for_cohort(eng, user, cohort.id)
    if not held:
        st.info(_("No member holds a certificate yet."))
        return
    # TRANSLATORS: whose word a certificate's name rests on: the programme's records, or the learner's own.
    by_programme, self_declared = _("programme"), _("self-declared")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    # TRANSLATORS: column headers of the table of a cohort's certificates.
                    _("Code"): certificate_service.pretty_code(c.code),
                    _("Learner"): names.get(c.learner_id, str(c.learner_id)),
                    _("Name printed"): c.learner_name if cohort_service.can_see_names(user, cohort) else "",
                    _("Name basis"): by_programme if c.basis == "programme" else self_declared,
                    _("Status"): translate(STATUS_LABELS[c.status]) if c.status in STATUS_LABELS else c.status,
                    _("Issued"): c.issued_at.strftime("%Y-%m-%d"),
                    _("Reason"): c.revoked_reason or "",
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
        which = st.selectbox(
            _("Certificate"), list(labels), format_func=labels.__getitem__, key=f"certificate-which-{cohort.id}"
        )
        actions = {
            "reissue": _("Re-issue (new code, from the records as they are now)"),
            "revoke": _("Revoke"),
        }
        what = st.radio(
            # TRANSLATORS: what to do with the chosen certificate (re-issue or revoke it).
            _("Action"),
            list(actions),
            format_func=actions.__getitem__,
            horizontal=True,
            key=f"certificate-action-{cohort.id}",
        )
        reason = st.text_input(_("Reason (kept with the record)"), max_chars=300, key=f"certificate-reason-{cohort.id}")
        # TRANSLATORS: the button that re-issues or revokes the chosen certificate.
        if st.form_submit_button(_("Apply"), type="primary"):
            try:
                if what == "revoke":
                    certificate_service.revoke(eng, user, which, reason)
                    message = _("Revoked: its code now verifies as revoked.")
                else:
                    new = certificate_service.reissue(eng, reg, user, which, reason)
                    # TRANSLATORS: {code} is the new certificate's code; 'replaced' is the old one's status.
                    message = _(
                        "Re-issued as {code}; the old code now reads 'replaced'.",
                        code=certificate_service.pretty_code(new.code),
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
