"""Altair chart builders for the enforcement data. They return charts and never call Streamlit.

Every chart is made to be shown on a projector and pasted into slides: the title states the takeaway
(computed from the data, never typed), the subtitle says what is drawn, a "Source:" line names the TIP
edition of every year shown (later editions revise earlier years), colours are Okabe–Ito (safe for
colour-blind viewers) with shapes or dashes as a second cue, and fonts are large. Each builder also
returns the table of the data it shows: the accessible alternative and the CSV download.

Words are in the reader's language (modules.i18n.current() when the chart is built): titles, subtitles,
source lines, axes, legends, tooltips and the table's headers. Series and measures keep their English
names as keys in the code (GLOBAL_SERIES, the measures' STAGE_* names); the chart's data and table carry
the names a reader reads (`_series_label`, `_measure_label`). Numbers in titles are written the
language's way, and Vega writes the axes' and tooltips' numbers the same way (export.number_locale).
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
from babel.numbers import format_decimal

from modules.charts import export, typeface
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
from modules.i18n import N_, current, format_number, format_percent, ngettext
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)

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

# TRANSLATORS: the name of the worldwide series in the enforcement charts' legends and tables.
GLOBAL_SERIES = N_("Global (TIP Report)")
"""The global series' key (English); charts show it as `_series_label(GLOBAL_SERIES)`."""
# TRANSLATORS: the publisher and title of the source of the global figures, in a chart's "Source:" line.
TIP_SOURCE = N_("US State Department, Trafficking in Persons (TIP) Report, Global Law Enforcement Data")

MEASURE_NAMES: tuple[str, ...] = (
    # The measures' keys (modules.data.measures' STAGE_* names) marked here, so a chart shows them translated.
    N_("Estimated people in forced labour"),
    N_("Victims identified"),
    N_("Prosecutions"),
    N_("Convictions"),
)
PER_100_VICTIMS: dict[str, str] = {  # column -> the key (and English name) of its measure per 100 victims
    "prosecutions": N_("Prosecutions per 100 victims identified"),
    "convictions": N_("Convictions per 100 victims identified"),
}


class _Translated(Mapping[str, str]):
    """A read-only mapping of keys to msgids marked with N_: a lookup answers in the current language,
    so a page can read it when it draws (a menu's format_func) and never sees another tab's words."""

    def __init__(self, msgids: dict[str, str]) -> None:
        self._msgids = msgids

    def __getitem__(self, key: str) -> str:
        return translate(self._msgids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._msgids)

    def __len__(self) -> int:
        return len(self._msgids)


METRICS: Mapping[str, str] = _Translated(
    {  # what the enforcement_trend chart can show
        # TRANSLATORS: a choice of what the enforcement chart draws: the numbers themselves.
        "counts": N_("Counts"),
        "per_100_victims": N_("Per 100 victims identified"),
        "yoy_change": N_("Change on the previous year (%)"),
    }
)


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
        """Cache key: changes when any input's content changes, or the typeface the charts name.

        Not the language: a cache of built charts adds modules.i18n.current() to its key itself."""
        # The national label is drawn in the charts, so it is part of the key as well as the content.
        nat = f"{self.national.version}:{self.national.name}" if self.national else "-"
        only = ":only" if self.national_only else ""
        # The typeface is drawn in every chart too: a programme that sets or changes its own gets new charts.
        face = typeface.font_stack()
        return f"{self.global_table.version}:{estimates_version(self.estimates)}:{nat}{only}:{face}"

    def series(self) -> list[tuple[str, EnforcementTable]]:
        """(key, table) pairs: GLOBAL_SERIES for the global table, the national figures' own name (as a
        reader sees it) for theirs; the national name never collides with the global one."""
        out = [(GLOBAL_SERIES, self.global_table)]
        if self.national is not None:
            # TRANSLATORS: the name of a national series in a chart's legend when its file gives none.
            label = self.national.name.strip() or _("National figures")
            if label in (GLOBAL_SERIES, translate(GLOBAL_SERIES)):
                # TRANSLATORS: a national series named like the global one; {name} is its name.
                label = _("{name} (uploaded)", name=label)
            out.append((label, self.national))
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
        years = [y for _key, t in self.series() for y in t.years]
        return min(years), max(years)


@dataclass(frozen=True, eq=False)
class BuiltChart:
    """A chart plus the table of exactly the data it shows, its takeaway title and alt text."""

    chart_id: str
    chart: alt.TopLevelMixin
    table: pd.DataFrame
    title: str
    description: str
    source: tuple[str, ...] = ()
    """The source lines that end the chart's subtitle (wrapped as drawn), so a page can set them apart
    without reading their words (which are in the reader's language)."""


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


def _series_label(name: str) -> str:
    """A series as a reader sees it: the global one in their language, a national one by its own name
    (a name a person typed is never looked up in the catalogue)."""
    return translate(GLOBAL_SERIES) if name == GLOBAL_SERIES else name


def _series_labels(inputs: ChartInputs) -> list[str]:
    return [_series_label(name) for name, _table in inputs.series()]


def _measure_label(measure: str) -> str:
    """A measure (a STAGE_* name or a PER_100_VICTIMS key, all marked above) in the reader's language."""
    return translate(measure)


def _int(v: float | int) -> str:
    """A whole number as the reader's language writes it (7,975 in English, 7 975 in French)."""
    return format_number(round(float(v)))


