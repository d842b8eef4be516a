"""Altair chart builders for the enforcement data. They return charts and never call Streamlit.

Every chart is made to be shown on a projector and pasted into slides: the title states the takeaway
(computed from the data, never typed), the subtitle says what is drawn, a "Source:" line names the TIP
edition of every year shown (later editions revise earlier years), colours are Okabe–Ito (safe for
colour-blind viewers) with shapes or dashes as a second cue, and fonts are large. Each builder also
returns the table of the data it shows: the accessible alternative and the CSV download.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from modules.charts import typeface
from modules.data.enforcement import EnforcementTable, edition_ranges
from modules.data.estimates import LEGAL_MILESTONES, GlobalEstimate, estimates_version
from modules.data.measures import (
    STAGE_CONVICTIONS,
    STAGE_ESTIMATED,
    STAGE_IDENTIFIED,
    STAGE_ORDER,
    STAGE_PROSECUTIONS,
    attrition,
    conviction_ratio,
    funnel_for,
    labour_share,
    nearest_estimate,
    per_100_victims,
    safe_ratio,
    year_on_year_change,
)
from modules.domain.charts import CHART_IDS

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
MEASURE_STYLE: dict[str, tuple[str, str]] = {
    # measure -> (colour, point shape); the same measure looks the same in every chart.
    STAGE_ESTIMATED: (OKABE_ITO["purple"], "diamond"),
    STAGE_IDENTIFIED: (OKABE_ITO["green"], "triangle-up"),
    STAGE_PROSECUTIONS: (OKABE_ITO["orange"], "square"),
    STAGE_CONVICTIONS: (OKABE_ITO["blue"], "circle"),
}
SERIES_COLOURS: tuple[str, str] = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])

WIDTH = 860
HEIGHT = 420
TITLE_SIZE = 26
SUBTITLE_SIZE = 16
LABEL_SIZE = 16
AXIS_TITLE_SIZE = 18
TITLE_WRAP = 52
SUBTITLE_WRAP = 92

GLOBAL_SERIES = "Global (TIP Report)"
TIP_SOURCE = "US State Department, Trafficking in Persons (TIP) Report, Global Law Enforcement Data"

METRICS: dict[str, str] = {  # what the enforcement_trend chart can show
    "counts": "Counts",
    "per_100_victims": "Per 100 victims identified",
    "yoy_change": "Change on the previous year (%)",
}


@dataclass(frozen=True, eq=False)
class ChartInputs:
    """What every chart draws from: the global table, the ILO estimates, optionally national figures."""

    global_table: EnforcementTable
    estimates: tuple[GlobalEstimate, ...]
    national: EnforcementTable | None = None
    national_only: bool = False
    """A country course that shows its national figures instead of the global series (course.yaml
    `national_data: show: instead`): every chart then draws the national series alone, and no title
    or source line speaks of global or TIP figures."""

    @property
    def version(self) -> str:
        """Cache key: changes when any input's content changes, or the typeface the charts name."""
        # The national label is drawn in the charts, so it is part of the key as well as the content.
        nat = f"{self.national.version}:{self.national.name}" if self.national else "-"
        only = ":only" if self.national_only else ""
        # The typeface is drawn in every chart too: a programme that sets or changes its own gets new charts.
        face = typeface.font_stack()
        return f"{self.global_table.version}:{estimates_version(self.estimates)}:{nat}{only}:{face}"

    def series(self) -> list[tuple[str, EnforcementTable]]:
        """(label, table) pairs; the national label never collides with the global one."""
        out = [(GLOBAL_SERIES, self.global_table)]
        if self.national is not None:
            label = self.national.name.strip() or "National figures"
            out.append((label if label != GLOBAL_SERIES else f"{label} (uploaded)", self.national))
            if self.national_only:
                return out[1:]
        return out

    @property
    def shows_global(self) -> bool:
        return not (self.national_only and self.national is not None)

    @property
    def primary(self) -> tuple[str, EnforcementTable]:
        """The series titles are written from: the global one, or the national one shown instead."""
        return self.series()[0]

    def others(self) -> list[tuple[str, EnforcementTable]]:
        """National series drawn beside the global one (all series when the global is not shown)."""
        return self.series()[1:] if self.shows_global else self.series()

    def year_bounds(self) -> tuple[int, int]:
        years = [y for _, t in self.series() for y in t.years]
        return min(years), max(years)


@dataclass(frozen=True, eq=False)
class BuiltChart:
    """A chart plus the table of exactly the data it shows, its takeaway title and alt text."""

    chart_id: str
    chart: alt.TopLevelMixin
    table: pd.DataFrame
    title: str
    description: str


# ---------------------------------------------------------------------------------------------- helpers


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _range(inputs: ChartInputs, year_range: tuple[int, int] | None) -> tuple[int, int]:
    lo, hi = inputs.year_bounds()
    if year_range is None:
        return lo, hi
    a, b = sorted(int(y) for y in year_range)
    first, last = max(a, lo), min(b, hi)
    return (first, last) if first <= last else (first, first)


