"""Public certificate verification: confirms or denies a code (valid, revoked or replaced, with the
date) and shows only what the certificate itself shows: the holder and whether the programme
recorded the name, course, track, programme and cohort, dates. See services/certificates.py."""

from __future__ import annotations

import streamlit as st

from modules.export.certificate_pdf import long_date
from modules.services import certificates as certificate_service
from modules.ui.resources import engine
from modules.ui.text import escape_markdown

st.title("Verify a certificate")
st.markdown("Type the verification code printed on the certificate, or scan its QR code.")
given = st.query_params.get("code", "")[:64]
with st.form("verify"):
    raw = st.text_input("Verification code", value=given, placeholder="XXXX-XXXX-XXXX", max_chars=64)
    submitted = st.form_submit_button("Verify", type="primary")
if submitted:
    st.query_params["code"] = raw.strip()[:64]
    given = raw
if given.strip():
    record = certificate_service.verify(engine(), given)
    if record is None:
        st.error("No certificate has this code. Check the code, or ask the holder for the original.")
    else:
        since = long_date(record.status_since) if record.status_since else ""
        if record.status == "revoked":
            st.error(f"Certificate {record.code} was **revoked** on {since}: it is no longer valid.")
        elif record.status == "superseded":
            st.warning(
                f"Certificate {record.code} was **replaced** on {since} by a newer certificate with another code: "
                "ask the holder for the current one."
            )
        else:
            st.success(f"Certificate {record.code} is **valid**.")
        name_basis = (
            "recorded by the programme" if record.name_recorded_by_programme else "self-declared by the learner"
        )
        st.markdown(
            f"- **Holder:** {escape_markdown(record.holder)} ({name_basis})\n"
            f"- **Course:** {escape_markdown(record.course)}\n"
            f"- **Track:** {escape_markdown(record.track)}\n"
            f"- **Programme and cohort:** {escape_markdown(record.programme or 'none: self-paced study')}\n"
            f"- **Completed on:** {long_date(record.completed_on)}\n"
            f"- **Issued on:** {long_date(record.issued_on)}"
        )
    st.caption("This page shows only what the certificate shows, and nothing about other learners.")
