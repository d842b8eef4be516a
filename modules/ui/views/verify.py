"""Public certificate verification: confirms or denies a code and shows only what the certificate
itself shows (holder, course, track, date). See services/certificates.py for why exactly that."""

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
    elif record.status == "revoked":
        st.warning(f"Certificate {record.code} was **revoked**: it is no longer valid.")
    else:
        st.success(f"Certificate {record.code} is **valid**.")
        st.markdown(
            f"- **Holder:** {escape_markdown(record.holder)}\n"
            f"- **Course:** {escape_markdown(record.course)}\n"
            f"- **Track:** {escape_markdown(record.track)}\n"
            f"- **Completed on:** {long_date(record.completed_on)}"
        )
    st.caption("This page shows only what the certificate shows, and nothing about other learners.")
