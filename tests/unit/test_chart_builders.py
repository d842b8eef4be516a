"""Chart specs (chart.to_dict()): encodings, computed takeaway titles, source lines naming the TIP edition,
Okabe–Ito colours, projector font sizes, tooltips, the data table behind each chart, and the exports; and
the same charts in another language (same data and structure, every word translated, cached apart)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

from modules import i18n
from modules.charts import builders, export, programme
from modules.charts.builders import (
    BUILDERS,
    CHART_ORDER,
    GLOBAL_SERIES,
    METRICS,
    OKABE_ITO,
    ChartInputs,
    build_chart,
)
from modules.charts.catalog import CHART_IDS, CHART_TITLES, TITLE_MSGIDS, chart_title
from modules.data.enforcement import load_enforcement, parse_enforcement_text
from modules.data.estimates import load_estimates
from modules.data.measures import one_per_n
from modules.i18n import catalogue

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


# ------------------------------------------------------------------------------------ the reader's language

PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
CHART_FILES = ("builders.py", "programme.py", "catalog.py")


@pytest.fixture
def pseudo_fr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A French catalogue that "translates" every string of the chart modules as ⟦English⟧ (the shipped one
    may not have them yet): a word left untranslated shows without brackets. Language "fr", with the
    tab's resolver off."""
    keywords: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    pseudo = Catalog(locale="fr")
    folder = Path(builders.__file__).parent
    for name in CHART_FILES:
        for _line, message, _comments, _context in extract_from_file("python", folder / name, keywords=keywords):
            if isinstance(message, tuple):
                pseudo.add(message, tuple(f"{PSEUDO_OPEN}{m}{PSEUDO_CLOSE}" for m in message))
            else:
                pseudo.add(message, f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}")
    path = catalogue.po_path("fr", tmp_path)
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        write_po(out, pseudo)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_resolver", None)  # restored after the test, as the UI registered it
    with i18n.use("fr") as lang:
        yield lang


def _pseudo(text: object) -> bool:
    return isinstance(text, str) and text.startswith(PSEUDO_OPEN)


def _marks(spec: dict[str, Any]) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in _layers(spec)]


def _dataset_shapes(spec: dict[str, Any]) -> list[tuple[int, tuple[str, ...]]]:
    return sorted((len(rows), tuple(sorted(rows[0]) if rows else ())) for rows in spec.get("datasets", {}).values())


def _shown_titles(spec: dict[str, Any]) -> list[Any]:
    """Every axis, legend and tooltip title the chart draws."""
    out: list[Any] = []
    for layer in _layers(spec):
        for channel in layer.get("encoding", {}).values():
            for enc in channel if isinstance(channel, list) else [channel]:
                if isinstance(enc, dict) and enc.get("title") is not None:
                    out.append(enc["title"])
    return out


