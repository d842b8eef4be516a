"""The chart catalogue, re-exported from the domain (modules/domain/charts.py), where content validation reads it.

The domain keeps the titles in English (it imports nothing of ours); they are marked for translation here,
and `chart_title` shows one in the reader's language."""

from __future__ import annotations

from modules.domain.charts import CHART_IDS, CHART_TITLES
from modules.i18n import N_
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)

TITLE_MSGIDS: dict[str, str] = {
    # CHART_TITLES, marked for the message catalogue (tests/unit/test_chart_builders.py checks they match).
    # TRANSLATORS: a chart's heading on the Enforcement data page and in lessons.
    "enforcement_trend": N_("Prosecutions, convictions and victims identified per year"),
    # TRANSLATORS: a chart's heading on the Enforcement data page and in lessons.
    "conviction_ratio": N_("Convictions per prosecution, per year"),
    # TRANSLATORS: a chart's heading on the Enforcement data page and in lessons.
    "labour_share": N_("Labour trafficking against all trafficking: prosecutions and convictions"),
    # TRANSLATORS: a chart's heading on the Enforcement data page and in lessons.
    "attrition_funnel": N_("From estimated victims to convictions"),
    # TRANSLATORS: a chart's heading on the Enforcement data page and in lessons.
    "legal_timeline": N_("Legal milestones beside the enforcement series"),
}


def chart_title(chart_id: str) -> str:
    """A catalogue chart's heading in the reader's language."""
    return translate(CHART_TITLES[chart_id])


__all__ = ["CHART_IDS", "CHART_TITLES", "TITLE_MSGIDS", "chart_title"]
