"""Facilitators' observations of a learner's role play against a checklist: one row per cohort, learner
and checklist, the latest scoring kept (a facilitator corrects a score by scoring again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema_programme import observation_scores
from modules.storage.upsert import upsert


@dataclass(frozen=True)
class Observation:
    cohort_id: int
    learner_id: int
    rubric_id: str
    levels: dict[str, str]
    """Criterion id -> level id."""
    note: str | None
    scored_by: int | None
    scored_at: datetime


def _row(r: Any) -> Observation:
    levels = r.levels if isinstance(r.levels, dict) else {}
    return Observation(
        r.cohort_id,
        r.learner_id,
        r.rubric_id,
        {str(k): str(v) for k, v in levels.items()},
        r.note,
        r.scored_by,
        r.scored_at,
    )


def record(
    engine: Engine,
    cohort_id: int,
    learner_id: int,
    rubric_id: str,
    levels: dict[str, str],
    note: str | None,
    scored_by: int,
) -> None:
    values = {
        "cohort_id": cohort_id,
        "learner_id": learner_id,
        "rubric_id": rubric_id,
        "levels": levels,
        "note": note,
        "scored_by": scored_by,
        "scored_at": utcnow(),
    }
    with engine.begin() as conn:
        upsert(
            conn,
            observation_scores,
            values,
            ["cohort_id", "learner_id", "rubric_id"],
            {k: values[k] for k in ("levels", "note", "scored_by", "scored_at")},
        )


def for_cohorts(engine: Engine, cohort_ids: list[int]) -> list[Observation]:
    if not cohort_ids:
        return []
    with reading(engine) as conn:
        rows = conn.execute(
            select(observation_scores)
            .where(observation_scores.c.cohort_id.in_(cohort_ids))
            .order_by(observation_scores.c.cohort_id, observation_scores.c.learner_id, observation_scores.c.rubric_id)
        ).all()
    return [_row(r) for r in rows]


def for_learner(engine: Engine, learner_id: int) -> list[Observation]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(observation_scores)
            .where(observation_scores.c.learner_id == learner_id)
            .order_by(observation_scores.c.scored_at)
        ).all()
    return [_row(r) for r in rows]
