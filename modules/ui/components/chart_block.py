"""Charts on screen: a lesson's `chart` block and the panels of the Enforcement data page.

Speed: the data files are read once per change (stat-only check per rerun), and each chart's Vega-Lite
spec, table and CSV are built once per (chart, data version, year range, metric, language) and shared by
every session that reads that language. PNG and SVG are rendered only when a trainer clicks the download
button. Nothing a trainer uploaded is ever rendered as HTML or Markdown: names and cells reach the page
only inside the chart (drawn by Vega as text) and in data tables.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from modules import i18n
from modules.charts import export
from modules.charts.builders import USES_METRIC, ChartInputs, build_chart
from modules.charts.catalog import CHART_IDS, chart_title
from modules.data.enforcement import (
    DataValidationError,
    global_enforcement_csv,
    load_enforcement,
    load_national,
    national_file,
)
from modules.data.estimates import global_estimates_csv, load_estimates
from modules.domain.lesson import ChartBlock
from modules.i18n import gettext as _
from modules.services import policy
from modules.services.policy import Action
from modules.ui import auth, outage
from modules.ui.resources import registry
from modules.ui.text import escape_markdown


@dataclass(frozen=True, eq=False)
class ChartArtifacts:
    """Everything a panel shows for one chart, built once and shared read-only between sessions."""

    chart_id: str
    spec_json: str
    display_spec: dict[str, Any]
    table: pd.DataFrame
    arrow_table: pa.Table
    csv: bytes
    title: str
    description: str
    file_stem: str
    screen_title: str = ""
    """The chart's takeaway, drawn as page text on screen (it wraps; a title inside the image is cut)."""
    screen_subtitle: str = ""
    screen_source: str = ""


def _data_files() -> tuple[Path, Path]:
    """The enforcement and estimates files of the content in use (its data/ folder, else the shipped ones)."""
    return global_enforcement_csv(), global_estimates_csv()


