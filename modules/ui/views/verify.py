"""Public certificate verification: confirms or denies a code (valid, revoked or replaced, with the
date) and shows only what the certificate itself shows: the holder and whether the programme
recorded the name, course, track, programme and cohort, dates. See services/certificates.py."""

from __future__ import annotations

import datetime

import streamlit as st

from modules.i18n import LANGUAGES, SOURCE_LANGUAGE, current, format_date
from modules.i18n import gettext as _
from modules.services import certificates as certificate_service
from modules.ui.resources import engine
from modules.ui.text import escape_markdown


def _long_date(d: datetime.date) -> str:
    """'7 March 2025' in English, as the certificate prints it (export/certificate_pdf.long_date); the
    language's own long date otherwise ('7 mars 2025', '7 de marzo de 2025')."""
    return format_date(d, format="d MMMM y" if current() == SOURCE_LANGUAGE else "long")


st.title(_("Verify a certificate"))
st.markdown(_("Type the verification code printed on the certificate, or scan its QR code."))
given = st.query_params.get("code", "")[:64]
with st.form("verify"):
    raw = st.text_input(_("Verification code"), value=given, placeholder="XXXX-XXXX-XXXX", max_chars=64)
    submitted = st.form_submit_button(_("Verify"), key="verify-submit", type="primary")
if submitted:
    st.query_params["code"] = raw.strip()[:64]
    given = raw
if given.strip():
    record = certificate_service.verify(engine(), given)
    if record is None:
        st.error(_("No certificate has this code. Check the code, or ask the holder for the original."))
    else:
        since = _long_date(record.status_since) if record.status_since else ""
        if record.status == "revoked":
            # TRANSLATORS: {code} is the certificate's verification code; {date}, the day it was revoked.
            st.error(
                _("Certificate {code} was **revoked** on {date}: it is no longer valid.", code=record.code, date=since)
            )
        elif record.status == "superseded":
            st.warning(
                # TRANSLATORS: {code} is the certificate's verification code; {date}, the day it was replaced.
                _(
                    "Certificate {code} was **replaced** on {date} by a newer certificate with another code: "
                    "ask the holder for the current one.",
                    code=record.code,
                    date=since,
                )
            )
        else:
            st.success(_("Certificate {code} is **valid**.", code=record.code))
        name_basis = (
            # TRANSLATORS: in brackets after the certificate holder's name: who gave the name.
            _("recorded by the programme") if record.name_recorded_by_programme else _("self-declared by the learner")
        )
        # TRANSLATORS: the certificate's details, each label in bold before its value.
        holder, course, track = _("Holder:"), _("Course:"), _("Track:")
        programme, completed, issued = _("Programme and cohort:"), _("Completed on:"), _("Issued on:")
        # TRANSLATORS: the language the certificate is written in (its name follows, in that language).
        written_in = _("Written in:")
        # TRANSLATORS: in place of the programme and cohort of a certificate earned by studying alone.
        cohort = escape_markdown(record.programme or _("none: self-paced study"))
        st.markdown(
            f"- **{holder}** {escape_markdown(record.holder)} ({name_basis})\n"
            f"- **{course}** {escape_markdown(record.course)}\n"
            f"- **{track}** {escape_markdown(record.track)}\n"
            f"- **{programme}** {cohort}\n"
            f"- **{completed}** {_long_date(record.completed_on)}\n"
            f"- **{issued}** {_long_date(record.issued_on)}\n"
            f"- **{written_in}** {LANGUAGES.get(record.language, record.language)}"
        )
    st.caption(_("This page shows only what the certificate shows, and nothing about other learners."))
