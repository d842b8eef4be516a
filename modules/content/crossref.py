"""Second pass over schema-valid content: unique ids and references that resolve.

An object with a broken reference is reported and left out; objects that depend on it are
left out too (and say why), so what remains is safe to render and score."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from modules.content.problems import Problem
from modules.content.registry import Registry, SourceRef
from modules.domain.charts import CHART_IDS
from modules.domain.course import ALL_TRACKS, Course
from modules.domain.indicator import Indicator
from modules.domain.lesson import CaseStudyBlock, ChartBlock, CheckBlock, ImageBlock, IndicatorBlock, Lesson
from modules.domain.question import (
    Matching,
    MultipleResponse,
    Option,
    QuestionModel,
    SingleChoice,
    SpotIndicators,
)
from modules.domain.quiz import Quiz, draw_pool


def check_references(data: dict[str, Any], version: str) -> Registry:
    problems: list[Problem] = list(data["problems"])
    refs: dict[tuple[str, str], SourceRef] = {}
    seen: dict[str, SourceRef] = {}

    def unique(kind: str, items: list[tuple[Any, SourceRef]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for obj, ref in items:
            if obj.id in seen:
                other = seen[obj.id]
                problems.append(
                    ref.problem(f"duplicate id '{obj.id}' (also used at {other.path}:{other.line('id')})", "id")
                )
                continue
            seen[obj.id] = ref
            refs[(kind, obj.id)] = ref
            out[obj.id] = obj
        return out

    course_entry: tuple[Course, SourceRef] | None = data["course"]
    course = course_entry[0] if course_entry else None
    if course_entry is None:
        problems.append(Problem("course.yaml", 1, "no course outline found (a file with a top-level 'course' key)"))
    indicators: dict[str, Indicator] = unique("indicator", sorted(data["indicators"], key=lambda e: e[0].number))
    lessons: dict[str, Lesson] = unique("lesson", data["lessons"])
    questions: dict[str, QuestionModel] = unique("question", data["questions"])
    quizzes: dict[str, Quiz] = unique("quiz", data["quizzes"])
    if course_entry:
        for i, module in enumerate(course_entry[0].modules):
            if module.id in seen:
                problems.append(course_entry[1].problem(f"duplicate id '{module.id}'", "modules", i, "id"))
            seen[module.id] = course_entry[1]

    # objectives are referenced by questions and draw rules
    objectives: dict[str, str] = {}
    for lesson in lessons.values():
        ref = refs[("lesson", lesson.id)]
        for i, obj in enumerate(lesson.objectives):
            if obj.id in objectives and objectives[obj.id] != lesson.id:
                problems.append(
                    ref.problem(
                        f"objective id '{obj.id}' is also used in lesson '{objectives[obj.id]}'", "objectives", i, "id"
                    )
                )
            objectives[obj.id] = lesson.id

    numbers: dict[int, str] = {}
    for ind in indicators.values():
        if ind.number in numbers:
            problems.append(
                refs[("indicator", ind.id)].problem(
                    f"indicator number {ind.number} is also used by '{numbers[ind.number]}'", "number"
                )
            )
        numbers[ind.number] = ind.id

    # -- questions ---------------------------------------------------------------------------
    failed: set[str] = set(data.get("failed_ids", ()))
    bad_questions: set[str] = {q for q in failed if q not in questions}
    for q in questions.values():
        ref = refs[("question", q.id)]
        errs = _question_problems(q, ref, indicators, objectives)
        if errs:
            problems.extend(errs)
            bad_questions.add(q.id)
    for qid in bad_questions:
        questions.pop(qid, None)
    for qid, q in list(questions.items()):
        if isinstance(q, SpotIndicators):
            questions[qid] = _with_catalogue(q, indicators)

    # -- lessons -----------------------------------------------------------------------------
    track_ids = {t.id for t in course.tracks} if course else set()
    content_roots: list[Path] = data.get("content_roots", [])
    bad_lessons: set[str] = {x for x in failed if x not in lessons}
    for lesson in lessons.values():
        ref = refs[("lesson", lesson.id)]
        errs = _lesson_problems(
            lesson, ref, indicators, questions, bad_questions, track_ids, course is not None, content_roots
        )
        if errs:
            problems.extend(errs)
            bad_lessons.add(lesson.id)
    for lid in bad_lessons:
        lessons.pop(lid, None)

    # -- course outline ------------------------------------------------------------------------
    if course_entry:
        problems.extend(_course_problems(course_entry[0], course_entry[1], lessons, bad_lessons, quizzes))

    # -- quizzes -------------------------------------------------------------------------------
    module_ids = {m.id for m in course.modules} if course else set()
    bad_quizzes: set[str] = set()
    for quiz in quizzes.values():
        ref = refs[("quiz", quiz.id)]
        errs = _quiz_problems(
            quiz,
            ref,
            questions,
            bad_questions,
            lessons,
            bad_lessons,
            module_ids,
            track_ids,
            indicators,
            objectives,
            course is not None,
        )
        if errs:
            problems.extend(errs)
            bad_quizzes.add(quiz.id)
    for qid in bad_quizzes:
        quizzes.pop(qid)

    return Registry(
        course=course,
        indicators=indicators,
        lessons=lessons,
        questions=questions,
        quizzes=quizzes,
        problems=tuple(sorted(set(problems))),
        version=version,
        refs=refs,
    )


_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(|<\s*img\b", re.IGNORECASE)
"""Markdown would fetch such an image from wherever it points: images go in image blocks (a file in
the content folder, with alt text), so the app never loads anything from the internet."""


def _markdown_image_problems(ref: SourceRef, texts: list[tuple[tuple[Any, ...], str | None]]) -> list[Problem]:
    return [
        ref.problem(
            "images in text are not allowed: use an image block (a file in the content folder, with alt text)", *at
        )
        for at, text in texts
        if text and _REMOTE_IMAGE.search(text)
    ]


def _unknown(kind: str, value: str) -> str:
    return f"unknown {kind} id '{value}'"


def _question_problems(
    q: QuestionModel, ref: SourceRef, indicators: dict[str, Indicator], objectives: dict[str, str]
) -> list[Problem]:
    out: list[Problem] = _markdown_image_problems(
        ref, [(("prompt",), q.prompt), (("scenario",), q.scenario), (("explanation",), q.explanation)]
    )
    for i, ind in enumerate(q.indicators):
        if ind not in indicators:
            out.append(ref.problem(_unknown("indicator", ind), "indicators", i))
    for i, obj in enumerate(q.objectives):
        if obj not in objectives:
            out.append(
                ref.problem(
                    f"unknown learning objective id '{obj}' (objectives are defined in lessons)", "objectives", i
                )
            )
    if isinstance(q, SingleChoice | MultipleResponse):
        ids = [o.id for o in q.options]
        for i, oid in enumerate(ids):
            if oid in ids[:i]:
                out.append(ref.problem(f"duplicate option id '{oid}'", "options", i, "id"))
        if isinstance(q, SingleChoice):
            if q.correct not in ids:
                out.append(ref.problem(f"correct answer '{q.correct}' is not among the options {ids}", "correct"))
        else:
            for i, cid in enumerate(q.correct):
                if cid not in ids:
                    out.append(ref.problem(f"correct answer '{cid}' is not among the options {ids}", "correct", i))
            if len(set(q.correct)) != len(q.correct):
                out.append(ref.problem("a correct answer is listed twice", "correct"))
    elif isinstance(q, SpotIndicators):
        for i, ind in enumerate(q.present):
            if ind not in indicators:
                out.append(ref.problem(_unknown("indicator", ind), "present", i))
        for i, fb in enumerate(q.feedback):
            if fb.indicator not in indicators:
                out.append(ref.problem(_unknown("indicator", fb.indicator), "feedback", i, "indicator"))
    elif isinstance(q, Matching):
        ids = [p.id for p in q.pairs]
        for i, pid in enumerate(ids):
            if pid in ids[:i]:
                out.append(ref.problem(f"duplicate pair id '{pid}'", "pairs", i, "id"))
    return out


def _with_catalogue(q: SpotIndicators, indicators: dict[str, Indicator]) -> SpotIndicators:
    custom = {fb.indicator: fb.feedback for fb in q.feedback}
    options = []
    for ind in indicators.values():
        default = (
            f"Present: the scenario shows signs of {ind.name.lower()}."
            if ind.id in q.present
            else f"Not clearly shown: the scenario gives no firm sign of {ind.name.lower()}."
        )
        options.append(Option(id=ind.id, text=ind.name, feedback=custom.get(ind.id, default)))
    return q.model_copy(update={"catalogue_options": options})


def _lesson_problems(
    lesson: Lesson,
    ref: SourceRef,
    indicators: dict[str, Indicator],
    questions: dict[str, QuestionModel],
    bad_questions: set[str],
    track_ids: set[str],
    have_course: bool,
    content_roots: list[Path],
) -> list[Problem]:
    out: list[Problem] = []
    for i, track in enumerate(lesson.tracks):
        if have_course and track != ALL_TRACKS and track not in track_ids:
            out.append(
                ref.problem(f"unknown track '{track}' (known: {sorted(track_ids)} or '{ALL_TRACKS}')", "tracks", i)
            )
    texts: list[tuple[tuple[Any, ...], str | None]] = [(("summary",), lesson.summary)]
    for s, section in enumerate(lesson.sections):
        for b, block in enumerate(section.blocks):
            for field in ("body", "narrative", "caption"):
                texts.append((("sections", s, "blocks", b, field), getattr(block, field, None)))
    out.extend(_markdown_image_problems(ref, texts))
    section_ids: set[str] = set()
    for s, section in enumerate(lesson.sections):
        if section.id in section_ids:
            out.append(ref.problem(f"duplicate section id '{section.id}'", "sections", s, "id"))
        section_ids.add(section.id)
        for b, block in enumerate(section.blocks):
            at = ("sections", s, "blocks", b)
            if isinstance(block, IndicatorBlock) and block.indicator not in indicators:
                out.append(ref.problem(_unknown("indicator", block.indicator), *at, "indicator"))
            elif isinstance(block, CheckBlock | CaseStudyBlock):
                if block.question in bad_questions:
                    out.append(ref.problem(f"question '{block.question}' has errors (see its file)", *at, "question"))
                elif block.question not in questions:
                    out.append(ref.problem(f"unknown question id '{block.question}'", *at, "question"))
            elif isinstance(block, ChartBlock) and block.chart not in CHART_IDS:
                out.append(ref.problem(f"unknown chart id '{block.chart}' (known: {sorted(CHART_IDS)})", *at, "chart"))
            elif isinstance(block, ImageBlock):
                problem = image_src_problem(block.src, content_roots)
                if problem:
                    where = f" (section '{section.id}', block {b + 1})"
                    out.append(ref.problem(problem + where, *at, "src"))
    return out


def image_file(src: str, root: Path) -> Path | None:
    """The file an image block's `src` names under `root`, or None unless it is a regular file whose
    real location (every symlink followed, Path.resolve) is inside `root`.

    A content package from a country team (zip, git) can carry a symlink such as images/x.png ->
    /etc/passwd or a picture elsewhere on the server: `is_file()` follows it, so only the resolved path
    proves the app serves nothing from outside the content folder. The lesson page uses this too.
    """
    if _leaves_by_name(src):
        return None
    try:
        real = (root / src).resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):  # missing, a link loop, or a NUL in the name
        return None
    return real if inside and real.is_file() else None


def _leaves_by_name(src: str) -> bool:
    """An absolute path or one with '..' names a place outside the folder whatever is on disk."""
    return not src or ".." in Path(src).parts or src.startswith(("/", "\\")) or Path(src).is_absolute()


def _exists_somewhere(path: Path) -> bool:
    try:
        return path.resolve().is_file()
    except (OSError, RuntimeError, ValueError):
        return False


def image_src_problem(src: str, content_roots: list[Path]) -> str | None:
    """Why an image block's `src` is refused, or None when it names an image inside a content folder."""
    if _leaves_by_name(src):
        return "image src must be a path inside the content folder"
    if not content_roots or any(image_file(src, root) for root in content_roots):
        return None
    if any(_exists_somewhere(root / src) for root in content_roots):  # a file, but image_file refused it
        return (
            f"image file '{src}' is (or passes through) a link to a file outside the content folder; "
            "copy the image itself into the content folder"
        )
    return f"image file '{src}' not found in the content folder"


