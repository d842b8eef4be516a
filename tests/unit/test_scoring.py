"""Scoring of every question type, partial credit, grading across attempts, review policy, draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.scoring.draw import draw_questions, option_order
from modules.scoring.questions import normalise_answer, score_question
from modules.scoring.quizzes import grade, review_visible, score_quiz

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid"


@pytest.fixture(scope="module")
def reg() -> Registry:
    r = load_registry([FIXTURE / "content", FIXTURE / "quizzes"])
    assert r.problems == ()
    return r


@pytest.mark.parametrize(("answer", "score"), [(["a"], 1.0), (["b"], 0.0), ([], 0.0), (["a", "b"], 1.0)])
def test_single_choice(reg: Registry, answer: list[str], score: float) -> None:
    # a second id is ignored: single choice keeps the first valid pick only
    assert score_question(reg.questions["q-single"], answer).score == score


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        (["a", "b"], 1.0),  # all right
        (["a"], 0.5),  # half the right ones
        (["a", "c"], 0.0),  # one right, one wrong cancel out
        (["a", "b", "c"], 0.5),  # two right minus one wrong over two
        (["a", "b", "c", "d"], 0.0),  # ticking everything earns nothing
        (["c", "d"], 0.0),  # never below zero
        (["a", "a", "zz"], 0.5),  # duplicates and unknown ids are dropped
    ],
)
def test_multiple_response_partial_credit(reg: Registry, answer: list[str], score: float) -> None:
    assert score_question(reg.questions["q-multi"], answer).score == score


def test_true_false(reg: Registry) -> None:
    q = reg.questions["q-tf"]
    assert score_question(q, ["false"]).score == 1.0
    right = score_question(q, ["true"])
    assert right.score == 0.0
    chosen = [o for o in right.options if o.selected]
    assert chosen[0].feedback == "Not always."


def test_spot_indicators(reg: Registry) -> None:
    q = reg.questions["q-spot"]
    assert score_question(q, ["deception", "debt_bondage"]).score == 1.0
    assert score_question(q, ["deception"]).score == 0.5
    res = score_question(q, ["deception"])
    missed = next(o for o in res.options if o.option_id == "debt_bondage")
    assert missed.correct and not missed.selected


def test_matching(reg: Registry) -> None:
    q = reg.questions["q-match"]
    assert score_question(q, ["p1", "p2"]).score == 1.0
    assert score_question(q, ["p1", ""]).score == 0.5
    assert score_question(q, ["p2", "p1"]).score == 0.0
    assert normalise_answer(q, ["p1"]) == ["p1", ""]
    assert normalise_answer(q, ["<script>", "p2", "p1"]) == ["", "p2"]


def test_quiz_score_and_pass(reg: Registry) -> None:
    quiz = reg.quizzes["quiz-one"]
    qs = [reg.questions[i] for i in quiz.questions]
    perfect = {
        "q-single": ["a"],
        "q-multi": ["a", "b"],
        "q-tf": ["false"],
        "q-spot": ["deception", "debt_bondage"],
        "q-match": ["p1", "p2"],
    }
    assert score_quiz(quiz, qs, perfect).score == 100.0
    partial = dict(perfect, **{"q-multi": ["a"], "q-match": ["p2", "p1"]})  # 1 + .5 + 1 + 1 + 0 = 3.5 / 5
    result = score_quiz(quiz, qs, partial)
    assert result.score == 70.0 and result.passed
    assert not score_quiz(quiz, qs, {}).passed


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", 80.0), ("last", 60.0), ("first", 40.0), ("average", 60.0)]
)
def test_grading_methods(method: str, expected: float) -> None:
    assert grade([40.0, 80.0, 60.0], method) == expected  # type: ignore[arg-type]
    assert grade([], method) is None  # type: ignore[arg-type]


def test_review_policy(reg: Registry) -> None:
    each = reg.quizzes["quiz-one"]
    last = reg.quizzes["quiz-draw"]  # after_last_attempt, 3 attempts
    assert review_visible(each, 1, False)
    assert not review_visible(last, 1, False)
    assert review_visible(last, 1, True)  # passed
    assert review_visible(last, 3, False)  # attempts used up


def test_draw_avoids_questions_seen_before(reg: Registry) -> None:
    quiz = reg.quizzes["quiz-draw"]  # 2 questions tagged deception, out of 4 in the bank
    first = draw_questions(quiz, reg.questions, seed=1)
    assert len(first) == 2 and len(set(first)) == 2
    second = draw_questions(quiz, reg.questions, seed=2, seen_before=first)
    assert not set(first) & set(second)
    third = draw_questions(quiz, reg.questions, seed=3, seen_before=first + second)
    assert len(third) == 2  # the bank is exhausted: repeats are allowed rather than a short quiz
    assert draw_questions(quiz, reg.questions, seed=7) == draw_questions(quiz, reg.questions, seed=7)


def test_option_order_is_stable_per_seed_and_matching_always_shuffles(reg: Registry) -> None:
    q = reg.questions["q-multi"]
    assert option_order(q, 5, shuffle=False) == ["a", "b", "c", "d"]
    assert option_order(q, 5, shuffle=True) == option_order(q, 5, shuffle=True)
    orders = {tuple(option_order(reg.questions["q-match"], s, shuffle=False)) for s in range(20)}
    assert len(orders) == 2
