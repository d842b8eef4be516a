"""A cohort member's programme order: the pre-test before the lessons, the post-test and the final
after them, each as strict as the cohort chose; and nothing at all for a learner outside a cohort."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.services import programme
from modules.storage import cohorts as cohorts_repo
from modules.storage.attempts import Attempt
from modules.storage.cohorts import Cohort
from modules.storage.progress import LessonProgress
from tests.unit.test_cohorts_repo import new_learner, programme_registry, record_attempt, staff

NOW = datetime(2026, 12, 2, tzinfo=UTC)
COHORT = Cohort(1, "North", "P", "R", "MoL", None, None, "ABCDEFGH", 1, False, NOW)
ASSIGNED = {1: [("pre", "pre_test"), ("quiz-one", "module"), ("post", "post_test"), ("final-inspector", "final")]}


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return programme_registry(tmp_path_factory.mktemp("plan"))


def _attempt(quiz_id: str, submitted: bool = True, score: float = 50.0) -> Attempt:
    status = "submitted" if submitted else "in_progress"
    return Attempt(
        1,
        1,
        quiz_id,
        1,
        status,
        ["q-single"],
        1,
        "v",
        NOW,
        NOW if submitted else None,
        score if submitted else None,
        submitted and score >= 60,
    )


def _plan(reg: Registry, attempts: list[Attempt], done: bool = False, cohort: Cohort = COHORT) -> programme.Plan:
    progress = {"l-one": LessonProgress("l-one", 1, done)}
    return programme.build_plan(reg, "labour_inspector", [cohort], ASSIGNED, attempts, progress)


def test_the_pre_test_comes_first_and_locks_the_rest(reg: Registry) -> None:
    plan = _plan(reg, [])
    assert plan.pending_pretest is not None and plan.pending_pretest.quiz.id == "pre"
    assert plan.next_step() is plan.pending_pretest
    assert "pre-test first" in (plan.lock_for("quiz-one") or "")
    assert "pre-test first" in (plan.lock_for("post") or "")
    assert plan.lock_for("pre") is None
    started = _plan(reg, [_attempt("pre", submitted=False)])
    assert started.pending_pretest is not None and started.pending_pretest.state == "in_progress"


def test_after_the_pre_test_the_post_test_and_final_wait_for_the_lessons(reg: Registry) -> None:
    plan = _plan(reg, [_attempt("pre")])
    assert plan.pending_pretest is None
    assert plan.lock_for("quiz-one") is None
    assert plan.lock_for("post") == "Finish the lessons of your track first (0 of 1 done)."
    assert plan.lock_for("final-inspector") is not None
    assert [s.quiz.id for s in plan.after] == ["post", "final-inspector"]
    finished = _plan(reg, [_attempt("pre")], done=True)
    assert finished.lock_for("post") is None and finished.lock_for("final-inspector") is None
    assert finished.next_step() is not None and finished.next_step().quiz.id == "post"  # type: ignore[union-attr]


def test_a_cohort_can_relax_its_order(reg: Registry) -> None:
    free = replace(COHORT, pretest_first=False, post_after_lessons=False)
    plan = _plan(reg, [], cohort=free)
    assert plan.pending_pretest is None
    assert all(plan.lock_for(q) is None for q in ("quiz-one", "post", "final-inspector"))


def test_a_quiz_taken_stays_done_and_other_tracks_finals_are_left_out(reg: Registry) -> None:
    plan = _plan(reg, [_attempt("pre"), _attempt("post", score=80)], done=False)
    post = next(s for s in plan.after if s.quiz.id == "post")
    assert post.state == "done" and post.best == 80 and post.locked_because is None
    police = programme.build_plan(reg, "police", [COHORT], ASSIGNED, [], {})
    assert [s.quiz.id for s in police.after] == ["post"]  # the inspectors' final is not theirs


def test_no_cohort_no_plan(reg: Registry, sqlite_engine: Engine) -> None:
    learner = new_learner(sqlite_engine)
    plan = programme.plan_for(sqlite_engine, reg, learner, "labour_inspector")
    assert plan.cohorts == [] and plan.pending_pretest is None and plan.lock_for("post") is None


def test_the_plan_read_from_the_database(reg: Registry, engine: Engine, tmp_path: Path) -> None:
    owner = staff(engine, "fac")
    cohort = cohorts_repo.create(
        engine,
        name="N",
        programme="P",
        country="R",
        organisation="O",
        start_date=None,
        end_date=None,
        join_code="ABCDEFGH",
        owner_user_id=owner,
        quizzes=ASSIGNED[1],
    )
    learner = new_learner(engine)
    cohorts_repo.add_member(engine, cohort.id, learner, "police")
    assert programme.plan_for(engine, reg, learner, "labour_inspector").pending_pretest is not None
    record_attempt(engine, learner, "pre", {"q-single": 1})
    plan = programme.plan_for(engine, reg, learner, "labour_inspector")
    assert plan.pending_pretest is None and plan.lock_for("post") is not None
    cohorts_repo.update_fields(engine, cohort.id, post_after_lessons=False)
    assert programme.plan_for(engine, reg, learner, "labour_inspector").lock_for("post") is None
