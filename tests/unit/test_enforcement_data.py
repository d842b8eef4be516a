"""The shipped enforcement and estimates files, and the checks every uploaded file goes through."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from modules.data.enforcement import (
    COLUMNS,
    GLOBAL_ENFORCEMENT_CSV,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    NUMERIC_COLUMNS,
    DataProblem,
    DataValidationError,
    edition_ranges,
    load_enforcement,
    parse_count,
    parse_enforcement_text,
    parse_upload,
    problems_table,
)
from modules.data.estimates import GLOBAL_ESTIMATES_CSV, LEGAL_MILESTONES, load_estimates, parse_estimates

REFERENCE_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "tip_global_law_enforcement.csv"
"""The course's reference table, vendored unchanged (tests/fixtures/reference/README.md names the source)."""

# The "Weak law enforcement" table of the training slides, "Source TIP Report 2011".
# year: (prosecutions, labour prosecutions, convictions, labour convictions, victims identified)
SLIDE_TABLE: dict[int, tuple[int, int | None, int, int | None, int | None]] = {
    2004: (6885, None, 3026, None, None),
    2005: (6178, None, 4379, None, None),
    2006: (5808, None, 3160, None, None),
    2007: (5682, 490, 3427, 326, None),
    2008: (5212, 312, 2983, 104, 30961),
    2009: (5606, 432, 4166, 335, 49105),
    2010: (6017, 607, 3619, 237, 33113),
}


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return load_enforcement()


# ----------------------------------------------------------------------------------- the shipped file


def test_shipped_file_has_exactly_the_columns_and_one_row_per_year_2004_to_2024() -> None:
    with GLOBAL_ENFORCEMENT_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        years = [int(r[0]) for r in reader]
    assert tuple(header) == COLUMNS
    assert years == list(range(2004, 2025))


def test_2004_to_2010_equal_the_slide_table(table) -> None:  # type: ignore[no-untyped-def]
    for year, (p, pl, c, cl, v) in SLIDE_TABLE.items():
        got = (
            table.value(year, "prosecutions"),
            table.value(year, "prosecutions_labour"),
            table.value(year, "convictions"),
            table.value(year, "convictions_labour"),
            table.value(year, "victims_identified"),
        )
        assert got == (p, pl, c, cl, v), year
    assert table.value(2004, "convictions") == 3026  # the slide's figure, not TIP 2008's 3,025
    assert all(table.edition(y) == "TIP 2011" for y in SLIDE_TABLE)


def test_every_figure_equals_the_reference_table(table) -> None:  # type: ignore[no-untyped-def]
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as f:
        reference = {int(r["year"]): r for r in csv.DictReader(f)}
    for year in range(2004, 2025):
        for col in NUMERIC_COLUMNS:
            cell = reference[year][col].strip()
            assert table.value(year, col) == (int(cell) if cell else None), (year, col)
        # our source cell = the edition, then the reference's own source text unchanged
        assert table.frame.at[year, "source"].endswith(reference[year]["source"])


def test_blank_cells_stay_missing_not_zero(table) -> None:  # type: ignore[no-untyped-def]
    assert table.value(2015, "victims_identified") is None
    assert table.value(2016, "convictions_labour") is None
    assert table.value(2004, "prosecutions_labour") is None
    assert str(table.frame["convictions"].dtype) == "Int64"


def test_every_row_names_its_tip_edition(table) -> None:  # type: ignore[no-untyped-def]
    assert all(table.edition(y) for y in table.years)
    assert edition_ranges(table, 2004, 2024) == [
        ("TIP 2011", 2004, 2010),
        ("TIP 2016", 2011, 2015),
        ("TIP 2017", 2016, 2016),
        ("TIP 2024", 2017, 2023),
        ("TIP 2025", 2024, 2024),
    ]
    assert edition_ranges(table, 2020, 2024) == [("TIP 2024", 2020, 2023), ("TIP 2025", 2024, 2024)]


def test_a_broken_shipped_file_raises_with_every_problem(tmp_path: Path) -> None:
    text = GLOBAL_ENFORCEMENT_CSV.read_text(encoding="utf-8")
    broken = text.replace("2006,5808,,3160", "2006,5808,,x3160").replace("2009,5606", "2008,5606")
    path = tmp_path / "tip.csv"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_enforcement(path)
    messages = [str(p) for p in err.value.problems]
    assert any(":4: column 'convictions': 'x3160' is not a number" in m for m in messages)
    assert any(":7: column 'year': 2008 appears twice (first on row 6)" in m for m in messages)


