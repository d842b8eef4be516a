"""Inventory of a loaded content set: counts and gaps an author or reviewer needs at a glance.

Why: the course has quality bars (enough questions per indicator, a check in every lesson, no
orphaned questions or untested objectives). `python -m modules stats` (and `make stats`) prints a
summary for people, gaps first; `python -m modules stats --json` prints the whole inventory as JSON
for tools, CI and tests.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any

from modules.content.registry import DrawBanks, Registry
from modules.domain.lesson import BLOCK_KINDS, CaseStudyBlock, CheckBlock, Lesson
from modules.domain.question import QUESTION_TYPES, QuestionModel, SpotIndicators
from modules.domain.quiz import DrawRule, Quiz

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


def _quiz_question_ids(quiz: Quiz, banks: DrawBanks) -> set[str]:
    """Questions a quiz can show: its fixed list, or every question its draw rules may pick."""
    return {q.id for q in banks.pool_of(quiz)}


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
    banks = DrawBanks(registry)  # each draw bank made and indexed once, not once per quiz and rule
    in_quizzes: set[str] = set()
    for quiz in quizzes:
        in_quizzes |= _quiz_question_ids(quiz, banks)
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
            "glossary_terms": len(registry.glossary),
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
        "tracks": _tracks(registry),
        "draw_rules": [
            {"quiz": quiz.id, "rule": i, "count": rule.count, "pool": len(banks.index(quiz).pool(rule))}
            for quiz in quizzes
            for i, rule in enumerate(quiz.draw, start=1)
        ],
        "glossary": [{"id": t.id, "term": t.term} for t in registry.glossary],
        "country_profile": registry.country_profile.country if registry.country_profile else None,
    }


def _tracks(registry: Registry) -> dict[str, dict[str, Any]]:
    """Per track: the title, and the modules, lessons and minutes a learner of that track takes."""
    out: dict[str, dict[str, Any]] = {}
    for track in registry.course.tracks if registry.course else []:
        lessons = registry.lessons_in_order(track.id)
        out[track.id] = {
            "title": track.title,
            "modules": len(registry.modules_for_track(track.id)),
            "lessons": len(lessons),
            "minutes": sum(lesson.minutes for lesson in lessons),
        }
    return out


# -- the summary for people ------------------------------------------------------------------------

MAX_PROBLEMS_SHOWN = 10


def describe_rule(rule: DrawRule) -> str:
    """A draw rule's filters in words, such as 'tagged with any of deception, debt_bondage; easy'."""

    def among(ids: list[str], how: str) -> str:
        return ids[0] if len(ids) == 1 else f"{how} of " + ", ".join(ids)

    parts = []
    if rule.indicators:
        parts.append("tagged with " + among(rule.indicators, "all"))
    if rule.any_indicators:
        parts.append("tagged with " + among(rule.any_indicators, "any"))
    if rule.objectives:
        parts.append("testing " + among(rule.objectives, "all"))
    if rule.any_objectives:
        parts.append("testing " + among(rule.any_objectives, "any"))
    if rule.difficulty:
        parts.append(rule.difficulty)
    if rule.types:
        parts.append("type " + " or ".join(rule.types))
    return "; ".join(parts) or "any question"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _ids(ids: list[str]) -> str:
    return textwrap.fill(", ".join(ids), width=100, initial_indent="    ", subsequent_indent="    ")


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    return f"{total} minutes" + (f" ({hours} h {minutes:02d} min)" if hours else "")


