"""Second pass over schema-valid content: unique ids and references that resolve.

An object with a broken reference is reported and left out; objects that depend on it are
left out too (and say why), so what remains is safe to render and score.

The cause comes first. What only follows from it is not reported where it shows (a lesson left out because
its question has errors used to say so in the lesson file, before the question's own message): one line
at the cause, after every cause, lists what it leaves out. References to objects in a file that is not
valid YAML say nothing at all (that file's own message is the one to act on), and neither do references
to the objectives of a lesson left out for its errors (the question naming one is not at fault)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from modules.content.assessment_rules import assessment_problems, exposures, reserved
from modules.content.country_profile import block_problems, profile_problems
from modules.content.model_errors import did_you_mean
from modules.content.problems import Problem
from modules.content.registry import Registry, SourceRef
from modules.content.warnings import content_warnings
from modules.domain.charts import CHART_IDS
from modules.domain.country_profile import CountryProfile
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
from modules.domain.quiz import BankIndex, Quiz, draw_shortfalls
from modules.domain.rubric import Rubric
from modules.paths import display_path

Where = tuple[str, int]
"""The file and line of the problem that left an object out."""


class _Found:
    """What a check found about one object: its own problems (causes), or the first object with errors it
    depends on (`root`), whose line then lists it as left out too: one line instead of one per reference."""

    def __init__(self) -> None:
        self.causes: list[Problem] = []
        self.follow_ons: list[Problem] = []
        self.root: Where | None = None
        self.silent = False
        """It refers to an object of a file that is not valid YAML: left out, and that file says why."""

    @property
    def bad(self) -> bool:
        return bool(self.causes or self.follow_ons or self.root or self.silent)

    def where(self) -> Where | None:
        """The problem to fix first, for the objects that depend on this one (None: an unreadable file)."""
        first = min(self.causes or self.follow_ons, default=None)
        return (first.path, first.line) if first else self.root

    def lost(self, where: Where | None) -> None:
        """It refers to an object left out for its errors, so it is left out too."""
        if where is None:
            self.silent = True
        elif self.root is None:
            self.root = where


def _left_out(items: list[tuple[str, str]]) -> str:
    """ "lesson 'l-one' is" or "questions 'q-a' and 'q-b' and quiz 'z' are" (at most 5 ids of a kind)."""
    groups: list[str] = []
    for kind in ("indicator", "question", "lesson", "quiz"):
        ids = [i for k, i in items if k == kind]
        if not ids:
            continue
        names = [f"'{i}'" for i in ids[:5]] + ([f"{len(ids) - 5} more"] if len(ids) > 5 else [])
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        plural = {"quiz": "quizzes"}.get(kind, kind + "s") if len(ids) > 1 else kind
        groups.append(f"{plural} {joined}")
    if len(groups) > 1:
        multi = any(" and " in g for g in groups)
        groups = ["; ".join(groups)] if multi else [", ".join(groups[:-1]) + " and " + groups[-1]]
    return groups[0] + (" is" if len(items) == 1 else " are")


def check_references(data: dict[str, Any], version: str) -> Registry:
    problems: list[Problem] = list(data["problems"])
    follow_ons: list[Problem] = []
    refs: dict[tuple[str, str], SourceRef] = {}
    seen: dict[str, SourceRef] = {}
    lost: dict[str, Where | None] = dict(data.get("failed_ids") or {})
    """Ids of objects left out for their errors -> the problem to fix (None: in a file that is not valid YAML)."""
    left_out: dict[Where, list[tuple[str, str]]] = {}
    """Objects left out only because they depend on an object with errors, by that object's problem."""

    def note(kind: str, oid: str, found: _Found) -> None:
        problems.extend(found.causes)
        follow_ons.extend(found.follow_ons)
        if found.root is not None and not found.causes:
            left_out.setdefault(found.root, []).append((kind, oid))

    lost_objectives: set[str] = set(data.get("failed_objectives") or ())

    def unique(kind: str, items: list[tuple[Any, SourceRef]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for obj, ref in items:
            if obj.id in seen:
                other = seen[obj.id]
                copied = _copied_objectives(obj, out.get(obj.id))
                problems.append(
                    ref.problem(f"duplicate id '{obj.id}' (also used at {other.path}:{other.line('id')}){copied}", "id")
                )
                if isinstance(obj, Lesson):
                    lost_objectives.update(o.id for o in obj.objectives)
                continue
            seen[obj.id] = ref
            refs[(kind, obj.id)] = ref
            out[obj.id] = obj
        return out

    course_entry: tuple[Course, SourceRef] | None = data["course"]
    course = course_entry[0] if course_entry else None
    content_roots: list[Path] = data.get("content_roots", [])
    if course_entry is None and not data.get("course_has_errors"):
        outline = display_path(content_roots[0] / "course.yaml") if content_roots else "course.yaml"
        problems.append(Problem(outline, 1, "no course outline found (a file with a top-level 'course' key)"))
    indicators: dict[str, Indicator] = unique("indicator", sorted(data["indicators"], key=lambda e: e[0].number))
    lessons: dict[str, Lesson] = unique("lesson", data["lessons"])
    questions: dict[str, QuestionModel] = unique("question", data["questions"])
    quizzes: dict[str, Quiz] = unique("quiz", data["quizzes"])
    rubrics: dict[str, Rubric] = unique("rubric", data.get("rubrics") or [])
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
    lost_indicators = {i: w for i, w in lost.items() if i not in indicators}
    questions_incomplete = bool(data.get("questions_incomplete"))
    """Some questions are left out (for their errors or in an unreadable file): a count of them is short."""
    bad_questions: dict[str, Where | None] = {q: w for q, w in lost.items() if q not in questions}
    for q in questions.values():
        ref = refs[("question", q.id)]
        found = _question_problems(q, ref, indicators, lost_indicators, objectives, lost_objectives)
        note("question", q.id, found)
        if found.bad:
            bad_questions[q.id] = found.where()
            questions_incomplete = True
    for qid in bad_questions:
        questions.pop(qid, None)
    for qid, q in list(questions.items()):
        if isinstance(q, SpotIndicators):
            questions[qid] = with_catalogue(q, indicators)

    # -- lessons -----------------------------------------------------------------------------
    track_ids = {t.id for t in course.tracks} if course else set()
    bad_lessons: set[str] = {x for x in lost if x not in lessons}
    profile: tuple[CountryProfile, SourceRef] | None = data.get("country_profile")
    if profile is not None:
        problems.extend(
            profile_problems(
                *profile, lambda name: not content_roots or any(image_file(f"data/{name}", r) for r in content_roots)
            )
        )
    for lesson in lessons.values():
        ref = refs[("lesson", lesson.id)]
        found = _lesson_problems(
            lesson,
            ref,
            indicators,
            lost_indicators,
            questions,
            bad_questions,
            track_ids,
            course is not None,
            content_roots,
        )
        found.causes.extend(block_problems(lesson, ref, profile))
        note("lesson", lesson.id, found)
        if found.bad:
            bad_lessons.add(lesson.id)
    for lid in bad_lessons:
        lessons.pop(lid, None)

    # -- course outline ------------------------------------------------------------------------
    if course_entry:
        problems.extend(_course_problems(course_entry[0], course_entry[1], lessons, bad_lessons, quizzes, lost))
        problems.extend(_national_data_problems(course_entry[0], course_entry[1], content_roots))
        problems.extend(_identity_problems(course_entry[0], course_entry[1], content_roots))

    # -- quizzes -------------------------------------------------------------------------------
    module_ids = {m.id for m in course.modules} if course else set()
    bad_quizzes: set[str] = set()
    bank = BankIndex(questions)  # one index for every quiz's draw rules, not a scan of the bank per rule
    for quiz in quizzes.values():
        ref = refs[("quiz", quiz.id)]
        found = _quiz_problems(
            quiz,
            ref,
            questions,
            bad_questions,
            lessons,
            bad_lessons,
            module_ids,
            track_ids,
            indicators,
            lost_indicators,
            objectives,
            lost_objectives,
            course is not None,
            questions_incomplete,
            bool(data.get("questions_unreadable")),
            bank,
        )
        note("quiz", quiz.id, found)
        if found.bad:
            bad_quizzes.add(quiz.id)
    for qid in bad_quizzes:
        quizzes.pop(qid)
    for rubric in rubrics.values():
        problems.extend(_rubric_problems(rubric, refs[("rubric", rubric.id)], lessons, objectives, track_ids, course))
    met = exposures(lessons.values(), quizzes.values(), questions)  # once: the assessment rules use it too
    if not questions_incomplete:
        problems.extend(assessment_problems(course, lessons, questions, quizzes, refs, met))
    exposed = frozenset(met)
    kept = reserved(quizzes.values())
    for (path, line), items in left_out.items():
        follow_ons.append(Problem(path, line, f"until this is fixed, {_left_out(items)} left out too"))

    glossary = data.get("glossary")
    # where the course, the glossary and the country profile were read (the translation report's lines)
    for kind, entry in (("course", course_entry), ("glossary", glossary), ("country_profile", profile)):
        if entry is not None:
            refs[(kind, "")] = entry[1]
    return Registry(
        glossary=tuple(glossary[0]) if glossary else (),
        country_profile=profile[0] if profile else None,
        course=course,
        indicators=indicators,
        lessons=lessons,
        questions=questions,
        quizzes=quizzes,
        problems=tuple(sorted(set(problems))) + tuple(sorted(set(follow_ons) - set(problems))),
        version=version,
        refs=refs,
        exposed=exposed,
        rubrics=rubrics,
        reserved=kept,
        warnings=tuple(
            content_warnings(
                course_entry,
                lessons,
                questions,
                quizzes,
                objectives,
                refs,
                complete=not questions_incomplete,
            )
        ),
    )


def _rubric_problems(
    rubric: Rubric,
    ref: SourceRef,
    lessons: dict[str, Lesson],
    objectives: dict[str, str],
    track_ids: set[str],
    course: Course | None,
) -> list[Problem]:
    out = []
    if rubric.lesson and rubric.lesson not in lessons:
        out.append(ref.problem(_unknown("lesson", rubric.lesson, lessons), "lesson"))
    for i, obj in enumerate(rubric.objectives):
        if obj not in objectives:
            out.append(ref.problem(_objective_unknown(obj, objectives), "objectives", i))
    if course is not None:
        for i, track in enumerate(rubric.tracks):
            if track not in track_ids:
                out.append(ref.problem(f"unknown track '{track}'{did_you_mean(track, track_ids)}", "tracks", i))
    return out


def _copied_objectives(obj: Any, first: Any) -> str:
    """For a lesson copied to start another: its objective ids clash too, say so now rather than next run."""
    if not isinstance(obj, Lesson) or not isinstance(first, Lesson):
        return ""
    theirs = {o.id for o in first.objectives}
    clash = [o.id for o in obj.objectives if o.id in theirs]
    if not clash:
        return ""
    return f"; a copied lesson needs new objective ids too (used in both: {', '.join(repr(c) for c in clash)})"


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


def _unknown(kind: str, value: str, known: Any) -> str:
    return f"unknown {kind} id '{value}'{did_you_mean(value, known)}"


def _objective_unknown(value: str, known: Any) -> str:
    return f"unknown learning objective id '{value}'{did_you_mean(value, known)} (objectives are defined in lessons)"


def _question_problems(
    q: QuestionModel,
    ref: SourceRef,
    indicators: dict[str, Indicator],
    lost_indicators: dict[str, Where | None],
    objectives: dict[str, str],
    lost_objectives: set[str],
) -> _Found:
    found = _Found()
    out = found.causes
    out.extend(
        _markdown_image_problems(
            ref, [(("prompt",), q.prompt), (("scenario",), q.scenario), (("explanation",), q.explanation)]
        )
    )
    for i, ind in enumerate(q.indicators):
        if ind in lost_indicators:
            found.lost(lost_indicators[ind])
        elif ind not in indicators:
            out.append(ref.problem(_unknown("indicator", ind, indicators), "indicators", i))
    for i, obj in enumerate(q.objectives):
        if obj not in objectives and obj not in lost_objectives:
            out.append(ref.problem(_objective_unknown(obj, objectives), "objectives", i))
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
            if ind in lost_indicators:
                found.lost(lost_indicators[ind])
            elif ind not in indicators:
                out.append(ref.problem(_unknown("indicator", ind, indicators), "present", i))
        explained = {fb.indicator for fb in q.feedback}
        for i, ind in enumerate(q.acceptable):
            if ind in lost_indicators:
                found.lost(lost_indicators[ind])
            elif ind not in indicators:
                out.append(ref.problem(_unknown("indicator", ind, indicators), "acceptable", i))
            elif ind not in explained:
                out.append(
                    ref.problem(
                        f"acceptable indicator '{ind}' needs a feedback entry saying why it is defensible",
                        "acceptable",
                        i,
                    )
                )
        for i, fb in enumerate(q.feedback):
            if fb.indicator in lost_indicators:
                found.lost(lost_indicators[fb.indicator])
            elif fb.indicator not in indicators:
                out.append(ref.problem(_unknown("indicator", fb.indicator, indicators), "feedback", i, "indicator"))
    elif isinstance(q, Matching):
        ids = [p.id for p in q.pairs]
        for i, pid in enumerate(ids):
            if pid in ids[:i]:
                out.append(ref.problem(f"duplicate pair id '{pid}'", "pairs", i, "id"))
    return found


def with_catalogue(q: SpotIndicators, indicators: dict[str, Indicator]) -> SpotIndicators:
    """A spot-the-indicators question's options: every indicator of the catalogue, with the question's
    own feedback on it or a standard sentence (also used to rebuild them in another language)."""
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
    lost_indicators: dict[str, Where | None],
    questions: dict[str, QuestionModel],
    bad_questions: dict[str, Where | None],
    track_ids: set[str],
    have_course: bool,
    content_roots: list[Path],
) -> _Found:
    found = _Found()
    out = found.causes
    for i, track in enumerate(lesson.tracks):
        if have_course and track != ALL_TRACKS and track not in track_ids:
            hint = did_you_mean(track, track_ids)
            out.append(
                ref.problem(
                    f"unknown track '{track}'{hint} (known: {sorted(track_ids)} or '{ALL_TRACKS}')", "tracks", i
                )
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
            if isinstance(block, IndicatorBlock) and block.indicator in lost_indicators:
                found.lost(lost_indicators[block.indicator])
            elif isinstance(block, IndicatorBlock) and block.indicator not in indicators:
                out.append(ref.problem(_unknown("indicator", block.indicator, indicators), *at, "indicator"))
            elif isinstance(block, CheckBlock | CaseStudyBlock):
                if block.question in bad_questions:
                    found.lost(bad_questions[block.question])
                elif block.question not in questions:
                    out.append(ref.problem(_unknown("question", block.question, questions), *at, "question"))
            elif isinstance(block, ChartBlock) and block.chart not in CHART_IDS:
                hint = did_you_mean(block.chart, CHART_IDS)
                out.append(
                    ref.problem(f"unknown chart id '{block.chart}'{hint} (known: {sorted(CHART_IDS)})", *at, "chart")
                )
            elif isinstance(block, ImageBlock):
                problem = image_src_problem(block.src, content_roots)
                if problem:
                    where = f" (section {s + 1} ('{section.id}'), block {b + 1})"
                    out.append(ref.problem(problem + where, *at, "src"))
    return found


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
    lost: dict[str, Where | None],
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
                out.append(ref.problem(_unknown("lesson", lid, lessons), "modules", m, "lessons", i))
        if module.quiz and module.quiz not in quizzes and module.quiz not in lost:
            out.append(ref.problem(_unknown("quiz", module.quiz, quizzes), "modules", m, "quiz"))
    return out


def _national_data_problems(course: Course, ref: SourceRef, content_roots: list[Path]) -> list[Problem]:
    """course.yaml `national_data`: the file must be in the content folder's data/ folder (its figures
    are checked with the other data files, by `validate`)."""
    wanted = course.national_data
    if wanted is None or not content_roots:
        return []
    if any(image_file(f"data/{wanted.file}", root) for root in content_roots):
        return []
    return [
        ref.problem(
            f"national data file '{wanted.file}' not found in the content folder's data/ folder "
            "(or it is a link to a file outside it): put the CSV there, or remove national_data",
            "national_data",
            "file",
        )
    ]


def _identity_problems(course: Course, ref: SourceRef, content_roots: list[Path]) -> list[Problem]:
    """course.yaml `identity`: the logo, a picture inside the content folder like a lesson's image; the
    typeface's two font files and its licence, inside the content folder the same way (no path out of
    it, no link to a file elsewhere), each font readable, at most 5 MB, with the letters every text
    needs and the family `name` it is given (modules/typeface.font_problems)."""
    logo = course.identity.logo
    problem = image_src_problem(logo, content_roots) if logo else None
    out = [ref.problem(f"identity logo: {problem}", "identity", "logo")] if problem else []
    face = course.identity.typeface
    if face is None or not content_roots:
        return out
    from modules import typeface  # here, not at the top: this function is the only user in the file

    def located(path: str) -> tuple[Path | None, str]:
        """The file inside a content folder, or None and why not."""
        found = next((f for root in content_roots if (f := image_file(path, root)) is not None), None)
        if found is not None:
            return found, ""
        if _leaves_by_name(path):
            return None, "must be a path inside the content folder"
        if any(_exists_somewhere(root / path) for root in content_roots):
            return None, (
                "is (or passes through) a link to a file outside the content folder; "
                "copy the file itself into the content folder"
            )
        return None, "not found in the content folder"

    why: list[tuple[str, str]] = []
    for key, path in (("regular", face.regular), ("bold", face.bold), ("licence", face.licence)):
        file, refused = located(path)
        if file is None and key == "licence":
            hint = ": a font is shipped with its licence; put it there" if refused.startswith("not found") else ""
            why.append((key, f"licence file '{path}' {refused}{hint}"))
        elif file is None:
            why.append((key, f"font file '{path}' {refused}"))
        elif key != "licence":
            why.extend((key, problem) for problem in typeface.font_problems(file, path, face.name))
    out.extend(ref.problem(f"identity typeface: {text}", "identity", "typeface", key) for key, text in why)
    return out


def _quiz_problems(
    quiz: Quiz,
    ref: SourceRef,
    questions: dict[str, QuestionModel],
    bad_questions: dict[str, Where | None],
    lessons: dict[str, Lesson],
    bad_lessons: set[str],
    module_ids: set[str],
    track_ids: set[str],
    indicators: dict[str, Indicator],
    lost_indicators: dict[str, Where | None],
    objectives: dict[str, str],
    lost_objectives: set[str],
    have_course: bool,
    questions_incomplete: bool,
    questions_unreadable: bool,
    bank: BankIndex,
) -> _Found:
    found = _Found()
    out = found.causes
    for i, qid in enumerate(quiz.questions):
        if qid in bad_questions:
            found.lost(bad_questions[qid])
        elif qid not in questions:
            out.append(ref.problem(_unknown("question", qid, questions), "questions", i))
        elif qid in quiz.questions[:i]:
            out.append(ref.problem(f"question '{qid}' is listed twice", "questions", i))
    if quiz.lesson and quiz.lesson not in lessons and quiz.lesson not in bad_lessons:
        out.append(ref.problem(_unknown("lesson", quiz.lesson, lessons), "lesson"))
    if have_course and quiz.module and quiz.module not in module_ids:
        out.append(ref.problem(_unknown("module", quiz.module, module_ids), "module"))
    if have_course and quiz.track and quiz.track not in track_ids:
        out.append(ref.problem(f"unknown track '{quiz.track}'{did_you_mean(quiz.track, track_ids)}", "track"))
    for r, rule in enumerate(quiz.draw):
        for key, ids in (("indicators", rule.indicators), ("any_indicators", rule.any_indicators)):
            for i, ind in enumerate(ids):
                if ind in lost_indicators:
                    found.lost(lost_indicators[ind])
                elif ind not in indicators:
                    out.append(ref.problem(_unknown("indicator", ind, indicators), "draw", r, key, i))
        for key, ids in (("objectives", rule.objectives), ("any_objectives", rule.any_objectives)):
            for i, obj in enumerate(ids):
                if obj not in objectives and obj not in lost_objectives:
                    out.append(
                        ref.problem(
                            f"unknown learning objective id '{obj}'{did_you_mean(obj, objectives)}", "draw", r, key, i
                        )
                    )
    short = [
        ref.problem(
            f"draw rule asks for {quiz.draw[r].count} questions but only {available} in the bank match it"
            f"{_not_counted(questions_incomplete)}",
            "draw",
            r,
            "count",
        )
        for r, available in draw_shortfalls(quiz.draw, bank)
    ]
    if not questions_incomplete:
        out.extend(short)
    elif questions_unreadable:
        found.silent = found.silent or bool(short)  # a question file that is not valid YAML says it all
    elif not (found.root or found.silent):
        found.follow_ons.extend(short)  # the questions left out for their errors may be the missing ones
    return found


def _not_counted(questions_incomplete: bool) -> str:
    return " (questions with errors are not counted: fix those first)" if questions_incomplete else ""
