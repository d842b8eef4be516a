"""Warnings: gaps in a content set that break nothing, so the set stays valid, but that an author wants
to hear about before a workshop. `python -m modules validate` prints them after the problems, each as
`path:line: warning: ...`, and they never change its exit code.

- a lesson in no module: learners never see it;
- a module with more than one quiz: learners see them all on the course map;
- an objective that no question tests (checked only when every question loaded, or the gap may be an
  error's consequence)."""

from __future__ import annotations

from typing import Any

from modules.content.problems import Problem
from modules.content.registry import SourceRef
from modules.domain.course import Course
from modules.domain.lesson import Lesson
from modules.domain.question import QuestionModel
from modules.domain.quiz import Quiz

PREFIX = "warning: "


def content_warnings(
    course_entry: tuple[Course, SourceRef] | None,
    lessons: dict[str, Lesson],
    questions: dict[str, QuestionModel],
    quizzes: dict[str, Quiz],
    objectives: dict[str, str],
    refs: dict[tuple[str, Any], SourceRef],
    complete: bool,
) -> list[Problem]:
    """Warnings about the valid part of a content set, sorted by file and line."""
    out: list[Problem] = []
    if course_entry is not None:
        course = course_entry[0]
        placed = {lid for module in course.modules for lid in module.lessons}
        for lesson in lessons.values():
            if lesson.id not in placed:
                out.append(
                    refs[("lesson", lesson.id)].problem(
                        f"{PREFIX}lesson '{lesson.id}' is in no module, so learners never see it: add its id to "
                        "a module's lessons in course.yaml",
                        "id",
                    )
                )
        closing: dict[str, list[str]] = {}  # quizzes by module, once: not a scan of every quiz per module
        for quiz in quizzes.values():
            if quiz.module is not None:
                closing.setdefault(quiz.module, []).append(quiz.id)
        for module in course.modules:
            named = [module.quiz] if module.quiz in quizzes else []
            attached = named + sorted(q for q in closing.get(module.id, []) if q not in named)
            if len(attached) < 2:
                continue
            listed = ", ".join(f"'{q}'" for q in attached)
            for extra in attached[1:]:
                out.append(
                    refs[("quiz", extra)].problem(
                        f"{PREFIX}module '{module.id}' has {len(attached)} quizzes ({listed}), and learners see "
                        f"all of them: if '{extra}' should be the module's quiz, name it in the module's quiz: "
                        "in course.yaml and give the other one no module",
                        "module",
                    )
                )
    if complete:
        tested = {obj for q in questions.values() for obj in q.objectives}
        for lesson in lessons.values():
            for i, objective in enumerate(lesson.objectives):
                if objective.id not in tested and objectives.get(objective.id) == lesson.id:
                    out.append(
                        refs[("lesson", lesson.id)].problem(
                            f"{PREFIX}objective '{objective.id}' is never tested: no question lists it in its "
                            "objectives",
                            "objectives",
                            i,
                            "id",
                        )
                    )
    return sorted(set(out))
