"""Inventory of a loaded content set: counts and gaps an author or reviewer needs at a glance.

Why: the course has quality bars (enough questions per indicator, a check in every lesson, no
orphaned questions or untested objectives). `python -m modules stats` prints this inventory as
JSON so the bars can be checked by eye, in CI and in tests, without reading every YAML file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from modules.content.registry import Registry
from modules.domain.lesson import BLOCK_KINDS, CaseStudyBlock, CheckBlock, Lesson
from modules.domain.question import QUESTION_TYPES, QuestionModel, SpotIndicators
from modules.domain.quiz import Quiz, draw_pool

QUIZ_KINDS: tuple[str, ...] = ("lesson", "module", "pre_test", "post_test", "final")
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")


def is_case_study(question: QuestionModel) -> bool:
    """A case study is a question built on a narrative: any spot-the-indicators question, or one with a scenario."""
    return isinstance(question, SpotIndicators) or bool(question.scenario)


def question_indicators(question: QuestionModel) -> set[str]:
    """Indicators a question tests: its tags plus, for spot-the-indicators, the indicators present."""
    tagged = set(question.indicators)
    if isinstance(question, SpotIndicators):
        tagged.update(question.present)
    return tagged


def lesson_has_check(lesson: Lesson) -> bool:
    """True when the lesson asks at least one knowledge check (a `check` block)."""
    return any(isinstance(b, CheckBlock) for s in lesson.sections for b in s.blocks)


def _lesson_question_ids(registry: Registry) -> set[str]:
    return {qid for lesson in registry.lessons.values() for qid in lesson.question_ids()}


def _quiz_question_ids(quiz: Quiz, registry: Registry) -> set[str]:
    """Questions a quiz can show: its fixed list, or every question its draw rules may pick."""
    if quiz.questions:
        return set(quiz.questions)
    return {qid for rule in quiz.draw for qid in draw_pool(rule, registry.questions)}


def inventory(registry: Registry) -> dict[str, Any]:
    """Counts by kind and the referenced-but-unused lists, as a JSON-able dict."""
    lessons = list(registry.lessons.values())
    questions = list(registry.questions.values())
    quizzes = list(registry.quizzes.values())

    blocks: Counter[str] = Counter(b.kind for lesson in lessons for s in lesson.sections for b in s.blocks)
    per_indicator: Counter[str] = Counter()
    per_objective: Counter[str] = Counter()
    for q in questions:
        per_indicator.update(question_indicators(q))
        per_objective.update(set(q.objectives))
    objective_ids = [o.id for lesson in lessons for o in lesson.objectives]

    in_lessons = _lesson_question_ids(registry)
    in_quizzes: set[str] = set()
    for quiz in quizzes:
        in_quizzes |= _quiz_question_ids(quiz, registry)
    outline = {lid for m in registry.modules() for lid in m.lessons}
    shown_indicators = {
        b.indicator for lesson in lessons for s in lesson.sections for b in s.blocks if b.kind == "indicator"
    }
    case_blocks = [
        b.question for lesson in lessons for s in lesson.sections for b in s.blocks if isinstance(b, CaseStudyBlock)
    ]

    return {
        "version": registry.version,
        "problems": len(registry.problems),
        "counts": {
            "modules": len(registry.modules()),
            "lessons": len(lessons),
            "sections": sum(len(lesson.sections) for lesson in lessons),
            "blocks": sum(blocks.values()),
            "indicators": len(registry.indicators),
            "objectives": len(objective_ids),
            "questions": len(questions),
            "case_studies": sum(1 for q in questions if is_case_study(q)),
            "quizzes": len(quizzes),
            "lesson_minutes": sum(lesson.minutes for lesson in lessons),
        },
        "blocks_by_kind": {kind: blocks.get(kind, 0) for kind in BLOCK_KINDS},
        "questions_by_type": {t: sum(1 for q in questions if q.type == t) for t in QUESTION_TYPES},
        "questions_by_difficulty": {d: sum(1 for q in questions if q.difficulty == d) for d in DIFFICULTIES},
        "quizzes_by_kind": {k: sum(1 for z in quizzes if z.kind == k) for k in QUIZ_KINDS},
        "questions_per_indicator": {ind: per_indicator.get(ind, 0) for ind in registry.indicators},
        "questions_per_objective": {obj: per_objective.get(obj, 0) for obj in objective_ids},
        "lessons_without_checks": [lesson.id for lesson in lessons if not lesson_has_check(lesson)],
        "modules_without_quiz": [m.id for m in registry.modules() if not m.quiz],
        "case_study_blocks_without_case_question": [
            qid for qid in case_blocks if qid in registry.questions and not is_case_study(registry.questions[qid])
        ],
        "unused": {
            "questions": sorted(q.id for q in questions if q.id not in in_lessons and q.id not in in_quizzes),
            "indicators_never_tagged": [ind for ind in registry.indicators if per_indicator.get(ind, 0) == 0],
            "indicators_never_shown": [ind for ind in registry.indicators if ind not in shown_indicators],
            "objectives_never_tested": [obj for obj in objective_ids if per_objective.get(obj, 0) == 0],
            "lessons_not_in_outline": sorted(lesson.id for lesson in lessons if lesson.id not in outline),
        },
    }
