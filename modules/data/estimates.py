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

from modules.data.enforcement import DATA_DIR, DataProblem, DataValidationError, parse_count

GLOBAL_ESTIMATES_CSV = DATA_DIR / "global_estimates.csv"

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


LEGAL_MILESTONES: tuple[Milestone, ...] = (
    Milestone(1930, "C29 (1930)", "ILO Forced Labour Convention, 1930 (No. 29)", "adopted 28 June 1930"),
    Milestone(1957, "C105 (1957)", "ILO Abolition of Forced Labour Convention, 1957 (No. 105)", "adopted 25 June 1957"),
    Milestone(2000, "Palermo Protocol (2000)", "UN Trafficking in Persons Protocol", "dated 15 November 2000"),
    Milestone(2014, "P029 (2014)", "Protocol of 2014 to the Forced Labour Convention", "adopted 11 June 2014"),
)


def load_estimates(path: Path = GLOBAL_ESTIMATES_CSV) -> tuple[GlobalEstimate, ...]:
    """The shipped estimates, sorted by edition; raises DataValidationError listing every problem."""
    from modules.content.sources import display_path

    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataValidationError([DataProblem(file, 1, "", f"cannot read the file: {e}")]) from e
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
    for row in reader:
        line = reader.line_num
        nums: dict[str, int | None] = {}
        for col in ("edition", "reference_year", *FORM_COLUMNS):
            value, err = parse_count(row[col] or "")
            if err:
                problems.append(DataProblem(file, line, col, f"column {col!r}: {err}"))
            nums[col] = value
        for col in ("publication", "confidence", "source", "method_note"):
            if not (row[col] or "").strip():
                problems.append(DataProblem(file, line, col, f"column {col!r} is empty"))
        edition = nums["edition"]
        if edition is None:
            problems.append(DataProblem(file, line, "edition", "column 'edition' is missing"))
            continue
        if edition in editions:
            problems.append(DataProblem(file, line, "edition", f"edition {edition} appears twice"))
        editions.add(edition)
        total = nums["total"]
        parts = [nums[c] for c in FORM_COLUMNS[2:]]
        if total is not None and all(p is not None for p in parts) and sum(p or 0 for p in parts) > total * 1.02:
            problems.append(DataProblem(file, line, "total", "the forms add up to more than the total"))
        out.append(
            GlobalEstimate(
                edition=edition,
                reference_year=nums["reference_year"],
                publication=row["publication"].strip(),
                total=total,
                private_economy_total=nums["private_economy_total"],
                private_economy_forced_labour_exploitation=nums["private_economy_forced_labour_exploitation"],
                forced_commercial_sexual_exploitation=nums["forced_commercial_sexual_exploitation"],
                state_imposed=nums["state_imposed"],
                confidence=row["confidence"].strip(),
                source=row["source"].strip(),
                method_note=row["method_note"].strip(),
            )
        )
    if problems:
        raise DataValidationError(sorted(problems))
    return tuple(sorted(out, key=lambda e: e.edition))


def estimates_version(estimates: tuple[GlobalEstimate, ...]) -> str:
    """A short fingerprint of the estimates, for cache keys."""
    return hashlib.sha256(repr(estimates).encode("utf-8")).hexdigest()[:16]
