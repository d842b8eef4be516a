"""Unit tests for modules.content.stats.inventory on a tiny hand-built content set."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.content.stats import inventory

COURSE = """
course:
  id: tiny
  title: Tiny course
  description: A course for tests.
  audience: Testers.
  tracks:
    - id: inspector
      title: Inspector
      description: Inspectors.
  modules:
    - id: mod-a
      title: Module A
      description: The only module.
      lessons: [lesson-a]
      quiz: quiz-mod-a
"""

INDICATORS = """
indicators:
  - id: ind-a
    number: 1
    name: Indicator A
    summary: First.
    signs: [a sign]
    questions_to_ask: [a question]
    evidence_to_record: [some evidence]
    source: {title: Src, url: "https://example.org/a"}
  - id: ind-b
    number: 2
    name: Indicator B
    summary: Second.
    signs: [a sign]
    questions_to_ask: [a question]
    evidence_to_record: [some evidence]
    source: {title: Src, url: "https://example.org/b"}
"""

LESSON_A = """
id: lesson-a
title: Lesson A
summary: In the outline.
objectives:
  - {id: obj-a, text: Tested objective.}
  - {id: obj-b, text: Untested objective.}
minutes: 10
tracks: [all]
sources: [{title: Src, url: "https://example.org/s"}]
sections:
  - id: s1
    title: One
    blocks:
      - {kind: text, body: Hello.}
      - {kind: indicator, indicator: ind-a}
      - {kind: check, question: q-single}
  - id: s2
    title: Two
    blocks:
      - {kind: case_study, title: Case, narrative: An illustrative scenario., question: q-spot}
      - {kind: facilitator_notes, body: Notes.}
"""

LESSON_B = """
id: lesson-b
title: Lesson B
summary: Not in the outline and without a check.
objectives:
  - {id: obj-c, text: Another objective.}
minutes: 5
tracks: [inspector]
sources: [{title: Src, url: "https://example.org/s"}]
sections:
  - id: s1
    title: Only
    blocks:
      - {kind: key_point, body: Remember.}
"""

BANK = """
questions:
  - id: q-single
    type: single_choice
    difficulty: easy
    prompt: Pick one.
    options:
      - {id: a, text: A, feedback: Right.}
      - {id: b, text: B, feedback: Wrong.}
    correct: a
    explanation: Because.
    indicators: [ind-a]
    objectives: [obj-a]
    source: {title: Src, url: "https://example.org/q"}
  - id: q-spot
    type: spot_indicators
    difficulty: hard
    scenario: An illustrative scenario.
    prompt: Spot them.
    present: [ind-a]
    explanation: Because.
    objectives: [obj-a]
    source: {title: Src, url: "https://example.org/q"}
  - id: q-tf
    type: true_false
    prompt: True?
    answer: true
    feedback_if_true: Yes.
    feedback_if_false: No.
    explanation: Because.
    scenario: A short narrative.
    source: {title: Src, url: "https://example.org/q"}
  - id: q-orphan
    type: multiple_response
    prompt: Choose.
    options:
      - {id: a, text: A, feedback: Yes.}
      - {id: b, text: B, feedback: No.}
    correct: [a]
    explanation: Because.
    source: {title: Src, url: "https://example.org/q"}
quizzes:
  - id: quiz-mod-a
    title: Module A quiz
    kind: module
    module: mod-a
    pass_mark: 70
    questions: [q-spot]
  - id: quiz-final
    title: Final
    kind: final
    track: inspector
    pass_mark: 75
    draw:
      - {count: 1, types: [true_false]}
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def inv(tmp_path: Path) -> dict:
    content = tmp_path / "content"
    quizzes = tmp_path / "quizzes"
    _write(content / "course.yaml", COURSE)
    _write(content / "indicators.yaml", INDICATORS)
    _write(content / "lessons" / "lesson-a.yaml", LESSON_A)
    _write(content / "lessons" / "lesson-b.yaml", LESSON_B)
    _write(quizzes / "bank.yaml", BANK)
    registry = load_registry([content, quizzes])
    assert registry.problems == (), [str(p) for p in registry.problems]
    return inventory(registry)


def test_counts(inv: dict) -> None:
    assert inv["problems"] == 0
    assert inv["counts"] == {
        "modules": 1,
        "lessons": 2,
        "sections": 3,
        "blocks": 6,
        "indicators": 2,
        "objectives": 3,
        "questions": 4,
        "case_studies": 2,
        "quizzes": 2,
        "lesson_minutes": 15,
        "glossary_terms": 0,
    }


def test_blocks_by_kind(inv: dict) -> None:
    assert inv["blocks_by_kind"] == {
        "text": 1,
        "key_point": 1,
        "indicator": 1,
        "case_study": 1,
        "chart": 0,
        "image": 0,
        "check": 1,
        "facilitator_notes": 1,
        "national_law": 0,
        "contact_card": 0,
    }


def test_questions_and_quizzes_by_kind(inv: dict) -> None:
    assert inv["questions_by_type"] == {
        "single_choice": 1,
        "multiple_response": 1,
        "true_false": 1,
        "spot_indicators": 1,
        "matching": 0,
    }
    assert inv["questions_by_difficulty"] == {"easy": 1, "medium": 2, "hard": 1}
    assert inv["quizzes_by_kind"] == {"lesson": 0, "module": 1, "pre_test": 0, "post_test": 0, "final": 1}


