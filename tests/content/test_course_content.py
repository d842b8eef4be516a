"""The real course content: loads without problems and holds the quality bar of issue 3."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from modules.content.assessment_rules import slot_signature
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.sources import content_dir
from modules.content.stats import inventory, is_case_study, lesson_has_check
from modules.domain.lesson import CaseStudyBlock, ChartBlock, IndicatorBlock
from modules.domain.question import QUESTION_TYPES, SpotIndicators
from modules.domain.quiz import Quiz
from modules.scoring.chance import form_chance

INDICATORS_IN_ILO_ORDER = [
    ("abuse_of_vulnerability", "Abuse of vulnerability"),
    ("deception", "Deception"),
    ("restriction_of_movement", "Restriction of movement"),
    ("isolation", "Isolation"),
    ("physical_sexual_violence", "Physical and sexual violence"),
    ("intimidation_threats", "Intimidation and threats"),
    ("retention_of_documents", "Retention of identity documents"),
    ("withholding_wages", "Withholding of wages"),
    ("debt_bondage", "Debt bondage"),
    ("abusive_conditions", "Abusive working and living conditions"),
    ("excessive_overtime", "Excessive overtime"),
]
TRACKS = {"labour_inspector": "Labour inspector", "police": "Police and law enforcement"}
CHART_IDS = {"enforcement_trend", "conviction_ratio", "labour_share", "attrition_funnel", "legal_timeline"}
MISTAKEN_MODULE = "m8-mistaken-crimes"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


def _quizzes(reg: Registry, kind: str) -> list[Quiz]:
    return [q for q in reg.quizzes.values() if q.kind == kind]


def test_content_loads_without_problems(reg: Registry) -> None:
    assert [str(p) for p in reg.problems] == []
    assert reg.course is not None


def test_indicators_are_the_eleven_ilo_indicators_in_order(reg: Registry) -> None:
    got = [(i.id, i.name) for i in sorted(reg.indicators.values(), key=lambda i: i.number)]
    assert got == INDICATORS_IN_ILO_ORDER
    assert [i.number for i in sorted(reg.indicators.values(), key=lambda i: i.number)] == list(range(1, 12))


def test_tracks(reg: Registry) -> None:
    assert reg.course is not None
    assert {t.id: t.title for t in reg.course.tracks} == TRACKS


def test_question_bank_size_and_types(reg: Registry) -> None:
    assert len(reg.questions) >= 100
    types = Counter(q.type for q in reg.questions.values())
    assert set(types) == set(QUESTION_TYPES)
    assert {q.difficulty for q in reg.questions.values()} == {"easy", "medium", "hard"}


def test_every_question_is_tagged_sourced_and_explained(reg: Registry) -> None:
    for q in reg.questions.values():
        assert q.objectives, f"{q.id} tests no learning objective"
        assert q.explanation and q.source.url, q.id
        for option in q.options:
            assert option.feedback.strip(), f"{q.id}: option {option.id} has no feedback"


def test_spot_indicator_questions_explain_every_present_indicator(reg: Registry) -> None:
    for q in reg.questions.values():
        if isinstance(q, SpotIndicators):
            explained = {fb.indicator for fb in q.feedback}
            assert set(q.present) <= explained, f"{q.id}: no custom feedback for {set(q.present) - explained}"
            assert explained - set(q.present), f"{q.id}: add feedback for at least one likely distractor"


def test_every_indicator_is_tested_by_five_questions(reg: Registry) -> None:
    per = inventory(reg)["questions_per_indicator"]
    assert set(per) == {i for i, _ in INDICATORS_IN_ILO_ORDER}
    short = {ind: n for ind, n in per.items() if n < 5}
    assert not short, f"indicators in fewer than 5 questions: {short}"


def test_case_studies(reg: Registry) -> None:
    cases = [q for q in reg.questions.values() if is_case_study(q)]
    assert len(cases) >= 15
    for q in cases:
        assert q.scenario and "illustrative scenario" in q.scenario.lower(), f"{q.id}: say it is illustrative"
    m8_objectives = {
        o.id
        for lid in next(m for m in reg.modules() if m.id == MISTAKEN_MODULE).lessons
        for o in reg.lessons[lid].objectives
    }
    mistaken = [q for q in cases if set(q.objectives) & m8_objectives]
    assert len(mistaken) >= 5
    assert sum(isinstance(q, SpotIndicators) for q in mistaken) >= 5


def test_case_study_blocks_are_illustrative_and_point_to_case_questions(reg: Registry) -> None:
    for lesson in reg.lessons.values():
        for section in lesson.sections:
            for block in section.blocks:
                if isinstance(block, CaseStudyBlock):
                    assert "illustrative scenario" in block.narrative.lower(), f"{lesson.id}/{section.id}"
                    assert is_case_study(reg.questions[block.question]), f"{lesson.id}: {block.question}"


def test_track_specific_case_studies(reg: Registry) -> None:
    for track, module_id in (("labour_inspector", "m4-labour-inspector"), ("police", "m5-police")):
        module = next(m for m in reg.modules() if m.id == module_id)
        assert all(reg.lessons[lid].tracks == [track] for lid in module.lessons), module_id
        objectives = {o.id for lid in module.lessons for o in reg.lessons[lid].objectives}
        cases = [q for q in reg.questions.values() if is_case_study(q) and set(q.objectives) & objectives]
        assert len(cases) >= 2, f"{track}: needs track-specific case studies"


LESSON_FILES = sorted(p.stem for p in (content_dir() / "lessons").glob("*.yaml"))


@pytest.mark.parametrize("lesson_id", LESSON_FILES)
def test_every_lesson_meets_the_bar(reg: Registry, lesson_id: str) -> None:
    """One case per lesson file, so a broken lesson names itself."""
    lesson = reg.lessons.get(lesson_id)
    assert lesson is not None, f"{lesson_id}: did not load (see validate)"
    assert lesson_has_check(lesson), f"{lesson.id}: no knowledge check"
    assert lesson.facilitator_notes, f"{lesson.id}: no facilitator notes for the console"
    assert all(s.learner_blocks() for s in lesson.sections), f"{lesson.id}: a section a learner would see empty"
    assert lesson.objectives and lesson.sources, lesson.id
    assert 5 <= lesson.minutes <= 20, f"{lesson.id}: {lesson.minutes} minutes"
    assert lesson.tracks == ["all"] or set(lesson.tracks) <= set(TRACKS), lesson.id


def test_module_titles_carry_no_number(reg: Registry) -> None:
    """Modules are numbered in each track's own order by the app (an inspector's 5 is not the police's 5)."""
    for module in reg.modules():
        assert not re.match(r"^\d", module.title), module.title


