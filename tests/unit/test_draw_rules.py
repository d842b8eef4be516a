"""Draw rules: `indicators`/`objectives` mean "all of", `any_indicators`/`any_objectives` mean "any of",
and every filter a rule gives must hold. Pools are counted on the valid fixture's bank:

    q-single  deception               lo-one  easy    single_choice
    q-multi   debt_bondage            lo-one  medium  multiple_response
    q-tf      deception               -       easy    true_false
    q-spot    deception, debt_bondage -       hard    spot_indicators
    q-match   deception, debt_bondage lo-two  medium  matching
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.content.stats import describe_rule, inventory
from modules.domain.question import QuestionModel
from modules.domain.quiz import BankIndex, DrawRule, Quiz, draw_pool
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


def test_the_bank_index_gives_every_rule_the_pool_a_scan_gives_in_the_same_order(reg: Registry) -> None:
    """Validation, stats and lint look rules up in a BankIndex; draws for learners scan with draw_pool. The
    two must agree, order included (a seeded draw shuffles the pool in that order)."""
    rng = random.Random(7)
    ids = {"indicators": ["deception", "debt_bondage", "unknown"], "objectives": ["lo-one", "lo-two", "lo-x"]}
    types = ["single_choice", "multiple_response", "true_false", "spot_indicators", "matching"]
    index = BankIndex(reg.questions)
    for _ in range(300):
        rule: dict[str, object] = {}
        for key, values in ids.items():
            if rng.random() < 0.4:
                rule[key] = rng.sample(values, rng.randint(1, 2))
            if rng.random() < 0.4:
                rule[f"any_{key}"] = rng.sample(values, rng.randint(1, 3))
        if rng.random() < 0.4:
            rule["difficulty"] = rng.choice(["easy", "medium", "hard"])
        if rng.random() < 0.4:
            rule["types"] = rng.sample(types, rng.randint(1, 3))
        draw = DrawRule(count=1, **rule)  # type: ignore[arg-type]
        assert index.pool(draw) == draw_pool(draw, reg.questions), rule


def test_validation_tests_each_draw_rule_against_its_candidates_not_the_whole_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 generated questions, 4 of them on lo-two, and 20 quizzes drawing from lo-two: scanning the bank
    for every rule tested each rule against all 405 questions (over 8,000 tests per pass over the rules);
    through the index a rule is tested against the 5 questions on lo-two."""
    shutil.copytree(FIXTURE, tmp_path / "set")
    bank = [
        {
            "id": f"q-gen-{i}",
            "type": "true_false",
            "prompt": f"Generated statement {i}.",
            "answer": True,
            "feedback_if_true": "Yes.",
            "feedback_if_false": "No.",
            "explanation": "Generated.",
            "objectives": ["lo-two"] if i % 100 == 0 else [],
            "source": {"title": "Generated", "url": "https://www.ilo.org/"},
        }
        for i in range(400)
    ]
    quizzes = [
        {"id": f"quiz-gen-{r}", "title": "Generated", "pass_mark": 50, "draw": [{"count": 1, "objectives": ["lo-two"]}]}
        for r in range(20)
    ]
    (tmp_path / "set" / "quizzes" / "generated.yaml").write_text(
        yaml.safe_dump({"questions": bank, "quizzes": quizzes})
    )
    tested = 0
    matches = DrawRule.matches

    def counted(self: DrawRule, question: QuestionModel) -> bool:
        nonlocal tested
        tested += 1
        return matches(self, question)

    monkeypatch.setattr(DrawRule, "matches", counted)
    registry = load_registry([tmp_path / "set" / "content", tmp_path / "set" / "quizzes"])
    assert registry.problems == ()
    assert len(registry.questions) == 405 and tested > 0
    assert tested <= 4 * 20 * 5  # every pass over the rules (quiz checks, exposures) tests 5 questions a rule
    tested = 0
    pools = [registry.pool_of(registry.quizzes[f"quiz-gen-{r}"]) for r in range(20)]
    assert all(len(pool) == 5 for pool in pools) and tested <= 20 * 5