def test_per_indicator_and_objective(inv: dict) -> None:
    # q-single is tagged ind-a; q-spot has ind-a present (counted once per question).
    assert inv["questions_per_indicator"] == {"ind-a": 2, "ind-b": 0}
    assert inv["questions_per_objective"] == {"obj-a": 2, "obj-b": 0, "obj-c": 0}


def test_gaps(inv: dict) -> None:
    assert inv["lessons_without_checks"] == ["lesson-b"]
    assert inv["modules_without_quiz"] == []
    assert inv["case_study_blocks_without_case_question"] == []
    assert inv["unused"] == {
        # q-tf is used through the final's draw rule; q-orphan is used nowhere.
        "questions": ["q-orphan"],
        "indicators_never_tagged": ["ind-b"],
        "indicators_never_shown": ["ind-b"],
        "objectives_never_tested": ["obj-b", "obj-c"],
        "lessons_not_in_outline": ["lesson-b"],
    }


def test_inventory_is_json_serialisable(inv: dict) -> None:
    import json

    assert json.loads(json.dumps(inv)) == inv


def test_tracks_and_draw_rule_pools(inv: dict) -> None:
    # lesson-b is tagged for the inspector track but is in no module, so the track does not take it
    assert inv["tracks"] == {"inspector": {"title": "Inspector", "modules": 1, "lessons": 1, "minutes": 10}}
    assert inv["draw_rules"] == [{"quiz": "quiz-final", "rule": 1, "count": 1, "pool": 1}]


def _sets(tmp_path: Path, broken: bool = False) -> list[Path]:
    content = tmp_path / "content"
    quizzes = tmp_path / "quizzes"
    _write(content / "course.yaml", COURSE)
    _write(content / "indicators.yaml", INDICATORS)
    _write(content / "lessons" / "lesson-a.yaml", LESSON_A)
    _write(
        content / "lessons" / "lesson-b.yaml", LESSON_B.replace("minutes: 5", "minutes: five") if broken else LESSON_B
    )
    _write(quizzes / "bank.yaml", BANK)
    return [content, quizzes]


def test_summary_for_people_puts_gaps_first(tmp_path: Path) -> None:
    from modules.content.stats import summary

    text = summary(load_registry(_sets(tmp_path)), where="content and quizzes")
    assert text.startswith("Content read from content and quizzes")
    assert "PROBLEMS" not in text
    heads = [text.index(h) for h in ("GAPS", "TRACKS", "DRAW RULES", "TOTALS")]
    assert heads == sorted(heads)
    gaps = text[text.index("GAPS") : text.index("TRACKS")]
    assert "1 lesson is in no module of course.yaml, so learners never see it:\n    lesson-b" in gaps
    assert "1 lesson has no knowledge check:\n    lesson-b" in gaps
    assert "2 objectives are tested by no question:\n    obj-b, obj-c" in gaps
    assert "1 question is used by no lesson and no quiz:\n    q-orphan" in gaps
    assert "1 draw rule has no spare question, so every attempt gets the same questions:\n    quiz-final rule 1" in gaps
    assert "  Inspector (inspector): 1 module, 1 lesson, 10 minutes\n" in text
    assert "  quiz-final rule 1: draws 1 of 1 (type true_false)\n" in text
    assert "2 lessons of 15 minutes in all" in text


def test_summary_lists_problems_before_gaps(tmp_path: Path) -> None:
    from modules.content.stats import summary

    text = summary(load_registry(_sets(tmp_path, broken=True)))
    assert text.startswith("PROBLEMS: 1 problem keeps some content out of the app. Run `make validate`")
    assert "lesson-b.yaml:" in text.splitlines()[1]
    assert text.index("PROBLEMS") < text.index("GAPS")


def test_cli_prints_the_summary_and_json_on_request(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    paths = [str(p) for p in _sets(tmp_path)]

    def run(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "modules", "stats", *paths, *extra],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "GAPS" in run()
    data = json.loads(run("--json"))
    assert data == json.loads(json.dumps(inventory(load_registry([Path(p) for p in paths]))))
    assert list(data)[:12] == [
        "version",
        "problems",
        "counts",
        "blocks_by_kind",
        "questions_by_type",
        "questions_by_difficulty",
        "quizzes_by_kind",
        "questions_per_indicator",
        "questions_per_objective",
        "lessons_without_checks",
        "modules_without_quiz",
        "case_study_blocks_without_case_question",
    ]


def test_glossary_terms_are_counted_and_listed(tmp_path: Path) -> None:
    from modules.content.stats import summary

    paths = _sets(tmp_path)
    _write(
        paths[0] / "glossary.yaml",
        """
        glossary:
          - id: debt-bondage
            term: debt bondage
            definition: Work to pay off a debt that never ends.
            source: {title: Src, url: "https://example.org/g"}
        """,
    )
    registry = load_registry(paths)
    data = inventory(registry)
    assert data["counts"]["glossary_terms"] == 1
    assert data["glossary"] == [{"id": "debt-bondage", "term": "debt bondage"}]
    assert data["country_profile"] is None
    assert "  1 glossary term; no country profile\n" in summary(registry)
