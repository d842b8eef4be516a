"""CSV and XLSX files from DataFrames, always through the formula-injection guard, and the
people's words their columns are shown under.

CSV is UTF-8 with a byte-order mark so that Excel opens names like "Никита" correctly. XLSX cells
are written as values, never formulas: openpyxl would otherwise store any text starting with '='
as a formula, so neutralising is not optional here. Missing values are empty cells, never "None"
or "nan".

Files and tables for people carry plain headers in the reader's language (COLUMN_LABELS and the
per-table labels below, each a `Words`: the English is marked with N_ here and translated each time a
label is read, so `readable` and `ITEM_LABELS["facility"]` give the same header in the same run), never a
column name such as `question_id` or `n`; code keeps the column names. Files meant for tools (xAPI) are
not built here.
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
from modules.analytics.words import Words
from modules.export.safe_cells import neutralise, neutralise_frame, xlsx_value
from modules.i18n import N_
from modules.i18n import gettext as _

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
        # TRANSLATORS: the name of the only sheet of a spreadsheet with nothing in it.
        wb.create_sheet(sheet_title(_("Empty"), taken))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def readable(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Rename columns for people (unknown columns keep their names): with a `Words`, in the reader's
    language of this run."""
    return frame.rename(columns={k: labels[k] for k in labels if k in frame.columns})


COLUMN_LABELS = Words(
    {
        # TRANSLATORS: a column header of report tables and spreadsheets; "id" is a reference number.
        "cohort_id": N_("Cohort id"),
        "cohort": N_("Cohort"),
        "learner_id": N_("Learner id"),
        "learner": N_("Learner"),
        # TRANSLATORS: a column header: the learning path a learner follows (labour inspector, police…).
        "track": N_("Track"),
        "organisation_type": N_("Organisation type"),
        "sex": N_("Sex"),
        "region": N_("Region"),
        "lessons_done": N_("Lessons completed"),
        "lessons_total": N_("Lessons in track"),
        "progress_pct": N_("Progress (%)"),
        # TRANSLATORS: a column header: whether the learner finished every lesson (yes/no), or how many did.
        "completed": N_("Completed"),
        "attempts": N_("Attempts"),
        "pre": N_("Pre-test (%)"),
        "post": N_("Post-test (%)"),
        "gain": N_("Normalised gain"),
        "final_quiz": N_("Final assessment"),
        "final_score": N_("Final score (%)"),
        # TRANSLATORS: a column header: whether the learner passed the final assessment, or how many did.
        "passed": N_("Passed"),
        "certificate": N_("Certificate"),
        "quiz_id": N_("Quiz id"),
        "quiz": N_("Quiz"),
        # TRANSLATORS: a column header: the part a quiz plays in a programme (pre-test, module quiz, post-test…).
        "role": N_("Role"),
        # TRANSLATORS: a column header: the attempt's number (1 for the first try at a quiz).
        "attempt_no": N_("Attempt"),
        "score": N_("Score"),
        "submitted_at": N_("Submitted (UTC)"),
        "question_id": N_("Question id"),
        "answer": N_("Answer (option ids)"),
        # TRANSLATORS: a column header: whether an answer was right (yes/no).
        "correct": N_("Correct"),
        "enrolled": N_("Enrolled"),
        "completion_rate": N_("Completion rate"),
        "pass_rate": N_("Pass rate"),
        "certificates": N_("Certificates"),
        "n_pre": N_("With pre-test"),
        "n_post": N_("With post-test"),
        "n_pairs": N_("With both"),
        "mean_pre": N_("Mean pre-test (%)"),
        "mean_post": N_("Mean post-test (%)"),
        "n_gain": N_("With defined gain"),
        "mean_gain": N_("Mean normalised gain"),
        "class_gain": N_("Class-average gain"),
        "group": N_("Group"),
        "report": N_("Report"),
        "generated_on": N_("Generated on"),
        "people": N_("People trained"),
        "programme": N_("Programme"),
        "country": N_("Country"),
        "organisation": N_("Organisation"),
        "start_date": N_("Start date"),
        "end_date": N_("End date"),
        "question": N_("Question"),
        "indicator": N_("Indicator"),
        "note": N_("Note"),
        "definitions": N_("Definitions"),
    }
)
"""Headers of the learner, attempt, answer and summary tables (cohort_reports)."""

ITEM_LABELS = Words(
    {
        # TRANSLATORS: a column header: the quiz a question belongs to.
        "quiz": N_("Test"),
        "question": N_("Question"),
        "question_id": N_("Question id"),
        "n": N_("Learners who answered"),
        "responses": N_("Learners who answered"),
        "facility": N_("Share right (%)"),
        "sd": N_("Spread of scores (SD, points)"),
        "discrimination_index": N_("Discrimination (correlation with the rest of the test, ×100)"),
        "point_biserial": N_("Correlation with the total score"),
        "upper_lower": N_("Discrimination (upper minus lower group, points)"),
        "flags": N_("Points to check"),
    }
)
"""Item analysis (analytics.item_analysis.ITEM_COLUMNS and the programme report's item health)."""

