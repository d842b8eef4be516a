"""The chart ids lessons may reference with a `chart` block. Validation rejects any other id.

The catalogue is part of the content schema (a lesson names a chart by id), so it lives in the domain:
content validation reads it without importing the chart builders, and the builders check against it."""

from __future__ import annotations

CHART_TITLES: dict[str, str] = {
    "enforcement_trend": "Prosecutions, convictions and victims identified per year",
    "conviction_ratio": "Convictions per prosecution, per year",
    "labour_share": "Labour trafficking against all trafficking: prosecutions and convictions",
    "attrition_funnel": "From estimated victims to convictions",
    "legal_timeline": "Legal milestones beside the enforcement series",
}

CHART_IDS: frozenset[str] = frozenset(CHART_TITLES)
