"""Load a content set: read each YAML file safely, validate it against the schema, then run the
cross-reference checks. Collects every problem in one pass; invalid objects are left out so the
rest of the course still works."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from modules.content.crossref import check_references
from modules.content.model_errors import problems_from
from modules.content.problems import ContentError, Problem
from modules.content.registry import Registry, SourceRef
from modules.content.sources import content_dir, quizzes_dir, yaml_files
from modules.content.yaml_source import MAX_BYTES, YamlDocument, parse_yaml
from modules.domain.course import Course, CourseFile
from modules.domain.indicator import Indicator
from modules.domain.lesson import Lesson
from modules.domain.question import Question, QuestionModel
from modules.domain.quiz import Quiz
from modules.paths import display_path

_QUESTION: TypeAdapter[QuestionModel] = TypeAdapter(Question)
_INDICATOR: TypeAdapter[Indicator] = TypeAdapter(Indicator)
_QUIZ: TypeAdapter[Quiz] = TypeAdapter(Quiz)


class _Collected:
    def __init__(self) -> None:
        self.course: tuple[Course, SourceRef] | None = None
        self.indicators: list[tuple[Indicator, SourceRef]] = []
        self.lessons: list[tuple[Lesson, SourceRef]] = []
        self.questions: list[tuple[QuestionModel, SourceRef]] = []
        self.quizzes: list[tuple[Quiz, SourceRef]] = []
        self.problems: list[Problem] = []
        self.content_roots: list[Path] = []
        self.failed_ids: set[str] = set()
        """Ids of objects that failed schema validation, so references to them say so."""


def load_registry(paths: list[Path] | None = None) -> Registry:
    """Load every YAML file under `paths` (default: the content and quiz folders)."""
    roots = paths if paths is not None else [content_dir(), quizzes_dir()]
    collected = _Collected()
    collected.content_roots = [p if p.is_dir() else p.parent for p in roots]
    digest = hashlib.sha256()
    for root in roots:
        if not root.exists():
            collected.problems.append(Problem(display_path(root), 1, "folder or file not found"))
    for file in yaml_files(roots):
        name = display_path(file)
        try:
            if file.stat().st_size > MAX_BYTES:
                raise ContentError(Problem(name, 1, f"file is too large (the limit is {MAX_BYTES} bytes)"))
            raw = file.read_bytes()
            digest.update(name.encode() + b"\0" + raw)
            doc = parse_yaml(raw, name)
        except ContentError as exc:
            collected.problems.append(exc.problem)
            continue
        except OSError as exc:
            collected.problems.append(Problem(name, 1, f"cannot read file: {exc}"))
            continue
        _dispatch(doc, collected)
        if collected.course and collected.course[1].doc is doc:
            collected.content_roots.insert(0, file.parent)
    return check_references(collected_to_input(collected), version=digest.hexdigest()[:12])


def collected_to_input(c: _Collected) -> dict[str, Any]:
    return {
        "course": c.course,
        "indicators": c.indicators,
        "lessons": c.lessons,
        "questions": c.questions,
        "quizzes": c.quizzes,
        "problems": c.problems,
        "content_roots": c.content_roots,
        "failed_ids": c.failed_ids,
    }


def _dispatch(doc: YamlDocument, c: _Collected) -> None:
    data = doc.data
    if not isinstance(data, dict):
        c.problems.append(Problem(doc.path, 1, "the file must be a mapping of keys to values at the top level"))
        return
    keys = set(data)
    if "course" in keys:
        _validate_course(doc, c)
    elif "indicators" in keys:
        _validate_list(doc, "indicators", _INDICATOR, c.indicators, c, extra_allowed=set())
    elif "sections" in keys:
        _validate_lesson(doc, c)
    elif keys & {"questions", "quizzes"}:
        unknown = keys - {"questions", "quizzes"}
        for key in sorted(unknown):
            c.problems.append(Problem(doc.path, doc.line_of((key,)), f"unknown top-level key '{key}'"))
        if "questions" in keys:
            _validate_list(doc, "questions", _QUESTION, c.questions, c, extra_allowed=set())
        if "quizzes" in keys:
            _validate_list(doc, "quizzes", _QUIZ, c.quizzes, c, extra_allowed=set())
    else:
        c.problems.append(
            Problem(
                doc.path,
                1,
                "cannot tell what this file holds: expected a top-level 'course', 'indicators', "
                "'questions' or 'quizzes' key, or a lesson with 'sections'",
            )
        )


def _validate_course(doc: YamlDocument, c: _Collected) -> None:
    try:
        parsed = CourseFile.model_validate(doc.data)
    except ValidationError as exc:
        c.problems.extend(problems_from(exc, doc))
        return
    ref = SourceRef(doc, ("course",))
    if c.course is not None:
        c.problems.append(ref.problem(f"a second course file (the first is {c.course[1].path})"))
        return
    c.course = (parsed.course, ref)


def _validate_lesson(doc: YamlDocument, c: _Collected) -> None:
    try:
        lesson = Lesson.model_validate(doc.data)
    except ValidationError as exc:
        c.problems.extend(problems_from(exc, doc))
        _note_failed(doc.data, c)
        return
    c.lessons.append((lesson, SourceRef(doc, ())))


def _validate_list(
    doc: YamlDocument,
    key: str,
    adapter: TypeAdapter[Any],
    into: list[Any],
    c: _Collected,
    extra_allowed: set[str],
) -> None:
    items = doc.data.get(key)
    unknown = set(doc.data) - {key} - extra_allowed - {"questions", "quizzes"}
    for k in sorted(unknown):
        c.problems.append(Problem(doc.path, doc.line_of((k,)), f"unknown top-level key '{k}'"))
    if not isinstance(items, list):
        c.problems.append(Problem(doc.path, doc.line_of((key,)), f"'{key}' must be a list"))
        return
    for i, item in enumerate(items):
        base = (key, i)
        try:
            into.append((adapter.validate_python(item), SourceRef(doc, base)))
        except ValidationError as exc:
            c.problems.extend(problems_from(exc, doc, base))
            _note_failed(item, c)


def _note_failed(item: Any, c: _Collected) -> None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        c.failed_ids.add(item["id"])
