"""The course map for one learner: which lessons are done, in progress or ahead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from modules.content.registry import Registry
from modules.domain.course import CourseModule
from modules.domain.lesson import Lesson
from modules.domain.quiz import Quiz
from modules.storage.attempts import Attempt
from modules.storage.progress import LessonProgress

Status = Literal["not_started", "in_progress", "completed"]


@dataclass(frozen=True)
class LessonEntry:
    lesson: Lesson
    status: Status
    section_index: int


@dataclass(frozen=True)
class ModuleEntry:
    module: CourseModule
    lessons: list[LessonEntry]
    unavailable: list[str]
    """Lesson ids in the outline that failed validation: shown as unavailable, not hidden."""

    @property
    def completed(self) -> int:
        return sum(1 for e in self.lessons if e.status == "completed")


def lesson_status(progress: LessonProgress | None) -> Status:
    if progress is None:
        return "not_started"
    return "completed" if progress.completed else "in_progress"


def course_map(registry: Registry, progress: dict[str, LessonProgress], track: str | None) -> list[ModuleEntry]:
    out = []
    for module in registry.modules():
        entries = []
        unavailable = []
        for lesson_id in module.lessons:
            lesson = registry.lessons.get(lesson_id)
            if lesson is None:
                unavailable.append(lesson_id)
                continue
            if not registry.lesson_in_track(lesson, track):
                continue
            p = progress.get(lesson_id)
            entries.append(LessonEntry(lesson, lesson_status(p), p.section_index if p else 0))
        if entries or unavailable:
            out.append(ModuleEntry(module, entries, unavailable))
    return out


def continue_lesson(
    registry: Registry, progress: dict[str, LessonProgress], track: str | None, last_lesson_id: str | None
) -> Lesson | None:
    """Where 'continue' leads: the last lesson opened if unfinished, else the first unfinished one."""
    ordered = registry.lessons_in_order(track)
    if last_lesson_id:
        last = registry.lessons.get(last_lesson_id)
        p = progress.get(last_lesson_id)
        if last and registry.lesson_in_track(last, track) and not (p and p.completed):
            return last
    for lesson in ordered:
        p = progress.get(lesson.id)
        if not (p and p.completed):
            return lesson
    return None


def overall(registry: Registry, progress: dict[str, LessonProgress], track: str | None) -> tuple[int, int]:
    ordered = registry.lessons_in_order(track)
    done = sum(1 for lesson in ordered if (p := progress.get(lesson.id)) and p.completed)
    return done, len(ordered)


def best_scores(attempts: list[Attempt]) -> dict[str, float]:
    out: dict[str, float] = {}
    for a in attempts:
        if a.submitted and a.score is not None:
            out[a.quiz_id] = max(out.get(a.quiz_id, 0.0), a.score)
    return out


@dataclass(frozen=True)
class AfterLesson:
    """What to offer when a lesson is finished."""

    next_lesson: Lesson | None
    """The next unfinished lesson of the track after this one (or before it, if none is after)."""
    module_quizzes: list[Quiz]
    """The module's quizzes, once every lesson of the module in this track is done."""


def after_lesson(
    registry: Registry, progress: dict[str, LessonProgress], track: str | None, lesson_id: str
) -> AfterLesson:
    ordered = registry.lessons_in_order(track)
    ids = [lesson.id for lesson in ordered]
    start = ids.index(lesson_id) + 1 if lesson_id in ids else 0

    def unfinished(lesson: Lesson) -> bool:
        p = progress.get(lesson.id)
        return lesson.id != lesson_id and not (p and p.completed)

    later = [lesson for lesson in ordered[start:] if unfinished(lesson)]
    earlier = [lesson for lesson in ordered[:start] if unfinished(lesson)]
    nxt = later[0] if later else (earlier[0] if earlier else None)
    quizzes: list[Quiz] = []
    module = registry.module_of(lesson_id)
    if module is not None:
        in_track = [
            i for i in module.lessons if i in registry.lessons and registry.lesson_in_track(registry.lessons[i], track)
        ]
        finished = all(i == lesson_id or ((p := progress.get(i)) is not None and p.completed) for i in in_track)
        if finished:
            quizzes = [q for q in registry.quizzes_for_module(module.id) if q.track in (None, track)]
    return AfterLesson(nxt, quizzes)
