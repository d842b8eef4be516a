"""Shared pieces of the programme pages: picking a cohort from a link, charts with their tables,
and formatting. The list of cohorts offered always comes from the access rules in
services/cohorts.py; a cohort id typed into the URL only *preselects* one of those."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from modules.analytics.cohort_reports import MIN_CELL, ORGANISATION_TYPES, SEXES
from modules.charts import programme as charts
from modules.charts.export import to_png
from modules.export.programme_report import ProgrammeReport
from modules.i18n import N_, format_percent
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined
from modules.services.cohorts import Cohort, pretty_join_code
from modules.ui import outage
from modules.ui.text import escape_markdown

COHORT_PARAM = "cohort"
MISSING = "–"
"""What a table shows for a missing or withheld figure (never "None" or "nan")."""


def cohort_label(c: Cohort) -> str:
    dates = ""
    if c.start_date or c.end_date:
        dates = f" ({c.start_date or '…'} – {c.end_date or '…'})"
    return f"{c.name} · {c.programme}{dates}"


def linked_cohort_id() -> int | None:
    raw = st.query_params.get(COHORT_PARAM, "")
    return int(raw) if raw.isdigit() else None


def not_yours_notice(allowed: Sequence[Cohort]) -> None:
    """A cohort id in the URL that this account may not see: say so without saying more."""
    wanted = linked_cohort_id()
    if wanted is not None and wanted not in {c.id for c in allowed}:
        st.error(_("That cohort does not exist or is not yours."))


@outage.action
def _link_to(key: str) -> None:
    st.query_params[COHORT_PARAM] = str(st.session_state[key])


def pick_cohort(cohorts: Sequence[Cohort], key: str, label: str | None = None) -> Cohort:
    """One cohort from those allowed, following `?cohort=` when it names one of them (so a link, a
    refresh or a page that just created a cohort selects it); choosing another updates the URL.
    `label`: the list's label, already in the page's language (default: "Cohort")."""
    ids = [c.id for c in cohorts]
    wanted = linked_cohort_id()
    if wanted in ids:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in ids:
        st.session_state[key] = ids[0]
    by_id = {c.id: c for c in cohorts}
    chosen = st.selectbox(
        label if label is not None else _("Cohort"),
        ids,
        format_func=lambda i: cohort_label(by_id[i]),
        key=key,
        on_change=_link_to,
        args=(key,),
    )
    if st.query_params.get(COHORT_PARAM) != str(chosen) and wanted not in ids:
        st.query_params[COHORT_PARAM] = str(chosen)
    return by_id[chosen]


def pick_cohorts(cohorts: Sequence[Cohort], key: str) -> list[Cohort]:
    """Several cohorts (for side-by-side reports); `?cohort=` narrows the default to that one."""
    ids = [c.id for c in cohorts]
    wanted = linked_cohort_id()
    default = [wanted] if wanted in ids else ids
    by_id = {c.id: c for c in cohorts}
    chosen = st.multiselect(_("Cohorts"), ids, default=default, format_func=lambda i: cohort_label(by_id[i]), key=key)
    return [by_id[i] for i in chosen]


def chart_with_table(chart: Any, table: pd.DataFrame, caption: str | None = None) -> None:
    """The chart, then its data as a table (the accessible alternative, and what gets copied): give
    it with headers people read (export.tables.readable); missing figures show as "–".

    theme=None: the chart keeps its own colour-blind-safe palette and sizes; Streamlit's theme
    would restyle it and, with a title, squeeze charts whose rows are bands."""
    st.altair_chart(chart, width="stretch", theme=None)
    if caption:
        st.caption(caption)
    # TRANSLATORS: under a chart: opens the chart's figures as a table.
    with st.expander(_("Data table")):
        st.dataframe(table, hide_index=True, width="stretch", placeholder=MISSING)


def _code(value: object) -> str:
    """A vocabulary code from a table cell ('' for None or NaN)."""
    return value if isinstance(value, str) else ""


def _vocab_label(vocab: Mapping[str, str], code: object) -> str:
    """A code's label in the language of this run; an unknown code as it is; none: "Not stated"."""
    key = _code(code)
    if key in vocab:
        return translate(vocab[key])
    # TRANSLATORS: in a table, for a learner who gave no organisation type (or sex).
    return key or _("Not stated")


