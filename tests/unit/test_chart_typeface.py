"""One typeface for the app and its charts (issue 14): every chart asks for Source Sans; PNG and SVG
downloads are drawn with the bundled Source Sans Pro, whatever fonts the machine has, and an SVG
carries the letters it uses."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from modules import typeface as shared
from modules.charts import export, typeface
from modules.charts import programme as programme_charts
from modules.charts.builders import ChartInputs, build_chart
from modules.charts.catalog import CHART_IDS
from modules.data.enforcement import load_enforcement
from modules.data.estimates import load_estimates


@pytest.fixture(scope="module")
def inputs() -> ChartInputs:
    return ChartInputs(load_enforcement(), load_estimates())


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_every_chart_asks_for_the_apps_typeface(chart_id: str, inputs: ChartInputs) -> None:
    spec = build_chart(chart_id, inputs).chart.to_dict()
    assert spec["config"]["font"].startswith('"Source Sans Pro", "Source Sans"')


def test_report_charts_use_it_too() -> None:
    spec = programme_charts._empty("Nothing yet").to_dict()
    assert spec["config"]["font"] == typeface.FONT == typeface.font_stack()


def test_the_bundled_fonts_are_source_sans_under_the_open_font_licence() -> None:
    default = shared.DEFAULT
    for path in (default.regular, default.bold):
        assert path.parent == typeface.FONT_DIR
        assert TTFont(str(path))["name"].getDebugName(1) == "Source Sans Pro"
    assert "SIL Open Font License" in (typeface.FONT_DIR / "LICENSE").read_text(encoding="utf-8")


def test_an_svg_download_carries_the_letters_it_uses(inputs: ChartInputs) -> None:
    svg = export.to_svg(build_chart("conviction_ratio", inputs).chart)
    faces = re.findall(r"src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
    assert len(faces) == 2  # regular and bold
    regular = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    letters = {chr(c) for c in regular.getBestCmap()}
    assert set("Convictions equalled 51% of prosecutions") <= letters  # the title's letters
    assert len(base64.b64decode(faces[0])) < 40_000  # a subset, not the 290 kB font
    assert 'font-family="&quot;Source Sans Pro&quot;' in svg


def test_a_png_is_drawn_with_the_bundled_font_not_a_system_one(inputs: ChartInputs) -> None:
    """vl-convert draws text in a font it knows; after registration the PNG differs from one drawn
    with the font stack's generic fallback only."""
    chart = build_chart("conviction_ratio", inputs).chart
    ours = export.to_png(chart)
    fallback = export.to_png(chart.configure(font="sans-serif"))
    assert ours[:8] == export.PNG_MAGIC and ours != fallback