def _pct(share: float) -> str:
    """A share (0..1) as a whole percentage the reader's language's way (51%, 51 %)."""
    return format_percent(round(float(share) * 100) / 100)


def _one_decimal(v: float) -> str:
    """7.8 (en), 7,8 (fr): one decimal, kept even when it is zero (9.0)."""
    return format_decimal(round(float(v), 1), format="#,##0.0", locale=current())


def _estimate_label(est: GlobalEstimate) -> str:
    """How charts name an edition of the ILO estimate (GlobalEstimate.label, in the reader's language)."""
    if est.reference_year is not None:
        # TRANSLATORS: names an edition of the ILO global estimate of forced labour; {edition} and {year} are years.
        return _("ILO {edition} global estimate (reference year {year})", edition=est.edition, year=est.reference_year)
    # TRANSLATORS: names an edition of the ILO global estimate of forced labour; {edition} is a year.
    return _("ILO {edition} global estimate", edition=est.edition)


def source_lines(inputs: ChartInputs, lo: int, hi: int) -> list[str]:
    """'Source: ...' naming the TIP edition of each run of years, plus national and estimate sources."""
    text = ""
    if inputs.shows_global:
        runs = edition_ranges(inputs.global_table, lo, hi)
        editions = ", ".join(
            # TRANSLATORS: part of a chart's source line; {edition} is e.g. "TIP 2024", {years} e.g. "2017–2023".
            _("{edition} edition ({years})", edition=ed, years=_years(a, b))
            for ed, a, b in runs
        ) or _("edition not stated")
        # TRANSLATORS: a chart's source line; {publisher} names the TIP Report, {editions} lists its editions.
        text = _(
            "Source: {publisher}; {editions}. Later editions revise earlier years.",
            publisher=translate(TIP_SOURCE),
            editions=editions,
        )
    for label, table in inputs.others():
        sources = sorted({s for s in table.between(lo, hi)["source"].dropna().astype(str) if s})
        named = "; ".join(sources)[:120]
        if text:
            # TRANSLATORS: added to a chart's source line; {name} names a country's figures, {sources} their sources.
            more = _("{name}: national figures ({sources}).", name=label, sources=named) if named else None
            # TRANSLATORS: added to a chart's source line; {name} names a country's figures.
            text += " " + (more or _("{name}: national figures.", name=label))
        elif named:
            # TRANSLATORS: a chart's source line; {name} names a country's figures, {sources} their sources.
            text = _("Source: {name}, national figures ({sources}).", name=label, sources=named)
        else:
            # TRANSLATORS: a chart's source line; {name} names a country's figures.
            text = _("Source: {name}, national figures.", name=label)
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
    # TRANSLATORS: what a screen reader says for a chart point whose field has no figure.
    missing = json.dumps(_("no value"))
    return f"{json.dumps(title)} + (isValid(datum[{json.dumps(field)}]) ? {value} : {missing})"


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
        .configure(background="white", padding=16, font=typeface.font_stack(), locale=export.number_locale())
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


def _year_x(lo: int, hi: int) -> alt.X:
    return alt.X(
        "year:Q",
        title=_("Year"),
        scale=alt.Scale(domain=[lo, hi], nice=False, zero=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
    )


def _measure_colour(measures: list[str]) -> tuple[alt.Color, alt.Shape]:
    """Colour and shape by measure: styled by the measures' keys, drawn with their names (the data's
    `measure` column holds `_measure_label` of each key)."""
    domain = [_measure_label(m) for m in measures]
    colours = [MEASURE_STYLE.get(_base(m), (OKABE_ITO["black"], "circle"))[0] for m in measures]
    shapes = [MEASURE_STYLE.get(_base(m), (OKABE_ITO["black"], "circle"))[1] for m in measures]
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
    names = [s for s in _series_labels(inputs) if s in drawn]
    if len(names) < 2:
        return {}
    legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=3, symbolSize=600)
    return {
        "strokeDash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=names, range=[[1, 0], [8, 5]]), legend=legend, sort=names
        )
    }


def _power_label(value: int) -> str:
    """An axis label on a log scale: 1,000 or 10 million, the reader's language's way."""
    if value >= 1_000_000:
        millions = value // 1_000_000
        # TRANSLATORS: a label on a chart's log-scale axis, e.g. "10 million"; {number} counts the millions.
        return ngettext("{number} million", "{number} million", millions, number=format_number(millions))
    return format_number(value)


def _log_axis(lo: float, hi: float) -> alt.Axis:
    """Grid lines and labels at powers of ten only (1, 10, 100, ... 10 million): readable from the back.

    The labels are written here, in the reader's language, and looked up by value in the label
    expression (Vega cannot pick a language's plural)."""
    k0 = max(0, math.floor(math.log10(max(lo, 1))))
    k1 = math.ceil(math.log10(max(hi, 1)))
    values = [10**k for k in range(k0, k1 + 1)]
    expr = "format(datum.value, ',')"
    for v in reversed(values):
        expr = f"datum.value === {v} ? {json.dumps(_power_label(v))} : {expr}"
    return alt.Axis(values=values, labelExpr=expr)


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
    # TRANSLATORS: in a chart's "Source edition" column and tooltip: the figure comes from a country's own data.
    return _("national figures")


def _tooltip_year() -> alt.Tooltip:
    return alt.Tooltip("year:Q", title=_("Year"), format="d")


def _tooltip_series() -> alt.Tooltip:
    # TRANSLATORS: a tooltip's and a data table's heading for which series a figure belongs to (global or national).
    return alt.Tooltip("series:N", title=_("Data"))


