"""F9: a national upload with a huge count gets a row/column message, never an exception.

The data page is public, so before this fix a 20-digit, grouped, 5000-digit or 2**63 count crashed it
for any visitor (OverflowError, ValueError, TypeError), and 2**63 - 1 was accepted and drawn.
"""

from __future__ import annotations

import random

import pytest

from modules.data.enforcement import (
    GLOBAL_ENFORCEMENT_CSV,
    MAX_COUNT,
    NUMERIC_COLUMNS,
    load_enforcement,
    parse_count,
    parse_upload,
)
from modules.data.estimates import GLOBAL_ESTIMATES_CSV, load_estimates

HUGE_COUNTS = {
    "20 digits": "99999999999999999999",
    "grouped": '"' + ",".join(["999"] * 12) + '"',
    "5000 digits": "9" * 5000,
    "2**63": str(2**63),
    "2**63 - 1": str(2**63 - 1),
    "just above the bound": str(MAX_COUNT + 1),
    "leading zeros then many digits": "0" * 30 + "1" * 30,
}


def _upload(cell: str, column: str = "prosecutions") -> bytes:
    other = "convictions" if column != "convictions" else "prosecutions"
    return f"year,{column},{other},source\n2020,{cell},5,x\n".encode()


@pytest.mark.parametrize("cell", HUGE_COUNTS.values(), ids=HUGE_COUNTS.keys())
def test_a_huge_count_is_refused_with_its_row_and_column(cell: str) -> None:
    result = parse_upload(_upload(cell), "mine.csv")
    assert result.table is None
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column) == ("mine.csv", 2, "prosecutions")
    assert "column 'prosecutions'" in problem.message
    assert "too large" in problem.message and f"{MAX_COUNT:,}" in problem.message
    assert len(problem.message) < 300  # the 5000-digit cell is cut when quoted


@pytest.mark.parametrize("column", NUMERIC_COLUMNS)
def test_every_count_column_is_bounded(column: str) -> None:
    result = parse_upload(_upload(str(2**63), column), "mine.csv")
    assert [(p.row, p.column) for p in result.problems] == [(2, column)]


def test_the_bound_itself_is_accepted_and_stored() -> None:
    result = parse_upload(f'year,victims_identified\n2020,"{MAX_COUNT:,}"\n'.encode(), "mine.csv")
    assert result.table is not None, result.problems
    assert result.table.value(2020, "victims_identified") == MAX_COUNT


def test_a_5000_digit_year_is_a_row_message() -> None:
    result = parse_upload(("year,prosecutions\n" + "2" * 5000 + ",5\n").encode(), "mine.csv")
    assert [(p.row, p.column) for p in result.problems] == [(2, "year")]
    assert "is not a year between" in result.problems[0].message


def test_negative_huge_counts_say_negative_not_crash() -> None:
    assert parse_count("-" + "9" * 5000)[1] is not None
    assert "negative" in (parse_count("-" + "9" * 5000)[1] or "")
    assert parse_count("-0") == (0, None)
    assert parse_count("+0007") == (7, None)


def test_every_shipped_series_is_within_the_bound() -> None:
    """The bound was chosen so that every real series passes: the world totals peak far below it."""
    table = load_enforcement(GLOBAL_ENFORCEMENT_CSV)
    peak = int(table.frame[list(NUMERIC_COLUMNS)].max().max())
    assert peak <= MAX_COUNT // 50
    assert len(load_estimates(GLOBAL_ESTIMATES_CSV)) == 4  # estimates (27.6 million) use their own bound


def test_random_numeric_garbage_never_raises() -> None:
    """A small deterministic fuzz: digits, commas, signs, dots and spaces in every count and the year."""
    rng = random.Random(20240611)
    alphabet = "0123456789,,+-. 9"
    for _ in range(400):
        cells = ["".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 19, 20, 25, 4400]))) for _ in range(3)]
        raw = ("year,prosecutions,convictions\n" + ",".join(f'"{c}"' for c in cells) + "\n").encode()
        result = parse_upload(raw, "fuzz.csv")
        assert result.ok or all(p.row == 2 for p in result.problems)
