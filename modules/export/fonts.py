"""Fonts for the PDFs (certificates, programme reports): which font prints which character.

Text is set in the app's typeface (modules/typeface: the bundled Source Sans Pro, or the programme's
own from course.yaml), so the PDFs look like the pages and the charts. Characters it lacks come from
the bundled DejaVu Sans, which covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic,
and then from the Noto fonts for Chinese, Japanese, Korean, Thai, the Indic scripts, Myanmar… (such a
name used to print blank, F11). Those weigh 1-20 MB each, so they are not bundled: we look for them in
the usual font folders (Debian/Ubuntu packages fonts-noto-core and fonts-noto-cjk, installed by
scripts/system-deps.sh) and never download anything, so the app still runs offline on one laptop.
A character that no font here covers is reported by `unprintable`, so a certificate can be refused
before download instead of printing a blank name.

Plain Python and fontTools (a dependency of fpdf2); no Streamlit.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont, TTLibError

from modules import typeface

BUNDLED_DIR = Path(__file__).resolve().parent / "fonts"
DEJAVU = "DejaVu"
"""The bundled second font: what the typeface lacks of Latin, Greek, Cyrillic, Hebrew, Arabic…"""
DEJAVU_REGULAR = BUNDLED_DIR / "DejaVuSans.ttf"
DEJAVU_BOLD = BUNDLED_DIR / "DejaVuSans-Bold.ttf"

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path.home() / "Library" / "Fonts",
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "Microsoft" / "Windows" / "Fonts",
)
"""Where fallback fonts are looked for (Linux, macOS, Windows), after the folders in PDF_FONT_DIRS."""

FONT_DIRS_ENV = "PDF_FONT_DIRS"
"""Extra folders to search first (separated by os.pathsep), e.g. where an administrator copied Noto fonts."""


@dataclass(frozen=True)
class Fallback:
    """A font for scripts the typeface and DejaVu lack: candidate file names (the first found wins) for each weight."""

    family: str
    regular: tuple[str, ...]
    bold: tuple[str, ...] = ()
    face: str = ""
    """In a font collection (.ttc), the face whose full name contains this, e.g. 'CJK SC'."""


def _noto(script: str) -> Fallback:
    return Fallback(f"NotoSans{script}", (f"NotoSans{script}-Regular.ttf",), (f"NotoSans{script}-Bold.ttf",))


FALLBACKS: tuple[Fallback, ...] = (
    Fallback(
        "NotoSansCJK",  # Chinese (simplified glyph forms), Japanese kana, Korean hangul
        ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf"),
        ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf"),
        face="CJK SC",
    ),
    *(
        _noto(script)
        for script in (
            "Thai",
            "Devanagari",
            "Myanmar",
            "Bengali",
            "Tamil",
            "Telugu",
            "Kannada",
            "Malayalam",
            "Gujarati",
            "Gurmukhi",
            "Oriya",
            "Sinhala",
            "Khmer",
            "Lao",
            "Ethiopic",
            "Arabic",
            "Hebrew",
            "Armenian",
            "Georgian",
        )
    ),
    Fallback("NotoSans", ("NotoSans-Regular.ttf",), ("NotoSans-Bold.ttf",)),  # rarer Latin/Greek/Cyrillic letters
)

# Scripts whose letters change shape, reorder or combine (needs OpenType shaping, i.e. uharfbuzz):
# Arabic, Syriac, Thaana, N'Ko, the Indic scripts and Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer,
# Mongolian, and conjoining Korean jamo.
_SHAPED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1100, 0x11FF),
    (0x1780, 0x18AF),
    (0xA8E0, 0xA8FF),
    (0xA9E0, 0xA9FF),
    (0xAA60, 0xAA7F),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class FontFile:
    """One face on disk: `index` is the face number inside a collection (0 for a plain .ttf/.otf)."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class FoundFont:
    """A fallback found on this server, with the characters it covers."""

    family: str
    regular: FontFile
    bold: FontFile | None
    codepoints: frozenset[int]


def search_dirs() -> tuple[Path, ...]:
    """PDF_FONT_DIRS first, then FONT_DIRS (read at each call, so tests and administrators can change them)."""
    extra = tuple(Path(p) for p in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if p.strip())
    return extra + FONT_DIRS


@functools.lru_cache(maxsize=8)
def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """File name -> first path found under `dirs` (one walk per set of folders, then cached)."""
    found: dict[str, Path] = {}
    for root in dirs:
        for folder, _, files in os.walk(root, onerror=lambda _e: None):
            for name in files:
                if name.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
                    found.setdefault(name, Path(folder) / name)
    return found


@functools.lru_cache(maxsize=128)
def _face_index(path: Path, face: str) -> int | None:
    """The number of the face whose full name contains `face` in a collection; 0 for a single font."""
    if not face or path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    try:
        collection = TTCollection(str(path), lazy=True)
        for i, font in enumerate(collection.fonts):
            if face in (font["name"].getDebugName(4) or ""):
                return i
    except (OSError, TTLibError, KeyError):
        return None
    return None


