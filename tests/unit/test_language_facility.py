"""A question's facility per language, and the translation flag, on hand-computed examples."""

from __future__ import annotations

import pandas as pd
import pytest

from modules.analytics.language_facility import language_differences, scores_by_language


def _answers(groups: dict[str, list[list[float]]], quiz: str = "quiz") -> pd.DataFrame:
    """groups: language -> one list of item scores (q1, q2, …) per attempt."""
    rows = []
    attempt_id = 0
    for language, attempts in groups.items():
        for scores in attempts:
            attempt_id += 1
            for pos, s in enumerate(scores):
                rows.append(
                    {
                        "attempt_id": attempt_id,
                        "learner_id": attempt_id,
                        "quiz_id": quiz,
                        "attempt_no": 1,
                        "question_id": f"q{pos + 1}",
                        "position": pos,
                        "score": float(s),
                        "language": language,
                    }
                )
    return pd.DataFrame(rows)


def test_a_question_much_harder_in_one_language_is_flagged_with_its_counts() -> None:
    # 10 English and 10 French attempts. q1 and q2 are right for everyone in both languages; q3 is
    # right for all 10 English attempts and for 2 of 10 French ones.
    english = [[1, 1, 1]] * 10
    french = [[1, 1, 1]] * 2 + [[1, 1, 0]] * 8
    out = language_differences(_answers({"en": english, "fr": french})).set_index("question_id")
    assert list(out["language"]) == ["fr", "fr", "fr"]
    q3 = out.loc["q3"]
    assert q3["n"] == 10 and q3["reference"] == "en" and q3["reference_n"] == 10
    assert q3["facility"] == pytest.approx(20.0) and q3["reference_facility"] == pytest.approx(100.0)
    # item gaps: q1 0, q2 0, q3 −80; the typical gap is their median, 0
    assert q3["typical_gap"] == pytest.approx(0.0)
    assert q3["beyond_typical"] == pytest.approx(-80.0)
    assert bool(q3["flagged"]) and bool(q3["enough"])
    # the questions that work the same are not flagged (a mean gap, −26.7, would have flagged them)
    assert not bool(out.loc["q1", "flagged"]) and not bool(out.loc["q2", "flagged"])


def test_a_group_weaker_on_everything_flags_nothing() -> None:
    # French attempts get every question right half as often as English: the test's gap explains it all.
    english = [[1, 1, 1, 1]] * 10
    french = [[1, 1, 1, 1]] * 5 + [[0, 0, 0, 0]] * 5
    out = language_differences(_answers({"en": english, "fr": french}))
    assert len(out) == 4
    assert out["beyond_typical"].abs().max() == pytest.approx(0.0)
    assert not out["flagged"].any()


def test_too_few_answers_are_reported_but_never_flagged() -> None:
    english = [[1, 1]] * 12
    french = [[0, 1]] * 3
    out = language_differences(_answers({"en": english, "fr": french})).set_index("question_id")
    assert out.loc["q1", "n"] == 3 and not bool(out.loc["q1", "enough"])
    assert not out["flagged"].any()  # a 100-point gap on 3 answers is chance as likely as translation


def test_one_language_only_gives_no_rows_and_old_answers_count_as_english() -> None:
    answers = _answers({"en": [[1, 0]] * 10}).drop(columns=["language"])
    assert language_differences(answers).empty
    scores = scores_by_language(answers)
    assert list(scores["language"]) == ["en"] and scores.loc[0, "attempts"] == 10
    assert scores.loc[0, "mean"] == pytest.approx(50.0)


def test_the_reference_is_the_largest_group_when_english_has_too_few() -> None:
    out = language_differences(_answers({"en": [[1]] * 2, "fr": [[1]] * 15, "es": [[0]] * 11}))
    assert set(out["reference"]) == {"fr"}
    assert set(out["language"]) == {"en", "es"}


def test_only_first_attempts_count() -> None:
    answers = _answers({"en": [[1]] * 10, "fr": [[0]] * 10})
    second = answers[answers["language"] == "fr"].assign(
        attempt_no=2, score=1.0, attempt_id=lambda f: f.attempt_id + 100
    )
    out = language_differences(pd.concat([answers, second], ignore_index=True))
    assert out.loc[0, "facility"] == pytest.approx(0.0)
    assert out.loc[0, "n"] == 10
