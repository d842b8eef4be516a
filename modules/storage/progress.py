"""Where each learner is in each lesson, and their knowledge-check answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import check_answers, lesson_progress
from modules.storage.upsert import upsert


@dataclass(frozen=True)
class LessonProgress:
    lesson_id: str
    section_index: int
    completed: bool


@dataclass(frozen=True)
class CheckAnswer:
    question_id: str
    answer: list[str]
    score: float
    correct: bool
    tries: int


def for_learner(engine: Engine, learner_id: int) -> dict[str, LessonProgress]:
    with reading(engine) as conn:
        rows = conn.execute(select(lesson_progress).where(lesson_progress.c.learner_id == learner_id)).all()
    return {r.lesson_id: LessonProgress(r.lesson_id, r.section_index, bool(r.completed)) for r in rows}


def for_lesson(engine: Engine, learner_id: int, lesson_id: str) -> LessonProgress | None:
    """One lesson's row (the lesson page's per-rerun read, by primary key)."""
    with reading(engine) as conn:
        r = conn.execute(
            select(lesson_progress).where(
                lesson_progress.c.learner_id == learner_id, lesson_progress.c.lesson_id == lesson_id
            )
        ).first()
    return LessonProgress(r.lesson_id, r.section_index, bool(r.completed)) if r else None


def save_position(engine: Engine, learner_id: int, lesson_id: str, section_index: int, completed: bool) -> None:
    """Record the section reached; completion is sticky (revisiting never un-completes)."""
    now = utcnow()
    values: dict[str, Any] = {
        "learner_id": learner_id,
        "lesson_id": lesson_id,
        "section_index": section_index,
        "completed": completed,
        "updated_at": now,
        "completed_at": now if completed else None,
    }
    update: dict[str, Any] = {"section_index": section_index, "updated_at": now}
    if completed:
        update.update(completed=True, completed_at=now)
    with engine.begin() as conn:
        upsert(conn, lesson_progress, values, ["learner_id", "lesson_id"], update)


def record_check(
    engine: Engine,
    learner_id: int,
    lesson_id: str,
    question_id: str,
    answer: list[str],
    score: float,
    correct: bool,
) -> None:
    """Keep the latest answer per question; count tries."""
    now = utcnow()
    values = {
        "learner_id": learner_id,
        "question_id": question_id,
        "lesson_id": lesson_id,
        "answer": answer,
        "score": score,
        "correct": correct,
        "tries": 1,
        "answered_at": now,
    }
    update = {
        "answer": answer,
        "score": score,
        "correct": correct,
        "tries": check_answers.c.tries + 1,
        "answered_at": now,
    }
    with engine.begin() as conn:
        upsert(conn, check_answers, values, ["learner_id", "question_id"], update)


def checks_for(engine: Engine, learner_id: int, lesson_id: str | None = None) -> dict[str, CheckAnswer]:
    q = select(check_answers).where(check_answers.c.learner_id == learner_id)
    if lesson_id:
        q = q.where(check_answers.c.lesson_id == lesson_id)
    with reading(engine) as conn:
        rows = conn.execute(q).all()
    return {r.question_id: CheckAnswer(r.question_id, list(r.answer), r.score, bool(r.correct), r.tries) for r in rows}
