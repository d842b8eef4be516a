"""The glossary (/glossary, or /glossary?term=<id> from a link in a lesson): every term of
content/glossary.yaml in alphabetical order, with its definition and source. Opened with a term id, that
term is shown first, highlighted. Open to everyone; nothing is stored."""

from __future__ import annotations

import streamlit as st

from modules.content.glossary import alphabetical, normalise
from modules.domain.glossary import GlossaryTerm
from modules.ui.resources import registry
from modules.ui.text import escape_markdown

reg = registry()
st.title("Glossary")
terms = alphabetical(reg.glossary)
if not terms:
    st.info("This course has no glossary yet.", icon=":material/dictionary:")
    st.stop()

wanted = st.query_params.get("term", "")
chosen = reg.glossary_term(wanted) if wanted else None


def _entry(term: GlossaryTerm) -> None:
    st.markdown(f"**{escape_markdown(term.term)}**")
    if term.aliases:
        st.caption("Also: " + ", ".join(escape_markdown(a) for a in term.aliases))
    st.markdown(term.definition)
    st.caption(f"Source: [{escape_markdown(term.source.title)}]({term.source.url})")


if chosen is not None:
    st.markdown("**The term you looked up**")
    with st.container(border=True, key="glossary-chosen"):
        _entry(chosen)
elif wanted:
    st.warning(f"'{escape_markdown(wanted[:80])}' is not in the glossary. Every term is listed below.")

st.markdown(
    "The words of the course in plain English, from A to Z. In a lesson, the first time a term appears it is "
    "a link to its entry here."
)
find = st.text_input("Find a term", placeholder="for example: debt", key="glossary-find")
if find.strip():
    needle = normalise(find)
    terms = [t for t in terms if any(needle in normalise(form) for form in t.forms())]
    if not terms:
        st.info("No term matches. Clear the box to see every term.")
for term in terms:
    if chosen is not None and term.id == chosen.id:
        continue  # already shown first
    st.divider()
    _entry(term)
