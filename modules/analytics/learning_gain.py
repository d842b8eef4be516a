"""Learning gain between a pre-test and a post-test (percentages 0..100).

Normalised gain (Hake 1998) of one learner:

    g = (post − pre) / (100 − pre)

the share of what the learner did not know before that they learned. It is undefined when
pre = 100 (nothing left to gain) or when either score is missing; it is negative when the post-test
score is lower. Averages over a group therefore use only the learners with a defined g.

Class-average gain of a group (Hake's ⟨g⟩), from the group's mean scores:

    ⟨g⟩ = (mean post − mean pre) / (100 − mean pre)

less noisy than the mean of individual gains when a few learners start near 100, and defined for a
group unless everyone scored 100 on the pre-test. Both are reported; means are over *paired*
learners (who sat both tests) so that learners who dropped out do not flatter the post-test mean.

Which attempt counts: the first submitted attempt of each test. A pre-test retaken after the
lessons is no longer a baseline, and a post-test retaken after seeing feedback measures the feedback.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from modules.analytics import first_attempts


def normalised_gain(pre: float | None, post: float | None) -> float | None:
    """g for one learner; None where undefined (missing score, or pre = 100)."""
    if pre is None or post is None or _nan(pre) or _nan(post):
        return None
    if pre >= 100:
        return None
    return (post - pre) / (100.0 - pre)


def class_gain(mean_pre: float | None, mean_post: float | None) -> float | None:
    """⟨g⟩ from group means; None where undefined."""
    return normalised_gain(mean_pre, mean_post)


def _nan(x: float) -> bool:
    return isinstance(x, float) and math.isnan(x)


@dataclass(frozen=True)
class GainSummary:
    n_pre: int
    """Learners with a pre-test score."""
    n_post: int
    n_pairs: int
    """Learners with both scores: the means below are over these."""
    mean_pre: float | None
    mean_post: float | None
    n_gain: int
    """Learners whose individual g is defined (pre < 100)."""
    mean_gain: float | None
    """Mean of individual g."""
    class_gain: float | None
    """⟨g⟩ from the paired means."""


def gain_frame(pre: pd.Series, post: pd.Series) -> pd.DataFrame:
    """One row per learner (the union of both indexes): pre, post and g (NaN where undefined)."""
    frame = pd.concat({"pre": pre.astype(float), "post": post.astype(float)}, axis=1)
    frame["gain"] = [
        _none_to_nan(normalised_gain(_opt(a), _opt(b))) for a, b in zip(frame["pre"], frame["post"], strict=True)
    ]
    return frame


def _opt(x: float) -> float | None:
    return None if pd.isna(x) else float(x)


def _none_to_nan(x: float | None) -> float:
    return math.nan if x is None else x


def summarise(frame: pd.DataFrame) -> GainSummary:
    """Summary of a gain_frame (columns pre, post, gain)."""
    if frame.empty:
        return GainSummary(0, 0, 0, None, None, 0, None, None)
    paired = frame.dropna(subset=["pre", "post"])
    gains = paired["gain"].dropna()
    mean_pre = float(paired["pre"].mean()) if len(paired) else None
    mean_post = float(paired["post"].mean()) if len(paired) else None
    return GainSummary(
        n_pre=int(frame["pre"].notna().sum()),
        n_post=int(frame["post"].notna().sum()),
        n_pairs=len(paired),
        mean_pre=mean_pre,
        mean_post=mean_post,
        n_gain=len(gains),
        mean_gain=float(gains.mean()) if len(gains) else None,
        class_gain=class_gain(mean_pre, mean_post),
    )


def first_scores(attempts: pd.DataFrame, quiz_ids: Sequence[str]) -> pd.Series:
    """Each learner's first submitted score on any of these quizzes (the earliest), by learner id.

    `attempts` has columns learner_id, quiz_id, attempt_no, score, submitted_at."""
    if attempts.empty or not quiz_ids:
        return pd.Series(dtype=float, name="score")
    rows = first_attempts(attempts[attempts["quiz_id"].isin(list(quiz_ids))])
    if rows.empty:
        return pd.Series(dtype=float, name="score")
    rows = rows.sort_values(["learner_id", "submitted_at", "attempt_no"])
    return rows.groupby("learner_id")["score"].first().astype(float)


def indicator_gain(
    answers: pd.DataFrame,
    pre_quiz_ids: Sequence[str],
    post_quiz_ids: Sequence[str],
    question_indicators: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """Gain per indicator from first pre- and post-test attempts.

    A learner's score on an indicator is the mean item score (partial credit, ×100) on the questions
    tagged with it. Learners are paired per indicator (both tests had such a question); the row gives
    n paired learners, mean pre, mean post, ⟨g⟩ from those means, and the mean of defined individual g.
    Columns: indicator, n, pre, post, class_gain, mean_gain."""
    columns = ["indicator", "n", "pre", "post", "class_gain", "mean_gain"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    first = first_attempts(answers)

    def per_indicator(quiz_ids: Sequence[str]) -> pd.DataFrame:
        rows = first[first["quiz_id"].isin(list(quiz_ids))]
        exploded = [
            (r.learner_id, ind, float(r.score))
            for r in rows.itertuples(index=False)
            for ind in question_indicators.get(r.question_id, ())
        ]
        if not exploded:
            return pd.DataFrame(columns=["learner_id", "indicator", "pct"])
        df = pd.DataFrame(exploded, columns=["learner_id", "indicator", "score"])
        out = df.groupby(["learner_id", "indicator"], as_index=False)["score"].mean()
        out["pct"] = 100.0 * out["score"]
        return out[["learner_id", "indicator", "pct"]]

    pre = per_indicator(pre_quiz_ids)
    post = per_indicator(post_quiz_ids)
    if pre.empty or post.empty:
        return pd.DataFrame(columns=columns)
    paired = pre.merge(post, on=["learner_id", "indicator"], suffixes=("_pre", "_post"))
    records = []
    for indicator, group in paired.groupby("indicator", sort=True):
        mean_pre = float(group["pct_pre"].mean())
        mean_post = float(group["pct_post"].mean())
        individual = [normalised_gain(a, b) for a, b in zip(group["pct_pre"], group["pct_post"], strict=True)]
        defined = [g for g in individual if g is not None]
        records.append(
            {
                "indicator": indicator,
                "n": len(group),
                "pre": mean_pre,
                "post": mean_post,
                "class_gain": class_gain(mean_pre, mean_post),
                "mean_gain": sum(defined) / len(defined) if defined else None,
            }
        )
    return pd.DataFrame(records, columns=columns)