OPTION_LABELS = Words(
    {
        "question": N_("Question"),
        "question_id": N_("Question id"),
        "option_id": N_("Option id"),
        "option": N_("Option"),
        "correct": N_("Right answer"),
        "count": N_("Times chosen"),
        "share": N_("Share of answers"),
    }
)
"""How often each option was chosen (analytics.item_analysis.OPTION_COLUMNS)."""

SCORE_LABELS = Words(
    {
        "cohort": N_("Cohort"),
        # TRANSLATORS: a column header: pre-test, post-test, module quiz or final assessment.
        "role": N_("Test"),
        "quiz": N_("Quiz"),
        "count": N_("Learners"),
        "mean": N_("Mean score (%)"),
        "std": N_("Spread of scores (SD, points)"),
        "min": N_("Lowest (%)"),
        "25%": N_("Lower quartile (%)"),
        "50%": N_("Median (%)"),
        "75%": N_("Upper quartile (%)"),
        "max": N_("Highest (%)"),
    }
)
"""First-attempt score summaries (cohort_reports.score_summary)."""

INDICATOR_GAIN_LABELS = Words(
    {
        "indicator": N_("Indicator"),
        "n": N_("Learners with both tests"),
        "pre": N_("Mean pre-test (%)"),
        "post": N_("Mean post-test (%)"),
        "class_gain": N_("Class-average gain"),
        "mean_gain": N_("Mean normalised gain"),
    }
)
"""Learning gain per ILO indicator (learning_gain.indicator_gain)."""

MASTERY_LABELS = Words(
    {
        "cohort": N_("Cohort"),
        "indicator": N_("Indicator"),
        "answers": N_("Answers"),
        "learners": N_("Learners"),
        "share_correct": N_("Share of answers right"),
        "mean_score": N_("Mean score (0 to 1)"),
    }
)
"""Cohort × indicator mastery (analytics.mastery)."""

TEST_LABELS = Words(
    {
        "quiz": N_("Test"),
        "role": N_("Role"),
        "first_attempts": N_("First attempts"),
        "questions": N_("Questions"),
        "mean_score": N_("Mean score (%)"),
        "chance": N_("Chance score (%)"),
        "alpha": N_("Reliability (Cronbach's alpha)"),
        "sem": N_("Measurement error (SEM, points)"),
    }
)
"""One row per test in the programme report."""

LIVE_LABELS = Words(
    {
        "session_title": N_("Session"),
        "session_started_at": N_("Started (UTC)"),
        "participants": N_("Participants"),
        "questions": N_("Questions"),
        "responses": N_("Responses"),
        "mean_share_correct": N_("Mean share right"),
    }
)
"""Live sessions (services.cohorts.live_summaries; its ids are dropped before showing)."""

OBSERVED_LABELS = Words(
    {
        "checklist": N_("Checklist"),
        "observed": N_("Learners observed"),
        "mean_score": N_("Mean score (%)"),
        # TRANSLATORS: a column header: the share of observed learners who passed the checklist.
        "pass_rate": N_("Passed"),
    }
)
"""Observed skills per checklist (services.observations.summary)."""


def item_table(
    items: pd.DataFrame, question_text: Callable[[str], str], first_only: bool = True, quiz: str | None = None
) -> pd.DataFrame:
    """Item analysis rows (ITEM_COLUMNS) as a manager reads them: the question's words first, its id
    kept for reference, review flags in plain words, plain headers (in the reader's language). Numbers stay
    numbers (missing ones stay missing: an empty cell in a file, "–" on screen)."""
    columns = ["question", "question_id", *[c for c in items.columns if c != "question_id"]]
    out = items.assign(
        question=[question_text(str(q)) or str(q) for q in items["question_id"]],
        flags=[points_to_check(f) for f in items["flags"]],
    )[columns]
    if quiz is not None:
        out.insert(0, "quiz", quiz)
    labels = dict(ITEM_LABELS)
    if not first_only:
        # TRANSLATORS: a column header of the item analysis when every attempt counts, not only the first.
        labels["n"] = _("Answers (all attempts)")
    return readable(out, labels)


def option_table(options: pd.DataFrame, question_text: Callable[[str], str]) -> pd.DataFrame:
    """How often each option was chosen, under the question's words and plain headers; the right
    option(s) marked yes/no."""
    out = options.assign(
        question=[question_text(str(q)) or str(q) for q in options["question_id"]],
        correct=[_("yes") if bool(c) else _("no") for c in options["correct"]],
    )
    columns = ["question", *[c for c in options.columns if c != "option_id"]]
    return readable(out[columns], OPTION_LABELS)
