"""Enforcement data page: the TIP figures as projector-ready charts, why prosecutions lag, and a
trainer's own national figures shown beside the global ones (checked, never stored unless saved)."""

from __future__ import annotations

import hashlib

import streamlit as st
from sqlalchemy import Engine

from modules.charts.builders import CHART_ORDER, METRICS, USES_METRIC, ChartInputs
from modules.data.enforcement import (
    COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    NUMERIC_COLUMNS,
    DataValidationError,
    EnforcementTable,
    ParseResult,
    parse_upload,
    problems_table,
)
from modules.services import datasets
from modules.ui import auth as staff_auth
from modules.ui.components.chart_block import global_inputs, render_chart_panel, render_data_error
from modules.ui.resources import database_url, engine

INTRO = """
Figures reported each year by governments to the US State Department and published in the
**Trafficking in Persons (TIP) Report**. Each chart names the TIP edition its figures come from:
later editions revise earlier years (2005, for example, was first reported as 6,618 prosecutions and
4,766 convictions, and later as 6,178 and 4,379). Numbers in brackets in the TIP table are labour
trafficking; they were first reported separately for 2007.
"""

WHY_LAG = """
The training slides (ILO Special Action Programme to combat Forced Labour, 2013) answer with four words;
the research since then fills them in.

- **Resistance and denial.** Forced labour of migrants is usually treated as smuggling, an immigration
  matter or a labour dispute, not as a crime; Interpol estimates that only 5–10% of cases become known
  (Council of Europe PACE, Doc. 13086, 2013).
- **Lack of knowledge.** Forced labour is rarely defined in detail in national law, so agents struggle
  to identify and prosecute it (ILO Global Report, 2005); laws are new and untested (UNODC), and officials
  miss the indicators, above all psychological coercion and debt bondage (TIP 2018).
- **Lack of resources.** Labour cases hide inside legitimate businesses and take extensive resources to
  investigate (Human Rights First); evidence often has to be gathered abroad, and cases rest on victims'
  testimony, which victims give less readily when their protection needs are unmet (UNODC).
- **Absence of "doubt".** If no one questions what they see, no case is opened: long hours and
  underpayment go to labour channels, and victims may even be detained or prosecuted for offences linked
  to their trafficking (TIP 2017 and 2018).

The result is the pattern in these charts: many victims identified, far fewer convictions, and labour
trafficking a small share of them, although forced labour exploitation is the largest form of forced
labour in the ILO global estimates.
"""

UPLOAD_HELP = f"""
Upload a CSV file with a **year** column and at least one of: {", ".join(NUMERIC_COLUMNS)}
(the same columns as the global table: {", ".join(COLUMNS)}). Leave a cell blank where a figure is
not published. At most {MAX_UPLOAD_BYTES // 1_000_000} MB and {MAX_ROWS:,} rows, saved as CSV UTF-8.
The file is checked and shown beside the global figures; **it is not stored** unless you save it as a
named dataset.
"""

NONE_CHOICE = ("none", "")
UPLOAD_CHOICE = ("upload", "")


@st.cache_resource(show_spinner=False, max_entries=32)
def _parse_cached(digest: str, file_name: str, name: str, _raw: bytes) -> ParseResult:
    # Keyed by the content hash, so a rerun (a year-range change) never re-parses the upload.
    return parse_upload(_raw, file_name, name=name)


def parse_bytes(raw: bytes, file_name: str, name: str) -> ParseResult:
    """Check an upload or a saved dataset once per content; a huge file is refused before hashing."""
    if len(raw) > MAX_UPLOAD_BYTES:
        return parse_upload(raw, file_name, name=name)
    return _parse_cached(hashlib.sha256(raw).hexdigest(), file_name, name, raw)


@st.cache_data(show_spinner=False, ttl=10)
def _saved_names(url: str) -> list[str]:
    return datasets.names(engine())


@st.cache_data(show_spinner=False, ttl=10, max_entries=16)
def _saved_text(url: str, name: str) -> str | None:
    return datasets.load_text(engine(), name)


def _forget_saved() -> None:
    _saved_names.clear()
    _saved_text.clear()


def _stem(file_name: str) -> str:
    stem = file_name.rsplit("/", 1)[-1]
    return stem[:-4] if stem.lower().endswith(".csv") else stem


def render_upload() -> tuple[EnforcementTable | None, str | None]:
    """The uploader and the check of its file; returns the table and its text when the file is valid."""
    st.markdown(UPLOAD_HELP)
    st.download_button(
        "Download an empty template (CSV)",
        data=",".join(COLUMNS) + "\n",
        file_name="national_enforcement_template.csv",
        mime="text/csv",
        on_click="ignore",
        key="data-template",
    )
    uploaded = st.file_uploader("Your country's figures (CSV)", type=["csv"], max_upload_size=2, key="data-upload")
    if uploaded is None:
        return None, None
    raw = uploaded.getvalue()
    result = parse_bytes(raw, uploaded.name, _stem(uploaded.name)[:80] or "National figures")
    if result.table is None:
        count = len(result.problems)
        st.error(
            f"This file was not used: {count} problem{'s' if count != 1 else ''} to fix (row = line in the file, "
            "the header is row 1). Nothing was stored."
        )
        st.dataframe(problems_table(result.problems), hide_index=True, width="stretch")
        return None, None
    years = result.table.years
    st.success(
        f"File checked: {len(years)} year{'s' if len(years) != 1 else ''} ({min(years)}–{max(years)}). "
        "It is shown beside the global figures below and is not stored unless you save it."
    )
    return result.table, raw.decode("utf-8-sig")


