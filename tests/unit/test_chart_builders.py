"""Chart specs (chart.to_dict()): encodings, computed takeaway titles, source lines naming the TIP edition,
Okabe–Ito colours, projector font sizes, tooltips, the data table behind each chart, and the exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd
import pytest

from modules.charts import export
from modules.charts.builders import (
    BUILDERS,
    CHART_ORDER,
    GLOBAL_SERIES,
    METRICS,
    OKABE_ITO,
    ChartInputs,
    build_chart,
)
from modules.charts.catalog import CHART_IDS
from modules.data.enforcement import load_enforcement, parse_enforcement_text
from modules.data.estimates import load_estimates
from modules.data.measures import one_per_n

NATIONAL_CSV = (
    "year,prosecutions,convictions,victims_identified,prosecutions_labour,convictions_labour,source\n"
    '2019,55,20,410,,,=HYPERLINK("x")\n'
    "2020,31,9,280,8,1,\n"
    "2021,60,25,350,12,4,\n"
)


@pytest.fixture(scope="module")
def inputs() -> ChartInputs:
    return ChartInputs(load_enforcement(), load_estimates())


@pytest.fixture(scope="module")
def with_national(inputs: ChartInputs) -> ChartInputs:
    table = parse_enforcement_text(NATIONAL_CSV, "ruritania.csv", name="Ruritania").table
    assert table is not None
    return ChartInputs(inputs.global_table, inputs.estimates, table)


def _spec(
    chart_id: str, inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> dict[str, Any]:
    return build_chart(chart_id, inputs, year_range, metric).chart.to_dict()


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def _title(spec: dict[str, Any]) -> str:
    text = spec["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def _subtitle(spec: dict[str, Any]) -> str:
    return " ".join(spec["title"]["subtitle"])


def _data(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    data = layer.get("data") or spec["data"]  # Altair hoists data shared by every layer to the top
    return spec["datasets"][data["name"]]


def _colour_ranges(spec: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for layer in _layers(spec):
        colour = layer.get("encoding", {}).get("color", {})
        out.extend(colour.get("scale", {}).get("range", []))
        mark = layer.get("mark", {})
        if isinstance(mark, dict) and "color" in mark and mark.get("type") != "text":  # labels are dark grey
            out.append(mark["color"])
    return out


def test_catalog_ids_are_unchanged_and_each_has_a_builder() -> None:
    expected = {"enforcement_trend", "conviction_ratio", "labour_share", "attrition_funnel", "legal_timeline"}
    assert set(CHART_IDS) == expected == set(BUILDERS) == set(CHART_ORDER)
    with pytest.raises(ValueError, match="unknown chart id 'pie'"):
        build_chart("pie", ChartInputs(load_enforcement(), load_estimates()))


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_every_chart_has_takeaway_title_subtitle_source_and_projector_styling(
    chart_id: str, inputs: ChartInputs
) -> None:
    built = build_chart(chart_id, inputs)
    spec = built.chart.to_dict()
    assert _title(spec) == built.title and len(built.title) > 20
    lines = spec["title"]["subtitle"]
    assert len(lines) >= 2
    source = " ".join(line for line in lines[next(i for i, line in enumerate(lines) if line.startswith("Source:")) :])
    assert "Trafficking in Persons (TIP) Report" in source
    assert "TIP 2024 edition (2017–2023)" in source and "TIP 2025 edition (2024)" in source
    assert "Later editions revise earlier years." in source
    assert spec["title"]["fontSize"] >= 24 and spec["title"]["subtitleFontSize"] >= 16
    assert spec["config"]["axis"]["labelFontSize"] >= 16 and spec["config"]["axis"]["titleFontSize"] >= 16
    assert spec["config"]["legend"]["labelFontSize"] >= 16
    assert spec["width"] >= 800 and spec["description"] and spec["usermeta"] == {"chart_id": chart_id}
    okabe = {c.upper() for c in OKABE_ITO.values()}
    assert {c.upper() for c in _colour_ranges(spec)} <= okabe
    assert any("tooltip" in layer.get("encoding", {}) for layer in _layers(spec))
    assert not built.table.empty


def test_enforcement_trend_encodings_and_title(inputs: ChartInputs) -> None:
    spec = _spec("enforcement_trend", inputs)
    line, points = _layers(spec)
    assert line["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    enc = points["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"]) == ("year", "quantitative")
    assert enc["x"]["scale"]["domain"] == [2004, 2024]
    assert (enc["y"]["field"], enc["y"]["type"]) == ("value", "quantitative")
    assert enc["color"]["field"] == "measure"
    assert enc["color"]["scale"]["domain"] == ["Victims identified", "Prosecutions", "Convictions"]
    assert enc["shape"]["field"] == "measure"  # a second cue besides colour
    assert [t["field"] for t in enc["tooltip"]] == ["year", "series", "measure", "value", "edition"]
    assert _title(spec) == "2024: 102,027 victims identified, only 7,975 convictions"
    rows = _data(spec, points)
    assert {
        "year": 2008,
        "series": GLOBAL_SERIES,
        "measure": "Victims identified",
        "value": 30961,
        "edition": "TIP 2011",
    } in rows


def test_year_range_filters_data_title_and_source_editions(inputs: ChartInputs) -> None:
    built = build_chart("enforcement_trend", inputs, (2010, 2015))
    spec = built.chart.to_dict()
    years = {r["year"] for r in _data(spec, _layers(spec)[0])}
    assert years == set(range(2010, 2016))
    assert _title(spec) == "2014: 44,462 victims identified, only 4,443 convictions"  # 2015 has no victims figure
    sub = _subtitle(spec)
    assert "2010–2015" in sub and "TIP 2011 edition (2010), TIP 2016 edition (2011–2015)" in sub
    assert "TIP 2024" not in sub
    assert list(built.table["Year"]) == list(range(2010, 2016))
    assert built.table.loc[built.table["Year"] == 2012, "Convictions"].item() == 4746


@pytest.mark.parametrize("metric", list(METRICS))
def test_trend_metrics(metric: str, inputs: ChartInputs) -> None:
    built = build_chart("enforcement_trend", inputs, None, metric)
    spec = built.chart.to_dict()
    titles = {
        layer["encoding"]["y"].get("title") for layer in _layers(spec) if "title" in layer["encoding"].get("y", {})
    }
    if metric == "per_100_victims":
        assert titles == {"Per 100 victims identified"}
        assert built.title == "2024: 7.8 convictions per 100 victims identified"
        assert built.table.loc[built.table["Year"] == 2008, "Convictions per 100 victims identified"].item() == 9.6
    elif metric == "yoy_change":
        assert titles == {"Change on the previous year (%)"}
        assert built.title == "Convictions rose 12% from 2023 to 2024"
        assert _layers(spec)[0]["mark"]["type"] == "rule"  # the zero line
    else:
        assert titles == {"Number per year"}


def test_conviction_ratio_chart(inputs: ChartInputs) -> None:
    built = build_chart("conviction_ratio", inputs)
    spec = built.chart.to_dict()
    enc = _layers(spec)[0]["encoding"]
    assert enc["y"]["field"] == "ratio" and enc["y"]["axis"]["format"] == "%" and enc["y"]["scale"]["domain"] == [0, 1]
    assert built.title == f"Convictions equalled {7975 / 15791:.0%} of prosecutions in 2024"  # 50.5% -> 51%
    assert "from 35% (2015) to 81% (2019)" in _subtitle(spec)
    assert "not the outcomes of that year's prosecutions" in _subtitle(spec)
    row = built.table[built.table["Year"] == 2008].iloc[0]
    assert (row["Prosecutions"], row["Convictions"], row["Convictions per prosecution (%)"]) == (5212, 2983, 57.2)


def test_labour_share_chart(inputs: ChartInputs) -> None:
    built = build_chart("labour_share", inputs)
    spec = built.chart.to_dict()
    assert built.title == "Only 1,476 of 7,975 convictions in 2024 were for labour trafficking (19%)"
    enc = _layers(spec)[1]["encoding"]
    assert enc["y"]["field"] == "share" and enc["y"]["scale"]["domain"] == [0, 1]
    assert enc["color"]["scale"]["domain"] == ["Prosecutions", "Convictions"]
    years = {r["year"] for r in _data(spec, _layers(spec)[0])}
    assert min(years) == 2007  # labour figures start with the 2007 data
    assert "first reported separately for 2007" in _subtitle(spec)
    ref = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "text")
    assert (
        "63% of people in forced labour (ILO 2022 global estimate (reference year 2021))" in _data(spec, ref)[0]["text"]
    )
    row = built.table[built.table["Year"] == 2023].iloc[0]
    assert row["Labour share of prosecutions (%)"] == 19.6 and row["Labour share of convictions (%)"] == 17.7


def test_attrition_funnel_computes_one_per_n_and_states_the_matched_estimate(inputs: ChartInputs) -> None:
    built = build_chart("attrition_funnel", inputs)
    spec = built.chart.to_dict()
    n = one_per_n(27_600_000, 7_975)
    assert n == 3500
    assert built.title == f"About one conviction per {n:,} estimated victims of forced labour (2024)"
    sub = _subtitle(spec)
    assert "ILO 2022 global estimate (reference year 2021), the nearest published estimate to 2024" in sub
    assert "methods differ between editions" in sub
    bars = _layers(spec)[0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["scale"]["type"] == "log"
    assert bars["encoding"]["y"]["sort"] == [
        "Estimated people in forced labour",
        "Victims identified",
        "Prosecutions",
        "Convictions",
    ]
    assert [r["count"] for r in _data(spec, bars)] == [27_600_000, 102_027, 15_791, 7_975]
    assert list(built.table["Number"]) == [27_600_000, 102_027, 15_791, 7_975]

    early = build_chart("attrition_funnel", inputs, (2004, 2012))
    assert (
        early.title
        == f"About one conviction per {one_per_n(20_900_000, 4_746):,} estimated victims of forced labour (2012)"
    )
    assert "ILO 2012 global estimate, the nearest published estimate to 2012" in _subtitle(early.chart.to_dict())
    none = build_chart("attrition_funnel", inputs, (2004, 2007))
    assert none.title.startswith("No year in 2004–2007")


def test_legal_timeline_shows_the_four_milestones_beside_the_series(inputs: ChartInputs) -> None:
    built = build_chart("legal_timeline", inputs)
    spec = built.chart.to_dict()
    rule = _layers(spec)[0]
    assert rule["mark"]["type"] == "rule"
    assert [r["year"] for r in _data(spec, rule)] == [1930, 1957, 2000, 2014]
    texts = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"]
    shown = sorted(r["short"] for layer in texts for r in _data(spec, layer))
    assert shown == ["C105 (1957)", "C29 (1930)", "P029 (2014)", "Palermo Protocol (2000)"]
    line = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")
    assert line["encoding"]["x"]["scale"]["domain"] == [1925, 2025]
    assert built.title.startswith("International law against forced labour since 1930")
    assert "7,975 trafficking convictions worldwide in 2024" in built.title
    assert (built.table["Kind"] == "Legal milestone").sum() == 4


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_national_figures_appear_beside_the_global_ones(chart_id: str, with_national: ChartInputs) -> None:
    built = build_chart(chart_id, with_national)
    spec = built.chart.to_dict()
    series = {r.get("series") for layer in _layers(spec) for r in _data(spec, layer)}
    assert {GLOBAL_SERIES, "Ruritania"} <= series
    assert "Ruritania: national figures" in _subtitle(spec)
    assert "Ruritania" in set(built.table.iloc[:, :2].astype(str).stack())
    if chart_id in {"enforcement_trend", "conviction_ratio", "labour_share", "legal_timeline"}:
        line = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")
        assert line["encoding"]["strokeDash"]["scale"]["domain"] == [GLOBAL_SERIES, "Ruritania"]


def test_national_counts_use_a_log_scale_so_both_fit(with_national: ChartInputs) -> None:
    spec = _spec("enforcement_trend", with_national)
    assert _layers(spec)[0]["encoding"]["y"]["scale"]["type"] == "log"
    assert "(log scale)" in _layers(spec)[0]["encoding"]["y"]["title"]


def test_the_table_is_exactly_the_data_shown(inputs: ChartInputs) -> None:
    built = build_chart("enforcement_trend", inputs, (2017, 2020))
    spec = built.chart.to_dict()
    rows = _data(spec, _layers(spec)[0])
    for r in rows:
        cell = built.table.loc[built.table["Year"] == r["year"], r["measure"]].item()
        assert cell == r["value"]
    assert len(built.table) == 4 and list(built.table["Source edition"]) == ["TIP 2024"] * 4


# ------------------------------------------------------------------------------------------- exports


def test_png_and_svg_exports(inputs: ChartInputs) -> None:
    built = build_chart("conviction_ratio", inputs, (2015, 2024))
    png = export.to_png(built.chart, scale=1)
    assert png.startswith(export.PNG_MAGIC)
    again = export.to_png(built.chart.to_json())  # from cached JSON text, as the app does
    assert again.startswith(export.PNG_MAGIC) and len(again) > len(png)  # scale 2 is larger
    svg = export.to_svg(built.chart.to_dict())
    assert svg.lstrip().startswith("<svg") and "Convictions equalled" in svg


def test_csv_neutralises_formula_text_but_keeps_numbers() -> None:
    table = pd.DataFrame(
        {
            "Data": ['=HYPERLINK("http://x")', "+cmd", "-A1", "@SUM(1)", "\tx", "\rx", "Ruritania", "-5"],
            "Number": [-5, 1, 2, 3, 4, 5, 6, 7],
            "Share": [-0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        }
    )
    rows = list(csv.reader(io.StringIO(export.to_csv(table).decode("utf-8-sig"))))
    assert rows[0] == ["Data", "Number", "Share"]
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+cmd",
        "'-A1",
        "'@SUM(1)",
        "'\tx",
        "'\rx",
        "Ruritania",
        "-5",
    ]
    assert rows[1][1:] == ["-5", "-0.5"]  # numbers are numbers
    assert export.neutralise_cell(-5) == -5 and export.neutralise_cell("=1+2") == "'=1+2"


def test_csv_of_a_national_chart_neutralises_the_uploaded_source(with_national: ChartInputs) -> None:
    built = build_chart("enforcement_trend", with_national)
    text = export.to_csv(built.table).decode("utf-8-sig")
    assert "Ruritania" in text and "\n=" not in text and ",=" not in text


def test_file_stem_is_safe() -> None:
    assert (
        export.file_stem("labour_share", "Ruritania / <b>2024</b>", (2010, 2020))
        == "labour_share_ruritania-b-2024-b_2010-2020"
    )
    assert export.file_stem("legal_timeline") == "legal_timeline"


def test_zeros_on_a_log_scale_are_pointed_to_the_table(inputs: ChartInputs) -> None:
    table = parse_enforcement_text("year,prosecutions,convictions\n2020,4,0\n", "z.csv", name="Zeroland").table
    assert table is not None
    built = build_chart("enforcement_trend", ChartInputs(inputs.global_table, inputs.estimates, table))
    assert "Zeros cannot be drawn on a log scale" in _subtitle(built.chart.to_dict())
    assert built.table.loc[built.table["Data"] == "Zeroland", "Convictions"].item() == 0


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_a_country_course_can_show_its_figures_instead_of_the_global_ones(
    chart_id: str, with_national: ChartInputs
) -> None:
    """course.yaml `national_data: show: instead`: only the national series is drawn, and no title,
    subtitle or source line speaks of global, worldwide or TIP figures."""
    only = ChartInputs(with_national.global_table, with_national.estimates, with_national.national, national_only=True)
    built = build_chart(chart_id, only)
    spec = built.chart.to_dict()
    series = {r.get("series") for layer in _layers(spec) for r in _data(spec, layer)} - {None}
    assert series == {"Ruritania"}
    words = (built.title + " " + _subtitle(spec)).lower()
    for global_word in ("global", "worldwide", "tip"):
        assert global_word not in words.replace("legal timeline", ""), (chart_id, built.title, _subtitle(spec))
    assert "Source: Ruritania, national figures" in _subtitle(spec)
    assert only.version != with_national.version  # the cache tells the two apart


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_a_screen_reader_hears_each_mark_rounded_as_its_tooltip_shows_it(chart_id: str, inputs: ChartInputs) -> None:
    """WCAG 1.1.1: a mark's accessible name reads "Convictions per prosecution: 44%", not Vega-Lite's
    default of raw fields ("43.950600%"), and names its fields as the tooltip does."""
    import re

    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(build_chart(chart_id, inputs).chart.to_dict())
    marks = [
        label
        for label in re.findall(r'aria-label="([^"]*)"', svg)
        if ": " in label and not label.startswith(("X-axis", "Y-axis", "Legend"))
    ]
    assert marks, svg[:300]
    assert all(re.search(r"\d\.\d{4,}", label) is None for label in marks), marks[:3]
    assert all(re.search(r"^[a-z_]+: ", label) is None for label in marks), marks[:3]  # no raw field names


def test_national_figures_without_victims_add_no_empty_legend_entry(inputs: ChartInputs) -> None:
    """Per 100 victims, national data that reports no victims draws no line: the legend does not list
    it (issue 14) and the subtitle says why."""
    text = (
        "year,prosecutions,convictions,victims_identified,prosecutions_labour,convictions_labour,source\n"
        "2020,31,9,,8,1,\n2021,60,25,,12,4,\n"
    )
    table = parse_enforcement_text(text, "ruritania.csv", name="Ruritania").table
    assert table is not None
    built = build_chart(
        "enforcement_trend", ChartInputs(inputs.global_table, inputs.estimates, table), None, "per_100_victims"
    )
    spec = built.chart.to_dict()
    assert not any("strokeDash" in layer.get("encoding", {}) for layer in _layers(spec))
    assert any("Ruritania: no figures for this measure" in line for line in spec["title"]["subtitle"])
    counts = _spec("enforcement_trend", ChartInputs(inputs.global_table, inputs.estimates, table))
    assert any("strokeDash" in layer.get("encoding", {}) for layer in _layers(counts))  # counts: both drawn
