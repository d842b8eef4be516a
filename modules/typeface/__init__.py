"""The app's one typeface, for the charts (modules/charts), the PDFs (modules/export) and the pages
(modules/ui): by default Source Sans Pro, bundled in fonts/ under the SIL Open Font License 1.1 (the
pages use Streamlit's own copy of the same design), or a country programme's own (course.yaml
`identity.typeface`, two font files and their licence in the content folder).

Which typeface is in use is set here by the UI layer (modules/ui/programme_identity.py: once at
start, then on every run) with `use`, and read by every consumer with `current`, so neither the
charts nor the PDFs read course.yaml or import the UI. A configured typeface is used only when its
files pass `font_problems` (validation reports what is wrong with its file and line); otherwise the
bundled one stays. Nothing is fetched from the internet.

Plain Python and fontTools; no Streamlit, nothing of ours imported.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

BUNDLED_DIR = Path(__file__).resolve().parent / "fonts"
LICENCE = BUNDLED_DIR / "LICENSE"
"""The bundled typeface's licence (SIL Open Font License 1.1)."""

MAX_BYTES = 5_000_000
"""The largest font file accepted (a Latin typeface weighs 50-500 kB; a pan-Unicode one 10-20 MB)."""

REQUIRED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + "".join(
    chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷"
)
"""What every typeface must draw: A-Z, a-z, 0-9 and the letters of Latin-1 (À to ÿ), so that names
such as 'José', 'Françoise' or 'Jürgen' never fall back to another font mid-word."""


@dataclass(frozen=True)
class Family:
    """A typeface as its consumers need it: the family name (CSS, Vega-Lite, the PDF) and two files."""

    name: str
    regular: Path
    bold: Path
    bundled: bool = False
    """The app's own Source Sans Pro (served by Streamlit itself on the pages)."""


DEFAULT = Family(
    "Source Sans Pro", BUNDLED_DIR / "SourceSansPro-Regular.ttf", BUNDLED_DIR / "SourceSansPro-Bold.ttf", bundled=True
)

_lock = threading.Lock()
_current: Family = DEFAULT


def current() -> Family:
    """The typeface in use: a programme's own once the UI has set it, else the bundled one."""
    return _current


def use(family: Family | None) -> Family:
    """Make `family` (None: the bundled one) the typeface of every chart and PDF made from now on."""
    global _current
    with _lock:
        _current = family or DEFAULT
        return _current


def family_names(font: TTFont) -> set[str]:
    """The names a font answers to as a family: its typographic family (name 16), its family (name 1)."""
    table = font["name"]
    return {n for n in (table.getDebugName(16), table.getDebugName(1)) if n}


def font_problems(path: Path, shown: str, family: str | None = None) -> list[str]:
    """What is wrong with a font file for the app (`shown` names it in each message): over MAX_BYTES,
    unreadable by fontTools, lacking letters of REQUIRED, or (with `family`) of another family."""
    try:
        size = path.stat().st_size
    except OSError:
        return [f"font file '{shown}' cannot be read"]
    if size > MAX_BYTES:
        return [f"font file '{shown}' is {size / 1e6:.1f} MB; at most {MAX_BYTES // 1_000_000} MB is accepted"]
    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
            names = family_names(font)
    except (OSError, TTLibError, KeyError, AssertionError, ValueError, TypeError, IndexError, EOFError):
        return [f"font file '{shown}' is not a TrueType or OpenType font (.ttf, .otf) that can be read"]
    out = []
    missing = [c for c in REQUIRED if ord(c) not in cmap]
    if missing:
        listed = " ".join(missing[:30]) + (f" and {len(missing) - 30} more" if len(missing) > 30 else "")
        out.append(
            f"font file '{shown}' lacks letters every name and text needs: {listed} "
            "(A-Z, a-z, 0-9 and the Latin-1 letters À to ÿ are required)"
        )
    if family is not None and family.lower() not in {n.lower() for n in names}:
        found = ", ".join(f"'{n}'" for n in sorted(names)) or "none"
        out.append(
            f"font file '{shown}' is of the family {found}, not '{family}': give the font's own family "
            "name as `name` (PNG charts find the font by it)"
        )
    return out


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=16)
def _checked(name: str, regular: Path, bold: Path, stamps: tuple[tuple[int, int], ...]) -> Family | None:
    del stamps  # only a cache key: an edited file is checked again
    if any(font_problems(path, path.name, name) for path in (regular, bold)):
        return None
    return Family(name, regular, bold)


def checked(name: str, regular: Path, bold: Path) -> Family | None:
    """The typeface when both files (already resolved inside the content folder) pass `font_problems`,
    else None: a configured font that validation refuses is never used. Checked once per file version."""
    try:
        stamps = (_stamp(regular), _stamp(bold))
    except OSError:
        return None
    return _checked(name, regular, bold, stamps)


def version(family: Family) -> str:
    """A short token that changes when the family's name or files change (cache keys, URLs)."""
    if family.bundled:
        return "bundled"
    try:
        stamps = (_stamp(family.regular), _stamp(family.bold))
    except OSError:
        stamps = ((0, 0), (0, 0))
    return hashlib.sha256(repr((family.name, str(family.regular), str(family.bold), stamps)).encode()).hexdigest()[:12]
