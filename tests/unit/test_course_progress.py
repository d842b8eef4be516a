"""Course map and 'continue where I left off'."""

from __future__ import annotations

from pathlib import Path

from modules.content.loader import load_registry
from modules.services.course_progress import after_lesson, continue_lesson, course_map, overall
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


def test_after_a_lesson_the_next_lesson_and_then_the_module_quiz() -> None:
    after = after_lesson(REG, {}, "police", "l-one")
    assert after.next_lesson is not None and after.next_lesson.id == "l-two"
    assert after.module_quizzes == []  # l-two of the module is still to do
    done = {"l-one": LessonProgress("l-one", 1, True)}
    last = after_lesson(REG, done, "police", "l-two")
    assert last.next_lesson is None
    assert [q.id for q in last.module_quizzes] == ["quiz-one"]
    inspector = after_lesson(REG, {}, "labour_inspector", "l-one")  # the module's only lesson for them
    assert inspector.next_lesson is None and [q.id for q in inspector.module_quizzes] == ["quiz-one"]


def test_an_earlier_unfinished_lesson_comes_next_when_none_is_after() -> None:
    after = after_lesson(REG, {}, "police", "l-two")
    assert after.next_lesson is not None and after.next_lesson.id == "l-one"
    assert after.module_quizzes == []


def test_modules_are_numbered_in_each_tracks_own_order() -> None:
    from modules.content.loader import load_registry as load

    real = load()
    inspector = [real.module_number(m.id, "labour_inspector") for m in real.modules_for_track("labour_inspector")]
    police = {m.id: real.module_number(m.id, "police") for m in real.modules_for_track("police")}
    assert inspector == list(range(1, len(inspector) + 1))  # 1, 2, 3… with no gap
    assert real.module_number("m5-police", "labour_inspector") is None
    assert police["m5-police"] == 4 and police["m6-strategy-partners"] == 5
    assert real.module_number("m6-strategy-partners", "labour_inspector") == 5
    module = next(m for m in real.modules() if m.id == "m8-mistaken-crimes")
    assert real.module_label(module, "police") == "Module 7: Mistaken for other crimes"
