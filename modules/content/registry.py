"""The immutable result of loading: valid content by id, plus every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modules.content.problems import Problem
from modules.content.yaml_source import PathKey, YamlDocument
from modules.domain.course import ALL_TRACKS, Course, CourseModule
from modules.domain.indicator import Indicator
from modules.domain.lesson import Lesson
from modules.domain.question import QuestionModel
from modules.domain.quiz import Quiz


@dataclass(frozen=True)
class SourceRef:
    """Where an object was authored, so later checks can report the right line."""

    doc: YamlDocument
    base: PathKey

    @property
    def path(self) -> str:
        return self.doc.path

    def line(self, *sub: Any) -> int:
        return self.doc.line_of((*self.base, *sub))

    def problem(self, message: str, *sub: Any) -> Problem:
        return Problem(self.path, self.line(*sub), message)


@dataclass(frozen=True)
class Registry:
    course: Course | None
    indicators: dict[str, Indicator]
    lessons: dict[str, Lesson]
    questions: dict[str, QuestionModel]
    quizzes: dict[str, Quiz]
    problems: tuple[Problem, ...]
    version: str
    refs: dict[tuple[str, str], SourceRef] = field(default_factory=dict, repr=False)
    warnings: tuple[Problem, ...] = ()
    """Gaps that break nothing but that an author wants to know (a lesson in no module, an objective no
    question tests): `validate` prints them after the problems, and they never make it fail."""

    # -- outline helpers (pure, used by pages and services) --------------------------------
    def modules(self) -> list[CourseModule]:
        return list(self.course.modules) if self.course else []

    def track_ids(self) -> list[str]:
        return [t.id for t in self.course.tracks] if self.course else []

    def lesson_in_track(self, lesson: Lesson, track: str | None) -> bool:
        return track is None or ALL_TRACKS in lesson.tracks or track in lesson.tracks

    def lessons_in_order(self, track: str | None = None) -> list[Lesson]:
        """Valid lessons of the track in course order (a lesson with errors is skipped)."""
        out = []
        for module in self.modules():
            for lesson_id in module.lessons:
                lesson = self.lessons.get(lesson_id)
                if lesson and self.lesson_in_track(lesson, track):
                    out.append(lesson)
        return out

    def module_in_track(self, module: CourseModule, track: str | None) -> bool:
        """A module belongs to a track when one of its lessons does. A module whose lessons all
        failed validation is kept (shown as unavailable) rather than silently dropped."""
        valid = [self.lessons[i] for i in module.lessons if i in self.lessons]
        if not valid:
            return True
        return any(self.lesson_in_track(lesson, track) for lesson in valid)

    def modules_for_track(self, track: str | None) -> list[CourseModule]:
        return [m for m in self.modules() if self.module_in_track(m, track)]

    def module_number(self, module_id: str, track: str | None) -> int | None:
        """The module's number as this track's learner sees it (1, 2, 3… with no gaps)."""
        for n, module in enumerate(self.modules_for_track(track), start=1):
            if module.id == module_id:
                return n
        return None

    def module_label(self, module: CourseModule, track: str | None) -> str:
        n = self.module_number(module.id, track)
        return f"Module {n}: {module.title}" if n is not None else module.title

    def module_of(self, lesson_id: str) -> CourseModule | None:
        for module in self.modules():
            if lesson_id in module.lessons:
                return module
        return None

    def quizzes_for_module(self, module_id: str) -> list[Quiz]:
        return [q for q in self.quizzes.values() if q.module == module_id]

    def quizzes_for_lesson(self, lesson_id: str) -> list[Quiz]:
        return [q for q in self.quizzes.values() if q.lesson == lesson_id]

    def quizzes_for_track(self, track: str | None) -> list[Quiz]:
        """Quizzes a learner on this track may take, in course order, then the rest."""
        order = {lesson.id: i for i, lesson in enumerate(self.lessons_in_order())}
        module_order = {m.id: i for i, m in enumerate(self.modules())}

        def key(q: Quiz) -> tuple[int, int]:
            kind_rank = {"pre_test": 0, "lesson": 1, "module": 1, "post_test": 2, "final": 3}[q.kind]
            if q.module:
                return kind_rank, module_order.get(q.module, 999) * 1000
            if q.lesson:
                return kind_rank, order.get(q.lesson, 999)
            return kind_rank, 0

        return sorted(
            (q for q in self.quizzes.values() if q.track is None or track is None or q.track == track),
            key=key,
        )
