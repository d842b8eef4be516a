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
from modules.i18n import format_number, ngettext
from modules.i18n import gettext as _
from modules.services import datasets
from modules.ui import auth as staff_auth
from modules.ui.components.chart_block import global_inputs, render_chart_panel, render_data_error
from modules.ui.resources import database_url, engine


def _intro() -> str:
    # TRANSLATORS: the opening paragraph of the Enforcement data page. Keep the report's English name in bold.
    text = _(
        """Figures reported each year by governments to the US State Department and published in the
**Trafficking in Persons (TIP) Report**. Each chart names the TIP edition its figures come from:
later editions revise earlier years (2005, for example, was first reported as 6,618 prosecutions and
4,766 convictions, and later as 6,178 and 4,379). Numbers in brackets in the TIP table are labour
trafficking; they were first reported separately for 2007."""
    )
    return f"\n{text}\n"


def _why_lag() -> str:
    """The answer under "Why do prosecutions lag?": a paragraph, a list of four reasons, a conclusion."""
    # TRANSLATORS: under the heading "Why do prosecutions lag?", before a list of four reasons.
    opening = _(
        """The training slides (ILO Special Action Programme to combat Forced Labour, 2013) answer with four words;
the research since then fills them in."""
    )
    # TRANSLATORS: a Markdown list (each item starts with "- ", its next lines are indented by two spaces): keep
    # its marks. The four words in bold are the slides' reasons; the sources in brackets are names of documents.
    reasons = _(
        """- **Resistance and denial.** Forced labour of migrants is usually treated as smuggling, an immigration
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
  to their trafficking (TIP 2017 and 2018)."""
    )
    # TRANSLATORS: the conclusion after the four reasons why prosecutions lag.
    conclusion = _(
        """The result is the pattern in these charts: many victims identified, far fewer convictions, and labour
trafficking a small share of them, although forced labour exploitation is the largest form of forced
labour in the ILO global estimates."""
    )
    return f"\n{opening}\n\n{reasons}\n\n{conclusion}\n"


