"""TIP law-enforcement tables: the shipped global file and trainers' national uploads.

One parser serves both, so an uploaded file is held to the same rules as the data we ship. Every problem
is collected in one pass and reported as `file:row: message` (row = line in the file, header = 1, as a
spreadsheet numbers it), with the column named in the message, so a trainer can fix the file in one go.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from modules.paths import PROJECT_ROOT, content_dir, display_path

logger = logging.getLogger(__name__)

DATA_DIR = PROJECT_ROOT / "content" / "data"
"""The project's own data folder: the shipped copies, used when the content folder in use has none."""
ENFORCEMENT_FILE = "tip_global_law_enforcement.csv"
GLOBAL_ENFORCEMENT_CSV = DATA_DIR / ENFORCEMENT_FILE

COLUMNS: tuple[str, ...] = (
    "year",
    "prosecutions",
    "prosecutions_labour",
    "convictions",
    "convictions_labour",
    "victims_identified",
    "victims_identified_labour",
    "new_or_amended_legislation",
    "source",
)
NUMERIC_COLUMNS: tuple[str, ...] = COLUMNS[1:-1]
"""Counts: whole numbers, never negative, blank where not published."""

COLUMN_LABELS: dict[str, str] = {
    "year": "Year",
    "prosecutions": "Prosecutions",
    "prosecutions_labour": "Prosecutions (labour trafficking)",
    "convictions": "Convictions",
    "convictions_labour": "Convictions (labour trafficking)",
    "victims_identified": "Victims identified",
    "victims_identified_labour": "Victims identified (labour trafficking)",
    "new_or_amended_legislation": "New or amended laws",
    "source": "Source",
}

# Pairs (smaller, larger) that must hold in one row when both are given. Convictions in a year are not
# the outcome of that year's prosecutions, but a table with more convictions than prosecutions is almost
# always a typo or swapped columns, so we ask the trainer to check it.
NOT_ABOVE: tuple[tuple[str, str], ...] = (
    ("convictions", "prosecutions"),
    ("convictions_labour", "prosecutions_labour"),
    ("prosecutions_labour", "prosecutions"),
    ("convictions_labour", "convictions"),
    ("victims_identified_labour", "victims_identified"),
)

MAX_UPLOAD_BYTES = 1_000_000
MAX_ROWS = 1000
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_SOURCE_CHARS = 2000
MAX_COUNT = 10_000_000
"""Plausibility bound for one count (prosecutions, convictions, victims identified, laws) in one row.

The shipped global series adds up every country each year and peaks at 133,943 victims identified
(2023) and 18,930 prosecutions (2015): one country-year cannot exceed the whole world's figure, and
10 million is about 75 times that peak (more than a third of the 27.6 million people the ILO estimates
were in forced labour worldwide in 2021). A larger count is a typo, extra digits or a units mix-up, so
it is refused with its row and column rather than drawn; this also keeps every value far inside the
64-bit integers pandas stores (a 20-digit or 5000-digit cell used to crash the upload)."""
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may execute as a formula (OWASP CSV injection list)."""

_WHOLE = re.compile(r"^[+-]?[0-9]+$")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+$")  # "6,885" as a spreadsheet exports it
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_EDITION = re.compile(r"^(TIP \d{4}) edition")


@dataclass(frozen=True, order=True)
class DataProblem:
    """One problem in a data file; `row` is the line number (header = 1), `column` may be empty."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.message}"


class DataValidationError(Exception):
    """A shipped data file is broken: carries every problem so the message lists them all."""

    def __init__(self, problems: list[DataProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, eq=False)
class EnforcementTable:
    """A validated enforcement table: one row per year (index), counts as nullable integers.

    Treat `frame` as read-only: the app caches one instance and shares it between sessions.
    """

    name: str
    frame: pd.DataFrame
    version: str
    file: str

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in self.frame.index)

    def between(self, first: int, last: int) -> pd.DataFrame:
        """Rows with first <= year <= last (a view to read, not to change)."""
        idx = self.frame.index
        return self.frame[(idx >= first) & (idx <= last)]

    def value(self, year: int, column: str) -> int | None:
        """One count, or None where it is not published (or the year is absent)."""
        if year not in self.frame.index:
            return None
        v = self.frame.at[year, column]
        return None if pd.isna(v) else int(v)

    def edition(self, year: int) -> str | None:
        """The TIP edition a year's figures come from ('TIP 2024'), read from the source cell."""
        if year not in self.frame.index:
            return None
        return edition_of(self.frame.at[year, "source"])