def _years(lo: int, hi: int) -> str:
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def source_lines(inputs: ChartInputs, lo: int, hi: int) -> list[str]:
    """'Source: ...' naming the TIP edition of each run of years, plus national and estimate sources."""
    text = ""
    if inputs.shows_global:
        runs = edition_ranges(inputs.global_table, lo, hi)
        editions = ", ".join(f"{ed} edition ({_years(a, b)})" for ed, a, b in runs) or "edition not stated"
        text = f"Source: {TIP_SOURCE}; {editions}. Later editions revise earlier years."
    for label, table in inputs.others():
        sources = sorted({s for s in table.between(lo, hi)["source"].dropna().astype(str) if s})
        named = f" ({'; '.join(sources)[:120]})" if sources else ""
        text += f" {label}: national figures{named}." if text else f"Source: {label}, national figures{named}."
    return _wrap(text, SUBTITLE_WRAP)


def _spoken(tip: Any) -> str | None:
    """A Vega expression reading one tooltip field as the tooltip shows it (rounded, formatted)."""
    spec = tip.to_dict() if hasattr(tip, "to_dict") else {}
    field = spec.get("field")
    if not isinstance(field, str) or "aggregate" in spec or "timeUnit" in spec:
        return None
    title = f"{spec['title']}: " if "title" in spec else ""
    value = f"datum[{json.dumps(field)}]"
    if spec.get("type") == "quantitative":
        value = f"format({value}, {json.dumps(str(spec.get('format', ',.3~r')))})"
    return f"{json.dumps(title)} + (isValid(datum[{json.dumps(field)}]) ? {value} : 'no value')"


def _describe_marks(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Give every mark that has a tooltip a screen-reader description that reads the tooltip's rounded
    values ("Convictions per prosecution: 44%"), not Vega-Lite's default of raw fields ("43.950600")."""
    if isinstance(chart, alt.LayerChart):
        chart.layer = [_describe_marks(sub) for sub in chart.layer]  # type: ignore[misc]
        return chart
    if not isinstance(chart, alt.Chart) or chart.encoding is alt.Undefined:
        return chart
    tips = chart.encoding.tooltip
    if tips is alt.Undefined and chart.encoding.text is not alt.Undefined:
        tips = [chart.encoding.text]  # a label reads as its own text
    parts = [p for p in (_spoken(t) for t in tips) if p] if isinstance(tips, list) else []
    if not parts or chart.encoding.description is not alt.Undefined:
        return chart
    return chart.transform_calculate(mark_description=" + ', ' + ".join(parts)).encode(description="mark_description:N")


def _finish(
    layer: alt.TopLevelMixin, chart_id: str, title: str, subtitle: list[str], description: str, height: int = HEIGHT
) -> alt.TopLevelMixin:
    """Title block, size and projector-friendly styling shared by every chart."""
    return (
        _describe_marks(layer)
        .properties(
            title=alt.TitleParams(
                text=_wrap(title, TITLE_WRAP),
                subtitle=subtitle,
                anchor="start",
                fontSize=TITLE_SIZE,
                subtitleFontSize=SUBTITLE_SIZE,
                subtitleColor="#333333",
                subtitlePadding=8,
                offset=16,
            ),
            width=WIDTH,
            height=height,
            description=description,
            usermeta={"chart_id": chart_id},
        )
        .configure(background="white", padding=16, font=typeface.font_stack())
        .configure_axis(
            labelFontSize=LABEL_SIZE,
            titleFontSize=AXIS_TITLE_SIZE,
            labelColor="#222222",
            titleColor="#222222",
            gridColor="#DDDDDD",
            titleFontWeight="normal",
        )
        .configure_legend(
            labelFontSize=LABEL_SIZE,
            titleFontSize=LABEL_SIZE,
            orient="top",
            direction="horizontal",
            symbolSize=220,
            symbolStrokeWidth=3,
            labelLimit=420,
            columnPadding=24,
        )
        .configure_view(stroke=None)
    )


def _year_x(lo: int, hi: int, title: str = "Year") -> alt.X:
    return alt.X(
        "year:Q",
        title=title,
        scale=alt.Scale(domain=[lo, hi], nice=False, zero=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
    )


def _measure_colour(measures: list[str]) -> tuple[alt.Color, alt.Shape]:
    domain = list(measures)
    colours = [MEASURE_STYLE.get(_base(m), (OKABE_ITO["black"], "circle"))[0] for m in domain]
    shapes = [MEASURE_STYLE.get(_base(m), (OKABE_ITO["black"], "circle"))[1] for m in domain]
    legend = alt.Legend(title=None)
    return (
        alt.Color("measure:N", scale=alt.Scale(domain=domain, range=colours), legend=legend, sort=domain),
        alt.Shape("measure:N", scale=alt.Scale(domain=domain, range=shapes), legend=legend, sort=domain),
    )


def _base(measure: str) -> str:
    for stage in STAGE_ORDER:
        if measure.startswith(stage):
            return stage
    return measure


def _dash(inputs: ChartInputs, data: pd.DataFrame) -> dict[str, alt.StrokeDash]:
    """Solid line for the global series, dashed for national figures (only when both are drawn: a
    series with nothing to draw, such as national data without victims on a per-victim chart, gets no
    legend entry)."""
    drawn = set(data["series"]) if "series" in data else set()
    names = [s for s, _ in inputs.series() if s in drawn]
    if len(names) < 2:
        return {}
    legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=3, symbolSize=600)
    return {
        "strokeDash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=names, range=[[1, 0], [8, 5]]), legend=legend, sort=names
        )
    }


