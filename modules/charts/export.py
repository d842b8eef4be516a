"""Chart downloads for slides: PNG and SVG through vl-convert, and CSV of the data a chart shows.

Works from a Vega-Lite spec (dict or JSON text) as well as from an Altair chart, so the app can export
the spec it cached without rebuilding the chart. CSV text cells are neutralised against formula
injection: a trainer opens these files in a spreadsheet, and dataset names come from uploads.

`number_locale` tells Vega how the reader's language writes numbers (7 975 and 26 % in French), so a
chart's axes and tooltips write them as its title does, on screen and in the PNG and SVG.
"""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from modules.charts import typeface
from modules.export import safe_cells
from modules.i18n import current, format_number, format_percent

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_SCALE = 2.0
"""Twice the on-screen size: about 1,900 pixels wide, sharp on a projector or a slide."""


Spec = dict[str, Any] | str | alt.TopLevelMixin


def number_locale() -> dict[str, Any]:
    """Vega's number locale (d3-format) for the current language: its decimal mark, thousands separator
    and percent sign, taken from the same data as modules.i18n.format_number (Babel's CLDR)."""
    decimal, thousands, percent = _number_symbols(current())
    return {
        "number": {
            "decimal": decimal,
            "thousands": thousands,
            "grouping": [3],
            "currency": ["", ""],
            "percent": percent,
        }
    }


@functools.lru_cache(maxsize=8)
def _number_symbols(lang: str) -> tuple[str, str, str]:
    """(decimal mark, thousands separator, percent sign) of a language: keyed by the language itself."""
    sample = format_number(1234567.5, lang)  # 1,234,567.5 / 1 234 567,5 / 1.234.567,5
    return sample[-2], sample[1], format_percent(0, lang).removeprefix("0")  # "%", or a no-break space and "%"


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes (e.g. '6.4'), if this vl-convert build knows it."""
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vlc.get_vegalite_versions() else None


def _spec(chart: Spec) -> dict[str, Any] | str:
    if isinstance(chart, alt.TopLevelMixin):
        return chart.to_dict()
    if isinstance(chart, str):
        return json.loads(chart)
    return chart


def to_png(chart: Spec, *, scale: float = PNG_SCALE) -> bytes:
    """PNG bytes of the chart, rendered headless (no browser), in the bundled typeface."""
    typeface.register()
    version = _vl_version()
    if version:
        return bytes(vlc.vegalite_to_png(_spec(chart), vl_version=version, scale=scale))
    return bytes(vlc.vegalite_to_png(_spec(chart), scale=scale))


def to_svg(chart: Spec) -> str:
    """SVG text of the chart: scales without blur in slide software, and carries its letters."""
    typeface.register()
    version = _vl_version()
    if version:
        return typeface.embed_in_svg(str(vlc.vegalite_to_svg(_spec(chart), vl_version=version)))
    return typeface.embed_in_svg(str(vlc.vegalite_to_svg(_spec(chart))))


def neutralise_cell(value: object) -> object:
    """A cell safe for a spreadsheet: text that would run as a formula gets a leading quote.

    One rule for every export in the app (modules.export.safe_cells): numbers stay numbers
    (-5 is a number, not a formula); only text cells are changed.
    """
    return safe_cells.neutralise(value)


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised; numeric columns untouched."""
    return safe_cells.neutralise_frame(table)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV of the table as shown (UTF-8 with a byte-order mark so spreadsheets read accents right)."""
    buf = io.StringIO()
    # CRLF (RFC 4180) also makes the writer quote any cell holding a bare CR or LF.
    neutralise_frame(table).to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def file_stem(chart_id: str, label: str | None = None, year_range: tuple[int, int] | None = None) -> str:
    """A safe download name such as 'enforcement_trend_2004-2024' (user text reduced to [a-z0-9-])."""
    parts = [chart_id]
    if label:
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40]
        if slug:
            parts.append(slug)
    if year_range:
        parts.append(f"{year_range[0]}-{year_range[1]}")
    return "_".join(parts)
