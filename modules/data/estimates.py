"""ILO global estimates of people in forced labour, and the legal milestones shown beside the TIP data.

The estimates come from facts.md §4 only. Methods differ between editions (2005 was a minimum estimate,
2012 a new method, 2017 and 2022 combined surveys with IOM case data), so the app never draws them as a
trend; it uses the edition nearest to a TIP year to put the enforcement counts in proportion.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from modules.data.enforcement import (
    DATA_DIR,
    MAX_UPLOAD_BYTES,
    DataProblem,
    DataValidationError,
    data_file,
    decode_csv_bytes,
    parse_count,
    read_data_file,
)
from modules.i18n import N_
from modules.paths import display_path

ESTIMATES_FILE = "global_estimates.csv"
GLOBAL_ESTIMATES_CSV = DATA_DIR / ESTIMATES_FILE
"""The shipped copy; global_estimates_csv() is the file of the content folder in use."""
MAX_PEOPLE = 10_000_000_000
"""No estimate can count more people than live on Earth (about 8 billion); also keeps int() bounded."""

ESTIMATE_COLUMNS: tuple[str, ...] = (
    "edition",
    "reference_year",
    "publication",
    "total",
    "private_economy_total",
    "private_economy_forced_labour_exploitation",
    "forced_commercial_sexual_exploitation",
    "state_imposed",
    "confidence",
    "source",
    "method_note",
)
FORM_COLUMNS: tuple[str, ...] = (
    "total",
    "private_economy_total",
    "private_economy_forced_labour_exploitation",
    "forced_commercial_sexual_exploitation",
    "state_imposed",
)
FORM_LABELS: dict[str, str] = {
    "total": "All forced labour",
    "private_economy_total": "Private economy (all forms)",
    "private_economy_forced_labour_exploitation": "Forced labour exploitation (private economy)",
    "forced_commercial_sexual_exploitation": "Forced commercial sexual exploitation",
    "state_imposed": "State-imposed forced labour",
}


@dataclass(frozen=True)
class GlobalEstimate:
    """One edition of the ILO global estimate (people in forced labour; None where not published)."""

    edition: int
    reference_year: int | None
    publication: str
    total: int | None
    private_economy_total: int | None
    private_economy_forced_labour_exploitation: int | None
    forced_commercial_sexual_exploitation: int | None
    state_imposed: int | None
    confidence: str
    source: str
    method_note: str

    @property
    def match_year(self) -> int:
        """The year a TIP year is compared with: the reference year, else the publication year."""
        return self.reference_year if self.reference_year is not None else self.edition

    @property
    def label(self) -> str:
        """'ILO 2022 global estimate (reference year 2021)': how charts name the edition."""
        ref = f" (reference year {self.reference_year})" if self.reference_year is not None else ""
        return f"ILO {self.edition} global estimate{ref}"


@dataclass(frozen=True)
class Milestone:
    """A legal instrument on the timeline chart (dates from facts.md §3, V-primary or V-secondary)."""

    year: int
    short: str
    name: str
    note: str


# The words are English msgids (N_): the timeline chart shows them in the reader's language, the names as
# the instruments' official French and Spanish titles have them.
LEGAL_MILESTONES: tuple[Milestone, ...] = (
    # TRANSLATORS: the legal instruments on the timeline chart: a short label, the official title (use the
    # instrument's official title in your language), and when it was adopted (or, for the Palermo Protocol, dated).
    Milestone(1930, N_("C29 (1930)"), N_("ILO Forced Labour Convention, 1930 (No. 29)"), N_("adopted 28 June 1930")),
    Milestone(
        1957,
        N_("C105 (1957)"),
        N_("ILO Abolition of Forced Labour Convention, 1957 (No. 105)"),
        N_("adopted 25 June 1957"),
    ),
    Milestone(
        2000, N_("Palermo Protocol (2000)"), N_("UN Trafficking in Persons Protocol"), N_("dated 15 November 2000")
    ),
    Milestone(
        2014, N_("P029 (2014)"), N_("Protocol of 2014 to the Forced Labour Convention"), N_("adopted 11 June 2014")
    ),
)


def global_estimates_csv() -> Path:
    """The estimates file the app and `python -m modules validate` read now (see enforcement.data_file)."""
    return data_file(ESTIMATES_FILE)


def load_estimates(path: Path | None = None) -> tuple[GlobalEstimate, ...]:
    """The estimates of the content in use (or `path`), sorted by edition; raises DataValidationError
    listing every problem."""
    path = path if path is not None else global_estimates_csv()
    file = display_path(path)
    raw = read_data_file(path, file)
    text, problems = decode_csv_bytes(raw, file, max_bytes=10 * MAX_UPLOAD_BYTES)  # non-UTF-8: row and column
    if text is None:
        raise DataValidationError(problems)
    return parse_estimates(text, file)


def parse_estimates(text: str, file: str) -> tuple[GlobalEstimate, ...]:
    problems: list[DataProblem] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != ESTIMATE_COLUMNS:
        raise DataValidationError(
            [DataProblem(file, 1, "", "the header must be exactly: " + ", ".join(ESTIMATE_COLUMNS))]
        )
    out: list[GlobalEstimate] = []
    editions: set[int] = set()
    try:
        for row in reader:
            estimate = _parse_estimate_row(row, file, reader.line_num, editions, problems)
            if estimate is not None:
                out.append(estimate)
    except csv.Error as e:  # e.g. a field over the csv module's size limit: a located message, not a traceback
        problems.append(DataProblem(file, reader.line_num, "", f"the file cannot be read as CSV: {e}"))
    if problems:
        raise DataValidationError(sorted(problems))
    return tuple(sorted(out, key=lambda e: e.edition))


def _parse_estimate_row(
    row: dict[str | None, object], file: str, line: int, editions: set[int], problems: list[DataProblem]
) -> GlobalEstimate | None:
    """One edition, or None (its problems appended): a short or long row gets a message, never a crash."""

    def cell(col: str) -> str:
        value = row.get(col)
        return value.strip() if isinstance(value, str) else ""

    extra = row.get(None)  # DictReader files cells beyond the header under None
    if isinstance(extra, list) and any(str(c).strip() for c in extra):
        problems.append(
            DataProblem(file, line, "", f"more cells than the {len(ESTIMATE_COLUMNS)} columns of the header")
        )
    nums: dict[str, int | None] = {}
    for col in ("edition", "reference_year", *FORM_COLUMNS):
        value, err = parse_count(cell(col), maximum=MAX_PEOPLE)
        if err:
            problems.append(DataProblem(file, line, col, f"column {col!r}: {err}"))
        nums[col] = value
    for col in ("publication", "confidence", "source", "method_note"):
        if not cell(col):
            problems.append(DataProblem(file, line, col, f"column {col!r} is empty"))
    edition = nums["edition"]
    if edition is None:
        problems.append(DataProblem(file, line, "edition", "column 'edition' is missing"))
        return None
    if edition in editions:
        problems.append(DataProblem(file, line, "edition", f"edition {edition} appears twice"))
    editions.add(edition)
    total = nums["total"]
    parts = [nums[c] for c in FORM_COLUMNS[2:]]
    if total is not None and all(p is not None for p in parts) and sum(p or 0 for p in parts) > total * 1.02:
        problems.append(DataProblem(file, line, "total", "the forms add up to more than the total"))
    return GlobalEstimate(
        edition=edition,
        reference_year=nums["reference_year"],
        publication=cell("publication"),
        total=total,
        private_economy_total=nums["private_economy_total"],
        private_economy_forced_labour_exploitation=nums["private_economy_forced_labour_exploitation"],
        forced_commercial_sexual_exploitation=nums["forced_commercial_sexual_exploitation"],
        state_imposed=nums["state_imposed"],
        confidence=cell("confidence"),
        source=cell("source"),
        method_note=cell("method_note"),
    )


def estimates_version(estimates: tuple[GlobalEstimate, ...]) -> str:
    """A short fingerprint of the estimates, for cache keys."""
    return hashlib.sha256(repr(estimates).encode("utf-8")).hexdigest()[:16]
