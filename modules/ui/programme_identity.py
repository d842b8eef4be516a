"""The programme's identity on every page (course.yaml `identity`): its name in each browser title
and over the menu, its logo, and its colour for buttons and links. A country programme sets its own;
without it the course's own name and colour are used. Streamlit reads its theme when a page opens, so
a changed colour shows on the next page load; the name and logo show on the next click."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st
import yaml
from streamlit import config as st_config

from modules.content.crossref import image_file
from modules.content.sources import content_dir
from modules.domain.course import DEFAULT_COLOUR, Identity
from modules.export.branding import Branding
from modules.ui.components.blocks import image_data
from modules.ui.resources import registry


def current() -> Identity:
    """The identity of the course as loaded now (the default one when the outline failed to load)."""
    course = registry().course
    return course.identity if course is not None else Identity()


@functools.lru_cache(maxsize=8)
def _logo(path: Path, stamp: tuple[int, int]) -> bytes | str | None:
    del stamp  # only a cache key: an edited file is read again
    return image_data(path)


def logo(identity: Identity) -> bytes | str | None:
    """The logo's bytes (or SVG text), read from inside the content folder only; None without one."""
    if identity.logo is None:
        return None
    path = image_file(identity.logo, content_dir())
    if path is None:
        return None
    info = path.stat()
    return _logo(path, (info.st_mtime_ns, info.st_size))


def branding() -> Branding:
    """The identity for a certificate or a report PDF."""
    ident = current()
    return Branding.of(ident, logo(ident))


def theme_at_start() -> None:
    """For serve.py, before the first page opens: the theme colour from course.yaml, so even the first
    visitor after a start sees it (Streamlit sends its theme when a page opens, before the script
    runs). Anything wrong with the file is left to validation, which names it; the default stays."""
    try:
        raw = yaml.safe_load((content_dir() / "course.yaml").read_text(encoding="utf-8"))
        ident = Identity.model_validate(raw["course"].get("identity") or {})
    except Exception:  # reported with its file and line by validation and on the home page
        return
    st_config.set_option("theme.primaryColor", ident.colour)


def apply() -> Identity:
    """For app.py, on every run: the theme colour, the logo over the menu and, for a colour other than
    the course's own, the styles that name it (a validated #RRGGBB, never user text)."""
    identity = current()
    if st_config.get_option("theme.primaryColor") != identity.colour:
        st_config.set_option("theme.primaryColor", identity.colour)
    picture = logo(identity)
    if picture is not None:
        st.logo(picture, size="large")
    if identity.colour != DEFAULT_COLOUR:
        st.html(f"<style>.st-key-continue a {{ background: {identity.colour}; }}</style>")
    return identity