@dataclass(frozen=True)
class ParseResult:
    """Either a table (no problems) or the problems; a table with problems is never returned."""

    table: EnforcementTable | None
    problems: tuple[DataProblem, ...]

    @property
    def ok(self) -> bool:
        return self.table is not None


def edition_of(source: object) -> str | None:
    """'TIP 2024' from a source cell that starts 'TIP 2024 edition ...'; None when not stated."""
    if not isinstance(source, str):
        return None
    m = _EDITION.match(source.strip())
    return m.group(1) if m else None


def edition_ranges(table: EnforcementTable, first: int, last: int) -> list[tuple[str, int, int]]:
    """Consecutive runs of years sharing one TIP edition: [('TIP 2011', 2004, 2010), ...]."""
    runs: list[tuple[str, int, int]] = []
    for year in table.between(first, last).index:
        ed = table.edition(int(year))
        if ed is None:
            continue
        if runs and runs[-1][0] == ed and runs[-1][2] == int(year) - 1:
            runs[-1] = (ed, runs[-1][1], int(year))
        else:
            runs.append((ed, int(year), int(year)))
    return runs


def _show(cell: str, limit: int = 40) -> str:
    """A cell quoted for a message: repr escapes control characters; long cells are cut."""
    text = cell if len(cell) <= limit else cell[:limit] + "…"
    return repr(text)


def parse_count(cell: str, *, maximum: int = MAX_COUNT) -> tuple[int | None, str | None]:
    """A count cell -> (value, None) or (None, reason). Blank means 'not published' (None, None).

    Never raises: the digits are measured before int() is called, so a cell of any length (Python
    refuses int() on more than 4300 digits; pandas Int64 overflows at 2**63) gets a message instead.
    `maximum` must fit in a 64-bit integer.
    """
    s = cell.strip()
    if not s:
        return None, None
    if _WHOLE.match(s) or _GROUPED.match(s):
        digits = s.lstrip("+-").replace(",", "").lstrip("0") or "0"
        if s.startswith("-") and digits != "0":
            return None, f"{_show(s)} is negative: counts cannot be below zero"
        if len(digits) > len(str(maximum)) or int(digits) > maximum:
            return None, (
                f"{_show(s)} is too large: at most {maximum:,} is plausible for one year; "
                "check for a typo or extra digits"
            )
        return int(digits), None
    if _DECIMAL.match(s):
        return None, f"{_show(s)} is not a whole number: counts are whole numbers"
    if cell[:1] in FORMULA_PREFIXES or s[:1] in FORMULA_PREFIXES:
        return None, f"{_show(cell)} looks like a spreadsheet formula: type the number itself"
    return None, f"{_show(s)} is not a number: use digits only, or leave the cell blank if not published"


def _parse_year(cell: str) -> tuple[int | None, str | None]:
    s = cell.strip()
    if not s:
        return None, "the year is missing"
    if _WHOLE.match(s) and not s.startswith(("+", "-")):
        y = int(s) if len(s.lstrip("0")) <= len(str(MAX_YEAR)) else MAX_YEAR + 1  # no int() on 5000 digits
        if MIN_YEAR <= y <= MAX_YEAR:
            return y, None
        return None, f"{_show(s)} is not a year between {MIN_YEAR} and {MAX_YEAR}"
    if s[:1] in FORMULA_PREFIXES or cell[:1] in FORMULA_PREFIXES:
        return None, f"{_show(cell)} looks like a spreadsheet formula: type the year itself"
    return None, f"{_show(s)} is not a year (four digits, for example 2023)"


def _check_header(header: list[str], file: str, strict: bool) -> list[DataProblem]:
    problems: list[DataProblem] = []
    expected = ", ".join(COLUMNS)
    if strict and header != list(COLUMNS):
        problems.append(DataProblem(file, 1, "", f"the header must be exactly: {expected}"))
        return problems
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(DataProblem(file, 1, name, f"column {name!r} appears twice in the header"))
        seen.add(name)
        if name not in COLUMNS:
            shown = _show(name) if name else "(empty)"
            problems.append(DataProblem(file, 1, name, f"unknown column {shown}; the columns allowed are: {expected}"))
    if "year" not in seen:
        problems.append(DataProblem(file, 1, "year", "the 'year' column is missing"))
    if not seen.intersection(NUMERIC_COLUMNS):
        problems.append(
            DataProblem(file, 1, "", "no figures: add at least one of the columns " + ", ".join(NUMERIC_COLUMNS))
        )
    return problems


