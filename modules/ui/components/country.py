"""The lesson blocks filled from the country profile (content/country-profile.yaml): "Your national law"
and a contact card. Without a profile each shows a neutral line, so the course reads well without one.
Text from the profile is Markdown (the offence summaries, the mandates) or shown literally (names,
references, phone numbers, e-mail addresses); never HTML."""

from __future__ import annotations

import streamlit as st

from modules.domain.country_profile import CountryProfile
from modules.domain.lesson import ContactCardBlock, NationalLawBlock
from modules.i18n import N_
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)
from modules.ui.text import escape_markdown

# The messages in English (tests compare them), translated where they are shown.
# TRANSLATORS: shown in a lesson in place of the country's law when the course has no country profile.
NO_PROFILE_LAW = N_("Your trainer will tell you which national offences apply.")
# TRANSLATORS: shown in a lesson in place of a contact card when the course has no country profile.
NO_PROFILE_CONTACT = N_("Ask your trainer for the referral-mechanism contact in your country.")


def national_law(block: NationalLawBlock, profile: CountryProfile | None) -> None:
    by_id = {o.id: o for o in profile.offences} if profile is not None else {}
    offences = [by_id[i] for i in block.offences if i in by_id]
    if profile is None or not offences:
        st.info(translate(NO_PROFILE_LAW), icon=":material/gavel:")
        return
    with st.container(border=True):
        # TRANSLATORS: a heading in a lesson, above the country's offences of forced labour.
        st.markdown("#### " + _("Your national law"))
        st.caption(escape_markdown(profile.country))
        for offence in offences:
            st.markdown(f"**{escape_markdown(offence.name)}** ({escape_markdown(offence.reference)})")
            st.markdown(offence.summary)
        mandates = profile.mandates
        if block.show_mandates and mandates is not None:
            for title, text in (
                # TRANSLATORS: the two services whose mandates (what the law lets them do) follow, as headings.
                (_("Labour inspectorate"), mandates.labour_inspectorate),
                (_("Police"), mandates.police),
            ):
                if text:
                    st.markdown(f"**{title}**")
                    st.markdown(text)


def contact_card(block: ContactCardBlock, profile: CountryProfile | None) -> None:
    contact = next((c for c in profile.contacts if c.id == block.contact), None) if profile is not None else None
    if contact is None:
        st.info(translate(NO_PROFILE_CONTACT), icon=":material/contact_phone:")
        return
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(contact.name)}")
        st.caption(escape_markdown(contact.role))
        lines = []
        if contact.phone:
            # TRANSLATORS: the lines of a contact card: a phone number, an e-mail address, opening hours.
            lines.append(_("Phone: {phone}", phone=escape_markdown(contact.phone)))
        if contact.email:
            lines.append(_("E-mail: {email}", email=escape_markdown(contact.email)))
        if contact.hours:
            lines.append(_("Hours: {hours}", hours=escape_markdown(contact.hours)))
        st.markdown("  \n".join(lines))
