"""Process-wide cached resources shared by every session (never mutated)."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import replace
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from modules import i18n
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.sources import content_dir, fingerprint, quizzes_dir
from modules.content.translatable import localized, source_texts
from modules.content.translations import current_texts, translations_of
from modules.services import auth
from modules.storage.db import database_url, make_engine


@st.cache_resource(show_spinner=False, max_entries=4)
def _registry_for(state: str, roots: tuple[str, ...]) -> Registry:
    """One registry per state of the content folders. `state` (a digest of every file's path, mtime and
    size) is part of the cache key on purpose: an argument whose name starts with `_` would be left out
    of the key, and an edited lesson would then show only after a restart. A digest, not the list of
    files itself: Streamlit hashes every argument on every call, and hashing hundreds of file entries
    was most of a lesson's rerun (#15)."""
    del state  # only a cache key
    return load_registry([Path(r) for r in roots])


_CHECK_EVERY = 1.0  # seconds between stat() sweeps of the content folders
_last: dict[tuple[str, ...], tuple[float, str, Registry]] = {}
"""Per set of content folders: when they were last stat()ed, their digest, and the registry for it."""


def _digest(fp: tuple[tuple[str, int, int], ...]) -> str:
    return hashlib.sha256(repr(fp).encode()).hexdigest()


def registry() -> Registry:
    """The content registry in this tab's language (modules.ui.language): the source's own objects with
    the language's text in place, made once per content version and language; ids, answers and rules
    are the source's. Its `version` names the language, so what is cached by version is per language."""
    source = source_registry()
    lang = i18n.current()
    if lang == i18n.SOURCE_LANGUAGE:
        return source
    key = (source.version, lang)
    found = _in_language.get(key)
    if found is None:
        catalogue = translations_of(source).catalogues.get(lang)
        if catalogue is None:
            return source
        texts = current_texts(catalogue, source_texts(source))
        found = replace(localized(source, texts), version=f"{source.version}.{lang}")
        if len(_in_language) >= 8:
            _in_language.clear()
        _in_language[key] = found
    return found


_in_language: dict[tuple[str, str], Registry] = {}
"""The registry in each language, by the source's version and the language."""


def source_registry() -> Registry:
    """The content registry as written (English), reloaded when a YAML file changes. The folders are
    stat()ed at most once a second per process, and in between a call is a dictionary lookup (pages call
    this several times per rerun)."""
    roots = (str(content_dir()), str(quizzes_dir()))
    now = time.monotonic()
    seen = _last.get(roots)
    if seen is None or now - seen[0] > _CHECK_EVERY:
        state = _digest(fingerprint([Path(r) for r in roots]))
        reg = seen[2] if seen is not None and seen[1] == state else _registry_for(state, roots)
        seen = (now, state, reg)
        _last[roots] = seen
    return seen[2]


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    _first_admin(engine)
    return engine


def _first_admin(engine: Engine) -> None:
    """Create the first administrator from deployment settings, once, if there is none: the
    ADMIN_USERNAME and ADMIN_PASSWORD_HASH environment variables, or `[admin]` username and
    password_hash in secrets.toml (an Argon2 hash, never a plain password)."""
    username = os.environ.get("ADMIN_USERNAME")
    password_hash = os.environ.get("ADMIN_PASSWORD_HASH")
    if not (username and password_hash) and any(Path(f).exists() for f in st.get_option("secrets.files")):
        admin = st.secrets.get("admin", {})
        username, password_hash = admin.get("username"), admin.get("password_hash")
    auth.ensure_admin_from_secrets(engine, username, password_hash)


def engine() -> Engine:
    return _engine_for(database_url())