def _tooltip_edition() -> alt.Tooltip:
    # TRANSLATORS: a tooltip's and a data table's heading: the TIP Report edition a figure is taken from.
    return alt.Tooltip("edition:N", title=_("Source edition"))


# ---------------------------------------------------------------------------------------- 1. the trend

_TREND_COLUMNS: dict[str, str] = {
    "victims_identified": STAGE_IDENTIFIED,
    "prosecutions": STAGE_PROSECUTIONS,
    "convictions": STAGE_CONVICTIONS,
}


def _trend_values(frame: pd.DataFrame, metric: str) -> dict[str, pd.Series]:
    """The series to draw, by measure key."""
    if metric == "counts":
        return {label: frame[col] for col, label in _TREND_COLUMNS.items()}
    if metric == "per_100_victims":
        return {PER_100_VICTIMS[col]: per_100_victims(frame, col) for col in ("prosecutions", "convictions")}
    if metric == "yoy_change":
        return {label: year_on_year_change(frame, col) for col, label in _TREND_COLUMNS.items()}
    raise ValueError(f"unknown metric {metric!r} (known: {sorted(METRICS)})")


def enforcement_trend(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Prosecutions, convictions and victims identified per year (or per 100 victims, or yearly change)."""
    lo, hi = _range(inputs, year_range)
    rows: list[dict[str, Any]] = []
    measures: list[str] = []  # keys
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
                            "series": _series_label(series),
                            "measure": _measure_label(measure),
                            "value": round(float(v), 1) if metric != "counts" else int(v),
                            "edition": _edition_label(enforcement, year, series),
                        }
                    )
    data = pd.DataFrame(rows, columns=["year", "series", "measure", "value", "edition"])
    national = inputs.national is not None
    log = metric == "counts" and national
    title = _trend_title(inputs.primary[1].between(lo, hi), metric, lo, hi)
    years = _years(lo, hi)

    if metric == "counts":
        # TRANSLATORS: a chart's vertical axis title.
        y_title = _("Number per year (log scale)") if log else _("Number per year")
        value_format = ",d"
        what = (
            # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
            _("Prosecutions, convictions and victims identified worldwide, {years}.", years=years)
            if inputs.shows_global
            # TRANSLATORS: a chart's subtitle; {name} names a country's figures, {years} a year or a range of years.
            else _(
                "Prosecutions, convictions and victims identified in {name}, {years}.",
                name=inputs.primary[0],
                years=years,
            )
        )
    elif metric == "per_100_victims":
        y_title = _("Per 100 victims identified")
        value_format = ",.1f"
        # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
        what = _(
            "Prosecutions and convictions per 100 victims identified (victims were not reported before 2008), {years}.",
            years=years,
        )
    else:
        y_title = _("Change on the previous year (%)")
        value_format = "+,.1f"
        # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
        what = _(
            "Change on the previous calendar year, in per cent (blank where a year is missing), {years}.",
            years=years,
        )
    notes = [what]
    if log:
        notes.append(_("National figures dashed; log scale."))
    if log and (data["value"] == 0).any():
        notes.append(_("Zeros cannot be drawn on a log scale: see the data table."))
    missing = [name for name in _series_labels(inputs) if name not in set(data["series"])]
    if missing:
        # TRANSLATORS: in a chart's subtitle; {names} lists series (e.g. a country's figures) that draw no line.
        notes.append(_("{names}: no figures for this measure in these years, so no line.", names=", ".join(missing)))
    subtitle = _wrap(" ".join(notes), SUBTITLE_WRAP)

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
            _tooltip_year(),
            _tooltip_series(),
            alt.Tooltip("measure:N", title=_("Measure")),
            alt.Tooltip("value:Q", title=_("Value"), format=value_format),
            _tooltip_edition(),
        ],
    }
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data), detail="series:N")
    points = base.mark_point(filled=True, size=110, opacity=1).encode(**encodings, shape=shape)
    layers: list[alt.Chart] = [lines, points]
    if metric == "yoy_change":
        layers.insert(0, alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#555555").encode(y="zero:Q"))
    labels = [_measure_label(m) for m in measures]
    # TRANSLATORS: a chart's description for screen readers; {metric} is what it draws (e.g. "counts"),
    # {years} a range of years, {measures} the measures drawn, {title} the chart's title.
    description = _(
        "Line chart, {metric}, {years}: {measures}. {title}. The data table gives every value.",
        metric=METRICS[metric].lower(),
        years=years,
        measures=", ".join(labels),
        title=title,
    )
    source = source_lines(inputs, lo, hi)
    chart = _finish(alt.layer(*layers), "enforcement_trend", title, subtitle + source, description)
    table = _wide(data, labels)
    return BuiltChart("enforcement_trend", chart, table, title, description, tuple(source))


def _trend_title(frame: pd.DataFrame, metric: str, lo: int, hi: int) -> str:
    if metric == "counts":
        y = _latest(frame, ["victims_identified", "convictions"])
        if y is not None:
            v, c = _cell(frame, y, "victims_identified"), _cell(frame, y, "convictions")
            # TRANSLATORS: a chart's title; {year} is a year, {victims} and {convictions} are numbers.
            return _(
                "{year}: {victims} victims identified, only {convictions} convictions",
                year=y,
                victims=_int(v),
                convictions=_int(c),
            )
        y = _latest(frame, ["prosecutions", "convictions"])
        if y is not None:
            p, c = _cell(frame, y, "prosecutions"), _cell(frame, y, "convictions")
            # TRANSLATORS: a chart's title; {year} is a year, {prosecutions} and {convictions} are numbers.
            return _(
                "{year}: {prosecutions} prosecutions, only {convictions} convictions",
                year=y,
                prosecutions=_int(p),
                convictions=_int(c),
            )
    elif metric == "per_100_victims":
        per = per_100_victims(frame, "convictions").dropna()
        if not per.empty:
            y = int(per.index.max())
            # TRANSLATORS: a chart's title; {year} is a year, {number} a number such as 7.8.
            return _("{year}: {number} convictions per 100 victims identified", year=y, number=_one_decimal(per[y]))
    else:
        full = frame  # the change for `lo` needs `lo - 1`, which the range excludes: no title from it
        change = year_on_year_change(full, "convictions").dropna()
        if not change.empty:
            y = int(change.index.max())
            amount = _pct(abs(float(change[y])) / 100)
            if change[y] > 0:
                # TRANSLATORS: a chart's title; {percent} is a percentage, {previous} and {year} are years.
                return _("Convictions rose {percent} from {previous} to {year}", percent=amount, previous=y - 1, year=y)
            if change[y] < 0:
                # TRANSLATORS: a chart's title; {percent} is a percentage, {previous} and {year} are years.
                return _("Convictions fell {percent} from {previous} to {year}", percent=amount, previous=y - 1, year=y)
            # TRANSLATORS: a chart's title; {previous} and {year} are years.
            return _("Convictions held steady from {previous} to {year}", previous=y - 1, year=y)
    # TRANSLATORS: a chart's title; {years} is a year or a range such as 2004–2024.
    return _("No figures for this measure in {years}", years=_years(lo, hi))


def _wide(data: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Long chart data -> one row per year and series, one column per measure (the table view);
    `measures` as the data names them (translated)."""
    year, series, edition = _("Year"), _("Data"), _("Source edition")
    if data.empty:
        return pd.DataFrame(columns=[year, series, *measures, edition])
    wide = data.pivot_table(index=["year", "series", "edition"], columns="measure", values="value", aggfunc="first")
    wide = wide.reindex(columns=[m for m in measures if m in wide.columns]).reset_index()
    shown = [m for m in measures if m in wide.columns]
    wide = wide[["year", "series", *shown, "edition"]]
    order = {name: i for i, name in enumerate(dict.fromkeys(data["series"]))}
    wide = wide.sort_values(["series", "year"], key=lambda s: s.map(order) if s.name == "series" else s)
    wide = wide.rename(columns={"year": year, "series": series, "edition": edition})
    wide.columns.name = None
    return wide.reset_index(drop=True)


# ------------------------------------------------------------------------------- 2. conviction ratio


def conviction_ratio_chart(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Convictions per prosecution, per year."""
    lo, hi = _range(inputs, year_range)
    years = _years(lo, hi)
    rows: list[dict[str, Any]] = []
    names = _series_labels(inputs)
    for series, enforcement in inputs.series():
        f = enforcement.between(lo, hi)
        ratio = conviction_ratio(f)
        for year, r in _by_year(ratio):
            if pd.isna(r):
                continue
            rows.append(
                {
                    "year": year,
                    "series": _series_label(series),
                    "ratio": round(float(r), 6),
                    "prosecutions": int(_cell(f, year, "prosecutions")),
                    "convictions": int(_cell(f, year, "convictions")),
                    "edition": _edition_label(enforcement, year, series),
                }
            )
    data = pd.DataFrame(rows, columns=["year", "series", "ratio", "prosecutions", "convictions", "edition"])
    glob = data[data["series"] == _series_label(inputs.primary[0])]
    if glob.empty:
        # TRANSLATORS: a chart's title; {years} is a year or a range such as 2004–2024.
        title = _("No prosecutions and convictions in {years}", years=years)
        spread = ""
    else:
        last = glob.iloc[-1]
        # TRANSLATORS: a chart's title; {percent} is a percentage, {year} a year.
        title = _(
            "Convictions equalled {percent} of prosecutions in {year}",
            percent=_pct(last["ratio"]),
            year=int(last["year"]),
        )
        low, high = glob.iloc[int(glob["ratio"].argmin())], glob.iloc[int(glob["ratio"].argmax())]
        lowest, highest = _pct(low["ratio"]), _pct(high["ratio"])
        lowest_year, highest_year = int(low["year"]), int(high["year"])
        spread = " " + (
            # TRANSLATORS: in a chart's subtitle; {lowest} and {highest} are percentages, the *_year fields years.
            _(
                "Worldwide the ratio ranged from {lowest} ({lowest_year}) to {highest} ({highest_year}).",
                lowest=lowest,
                lowest_year=lowest_year,
                highest=highest,
                highest_year=highest_year,
            )
            if inputs.shows_global
            # TRANSLATORS: in a chart's subtitle; {name} names a country's figures, {lowest} and {highest} are
            # percentages, the *_year fields years.
            else _(
                "In {name} the ratio ranged from {lowest} ({lowest_year}) to {highest} ({highest_year}).",
                name=inputs.primary[0],
                lowest=lowest,
                lowest_year=lowest_year,
                highest=highest,
                highest_year=highest_year,
            )
        )
    # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
    subtitle = _wrap(_("Convictions per prosecution in the same year, {years}.", years=years) + spread, SUBTITLE_WRAP)
    note = _wrap(
        _(
            "Convictions in a year are not the outcomes of that year's prosecutions: "
            "read the ratio as a rough indicator."
        ),
        SUBTITLE_WRAP,
    )
    per_prosecution = _("Convictions per prosecution")
    encodings: dict[str, Any] = {
        "x": _year_x(lo, hi),
        "y": alt.Y("ratio:Q", title=per_prosecution, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        "color": alt.Color(
            "series:N",
            scale=alt.Scale(domain=names, range=list(SERIES_COLOURS[: len(names)])),
            legend=alt.Legend(title=None),
            sort=names,
        ),
        "tooltip": [
            _tooltip_year(),
            _tooltip_series(),
            alt.Tooltip("ratio:Q", title=per_prosecution, format=".0%"),
            alt.Tooltip("prosecutions:Q", title=_("Prosecutions"), format=",d"),
            alt.Tooltip("convictions:Q", title=_("Convictions"), format=",d"),
            _tooltip_edition(),
        ],
    }
    base = alt.Chart(data)
    layer = alt.layer(
        base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data)),
        base.mark_point(filled=True, size=110, opacity=1).encode(
            **encodings, shape=alt.Shape("series:N", legend=None, sort=names)
        ),
    )
    # TRANSLATORS: a chart's description for screen readers; {years} is a range of years, {title} the chart's title.
    description = _("Line chart of convictions per prosecution, {years}. {title}.", years=years, title=title) + spread
    source = source_lines(inputs, lo, hi)
    chart = _finish(layer, "conviction_ratio", title, subtitle + note + source, description)
    # TRANSLATORS: a data table's column heading.
    ratio_column = _("Convictions per prosecution (%)")
    table = data.rename(
        columns={
            "year": _("Year"),
            "series": _("Data"),
            "prosecutions": _("Prosecutions"),
            "convictions": _("Convictions"),
            "ratio": ratio_column,
            "edition": _("Source edition"),
        }
    )[[_("Year"), _("Data"), _("Prosecutions"), _("Convictions"), ratio_column, _("Source edition")]]
    table[ratio_column] = (table[ratio_column] * 100).round(1)
    return BuiltChart("conviction_ratio", chart, table.reset_index(drop=True), title, description, tuple(source))


# ---------------------------------------------------------------------------------- 3. labour share


def labour_share_chart(
    inputs: ChartInputs, year_range: tuple[int, int] | None = None, metric: str = "counts"
) -> BuiltChart:
    """Labour trafficking against all trafficking: prosecutions and convictions (the parenthesised figures)."""
    lo, hi = _range(inputs, year_range)
    years = _years(lo, hi)
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
                        "series": _series_label(series),
                        "measure": _measure_label(measure),
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
        # TRANSLATORS: a chart's title; {labour} and {total} are numbers, {year} a year, {percent} a percentage.
        title = _(
            "Only {labour} of {total} convictions in {year} were for labour trafficking ({percent})",
            labour=_int(lab),
            total=_int(tot),
            year=y,
            percent=_pct(lab / tot),
        )
    elif inputs.shows_global:
        # TRANSLATORS: a chart's title; {years} is a year or a range such as 2004–2024.
        title = _("No labour-trafficking figures in {years} (first reported for 2007)", years=years)
    else:
        # TRANSLATORS: a chart's title; {years} is a year or a range such as 2004–2024.
        title = _("No labour-trafficking figures in {years}", years=years)
    labour_years = inputs.primary[1].frame.dropna(subset=["prosecutions_labour"]).index
    first_labour = int(labour_years.min()) if len(labour_years) else None
    what = (
        # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
        _(
            "Labour trafficking as a share of all trafficking prosecutions and convictions, {years} "
            "(the figures in parentheses in the TIP table).",
            years=years,
        )
        if inputs.shows_global
        # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
        else _("Labour trafficking as a share of all trafficking prosecutions and convictions, {years}.", years=years)
    )
    if first_labour:
        # TRANSLATORS: in a chart's subtitle; {year} is a year.
        what += " " + _("Labour figures were first reported separately for {year}.", year=first_labour)
    subtitle = _wrap(what, SUBTITLE_WRAP)

    colour, shape = _measure_colour(measures)
    encodings: dict[str, Any] = {
        "x": _year_x(lo, hi),
        "y": alt.Y(
            "share:Q",
            title=_("Share that is labour trafficking"),
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        "color": colour,
        "tooltip": [
            _tooltip_year(),
            _tooltip_series(),
            alt.Tooltip("measure:N", title=_("Measure")),
            alt.Tooltip("labour:Q", title=_("Labour trafficking"), format=",d"),
            alt.Tooltip("total:Q", title=_("All trafficking"), format=",d"),
            alt.Tooltip("share:Q", title=_("Labour share"), format=".1%"),
            _tooltip_edition(),
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
        # TRANSLATORS: a label on a chart's reference line; {percent} is a percentage, {estimate} names an ILO estimate.
        ref_text = _(
            "Forced labour exploitation: {percent} of people in forced labour ({estimate})",
            percent=_pct(reference),
            estimate=_estimate_label(est),
        )
        ref = pd.DataFrame({"share": [round(reference, 4)], "year": [lo], "text": [ref_text]})
        rule = alt.Chart(ref).mark_rule(color=OKABE_ITO["black"], strokeDash=[4, 4], strokeWidth=2)
        # TRANSLATORS: a tooltip's heading over the text of a chart's reference line.
        layers.append(rule.encode(y="share:Q", tooltip=[alt.Tooltip("text:N", title=_("Reference"))]))
        label = alt.Chart(ref).mark_text(align="left", baseline="bottom", dx=4, dy=-6, fontSize=15, color="#222222")
        layers.append(label.encode(x="year:Q", y="share:Q", text="text:N"))
        extra_lines = _wrap(
            # TRANSLATORS: in a chart's subtitle; {publication} cites the ILO estimate's publication.
            _(
                "Dashed line, illustrative: the ILO estimate counts people, the TIP counts cases. "
                "Estimate: {publication}; methods differ between editions.",
                publication=est.publication,
            ),
            SUBTITLE_WRAP,
        )
    # TRANSLATORS: a chart's description for screen readers; {years} is a range of years, {title} the chart's title.
    description = _(
        "Line chart of the labour-trafficking share of prosecutions and convictions, {years}. {title}.",
        years=years,
        title=title,
    )
    source = source_lines(inputs, lo, hi)
    chart = _finish(alt.layer(*layers), "labour_share", title, subtitle + extra_lines + source, description)
    table = _labour_table(data)
    return BuiltChart("labour_share", chart, table, title, description, tuple(source))


def _labour_table(data: pd.DataFrame) -> pd.DataFrame:
    year, series, edition = _("Year"), _("Data"), _("Source edition")
    # Per measure: its name in the data, then the headings of its labour, all and share columns.
    parts = (
        (
            _measure_label(STAGE_PROSECUTIONS),
            # TRANSLATORS: a data table's column heading: prosecutions for labour trafficking.
            _("Prosecutions (labour)"),
            # TRANSLATORS: a data table's column heading: prosecutions for all forms of trafficking.
            _("Prosecutions (all)"),
            _("Labour share of prosecutions (%)"),
        ),
        (
            _measure_label(STAGE_CONVICTIONS),
            # TRANSLATORS: a data table's column heading: convictions for labour trafficking.
            _("Convictions (labour)"),
            # TRANSLATORS: a data table's column heading: convictions for all forms of trafficking.
            _("Convictions (all)"),
            _("Labour share of convictions (%)"),
        ),
    )
    cols = [year, series, *(c for part in parts for c in part[1:]), edition]
    out: list[dict[str, Any]] = []
    for (y, name, ed), g in data.groupby(["year", "series", "edition"], sort=False):
        row: dict[str, Any] = {year: y, series: name, edition: ed}
        for measure, labour, total, share in parts:
            m = g[g["measure"] == measure]
            if not m.empty:
                row[labour] = int(m["labour"].iloc[0])
                row[total] = int(m["total"].iloc[0])
                row[share] = round(float(m["share"].iloc[0]) * 100, 1)
        out.append(row)
    table = pd.DataFrame(out, columns=cols)
    for _measure, labour, total, share in parts:
        table[labour] = table[labour].astype("Int64")
        table[total] = table[total].astype("Int64")
        table[share] = table[share].astype("Float64")
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
                _estimate_label(fy.estimate)
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
            row = _stage_row(series, y, st.stage, st.count, st.share_of_first, _("national figures"))
            # TRANSLATORS: a label beside a bar; {number} is a number, {name} names a country's figures, {year} a year.
            row["label"] = _("{number} ({name}, {year})", number=format_number(st.count), name=series, year=y)
            rows.append(row)
    data = pd.DataFrame(rows, columns=["series", "year", "stage", "count", "share", "label", "source"])

    if fy is not None and fy.estimate is not None and fy.one_conviction_per is not None:
        estimate = _estimate_label(fy.estimate)
        # TRANSLATORS: a chart's title; {number} is a number, {year} a year.
        title = _(
            "About one conviction per {number} estimated victims of forced labour ({year})",
            number=format_number(fy.one_conviction_per),
            year=fy.year,
        )
        # TRANSLATORS: a chart's subtitle; {year} is a year, {estimate} names an edition of the ILO global estimate.
        what = _(
            "{year}: victims identified, prosecutions and convictions (TIP) against the {estimate}, "
            "the nearest published estimate to {year}. Log scale.",
            year=fy.year,
            estimate=estimate,
        )
        # TRANSLATORS: in a chart's subtitle; {publication} cites the ILO estimate's publication.
        caveat = _(
            "Illustrative: the estimate counts people in forced labour at a point in time; the TIP counts one year's "
            "cases. Estimate: {publication}; methods differ between editions.",
            publication=fy.estimate.publication,
        )
    elif fy is not None:
        # TRANSLATORS: a chart's title; {year} is a year.
        title = _("{year}: from victims identified to convictions", year=fy.year)
        # TRANSLATORS: a chart's subtitle; {year} is a year.
        what, caveat = _("{year}, log scale.", year=fy.year), _("No published global estimate to compare with.")
    elif not inputs.shows_global and not data.empty:
        label, year = inputs.primary[0], int(data["year"].iloc[0])
        counts = dict(zip(data["stage"], data["count"], strict=False))
        convictions = counts.get(STAGE_CONVICTIONS)
        identified = counts.get(STAGE_IDENTIFIED)
        title = (
            # TRANSLATORS: a chart's title; {name} names a country's figures, {year} is a year, the others numbers.
            _(
                "{name}, {year}: {convictions} convictions for {victims} victims identified",
                name=label,
                year=year,
                convictions=_int(convictions),
                victims=_int(identified),
            )
            if convictions is not None and identified is not None
            # TRANSLATORS: a chart's title; {name} names a country's figures, {year} is a year.
            else _("{name}, {year}: from victims identified to convictions", name=label, year=year)
        )
        # TRANSLATORS: a chart's subtitle; {year} is a year.
        what, caveat = _("{year}: national victims identified, prosecutions and convictions. Log scale.", year=year), ""
    else:
        # TRANSLATORS: a chart's title; {years} is a year or a range such as 2004–2024.
        title = _("No year in {years} has victims identified, prosecutions and convictions", years=_years(lo, hi))
        what, caveat = _("Victims identified were first reported for 2008."), ""
    subtitle = _wrap(what, SUBTITLE_WRAP) + (_wrap(caveat, SUBTITLE_WRAP) if caveat else [])

    # The chart shows the names a reader reads; the stages' keys served the title above.
    data["series"] = data["series"].map(_series_label)
    data["stage"] = data["stage"].map(_measure_label)
    names = _series_labels(inputs)
    drawn = set(data["stage"])
    stage_order = [_measure_label(s) for s in STAGE_ORDER]
    stage_sort = [s for s in stage_order if s in drawn] or stage_order
    if data.empty:
        domain = [1, 10]
    else:
        low = max(1, int(data["count"].min()))
        domain = [10 ** (len(str(low)) - 1), int(data["count"].max()) * 8]
    data["base"] = domain[0]  # log scales have no zero: bars start at the left edge of the domain
    number, share = _("Number"), _("Share of the first stage")
    encodings: dict[str, Any] = {
        "y": alt.Y("stage:N", sort=stage_sort, title=None, axis=alt.Axis(labelLimit=360, labelFontSize=LABEL_SIZE)),
        "x": alt.X(
            "count:Q",
            # TRANSLATORS: a chart's horizontal axis title.
            title=_("People or cases (log scale)"),
            scale=alt.Scale(type="log", domain=domain, nice=False),
            axis=_log_axis(domain[0], domain[1]),
        ),
        "tooltip": [
            _tooltip_series(),
            _tooltip_year(),
            # TRANSLATORS: a tooltip's and a data table's heading: a step from estimated victims to convictions.
            alt.Tooltip("stage:N", title=_("Stage")),
            alt.Tooltip("count:Q", title=number, format=",d"),
            alt.Tooltip("share:Q", title=share, format=".3~%"),
            alt.Tooltip("source:N", title=_("Source")),
        ],
    }
    if len(names) > 1:
        encodings["yOffset"] = alt.YOffset("series:N", sort=names)
        encodings["opacity"] = alt.Opacity(
            "series:N", scale=alt.Scale(domain=names, range=[1.0, 0.5]), legend=alt.Legend(title=None), sort=names
        )
    colour = alt.Color(
        "stage:N",
        scale=alt.Scale(domain=stage_order, range=[MEASURE_STYLE[s][0] for s in STAGE_ORDER]),
        legend=None,
    )
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.8} if len(names) < 2 else {"band": 0.9}).encode(
        **encodings, x2="base:Q", color=colour
    )
    labels = base.mark_text(align="left", baseline="middle", dx=6, fontSize=LABEL_SIZE, color="#222222").encode(
        **{k: v for k, v in encodings.items() if k != "opacity"}, text="label:N"
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    description = _("Horizontal bar chart on a log scale. {title}. ", title=title) + " ".join(
        # TRANSLATORS: one bar read by a screen reader; {series} names the data, {stage} a step, {number} a number.
        _("{series} {stage}: {number}.", series=series, stage=stage, number=format_number(count))
        for series, stage, count in zip(data["series"], data["stage"], data["count"], strict=True)
    )
    source_text = source_lines(inputs, lo, hi)
    chart = _finish(
        alt.layer(bars, labels),
        "attrition_funnel",
        title,
        subtitle + source_text,
        description,
        height=360,
    )
    columns = {"series": _("Data"), "year": _("Year"), "stage": _("Stage"), "count": number, "source": _("Source")}
    table = data.rename(columns=columns)[list(columns.values())].copy()
    # TRANSLATORS: a data table's column heading: each stage as a share of the first (estimated victims).
    table[_("Share of the first stage (%)")] = (data["share"] * 100).round(4)
    return BuiltChart("attrition_funnel", chart, table.reset_index(drop=True), title, description, tuple(source_text))


def _stage_row(series: str, year: int, stage: str, count: int, share: float, source: str) -> dict[str, Any]:
    return {
        "series": series,
        "year": year,
        "stage": stage,
        "count": count,
        "share": share,
        "label": format_number(count),
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
                            "series": _series_label(series),
                            "measure": _measure_label(measure),
                            "value": int(v),
                            "edition": _edition_label(enforcement, year, series),
                        }
                    )
    data = pd.DataFrame(rows, columns=["year", "series", "measure", "value", "edition"])
    miles = pd.DataFrame(
        [
            {
                "year": m.year,
                "short": translate(m.short),
                "name": translate(m.name),
                "note": translate(m.note),
                "row": i % 2,
            }
            for i, m in enumerate(LEGAL_MILESTONES)
        ]
    )
    label, primary = inputs.primary
    gframe = primary.between(lo, hi)
    y = _latest(gframe, ["convictions"])
    first = LEGAL_MILESTONES[0]
    if y is not None and inputs.shows_global:
        # TRANSLATORS: a chart's title; {since} and {year} are years, {convictions} a number.
        title = _(
            "International law against forced labour since {since}; "
            "only {convictions} trafficking convictions worldwide in {year}",
            since=first.year,
            convictions=_int(_cell(gframe, y, "convictions")),
            year=y,
        )
    elif y is not None:
        # TRANSLATORS: a chart's title; {since} and {year} are years, {convictions} a number, {name} names a
        # country's figures.
        title = _(
            "International law against forced labour since {since}; "
            "only {convictions} trafficking convictions in {name} in {year}",
            since=first.year,
            convictions=_int(_cell(gframe, y, "convictions")),
            name=label,
            year=y,
        )
    else:
        # TRANSLATORS: a chart's title; {since} is a year.
        title = _("International law against forced labour since {since}", since=first.year)
    subtitle = _wrap(
        (
            # TRANSLATORS: a chart's subtitle; {years} is a year or a range such as 2004–2024.
            _(
                "ILO conventions and protocols and the UN Palermo Protocol (dashed lines) beside TIP prosecutions and "
                "convictions, {years}. Global enforcement data were first collected for the 2004 TIP Report.",
                years=_years(lo, hi),
            )
            if inputs.shows_global
            # TRANSLATORS: a chart's subtitle; {name} names a country's figures, {years} a year or a range of years.
            else _(
                "ILO conventions and protocols and the UN Palermo Protocol (dashed lines) beside the national "
                "prosecutions and convictions of {name}, {years}.",
                name=label,
                years=_years(lo, hi),
            )
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
        title=_("Year"),
        scale=alt.Scale(domain=[start, hi + 1], nice=False, zero=False),
        axis=alt.Axis(format="d", labelAngle=0, tickMinStep=5),
    )
    number = _("Number")
    encodings: dict[str, Any] = {
        "x": x,
        "y": alt.Y(
            "value:Q",
            title=_("Number per year (log scale)") if national else _("Number per year"),
            scale=y_scale,
            axis=y_axis,
        ),
        "color": colour,
        "tooltip": [
            _tooltip_year(),
            _tooltip_series(),
            alt.Tooltip("measure:N", title=_("Measure")),
            alt.Tooltip("value:Q", title=number, format=",d"),
            _tooltip_edition(),
        ],
    }
    base = alt.Chart(data)
    rule = alt.Chart(miles).mark_rule(color=OKABE_ITO["black"], strokeDash=[6, 4], strokeWidth=2)
    tips = [
        # TRANSLATORS: a tooltip's heading over the name of a convention or protocol.
        alt.Tooltip("name:N", title=_("Instrument")),
        _tooltip_year(),
        # TRANSLATORS: a tooltip's heading over when a convention was adopted (e.g. "adopted 28 June 1930").
        alt.Tooltip("note:N", title=_("Date")),
    ]
    layers: list[alt.Chart] = [rule.encode(x=alt.X("year:Q"), tooltip=tips)]
    for row, offset in ((0, 6), (1, 34)):
        text = alt.Chart(miles[miles["row"] == row]).mark_text(
            align="left", baseline="top", dx=5, fontSize=LABEL_SIZE, fontWeight="bold", color="#222222"
        )
        layers.append(text.encode(x=alt.X("year:Q"), y=alt.value(offset), text="short:N", tooltip=tips))
    layers.append(base.mark_line(strokeWidth=3).encode(**encodings, **_dash(inputs, data), detail="series:N"))
    layers.append(base.mark_point(filled=True, size=80, opacity=1).encode(**encodings, shape=shape))
    milestone_text = "; ".join(f"{translate(m.name)}, {translate(m.note)}" for m in LEGAL_MILESTONES)
    # TRANSLATORS: a chart's description for screen readers; {start} and {end} are years, {milestones} lists
    # conventions with their dates, {title} is the chart's title.
    description = _(
        "Timeline from {start} to {end}. Milestones: {milestones}. {title}.",
        start=start,
        end=hi + 1,
        milestones=milestone_text,
        title=title,
    )
    source = source_lines(inputs, lo, hi)
    chart = _finish(alt.layer(*layers), "legal_timeline", title, subtitle + source, description)
    year_column = _("Year")
    # TRANSLATORS: a data table's column heading: whether a row is a legal milestone or a series of figures.
    kind = _("Kind")
    # TRANSLATORS: a data table's column heading: the convention, protocol or measure a row gives.
    what = _("What")
    # TRANSLATORS: a data table's column heading: a note on a row (when a convention was adopted, or a TIP edition).
    note = _("Note")
    table = pd.concat(
        [
            pd.DataFrame(
                {
                    year_column: miles["year"],
                    # TRANSLATORS: in a data table's "Kind" column: the row is a convention or protocol.
                    kind: _("Legal milestone"),
                    what: miles["name"],
                    number: pd.array([None] * len(miles), dtype="Int64"),
                    note: miles["note"],
                }
            ),
            pd.DataFrame(
                {
                    year_column: data["year"],
                    kind: data["series"],
                    what: data["measure"],
                    number: pd.array(data["value"].tolist(), dtype="Int64"),
                    note: data["edition"],
                }
            ),
        ],
        ignore_index=True,
    )
    return BuiltChart("legal_timeline", chart, table, title, description, tuple(source))


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
    """Build a chart by its catalog id (the id a lesson's `chart` block names), in the current language."""
    try:
        builder = BUILDERS[chart_id]
    except KeyError:
        raise ValueError(f"unknown chart id {chart_id!r} (known: {sorted(BUILDERS)})") from None
    return builder(inputs, year_range, metric)