def render_save_dataset_controls(eng: Engine, csv_text: str | None, suggested_name: str) -> None:
    """Saving and deleting named datasets: every write to the datasets table goes through here,
    and only a signed-in facilitator or administrator may make it."""
    user = staff_auth.current_user()
    if not datasets.can_save(user):
        if csv_text is not None:
            st.caption("Facilitators who sign in can save these figures as a named dataset for later workshops.")
        return
    if csv_text is not None:
        with st.form("data-save-dataset"):
            name = st.text_input("Name for this dataset", value=suggested_name, max_chars=datasets.MAX_NAME_CHARS)
            replace = st.checkbox("Replace a saved dataset that has the same name")
            if st.form_submit_button("Save as a named dataset", icon=":material/save:"):
                try:
                    datasets.save(eng, user, name, csv_text, replace=replace)
                except datasets.DatasetNameTaken:
                    st.error("A dataset with this name already exists: choose another name, or tick 'Replace'.")
                except datasets.DatasetError as e:
                    st.error(str(e))  # fixed wording from the repository, no user text in it
                else:
                    _forget_saved()
                    st.success("Saved. Choose it under 'Compare with' at any time.")
    names = _saved_names(database_url())
    if names:
        with st.form("data-delete-dataset"):
            doomed = st.selectbox("Delete a saved dataset", options=names, index=None, placeholder="Choose a dataset")
            if st.form_submit_button("Delete", icon=":material/delete:") and doomed:
                datasets.delete(eng, user, doomed)
                _forget_saved()
                st.success("Deleted.")
                st.rerun()


def choose_national(
    upload: EnforcementTable | None, course_national: EnforcementTable | None = None
) -> EnforcementTable | None:
    """'Compare with': nothing, the course's own national figures (course.yaml), the checked upload,
    or a saved dataset (re-checked on load)."""
    names = _saved_names(database_url())
    options: list[tuple[str, str]] = [NONE_CHOICE]
    if course_national is not None:
        options.append(("course", course_national.name))
    if upload is not None:
        options.append(UPLOAD_CHOICE)
    options.extend(("saved", n) for n in names)

    def label(option: tuple[str, str]) -> str:
        kind, name = option
        if kind == "none":
            return "Global figures only"
        if kind == "upload":
            return f"Uploaded file (not saved): {upload.name if upload else ''}"
        if kind == "course":
            return f"This course's national figures: {name}"
        return f"Saved dataset: {name}"

    # a fresh upload first, else the course's own figures, else the global series alone
    preferred = UPLOAD_CHOICE if upload is not None else options[1] if course_national is not None else NONE_CHOICE
    choice: tuple[str, str] = st.selectbox(
        "Compare with national figures", options=options, index=options.index(preferred), format_func=label
    )
    if choice[0] == "upload":
        return upload
    if choice[0] == "course":
        return course_national
    if choice[0] == "saved":
        text = _saved_text(database_url(), choice[1])
        if text is None:
            st.warning("That dataset is no longer saved.")
            return None
        result = parse_bytes(text.encode("utf-8"), f"{choice[1]}.csv", choice[1])
        if result.table is None:
            st.error("That saved dataset no longer passes the checks, so it is not shown:")
            st.dataframe(problems_table(result.problems), hide_index=True, width="stretch")
            return None
        return result.table
    return None


def main() -> None:
    st.title("Enforcement data")
    st.markdown(INTRO)
    try:
        base = global_inputs()
    except DataValidationError as e:
        render_data_error(e)
        return
    eng = engine()

    with st.expander("Your country's figures", icon=":material/upload_file:"):
        upload, upload_text = render_upload()
        render_save_dataset_controls(eng, upload_text, upload.name if upload else "")

    controls = st.columns([2, 3, 3])
    with controls[0]:
        national = choose_national(upload, base.national)
    only = base.national_only and national is base.national  # the course shows its figures instead
    inputs = ChartInputs(base.global_table, base.estimates, national, national_only=only)
    lo, hi = inputs.year_bounds()
    with controls[1]:
        years = st.slider("Years shown", min_value=lo, max_value=hi, value=(lo, hi))
    with controls[2]:
        metric = st.radio(
            "First chart shows",
            options=list(METRICS),
            format_func=METRICS.__getitem__,
            horizontal=True,
            key="data-metric",
        )

    for chart_id in CHART_ORDER:
        render_chart_panel(
            inputs,
            chart_id,
            year_range=years,
            metric=metric if chart_id in USES_METRIC else "counts",
            key=f"data-{chart_id}",
            heading_level=2,
        )
        if chart_id == "conviction_ratio":
            st.header("Why do prosecutions lag?")
            st.markdown(WHY_LAG)
        st.divider()


main()
