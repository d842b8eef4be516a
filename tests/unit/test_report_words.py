"""Reports a manager can read (issue 14): the programme report PDF and XLSX, the learner-level files
and the item analysis use people's words, never a column name, "None" or "nan"; questions are named by
their words; the PDF has page numbers, the programme's name on every page and headers that wrap only
at spaces; the report charts count in whole numbers, explain every colour and do not cut names.

The rows are those of tests/unit/test_cohort_reports.py (every number worked out there)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import pytest
import vl_convert as vlc
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from modules.analytics import cohort_reports as cr
from modules.analytics.item_analysis import item_statistics, plain_text, points_to_check, question_text, shorten
from modules.charts import programme as charts
from modules.export import programme_report
from modules.export.safe_cells import is_dangerous
from modules.export.tables import COLUMN_LABELS, item_table, option_table, readable, to_csv_bytes, to_xlsx_bytes
from tests.unit.test_certificates import pdf_text
from tests.unit.test_cohort_reports import ANSWERS, ASSIGN, ATTEMPTS, CERTS, COHORTS, COMPLETION, FACTS, MEMBERS

LONG_PROMPT = (
    "A recruiter keeps the passports of twelve workers in a locked drawer and says it is for safe keeping: "
    "which indicator of forced labour is this?"
)
PROMPTS = {
    "q1": LONG_PROMPT,
    "q2": "Is **debt bondage** a [forced labour](https://www.ilo.org) indicator?",
    "q3": '=HYPERLINK("http://evil") which wage deduction is lawful?',  # typed by a content author
}
WORDS_FACTS = replace(FACTS, question_prompts=PROMPTS)
# A cohort with no country or organisation recorded (None), to catch "None" printed as text.
COHORTS_WITH_GAPS = COHORTS.assign(country=["Ruritania", None], organisation=[None, "MoL"])
DATA = cr.ReportData(COHORTS_WITH_GAPS, MEMBERS, ASSIGN, ATTEMPTS, ANSWERS, COMPLETION, CERTS)
LIVE = pd.DataFrame(
    [
        {
            "cohort_id": 1,
            "session_id": 9,
            "session_title": "Day 1 quiz",
            "session_started_at": pd.Timestamp("2025-03-03 10:00", tz="UTC"),
            "participants": 12,
            "questions": 3,
            "responses": 30,
            "mean_share_correct": None,
        }
    ]
)
OBSERVED = pd.DataFrame(
    [{"checklist": "Interviewing a worker", "observed": 2, "mean_score": None, "pass_rate": None}],
    columns=["checklist", "observed", "mean_score", "pass_rate"],
)
RAW_NAMES = {
    "n",
    "flags",
    "question_id",
    "quiz_id",
    "discrimination_index",
    "facility",
    "responses",
    "report",
    "generated_on",
    "definitions",
    "note",
    "indicator",
    "pre",
    "post",
}
MISSING_WORDS = re.compile(r"\b(None|nan|NaN|NaT|<NA>)\b")


def _report(title: str | None = None) -> programme_report.ProgrammeReport:
    return programme_report.build_report(
        DATA, WORDS_FACTS, None, LIVE, title=title, generated_on=date(2025, 4, 1), observed=OBSERVED
    )


def _is_people_header(header: str) -> bool:
    """Plain English: starts with a capital letter (or a digit), no snake_case, not a raw name."""
    return bool(header) and header[0].isupper() and "_" not in header and header not in RAW_NAMES


def _header_row(ws: Worksheet) -> list[Any]:
    """The bold row of column headers (row 1, or row 3 under a note)."""
    for row in ws.iter_rows(min_row=1, max_row=3):
        cells = [c for c in row if c.value is not None]
        if cells and all(c.font.b for c in cells) and not any(c.font.i for c in cells):
            return [c.value for c in cells]
    raise AssertionError(f"no header row in {ws.title}")


# -- wording helpers -----------------------------------------------------------------------------------
def test_prompts_are_plain_and_short() -> None:
    assert plain_text("Is **debt bondage** a [forced labour](https://www.ilo.org) `indicator`?") == (
        "Is debt bondage a forced labour indicator?"
    )
    short = question_text(LONG_PROMPT)
    assert len(short) <= 80 and short.endswith("…") and LONG_PROMPT.startswith(short[:-1])
    assert not short[:-1].endswith(" ")  # cut after a whole word
    assert shorten("What do you do?") == "What do you do?"
    assert question_text(None) == "" and WORDS_FACTS.question_text("unknown") == ""


def test_flags_become_points_to_check() -> None:
    assert points_to_check("too easy, few responses") == (
        "Too easy (90% or more right); fewer than 10 answers: the figures are not reliable"
    )
    assert "check the answer key" in points_to_check("negative discrimination")
    assert points_to_check("") == "" and points_to_check(None) == "" and points_to_check(float("nan")) == ""


# -- programme report XLSX -----------------------------------------------------------------------------
def test_report_workbook_speaks_plain_english() -> None:
    book = load_workbook(io.BytesIO(programme_report.report_xlsx(_report())))
    for ws in book.worksheets:
        assert "_" not in ws.title and ws.title[0].isupper(), ws.title
        headers = _header_row(ws)
        assert all(_is_people_header(str(h)) for h in headers), (ws.title, headers)
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)  # never a formula
                if isinstance(cell.value, str):
                    assert not MISSING_WORDS.search(cell.value), (ws.title, cell.coordinate, cell.value)
                    assert not is_dangerous(cell.value), (ws.title, cell.value)
    health = book["Question health"]
    headers = _header_row(health)
    assert headers[:3] == ["Test", "Question", "Question id"]
    assert "Learners who answered" in headers and "Points to check" in headers
    assert "Discrimination (upper minus lower group, points)" in headers
    rows = [[c.value for c in r] for r in health.iter_rows(min_row=2)]
    by_id = {(r[0], r[2]): r for r in rows}
    assert by_id[("Pre-test", "q1")][1] == question_text(LONG_PROMPT)
    assert by_id[("Pre-test", "q2")][1] == "Is debt bondage a forced labour indicator?"
    assert str(by_id[("Pre-test", "q3")][1]).startswith("'=HYPERLINK")  # still neutralised
    points = by_id[("Pre-test", "q1")][headers.index("Points to check")]
    assert points.startswith("Too hard") and "few responses" not in points
    live = _header_row(book["Live sessions"])
    assert "Session" in live and "Mean share right" in live and "Session id" not in live
    assert _header_row(book["Definitions"]) == ["Definitions"]


def test_sheet_names_are_never_snake_case() -> None:
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"item_health": pd.DataFrame({"Question": ["x"]})})))
    assert book.sheetnames == ["item health"]


def test_report_workbook_without_live_sessions_or_role_plays() -> None:
    report = programme_report.build_report(DATA, WORDS_FACTS, None, None, generated_on=date(2025, 4, 1))
    book = load_workbook(io.BytesIO(programme_report.report_xlsx(report)))
    assert _header_row(book["Live sessions"]) == ["Note"]
    assert book["Live sessions"]["A2"].value == "No live sessions."
    assert book["Observed skills"]["A2"].value == "No role play scored."


# -- programme report PDF ------------------------------------------------------------------------------
def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_pdf_has_page_numbers_and_the_programme_on_every_page() -> None:
    title = "Ruritania forced labour programme"
    pdf = programme_report.report_pdf(_report(title))
    pages = _pages(pdf)
    assert pages >= 2
    text = " ".join(pdf_text(pdf).split())
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert f"Page {pages + 1} of" not in text
    assert text.count(title) == pages + 1  # each page's header, and the title on page 1


def test_pdf_never_prints_none_or_nan_and_names_questions() -> None:
    doc = programme_report._report_doc(_report())
    lines = [line.strip() for line in pdf_text(doc.output()).splitlines()]
    text = " ".join(lines)
    assert not MISSING_WORDS.search(text), MISSING_WORDS.search(text)
    assert "Ruritania" in text and "MoL" in text
    assert question_text(LONG_PROMPT)[:30] in text  # a flagged question by its words
    assert "Is debt bondage a forced labour" in text
    for raw in ("question_id", "discrimination_index", "flags", "few responses"):
        assert raw not in text
    assert "Points to check" in text and "Question id" in text


def _drawn_whole(header: str, lines: list[str]) -> bool:
    """Whether some run of consecutive text lines of the PDF spells `header`, broken only at its spaces."""
    for i in range(len(lines)):
        taken: list[str] = []
        for line in lines[i : i + 10]:
            taken.append(line)
            joined = " ".join(taken)
            if joined == header:
                return True
            if not header.startswith(joined + " "):
                break
    return False


def test_pdf_table_headers_wrap_only_at_spaces() -> None:
    doc = programme_report._report_doc(_report())
    lines = [line.strip() for line in pdf_text(doc.output()).splitlines() if line.strip()]
    headers = [h for table in doc.headers_drawn for h in table]
    assert "Discrimination (correlation with the rest of the test, ×100)" in headers
    broken = [h for h in headers if not _drawn_whole(h, lines)]
    assert not broken, broken


def test_a_crowded_table_shrinks_its_headers_rather_than_cut_a_word() -> None:
    """Nine columns of long words on one A4 line: before, 'Discrimination' and 'Measurement' were cut."""
    doc = programme_report._Doc("Programme")
    headers = [
        "Discrimination (correlation with the rest of the test, ×100)",
        "Measurement error (SEM, points)",
        "Reliability (Cronbach's alpha)",
        "Responses",
        "Class-average gain",
        "Mean normalised gain",
        "Learners who answered",
        "Certificates",
        "Organisation",
    ]
    doc.table(headers, [["12", "3.4", "0.81", "20", "0.40", "0.35", "19", "4", "Police"]])
    lines = [line.strip() for line in pdf_text(doc.output()).splitlines() if line.strip()]
    broken = [h for h in headers if not _drawn_whole(h, lines)]
    assert not broken, broken
    widths, size = doc.column_widths(headers, [["1"] * 9], None)
    assert sum(widths) == pytest.approx(doc.width)
    assert size <= programme_report.HEAD_SIZE


# -- learner-level files -------------------------------------------------------------------------------
def test_learner_files_use_words_not_codes() -> None:
    facts = replace(WORDS_FACTS, track_titles={"police": "Police officer", "labour_inspector": "Labour inspector"})
    learners = cr.learners_for_people(cr.learner_table(DATA, facts), facts)
    ana = learners[(learners["cohort_id"] == 1) & (learners["learner_id"] == 1)].iloc[0]
    assert (ana["track"], ana["organisation_type"], ana["final_quiz"]) == ("Police officer", "Police", "Final police")
    assert (ana["completed"], ana["passed"], ana["certificate"]) == ("yes", "yes", "yes")
    cai = learners[learners["learner_id"] == 3].iloc[0]
    assert cai["sex"] == "Not stated" and cai["passed"] == "no"
    attempts = cr.attempts_for_people(cr.attempts_table(DATA, facts))
    assert set(attempts["role"]) <= set(cr.ROLE_TITLES.values())
    answers = cr.answers_for_people(cr.answers_table(DATA, facts), facts)
    assert list(answers.columns).index("question") == list(answers.columns).index("question_id") + 1
    assert set(answers["correct"]) == {"yes", "no"}
    sheets = {
        "Learners": readable(learners, COLUMN_LABELS),
        "Attempts": readable(attempts, COLUMN_LABELS),
        "Answers": readable(answers, COLUMN_LABELS),
    }
    book = load_workbook(io.BytesIO(to_xlsx_bytes(sheets)))
    for ws in book.worksheets:
        assert all(_is_people_header(str(h)) for h in _header_row(ws)), ws.title
        values = [c.value for row in ws.iter_rows() for c in row]
        assert not any(isinstance(v, str) and (MISSING_WORDS.search(v) or "_" in v) for v in values), ws.title
        assert not any(isinstance(v, str) and is_dangerous(v) for v in values)
    csv = to_csv_bytes(sheets["Learners"]).decode("utf-8-sig")
    assert not MISSING_WORDS.search(csv) and "labour_inspectorate" not in csv


# -- item analysis tables ------------------------------------------------------------------------------
def test_item_tables_name_questions_by_their_words() -> None:
    report = item_statistics(ANSWERS, "pre")
    items = item_table(report.items, WORDS_FACTS.question_text)
    assert list(items.columns[:3]) == ["Question", "Question id", "Learners who answered"]
    assert "Share right (%)" in items.columns and "Points to check" in items.columns
    assert all(_is_people_header(c) for c in items.columns)
    assert items.iloc[0]["Question"] == question_text(LONG_PROMPT)
    assert "Answers (all attempts)" in item_table(report.items, WORDS_FACTS.question_text, first_only=False).columns
    # numbers stay numbers (sortable; a missing one stays missing for the "–" placeholder)
    assert pd.api.types.is_numeric_dtype(items["Share right (%)"])
    options = option_table(report.options, WORDS_FACTS.question_text)
    assert list(options.columns) == [
        "Question",
        "Question id",
        "Option",
        "Right answer",
        "Times chosen",
        "Share of answers",
    ]
    assert set(options["Right answer"]) <= {"yes", "no"}


# -- charts --------------------------------------------------------------------------------------------
def _svg_texts(chart: Any) -> list[str]:
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("counts", [[1, 2, 1], [1, 1, 1], [3, 7, 2], [4, 25, 9]])
def test_count_axes_show_whole_numbers(counts: list[int]) -> None:
    bins = pd.DataFrame(
        {
            "role": ["pre_test", "pre_test", "post_test"],
            "band": [40, 60, 70],
            "band_end": [50, 70, 80],
            "learners": counts,
        }
    )
    chart = charts.score_histogram(bins)
    axis = chart.to_dict()["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1
    texts = _svg_texts(chart)
    # the y labels of each row sit between that row's header and the next "Learners" title
    ticks = texts[: texts.index("Learners")]
    assert ticks == sorted(set(ticks), key=int), ticks  # no "0 1 1 2 2" from ticks at 0.5
    assert all(t.isdigit() for t in ticks)


LONG_COHORT = "Capacity building 2025: North region labour inspectors"


def test_cohort_and_indicator_names_are_not_cut() -> None:
    summary = pd.DataFrame(
        {
            "cohort": [LONG_COHORT, "South"],
            "enrolled": [3, 4],
            "completion_rate": [0.5, 1.0],
            "pass_rate": [0.3, 0.6],
            "n_pairs": [3, 4],
            "mean_pre": [40.0, 50.0],
            "mean_post": [60.0, 70.0],
        }
    )
    for chart in (charts.rates_by_cohort(summary), charts.pre_post_by_cohort(summary)):
        assert LONG_COHORT in _svg_texts(chart)  # whole, not "Capacity building 2025: North re…"
    mastery = pd.DataFrame(
        [
            {
                "cohort_id": 1,
                "cohort": LONG_COHORT,
                "indicator": "debt",
                "answers": 9,
                "learners": 4,
                "share_correct": 0.4,
            },
            {"cohort_id": 2, "cohort": "South", "indicator": "debt", "answers": 2, "learners": 2, "share_correct": 0.9},
        ]
    )
    texts = _svg_texts(charts.mastery_heatmap(mastery, {"debt": "9. Debt bondage and other long indicator names"}))
    assert "9. Debt bondage and other long indicator names" in texts
    tspans = re.findall(
        r"<tspan[^>]*>([^<]*)</tspan>",
        vlc.vegalite_to_svg(charts.mastery_heatmap(mastery).to_dict()),
    )
    assert " ".join(tspans) == LONG_COHORT  # wrapped onto lines at its spaces, every word kept
    assert not any("…" in t for t in texts)


def test_heatmap_legends_cover_every_colour_used() -> None:
    mastery = pd.DataFrame(
        [
            {"cohort_id": 1, "cohort": "North", "indicator": "debt", "answers": 9, "learners": 4, "share_correct": 0.0},
            {"cohort_id": 2, "cohort": "South", "indicator": "debt", "answers": 2, "learners": 2, "share_correct": 1.0},
        ]
    )
    spec = charts.mastery_heatmap(mastery).to_dict()
    cells = spec["layer"][0]["encoding"]
    colour = cells["color"]
    assert colour["scale"]["domain"] == [0, 100]  # every share maps inside the legend's gradient
    assert colour["legend"]["values"][0] == 0 and colour["legend"]["values"][-1] == 100
    faded = cells["opacity"]
    assert faded["legend"] is not None and faded["title"] == "Answers in the cell"
    assert faded["scale"]["domain"] == ["5 answers or more", "Fewer than 5 answers (faded)"]
    assert faded["scale"]["range"] == [1.0, charts.FADED]
    texts = _svg_texts(charts.mastery_heatmap(mastery))
    assert "Fewer than 5 answers (faded)" in texts and "100" in texts and "0" in texts
    # no faded cell: no legend entry for one
    solid = charts.mastery_heatmap(mastery.assign(answers=9)).to_dict()["layer"][0]["encoding"]["opacity"]
    assert solid.get("legend", "absent") is None
