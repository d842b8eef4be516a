"""Process-wide cached resources shared by every session (never mutated)."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.sources import content_dir, fingerprint, quizzes_dir
from modules.storage.db import database_url, make_engine


@st.cache_resource(show_spinner=False, max_entries=4)
def _registry_for(_fp: tuple[tuple[str, int, int], ...], roots: tuple[str, ...]) -> Registry:
    return load_registry([Path(r) for r in roots])


_CHECK_EVERY = 1.0  # seconds between stat() sweeps of the content folders
_last: dict[tuple[str, ...], tuple[float, tuple[tuple[str, int, int], ...]]] = {}


def registry() -> Registry:
    """The content registry, reloaded when a YAML file changes. The folders are stat()ed at most
    once a second per process, so a rerun costs a dictionary lookup, not a directory walk."""
    roots = (str(content_dir()), str(quizzes_dir()))
    now = time.monotonic()
    seen = _last.get(roots)
    if seen is None or now - seen[0] > _CHECK_EVERY:
        seen = (now, fingerprint([Path(r) for r in roots]))
        _last[roots] = seen
    return _registry_for(seen[1], roots)


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    return _engine_for(database_url())