def _course_problems(
    course: Course,
    ref: SourceRef,
    lessons: dict[str, Lesson],
    bad_lessons: set[str],
    quizzes: dict[str, Quiz],
) -> list[Problem]:
    out: list[Problem] = []
    track_ids = [t.id for t in course.tracks]
    for i, tid in enumerate(track_ids):
        if tid in track_ids[:i] or tid == ALL_TRACKS:
            out.append(ref.problem(f"track id '{tid}' is reserved or used twice", "tracks", i, "id"))
    placed: dict[str, str] = {}
    for m, module in enumerate(course.modules):
        for i, lid in enumerate(module.lessons):
            if lid in placed:
                out.append(
                    ref.problem(f"lesson '{lid}' is already in module '{placed[lid]}'", "modules", m, "lessons", i)
                )
            placed[lid] = module.id
            if lid not in lessons and lid not in bad_lessons:
                out.append(ref.problem(f"unknown lesson id '{lid}'", "modules", m, "lessons", i))
        if module.quiz and module.quiz not in quizzes:
            out.append(ref.problem(f"unknown quiz id '{module.quiz}'", "modules", m, "quiz"))
    return out


def _quiz_problems(
    quiz: Quiz,
    ref: SourceRef,
    questions: dict[str, QuestionModel],
    bad_questions: set[str],
    lessons: dict[str, Lesson],
    bad_lessons: set[str],
    module_ids: set[str],
    track_ids: set[str],
    indicators: dict[str, Indicator],
    objectives: dict[str, str],
    have_course: bool,
) -> list[Problem]:
    out: list[Problem] = []
    for i, qid in enumerate(quiz.questions):
        if qid in bad_questions:
            out.append(ref.problem(f"question '{qid}' has errors (see its file)", "questions", i))
        elif qid not in questions:
            out.append(ref.problem(f"unknown question id '{qid}'", "questions", i))
        elif qid in quiz.questions[:i]:
            out.append(ref.problem(f"question '{qid}' is listed twice", "questions", i))
    if quiz.lesson and quiz.lesson not in lessons and quiz.lesson not in bad_lessons:
        out.append(ref.problem(f"unknown lesson id '{quiz.lesson}'", "lesson"))
    if have_course and quiz.module and quiz.module not in module_ids:
        out.append(ref.problem(f"unknown module id '{quiz.module}'", "module"))
    if have_course and quiz.track and quiz.track not in track_ids:
        out.append(ref.problem(f"unknown track '{quiz.track}'", "track"))
    claimed: set[str] = set()
    for r, rule in enumerate(quiz.draw):
        for i, ind in enumerate(rule.indicators):
            if ind not in indicators:
                out.append(ref.problem(_unknown("indicator", ind), "draw", r, "indicators", i))
        for i, obj in enumerate(rule.objectives):
            if obj not in objectives:
                out.append(ref.problem(f"unknown learning objective id '{obj}'", "draw", r, "objectives", i))
        pool = [qid for qid in draw_pool(rule, questions) if qid not in claimed]
        if len(pool) < rule.count:
            out.append(
                ref.problem(
                    f"draw rule asks for {rule.count} questions but only {len(pool)} in the bank match it",
                    "draw",
                    r,
                    "count",
                )
            )
        claimed.update(pool[: rule.count])
    return out