def test_the_shipped_file_must_cite_every_row(tmp_path: Path) -> None:
    path = tmp_path / "tip.csv"
    path.write_text(",".join(COLUMNS) + "\n2004,1,,1,,,,,\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="every row needs its source"):
        load_enforcement(path)


# --------------------------------------------------------------------------------------- estimates


def test_estimates_are_the_facts_figures_with_sources_and_method_notes() -> None:
    est = {e.edition: e for e in load_estimates()}
    assert sorted(est) == [2005, 2012, 2017, 2022]
    assert est[2005].total == 12_300_000 and est[2005].state_imposed == 2_500_000
    assert est[2005].private_economy_forced_labour_exploitation is None  # not published: blank
    assert (est[2012].total, est[2012].private_economy_forced_labour_exploitation) == (20_900_000, 14_200_000)
    assert (est[2012].forced_commercial_sexual_exploitation, est[2012].state_imposed) == (4_500_000, 2_200_000)
    assert (est[2017].reference_year, est[2017].total) == (2016, 24_900_000)
    assert (est[2022].reference_year, est[2022].total) == (2021, 27_600_000)
    assert (
        est[2022].private_economy_forced_labour_exploitation,
        est[2022].forced_commercial_sexual_exploitation,
        est[2022].state_imposed,
    ) == (17_300_000, 6_300_000, 3_900_000)
    for e in est.values():
        assert "Methods differ between editions" in e.method_note
        assert e.source.strip() and e.confidence.startswith("V-")
    assert est[2022].label == "ILO 2022 global estimate (reference year 2021)"
    assert est[2012].match_year == 2012 and est[2022].match_year == 2021


def test_estimates_file_problems_are_reported_with_rows() -> None:
    text = GLOBAL_ESTIMATES_CSV.read_text(encoding="utf-8").replace("20900000", "lots")
    with pytest.raises(DataValidationError, match=r":3: column 'total': 'lots' is not a number"):
        parse_estimates(text, "global_estimates.csv")


def test_legal_milestones_are_the_four_instruments() -> None:
    assert [(m.year, m.short.split(" (")[0]) for m in LEGAL_MILESTONES] == [
        (1930, "C29"),
        (1957, "C105"),
        (2000, "Palermo Protocol"),
        (2014, "P029"),
    ]


# ------------------------------------------------------------------------------------------ uploads


def _problems(raw: bytes, file: str = "upload.csv") -> list[DataProblem]:
    result = parse_upload(raw, file)
    assert result.table is None, "expected the file to be refused"
    return list(result.problems)


def _only(raw: bytes) -> DataProblem:
    problems = _problems(raw)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_subset_upload_is_accepted_and_the_other_columns_are_blank() -> None:
    raw = b"year,convictions\r\n2021,12\r\n\r\n2020,9\r\n"
    result = parse_upload(raw, "ruritania.csv")
    assert result.ok and result.table is not None
    t = result.table
    assert t.name == "ruritania" and t.years == (2020, 2021)  # sorted, blank line skipped
    assert t.value(2021, "convictions") == 12 and t.value(2021, "prosecutions") is None
    assert list(t.frame.columns) == [*NUMERIC_COLUMNS, "source"]


def test_upload_accepts_a_byte_order_mark_thousands_separators_and_header_case() -> None:
    raw = '\ufeffYear, Prosecutions ,convictions\n2022,"1,204",301\n'.encode()
    result = parse_upload(raw, "x.csv")
    assert result.table is not None and result.table.value(2022, "prosecutions") == 1204


def test_wrong_columns_are_named() -> None:
    problems = _problems(b"yr,prosecutions,convicted\n2020,1,1\n")
    text = [str(p) for p in problems]
    assert "upload.csv:1: unknown column 'yr'; the columns allowed are: " + ", ".join(COLUMNS) in text
    assert any(p.row == 1 and p.column == "convicted" and "unknown column 'convicted'" in p.message for p in problems)
    assert any(p.column == "year" and "'year' column is missing" in p.message for p in problems)


def test_a_header_without_any_figures_is_refused() -> None:
    p = _only(b"year,source\n2020,ministry\n")
    assert p.row == 1 and "add at least one of the columns" in p.message


def test_text_in_a_number_names_row_and_column() -> None:
    p = _only(b"year,prosecutions,convictions\n2019,10,4\n2020,12,about 5\n")
    assert (p.row, p.column) == (3, "convictions")
    assert str(p) == (
        "upload.csv:3: column 'convictions': 'about 5' is not a number: use digits only, "
        "or leave the cell blank if not published"
    )


def test_decimals_are_not_counts() -> None:
    p = _only(b"year,prosecutions\n2020,12.5\n")
    assert (p.row, p.column) == (2, "prosecutions") and "not a whole number" in p.message


def test_negative_values_name_row_and_column() -> None:
    p = _only(b"year,prosecutions,convictions\n2020,-5,0\n")
    assert (p.row, p.column) == (2, "prosecutions")
    assert p.message == "column 'prosecutions': '-5' is negative: counts cannot be below zero"


def test_duplicate_years_name_both_rows() -> None:
    p = _only(b"year,prosecutions\n2019,1\n2020,2\n2019,3\n")
    assert (p.row, p.column) == (4, "year") and p.message == "column 'year': 2019 appears twice (first on row 2)"


def test_an_empty_file_is_refused() -> None:
    for raw in (b"", b"  \n\n", "\ufeff".encode()):
        p = _only(raw)
        assert p.row == 1 and "the file is empty" in p.message


def test_a_header_without_rows_is_refused() -> None:
    p = _only(b"year,prosecutions\n")
    assert p.row == 2 and "no data rows" in p.message


def test_a_huge_file_is_refused_before_it_is_read() -> None:
    raw = b"year,prosecutions\n" + b"2020,1\n" * (MAX_UPLOAD_BYTES // 7 + 10)
    p = _only(raw)
    assert p.row == 1 and "too large" in p.message and "1 MB" in p.message


def test_too_many_rows_are_refused() -> None:
    rows = "".join(f"{1900 + (i % 200)},{i}\n" for i in range(MAX_ROWS + 1))
    problems = _problems(("year,prosecutions\n" + rows).encode())
    assert any(p.row == MAX_ROWS + 2 and f"at most {MAX_ROWS}" in p.message for p in problems)


@pytest.mark.parametrize("cell", ["=SUM(A1:A3)", "@SUM(1)", "+cmd|' /C calc'!A0", "-1+1", "=1"])
def test_a_spreadsheet_formula_in_a_number_is_refused(cell: str) -> None:
    raw = f'year,prosecutions,convictions\n2020,"{cell}",1\n'.encode()
    p = _only(raw)
    assert (p.row, p.column) == (2, "prosecutions")
    assert "looks like a spreadsheet formula" in p.message


def test_a_formula_in_the_year_is_refused() -> None:
    p = _only(b"year,prosecutions\n=2020,1\n")
    assert (p.row, p.column) == (2, "year") and "formula" in p.message


def test_non_utf8_names_row_and_column() -> None:
    raw = "year,prosecutions,source\n2020,1,Ministère\n".encode("latin-1")
    p = _only(raw)
    assert (p.row, p.column) == (2, "source")
    assert "not UTF-8" in p.message and "CSV UTF-8" in p.message


def test_a_row_with_the_wrong_number_of_cells() -> None:
    p = _only(b"year,prosecutions,convictions\n2020,1\n")
    assert p.row == 2 and "expected 3 cells" in p.message


def test_convictions_above_prosecutions_are_questioned() -> None:
    p = _only(b"year,prosecutions,convictions\n2020,10,11\n")
    assert (p.row, p.column) == (2, "convictions") and "above prosecutions" in p.message
    p = _only(b"year,convictions,convictions_labour\n2020,10,11\n")
    assert p.column == "convictions_labour"


def test_every_problem_is_reported_in_one_pass() -> None:
    raw = b"year,prosecutions,convictions\n2019,x,1\n2020,-1,=A1\n2019,1,1\n"
    problems = _problems(raw)
    assert [(p.row, p.column) for p in problems] == [
        (2, "prosecutions"),
        (3, "convictions"),
        (3, "prosecutions"),
        (4, "year"),
    ]
    shown = problems_table(problems)
    assert list(shown.columns) == ["Row", "Column", "Problem"] and len(shown) == 4


def test_parse_count_cases() -> None:
    assert parse_count("") == (None, None)
    assert parse_count(" 42 ") == (42, None)
    assert parse_count("6,885") == (6885, None)
    assert parse_count("+7") == (7, None)
    for bad in ("1,23", "4e3", "twelve", "\t=1", "1 000"):
        assert parse_count(bad)[1], bad


def test_strict_mode_wants_the_exact_header() -> None:
    result = parse_enforcement_text("year,convictions\n2020,1\n", "x.csv", strict=True)
    assert not result.ok and "the header must be exactly" in result.problems[0].message


def test_parsed_frame_is_sorted_and_typed() -> None:
    result = parse_enforcement_text("year,prosecutions\n2021,3\n2019,1\n", "x.csv")
    assert result.table is not None
    frame = result.table.frame
    assert list(frame.index) == [2019, 2021]
    assert frame["prosecutions"].dtype == pd.Int64Dtype()
    assert result.table.version != parse_enforcement_text("year,prosecutions\n2021,4\n", "x.csv").table.version  # type: ignore[union-attr]
