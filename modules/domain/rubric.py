"""Observation checklists (rubrics): skills a facilitator watches in a role play and scores per learner,
because a recognition item cannot show that someone can run a safe interview or plan a joint visit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, ShortText, Source, Text


class RubricLevel(Model):
    """One level of performance, the same scale for every criterion of the checklist."""

    id: Id = Field(description="Stored with each score: never change it once learners have been scored.")
    label: ShortText = Field(description="What the facilitator picks, such as 'Meets the standard'.")
    points: int = Field(ge=0, le=10, description="Points a criterion at this level earns.")


class RubricCriterion(Model):
    """One thing the facilitator watches for."""

    id: Id = Field(description="Stored with each score: never change it once learners have been scored.")
    text: Text = Field(description="The behaviour to observe, in one or two sentences.")


class Rubric(Model):
    """A checklist for one role play: criteria scored on a shared scale of levels."""

    id: Id = Field(description="Scores are kept under it: never change it once learners have been scored.")
    title: ShortText = Field(description="The role play, as facilitators and learners see it.")
    description: Text | None = Field(default=None, description="What the role play is and how to run it.")
    lesson: Id | None = Field(default=None, description="The lesson whose facilitator notes describe the role play.")
    tracks: list[Id] = Field(
        default_factory=list, description="The tracks whose learners are observed on it. Left out: every track."
    )
    objectives: list[Id] = Field(default_factory=list, description="The learning objectives the role play assesses.")
    levels: list[RubricLevel] = Field(
        min_length=2, max_length=6, description="The scale, from the lowest level to the highest."
    )
    criteria: list[RubricCriterion] = Field(min_length=1, max_length=15, description="What to observe.")
    pass_mark: int = Field(
        ge=0, le=100, description="Percent of the highest possible points at or above which the learner passes."
    )
    source: Source = Field(description="Where the standard for the skill comes from.")

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        for kind, ids in (("level", [lv.id for lv in self.levels]), ("criterion", [c.id for c in self.criteria])):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"each {kind} id must be unique; repeated: {', '.join(twice)}")
        points = [lv.points for lv in self.levels]
        if points != sorted(points) or len(set(points)) != len(points):
            raise ValueError("levels go from the lowest to the highest, each worth more points than the one before")
        return self

    def applies_to(self, track: str | None) -> bool:
        return not self.tracks or track is None or track in self.tracks

    def level(self, level_id: str) -> RubricLevel | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def result(self, levels: Mapping[str, str]) -> RubricResult:
        """The score of a set of levels (criterion id → level id); unknown ids count as not scored."""
        top = self.levels[-1].points * len(self.criteria)
        earned = 0
        scored = 0
        for criterion in self.criteria:
            level = self.level(levels.get(criterion.id, ""))
            if level is not None:
                earned += level.points
                scored += 1
        percent = round(100.0 * earned / top, 1) if top else 0.0
        complete = scored == len(self.criteria)
        return RubricResult(percent, complete and percent >= self.pass_mark, complete)


@dataclass(frozen=True)
class RubricResult:
    percent: float
    passed: bool
    """Every criterion scored and the points reach the pass mark."""
    complete: bool


class RubricFile(Model):
    """The file content/rubrics.yaml: a single top-level key, `rubrics`. Optional: without it the cohort
    page's Observed skills tab says there is no checklist."""

    rubrics: list[Rubric] = Field(min_length=1, description="Every observation checklist, in any order.")