def parse_enforcement_text(
    text: str, file: str, *, name: str | None = None, strict: bool = False, max_rows: int = MAX_ROWS
) -> ParseResult:
    """Validate CSV text in the enforcement columns and build the table.

    strict=True is for the shipped file (all columns, in order, each row sourced); uploads may give
    `year` plus at least one count column, and an optional `source`.
    """
    problems: list[DataProblem] = []
    if not text.strip():
        msg = "the file is empty: the first row must be a header such as year,prosecutions,convictions"
        return ParseResult(None, (DataProblem(file, 1, "", msg),))

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        raw_header = next(reader)
    except csv.Error as e:
        return ParseResult(None, (DataProblem(file, 1, "", f"the header cannot be read as CSV: {e}"),))
    header = [h.strip().lower() for h in raw_header]
    problems.extend(_check_header(header, file, strict))
    if problems:
        return ParseResult(None, tuple(problems))

    records: dict[str, list[object]] = {c: [] for c in header}
    first_line: dict[int, int] = {}
    data_rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue  # blank lines are harmless
            data_rows += 1
            if data_rows > max_rows:
                problems.append(DataProblem(file, line, "", f"too many rows: at most {max_rows} years per file"))
                break
            if len(row) != len(header):
                problems.append(
                    DataProblem(file, line, "", f"expected {len(header)} cells (as in the header), found {len(row)}")
                )
                continue
            values, row_problems = _parse_row(dict(zip(header, row, strict=True)), file, line, strict)
            problems.extend(row_problems)
            year = values.get("year")
            if isinstance(year, int):
                if year in first_line:
                    problems.append(
                        DataProblem(
                            file, line, "year", f"column 'year': {year} appears twice (first on row {first_line[year]})"
                        )
                    )
                else:
                    first_line[year] = line
            if not row_problems:
                for c in header:
                    records[c].append(values.get(c))
    except csv.Error as e:
        problems.append(DataProblem(file, reader.line_num, "", f"the file cannot be read as CSV: {e}"))

    if not problems and data_rows == 0:
        problems.append(DataProblem(file, 2, "", "no data rows: add one row per year under the header"))
    if problems:
        return ParseResult(None, tuple(sorted(problems)))

    frame = _frame(records)
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    table = EnforcementTable(name=name or Path(file).stem, frame=frame, version=version, file=file)
    return ParseResult(table, ())


def _parse_row(
    cells: dict[str, str], file: str, line: int, strict: bool
) -> tuple[dict[str, object], list[DataProblem]]:
    values: dict[str, object] = {}
    problems: list[DataProblem] = []
    for column, cell in cells.items():
        if column == "year":
            year, err = _parse_year(cell)
            if err:
                problems.append(DataProblem(file, line, column, f"column 'year': {err}"))
            values[column] = year
        elif column == "source":
            text = cell.strip()
            if strict and not text:
                problems.append(DataProblem(file, line, column, "column 'source': every row needs its source"))
            if len(text) > MAX_SOURCE_CHARS:
                problems.append(
                    DataProblem(file, line, column, f"column 'source': longer than {MAX_SOURCE_CHARS} characters")
                )
            values[column] = text or None
        else:
            value, err = parse_count(cell)
            if err:
                problems.append(DataProblem(file, line, column, f"column {column!r}: {err}"))
            values[column] = value
    for smaller, larger in NOT_ABOVE:
        a, b = values.get(smaller), values.get(larger)
        if isinstance(a, int) and isinstance(b, int) and a > b:
            problems.append(
                DataProblem(
                    file,
                    line,
                    smaller,
                    f"column {smaller!r}: {a:,} is above {larger} ({b:,}) in the same row; check the columns",
                )
            )
    return values, problems


def _frame(records: dict[str, list[object]]) -> pd.DataFrame:
    """Every column present (missing counts as all-blank), Int64 counts, indexed and sorted by year."""
    n = len(records["year"])
    data: dict[str, object] = {"year": pd.array(records["year"], dtype="int64")}
    for c in NUMERIC_COLUMNS:
        data[c] = pd.array(records.get(c, [None] * n), dtype="Int64")
    data["source"] = pd.array(records.get("source", [None] * n), dtype="object")
    return pd.DataFrame(data).set_index("year").sort_index()


