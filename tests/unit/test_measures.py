"""Each measure on known inputs, including the gaps (missing years, blank cells, zero denominators)."""

from __future__ import annotations

import pandas as pd
import pytest

from modules.data.enforcement import load_enforcement, parse_enforcement_text
from modules.data.estimates import GlobalEstimate, load_estimates
from modules.data.measures import (
    STAGE_ORDER,
    attrition,
    conviction_ratio,
    funnel_for,
    labour_share,
    nearest_estimate,
    one_per_n,
    per_100_victims,
    round_significant,
    safe_ratio,
    year_on_year_change,
)


def _frame(text: str) -> pd.DataFrame:
    result = parse_enforcement_text(text, "t.csv")
    assert result.table is not None, result.problems
    return result.table.frame


KNOWN = _frame(
    "year,prosecutions,prosecutions_labour,convictions,convictions_labour,victims_identified\n"
    "2010,200,20,100,5,1000\n"
    "2011,0,,0,,\n"
    "2012,400,100,300,30,2000\n"
    "2014,500,,250,,\n"
)


def _est(edition: int, reference_year: int | None, total: int | None) -> GlobalEstimate:
    return GlobalEstimate(edition, reference_year, f"E{edition}", total, None, None, None, None, "V-primary", "s", "m")


def test_safe_ratio() -> None:
    assert safe_ratio(1, 4) == 0.25
    assert safe_ratio(1, 0) is None
    assert safe_ratio(None, 4) is None
    assert safe_ratio(3, None) is None
    assert safe_ratio(pd.NA, 4) is None


def test_conviction_ratio_per_year_with_gaps() -> None:
    r = conviction_ratio(KNOWN)
    assert r[2010] == 0.5 and r[2012] == 0.75 and r[2014] == 0.5
    assert pd.isna(r[2011])  # 0 prosecutions: no ratio, not infinity


def test_per_100_victims() -> None:
    p = per_100_victims(KNOWN, "prosecutions")
    c = per_100_victims(KNOWN, "convictions")
    assert p[2010] == 20.0 and c[2010] == 10.0 and c[2012] == 15.0
    assert pd.isna(c[2014])  # victims not published


def test_labour_share_uses_the_parenthesised_figures() -> None:
    p = labour_share(KNOWN, "prosecutions")
    c = labour_share(KNOWN, "convictions")
    assert p[2010] == 0.1 and p[2012] == 0.25 and c[2010] == 0.05 and c[2012] == 0.1
    assert pd.isna(p[2014])


def test_labour_share_on_the_global_table_matches_facts() -> None:
    t = load_enforcement().frame
    p, c = labour_share(t, "prosecutions"), labour_share(t, "convictions")
    # facts.md §1.2 computed shares
    assert round(p[2008] * 100, 1) == 6.0 and round(c[2008] * 100, 1) == 3.5
    assert round(p[2023] * 100, 1) == 19.6 and round(c[2023] * 100, 1) == 17.7
    assert round(p[2024] * 100, 1) == 25.5 and round(c[2024] * 100, 1) == 18.5
    assert round(conviction_ratio(t)[2021] * 100) == 50 and round(conviction_ratio(t)[2019] * 100) == 81


def test_year_on_year_change_only_between_consecutive_years() -> None:
    ch = year_on_year_change(KNOWN, "prosecutions")
    assert pd.isna(ch[2010])  # no previous year
    assert ch[2011] == -100.0
    assert pd.isna(ch[2012])  # previous value is zero
    assert pd.isna(ch[2014])  # 2013 missing: not a year-on-year change
    t = load_enforcement().frame
    assert round(year_on_year_change(t, "convictions")[2024], 1) == round((7975 / 7115 - 1) * 100, 1)


def test_round_significant_and_one_per_n() -> None:
    assert round_significant(3460.8) == 3500
    assert round_significant(3449) == 3400
    assert round_significant(7.4) == 7
    assert round_significant(123456, 3) == 123000
    with pytest.raises(ValueError):
        round_significant(0)
    assert one_per_n(27_600_000, 7_975) == 3500
    assert one_per_n(27_600_000, 0) is None
    assert one_per_n(None, 10) is None


def test_nearest_estimate_matches_reference_years_and_breaks_ties_to_the_earlier() -> None:
    ests = [_est(2005, None, 1), _est(2012, None, 2), _est(2017, 2016, 3), _est(2022, 2021, 4), _est(2030, None, None)]
    assert nearest_estimate(ests, 2024).edition == 2022  # type: ignore[union-attr]
    assert nearest_estimate(ests, 2019).edition == 2022  # type: ignore[union-attr]  # 2021 is 2 away, 2016 is 3
    assert nearest_estimate(ests, 2018).edition == 2017  # type: ignore[union-attr]
    assert nearest_estimate(ests, 2014).edition == 2012  # type: ignore[union-attr]  # tie 2012/2016 -> earlier
    assert nearest_estimate(ests, 2008).edition == 2005  # type: ignore[union-attr]
    assert nearest_estimate(ests, 2035).edition == 2022  # type: ignore[union-attr]  # no total: not a candidate
    assert nearest_estimate([], 2020) is None


def test_attrition_stages_and_shares() -> None:
    stages = attrition(1_000_000, 10_000, 1_000, 100)
    assert [s.stage for s in stages] == list(STAGE_ORDER)
    assert [s.count for s in stages] == [1_000_000, 10_000, 1_000, 100]
    assert [s.share_of_first for s in stages] == [1.0, 0.01, 0.001, 0.0001]
    partial = attrition(None, None, 50, 10)
    assert [s.stage for s in partial] == ["Prosecutions", "Convictions"] and partial[1].share_of_first == 0.2
    assert attrition(None, None, None, None) == []


def test_funnel_for_the_global_data_states_the_matched_estimate() -> None:
    fy = funnel_for(load_enforcement().frame, load_estimates(), 2024)
    assert fy is not None and fy.year == 2024
    assert fy.estimate is not None and fy.estimate.edition == 2022 and fy.estimate.reference_year == 2021
    assert [s.count for s in fy.stages] == [27_600_000, 102_027, 15_791, 7_975]
    assert fy.one_conviction_per == round_significant(27_600_000 / 7_975)
    earlier = funnel_for(load_enforcement().frame, load_estimates(), 2015)  # 2015 has no victims: falls back
    assert earlier is not None and earlier.year == 2014 and earlier.estimate.edition == 2012  # type: ignore[union-attr]
    assert funnel_for(load_enforcement().frame, load_estimates(), 2007) is None
