"""One typeface for the app and its charts (modules/typeface): Source Sans, or a programme's own.

By default the charts ask for Source Sans Pro, bundled in modules/typeface/fonts/ under the SIL Open
Font License, and fall back to the page's Source Sans in a browser (Streamlit's own copy, Source Sans
3, the same design). A programme's typeface (course.yaml `identity.typeface`) comes first in the stack
when the UI has set it (modules.typeface.use); the page declares it too (theme.fontFaces), so the
charts on screen use it. PNG and SVG downloads are drawn with these files, never with whatever fonts
the machine has, and an SVG carries the letters it uses inside it (a subset of each weight, a few
kilobytes), so it looks the same in any slide software. Nothing is fetched from the internet."""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import shutil
import tempfile
import threading
from pathlib import Path

import vl_convert as vlc
from fontTools import subset
from fontTools.ttLib import TTFont

from modules import typeface as shared

FONT_DIR = shared.BUNDLED_DIR
FAMILY = shared.DEFAULT.name
FONT = f'"{FAMILY}", "Source Sans", sans-serif'
"""The font stack of every chart (Vega-Lite `config.font`) with the app's own typeface."""

_lock = threading.Lock()
_registered: set[str] = set()


def font_stack() -> str:
    """The font stack for a chart built now: the programme's typeface first when one is in use."""
    family = shared.current()
    return FONT if family.bundled else f'"{family.name}", {FONT}'


@functools.cache
def _register_bundled() -> None:
    vlc.register_font_directory(str(FONT_DIR))


def register() -> None:
    """Make the typefaces known to vl-convert: the bundled one once per process, and the programme's
    own once per version of its files. vl-convert reads whole folders, so the programme's two files
    (already checked, inside the content folder) are copied into a folder of their own: nothing else
    of the content folder is read. vl-convert cannot forget a font: a font file replaced by another of
    the same family name shows in PNG downloads after a restart."""
    _register_bundled()
    family = shared.current()
    if family.bundled:
        return
    key = shared.version(family)
    with _lock:
        if key in _registered:
            return
        folder = Path(tempfile.mkdtemp(prefix="programme-font-"))
        for path in (family.regular, family.bold):
            shutil.copyfile(path, folder / f"{'regular' if path == family.regular else 'bold'}{path.suffix.lower()}")
        vlc.register_font_directory(str(folder))
        _registered.add(key)


@functools.lru_cache(maxsize=64)
def _subset(path: Path, stamp: tuple[int, int], text: str) -> bytes:
    del stamp  # only a cache key
    font = TTFont(str(path))
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; woff2 would need brotli
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text or " ")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _subset_of(path: Path, text: str) -> bytes:
    info = path.stat()
    return _subset(path, (info.st_mtime_ns, info.st_size), text)


def embed_in_svg(svg: str) -> str:
    """The SVG with the letters its text uses, in both weights of the typeface in use, inside a
    <style> of its own."""
    runs = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    text = "".join(html.unescape(re.sub(r"<[^>]+>", "", run)) for run in runs)  # tspans included
    chars = "".join(sorted(set(text + "0123456789")))
    family = shared.current()
    if f"&quot;{family.name}&quot;" not in svg and f'"{family.name}"' not in svg:
        family = shared.DEFAULT  # drawn from a spec built before the typeface changed
    faces = "".join(
        f'@font-face{{font-family:"{family.name}";font-weight:{weight};'
        f"src:url(data:font/woff;base64,{base64.b64encode(_subset_of(path, chars)).decode()}) format('woff');}}"
        for weight, path in (("normal", family.regular), ("bold", family.bold))
    )
    opening = re.search(r"<svg\b[^>]*>", svg)
    if opening is None:
        return svg
    return svg[: opening.end()] + f"<defs><style>{faces}</style></defs>" + svg[opening.end() :]