def decode_csv_bytes(
    raw: bytes, file: str, *, max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[str | None, list[DataProblem]]:
    """Bytes of an upload -> text, refusing huge and non-UTF-8 files with a row and column named."""
    if len(raw) > max_bytes:
        size = f"{len(raw) / 1_000_000:.1f} MB" if len(raw) >= 100_000 else f"{len(raw):,} bytes"
        limit = f"{max_bytes / 1_000_000:g} MB"
        msg = f"the file is too large ({size}); the limit is {limit} and {MAX_ROWS} rows"
        return None, [DataProblem(file, 1, "", msg)]
    if not raw.strip():
        return None, [
            DataProblem(file, 1, "", "the file is empty: the first row must be a header such as year,prosecutions")
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        line = raw.count(b"\n", 0, e.start) + 1
        prefix = raw[line_start : e.start].decode("utf-8", errors="replace")
        header = raw.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip().split(",")
        index = prefix.count(",")
        column = header[index].strip().lower() if line > 1 and index < len(header) else ""
        where = f"column {column!r}: " if column else ""
        msg = (
            f"{where}byte 0x{raw[e.start]:02X} is not UTF-8 text; save the file as 'CSV UTF-8' "
            "(in a spreadsheet: Save as, CSV UTF-8) and upload it again"
        )
        return None, [DataProblem(file, line, column, msg)]


def parse_upload(raw: bytes, file: str, *, name: str | None = None) -> ParseResult:
    """Check an uploaded file end to end (size, encoding, columns, cells). Never raises on bad input.

    The data page is public, so an exception here would show any visitor an error page. Every cell is
    checked before a table is built; the last-resort guard below only turns a bug we missed into a
    located message (and a log line without the file's contents) instead of a traceback.
    """
    text, problems = decode_csv_bytes(raw, file)
    if text is None:
        return ParseResult(None, tuple(problems))
    try:
        return parse_enforcement_text(text, file, name=name, strict=False)
    except (ValueError, TypeError, ArithmeticError, LookupError, csv.Error) as exc:
        logger.error("upload check failed on a %d-byte file: %s", len(raw), type(exc).__name__)
        msg = "the file could not be checked; make sure every count is a plain whole number and try again"
        return ParseResult(None, (DataProblem(file, 1, "", msg),))


def data_file(name: str) -> Path:
    """A data file of the content folder in use (CONTENT_DIR/data/<name> when CONTENT_DIR is set).

    The README promises that a country team's CONTENT_DIR holds its own data files. A content folder
    without that file (a copy that adapts only the lessons) falls back to the project's shipped copy.
    """
    own = content_dir() / "data" / name
    return own if own.exists() or own.is_symlink() else DATA_DIR / name


def read_data_file(path: Path, file: str) -> bytes:
    """The bytes of a data file that really lies in its content folder (the folder above data/).

    A content package (zip, git) can carry symlinks: without this check a data file linked to any
    file on the server would be read, and its lines quoted in validation messages (as F10 found for
    images). Raises DataValidationError with a located message.
    """
    folder = path.parent.parent
    try:
        inside = path.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
        raw = path.read_bytes() if inside else None
    except (OSError, RuntimeError) as e:
        reason = getattr(e, "strerror", None) or "it cannot be opened"
        raise DataValidationError([DataProblem(file, 1, "", f"cannot read the file: {reason}")]) from e
    if raw is None:
        msg = "the file is a link to a file outside the content folder; copy the file itself into the folder"
        raise DataValidationError([DataProblem(file, 1, "", msg)])
    return raw


def global_enforcement_csv() -> Path:
    """The enforcement table the app and `python -m modules validate` read now (see data_file)."""
    return data_file(ENFORCEMENT_FILE)


def load_enforcement(path: Path | None = None, *, name: str = "Global (TIP Report)") -> EnforcementTable:
    """The global table of the content in use (or `path`); raises DataValidationError listing every problem."""
    path = path if path is not None else global_enforcement_csv()
    file = display_path(path)
    raw = read_data_file(path, file)
    text, problems = decode_csv_bytes(raw, file, max_bytes=10 * MAX_UPLOAD_BYTES)
    if text is None:
        raise DataValidationError(problems)
    result = parse_enforcement_text(text, file, name=name, strict=True)
    if result.table is None:
        raise DataValidationError(list(result.problems))
    return result.table


def national_file(file_name: str) -> Path:
    """Where a course's national figures live: the content folder's data/ folder (course.yaml
    `national_data: file:` names the file)."""
    return content_dir() / "data" / file_name


def load_national(path: Path, name: str) -> EnforcementTable:
    """A course's national figures, checked with the same rules as an upload on the data page (a
    country's own series need not follow the TIP table's editions); raises DataValidationError
    naming the file, row and column of every problem."""
    file = display_path(path)
    result = parse_upload(read_data_file(path, file), file, name=name)
    if result.table is None:
        raise DataValidationError(list(result.problems))
    return result.table


def problems_table(problems: Iterable[DataProblem]) -> pd.DataFrame:
    """Problems as a plain table for display (rendered as data, never as HTML or Markdown)."""
    rows = [{"Row": p.row, "Column": p.column, "Problem": p.message} for p in problems]
    return pd.DataFrame(rows, columns=["Row", "Column", "Problem"])