LOG_LABEL_EXPR = "datum.value >= 1000000 ? format(datum.value / 1000000, ',') + ' million' : format(datum.value, ',')"


def _log_axis(lo: float, hi: float) -> alt.Axis:
    """Grid lines and labels at powers of ten only (1, 10, 100, ... 10 million): readable from the back."""
    k0 = max(0, math.floor(math.log10(max(lo, 1))))
    k1 = math.ceil(math.log10(max(hi, 1)))
    return alt.Axis(values=[10**k for k in range(k0, k1 + 1)], labelExpr=LOG_LABEL_EXPR)


def _fmt_int(v: float | int) -> str:
    return f"{round(float(v)):,}"


def _latest(frame: pd.DataFrame, columns: list[str]) -> int | None:
    rows = frame.dropna(subset=columns)
    return int(rows.index.max()) if not rows.empty else None


def _by_year(values: pd.Series) -> list[tuple[int, Any]]:
    """(year, cell) pairs of a year-indexed series. pandas-stubs types an index label as Hashable and a
    cell as any scalar; here the label is always the integer year and the caller checks the cell."""
    return [(int(year), v) for year, v in zip(values.index, values, strict=True)]


def _cell(frame: pd.DataFrame, year: int, column: str) -> Any:
    """One cell of a year-indexed table (pandas-stubs cannot know its type: a count, NA, or text)."""
    return frame.at[year, column]


def _edition_label(table: EnforcementTable, year: int, series: str) -> str:
    if series == GLOBAL_SERIES:
        return table.edition(year) or ""
    return "national figures"


# ---------------------------------------------------------------------------------------- 1. the trend

_TREND_COLUMNS: dict[str, str] = {
    "victims_identified": STAGE_IDENTIFIED,
    "prosecutions": STAGE_PROSECUTIONS,
    "convictions": STAGE_CONVICTIONS,
}


def _trend_values(frame: pd.DataFrame, metric: str) -> dict[str, pd.Series]:
    if metric == "counts":
        return {label: frame[col] for col, label in _TREND_COLUMNS.items()}
    if metric == "per_100_victims":
        return {
            f"{STAGE_PROSECUTIONS} per 100 victims identified": per_100_victims(frame, "prosecutions"),
            f"{STAGE_CONVICTIONS} per 100 victims identified": per_100_victims(frame, "convictions"),
        }
    if metric == "yoy_change":
        return {label: year_on_year_change(frame, col) for col, label in _TREND_COLUMNS.items()}
    raise ValueError(f"unknown metric {metric!r} (known: {sorted(METRICS)})")


