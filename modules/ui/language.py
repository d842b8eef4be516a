"""The language of this tab: chosen in the menu or on the home page, kept in the address (`lang`) so a
refresh keeps it, and on a first visit the browser's own language when the course has it.

The interface's strings (modules.i18n) and the course's text (resources.registry) both follow it:
modules.i18n asks this module through the resolver registered below, which reads session state, so a
fragment's rerun (in another thread than the page's run) is in the same language."""

from __future__ import annotations

import streamlit as st

from modules import i18n
from modules.content.translations import translation_files
from modules.i18n import gettext as _
from modules.ui.resources import source_registry

PARAM = "lang"
_KEY = "ui:lang"


def _resolve() -> str | None:
    try:
        value = st.session_state.get(_KEY)
    except Exception:  # no script run (a thread of our own, a test without Streamlit): the source language
        return None
    return value if isinstance(value, str) else None


i18n.set_resolver(_resolve)


def offered() -> dict[str, str]:
    """The languages a learner may pick, each named in itself: English, and each language the course
    has a translations folder for (content/translations/<code>/) and the interface knows. Found from the
    folders' names once per content version: the translations themselves are read only when a tab picks
    a language, so an English tab never waits for them."""
    source = source_registry()
    found = _offered.get(source.version)
    if found is None:
        have = set(translation_files(source.roots))
        found = {c: name for c, name in i18n.LANGUAGES.items() if c == i18n.SOURCE_LANGUAGE or c in have}
        _offered.clear()
        _offered[source.version] = found
    return found


_offered: dict[str, dict[str, str]] = {}


def current() -> str:
    """This tab's language, settled on its first run: the address's `lang`, else the browser's language
    (Accept-Language) when offered, else English."""
    known = st.session_state.get(_KEY)
    if isinstance(known, str):
        return known
    choices = offered()
    asked = st.query_params.get(PARAM)
    if asked not in choices:
        asked = i18n.negotiate(st.context.headers.get("Accept-Language"))
    lang = asked if asked in choices else i18n.SOURCE_LANGUAGE
    st.session_state[_KEY] = lang
    return lang


def keep_in_url() -> None:
    """Navigation clears query parameters: put `lang` back, so a refresh or a shared link keeps the
    language (English needs none)."""
    lang = current()
    if lang == i18n.SOURCE_LANGUAGE:
        if PARAM in st.query_params:
            st.query_params.pop(PARAM)
    elif st.query_params.get(PARAM) != lang:
        st.query_params[PARAM] = lang


def _picked(key: str) -> None:
    lang = st.session_state.get(key)
    if isinstance(lang, str) and lang in i18n.LANGUAGES:
        st.session_state[_KEY] = lang
        keep_in_url()


def picker(where: str) -> None:
    """A language menu (`where` tells the menu's apart: the sidebar's and the home page's). Shown only
    when the course offers more than one language."""
    choices = offered()
    if len(choices) < 2:
        return
    key = f"lang:{where}"
    if st.session_state.get(key) != current():
        st.session_state[key] = current()  # the other menu changed it: show the same
    st.selectbox(
        # TRANSLATORS: the label of the language menu, in the menu bar and on the home page.
        _("Language"),
        options=list(choices),
        format_func=choices.__getitem__,
        key=key,
        on_change=_picked,
        args=(key,),
        width=260,
    )
