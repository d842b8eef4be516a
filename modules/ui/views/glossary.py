"""The glossary (/glossary, or /glossary?term=<id> from a link in a lesson): every term of
content/glossary.yaml in alphabetical order, with its definition and source. Opened with a term id, that
term is shown first, highlighted. Open to everyone; nothing is stored."""

from __future__ import annotations

import streamlit as st

from modules.content.glossary import alphabetical, normalise
from modules.domain.glossary import GlossaryTerm
from modules.i18n import gettext as _
from modules.ui.resources import registry
from modules.ui.text import escape_markdown

reg = registry()
st.title(_("Glossary"))
terms = alphabetical(reg.glossary)
if not terms:
    st.info(_("This course has no glossary yet."), icon=":material/dictionary:")
    st.stop()

wanted = st.query_params.get("term", "")
chosen = reg.glossary_term(wanted) if wanted else None


def _entry(term: GlossaryTerm) -> None:
    st.markdown(f"**{escape_markdown(term.term)}**")
    if term.aliases:
        # TRANSLATORS: under a glossary term: {aliases} are the term's other names, separated by commas.
        st.caption(_("Also: {aliases}", aliases=", ".join(escape_markdown(a) for a in term.aliases)))
    st.markdown(term.definition)
    link = f"[{escape_markdown(term.source.title)}]({term.source.url})"
    # TRANSLATORS: {link} is the title of the source document, linked to it.
    st.caption(_("Source: {link}", link=link))


if chosen is not None:
    # TRANSLATORS: in bold, above the glossary entry that a link in a lesson opened.
    looked_up = _("The term you looked up")
    st.markdown(f"**{looked_up}**")
    with st.container(border=True, key="glossary-chosen"):
        _entry(chosen)
elif wanted:
    # TRANSLATORS: {term} is the term (or term id) asked for in the page's address.
    st.warning(_("'{term}' is not in the glossary. Every term is listed below.", term=escape_markdown(wanted[:80])))

st.markdown(
    # TRANSLATORS: "in plain English": in plain words of your language (the glossary follows the course's language).
    _(
        "The words of the course in plain English, from A to Z. In a lesson, the first time a term appears it is "
        "a link to its entry here."
    )
)
find = st.text_input(
    _("Find a term"),
    # TRANSLATORS: the placeholder of the glossary's search box: an example of a term to look for.
    placeholder=_("for example: debt"),
    key="glossary-find",
)
if find.strip():
    needle = normalise(find)
    terms = [t for t in terms if any(needle in normalise(form) for form in t.forms())]
    if not terms:
        st.info(_("No term matches. Clear the box to see every term."))
for term in terms:
    if chosen is not None and term.id == chosen.id:
        continue  # already shown first
    st.divider()
    _entry(term)
