"""Draw rules: `indicators`/`objectives` mean "all of", `any_indicators`/`any_objectives` mean "any of",
and every filter a rule gives must hold. Pools are counted on the valid fixture's bank:

    q-single  deception               lo-one  easy    single_choice
    q-multi   debt_bondage            lo-one  medium  multiple_response
    q-tf      deception               -       easy    true_false
    q-spot    deception, debt_bondage -       hard    spot_indicators
    q-match   deception, debt_bondage lo-two  medium  matching
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.stats import describe_rule, inventory
from modules.domain.quiz import DrawRule, Quiz, draw_pool
from modules.scoring.draw import draw_questions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid"


@pytest.fixture(scope="module")
def reg() -> Registry:
    r = load_registry([FIXTURE / "content", FIXTURE / "quizzes"])
    assert r.problems == ()
    return r


@pytest.mark.parametrize(
    ("rule", "pool"),
    [
        ({}, ["q-single", "q-multi", "q-tf", "q-spot", "q-match"]),
        ({"indicators": ["deception", "debt_bondage"]}, ["q-spot", "q-match"]),  # all of: tagged with both
        ({"any_indicators": ["deception", "debt_bondage"]}, ["q-single", "q-multi", "q-tf", "q-spot", "q-match"]),
        ({"any_indicators": ["debt_bondage"]}, ["q-multi", "q-spot", "q-match"]),
        ({"indicators": ["deception"], "any_indicators": ["debt_bondage"]}, ["q-spot", "q-match"]),
        ({"any_indicators": ["deception", "debt_bondage"], "difficulty": "easy"}, ["q-single", "q-tf"]),
        ({"objectives": ["lo-one", "lo-two"]}, []),  # all of: no question tests both
        ({"any_objectives": ["lo-one", "lo-two"]}, ["q-single", "q-multi", "q-match"]),
        ({"any_objectives": ["lo-one", "lo-two"], "types": ["matching", "true_false"]}, ["q-match"]),
        ({"any_indicators": ["debt_bondage"], "any_objectives": ["lo-one"]}, ["q-multi"]),
    ],
)
def test_pool(reg: Registry, rule: dict, pool: list[str]) -> None:
    assert draw_pool(DrawRule(count=1, **rule), reg.questions) == pool


def test_any_of_ids_are_checked_like_other_ids() -> None:
    with pytest.raises(ValidationError, match="lower-case"):
        DrawRule(count=1, any_indicators=["Debt Bondage"])
    with pytest.raises(ValidationError, match="lower-case"):
        DrawRule(count=1, any_objectives=["LO 1"])
    assert DrawRule(count=1).any_indicators == [] and DrawRule(count=1).any_objectives == []


def test_a_draw_picks_only_from_the_any_of_pool(reg: Registry) -> None:
    quiz = Quiz(id="q", title="Any of", pass_mark=50, draw=[DrawRule(count=3, any_indicators=["debt_bondage"])])
    for seed in range(10):
        drawn = draw_questions(quiz, reg.questions, seed=seed)
        assert sorted(drawn) == ["q-match", "q-multi", "q-spot"]


def test_stats_show_each_rules_pool(reg: Registry) -> None:
    assert inventory(reg)["draw_rules"] == [{"quiz": "quiz-draw", "rule": 1, "count": 2, "pool": 4}]


def test_rules_in_words() -> None:
    assert describe_rule(DrawRule(count=1)) == "any question"
    assert (
        describe_rule(DrawRule(count=2, indicators=["deception", "debt_bondage"], any_objectives=["lo-one"]))
        == "tagged with all of deception, debt_bondage; testing lo-one"
    )
    assert (
        describe_rule(DrawRule(count=2, any_indicators=["deception", "isolation"], difficulty="easy"))
        == "tagged with any of deception, isolation; easy"
    )
