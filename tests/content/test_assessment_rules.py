"""The validation rules that keep scores meaningful, each broken on a copy of the fixture set: parallel
forms slot by slot, held-out finals (listed or drawn), pre-test questions kept apart, core objectives
covered, and other quizzes' draws kept off reserved questions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.content.registry import Registry
from tests.conftest import FIXTURES
from tests.unit.test_cohorts_repo import add_programme_quizzes


@pytest.fixture
def programme_set(tmp_path: Path) -> Path:
    root = tmp_path / "set"
    shutil.copytree(FIXTURES / "valid", root)
    add_programme_quizzes(root)
    return root


def _load(root: Path) -> Registry:
    return load_registry([root / "content", root / "quizzes"])


def _edit(root: Path, old: str, new: str, file: str = "quizzes/programme.yaml") -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _messages(root: Path) -> list[str]:
    return [p.message for p in _load(root).problems]


def test_the_programme_fixture_passes_every_rule(programme_set: Path) -> None:
    reg = _load(programme_set)
    assert reg.problems == ()
    assert {"q-single-pre", "q-single-post", "q-single-fin"} <= reg.reserved
    assert "q-single" in reg.exposed and "q-single-fin" not in reg.exposed


def test_a_slot_that_differs_is_named_with_what_differs(programme_set: Path) -> None:
    _edit(
        programme_set,
        "questions: [q-single-post, q-multi-post, q-tf-post, q-spot-post, q-match-post]",
        "questions: [q-single-post, q-tf-post, q-multi-post, q-spot-post, q-match-post]",
    )
    found = [m for m in _messages(programme_set) if m.startswith("slot 2 is not parallel")]
    assert found == [
        "slot 2 is not parallel to 'pre': 'q-tf-post' and 'q-multi-pre' differ in type 'true_false' against "
        "'multiple_response'; number of options 2 against 4; indicators ('deception',) against ('debt_bondage',); objectives () against "
        "('lo-one',); difficulty 'easy' against 'medium'"
    ]


def test_parallel_forms_share_no_question_and_have_the_same_length(programme_set: Path) -> None:
    _edit(programme_set, "[q-single-post, q-multi-post,", "[q-single-pre, q-multi-post,")
    assert "parallel forms share no question; both ask q-single-pre" in _messages(programme_set)
    _edit(programme_set, ", q-match-post]", "]")
    assert "not parallel to 'pre': 4 questions against 5" in _messages(programme_set)


def test_a_post_test_must_name_its_pre_test(programme_set: Path) -> None:
    _edit(programme_set, "    parallel_to: pre\n", "")
    assert any(m.startswith("a post-test needs `parallel_to:") for m in _messages(programme_set))


def test_a_final_listing_a_question_met_before_is_refused(programme_set: Path) -> None:
    _edit(programme_set, "questions: [q-single-fin, q-tf-fin, q-multi-fin]", "questions: [q-single, q-tf-fin]")
    assert (
        "a final may only ask questions learners have not met: 'q-single' is also in lesson 'l-one', "
        "quiz 'quiz-one'. Write a new question for the final"
    ) in _messages(programme_set)


def test_a_drawn_final_draws_only_held_out_questions(programme_set: Path) -> None:
    quizzes = programme_set / "quizzes" / "quizzes.yaml"
    text = quizzes.read_text(encoding="utf-8")
    quizzes.write_text(text[: text.index("  - id: quiz-draw")], encoding="utf-8")  # its draw would expose them
    _edit(
        programme_set,
        "    questions: [q-single-fin, q-tf-fin, q-multi-fin]\n",
        "    draw:\n      - count: 3\n        indicators: [deception]\n",
    )
    reg = _load(programme_set)
    assert reg.problems == ()
    final = reg.quizzes["final-inspector"]
    pool = set(reg.draw_bank(final)) & {q for q, x in reg.questions.items() if "deception" in x.indicators}
    assert pool == {"q-single-fin", "q-tf-fin", "q-spot-fin", "q-match-fin"}  # never q-single, met in lesson l-one
    assert not pool & reg.exposed
    _edit(programme_set, "      - count: 3\n", "      - count: 5\n")
    assert (
        "a final draws only questions learners have not met elsewhere: this rule asks for 5 and 4 such questions "
        "match it. Write new questions for the final"
    ) in _messages(programme_set)


def test_a_pre_test_question_used_elsewhere_is_refused(programme_set: Path) -> None:
    _edit(programme_set, "[q-single-pre, q-multi-pre,", "[q-single, q-multi-pre,")
    assert any(m.startswith("pre-test question 'q-single' is also in lesson 'l-one'") for m in _messages(programme_set))


def test_other_quizzes_never_draw_reserved_questions(programme_set: Path) -> None:
    reg = _load(programme_set)
    drawn = reg.draw_bank(reg.quizzes["quiz-draw"])
    assert "q-single" in drawn and not {"q-single-pre", "q-single-post", "q-single-fin"} & set(drawn)


def test_a_final_must_cover_each_core_objective_three_times(programme_set: Path) -> None:
    _edit(
        programme_set,
        "      title: Labour inspector\n",
        "      title: Labour inspector\n      core_objectives: [lo-one]\n",
        "content/course.yaml",
    )
    assert (
        "the final has 2 question(s) on core objective 'lo-one' of track 'labour_inspector'; it needs at least 3"
    ) in _messages(programme_set)


def test_observation_checklists_are_validated(programme_set: Path) -> None:
    from tests.app.test_observations import RUBRIC

    (programme_set / "content" / "rubrics.yaml").write_text(RUBRIC, encoding="utf-8")
    assert list(_load(programme_set).rubrics) == ["obs-interview"]
    _edit(programme_set, "lesson: l-one", "lesson: l-nine", "content/rubrics.yaml")
    _edit(programme_set, "objectives: [lo-one]", "objectives: [lo-nine]", "content/rubrics.yaml")
    _edit(programme_set, "tracks: [labour_inspector]", "tracks: [inspectors]", "content/rubrics.yaml")
    messages = _messages(programme_set)
    assert any(m.startswith("unknown lesson id 'l-nine'") for m in messages)
    assert any(m.startswith("unknown learning objective id 'lo-nine'") for m in messages)
    assert any(m.startswith("unknown track 'inspectors'") for m in messages)
    _edit(programme_set, "points: 2}", "points: 1}", "content/rubrics.yaml")
    assert any("each worth more points than the one before" in m for m in _messages(programme_set))
