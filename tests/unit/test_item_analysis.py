"""Item statistics (Moodle-style) on hand-computed examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from modules.analytics.item_analysis import (
    FLAG_FEW,
    FLAG_NEGATIVE,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    FLAG_WEAK,
    cronbach_alpha,
    item_statistics,
    option_frequencies,
    pearson,
)
from modules.domain.question import Matching, SingleChoice


def _answers(matrix: dict[int, list[float]], quiz: str = "quiz", attempt_no: int = 1) -> pd.DataFrame:
    rows = []
    for attempt_id, scores in matrix.items():
        for pos, s in enumerate(scores):
            rows.append(
                {
                    "attempt_id": attempt_id,
                    "learner_id": attempt_id,
                    "quiz_id": quiz,
                    "attempt_no": attempt_no,
                    "question_id": f"q{pos + 1}",
                    "position": pos,
                    "answer": ["a"] if s >= 1 else ["b"],
                    "score": float(s),
                }
            )
    return pd.DataFrame(rows)


# A classic 4 × 3 example:
#   A: 1 1 1 (total 3)   B: 1 1 0 (2)   C: 1 0 0 (1)   D: 0 0 0 (0)
GUTTMAN = {1: [1, 1, 1], 2: [1, 1, 0], 3: [1, 0, 0], 4: [0, 0, 0]}


def test_facility_and_sd() -> None:
    report = item_statistics(_answers(GUTTMAN), "quiz")
    items = report.items.set_index("question_id")
    assert list(items["facility"]) == pytest.approx([75.0, 50.0, 25.0])
    # sample SD of (1, 1, 1, 0) = sqrt(0.75 / 3) = 0.5 -> 50 %
    assert items.loc["q1", "sd"] == pytest.approx(50.0)
    assert items.loc["q2", "sd"] == pytest.approx(100 * math.sqrt(1 / 3))


def test_discrimination_index_is_the_rest_of_test_correlation() -> None:
    # q1: x = (1, 1, 1, 0); rest = total − x = (2, 1, 0, 0)
    #   deviations x: (.25, .25, .25, −.75); rest (mean .75): (1.25, .25, −.75, −.75)
    #   Σxy = .3125 + .0625 − .1875 + .5625 = .75; Σx² = .75; Σy² = 2.75
    #   r = .75 / sqrt(.75 × 2.75) = 0.52223
    items = item_statistics(_answers(GUTTMAN), "quiz").items.set_index("question_id")
    assert items.loc["q1", "discrimination_index"] == pytest.approx(100 * 0.75 / math.sqrt(0.75 * 2.75))
    # point-biserial with the total (3, 2, 1, 0): x dev as above, total dev (1.5, .5, −.5, −1.5)
    #   Σxy = .375 + .125 − .125 + 1.125 = 1.5; Σy² = 5 -> r = 1.5 / sqrt(.75 × 5) = 0.7746
    assert items.loc["q1", "point_biserial"] == pytest.approx(1.5 / math.sqrt(0.75 * 5))
    # upper/lower 27 % of 4 attempts = 1 each: top A has q3 right, bottom D not -> 100 points
    assert items.loc["q3", "upper_lower"] == pytest.approx(100.0)


def test_cronbach_alpha_by_hand() -> None:
    # item variances (n − 1): 0.25, 1/3, 0.25 (sum 5/6); total variance of (3, 2, 1, 0) = 5/3
    # alpha = 3/2 × (1 − (5/6) / (5/3)) = 0.75
    report = item_statistics(_answers(GUTTMAN), "quiz")
    assert report.test.alpha == pytest.approx(0.75)
    assert report.test.alpha_items == 3
    assert report.test.n_attempts == 4 and report.test.n_items == 3
    assert report.test.mean == pytest.approx(50.0)
    matrix = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 1, 0]})
    assert cronbach_alpha(matrix) == pytest.approx(1.0)  # two identical items: perfectly consistent
    assert cronbach_alpha(pd.DataFrame({"a": [1, 0]})) is None  # one item
    assert cronbach_alpha(pd.DataFrame({"a": [1, 1], "b": [0, 0]})) is None  # no variance in totals


def test_pearson_undefined_cases() -> None:
    assert pearson(pd.Series([1, 1, 1]), pd.Series([1, 2, 3])) is None
    assert pearson(pd.Series([1, 0]), pd.Series([1, 0])) is None  # fewer than 3 pairs
    assert pearson(pd.Series([1, 0, 1]), pd.Series([3, 1, 3])) == pytest.approx(1.0)


def test_flags() -> None:
    # q1 everyone right (too easy, no variance: discrimination undefined)
    # q2 only the weakest attempt right (negative discrimination)
    # q3 nobody right (too hard)
    matrix = {
        1: [1, 0, 0, 1, 1],
        2: [1, 0, 0, 1, 1],
        3: [1, 0, 0, 1, 0],
        4: [1, 0, 0, 0, 0],
        5: [1, 1, 0, 0, 0],
    }
    items = item_statistics(_answers(matrix), "quiz").items.set_index("question_id")
    assert FLAG_TOO_EASY in items.loc["q1", "flags"]
    assert items.loc["q1", "discrimination_index"] is None or math.isnan(items.loc["q1", "discrimination_index"])
    assert FLAG_NEGATIVE in items.loc["q2", "flags"]
    assert FLAG_TOO_HARD in items.loc["q3", "flags"]
    assert all(FLAG_FEW in f for f in items["flags"])  # only 5 responses each
    # q4: x = (1, 1, 1, 0, 0), totals (3, 3, 2, 1, 2), rest = (2, 2, 1, 1, 2)
    #   dev x (.4, .4, .4, −.6, −.6), dev rest (.4, .4, −.6, −.6, .4): Σxy = .2, Σx² = Σy² = 1.2
    #   r = .2 / 1.2 = 0.1667 -> 16.7: positive but weak
    assert items.loc["q4", "discrimination_index"] == pytest.approx(100 / 6)
    assert FLAG_WEAK in items.loc["q4", "flags"] and FLAG_NEGATIVE not in items.loc["q4", "flags"]


def test_first_attempts_only_by_default() -> None:
    first = _answers({1: [0, 0], 2: [1, 1], 3: [1, 0]})
    second = _answers({11: [1, 1]}, attempt_no=2).assign(learner_id=1)
    both = pd.concat([first, second], ignore_index=True)
    assert item_statistics(both, "quiz").test.n_attempts == 3
    assert item_statistics(both, "quiz", first_only=False).test.n_attempts == 4
    assert item_statistics(both, "other").test.n_attempts == 0


def test_random_draws_use_attempts_that_had_the_item() -> None:
    # attempts drew different questions: NaN where a question was not drawn
    rows = _answers({1: [1, 0, 1], 2: [0, 1, 1], 3: [1, 1, 0]})
    rows = rows[~((rows["attempt_id"] == 1) & (rows["question_id"] == "q3"))]
    report = item_statistics(rows, "quiz")
    items = report.items.set_index("question_id")
    assert items.loc["q3", "n"] == 2 and items.loc["q3", "facility"] == pytest.approx(50.0)
    # alpha only on q1 and q2, the questions every attempt had: q1 (1, 0, 1), q2 (0, 1, 1)
    # var(q1) = var(q2) = 1/3, totals (1, 1, 2): var 1/3 -> alpha = 2 × (1 − (2/3) / (1/3)) = −2
    assert report.test.alpha_items == 2
    assert report.test.alpha == pytest.approx(-2.0)


def test_option_frequencies_with_the_bank() -> None:
    q = SingleChoice.model_validate(
        {
            "id": "q1",
            "type": "single_choice",
            "prompt": "Pick",
            "explanation": "Because",
            "source": {"title": "S", "url": "https://example.org/"},
            "options": [{"id": "a", "text": "Right", "feedback": "."}, {"id": "b", "text": "Wrong", "feedback": "."}],
            "correct": "a",
        }
    )
    rows = pd.DataFrame(
        [
            {"question_id": "q1", "answer": ["a"]},
            {"question_id": "q1", "answer": ["a"]},
            {"question_id": "q1", "answer": ["b"]},
            {"question_id": "q1", "answer": []},
        ]
    )
    out = option_frequencies(rows, {"q1": q}).set_index("option")
    assert out.loc["Right", "count"] == 2 and out.loc["Right", "share"] == pytest.approx(0.5)
    assert bool(out.loc["Right", "correct"]) and not bool(out.loc["Wrong", "correct"])
    assert out.loc["(no answer)", "count"] == 1


def test_option_frequencies_for_matching() -> None:
    q = Matching.model_validate(
        {
            "id": "m",
            "type": "matching",
            "prompt": "Match",
            "explanation": ".",
            "source": {"title": "S", "url": "https://example.org/"},
            "pairs": [
                {"id": "p1", "left": "A", "right": "1", "feedback": "."},
                {"id": "p2", "left": "B", "right": "2", "feedback": "."},
            ],
        }
    )
    rows = pd.DataFrame([{"question_id": "m", "answer": ["p1", "p2"]}, {"question_id": "m", "answer": ["p2", "p1"]}])
    out = option_frequencies(rows, {"m": q}).set_index("option_id")
    assert out.loc["p1=p1", "count"] == 1 and bool(out.loc["p1=p1", "correct"])
    assert out.loc["p1=p2", "count"] == 1 and not bool(out.loc["p1=p2", "correct"])
    assert out.loc["p1=p2", "option"] == "A → 2"


def test_empty_input() -> None:
    empty = _answers({}).reindex(
        columns=["attempt_id", "learner_id", "quiz_id", "attempt_no", "question_id", "answer", "score"]
    )
    report = item_statistics(empty, "quiz")
    assert report.test.n_attempts == 0 and report.items.empty and report.flagged().empty
