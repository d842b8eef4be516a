"""Observed skills: a cohort's facilitator scores a learner's role play against a checklist (rubric);
the learner sees the result on My programme, reports count it, and a cohort may require it for the
certificate. Only the cohort's managers score, and only their cohort's members (policy.OBSERVE_SKILLS)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.domain.rubric import Rubric, RubricResult
from modules.i18n import gettext as _
from modules.services import policy
from modules.services.cohorts import InvalidInput, cohort_for, facts
from modules.services.policy import Action, Forbidden
from modules.storage import cohorts as cohorts_repo
from modules.storage import observations as repo
from modules.storage.cohorts import Cohort
from modules.storage.observations import Observation
from modules.storage.users import User

MAX_NOTE = 500


@dataclass(frozen=True)
class ScoredObservation:
    rubric: Rubric
    observation: Observation
    result: RubricResult
    cohort_name: str

    def level_labels(self) -> list[tuple[str, str]]:
        """(criterion, level label) in the checklist's order; '–' where a criterion was not scored."""
        out = []
        for criterion in self.rubric.criteria:
            level = self.rubric.level(self.observation.levels.get(criterion.id, ""))
            out.append((criterion.text, level.label if level else "–"))
        return out


def rubrics_for_track(registry: Registry, track: str | None) -> list[Rubric]:
    return [r for r in registry.rubrics.values() if r.applies_to(track)]


def record(
    engine: Engine,
    registry: Registry,
    user: User | None,
    cohort_id: int,
    learner_id: int,
    rubric_id: str,
    levels: dict[str, str],
    note: str | None = None,
) -> RubricResult:
    """Store a facilitator's scoring (the latest replaces the one before). Every criterion needs a level."""
    cohort = cohorts_repo.get(engine, cohort_id)
    if cohort is None:
        raise Forbidden(_("This cohort does not exist or is not yours."))
    actor = policy.require(engine, user, Action.OBSERVE_SKILLS, facts(cohort))
    member = cohorts_repo.membership(engine, cohort_id, learner_id)
    if member is None:
        raise InvalidInput(_("This learner is not a member of the cohort."))
    rubric = registry.rubrics.get(rubric_id)
    if rubric is None or not rubric.applies_to(member.track):
        raise InvalidInput(_("This checklist does not apply to the learner's track."))
    clean = {c.id: levels.get(c.id, "") for c in rubric.criteria}
    missing = [i + 1 for i, c in enumerate(rubric.criteria) if rubric.level(clean[c.id]) is None]
    if missing:
        # TRANSLATORS: {missing} lists the numbers of the checklist's criteria with no level chosen, such as "2, 5".
        raise InvalidInput(
            _("Choose a level for every criterion (missing: {missing}).", missing=", ".join(map(str, missing)))
        )
    text = (note or "").strip()[:MAX_NOTE] or None
    repo.record(engine, cohort_id, learner_id, rubric_id, clean, text, actor.id)
    return rubric.result(clean)


def _scored(registry: Registry, rows: list[Observation], names: dict[int, str]) -> list[ScoredObservation]:
    out = []
    for o in rows:
        rubric = registry.rubrics.get(o.rubric_id)
        if rubric is not None:
            out.append(ScoredObservation(rubric, o, rubric.result(o.levels), names.get(o.cohort_id, "")))
    return out


def for_learner(engine: Engine, registry: Registry, learner_id: int) -> list[ScoredObservation]:
    """The learner's own observations, for My programme."""
    cohorts = {c.id: c.name for c in cohorts_repo.cohorts_of_learner(engine, learner_id)}
    return _scored(registry, repo.for_learner(engine, learner_id), cohorts)


def for_cohort(engine: Engine, registry: Registry, user: User | None, cohort_id: int) -> list[ScoredObservation]:
    """A cohort's observations, for its managers."""
    cohort = cohort_for(engine, user, cohort_id)
    return _scored(registry, repo.for_cohorts(engine, [cohort_id]), {cohort.id: cohort.name})


def missing_for_certificate(
    engine: Engine, registry: Registry, cohort: Cohort, learner_id: int, track: str
) -> list[str]:
    """Titles of the track's checklists the learner has not passed in this cohort (empty when the cohort
    does not require them)."""
    if not cohort.observations_required:
        return []
    passed = {
        s.rubric.id
        for s in _scored(registry, repo.for_cohorts(engine, [cohort.id]), {})
        if s.observation.learner_id == learner_id and s.result.passed
    }
    return [r.title for r in rubrics_for_track(registry, track) if r.id not in passed]


def report_summary(
    engine: Engine, registry: Registry, user: User | None, cohorts: list[Cohort], min_cell: int
) -> pd.DataFrame:
    """The observed-skills summary of the cohorts this account may report on (aggregates only)."""
    readable = [cohort_for(engine, user, c.id, manage=False).id for c in cohorts]
    return summary(registry, repo.for_cohorts(engine, readable), min_cell)


def set_required(engine: Engine, user: User | None, cohort_id: int, on: bool) -> None:
    cohort_for(engine, user, cohort_id)
    cohorts_repo.update_fields(engine, cohort_id, observations_required=on)


def summary(registry: Registry, rows: list[Observation], min_cell: int) -> pd.DataFrame:
    """Per checklist: learners observed, mean score and share passed; figures of fewer than `min_cell`
    learners are withheld, so a small group never exposes a person."""
    records = []
    for rubric in registry.rubrics.values():
        mine = [rubric.result(o.levels) for o in rows if o.rubric_id == rubric.id]
        n = len(mine)
        shown = n >= min_cell
        records.append(
            {
                "checklist": rubric.title,
                "observed": n,
                "mean_score": round(sum(r.percent for r in mine) / n, 1) if shown and n else None,
                "pass_rate": round(sum(r.passed for r in mine) / n, 3) if shown and n else None,
            }
        )
    return pd.DataFrame(records, columns=["checklist", "observed", "mean_score", "pass_rate"])
