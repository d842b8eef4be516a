"""The immutable result of loading: valid content by id, plus every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modules.content.problems import Problem
from modules.content.yaml_source import PathKey, YamlDocument
from modules.domain.country_profile import CountryProfile
from modules.domain.course import ALL_TRACKS, Course, CourseModule, NationalData
from modules.domain.glossary import GlossaryTerm
from modules.domain.indicator import Indicator
from modules.domain.lesson import Lesson
from modules.domain.question import QuestionModel
from modules.domain.quiz import BankIndex, Quiz, quiz_pool
from modules.domain.rubric import Rubric
from modules.i18n import gettext


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
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    """Observation checklists for role plays, scored by facilitators (domain.rubric)."""
    reserved: frozenset[str] = frozenset()
    """Questions listed by a pre-test, post-test or final: no other quiz's draw rules pick them."""
    exposed: frozenset[str] = frozenset()
    """Questions a learner meets before a final (lesson checks and case studies, every other quiz): a
    final never draws them (`draw_bank`), and validation refuses a final that lists one."""
    warnings: tuple[Problem, ...] = ()
    """Gaps that break nothing but that an author wants to know (a lesson in no module, an objective no
    question tests): `validate` prints them after the problems, and they never make it fail."""
    glossary: tuple[GlossaryTerm, ...] = ()
    """The terms of content/glossary.yaml, in the file's order (none when the course has no glossary)."""
    country_profile: CountryProfile | None = None
    """content/country-profile.yaml, when the course has a valid one: its offences and contacts fill the
    `national_law` and `contact_card` blocks."""
    roots: tuple[Path, ...] = ()
    """The content folders it was read from: each one's translations/<language>/ holds that language's
    text, which modules.content.translations reads (once per content version) when a language is asked for."""

    def pool_of(self, quiz: Quiz) -> list[QuestionModel]:
        """Every question the quiz may ask: its list, or what its draw rules may pick from its draw bank."""
        return DrawBanks(self).pool_of(quiz)

    def draw_bank(self, quiz: Quiz) -> dict[str, QuestionModel]:
        """The questions a quiz's draw rules pick from: for a final the held-out part (met nowhere else), for
        any other quiz the bank without the questions reserved for pre-tests, post-tests and finals."""
        if quiz.questions:  # a fixed list asks what it lists
            return self.questions
        return self.bank_drawn_by(final=quiz.kind == "final")

    def bank_drawn_by(self, final: bool) -> dict[str, QuestionModel]:
        """The draw bank of a final (`final`), or of every other quiz."""
        left_out = self.exposed if final else self.reserved
        if not left_out:
            return self.questions
        return {qid: q for qid, q in self.questions.items() if qid not in left_out}

    def glossary_term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.glossary if t.id == term_id), None)

    def national_data(self) -> NationalData | None:
        """The national figures the charts draw: course.yaml's `national_data`, else the country profile's
        `national_data_file` (shown beside the global figures, labelled with the country's name)."""
        if self.course is not None and self.course.national_data is not None:
            return self.course.national_data
        profile = self.country_profile
        if profile is not None and profile.national_data_file:
            return NationalData(file=profile.national_data_file, name=profile.country)
        return None

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
        # TRANSLATORS: a module's heading: its number in the learner's track, then its title.
        return gettext("Module {n}: {title}", n=n, title=module.title) if n is not None else module.title

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


class DrawBanks:
    """A registry's two draw banks (a final's, every other quiz's), each made once with its index, for a pass
    over every quiz (stats, lint): asking Registry.draw_bank quiz by quiz copied the bank each time, and each
    rule then scanned it, which grew with quizzes times questions."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._banks: dict[bool, BankIndex] = {}

    def index(self, quiz: Quiz) -> BankIndex:
        """The quiz's draw bank (Registry.draw_bank), indexed for its rules."""
        if quiz.questions:
            return BankIndex(self._registry.questions)
        final = quiz.kind == "final"
        if final not in self._banks:
            self._banks[final] = BankIndex(self._registry.bank_drawn_by(final))
        return self._banks[final]

    def pool_of(self, quiz: Quiz) -> list[QuestionModel]:
        """Registry.pool_of, with the banks made once."""
        questions = self._registry.questions
        pool = quiz_pool(quiz, self.index(quiz)) if quiz.draw else quiz.questions
        return [questions[q] for q in pool if q in questions]
