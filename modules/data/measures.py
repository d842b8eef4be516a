"""Pure measures on enforcement tables: the numbers a trainer quotes, computed rather than typed.

Series functions take a frame indexed by year (as `EnforcementTable.frame`) and return a Float64 series
with <NA> where an input is missing or a denominator is zero, so a gap in the data stays a gap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from modules.data.estimates import GlobalEstimate


def safe_ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is zero."""
    if numerator is None or denominator is None or pd.isna(numerator) or pd.isna(denominator):
        return None
    if denominator == 0:
        return None
    return float(numerator) / float(denominator)


def _ratio_series(num: pd.Series, den: pd.Series) -> pd.Series:
    num = num.astype("Float64")
    den = den.astype("Float64")
    den = den.where((den != 0).fillna(False))  # zero -> <NA>, not inf
    return (num / den).astype("Float64")


def conviction_ratio(frame: pd.DataFrame) -> pd.Series:
    """Convictions per prosecution in the same year (a rough indicator: cases span years)."""
    return _ratio_series(frame["convictions"], frame["prosecutions"]).rename("conviction_ratio")


def per_100_victims(frame: pd.DataFrame, column: str) -> pd.Series:
    """`column` (prosecutions or convictions) per 100 victims identified in the same year."""
    return (_ratio_series(frame[column], frame["victims_identified"]) * 100).rename(f"{column}_per_100_victims")


def labour_share(frame: pd.DataFrame, column: str) -> pd.Series:
    """Share (0..1) of `column` that concerns labour trafficking: the parenthesised TIP figures."""
    return _ratio_series(frame[f"{column}_labour"], frame[column]).rename(f"{column}_labour_share")


def year_on_year_change(frame: pd.DataFrame, column: str) -> pd.Series:
    """Percent change from the previous calendar year; <NA> when that year is absent or zero."""
    values = frame[column].astype("Float64")
    years = pd.Series(frame.index, index=frame.index)
    previous = values.shift(1)
    consecutive = (years - years.shift(1)) == 1
    change = _ratio_series(values - previous, previous) * 100
    return change.where(consecutive, pd.NA).astype("Float64").rename(f"{column}_yoy_change")


def round_significant(value: float, digits: int = 2) -> int:
    """3,461 -> 3,500: a figure a trainer can say aloud without claiming false precision."""
    if value <= 0 or not math.isfinite(value):
        raise ValueError("round_significant needs a positive finite number")
    magnitude = math.floor(math.log10(value))
    factor = 10 ** max(magnitude - digits + 1, 0)
    return int(round(value / factor) * factor)


def one_per_n(total: float | None, part: float | None, digits: int = 2) -> int | None:
    """'About one conviction per N estimated victims': N = total / part, rounded to `digits` figures."""
    ratio = safe_ratio(total, part)
    if ratio is None or ratio <= 0:
        return None
    return round_significant(ratio, digits)


def nearest_estimate(estimates: Sequence[GlobalEstimate], year: int) -> GlobalEstimate | None:
    """The published estimate whose year is nearest to `year` (a tie goes to the earlier one).

    Only editions with a total are candidates; the estimate's `match_year` is its reference year,
    or its publication year when no single reference year was published.
    """
    candidates = [e for e in estimates if e.total is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (abs(e.match_year - year), e.match_year))


@dataclass(frozen=True)
class AttritionStage:
    """One step of the funnel: its count and what share of the first step it keeps."""

    stage: str
    count: int
    share_of_first: float


STAGE_ESTIMATED = "Estimated people in forced labour"
STAGE_IDENTIFIED = "Victims identified"
STAGE_PROSECUTIONS = "Prosecutions"
STAGE_CONVICTIONS = "Convictions"
STAGE_ORDER: tuple[str, ...] = (STAGE_ESTIMATED, STAGE_IDENTIFIED, STAGE_PROSECUTIONS, STAGE_CONVICTIONS)


def attrition(
    estimated: int | None, identified: int | None, prosecutions: int | None, convictions: int | None
) -> list[AttritionStage]:
    """The funnel from estimated victims to convictions; missing stages are left out."""
    pairs = zip(STAGE_ORDER, (estimated, identified, prosecutions, convictions), strict=True)
    present = [(name, int(v)) for name, v in pairs if v is not None and not pd.isna(v)]
    if not present:
        return []
    first = present[0][1]
    return [AttritionStage(name, v, (v / first) if first else 0.0) for name, v in present]


@dataclass(frozen=True)
class FunnelYear:
    """The year the funnel shows and the estimate matched to it."""

    year: int
    estimate: GlobalEstimate | None
    stages: list[AttritionStage]
    one_conviction_per: int | None


def funnel_for(frame: pd.DataFrame, estimates: Sequence[GlobalEstimate], last_year: int) -> FunnelYear | None:
    """The latest year <= last_year with victims identified, prosecutions and convictions, as a funnel."""
    needed = ["victims_identified", "prosecutions", "convictions"]
    rows = frame[(frame.index <= last_year)].dropna(subset=needed)
    if rows.empty:
        return None
    year = int(rows.index.max())
    row = rows.loc[year]
    est = nearest_estimate(estimates, year)
    estimated = est.total if est else None
    stages = attrition(estimated, int(row["victims_identified"]), int(row["prosecutions"]), int(row["convictions"]))
    return FunnelYear(year, est, stages, one_per_n(estimated, int(row["convictions"])))
