"""Process-wide cached resources shared by every session (never mutated)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.sources import content_dir, fingerprint, quizzes_dir
from modules.storage.db import database_url, make_engine


@st.cache_resource(show_spinner=False, max_entries=4)
def _registry_for(_fp: tuple[tuple[str, int, int], ...], roots: tuple[str, ...]) -> Registry:
    from pathlib import Path

    return load_registry([Path(r) for r in roots])


def registry() -> Registry:
    """The content registry, reloaded when any YAML file changes (stat-only check per rerun)."""
    roots = [content_dir(), quizzes_dir()]
    return _registry_for(fingerprint(roots), tuple(str(r) for r in roots))


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    return _engine_for(database_url())