def org_label(code: object) -> str:
    return _vocab_label(ORGANISATION_TYPES, code)


def sex_label(code: object) -> str:
    return _vocab_label(SEXES, code)


def pct(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    return format_percent(round(100 * float(v)) / 100)  # type: ignore[arg-type]


def num(v: object, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    return f"{float(v):.{digits}f}"  # type: ignore[arg-type]


def join_code_panel(c: Cohort) -> None:
    st.markdown(
        # TRANSLATORS: {cohort} is the cohort's name; *My programme* is the learners' page of that name.
        _(
            "Join code for **{cohort}**: learners open *My programme* and type it.",
            cohort=escape_markdown(c.name),
        )
    )
    st.code(pretty_join_code(c.join_code), language=None)


_SUMMARY_FORMATS: dict[str, str] = {
    N_("Completion rate"): "rate",
    N_("Pass rate"): "rate",
    N_("Mean pre-test (%)"): "score",
    N_("Mean post-test (%)"): "score",
    N_("Mean normalised gain"): "gain",
    N_("Class-average gain"): "gain",
    N_("Pre-test (%)"): "score",
    N_("Post-test (%)"): "score",
    N_("Normalised gain"): "gain",
    N_("Final score (%)"): "score",
    N_("Progress (%)"): "progress",
}
"""Summary tables' headers (as export.tables.COLUMN_LABELS words them) and how their figures are shown."""


def summary_columns() -> dict[str, Any]:
    """Column formats for summary tables, under each header in English and in the language of this run
    (a format for a column the table lacks is ignored)."""
    formats = {
        "rate": st.column_config.NumberColumn(format="percent"),
        "score": st.column_config.NumberColumn(format="%.1f"),
        "gain": st.column_config.NumberColumn(format="%.2f"),
        "progress": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%"),
    }
    columns: dict[str, Any] = {}
    for header, kind in _SUMMARY_FORMATS.items():
        columns[header] = columns[translate(header)] = formats[kind]
    return columns


def with_figures(
    report: ProgrammeReport, indicator_names: Mapping[str, str], min_cell: int = MIN_CELL
) -> ProgrammeReport:
    """The report with the charts the Reports page shows, as PNG for its PDF: completion and pass rates
    and pre/post scores per cohort, and the gain per ILO indicator (indicators with fewer than
    `min_cell` learners left out, as on the page)."""
    gain = report.indicator_gain
    if not gain.empty:
        gain = gain[gain["n"] >= min_cell].dropna(subset=["pre", "post"])
    summary = report.cohort_summary
    figures: dict[str, tuple[str, Any]] = {}
    if not summary.empty and summary[["completion_rate", "pass_rate"]].notna().any().any():
        # TRANSLATORS: the titles of the charts in the programme report (PDF).
        figures["cohorts"] = (_("Completion and pass rates per cohort"), charts.rates_by_cohort(summary))
    if not summary.empty and summary[["mean_pre", "mean_post"]].notna().any().any():
        figures["pre_post"] = (_("Pre-test and post-test means per cohort"), charts.pre_post_by_cohort(summary))
    if not gain.empty:
        figures["indicators"] = (
            _("Learning gain per ILO indicator"),
            charts.indicator_gain_chart(gain, indicator_names),
        )
    # Nothing to draw (few learners, results withheld): the tables say so; no "No results yet" picture.
    return replace(report, figures={key: (title, to_png(chart, scale=1.5)) for key, (title, chart) in figures.items()})