def _fingerprint(paths: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in paths:
        try:
            s = p.stat()
        except OSError:
            out.append((str(p), -1, -1))
            continue
        out.append((str(p), s.st_mtime_ns, s.st_size))
    return tuple(out)


@st.cache_resource(show_spinner=False, max_entries=4)
def _global_inputs_for(
    fingerprint: tuple[tuple[str, int, int], ...], national_name: str | None, national_only: bool
) -> ChartInputs:
    enforcement, estimates = (Path(path) for path, _mtime, _size in fingerprint[:2])
    national = load_national(Path(fingerprint[2][0]), national_name or "") if len(fingerprint) > 2 else None
    return ChartInputs(
        global_table=load_enforcement(enforcement),
        estimates=load_estimates(estimates),
        national=national,
        national_only=national_only and national is not None,
    )


def global_inputs() -> ChartInputs:
    """The data every chart draws from: the global series of the content in use and, when course.yaml
    names them (`national_data`), the country's own figures beside or instead of it. Reloaded only
    when one of the files changes. Raises DataValidationError."""
    wanted = registry().national_data()  # course.yaml's national_data, else the country profile's file
    files: tuple[Path, ...] = _data_files()
    if wanted is not None:
        files = (*files, national_file(wanted.file))
    return _global_inputs_for(
        _fingerprint(files), wanted.name if wanted else None, bool(wanted and wanted.show == "instead")
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _artifacts(
    chart_id: str, version: str, year_range: tuple[int, int], metric: str, lang: str, _inputs: ChartInputs
) -> ChartArtifacts:
    # `version` identifies `_inputs` (global, estimates and national content), so it is the cache key, with
    # the language the chart's words are in: a chart built for a French tab is never served to an English one.
    with i18n.use(lang):
        built = build_chart(chart_id, _inputs, year_range, metric)
        label = _inputs.national.name if _inputs.national is not None else None
        # Schema validation costs more than building the chart; the unit tests validate every chart kind.
        spec = built.chart.to_dict(validate=False)
    title, subtitle, source = _title_parts(spec, len(built.source))
    return ChartArtifacts(
        chart_id=chart_id,
        spec_json=json.dumps(spec),  # the PNG and SVG keep their title block: a slide needs it
        display_spec=_display_spec(spec),
        screen_title=title,
        screen_subtitle=subtitle,
        screen_source=source,
        table=built.table,
        arrow_table=pa.Table.from_pandas(built.table, preserve_index=False),
        csv=export.to_csv(built.table),
        title=built.title,
        description=built.description,
        file_stem=export.file_stem(chart_id, label, year_range),
    )


def _display_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its datasets already in Arrow, the form st.altair_chart hands to the frontend.

    Converting once here instead of on every rerun is most of the page's rerun cost. Streamlit copies
    the top level of a spec before it edits it, so sharing this dict between sessions is safe.
    """
    out = dict(spec)
    # On screen the title block is page text (it wraps at any width and zoom, WCAG 1.4.10), and the
    # legend lists its entries one under another, so none is cut on a phone.
    out.pop("title", None)
    config = dict(out.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "direction": "vertical", "labelLimit": 0}
    out["config"] = config
    if "datasets" in out:
        out["datasets"] = {
            name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame.from_records(rows))
            for name, rows in out["datasets"].items()
        }
    return out


def _title_parts(spec: dict[str, Any], source_lines: int) -> tuple[str, str, str]:
    """The takeaway, the subtitle and the source line of a chart's title block, each as one text. The
    source is the subtitle's last `source_lines` lines (BuiltChart.source): counted, not found by its
    words, which are in the reader's language."""
    block = spec.get("title") or {}
    text = block.get("text", "")
    lines = block.get("subtitle", [])
    lines = [lines] if isinstance(lines, str) else list(lines)
    at = max(0, len(lines) - source_lines)
    title = " ".join(text) if isinstance(text, list) else str(text)
    return title, " ".join(lines[:at]), " ".join(lines[at:])


def chart_artifacts(
    inputs: ChartInputs, chart_id: str, year_range: tuple[int, int], metric: str = "counts"
) -> ChartArtifacts:
    """Cached chart for these inputs, in the language of this run; the metric only matters for the charts
    that use it."""
    used_metric = metric if chart_id in USES_METRIC else "counts"
    years = (int(year_range[0]), int(year_range[1]))
    return _artifacts(chart_id, inputs.version, years, used_metric, i18n.current(), inputs)


@functools.lru_cache(maxsize=32)
def _png(spec_json: str) -> bytes:
    return export.to_png(spec_json)


@functools.lru_cache(maxsize=32)
def _svg(spec_json: str) -> str:
    return export.to_svg(spec_json)


def render_chart_panel(
    inputs: ChartInputs,
    chart_id: str,
    *,
    year_range: tuple[int, int],
    key: str,
    metric: str = "counts",
    caption: str | None = None,
    heading: bool = True,
    extras: bool = True,
    table_in_expander: bool = True,
    heading_level: int = 3,
    plot_height: int | None = None,
    subtitle: bool = True,
) -> ChartArtifacts:
    """One chart with its caption and, with `extras`, its data table (the text alternative) and
    PNG, SVG and CSV downloads. `heading_level`: 2 on a page of charts (under its h1), 3 in a lesson
    section (under its h2), so heading levels never skip (WCAG 1.3.1). `plot_height` and `subtitle`
    serve projected slides (a plot sized to the screen, what is drawn said by the presenter)."""
    art = chart_artifacts(inputs, chart_id, year_range, metric)
    if heading:
        (st.header if heading_level == 2 else st.subheader)(chart_title(chart_id))
    # The takeaway and what is drawn, as text that wraps (data-derived: escaped, never markup).
    st.markdown(f"**{escape_markdown(art.screen_title)}**")
    if subtitle and art.screen_subtitle:
        st.caption(escape_markdown(art.screen_subtitle))
    spec = art.display_spec if plot_height is None else {**art.display_spec, "height": plot_height}
    # theme=None: the marks, axes and colours are exactly those of the PNG for the slides.
    st.vega_lite_chart(spec=spec, theme=None, width="stretch")
    if art.screen_source:
        st.caption(escape_markdown(art.screen_source))
    if caption:
        st.caption(caption)  # authored lesson text, never uploaded text
    if not extras:
        return art
    if table_in_expander:
        # TRANSLATORS: opens the table of a chart's figures; {title} is the chart's title.
        with st.expander(_("Data table: {title}", title=chart_title(chart_id))):
            st.dataframe(art.arrow_table, hide_index=True, width="stretch")
    else:
        st.dataframe(art.arrow_table, hide_index=True, width="stretch")
    spec_json = art.spec_json
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        _("Download PNG (for slides)"),
        data=lambda: _png(spec_json),
        file_name=f"{art.file_stem}.png",
        mime="image/png",
        key=f"{key}-png",
        on_click="ignore",
        icon=":material/image:",
    )
    c2.download_button(
        _("Download SVG"),
        data=lambda: _svg(spec_json),
        file_name=f"{art.file_stem}.svg",
        mime="image/svg+xml",
        key=f"{key}-svg",
        on_click="ignore",
        icon=":material/draw:",
    )
    c3.download_button(
        # TRANSLATORS: downloads the chart's figures as a CSV file.
        _("Download data (CSV)"),
        data=art.csv,
        file_name=f"{art.file_stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/table:",
    )
    return art


def render_data_error(error: DataValidationError) -> None:
    """The course's data failed validation: say so plainly; staff also see each problem with its file,
    row and column (file paths on the server are for staff only, as for content problems)."""
    st.error(_("The enforcement data could not be loaded. Please tell the course administrator."))
    if policy.allowed(auth.current_user(), Action.SEE_CONTENT_PROBLEMS):
        st.code("\n".join(str(p) for p in error.problems), language=None)


def _inputs_for(block: ChartBlock) -> ChartInputs | None:
    """The data a chart block draws, or None after saying why not (never crash a lesson over it:
    content validation rejects an unknown chart id, and the data may fail its own validation)."""
    if block.chart not in CHART_IDS:
        st.warning(_("This chart is not available."))
        return None
    try:
        return global_inputs()
    except DataValidationError as e:
        render_data_error(e)
        return None


PROJECTED_HEIGHT = 230  # px of plot: with its headings and source line a slide fits a 1024x768 projector


def render_projected_chart(block: ChartBlock) -> None:
    """A chart on a projected slide: its heading, takeaway, the chart sized to fit one screen and its
    source line. What is drawn (the subtitle) is said by the presenter and stays in the lesson, the
    PNG and the data table; a projector has no controls or downloads."""
    inputs = _inputs_for(block)
    if inputs is None:
        return
    render_chart_panel(
        inputs,
        block.chart,
        year_range=inputs.year_bounds(),
        key=f"projected-{block.chart}",
        extras=False,
        plot_height=PROJECTED_HEIGHT,
        subtitle=False,
    )


def render_chart_block(block: ChartBlock, *, key: str | None = None) -> None:
    """A chart inside a lesson, by its catalog id. The chart and its caption come first; the data
    table, a year-range control and the downloads open with one switch. They are drawn only when
    open, which keeps a lesson's rerun light, and the chart runs as a fragment, so exploring it
    reruns the chart alone, not the lesson."""
    inputs = _inputs_for(block)
    if inputs is None:
        return
    _lesson_chart(inputs, block.chart, block.caption, key or f"lesson-chart-{block.chart}")


@st.fragment
@outage.fragment
def _lesson_chart(inputs: ChartInputs, chart_id: str, caption: str | None, k: str) -> None:
    lo, hi = inputs.year_bounds()
    chart_slot = st.container()
    # TRANSLATORS: a switch under a chart in a lesson: it shows the chart's data table, a year range and downloads.
    explore = st.toggle(_("Data table, years and downloads"), key=f"{k}-explore")
    years = (lo, hi)
    if explore:
        # TRANSLATORS: the label of a year-range slider under a chart that shows one year (the range's last).
        label = _("Year shown (the last year of the range)") if chart_id == "attrition_funnel" else _("Years shown")
        years = st.slider(label, min_value=lo, max_value=hi, value=(lo, hi), key=f"{k}-years")
    with chart_slot:
        render_chart_panel(
            inputs, chart_id, year_range=years, key=k, caption=caption, extras=explore, table_in_expander=False
        )