def _upload_help() -> str:
    # TRANSLATORS: above the upload of a country's figures. "year" (in bold) and the lists in {numeric} and
    # {columns} are the file's column names: they stay in English, as the file must have them.
    text = _(
        """Upload a CSV file with a **year** column and at least one of: {numeric}
(the same columns as the global table: {columns}). Leave a cell blank where a figure is
not published. At most {megabytes} MB and {rows} rows, saved as CSV UTF-8.
The file is checked and shown beside the global figures; **it is not stored** unless you save it as a
named dataset.""",
        numeric=", ".join(NUMERIC_COLUMNS),
        columns=", ".join(COLUMNS),
        megabytes=format_number(MAX_UPLOAD_BYTES // 1_000_000),
        rows=format_number(MAX_ROWS),
    )
    return f"\n{text}\n"


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
    st.markdown(_upload_help())
    st.download_button(
        _("Download an empty template (CSV)"),
        data=",".join(COLUMNS) + "\n",
        file_name="national_enforcement_template.csv",
        mime="text/csv",
        on_click="ignore",
        key="data-template",
    )
    uploaded = st.file_uploader(_("Your country's figures (CSV)"), type=["csv"], max_upload_size=2, key="data-upload")
    if uploaded is None:
        return None, None
    raw = uploaded.getvalue()
    # TRANSLATORS: the name given to uploaded figures whose file name is empty (shown in the charts' legends).
    result = parse_bytes(raw, uploaded.name, _stem(uploaded.name)[:80] or _("National figures"))
    if result.table is None:
        st.error(
            # TRANSLATORS: in the table of problems under this message, "Row" is a line of the uploaded file.
            ngettext(
                "This file was not used: {n} problem to fix (row = line in the file, the header is row 1). "
                "Nothing was stored.",
                "This file was not used: {n} problems to fix (row = line in the file, the header is row 1). "
                "Nothing was stored.",
                len(result.problems),
            )
        )
        st.dataframe(problems_table(result.problems), hide_index=True, width="stretch")
        return None, None
    years = result.table.years
    st.success(
        # TRANSLATORS: {first} and {last} are the first and last years of the uploaded file, such as 2019–2021.
        ngettext(
            "File checked: {n} year ({first}–{last}). "
            "It is shown beside the global figures below and is not stored unless you save it.",
            "File checked: {n} years ({first}–{last}). "
            "It is shown beside the global figures below and is not stored unless you save it.",
            len(years),
            first=min(years),
            last=max(years),
        )
    )
    return result.table, raw.decode("utf-8-sig")


def render_save_dataset_controls(eng: Engine, csv_text: str | None, suggested_name: str) -> None:
    """Saving and deleting named datasets: every write to the datasets table goes through here,
    and only a signed-in facilitator or administrator may make it."""
    user = staff_auth.current_user()
    if not datasets.can_save(user):
        if csv_text is not None:
            st.caption(_("Facilitators who sign in can save these figures as a named dataset for later workshops."))
        return
    if csv_text is not None:
        with st.form("data-save-dataset"):
            # No key: the field's identity follows its suggested name, so a new upload suggests its own.
            name = st.text_input(_("Name for this dataset"), value=suggested_name, max_chars=datasets.MAX_NAME_CHARS)
            replace = st.checkbox(_("Replace a saved dataset that has the same name"), key="data-replace")
            if st.form_submit_button(_("Save as a named dataset"), icon=":material/save:", key="data-save"):
                try:
                    datasets.save(eng, user, name, csv_text, replace=replace)
                except datasets.DatasetNameTaken:
                    # TRANSLATORS: 'Replace' is the first word of the box "Replace a saved dataset that has the
                    # same name": use the same word as its translation.
                    st.error(_("A dataset with this name already exists: choose another name, or tick 'Replace'."))
                except datasets.DatasetError as e:
                    st.error(str(e))  # fixed wording from the repository, no user text in it
                else:
                    _forget_saved()
                    # TRANSLATORS: 'Compare with' is the start of the menu "Compare with national figures".
                    st.success(_("Saved. Choose it under 'Compare with' at any time."))
    names = _saved_names(database_url())
    if names:
        with st.form("data-delete-dataset"):
            # No key: the menu's identity follows the saved names, so a save or a delete redraws it.
            doomed = st.selectbox(
                _("Delete a saved dataset"), options=names, index=None, placeholder=_("Choose a dataset")
            )
            if st.form_submit_button(_("Delete"), icon=":material/delete:", key="data-delete") and doomed:
                datasets.delete(eng, user, doomed)
                _forget_saved()
                # TRANSLATORS: a saved dataset was deleted.
                st.success(_("Deleted."))
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
            # TRANSLATORS: the choices of the menu "Compare with national figures".
            return _("Global figures only")
        if kind == "upload":
            # TRANSLATORS: {name} is the name of the uploaded figures (from the file's name).
            return _("Uploaded file (not saved): {name}", name=upload.name if upload else "")
        if kind == "course":
            # TRANSLATORS: {name} is the name of the country's figures that the course itself provides.
            return _("This course's national figures: {name}", name=name)
        # TRANSLATORS: {name} is the name a facilitator gave to a dataset they saved.
        return _("Saved dataset: {name}", name=name)

    # a fresh upload first, else the course's own figures, else the global series alone
    preferred = UPLOAD_CHOICE if upload is not None else options[1] if course_national is not None else NONE_CHOICE
    # No key: the menu's identity follows its options, so a new upload is chosen as it appears.
    choice: tuple[str, str] = st.selectbox(
        _("Compare with national figures"), options=options, index=options.index(preferred), format_func=label
    )
    if choice[0] == "upload":
        return upload
    if choice[0] == "course":
        return course_national
    if choice[0] == "saved":
        text = _saved_text(database_url(), choice[1])
        if text is None:
            st.warning(_("That dataset is no longer saved."))
            return None
        result = parse_bytes(text.encode("utf-8"), f"{choice[1]}.csv", choice[1])
        if result.table is None:
            st.error(_("That saved dataset no longer passes the checks, so it is not shown:"))
            st.dataframe(problems_table(result.problems), hide_index=True, width="stretch")
            return None
        return result.table
    return None


def main() -> None:
    st.title(_("Enforcement data"))
    st.markdown(_intro())
    try:
        base = global_inputs()
    except DataValidationError as e:
        render_data_error(e)
        return
    eng = engine()

    with st.expander(_("Your country's figures"), icon=":material/upload_file:"):
        upload, upload_text = render_upload()
        render_save_dataset_controls(eng, upload_text, upload.name if upload else "")

    controls = st.columns([2, 3, 3])
    with controls[0]:
        national = choose_national(upload, base.national)
    only = base.national_only and national is base.national  # the course shows its figures instead
    inputs = ChartInputs(base.global_table, base.estimates, national, national_only=only)
    lo, hi = inputs.year_bounds()
    with controls[1]:
        years = st.slider(_("Years shown"), min_value=lo, max_value=hi, value=(lo, hi), key="data-years")
    with controls[2]:
        metric = st.radio(
            # TRANSLATORS: the label of a choice of what the first chart (enforcement over the years) draws.
            _("First chart shows"),
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
            st.header(_("Why do prosecutions lag?"))
            st.markdown(_why_lag())
        st.divider()


main()
