"""A cohort member's programme, in order: the pre-test before the first lesson, then the lessons
and module quizzes, then the post-test and the final once the track's lessons are done.

Each cohort chooses how strict its order is (`pretest_first`, `post_after_lessons`); a learner in
several cohorts follows the strictest. A learner outside any cohort studies freely: nothing here
ever locks anything for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.domain.quiz import Quiz
from modules.i18n import gettext as _
from modules.services.course_progress import overall
from modules.storage import attempts as attempts_repo
from modules.storage import cohorts as cohorts_repo
from modules.storage import progress as progress_repo
from modules.storage.attempts import Attempt
from modules.storage.cohorts import Cohort
from modules.storage.progress import LessonProgress

State = Literal["locked", "to_do", "in_progress", "done"]


@dataclass(frozen=True)
class Step:
    """One assigned quiz of a cohort, as this learner stands with it."""

    quiz: Quiz
    role: str
    """pre_test, module, post_test or final"""
    state: State
    best: float | None
    passed: bool
    locked_because: str | None = None
    """Why the step is locked, in the language of the run that built the plan (the learner's page)."""


@dataclass(frozen=True)
class CohortPlan:
    cohort: Cohort
    before: list[Step]
    """The pre-test."""
    modules: list[Step]
    after: list[Step]
    """The post-test and the final of the learner's track."""
    lessons_done: int
    lessons_total: int

    @property
    def steps(self) -> list[Step]:
        return [*self.before, *self.modules, *self.after]


@dataclass(frozen=True)
class Plan:
    cohorts: list[CohortPlan]

    @property
    def before(self) -> list[Step]:
        return _unique(s for cp in self.cohorts for s in cp.before)

    @property
    def after(self) -> list[Step]:
        return _unique(s for cp in self.cohorts for s in cp.after)

    @property
    def pending_pretest(self) -> Step | None:
        """The pre-test that must come before the lessons, if a cohort asks for it first."""
        for cp in self.cohorts:
            if cp.cohort.pretest_first:
                for step in cp.before:
                    if step.state in ("to_do", "in_progress"):
                        return step
        return None

    def lock_for(self, quiz_id: str) -> str | None:
        """Why this quiz cannot be taken yet (None when it can)."""
        for cp in self.cohorts:
            for step in cp.steps:
                if step.quiz.id == quiz_id and step.state == "locked":
                    return step.locked_because
        return None

    def next_step(self) -> Step | None:
        """What a cohort member should do next among the assigned quizzes (None: a lesson)."""
        pending = self.pending_pretest
        if pending is not None:
            return pending
        for cp in self.cohorts:
            for step in cp.after:
                if step.state in ("to_do", "in_progress"):
                    return step
        return None


def _unique(steps: Iterable[Step]) -> list[Step]:
    """One step per quiz (a quiz two cohorts assign): the locked one wins."""
    out: dict[str, Step] = {}
    for step in steps:
        if step.quiz.id not in out or step.state == "locked":
            out[step.quiz.id] = step
    return list(out.values())


def _state(attempts: list[Attempt]) -> tuple[State, float | None, bool]:
    submitted = [a for a in attempts if a.submitted]
    best = max((a.score or 0.0 for a in submitted), default=None)
    passed = any(a.passed for a in submitted)
    if submitted:
        return "done", best, passed
    if attempts:
        return "in_progress", None, False
    return "to_do", None, False


def build_plan(
    registry: Registry,
    track: str,
    cohorts: list[Cohort],
    assigned: dict[int, list[tuple[str, str]]],
    attempts: list[Attempt],
    progress: dict[str, LessonProgress],
) -> Plan:
    """Pure: the plan from what was read (cohorts, their (quiz, role) pairs, attempts, progress)."""
    by_quiz: dict[str, list[Attempt]] = {}
    for a in attempts:
        by_quiz.setdefault(a.quiz_id, []).append(a)
    done, total = overall(registry, progress, track)
    lessons_left = total - done
    plans = []
    for cohort in cohorts:
        pairs = [
            (registry.quizzes[q], role)
            for q, role in assigned.get(cohort.id, [])
            if q in registry.quizzes and registry.quizzes[q].track in (None, track)
        ]
        pre_states = [_state(by_quiz.get(q.id, [])) for q, role in pairs if role == "pre_test"]
        pre_pending = cohort.pretest_first and any(s[0] != "done" for s in pre_states)
        before: list[Step] = []
        modules: list[Step] = []
        after: list[Step] = []
        for quiz, role in pairs:
            state, best, passed = _state(by_quiz.get(quiz.id, []))
            why: str | None = None
            if state != "done" and role != "pre_test" and pre_pending:
                why = _("Take the pre-test first: it measures what you knew before the course.")
            elif state != "done" and role in ("post_test", "final") and cohort.post_after_lessons and lessons_left > 0:
                # TRANSLATORS: {done} and {total} are numbers of lessons: "(3 of 12 done)".
                why = _("Finish the lessons of your track first ({done} of {total} done).", done=done, total=total)
            step = Step(quiz, role, "locked" if why else state, best, passed, why)
            {"pre_test": before, "module": modules}.get(role, after).append(step)
        plans.append(CohortPlan(cohort, before, modules, after, done, total))
    return Plan(plans)


def plan_for(engine: Engine, registry: Registry, learner_id: int, track: str) -> Plan:
    """Read what the plan needs (four queries; none at all for a learner outside any cohort)."""
    cohorts = cohorts_repo.cohorts_of_learner(engine, learner_id)
    if not cohorts:
        return Plan([])
    assigned: dict[int, list[tuple[str, str]]] = {}
    for cq in cohorts_repo.quizzes_for(engine, [c.id for c in cohorts]):
        assigned.setdefault(cq.cohort_id, []).append((cq.quiz_id, cq.role))
    return build_plan(
        registry,
        track,
        cohorts,
        assigned,
        attempts_repo.list_for(engine, learner_id),
        progress_repo.for_learner(engine, learner_id),
    )