def summary(registry: Registry, where: str = "") -> str:
    """The inventory for people: problems and gaps first, then tracks, draw rules and totals."""
    inv = inventory(registry)
    lines: list[str] = []
    if where:
        lines += [f"Content read from {where} (version {inv['version']})", ""]

    problems = [str(p) for p in registry.problems]
    if problems:
        lines.append(
            f"PROBLEMS: {_count(len(problems), 'problem keeps', 'problems keep')} some content out of the app. "
            "Run `make validate` to see every one:"
        )
        lines += [f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  ... and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        lines.append("")

    unused = inv["unused"]
    once = [obj for obj, n in inv["questions_per_objective"].items() if n == 1]
    no_spare = [r for r in inv["draw_rules"] if r["pool"] == r["count"]]
    gaps: list[tuple[list[str], str, str]] = [
        (
            unused["lessons_not_in_outline"],
            "lesson is in no module of course.yaml, so learners never see it",
            "lessons are in no module of course.yaml, so learners never see them",
        ),
        (inv["lessons_without_checks"], "lesson has no knowledge check", "lessons have no knowledge check"),
        (
            unused["objectives_never_tested"],
            "objective is tested by no question",
            "objectives are tested by no question",
        ),
        (once, "objective is tested by only one question", "objectives are tested by only one question"),
        (inv["modules_without_quiz"], "module has no quiz in course.yaml", "modules have no quiz in course.yaml"),
        (
            unused["indicators_never_tagged"],
            "indicator is the tag of no question",
            "indicators are the tag of no question",
        ),
        (
            unused["indicators_never_shown"],
            "indicator has no indicator block in any lesson",
            "indicators have no indicator block in any lesson",
        ),
        (
            unused["questions"],
            "question is used by no lesson and no quiz",
            "questions are used by no lesson and no quiz",
        ),
        (
            inv["case_study_blocks_without_case_question"],
            "case_study block asks a question with no scenario",
            "case_study blocks ask a question with no scenario",
        ),
        (
            [f"{r['quiz']} rule {r['rule']}" for r in no_spare],
            "draw rule has no spare question, so every attempt gets the same questions",
            "draw rules have no spare question, so every attempt gets the same questions",
        ),
    ]
    found = [(ids, one, many) for ids, one, many in gaps if ids]
    lines.append("GAPS")
    for ids, one, many in found:
        lines.append(f"  {len(ids)} {one if len(ids) == 1 else many}:")
        lines.append(_ids(ids))
    if not found:
        lines.append("  None found.")
    lines.append("")

    lines.append("TRACKS (what a learner of each track takes)")
    for tid, track in inv["tracks"].items():
        lines.append(
            f"  {track['title']} ({tid}): {_count(track['modules'], 'module', 'modules')}, "
            f"{_count(track['lessons'], 'lesson', 'lessons')}, {_minutes(track['minutes'])}"
        )
    if not inv["tracks"]:
        lines.append("  None: no course outline was read.")
    lines.append("")

    lines.append("DRAW RULES (how many bank questions each rule can pick from)")
    for r in inv["draw_rules"]:
        rule = registry.quizzes[r["quiz"]].draw[r["rule"] - 1]
        lines.append(f"  {r['quiz']} rule {r['rule']}: draws {r['count']} of {r['pool']} ({describe_rule(rule)})")
    if not inv["draw_rules"]:
        lines.append("  None: every quiz has a fixed list of questions.")
    lines.append("")

    counts = inv["counts"]
    lines.append("TOTALS")
    lines.append(
        f"  {_count(counts['modules'], 'module', 'modules')}; "
        f"{_count(counts['lessons'], 'lesson', 'lessons')} of {_minutes(counts['lesson_minutes'])} in all, with "
        f"{_count(counts['sections'], 'section', 'sections')} and {_count(counts['blocks'], 'block', 'blocks')}"
    )
    lines.append(
        f"  {_count(counts['indicators'], 'indicator', 'indicators')}, "
        f"{_count(counts['objectives'], 'learning objective', 'learning objectives')}"
    )
    lines.append(
        f"  {_count(counts['questions'], 'question', 'questions')} "
        f"({_count(counts['case_studies'], 'case study', 'case studies')}), "
        f"{_count(counts['quizzes'], 'quiz', 'quizzes')}"
    )
    profile = f"; country profile: {inv['country_profile']}" if inv["country_profile"] else "; no country profile"
    lines.append(f"  {_count(counts['glossary_terms'], 'glossary term', 'glossary terms')}{profile}")
    for title, key in (
        ("Questions by type", "questions_by_type"),
        ("Questions by difficulty", "questions_by_difficulty"),
        ("Questions per indicator", "questions_per_indicator"),
        ("Quizzes by kind", "quizzes_by_kind"),
        ("Blocks by kind", "blocks_by_kind"),
    ):
        lines.append(f"  {title}:")
        lines.append(_ids([f"{k} {v}" for k, v in inv[key].items()]))
    lines.append("")
    lines.append("For tools: `python -m modules stats --json` prints all of this, and more, as JSON.")
    return "\n".join(lines) + "\n"
