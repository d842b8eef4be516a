"""The language of this tab: chosen in the menu or on the home page, kept in the address (`lang`) so a
refresh keeps it, remembered with the learner's or the account's record (so the next visit, on any
device, opens in it), and on a first visit the browser's own language when the course has it.

The interface's strings (modules.i18n) and the course's text (resources.registry) both follow it:
modules.i18n asks this module through the resolver registered below, which reads session state, so a
fragment's rerun (in another thread than the page's run) is in the same language."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from modules import i18n
from modules.content.translations import translation_files
from modules.i18n import gettext as _
from modules.services import accounts
from modules.services import learners as learner_service
from modules.storage.users import User
from modules.ui import session
from modules.ui.resources import engine, source_registry

PARAM = "lang"
_KEY = "ui:lang"
_CHOSEN = "ui:lang:chosen"  # True once the address or a menu named the language (not guessed from the browser)
_STORED = "ui:lang:stored"  # per record, the language this tab knows is stored with it
_SYNCED = "ui:lang:synced"  # the records (("learner" | "account", id)) this tab's language was matched with


def _resolve() -> str | None:
    if get_script_run_ctx(suppress_warning=True) is None:
        # no script run (a thread of our own, a download's deferred callable, a test): the source language,
        # without Streamlit's "missing ScriptRunContext" warning that reading session state here would log
        return None
    try:
        value = st.session_state.get(_KEY)
    except Exception:
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
    if asked in choices:
        st.session_state[_CHOSEN] = True
    else:
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
        st.session_state[_CHOSEN] = True
        st.session_state.pop(_SYNCED, None)  # the next run stores the choice with the records
        keep_in_url()


def show_in(lang: str) -> None:
    """A screen shared with a room (the projector) is in its session's language, the facilitator's,
    whatever the browser that shows it asks for: the tab takes that language (and reruns in it)."""
    if lang in offered() and current() != lang:
        st.session_state[_KEY] = lang
        keep_in_url()
        st.rerun()


def match_record(record: tuple[str, int] | None, stored: str | None, remember: Callable[[str], None]) -> None:
    """Match this tab's language with a signed-in learner's or account's record, once per record and
    choice: a language chosen in this tab (the address, a menu) is stored with the record; otherwise
    the record's language, when it has one the course offers, becomes the tab's (the next run shows it).
    `remember(lang)` stores it; a failure to store is not the page's failure (the tab keeps its language)."""
    synced: frozenset[tuple[str, int]] = st.session_state.get(_SYNCED, frozenset())
    if record is None or record in synced:
        return
    st.session_state[_SYNCED] = synced | {record}
    known: dict[tuple[str, int], str | None] = st.session_state.setdefault(_STORED, {})
    stored = known.setdefault(record, stored)  # what this tab last stored beats the copy it was found with
    lang = current()
    if not st.session_state.get(_CHOSEN) and stored is not None and stored in offered():
        if stored != lang:
            st.session_state[_KEY] = stored
            st.session_state[_CHOSEN] = True  # a second record of the same person follows this one
            keep_in_url()
            st.rerun()  # nothing drawn yet is in the record's language: start the run again in it
    elif stored != lang:
        try:
            remember(lang)
            known[record] = lang
        except Exception:  # the database is down: the tab keeps its language, the next choice stores it
            st.session_state[_SYNCED] = synced


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


def match_signed_in(user: User | None) -> None:
    """Match the tab's language with the signed-in learner's record and the signed-in account (see
    match_record). Once per record: later runs only read session state."""
    learner = session.current_learner()
    if learner is not None:
        match_record(
            ("learner", learner.id),
            learner.language,
            lambda lang: learner_service.remember_language(engine(), learner.id, lang),
        )
    if user is not None:
        match_record(("account", user.id), user.language, lambda lang: accounts.remember_language(engine(), user, lang))
