"""Mastery per ILO indicator: which topics a cohort has learned and which still need work.

For a cohort c and an indicator j, over every submitted quiz answer of c's members to a question
tagged with j (a question with two tags counts for both):

    share_correct(c, j) = (answers fully right) / (answers)

with the mean item score (partial credit) beside it. Cells with fewer answers than a threshold are
kept but can be greyed out by the chart, since a share of 1 of 2 says little.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from modules.analytics import first_attempts

COLUMNS = ["cohort_id", "cohort", "indicator", "answers", "learners", "share_correct", "mean_score"]


def mastery_table(
    answers: pd.DataFrame,
    members: pd.DataFrame,
    question_indicators: Mapping[str, Sequence[str]],
    first_only: bool = False,
    quiz_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Cohort × indicator rows (COLUMNS), long format for a heatmap.

    `answers`: learner_id, quiz_id, attempt_no, question_id, score, correct.
    `members`: cohort_id, cohort, learner_id. `quiz_ids` restricts to some quizzes (all if None)."""
    if answers.empty or members.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = answers if quiz_ids is None else answers[answers["quiz_id"].isin(list(quiz_ids))]
    if first_only:
        rows = first_attempts(rows)
    tagged = [
        (r.learner_id, ind, bool(r.correct), float(r.score))
        for r in rows.itertuples(index=False)
        for ind in question_indicators.get(r.question_id, ())
    ]
    if not tagged:
        return pd.DataFrame(columns=COLUMNS)
    df = pd.DataFrame(tagged, columns=["learner_id", "indicator", "correct", "score"])
    df = df.merge(members[["cohort_id", "cohort", "learner_id"]], on="learner_id")
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = (
        df.groupby(["cohort_id", "cohort", "indicator"], as_index=False)
        .agg(
            answers=("correct", "size"),
            learners=("learner_id", "nunique"),
            share_correct=("correct", "mean"),
            mean_score=("score", "mean"),
        )
        .sort_values(["cohort_id", "indicator"])
        .reset_index(drop=True)
    )
    out["share_correct"] = out["share_correct"].astype(float)
    return out[COLUMNS]


def weakest_indicators(table: pd.DataFrame, limit: int = 3, min_answers: int = 5) -> pd.DataFrame:
    """Indicators with the lowest share correct across all cohorts given (the topics to revisit)."""
    if table.empty:
        return table
    pooled = (
        table.assign(right=table["share_correct"] * table["answers"])
        .groupby("indicator", as_index=False)
        .agg(answers=("answers", "sum"), right=("right", "sum"))
    )
    pooled = pooled[pooled["answers"] >= min_answers]
    pooled["share_correct"] = pooled["right"] / pooled["answers"]
    return pooled.sort_values(["share_correct", "indicator"]).head(limit)[["indicator", "answers", "share_correct"]]
