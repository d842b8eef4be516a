"""Course map and 'continue where I left off'."""

from __future__ import annotations

from pathlib import Path

from modules.content.loader import load_registry
from modules.services.course_progress import continue_lesson, course_map, overall
from modules.storage.progress import LessonProgress

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
REG = load_registry([FIXTURE / "content", FIXTURE / "quizzes"])


def test_map_follows_track_and_status() -> None:
    progress = {"l-one": LessonProgress("l-one", 1, False)}
    (module,) = course_map(REG, progress, "police")
    assert [(e.lesson.id, e.status, e.section_index) for e in module.lessons] == [
        ("l-one", "in_progress", 1),
        ("l-two", "not_started", 0),
    ]
    (inspector,) = course_map(REG, progress, "labour_inspector")
    assert [e.lesson.id for e in inspector.lessons] == ["l-one"]


def test_continue_prefers_last_unfinished_then_first_unfinished() -> None:
    assert continue_lesson(REG, {}, "police", None).id == "l-one"  # type: ignore[union-attr]
    assert continue_lesson(REG, {}, "police", "l-two").id == "l-two"  # type: ignore[union-attr]
    done = {"l-one": LessonProgress("l-one", 1, True)}
    assert continue_lesson(REG, done, "police", "l-one").id == "l-two"  # type: ignore[union-attr]
    assert continue_lesson(REG, done, "labour_inspector", "l-one") is None
    assert overall(REG, done, "police") == (1, 2)
