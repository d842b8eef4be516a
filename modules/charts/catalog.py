"""The chart catalogue, re-exported from the domain (modules/domain/charts.py), where content validation reads it."""

from __future__ import annotations

from modules.domain.charts import CHART_IDS, CHART_TITLES

__all__ = ["CHART_IDS", "CHART_TITLES"]