def enforcement_trend(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Prosecutions, convictions and victims identified per year (or per 100 victims, or yearly change)."""
    lo, hi = _range(inputs, year_range)
    rows: list[dict[str, Any]] = []
    measures: list[str] = []
    for series, enforcement in inputs.series():
        # Year-on-year change needs the year before the range, so compute on the whole table first.
        values = _trend_values(enforcement.frame, metric)
        for measure, s in values.items():
            if measure not in measures:
                measures.append(measure)
            for year, v in _by_year(s):
                if lo <= year <= hi and not pd.isna(v):
                    rows.append(
                        {
                            "year": year,
                            "series": series,
                            "measure": measure,
                            "value": round(float(v), 1) if metric != "counts" else int(v),
                            "edition": _edition_label(enforcement, year, series),
                        }
                    )
    data = pd.DataFrame(rows, columns=["year", "series", "measure", "value", "edition"])
    national = inputs.national is not None
    log = metric == "counts" and national
    title = _trend_title(inputs.primary[1].between(lo, hi), metric, lo, hi)

    if metric == "counts":
        y_title = "Number per year" + (" (log scale)" if log else "")
        value_format = ",d"
        what = "Prosecutions, convictions and victims identified " + (
            "worldwide" if inputs.shows_global else f"in {inputs.primary[0]}"
        )
    elif metric == "per_100_victims":
        y_title = "Per 100 victims identified"
        value_format = ",.1f"
        what = "Prosecutions and convictions per 100 victims identified (victims were not reported before 2008)"
    else:
        y_title = "Change on the previous year (%)"
        value_format = "+,.1f"
        what = "Change on the previous calendar year, in per cent (blank where a year is missing)"
    zeros = " Zeros cannot be drawn on a log scale: see the data table." if log and (data["value"] == 0).any() else ""
    missing = [name for name, _ in inputs.series() if name not in set(data["series"])]
    if missing:
        zeros += f" {', '.join(missing)}: no figures for this measure in these years, so no line."
    subtitle = _wrap(
        f"{what}, {_years(lo, hi)}." + (" National figures dashed; log scale." if log else "") + zeros, SUBTITLE_WRAP
    )

    colour, shape = _measure_colour(measures)
    if log and not data.empty:
        y_axis = _log_axis(float(data["value"].min()), float(data["value"].max()))
    else:
        y_axis = alt.Axis(format=",d" if metric == "counts" else ",~f")
    encodings: dict[str, Any] = {
        "x": _year_x(lo, hi),
        "y": alt.Y(
            "value:Q",
            title=y_title,
            scale=alt.Scale(type="log") if log else alt.Scale(zero=metric != "yoy_change"),
            axis=y_axis,
        ),
        "color": colour,
        "tooltip": [
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("series:N", title="Data"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", title="Value", format=value_format),
            alt.Tooltip("edition:N", title="Source edition"),
        ],
    }
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data), detail="series:N")
    points = base.mark_point(filled=True, size=110, opacity=1).encode(**encodings, shape=shape)
    layers: list[alt.Chart] = [lines, points]
    if metric == "yoy_change":
        layers.insert(0, alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#555555").encode(y="zero:Q"))
    description = (
        f"Line chart, {METRICS[metric].lower()}, {_years(lo, hi)}: {', '.join(measures)}. {title}. "
        "The data table gives every value."
    )
    chart = _finish(
        alt.layer(*layers), "enforcement_trend", title, subtitle + source_lines(inputs, lo, hi), description
    )
    table = _wide(data, measures, value_label=None)
    return BuiltChart("enforcement_trend", chart, table, title, description)


def _trend_title(frame: pd.DataFrame, metric: str, lo: int, hi: int) -> str:
    if metric == "counts":
        y = _latest(frame, ["victims_identified", "convictions"])
        if y is not None:
            v, c = _cell(frame, y, "victims_identified"), _cell(frame, y, "convictions")
            return f"{y}: {_fmt_int(v)} victims identified, only {_fmt_int(c)} convictions"
        y = _latest(frame, ["prosecutions", "convictions"])
        if y is not None:
            p, c = _cell(frame, y, "prosecutions"), _cell(frame, y, "convictions")
            return f"{y}: {_fmt_int(p)} prosecutions, only {_fmt_int(c)} convictions"
    elif metric == "per_100_victims":
        per = per_100_victims(frame, "convictions").dropna()
        if not per.empty:
            y = int(per.index.max())
            return f"{y}: {per[y]:.1f} convictions per 100 victims identified"
    else:
        full = frame  # the change for `lo` needs `lo - 1`, which the range excludes: no title from it
        change = year_on_year_change(full, "convictions").dropna()
        if not change.empty:
            y = int(change.index.max())
            verb = "rose" if change[y] > 0 else "fell" if change[y] < 0 else "held steady"
            amount = f" {abs(change[y]):.0f}%" if change[y] != 0 else ""
            return f"Convictions {verb}{amount} from {y - 1} to {y}"
    return f"No figures for this measure in {_years(lo, hi)}"


def _wide(data: pd.DataFrame, measures: list[str], value_label: str | None) -> pd.DataFrame:
    """Long chart data -> one row per year and series, one column per measure (the table view)."""
    if data.empty:
        return pd.DataFrame(columns=["Year", "Data", *measures, "Source edition"])
    wide = data.pivot_table(index=["year", "series", "edition"], columns="measure", values="value", aggfunc="first")
    wide = wide.reindex(columns=[m for m in measures if m in wide.columns]).reset_index()
    wide = wide.rename(columns={"year": "Year", "series": "Data", "edition": "Source edition"})
    wide = wide[["Year", "Data", *[m for m in measures if m in wide.columns], "Source edition"]]
    order = {name: i for i, name in enumerate(dict.fromkeys(data["series"]))}
    wide = wide.sort_values(["Data", "Year"], key=lambda s: s.map(order) if s.name == "Data" else s)
    wide.columns.name = None
    return wide.reset_index(drop=True)


# ------------------------------------------------------------------------------- 2. conviction ratio


def conviction_ratio_chart(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Convictions per prosecution, per year."""
    lo, hi = _range(inputs, year_range)
    rows: list[dict[str, Any]] = []
    names = [s for s, _ in inputs.series()]
    for series, enforcement in inputs.series():
        f = enforcement.between(lo, hi)
        ratio = conviction_ratio(f)
        for year, r in _by_year(ratio):
            if pd.isna(r):
                continue
            rows.append(
                {
                    "year": year,
                    "series": series,
                    "ratio": round(float(r), 6),
                    "prosecutions": int(_cell(f, year, "prosecutions")),
                    "convictions": int(_cell(f, year, "convictions")),
                    "edition": _edition_label(enforcement, year, series),
                }
            )
    data = pd.DataFrame(rows, columns=["year", "series", "ratio", "prosecutions", "convictions", "edition"])
    glob = data[data["series"] == inputs.primary[0]]
    if glob.empty:
        title = f"No prosecutions and convictions in {_years(lo, hi)}"
        spread = ""
    else:
        last = glob.iloc[-1]
        title = f"Convictions equalled {last['ratio']:.0%} of prosecutions in {int(last['year'])}"
        low, high = glob.iloc[int(glob["ratio"].argmin())], glob.iloc[int(glob["ratio"].argmax())]
        spread = (
            f" {'Worldwide' if inputs.shows_global else 'In ' + inputs.primary[0]} the ratio ranged from "
            f"{low['ratio']:.0%} ({int(low['year'])}) "
            f"to {high['ratio']:.0%} ({int(high['year'])})."
        )
    subtitle = _wrap(f"Convictions per prosecution in the same year, {_years(lo, hi)}.{spread}", SUBTITLE_WRAP)
    note = _wrap(
        "Convictions in a year are not the outcomes of that year's prosecutions: read the ratio as a rough indicator.",
        SUBTITLE_WRAP,
    )
    encodings: dict[str, Any] = {
        "x": _year_x(lo, hi),
        "y": alt.Y(
            "ratio:Q", title="Convictions per prosecution", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
        ),
        "color": alt.Color(
            "series:N",
            scale=alt.Scale(domain=names, range=list(SERIES_COLOURS[: len(names)])),
            legend=alt.Legend(title=None),
            sort=names,
        ),
        "tooltip": [
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("series:N", title="Data"),
            alt.Tooltip("ratio:Q", title="Convictions per prosecution", format=".0%"),
            alt.Tooltip("prosecutions:Q", title="Prosecutions", format=",d"),
            alt.Tooltip("convictions:Q", title="Convictions", format=",d"),
            alt.Tooltip("edition:N", title="Source edition"),
        ],
    }
    base = alt.Chart(data)
    layer = alt.layer(
        base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data)),
        base.mark_point(filled=True, size=110, opacity=1).encode(
            **encodings, shape=alt.Shape("series:N", legend=None, sort=names)
        ),
    )
    description = f"Line chart of convictions per prosecution, {_years(lo, hi)}. {title}.{spread}"
    chart = _finish(layer, "conviction_ratio", title, subtitle + note + source_lines(inputs, lo, hi), description)
    table = data.rename(
        columns={
            "year": "Year",
            "series": "Data",
            "prosecutions": "Prosecutions",
            "convictions": "Convictions",
            "ratio": "Convictions per prosecution (%)",
            "edition": "Source edition",
        }
    )[["Year", "Data", "Prosecutions", "Convictions", "Convictions per prosecution (%)", "Source edition"]]
    table["Convictions per prosecution (%)"] = (table["Convictions per prosecution (%)"] * 100).round(1)
    return BuiltChart("conviction_ratio", chart, table.reset_index(drop=True), title, description)