@functools.lru_cache(maxsize=128)
def _codepoints(font: FontFile, stamp: tuple[int, int]) -> frozenset[int]:
    del stamp  # only a cache key: a replaced file is read again
    try:
        with TTFont(str(font.path), fontNumber=font.index, lazy=True) as tt:
            return frozenset(tt.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, AssertionError):
        return frozenset()


def codepoints(font: FontFile) -> frozenset[int]:
    """The characters a face maps to glyphs (its best cmap); empty when the file cannot be read."""
    try:
        info = font.path.stat()
    except OSError:
        return frozenset()
    return _codepoints(font, (info.st_mtime_ns, info.st_size))


def _first(names: Iterable[str], index: dict[str, Path], face: str) -> FontFile | None:
    for name in names:
        path = index.get(name)
        if path is not None:
            number = _face_index(path, face)
            if number is not None:
                return FontFile(path, number)
    return None


@functools.lru_cache(maxsize=8)
def _fallbacks_in(dirs: tuple[Path, ...]) -> tuple[FoundFont, ...]:
    index = _index(dirs)
    out: list[FoundFont] = []
    for fb in FALLBACKS:
        regular = _first(fb.regular, index, fb.face)
        if regular is None or not codepoints(regular):
            continue
        bold = _first(fb.bold, index, fb.face)
        out.append(FoundFont(fb.family, regular, bold, codepoints(regular)))
    return tuple(out)


def available_fallbacks() -> tuple[FoundFont, ...]:
    """The fallback fonts installed on this server, in preference order."""
    return _fallbacks_in(search_dirs())


def primary() -> typeface.Family:
    """The typeface text is set in (the app's or the programme's own, modules/typeface)."""
    return typeface.current()


def primary_codepoints() -> frozenset[int]:
    """Characters the typeface prints in both weights: a line of only these is set in it."""
    family = primary()
    return codepoints(FontFile(family.regular)) & codepoints(FontFile(family.bold))


def dejavu() -> FoundFont:
    """The bundled DejaVu Sans, the first font for what the typeface lacks."""
    regular, bold = FontFile(DEJAVU_REGULAR), FontFile(DEJAVU_BOLD)
    return FoundFont(DEJAVU, regular, bold, codepoints(regular) | codepoints(bold))


def bundled_codepoints() -> frozenset[int]:
    """Characters printed without any font of the server: the typeface's and DejaVu Sans's."""
    return primary_codepoints() | dejavu().codepoints


def fallback_for(char: str) -> FoundFont | None:
    """The first installed fallback font (Noto) that has a glyph for `char`."""
    return next((f for f in available_fallbacks() if ord(char) in f.codepoints), None)


def secondary_for(char: str) -> FoundFont | None:
    """The font for a character the typeface lacks: DejaVu Sans when it has it, else a fallback."""
    bundled = dejavu()
    return bundled if ord(char) in bundled.codepoints else fallback_for(char)


def line_font(text: str) -> FoundFont | None:
    """The font to set a whole line of `text` in, or None for the typeface.

    A line the typeface prints stays in it. Otherwise the line is set in the font its other script
    needs: a fallback font (Thai, Devanagari, Chinese…) when DejaVu lacks a letter, else DejaVu
    (Hebrew, Georgian, Arabic…). A whole line in one font keeps joiners and spaces inside the run that
    HarfBuzz shapes; letters that font lacks still come from the others, character by character.
    """
    own = primary_codepoints()
    needed = [c for c in text if ord(c) not in own and not _needs_no_glyph(c)]
    if not needed:
        return None
    bundled = dejavu()
    script = next((f for c in needed if ord(c) not in bundled.codepoints and (f := fallback_for(c)) is not None), None)
    if script is not None:
        return script
    return bundled if any(ord(c) in bundled.codepoints for c in needed) else None


def _needs_no_glyph(char: str) -> bool:
    """Spaces, controls, joiners and variation selectors: printed as nothing or handled by shaping."""
    category = unicodedata.category(char)
    return char.isspace() or category in ("Cc", "Cf", "Zl", "Zp") or 0xFE00 <= ord(char) <= 0xFE0F


def unprintable(text: str) -> str | None:
    """The distinct characters of `text` (in order) that no font on this server covers, or None."""
    bundled = bundled_codepoints()
    missing = dict.fromkeys(
        c for c in text if not _needs_no_glyph(c) and ord(c) not in bundled and fallback_for(c) is None
    )
    return "".join(missing) or None


def needs_shaping(text: str) -> bool:
    """Whether `text` has letters of a script that must be shaped to read correctly (Thai, Hindi…)."""
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _SHAPED_RANGES)


@functools.lru_cache(maxsize=1)
def shaping_available() -> bool:
    """Whether fpdf2 can shape text here (it needs the uharfbuzz package)."""
    return importlib.util.find_spec("uharfbuzz") is not None
