"""Load a content set: read each YAML file safely, validate it against the schema, then run the
cross-reference checks. Collects every problem in one pass; invalid objects are left out so the
rest of the course still works."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from modules.content.crossref import check_references
from modules.content.glossary import glossary_problems
from modules.content.model_errors import did_you_mean, problems_from
from modules.content.problems import ContentError, Problem
from modules.content.registry import Registry, SourceRef
from modules.content.sources import content_dir, quizzes_dir, yaml_files
from modules.content.translations import is_translation_file
from modules.content.yaml_source import MAX_BYTES, YamlDocument, parse_yaml
from modules.domain.country_profile import CountryProfile, CountryProfileFile
from modules.domain.course import Course, CourseFile
from modules.domain.glossary import GlossaryTerm
from modules.domain.indicator import Indicator
from modules.domain.lesson import Lesson
from modules.domain.question import Question, QuestionModel
from modules.domain.quiz import Quiz
from modules.domain.rubric import Rubric
from modules.paths import display_path

_QUESTION: TypeAdapter[QuestionModel] = TypeAdapter(Question)
_INDICATOR: TypeAdapter[Indicator] = TypeAdapter(Indicator)
_QUIZ: TypeAdapter[Quiz] = TypeAdapter(Quiz)
_RUBRIC: TypeAdapter[Rubric] = TypeAdapter(Rubric)


class _Collected:
    def __init__(self) -> None:
        self.course: tuple[Course, SourceRef] | None = None
        self.indicators: list[tuple[Indicator, SourceRef]] = []
        self.lessons: list[tuple[Lesson, SourceRef]] = []
        self.questions: list[tuple[QuestionModel, SourceRef]] = []
        self.quizzes: list[tuple[Quiz, SourceRef]] = []
        self.rubrics: list[tuple[Rubric, SourceRef]] = []
        self.problems: list[Problem] = []
        self.glossary: tuple[list[GlossaryTerm], SourceRef] | None = None
        self.country_profile: tuple[CountryProfile, SourceRef] | None = None
        self.content_roots: list[Path] = []
        self.failed_ids: dict[str, tuple[str, int] | None] = {}
        """Ids of objects left out for their own errors, with the file and line of the first one, so objects
        that refer to them are listed there instead of being called unknown. None: the id was read from a
        file that is not valid YAML; references to it say nothing (that file's one message is the cause)."""
        self.failed_objectives: set[str] = set()
        """Objective ids of lessons left out for their errors: a question naming one is not at fault."""
        self.course_has_errors = False
        """The course outline is there but has errors (or a file that is not valid YAML looks like it), so
        "no course outline found" would only repeat them."""
        self.found_lessons = False
        self.questions_incomplete = False
        self.questions_unreadable = False
        """Some questions are left out for errors (or sit in an unreadable file): counts of questions are short."""


def load_registry(paths: list[Path] | None = None) -> Registry:
    """Load every YAML file under `paths` (default: the content and quiz folders)."""
    with _collector_paused():
        return _load(paths)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of small objects that all stay alive, and each pass of the cyclic
    garbage collector walks every one made so far: on a course 20 times the shipped one its passes took a
    sixth of the load, a share that grows with the course. What loading leaves behind is collected after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _load(paths: list[Path] | None) -> Registry:
    roots = paths if paths is not None else [content_dir(), quizzes_dir()]
    collected = _Collected()
    collected.content_roots = [p if p.is_dir() else p.parent for p in roots]
    digest = hashlib.sha256()
    folders = [r for r in roots if r.is_dir()]
    for file in yaml_files(roots):
        name = display_path(file)
        if is_translation_file(file, folders):  # a language's text: read when a language is asked for
            digest.update(name.encode() + b"\0" + _stat_key(file))
            continue
        raw = b""
        try:
            if file.stat().st_size > MAX_BYTES:
                raise ContentError(Problem(name, 1, f"file is too large (the limit is {MAX_BYTES} bytes)"))
            raw = file.read_bytes()
            digest.update(name.encode() + b"\0" + raw)
            doc = parse_yaml(raw, name)
        except ContentError as exc:
            collected.problems.append(exc.problem)
            _note_unreadable(raw, collected)
            continue
        except OSError as exc:
            collected.problems.append(Problem(name, 1, f"cannot read file: {exc}"))
            continue
        _dispatch(doc, collected)
        if collected.course and collected.course[1].doc is doc:
            collected.content_roots.insert(0, file.parent)
    registry = check_references(collected_to_input(collected), version=digest.hexdigest()[:12])
    registry = replace(registry, roots=tuple(folders))  # where its translations are (read when asked for)
    wrong = _wrong_folders(roots, paths is None, collected)
    missing = any(p.message.startswith(FOLDER_PROBLEMS[0]) for p in wrong)
    if wrong and (missing or registry.problems):  # an empty folder beside a complete set stays harmless
        # a wrong folder makes every reference "unknown": say so once instead of hundreds of times
        return replace(registry, problems=tuple(wrong), warnings=())
    return registry


def _stat_key(file: Path) -> bytes:
    """A translation file's size and time: part of the content version, so an edited translation reloads
    the course (the files themselves are read once, after the course)."""
    try:
        st = file.stat()
    except OSError:
        return b""
    return f"{st.st_size}:{st.st_mtime_ns}".encode()


FOLDER_PROBLEMS = ("folder or file not found", "this folder has no .yaml files", "no course here")
"""How the messages about a wrong folder start: when there is one, nothing else is reported."""


def _wrong_folders(roots: list[Path], defaults: bool, c: _Collected) -> list[Problem]:
    """One message per folder that does not exist or holds no YAML, or one for a set with no course and
    no lessons at all: the rest of the messages would only be consequences of it."""
    out = []
    for i, root in enumerate(roots):
        named = _named_by(i, defaults)
        if not root.exists():
            out.append(Problem(display_path(root), 1, f"{FOLDER_PROBLEMS[0]}: {root.absolute()}{named}"))
        elif root.is_dir() and not yaml_files([root]):
            out.append(Problem(display_path(root), 1, f"{FOLDER_PROBLEMS[1]}: checked {root.absolute()}{named}"))
    if out or c.course or c.found_lessons or c.course_has_errors:
        return out
    checked = " and ".join(str(r.absolute()) for r in roots)
    return [
        Problem(
            display_path(roots[0]) if roots else "course.yaml",
            1,
            f"{FOLDER_PROBLEMS[2]}: no course.yaml (a file with a top-level 'course' key) and no lessons in {checked}. "
            "Point CONTENT_DIR, or the folder you give, at the folder that holds course.yaml and lessons/",
        )
    ]


def _named_by(index: int, defaults: bool) -> str:
    if not defaults:
        return ""
    variable = ("CONTENT_DIR", "QUIZZES_DIR")[index] if index < 2 else ""
    return f" (set by {variable})" if variable and os.environ.get(variable) else ""


_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([a-z0-9][a-z0-9_-]*)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_COURSE_LINE = re.compile(r"^course:", re.MULTILINE)


def _note_unreadable(raw: bytes, c: _Collected) -> None:
    """A file that is not valid YAML may hold lessons, questions or the course: the ids it seems to
    define are noted, so references to them stay quiet and its own message is the only one."""
    text = raw.decode("utf-8", errors="replace")
    for found in _ID_LINE.findall(text):
        c.failed_ids.setdefault(found, None)
        c.failed_objectives.add(found)
    if _COURSE_LINE.search(text):
        c.course_has_errors = True
    if re.search(r"^sections:", text, re.MULTILINE):
        c.found_lessons = True
    if re.search(r"^questions:", text, re.MULTILINE):
        c.questions_incomplete = c.questions_unreadable = True


def collected_to_input(c: _Collected) -> dict[str, Any]:
    return {
        "course": c.course,
        "indicators": c.indicators,
        "lessons": c.lessons,
        "questions": c.questions,
        "quizzes": c.quizzes,
        "rubrics": c.rubrics,
        "problems": c.problems,
        "content_roots": c.content_roots,
        "glossary": c.glossary,
        "country_profile": c.country_profile,
        "failed_ids": c.failed_ids,
        "failed_objectives": c.failed_objectives,
        "course_has_errors": c.course_has_errors,
        "questions_incomplete": c.questions_incomplete,
        "questions_unreadable": c.questions_unreadable,
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
        _validate_list(doc, "indicators", _INDICATOR, Indicator, c.indicators, c, extra_allowed=set())
    elif "sections" in keys:
        _validate_lesson(doc, c)
    elif "rubrics" in keys:
        _validate_list(doc, "rubrics", _RUBRIC, Rubric, c.rubrics, c, extra_allowed=set())
    elif "glossary" in keys:
        _validate_glossary(doc, c)
    elif "country_profile" in keys:
        _validate_country_profile(doc, c)
    elif keys & {"questions", "quizzes"}:
        unknown = keys - {"questions", "quizzes"}
        for key in sorted(unknown):
            hint = did_you_mean(key, ("questions", "quizzes"))
            c.problems.append(Problem(doc.path, doc.line_of((key,)), f"unknown top-level key '{key}'{hint}"))
        if "questions" in keys:
            _validate_list(doc, "questions", _QUESTION, Question, c.questions, c, extra_allowed=set())
        if "quizzes" in keys:
            _validate_list(doc, "quizzes", _QUIZ, Quiz, c.quizzes, c, extra_allowed=set())
    else:
        top = ("course", "indicators", "sections", "questions", "quizzes")
        typos = [k for k in data if k not in Lesson.model_fields]  # `sources` is a lesson's, not `course` misspelt
        near = next(((k, did_you_mean(k, top)) for k in typos if did_you_mean(k, top)), None)
        problem = Problem(
            doc.path,
            doc.line_of((near[0],)) if near else 1,
            "cannot tell what this file holds: expected a top-level 'course', 'indicators', "
            f"'questions', 'quizzes' or 'rubrics' key, or a lesson with 'sections'{near[1] if near else ''}",
        )
        c.problems.append(problem)
        _note_failed(data, [problem], c)  # most likely a lesson: what names it or its objectives is not at fault
        c.failed_objectives.update(_objective_ids(data.get("objectives")))


def _validate_course(doc: YamlDocument, c: _Collected) -> None:
    try:
        parsed = CourseFile.model_validate(doc.data)
    except ValidationError as exc:
        c.problems.extend(problems_from(exc, doc, CourseFile))
        c.course_has_errors = True  # its problems are reported: "no course outline found" would be one too many
        return
    ref = SourceRef(doc, ("course",))
    if c.course is not None:
        c.problems.append(ref.problem(f"a second course file (the first is {c.course[1].path})"))
        return
    c.course = (parsed.course, ref)


def _validate_lesson(doc: YamlDocument, c: _Collected) -> None:
    c.found_lessons = True
    try:
        lesson = Lesson.model_validate(doc.data)
    except ValidationError as exc:
        found = problems_from(exc, doc, Lesson)
        c.problems.extend(found)
        _note_failed(doc.data, found, c)
        c.failed_objectives.update(_objective_ids(doc.data.get("objectives")))
        return
    c.lessons.append((lesson, SourceRef(doc, ())))


def _objective_ids(raw: Any) -> set[str]:
    """The objective ids a lesson with errors seems to define (`- id: x`, or `- x` written by mistake)."""
    items = raw if isinstance(raw, list) else [raw]
    ids = {item.get("id") if isinstance(item, dict) else item for item in items}
    return {i for i in ids if isinstance(i, str)}


def _validate_list(
    doc: YamlDocument,
    key: str,
    adapter: TypeAdapter[Any],
    schema: Any,
    into: list[Any],
    c: _Collected,
    extra_allowed: set[str],
) -> None:
    items = doc.data.get(key)
    unknown = set(doc.data) - {key} - extra_allowed - ({"questions", "quizzes"} if key != "rubrics" else set())
    for k in sorted(unknown):
        hint = did_you_mean(k, ("questions", "quizzes"))
        c.problems.append(Problem(doc.path, doc.line_of((k,)), f"unknown top-level key '{k}'{hint}"))
    if not isinstance(items, list):
        c.problems.append(Problem(doc.path, doc.line_of((key,)), f"'{key}' must be a list"))
        return
    for i, item in enumerate(items):
        base = (key, i)
        try:
            into.append((adapter.validate_python(item), SourceRef(doc, base)))
        except ValidationError as exc:
            found = problems_from(exc, doc, schema, base)
            c.problems.extend(found)
            _note_failed(item, found, c)
            c.questions_incomplete = c.questions_incomplete or key == "questions"


def _note_failed(item: Any, found: list[Problem], c: _Collected) -> None:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and found:
        first = min(found, key=lambda p: p.line)
        c.failed_ids.setdefault(item["id"], (first.path, first.line))


def _validate_glossary(doc: YamlDocument, c: _Collected) -> None:
    """content/glossary.yaml: optional, one per content set. Each term is checked on its own: a term with
    errors (or a repeated id) is reported at its line and left out, and the rest of the glossary works."""
    ref = SourceRef(doc, ())
    for key in sorted(set(doc.data) - {"glossary"}):
        c.problems.append(ref.problem(f"unknown top-level key '{key}' (a glossary file holds only 'glossary')", key))
    items = doc.data.get("glossary")
    if not isinstance(items, list) or not items:
        c.problems.append(ref.problem("'glossary' must be a list of at least one term", "glossary"))
        return
    if c.glossary is not None:
        c.problems.append(ref.problem(f"a second glossary file (the first is {c.glossary[1].path})", "glossary"))
        return
    terms: list[GlossaryTerm | None] = []  # None: a term with errors (its place keeps the others' lines)
    for i, item in enumerate(items):
        try:
            terms.append(GlossaryTerm.model_validate(item))
        except ValidationError as exc:
            c.problems.extend(problems_from(exc, doc, GlossaryTerm, ("glossary", i)))
            terms.append(None)
    c.problems.extend(glossary_problems(terms, ref))
    kept: dict[str, GlossaryTerm] = {}
    for term in terms:
        if term is not None:
            kept.setdefault(term.id, term)
    c.glossary = (list(kept.values()), ref)


def _validate_country_profile(doc: YamlDocument, c: _Collected) -> None:
    """content/country-profile.yaml: optional, one per content set; its ids are checked with the lessons."""
    try:
        parsed = CountryProfileFile.model_validate(doc.data)
    except ValidationError as exc:
        c.problems.extend(problems_from(exc, doc, CountryProfileFile))
        return
    ref = SourceRef(doc, ())
    if c.country_profile is not None:
        first = c.country_profile[1].path
        c.problems.append(ref.problem(f"a second country profile (the first is {first})", "country_profile"))
        return
    c.country_profile = (parsed.country_profile, ref)