def test_objectives_are_unique_and_tested(reg: Registry) -> None:
    ids = [o.id for lesson in reg.lessons.values() for o in lesson.objectives]
    assert len(ids) == len(set(ids))
    assert inventory(reg)["unused"]["objectives_never_tested"] == []


def test_nothing_is_left_unused(reg: Registry) -> None:
    unused = inventory(reg)["unused"]
    assert unused == {
        "questions": [],
        "indicators_never_tagged": [],
        "indicators_never_shown": [],
        "objectives_never_tested": [],
        "lessons_not_in_outline": [],
    }


def test_every_block_kind_and_chart_is_used(reg: Registry) -> None:
    kinds = inventory(reg)["blocks_by_kind"]
    assert all(n > 0 for n in kinds.values()), kinds
    charts = {
        b.chart
        for lesson in reg.lessons.values()
        for s in lesson.sections
        for b in s.blocks
        if isinstance(b, ChartBlock)
    }
    assert charts == CHART_IDS
    for lesson in reg.lessons.values():
        for s in lesson.sections:
            for b in s.blocks:
                if isinstance(b, ChartBlock):
                    assert b.caption, f"{lesson.id}: chart {b.chart} needs a caption"
    shown = [
        b.indicator
        for lesson in reg.lessons.values()
        for s in lesson.sections
        for b in s.blocks
        if isinstance(b, IndicatorBlock)
    ]
    assert set(shown) == {i for i, _ in INDICATORS_IN_ILO_ORDER}


def test_chart_caption_figures_match_the_tip_table(reg: Registry) -> None:
    """Every thousands-separated figure in a chart caption is a value of the shipped TIP table."""
    path = content_dir() / "data" / "tip_global_law_enforcement.csv"
    assert path.is_file(), f"{path} is missing: the TIP table ships with the course (content/data/)"
    values: set[int] = set()
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values.update(int(v) for k, v in row.items() if k not in ("year", "source") and v)
    for lesson in reg.lessons.values():
        for s in lesson.sections:
            for b in s.blocks:
                if isinstance(b, ChartBlock) and b.caption:
                    for figure in re.findall(r"\b\d{1,3}(?:,\d{3})+\b", b.caption):
                        assert int(figure.replace(",", "")) in values, f"{lesson.id}/{b.chart}: {figure}"


def test_a_module_quiz_closes_every_module(reg: Registry) -> None:
    for module in reg.modules():
        assert module.quiz, f"{module.id} has no closing quiz"
        quiz = reg.quizzes[module.quiz]
        assert quiz.kind == "module" and quiz.module == module.id
        assert quiz.pass_mark == 70


def test_pre_and_post_tests_are_parallel_forms(reg: Registry) -> None:
    (pre,) = _quizzes(reg, "pre_test")
    (post,) = _quizzes(reg, "post_test")
    assert pre.questions and post.questions, "use explicit question lists"
    assert post.parallel_to == pre.id
    assert not set(pre.questions) & set(post.questions)
    slots = [(reg.questions[a], reg.questions[b]) for a, b in zip(pre.questions, post.questions, strict=True)]
    assert all(slot_signature(a) == slot_signature(b) for a, b in slots)
    assert {ind for q in pre.questions for ind in reg.questions[q].indicators} == {
        i for i, _ in INDICATORS_IN_ILO_ORDER
    }
    assert form_chance([a for a, _ in slots]) == form_chance([b for _, b in slots])
    assert pre.review == "after_post_test"


def test_a_final_assessment_per_track(reg: Registry) -> None:
    finals = {q.track: q for q in _quizzes(reg, "final")}
    assert set(finals) == set(TRACKS)
    for quiz in finals.values():
        assert 70 <= quiz.pass_mark <= 80
        assert quiz.max_attempts and quiz.review == "after_last_attempt"
        assert quiz.question_count() >= 15


def test_images_exist_and_have_alt_text(reg: Registry) -> None:
    for lesson in reg.lessons.values():
        for s in lesson.sections:
            for b in s.blocks:
                if b.kind == "image":
                    assert (Path(content_dir()) / b.src).is_file(), b.src
                    assert len(b.alt) > 40, f"{lesson.id}: alt text too short"
