"""CSV and XLSX files from DataFrames, always through the formula-injection guard, and the
people's words their columns are shown under.

CSV is UTF-8 with a byte-order mark so that Excel opens names like "Никита" correctly. XLSX cells
are written as values, never formulas: openpyxl would otherwise store any text starting with '='
as a formula, so neutralising is not optional here. Missing values are empty cells, never "None"
or "nan".

Files and tables for people carry plain English headers (COLUMN_LABELS and the per-table labels
below), never a column name such as `question_id` or `n`; files meant for tools (xAPI) are not
built here.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from modules.analytics.item_analysis import points_to_check
from modules.export.safe_cells import neutralise, neutralise_frame, xlsx_value

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _missing(value: Any) -> bool:
    """A missing scalar: None, NaN, NaT or pd.NA (never written as "None" or "nan")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = neutralise_frame(frame)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet title (at most 31 characters, none of []:*?/\\; no snake_case)."""
    base = _SHEET_BAD.sub(" ", name.replace("_", " ")).strip().strip("'")[:31] or "Sheet"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.casefold())
    return title


def write_sheet(wb: Workbook, name: str, frame: pd.DataFrame, taken: set[str], note: str | None = None) -> None:
    ws = wb.create_sheet(sheet_title(name, taken))
    row = 1
    if note:
        ws.cell(row=1, column=1, value=xlsx_value(note)).font = Font(italic=True)
        row = 3
    for col, header in enumerate(frame.columns, start=1):
        cell = ws.cell(row=row, column=col, value=xlsx_value(neutralise(str(header))))
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for r, values in enumerate(frame.itertuples(index=False), start=row + 1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=xlsx_value(None if _missing(value) else value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is text: never let openpyxl take it for a formula
    for col, header in enumerate(frame.columns, start=1):
        longest_word = max((len(w) for w in str(header).split()), default=0)
        lengths = [len(str(v)) for v in frame.iloc[:200, col - 1] if not _missing(v)] if len(frame) else []
        width = max([min(len(str(header)), max(longest_word, 24)), *lengths])
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = min(60, max(8, width + 2))
    if len(frame.columns):  # long headers wrap at their spaces instead of widening the column
        for cell in ws[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame], notes: Mapping[str, str] | None = None) -> bytes:
    """A workbook with one sheet per frame, in the given order."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        write_sheet(wb, name, frame, taken, (notes or {}).get(name))
    if not sheets:
        wb.create_sheet("Empty")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def readable(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Rename columns for people (unknown columns keep their names)."""
    return frame.rename(columns={k: v for k, v in labels.items() if k in frame.columns})


COLUMN_LABELS: dict[str, str] = {
    "cohort_id": "Cohort id",
    "cohort": "Cohort",
    "learner_id": "Learner id",
    "learner": "Learner",
    "track": "Track",
    "organisation_type": "Organisation type",
    "sex": "Sex",
    "region": "Region",
    "lessons_done": "Lessons completed",
    "lessons_total": "Lessons in track",
    "progress_pct": "Progress (%)",
    "completed": "Completed",
    "attempts": "Attempts",
    "pre": "Pre-test (%)",
    "post": "Post-test (%)",
    "gain": "Normalised gain",
    "final_quiz": "Final assessment",
    "final_score": "Final score (%)",
    "passed": "Passed",
    "certificate": "Certificate",
    "quiz_id": "Quiz id",
    "quiz": "Quiz",
    "role": "Role",
    "attempt_no": "Attempt",
    "score": "Score",
    "submitted_at": "Submitted (UTC)",
    "question_id": "Question id",
    "answer": "Answer (option ids)",
    "correct": "Correct",
    "enrolled": "Enrolled",
    "completion_rate": "Completion rate",
    "pass_rate": "Pass rate",
    "certificates": "Certificates",
    "n_pre": "With pre-test",
    "n_post": "With post-test",
    "n_pairs": "With both",
    "mean_pre": "Mean pre-test (%)",
    "mean_post": "Mean post-test (%)",
    "n_gain": "With defined gain",
    "mean_gain": "Mean normalised gain",
    "class_gain": "Class-average gain",
    "group": "Group",
    "report": "Report",
    "generated_on": "Generated on",
    "people": "People trained",
    "programme": "Programme",
    "country": "Country",
    "organisation": "Organisation",
    "start_date": "Start date",
    "end_date": "End date",
    "question": "Question",
    "indicator": "Indicator",
    "note": "Note",
    "definitions": "Definitions",
}
"""Headers of the learner, attempt, answer and summary tables (cohort_reports)."""

ITEM_LABELS: dict[str, str] = {
    "quiz": "Test",
    "question": "Question",
    "question_id": "Question id",
    "n": "Learners who answered",
    "responses": "Learners who answered",
    "facility": "Share right (%)",
    "sd": "Spread of scores (SD, points)",
    "discrimination_index": "Discrimination (correlation with the rest of the test, ×100)",
    "point_biserial": "Correlation with the total score",
    "upper_lower": "Discrimination (upper minus lower group, points)",
    "flags": "Points to check",
}
"""Item analysis (analytics.item_analysis.ITEM_COLUMNS and the programme report's item health)."""

OPTION_LABELS: dict[str, str] = {
    "question": "Question",
    "question_id": "Question id",
    "option_id": "Option id",
    "option": "Option",
    "correct": "Right answer",
    "count": "Times chosen",
    "share": "Share of answers",
}
"""How often each option was chosen (analytics.item_analysis.OPTION_COLUMNS)."""

SCORE_LABELS: dict[str, str] = {
    "cohort": "Cohort",
    "role": "Test",
    "quiz": "Quiz",
    "count": "Learners",
    "mean": "Mean score (%)",
    "std": "Spread of scores (SD, points)",
    "min": "Lowest (%)",
    "25%": "Lower quartile (%)",
    "50%": "Median (%)",
    "75%": "Upper quartile (%)",
    "max": "Highest (%)",
}
"""First-attempt score summaries (cohort_reports.score_summary)."""

INDICATOR_GAIN_LABELS: dict[str, str] = {
    "indicator": "Indicator",
    "n": "Learners with both tests",
    "pre": "Mean pre-test (%)",
    "post": "Mean post-test (%)",
    "class_gain": "Class-average gain",
    "mean_gain": "Mean normalised gain",
}
"""Learning gain per ILO indicator (learning_gain.indicator_gain)."""

MASTERY_LABELS: dict[str, str] = {
    "cohort": "Cohort",
    "indicator": "Indicator",
    "answers": "Answers",
    "learners": "Learners",
    "share_correct": "Share of answers right",
    "mean_score": "Mean score (0 to 1)",
}
"""Cohort × indicator mastery (analytics.mastery)."""

TEST_LABELS: dict[str, str] = {
    "quiz": "Test",
    "role": "Role",
    "first_attempts": "First attempts",
    "questions": "Questions",
    "mean_score": "Mean score (%)",
    "chance": "Chance score (%)",
    "alpha": "Reliability (Cronbach's alpha)",
    "sem": "Measurement error (SEM, points)",
}
"""One row per test in the programme report."""

LIVE_LABELS: dict[str, str] = {
    "session_title": "Session",
    "session_started_at": "Started (UTC)",
    "participants": "Participants",
    "questions": "Questions",
    "responses": "Responses",
    "mean_share_correct": "Mean share right",
}
"""Live sessions (services.cohorts.live_summaries; its ids are dropped before showing)."""

OBSERVED_LABELS: dict[str, str] = {
    "checklist": "Checklist",
    "observed": "Learners observed",
    "mean_score": "Mean score (%)",
    "pass_rate": "Passed",
}
"""Observed skills per checklist (services.observations.summary)."""


def item_table(
    items: pd.DataFrame, question_text: Callable[[str], str], first_only: bool = True, quiz: str | None = None
) -> pd.DataFrame:
    """Item analysis rows (ITEM_COLUMNS) as a manager reads them: the question's words first, its id
    kept for reference, review flags in plain words, plain English headers. Numbers stay numbers
    (missing ones stay missing: an empty cell in a file, "–" on screen)."""
    columns = ["question", "question_id", *[c for c in items.columns if c != "question_id"]]
    out = items.assign(
        question=[question_text(str(q)) or str(q) for q in items["question_id"]],
        flags=[points_to_check(f) for f in items["flags"]],
    )[columns]
    if quiz is not None:
        out.insert(0, "quiz", quiz)
    labels = dict(ITEM_LABELS)
    if not first_only:
        labels["n"] = "Answers (all attempts)"
    return readable(out, labels)


def option_table(options: pd.DataFrame, question_text: Callable[[str], str]) -> pd.DataFrame:
    """How often each option was chosen, under the question's words and plain headers; the right
    option(s) marked yes/no."""
    out = options.assign(
        question=[question_text(str(q)) or str(q) for q in options["question_id"]],
        correct=["yes" if bool(c) else "no" for c in options["correct"]],
    )
    columns = ["question", *[c for c in options.columns if c != "option_id"]]
    return readable(out[columns], OPTION_LABELS)