# ---------------------------------------------------------------------------------- 3. labour share


def labour_share_chart(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Labour trafficking against all trafficking: prosecutions and convictions (the parenthesised figures)."""
    lo, hi = _range(inputs, year_range)
    rows: list[dict[str, Any]] = []
    measures = [STAGE_PROSECUTIONS, STAGE_CONVICTIONS]
    for series, enforcement in inputs.series():
        f = enforcement.between(lo, hi)
        for col, measure in (("prosecutions", STAGE_PROSECUTIONS), ("convictions", STAGE_CONVICTIONS)):
            share = labour_share(f, col)
            for year, s in _by_year(share):
                if pd.isna(s):
                    continue
                rows.append(
                    {
                        "year": year,
                        "series": series,
                        "measure": measure,
                        "share": round(float(s), 6),
                        "labour": int(_cell(f, year, f"{col}_labour")),
                        "total": int(_cell(f, year, col)),
                        "edition": _edition_label(enforcement, year, series),
                    }
                )
    data = pd.DataFrame(rows, columns=["year", "series", "measure", "share", "labour", "total", "edition"])
    gframe = inputs.primary[1].between(lo, hi)
    y = _latest(gframe, ["convictions_labour", "convictions"])
    if y is not None:
        lab, tot = int(_cell(gframe, y, "convictions_labour")), int(_cell(gframe, y, "convictions"))
        title = f"Only {lab:,} of {tot:,} convictions in {y} were for labour trafficking ({lab / tot:.0%})"
    else:
        since = " (first reported for 2007)" if inputs.shows_global else ""
        title = f"No labour-trafficking figures in {_years(lo, hi)}{since}"
    labour_years = inputs.primary[1].frame.dropna(subset=["prosecutions_labour"]).index
    first_labour = int(labour_years.min()) if len(labour_years) else None
    first_note = f" Labour figures were first reported separately for {first_labour}." if first_labour else ""
    subtitle = _wrap(
        f"Labour trafficking as a share of all trafficking prosecutions and convictions, {_years(lo, hi)}"
        + (" (the figures in parentheses in the TIP table)." if inputs.shows_global else ".")
        + first_note,
        SUBTITLE_WRAP,
    )

    colour, shape = _measure_colour(measures)
    encodings: dict[str, Any] = {
        "x": _year_x(lo, hi),
        "y": alt.Y(
            "share:Q",
            title="Share that is labour trafficking",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        "color": colour,
        "tooltip": [
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("series:N", title="Data"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("labour:Q", title="Labour trafficking", format=",d"),
            alt.Tooltip("total:Q", title="All trafficking", format=",d"),
            alt.Tooltip("share:Q", title="Labour share", format=".1%"),
            alt.Tooltip("edition:N", title="Source edition"),
        ],
    }
    base = alt.Chart(data)
    layers: list[alt.Chart] = [
        base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data), detail="series:N"),
        base.mark_point(filled=True, size=110, opacity=1).encode(**encodings, shape=shape),
    ]
    extra_lines: list[str] = []
    est = nearest_estimate(inputs.estimates, hi) if inputs.shows_global else None  # a global reference only
    reference = safe_ratio(est.private_economy_forced_labour_exploitation, est.total) if est else None
    if est is not None and reference is not None:
        ref_text = f"Forced labour exploitation: {reference:.0%} of people in forced labour ({est.label})"
        ref = pd.DataFrame({"share": [round(reference, 4)], "year": [lo], "text": [ref_text]})
        rule = alt.Chart(ref).mark_rule(color=OKABE_ITO["black"], strokeDash=[4, 4], strokeWidth=2)
        layers.append(rule.encode(y="share:Q", tooltip=[alt.Tooltip("text:N", title="Reference")]))
        label = alt.Chart(ref).mark_text(align="left", baseline="bottom", dx=4, dy=-6, fontSize=15, color="#222222")
        layers.append(label.encode(x="year:Q", y="share:Q", text="text:N"))
        extra_lines = _wrap(
            f"Dashed line, illustrative: the ILO estimate counts people, the TIP counts cases. "
            f"Estimate: {est.publication}; methods differ between editions.",
            SUBTITLE_WRAP,
        )
    description = (
        f"Line chart of the labour-trafficking share of prosecutions and convictions, {_years(lo, hi)}. {title}."
    )
    chart = _finish(
        alt.layer(*layers), "labour_share", title, subtitle + extra_lines + source_lines(inputs, lo, hi), description
    )
    table = _labour_table(data)
    return BuiltChart("labour_share", chart, table, title, description)


def _labour_table(data: pd.DataFrame) -> pd.DataFrame:
    cols = [
        "Year",
        "Data",
        "Prosecutions (labour)",
        "Prosecutions (all)",
        "Labour share of prosecutions (%)",
        "Convictions (labour)",
        "Convictions (all)",
        "Labour share of convictions (%)",
        "Source edition",
    ]
    out: list[dict[str, Any]] = []
    for (year, series, edition), g in data.groupby(["year", "series", "edition"], sort=False):
        row: dict[str, Any] = {"Year": year, "Data": series, "Source edition": edition}
        for measure, key in ((STAGE_PROSECUTIONS, "Prosecutions"), (STAGE_CONVICTIONS, "Convictions")):
            m = g[g["measure"] == measure]
            if not m.empty:
                row[f"{key} (labour)"] = int(m["labour"].iloc[0])
                row[f"{key} (all)"] = int(m["total"].iloc[0])
                row[f"Labour share of {key.lower()} (%)"] = round(float(m["share"].iloc[0]) * 100, 1)
        out.append(row)
    table = pd.DataFrame(out, columns=cols)
    for c in cols[2:-1]:
        table[c] = table[c].astype("Float64" if "%" in c else "Int64")
    return table


# -------------------------------------------------------------------------------- 4. attrition funnel


def attrition_funnel(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Estimated victims -> identified -> prosecutions -> convictions, on a log scale (the range's last year)."""
    lo, hi = _range(inputs, year_range)
    rows: list[dict[str, Any]] = []
    fy = funnel_for(inputs.global_table.frame, inputs.estimates, hi) if inputs.shows_global else None
    if fy is not None:
        for st in fy.stages:
            source = (
                fy.estimate.label
                if st.stage == STAGE_ESTIMATED and fy.estimate
                else inputs.global_table.edition(fy.year) or ""
            )
            rows.append(_stage_row(GLOBAL_SERIES, fy.year, st.stage, st.count, st.share_of_first, source))
    for series, enforcement in inputs.others():
        f = enforcement.frame[enforcement.frame.index <= hi]
        y = _latest(f, ["convictions"])
        if y is None:
            continue
        stages = attrition(
            None,
            enforcement.value(y, "victims_identified"),
            enforcement.value(y, "prosecutions"),
            enforcement.value(y, "convictions"),
        )
        for st in stages:
            row = _stage_row(series, y, st.stage, st.count, st.share_of_first, "national figures")
            row["label"] = f"{st.count:,} ({series}, {y})"
            rows.append(row)
    data = pd.DataFrame(rows, columns=["series", "year", "stage", "count", "share", "label", "source"])

    if fy is not None and fy.estimate is not None and fy.one_conviction_per is not None:
        title = f"About one conviction per {fy.one_conviction_per:,} estimated victims of forced labour ({fy.year})"
        what = (
            f"{fy.year}: victims identified, prosecutions and convictions (TIP) against the {fy.estimate.label}, "
            f"the nearest published estimate to {fy.year}. Log scale."
        )
        caveat = (
            "Illustrative: the estimate counts people in forced labour at a point in time; the TIP counts one year's "
            f"cases. Estimate: {fy.estimate.publication}; methods differ between editions."
        )
    elif fy is not None:
        title = f"{fy.year}: from victims identified to convictions"
        what, caveat = f"{fy.year}, log scale.", "No published global estimate to compare with."
    elif not inputs.shows_global and not data.empty:
        label, year = inputs.primary[0], int(data["year"].iloc[0])
        counts = dict(zip(data["stage"], data["count"], strict=False))
        convictions = counts.get(STAGE_CONVICTIONS)
        identified = counts.get(STAGE_IDENTIFIED)
        title = (
            f"{label}, {year}: {int(convictions):,} convictions for {int(identified):,} victims identified"
            if convictions is not None and identified is not None
            else f"{label}, {year}: from victims identified to convictions"
        )
        what, caveat = f"{year}: national victims identified, prosecutions and convictions. Log scale.", ""
    else:
        title = f"No year in {_years(lo, hi)} has victims identified, prosecutions and convictions"
        what, caveat = "Victims identified were first reported for 2008.", ""
    subtitle = _wrap(what, SUBTITLE_WRAP) + (_wrap(caveat, SUBTITLE_WRAP) if caveat else [])

    names = [s for s, _ in inputs.series()]
    stage_order = [s for s in STAGE_ORDER if s in set(data["stage"])] or list(STAGE_ORDER)
    if data.empty:
        domain = [1, 10]
    else:
        low = max(1, int(data["count"].min()))
        domain = [10 ** (len(str(low)) - 1), int(data["count"].max()) * 8]
    data["base"] = domain[0]  # log scales have no zero: bars start at the left edge of the domain
    encodings: dict[str, Any] = {
        "y": alt.Y("stage:N", sort=stage_order, title=None, axis=alt.Axis(labelLimit=360, labelFontSize=LABEL_SIZE)),
        "x": alt.X(
            "count:Q",
            title="People or cases (log scale)",
            scale=alt.Scale(type="log", domain=domain, nice=False),
            axis=_log_axis(domain[0], domain[1]),
        ),
        "tooltip": [
            alt.Tooltip("series:N", title="Data"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("count:Q", title="Number", format=",d"),
            alt.Tooltip("share:Q", title="Share of the first stage", format=".3~%"),
            alt.Tooltip("source:N", title="Source"),
        ],
    }
    if len(names) > 1:
        encodings["yOffset"] = alt.YOffset("series:N", sort=names)
        encodings["opacity"] = alt.Opacity(
            "series:N", scale=alt.Scale(domain=names, range=[1.0, 0.5]), legend=alt.Legend(title=None), sort=names
        )
    colour = alt.Color(
        "stage:N",
        scale=alt.Scale(domain=list(STAGE_ORDER), range=[MEASURE_STYLE[s][0] for s in STAGE_ORDER]),
        legend=None,
    )
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.8} if len(names) < 2 else {"band": 0.9}).encode(
        **encodings, x2="base:Q", color=colour
    )
    labels = base.mark_text(align="left", baseline="middle", dx=6, fontSize=LABEL_SIZE, color="#222222").encode(
        **{k: v for k, v in encodings.items() if k != "opacity"}, text="label:N"
    )
    description = f"Horizontal bar chart on a log scale. {title}. " + " ".join(
        f"{r.series} {r.stage}: {r.count:,}." for r in data.itertuples()
    )
    chart = _finish(
        alt.layer(bars, labels),
        "attrition_funnel",
        title,
        subtitle + source_lines(inputs, lo, hi),
        description,
        height=360,
    )
    table = data.rename(
        columns={"series": "Data", "year": "Year", "stage": "Stage", "count": "Number", "source": "Source"}
    )[["Data", "Year", "Stage", "Number", "Source"]].copy()
    table["Share of the first stage (%)"] = (data["share"] * 100).round(4)
    return BuiltChart("attrition_funnel", chart, table.reset_index(drop=True), title, description)


