"""Scores that measure learning, checked on the shipped course from its YAML alone:

- a learner who knows nothing but reads item-writing cues scores near chance on every quiz;
- the pre-test and post-test are parallel forms with the same chance score;
- finals ask nothing a learner met before (no lesson check or case study, no other quiz);
- each final covers each core objective of its track at least three times;
- draws elsewhere never pick a question reserved for a pre-test, post-test or final."""

from __future__ import annotations

import pytest

from modules.content.assessment_rules import CORE_MIN, exposures
from modules.content.guesser import cue_score
from modules.content.item_lint import TEST_WISE_MARGIN
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.scoring.chance import form_chance


@pytest.fixture(scope="module")
def reg() -> Registry:
    registry = load_registry()
    assert registry.problems == ()
    return registry


def _quiz_ids() -> list[str]:
    return sorted(load_registry().quizzes)


@pytest.mark.parametrize("quiz_id", _quiz_ids())
def test_a_test_wise_guesser_scores_near_chance(reg: Registry, quiz_id: str) -> None:
    quiz = reg.quizzes[quiz_id]
    pool = reg.pool_of(quiz)
    cue, chance = cue_score(pool), form_chance(pool)
    assert cue is not None and chance is not None
    assert cue <= chance + TEST_WISE_MARGIN, f"{quiz_id}: cues score {cue:.0f}%, chance {chance:.0f}%"
    assert chance < 40, f"{quiz_id}: a random guess already scores {chance:.0f}%"


def test_the_pre_and_post_test_have_the_same_chance_score(reg: Registry) -> None:
    (pre,) = [q for q in reg.quizzes.values() if q.kind == "pre_test"]
    (post,) = [q for q in reg.quizzes.values() if q.kind == "post_test"]
    assert form_chance([reg.questions[q] for q in pre.questions]) == form_chance(
        [reg.questions[q] for q in post.questions]
    )


def test_finals_share_no_question_with_anything_a_learner_saw_before(reg: Registry) -> None:
    seen = exposures(reg.lessons.values(), reg.quizzes.values(), reg.questions)
    finals = [q for q in reg.quizzes.values() if q.kind == "final"]
    assert len(finals) == 2
    for final in finals:
        assert not set(final.questions) & set(seen), final.id
        assert set(final.questions) <= set(reg.reserved)


def test_each_final_holds_three_questions_per_core_objective(reg: Registry) -> None:
    assert reg.course is not None
    for track in reg.course.tracks:
        assert len(track.core_objectives) >= 4, track.id
        (final,) = [q for q in reg.quizzes.values() if q.kind == "final" and q.track == track.id]
        for objective in track.core_objectives:
            n = sum(objective in reg.questions[q].objectives for q in final.questions)
            assert n >= CORE_MIN, (track.id, objective, n)


def test_no_other_quiz_can_draw_a_reserved_question(reg: Registry) -> None:
    for quiz in reg.quizzes.values():
        if quiz.draw and quiz.kind != "final":
            assert not {q.id for q in reg.pool_of(quiz)} & reg.reserved, quiz.id
