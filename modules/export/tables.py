"""CSV and XLSX files from DataFrames, always through the formula-injection guard.

CSV is UTF-8 with a byte-order mark so that Excel opens names like "Никита" correctly. XLSX cells
are written as values, never formulas: openpyxl would otherwise store any text starting with '='
as a formula, so neutralising is not optional here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from modules.export.safe_cells import neutralise, neutralise_frame, xlsx_value

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = neutralise_frame(frame)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet title (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", name).strip().strip("'")[:31] or "Sheet"
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
            cell = ws.cell(row=r, column=c, value=xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is text: never let openpyxl take it for a formula
    for col, header in enumerate(frame.columns, start=1):
        width = (
            max([len(str(header))] + [len(str(v)) for v in frame.iloc[:200, col - 1]])
            if len(frame)
            else len(str(header))
        )
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, width + 2))
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
}
