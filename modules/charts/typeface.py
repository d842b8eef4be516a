"""One typeface for the app and its charts: Source Sans. The app's pages use Streamlit's own copy
(Source Sans 3); the charts ask for Source Sans Pro, the same design, bundled here under the SIL Open
Font License (fonts/LICENSE), and fall back to the page's Source Sans in a browser. PNG and SVG
downloads are drawn with the bundled files, never with whatever fonts the machine has, and an SVG
carries the letters it uses inside it (a subset of each font, a few kilobytes), so it looks the same
in any slide software. Nothing is fetched from the internet."""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from pathlib import Path

import vl_convert as vlc
from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().with_name("fonts")
FAMILY = "Source Sans Pro"
FONT = f'"{FAMILY}", "Source Sans", sans-serif'
"""The font stack every chart's config names (Vega-Lite `config.font`)."""
_FILES = {"normal": FONT_DIR / "SourceSansPro-Regular.ttf", "bold": FONT_DIR / "SourceSansPro-Bold.ttf"}


@functools.cache
def register() -> None:
    """Make the bundled fonts known to vl-convert (once per process)."""
    vlc.register_font_directory(str(FONT_DIR))


def _subset(path: Path, text: str) -> bytes:
    font = TTFont(str(path))
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; woff2 would need brotli
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text or " ")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def embed_in_svg(svg: str) -> str:
    """The SVG with the letters its text uses, in both weights, inside a <style> of its own."""
    runs = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    text = "".join(html.unescape(re.sub(r"<[^>]+>", "", run)) for run in runs)  # tspans included
    chars = "".join(sorted(set(text + "0123456789")))
    faces = "".join(
        f'@font-face{{font-family:"{FAMILY}";font-weight:{weight};'
        f"src:url(data:font/woff;base64,{base64.b64encode(_subset(path, chars)).decode()}) format('woff');}}"
        for weight, path in _FILES.items()
    )
    opening = re.search(r"<svg\b[^>]*>", svg)
    if opening is None:
        return svg
    return svg[: opening.end()] + f"<defs><style>{faces}</style></defs>" + svg[opening.end() :]
