"""One learner's own records, as the learner pages read and write them: lesson progress, knowledge
checks, attempts and the lesson they were last on. Every function takes the learner id of the tab
(resume code or learner account), never one from the address, so a page cannot reach another
learner's records; the pages call these instead of the repositories, so the rules of what is kept
(latest check answer, tries counted) live here."""

from __future__ import annotations

from sqlalchemy import Engine

from modules.scoring.questions import QuestionResult
from modules.storage import attempts as attempts_repo
from modules.storage import learners as learners_repo
from modules.storage import progress as progress_repo
from modules.storage.attempts import Attempt
from modules.storage.learners import Learner
from modules.storage.progress import CheckAnswer, LessonProgress

__all__ = ["Attempt", "CheckAnswer", "LessonProgress"]


def learner(engine: Engine, learner_id: int) -> Learner | None:
    return learners_repo.by_id(engine, learner_id)


def progress(engine: Engine, learner_id: int) -> dict[str, LessonProgress]:
    return progress_repo.for_learner(engine, learner_id)


def lesson_progress(engine: Engine, learner_id: int, lesson_id: str) -> LessonProgress | None:
    return progress_repo.for_lesson(engine, learner_id, lesson_id)


def checks(engine: Engine, learner_id: int, lesson_id: str | None = None) -> dict[str, CheckAnswer]:
    return progress_repo.checks_for(engine, learner_id, lesson_id)


def attempts(engine: Engine, learner_id: int) -> list[Attempt]:
    return attempts_repo.list_for(engine, learner_id)


def attempt(engine: Engine, attempt_id: int, learner_id: int) -> Attempt | None:
    """One of this learner's attempts (None for anyone else's id)."""
    return attempts_repo.get(engine, attempt_id, learner_id)


def open_lesson(engine: Engine, learner_id: int, lesson_id: str) -> None:
    """Remember the lesson the learner is on, for 'Continue where you left off'."""
    learners_repo.update_fields(engine, learner_id, last_lesson_id=lesson_id)


def save_position(engine: Engine, learner_id: int, lesson_id: str, section_index: int, completed: bool) -> None:
    progress_repo.save_position(engine, learner_id, lesson_id, section_index, completed)


def record_check(
    engine: Engine, learner_id: int, lesson_id: str, result: QuestionResult, previous: CheckAnswer | None
) -> CheckAnswer:
    """Keep the latest answer to a knowledge check and count the tries; returns what is now stored."""
    progress_repo.record_check(
        engine, learner_id, lesson_id, result.question_id, list(result.answer), result.score, result.correct
    )
    tries = previous.tries + 1 if previous else 1
    return CheckAnswer(result.question_id, list(result.answer), result.score, result.correct, tries)