def _stage_row(series: str, year: int, stage: str, count: int, share: float, source: str) -> dict[str, Any]:
    return {
        "series": series,
        "year": year,
        "stage": stage,
        "count": count,
        "share": share,
        "label": f"{count:,}",
        "source": source,
    }


# ---------------------------------------------------------------------------------- 5. legal timeline


def legal_timeline(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Legal milestones (C29, C105, Palermo Protocol, P029) beside prosecutions and convictions."""
    lo, hi = _range(inputs, year_range)
    start = min(m.year for m in LEGAL_MILESTONES) - 5
    rows: list[dict[str, Any]] = []
    for series, enforcement in inputs.series():
        f = enforcement.between(lo, hi)
        for col, measure in (("prosecutions", STAGE_PROSECUTIONS), ("convictions", STAGE_CONVICTIONS)):
            for year, v in _by_year(f[col]):
                if not pd.isna(v):
                    rows.append(
                        {
                            "year": year,
                            "series": series,
                            "measure": measure,
                            "value": int(v),
                            "edition": _edition_label(enforcement, year, series),
                        }
                    )
    data = pd.DataFrame(rows, columns=["year", "series", "measure", "value", "edition"])
    miles = pd.DataFrame(
        [
            {"year": m.year, "short": m.short, "name": m.name, "note": m.note, "row": i % 2}
            for i, m in enumerate(LEGAL_MILESTONES)
        ]
    )
    label, primary = inputs.primary
    gframe = primary.between(lo, hi)
    y = _latest(gframe, ["convictions"])
    first = LEGAL_MILESTONES[0]
    where = "worldwide" if inputs.shows_global else f"in {label}"
    if y is not None:
        title = (
            f"International law against forced labour since {first.year}; "
            f"only {int(_cell(gframe, y, 'convictions')):,} trafficking convictions {where} in {y}"
        )
    else:
        title = f"International law against forced labour since {first.year}"
    subtitle = _wrap(
        (
            "ILO conventions and protocols and the UN Palermo Protocol (dashed lines) beside TIP prosecutions and "
            f"convictions, {_years(lo, hi)}. Global enforcement data were first collected for the 2004 TIP Report."
            if inputs.shows_global
            else "ILO conventions and protocols and the UN Palermo Protocol (dashed lines) beside the national "
            f"prosecutions and convictions of {inputs.primary[0]}, {_years(lo, hi)}."
        ),
        SUBTITLE_WRAP,
    )
    national = inputs.national is not None
    measures = [STAGE_PROSECUTIONS, STAGE_CONVICTIONS]
    colour, shape = _measure_colour(measures)
    top = float(data["value"].max()) if not data.empty else 10.0
    if national and not data.empty:
        low = max(1.0, float(data["value"].min()) / 2)
        y_scale = alt.Scale(type="log", domain=[low, top * 8], nice=False)
        y_axis = _log_axis(low, top * 8)
    else:
        y_scale = alt.Scale(domain=[0, top * 1.45], nice=False)
        y_axis = alt.Axis(format=",d")
    x = alt.X(
        "year:Q",
        title="Year",
        scale=alt.Scale(domain=[start, hi + 1], nice=False, zero=False),
        axis=alt.Axis(format="d", labelAngle=0, tickMinStep=5),
    )
    encodings: dict[str, Any] = {
        "x": x,
        "y": alt.Y(
            "value:Q", title="Number per year" + (" (log scale)" if national else ""), scale=y_scale, axis=y_axis
        ),
        "color": colour,
        "tooltip": [
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("series:N", title="Data"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", title="Number", format=",d"),
            alt.Tooltip("edition:N", title="Source edition"),
        ],
    }
    base = alt.Chart(data)
    rule = alt.Chart(miles).mark_rule(color=OKABE_ITO["black"], strokeDash=[6, 4], strokeWidth=2)
    tips = [
        alt.Tooltip("name:N", title="Instrument"),
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("note:N", title="Date"),
    ]
    layers: list[alt.Chart] = [rule.encode(x=alt.X("year:Q"), tooltip=tips)]
    for row, offset in ((0, 6), (1, 34)):
        text = alt.Chart(miles[miles["row"] == row]).mark_text(
            align="left", baseline="top", dx=5, fontSize=LABEL_SIZE, fontWeight="bold", color="#222222"
        )
        layers.append(text.encode(x=alt.X("year:Q"), y=alt.value(offset), text="short:N", tooltip=tips))
    layers.append(base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data), detail="series:N"))
    layers.append(base.mark_point(filled=True, size=80, opacity=1).encode(**encodings, shape=shape))
    milestone_text = "; ".join(f"{m.name}, {m.note}" for m in LEGAL_MILESTONES)
    description = f"Timeline from {start} to {hi + 1}. Milestones: {milestone_text}. {title}."
    chart = _finish(alt.layer(*layers), "legal_timeline", title, subtitle + source_lines(inputs, lo, hi), description)
    table = pd.concat(
        [
            pd.DataFrame(
                {
                    "Year": miles["year"],
                    "Kind": "Legal milestone",
                    "What": miles["name"],
                    "Number": pd.array([None] * len(miles), dtype="Int64"),
                    "Note": miles["note"],
                }
            ),
            pd.DataFrame(
                {
                    "Year": data["year"],
                    "Kind": data["series"],
                    "What": data["measure"],
                    "Number": pd.array(data["value"].tolist(), dtype="Int64"),
                    "Note": data["edition"],
                }
            ),
        ],
        ignore_index=True,
    )
    return BuiltChart("legal_timeline", chart, table, title, description)


# ------------------------------------------------------------------------------------------ dispatcher

Builder = Callable[[ChartInputs, "tuple[int, int] | None", str], BuiltChart]

BUILDERS: dict[str, Builder] = {
    "enforcement_trend": enforcement_trend,
    "conviction_ratio": conviction_ratio_chart,
    "labour_share": labour_share_chart,
    "attrition_funnel": attrition_funnel,
    "legal_timeline": legal_timeline,
}
if set(BUILDERS) != set(CHART_IDS):  # pragma: no cover - a catalog edit without a builder
    raise RuntimeError(f"chart builders {sorted(BUILDERS)} do not match the catalog {sorted(CHART_IDS)}")

CHART_ORDER: tuple[str, ...] = tuple(BUILDERS)
"""The order of the Enforcement data page: the story from 'how many' to 'how few' to 'since when'."""

USES_METRIC: frozenset[str] = frozenset({"enforcement_trend"})


def build_chart(
    chart_id: str, inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Build a chart by its catalog id (the id a lesson's `chart` block names)."""
    try:
        builder = BUILDERS[chart_id]
    except KeyError:
        raise ValueError(f"unknown chart id {chart_id!r} (known: {sorted(BUILDERS)})") from None
    return builder(inputs, year_range, metric)
