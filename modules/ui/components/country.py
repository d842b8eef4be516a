"""The lesson blocks filled from the country profile (content/country-profile.yaml): "Your national law"
and a contact card. Without a profile each shows a neutral line, so the course reads well without one.
Text from the profile is Markdown (the offence summaries, the mandates) or shown literally (names,
references, phone numbers, e-mail addresses); never HTML."""

from __future__ import annotations

import streamlit as st

from modules.domain.country_profile import CountryProfile
from modules.domain.lesson import ContactCardBlock, NationalLawBlock
from modules.ui.text import escape_markdown

NO_PROFILE_LAW = "Your trainer will tell you which national offences apply."
NO_PROFILE_CONTACT = "Ask your trainer for the referral-mechanism contact in your country."


def national_law(block: NationalLawBlock, profile: CountryProfile | None) -> None:
    by_id = {o.id: o for o in profile.offences} if profile is not None else {}
    offences = [by_id[i] for i in block.offences if i in by_id]
    if profile is None or not offences:
        st.info(NO_PROFILE_LAW, icon=":material/gavel:")
        return
    with st.container(border=True):
        st.markdown("#### Your national law")
        st.caption(escape_markdown(profile.country))
        for offence in offences:
            st.markdown(f"**{escape_markdown(offence.name)}** ({escape_markdown(offence.reference)})")
            st.markdown(offence.summary)
        mandates = profile.mandates
        if block.show_mandates and mandates is not None:
            for title, text in (("Labour inspectorate", mandates.labour_inspectorate), ("Police", mandates.police)):
                if text:
                    st.markdown(f"**{title}**")
                    st.markdown(text)


def contact_card(block: ContactCardBlock, profile: CountryProfile | None) -> None:
    contact = next((c for c in profile.contacts if c.id == block.contact), None) if profile is not None else None
    if contact is None:
        st.info(NO_PROFILE_CONTACT, icon=":material/contact_phone:")
        return
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(contact.name)}")
        st.caption(escape_markdown(contact.role))
        lines = [
            f"{label}: {escape_markdown(value)}"
            for label, value in (("Phone", contact.phone), ("E-mail", contact.email), ("Hours", contact.hours))
            if value
        ]
        st.markdown("  \n".join(lines))
