"""The programme's identity on every page (course.yaml `identity`): its name in each browser title
and over the menu, its logo, its colour for buttons and links, and its typeface. A country programme
sets its own; without it the course's own name and colour, and the app's Source Sans, are used.
Streamlit reads its theme when a page opens, so a changed colour or typeface shows on the next page
load; the name and logo show on the next click.

The typeface (modules/typeface) is set here for the whole process, once at start (`theme_at_start`,
from serve.py) and then on every run (`apply`): the charts and PDFs read it there. On the pages it is
Streamlit's `theme.font` with `theme.fontFaces` pointing at two routes of our own (`font_routes`,
mounted by serve.py) that serve the programme's two font files from inside the content folder."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import streamlit as st
import yaml
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from streamlit import config as st_config

from modules import typeface
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


FONT_ROUTE = "programme-font"
"""Where the pages fetch the programme's font files: /programme-font/regular and /programme-font/bold
(after server.baseUrlPath)."""
WEIGHTS = {"regular": "400", "bold": "700"}
_config_font: tuple[Any, Any] | None = None
"""theme.font and theme.fontFaces as .streamlit/config.toml set them, restored without a typeface."""


def typeface_of(identity: Identity, root: Path) -> typeface.Family | None:
    """The programme's typeface when its font files and licence are inside the content folder and the
    fonts pass the checks validation makes (else None: the app's own typeface stays)."""
    face = identity.typeface
    if face is None:
        return None
    regular, bold, licence = (image_file(p, root) for p in (face.regular, face.bold, face.licence))
    if regular is None or bold is None or licence is None:
        return None
    return typeface.checked(face.name, regular, bold)


def _url_base() -> str:
    base = str(st_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def font_faces(family: typeface.Family) -> list[dict[str, str]]:
    """Streamlit's theme.fontFaces for the family: one face per weight, at our own route (an absolute
    path, so a page at any address finds it), with the files' version so a browser fetches a new file."""
    version = typeface.version(family)
    return [
        {
            "family": family.name,
            "url": f"{_url_base()}/{FONT_ROUTE}/{weight}?v={version}",
            "weight_range": number,  # Streamlit's own key: it would rewrite a "weight" key in place
            "style": "normal",
        }
        for weight, number in WEIGHTS.items()
    ]


def _browser_font(family: typeface.Family) -> None:
    """Streamlit's theme.font and theme.fontFaces for the family (config.toml's for the bundled one)."""
    global _config_font
    if _config_font is None:
        _config_font = (st_config.get_option("theme.font"), st_config.get_option("theme.fontFaces"))
    font, faces = _config_font if family.bundled else (f"{family.name}, sans-serif", font_faces(family))
    if st_config.get_option("theme.font") != font:
        st_config.set_option("theme.font", font)
    if st_config.get_option("theme.fontFaces") != faces:
        st_config.set_option("theme.fontFaces", faces)


def use_typeface(identity: Identity) -> typeface.Family:
    """Make the identity's typeface (or the app's own) the one of the charts, the PDFs and the pages."""
    family = typeface.use(typeface_of(identity, content_dir()))
    _browser_font(family)
    return family


def _font_file(request: Request) -> Response:
    """One weight of the programme's typeface, or 404 when the app's own is in use. Only a file whose
    real location is inside the content folder is served (checked again on each request)."""
    family = typeface.current()
    path = family.bold if request.url.path.endswith("/bold") else family.regular
    try:
        inside = path.resolve(strict=True).is_relative_to(content_dir().resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        inside = False
    if family.bundled or not inside or not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    media = "font/otf" if path.suffix.lower() == ".otf" else "font/ttf"
    # The URL carries the files' version (font_faces), so a browser may keep a copy for a day.
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


def font_routes() -> list[Route]:
    """For serve.py: the two routes theme.fontFaces names (Streamlit's own routes are under _stcore/).
    Starlette runs the (plain) function in its thread pool, off the event loop."""
    return [Route(f"{_url_base()}/{FONT_ROUTE}/{weight}", _font_file, methods=["GET"]) for weight in WEIGHTS]


def theme_at_start() -> None:
    """For serve.py, before the first page opens: the theme colour and the typeface from course.yaml,
    so even the first visitor after a start sees them (Streamlit sends its theme when a page opens,
    before the script runs). Anything wrong with the file is left to validation, which names it; the
    defaults stay."""
    try:
        raw = yaml.safe_load((content_dir() / "course.yaml").read_text(encoding="utf-8"))
        ident = Identity.model_validate(raw["course"].get("identity") or {})
    except Exception:  # reported with its file and line by validation and on the home page
        return
    st_config.set_option("theme.primaryColor", ident.colour)
    use_typeface(ident)


def apply() -> Identity:
    """For app.py, on every run: the theme colour, the typeface, the logo over the menu and, for a
    colour other than the course's own, the styles that name it (a validated #RRGGBB, never user text)."""
    identity = current()
    if st_config.get_option("theme.primaryColor") != identity.colour:
        st_config.set_option("theme.primaryColor", identity.colour)
    use_typeface(identity)
    picture = logo(identity)
    if picture is not None:
        st.logo(picture, size="large")
    if identity.colour != DEFAULT_COLOUR:
        st.html(f"<style>.st-key-continue a {{ background: {identity.colour}; }}</style>")
    return identity