def _words_in_scales(spec: dict[str, Any]) -> list[str]:
    """The names a legend or a category axis shows (the scale domains of nominal fields)."""
    out: list[str] = []
    for layer in _layers(spec):
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and channel.get("type") == "nominal":
                out += [d for d in channel.get("scale", {}).get("domain", []) if isinstance(d, str)]
    return out


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
@pytest.mark.parametrize("national", [False, True])
def test_a_chart_in_another_language_has_the_same_data_and_structure(
    chart_id: str, national: bool, inputs: ChartInputs, with_national: ChartInputs
) -> None:
    """The shipped French catalogue need not have the charts' strings yet: a string it lacks is the
    English msgid, with its figures written the French way."""
    chosen = with_national if national else inputs
    english = build_chart(chart_id, chosen)
    with i18n.use("fr"):
        french = build_chart(chart_id, chosen)
        spec = french.chart.to_dict()  # validates against the Vega-Lite schema
    en_spec = english.chart.to_dict()
    assert len(french.table) == len(english.table) and len(french.table.columns) == len(english.table.columns)
    assert _marks(spec) == _marks(en_spec) and _dataset_shapes(spec) == _dataset_shapes(en_spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","  # Vega writes 7 975 and 0,5 too
    assert len(english.source) >= 1 and len(french.source) >= 1  # wrapped to the width: a count per language
    assert spec["title"]["subtitle"][-len(french.source) :] == list(french.source)
    if chart_id == "enforcement_trend" and not national:
        # The title's msgid, in French if the catalogue has it, else in English, with French numbers.
        assert french.title == i18n.gettext(
            "{year}: {victims} victims identified, only {convictions} convictions",
            "fr",
            year=2024,
            victims=i18n.format_number(102_027, "fr"),
            convictions=i18n.format_number(7_975, "fr"),
        )


@pytest.mark.parametrize(
    ("chart_id", "metric"),
    [(c, "counts") for c in sorted(CHART_IDS)] + [("enforcement_trend", m) for m in METRICS if m != "counts"],
)
def test_every_word_a_chart_shows_is_translated(
    chart_id: str, metric: str, pseudo_fr: str, inputs: ChartInputs, with_national: ChartInputs
) -> None:
    """Under a catalogue that brackets every chart string: the title, subtitle and source lines, the axis,
    legend and tooltip titles, the names in legends, and the table's headers are all translated; the
    national series keeps its own name; the data and its structure are those of the English chart."""
    built = build_chart(chart_id, with_national, None, metric)
    spec = built.chart.to_dict()
    with i18n.use("en"):
        english = build_chart(chart_id, with_national, None, metric)
    en_spec = english.chart.to_dict()
    assert _marks(spec) == _marks(en_spec) and _dataset_shapes(spec) == _dataset_shapes(en_spec)
    assert built.table.shape == english.table.shape
    assert _pseudo(built.title) and _pseudo(_title(spec)) and _pseudo(built.description)
    assert _pseudo(spec["title"]["subtitle"][0])
    source = " ".join(built.source)
    assert source.startswith(f"{PSEUDO_OPEN}Source:") and "Ruritania" in source
    assert all(_pseudo(t) for t in _shown_titles(spec)), _shown_titles(spec)
    names = _words_in_scales(spec)
    assert all(_pseudo(n) or n == "Ruritania" for n in names), names
    assert all(_pseudo(c) for c in built.table.columns), list(built.table.columns)
    assert "Ruritania" in set(built.table.iloc[:, :2].astype(str).stack())
    spoken = [t["calculate"] for layer in _layers(spec) for t in layer.get("transform", []) if "calculate" in t]
    assert spoken and not any('"no value"' in s for s in spoken)  # a screen reader's word for a blank, translated


def test_the_trend_table_is_the_data_shown_in_another_language(pseudo_fr: str, inputs: ChartInputs) -> None:
    built = build_chart("enforcement_trend", inputs, (2017, 2020))
    spec = built.chart.to_dict()
    rows = _data(spec, _layers(spec)[0])
    year = i18n.gettext("Year")
    for r in rows:
        assert built.table.loc[built.table[year] == r["year"], r["measure"]].item() == r["value"]
    assert set(r["measure"] for r in rows) == {"⟦Victims identified⟧", "⟦Prosecutions⟧", "⟦Convictions⟧"}
    assert {r["series"] for r in rows} == {f"⟦{GLOBAL_SERIES}⟧"}


def test_metric_labels_and_catalogue_titles_follow_the_language(pseudo_fr: str) -> None:
    assert list(METRICS) == ["counts", "per_100_victims", "yoy_change"]  # the ids stay
    assert all(_pseudo(METRICS[m]) for m in METRICS)
    assert all(_pseudo(chart_title(c)) for c in CHART_IDS)
    with i18n.use("en"):
        assert METRICS["counts"] == "Counts" and chart_title("conviction_ratio") == CHART_TITLES["conviction_ratio"]


def test_the_catalogue_marks_every_domain_title() -> None:
    assert TITLE_MSGIDS == CHART_TITLES


def test_the_page_finds_the_source_line_in_any_language(pseudo_fr: str, with_national: ChartInputs) -> None:
    """The on-screen source line is the subtitle's last lines, counted, not found by the word 'Source:'."""
    from modules.ui.components.chart_block import _title_parts

    for chart_id in sorted(CHART_IDS):
        built = build_chart(chart_id, with_national)
        title, subtitle, source = _title_parts(built.chart.to_dict(), len(built.source))
        assert source == " ".join(built.source) and _pseudo(source)
        assert subtitle and not subtitle.endswith(source) and " ".join(title.split()) == " ".join(built.title.split())


def test_cached_charts_are_kept_apart_by_language(pseudo_fr: str, inputs: ChartInputs) -> None:
    """A chart built for a French tab is never served to an English one (the cache key names the language)."""
    from modules.ui.components import chart_block

    lo, hi = inputs.year_bounds()
    chart_block._artifacts.clear()
    try:
        french = chart_block.chart_artifacts(inputs, "conviction_ratio", (lo, hi))
        with i18n.use("en"):
            english = chart_block.chart_artifacts(inputs, "conviction_ratio", (lo, hi))
        again = chart_block.chart_artifacts(inputs, "conviction_ratio", (lo, hi))
    finally:
        chart_block._artifacts.clear()  # no bracketed "French" chart left for a later test
    assert _pseudo(french.title) and _pseudo(french.screen_source) and again is french
    assert english.title.startswith("Convictions equalled") and english.screen_source.startswith("Source: ")
    assert english.csv.decode("utf-8-sig").startswith("Year,Data,") and list(english.table.columns)[:2] == [
        "Year",
        "Data",
    ]
    assert french.csv.decode("utf-8-sig").startswith("⟦Year⟧,⟦Data⟧,")  # the download's headers too
    assert french.file_stem == english.file_stem == f"conviction_ratio_{lo}-{hi}"


def test_report_charts_speak_the_readers_language(pseudo_fr: str) -> None:
    summary = pd.DataFrame(
        {
            "cohort": ["North", "South"],
            "n_pairs": [2, 2],
            "mean_pre": [70.0, 30.0],
            "mean_post": [80.0, 65.0],
            "enrolled": [5, 6],
            "completion_rate": [0.5, 0.8],
            "pass_rate": [0.2, 0.4],
        }
    )
    bins = pd.DataFrame({"role": ["pre_test", "post_test"], "band": [0, 50], "band_end": [10, 60], "learners": [2, 3]})
    for chart in (
        programme.pre_post_by_cohort(summary),
        programme.rates_by_cohort(summary),
        programme.score_histogram(bins),
        programme.score_histogram(pd.DataFrame()),
    ):
        spec = chart.to_dict()
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        assert _pseudo(title) and _pseudo(spec["description"]), spec.get("title")
        shown = [t for t in _shown_titles(spec) if t != "%"]
        assert all(_pseudo(t) for t in shown), shown
        assert all(_pseudo(n) for n in _words_in_scales(spec)), _words_in_scales(spec)
    pre_post = programme.pre_post_by_cohort(summary).to_dict()
    assert pre_post["title"]["text"] == "⟦Mean score rose from 50 % to 72 %⟧".replace(" %", "\u00a0%")
