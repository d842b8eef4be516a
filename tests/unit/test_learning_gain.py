"""Normalised learning gain on hand-computed examples."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
import pytest

from modules.analytics.learning_gain import (
    class_gain,
    first_scores,
    gain_frame,
    indicator_gain,
    normalised_gain,
    summarise,
)


@pytest.mark.parametrize(
    ("pre", "post", "expected"),
    [
        (40, 70, 0.5),  # (70 − 40) / (100 − 40) = 30 / 60
        (0, 100, 1.0),
        (50, 50, 0.0),
        (80, 60, -1.0),  # (60 − 80) / 20: a drop is a negative gain
        (90, 0, -9.0),  # unbounded below
        (99.5, 100, 1.0),
        (100, 100, None),  # no room to gain: undefined
        (100, 80, None),
        (None, 80, None),
        (60, None, None),
        (float("nan"), 80, None),
    ],
)
def test_normalised_gain(pre: float | None, post: float | None, expected: float | None) -> None:
    got = normalised_gain(pre, post)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_class_gain_uses_group_means() -> None:
    # means 55 and 82: (82 − 55) / 45 = 0.6
    assert class_gain(55, 82) == pytest.approx(0.6)
    assert class_gain(100, 100) is None


def test_summary_pairs_learners_and_skips_undefined_gains() -> None:
    pre = pd.Series({1: 40.0, 2: 100.0, 3: 60.0, 4: 20.0})
    post = pd.Series({1: 70.0, 2: 90.0, 3: 80.0, 5: 90.0})
    frame = gain_frame(pre, post)
    assert frame.loc[1, "gain"] == pytest.approx(0.5)
    assert math.isnan(frame.loc[2, "gain"])  # pre = 100
    assert frame.loc[3, "gain"] == pytest.approx(0.5)  # 20 / 40
    s = summarise(frame)
    assert (s.n_pre, s.n_post, s.n_pairs, s.n_gain) == (4, 4, 3, 2)
    # paired learners 1, 2, 3: mean pre (40 + 100 + 60) / 3 = 66.67, mean post (70 + 90 + 80) / 3 = 80
    assert s.mean_pre == pytest.approx(200 / 3)
    assert s.mean_post == pytest.approx(80.0)
    assert s.mean_gain == pytest.approx(0.5)  # (0.5 + 0.5) / 2
    assert s.class_gain == pytest.approx((80 - 200 / 3) / (100 - 200 / 3))  # 0.4


def test_summary_of_nothing() -> None:
    s = summarise(gain_frame(pd.Series(dtype=float), pd.Series(dtype=float)))
    assert s.n_pairs == 0 and s.mean_pre is None and s.mean_gain is None and s.class_gain is None


def test_first_scores_take_the_first_attempt() -> None:
    t = datetime(2025, 1, 1)
    attempts = pd.DataFrame(
        [
            {"learner_id": 1, "quiz_id": "pre", "attempt_no": 2, "score": 90.0, "submitted_at": t},
            {"learner_id": 1, "quiz_id": "pre", "attempt_no": 1, "score": 40.0, "submitted_at": t},
            {"learner_id": 2, "quiz_id": "pre", "attempt_no": 1, "score": 55.0, "submitted_at": t},
            {"learner_id": 2, "quiz_id": "other", "attempt_no": 1, "score": 5.0, "submitted_at": t},
        ]
    )
    assert first_scores(attempts, ["pre"]).to_dict() == {1: 40.0, 2: 55.0}
    assert first_scores(attempts, []).empty


def test_indicator_gain_by_hand() -> None:
    # Learner 1: pre  q1 (deception) 0, q2 (debt) 1, q3 (deception + debt) 0.5
    #            post q1 1, q2 1, q3 1
    # Learner 2: pre  q1 1, q2 0, q3 0;  post q1 1, q2 0.5, q3 1
    # deception (q1, q3): L1 pre 25, post 100; L2 pre 50, post 100 -> means 37.5 -> 100
    #   class gain (100 − 37.5) / 62.5 = 1.0; individual gains 1.0 and 1.0
    # debt (q2, q3):      L1 pre 75, post 100; L2 pre 0, post 75 -> means 37.5 -> 87.5
    #   class gain 50 / 62.5 = 0.8; individual 1.0 and 0.75 -> mean 0.875
    rows = []
    for learner, quiz, scores in (
        (1, "pre", (0, 1, 0.5)),
        (1, "post", (1, 1, 1)),
        (2, "pre", (1, 0, 0)),
        (2, "post", (1, 0.5, 1)),
    ):
        for q, s in zip(("q1", "q2", "q3"), scores, strict=True):
            rows.append({"learner_id": learner, "quiz_id": quiz, "attempt_no": 1, "question_id": q, "score": s})
    tags = {"q1": ["deception"], "q2": ["debt"], "q3": ["deception", "debt"]}
    out = indicator_gain(pd.DataFrame(rows), ["pre"], ["post"], tags).set_index("indicator")
    assert out.loc["deception", "n"] == 2
    assert out.loc["deception", "pre"] == pytest.approx(37.5)
    assert out.loc["deception", "post"] == pytest.approx(100.0)
    assert out.loc["deception", "class_gain"] == pytest.approx(1.0)
    assert out.loc["debt", "post"] == pytest.approx(87.5)
    assert out.loc["debt", "class_gain"] == pytest.approx(0.8)
    assert out.loc["debt", "mean_gain"] == pytest.approx(0.875)


def test_indicator_gain_without_a_post_test_is_empty() -> None:
    rows = pd.DataFrame([{"learner_id": 1, "quiz_id": "pre", "attempt_no": 1, "question_id": "q1", "score": 1.0}])
    assert indicator_gain(rows, ["pre"], ["post"], {"q1": ["x"]}).empty
    assert indicator_gain(rows.iloc[0:0], ["pre"], ["post"], {}).empty
