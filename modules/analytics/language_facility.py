"""Does a question work the same in every language? Its facility per language, and a flag when the
difference between languages is larger than the quiz's typical difference: a likely translation problem.

Each attempt keeps the language it was taken in. For each question answered in more than one language,
on first attempts:

    F_i,L    facility of question i among the attempts in language L (percent right, partial credit)
    gap_i    F_i,L − F_i,ref              (how much easier or harder question i is in L)
    typical  the median of gap_j over the quiz's questions answered in both languages
    beyond   gap_i − typical              (what is left once the groups' own difference is removed)

The reference language is the source language (English) when it has enough answers to the question,
else the language with the most answers. A question is flagged in a language when |beyond| exceeds the
threshold (20 percentage points by default) and both languages have at least MIN_RESPONSES answers;
with fewer, the row says so and nothing is flagged, since a few answers differ by chance.

Removing the typical gap keeps a cohort that did worse on everything from flagging every question; a
median, not a mean, so one badly translated question does not shift the others (a mean would make the
easy questions look biased the other way). This is a screen, not a test of differential item
functioning (Mantel–Haenszel would first match learners by score): it points at questions to read side
by side in both languages, with the counts behind it.
"""

from __future__ import annotations

import statistics

import pandas as pd

from modules.analytics import first_attempts

GAP_THRESHOLD = 20.0
"""Percentage points beyond the quiz's typical gap that flag a question."""
MIN_RESPONSES = 10
"""Answers needed in each of the two languages compared before a question can be flagged."""
SOURCE_LANGUAGE = "en"

COLUMNS = [
    "quiz_id",
    "question_id",
    "language",
    "n",
    "facility",
    "reference",
    "reference_n",
    "reference_facility",
    "typical_gap",
    "beyond_typical",
    "enough",
    "flagged",
]
SCORE_COLUMNS = ["quiz_id", "language", "attempts", "mean"]


def _with_language(answers: pd.DataFrame) -> pd.DataFrame:
    if "language" not in answers.columns:
        return answers.assign(language=SOURCE_LANGUAGE)
    return answers.assign(language=answers["language"].fillna(SOURCE_LANGUAGE).astype(str))


def scores_by_language(answers: pd.DataFrame, first_only: bool = True) -> pd.DataFrame:
    """Per quiz and language: how many attempts and their mean score in percent (SCORE_COLUMNS)."""
    if answers.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    rows = _with_language(answers)
    if first_only:
        rows = first_attempts(rows)
    per_attempt = rows.groupby(["quiz_id", "language", "attempt_id"])["score"].mean().mul(100.0).reset_index()
    out = (
        per_attempt.groupby(["quiz_id", "language"])["score"]
        .agg(attempts="count", mean="mean")
        .reset_index()
        .sort_values(["quiz_id", "attempts", "language"], ascending=[True, False, True], kind="mergesort")
    )
    return out[SCORE_COLUMNS].reset_index(drop=True)


def language_differences(
    answers: pd.DataFrame,
    threshold: float = GAP_THRESHOLD,
    min_responses: int = MIN_RESPONSES,
    first_only: bool = True,
) -> pd.DataFrame:
    """One row per question and language other than the question's reference language (COLUMNS), for
    questions answered in at least two languages; `flagged` marks a likely translation problem.

    `answers` has the item-analysis columns (attempt_id, learner_id, quiz_id, attempt_no, question_id,
    score 0..1) and `language` (missing or empty: the source language, as every answer before
    languages existed)."""
    if answers.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = _with_language(answers)
    if first_only:
        rows = first_attempts(rows)
    items = rows.groupby(["quiz_id", "question_id", "language"])["score"].agg(n="count", facility="mean").reset_index()
    items["facility"] = items["facility"] * 100.0
    # per (quiz, question): {language: (answers, facility)}
    table: dict[tuple[str, str], dict[str, tuple[int, float]]] = {}
    for quiz_id, question_id, language, n, facility in items.itertuples(index=False, name=None):
        table.setdefault((str(quiz_id), str(question_id)), {})[str(language)] = (int(n), float(facility))
    pairs: list[tuple[str, str, str, str]] = []  # quiz, question, language, its reference
    for (quiz_id, question_id), by_lang in table.items():
        if len(by_lang) < 2:
            continue
        if by_lang.get(SOURCE_LANGUAGE, (0, 0.0))[0] >= min_responses:
            reference = SOURCE_LANGUAGE
        else:
            reference = min(by_lang, key=lambda lang: (-by_lang[lang][0], lang))
        pairs += [(quiz_id, question_id, lang, reference) for lang in by_lang if lang != reference]
    gaps: dict[tuple[str, str, str], list[float]] = {}
    for quiz_id, question_id, language, reference in pairs:
        by_lang = table[(quiz_id, question_id)]
        gaps.setdefault((quiz_id, language, reference), []).append(by_lang[language][1] - by_lang[reference][1])
    records = []
    for quiz_id, question_id, language, reference in pairs:
        (n, facility), (ref_n, ref_facility) = (
            table[(quiz_id, question_id)][language],
            table[(quiz_id, question_id)][reference],
        )
        typical = statistics.median(gaps[(quiz_id, language, reference)])
        beyond = facility - ref_facility - typical
        enough = n >= min_responses and ref_n >= min_responses
        records.append(
            {
                "quiz_id": quiz_id,
                "question_id": question_id,
                "language": language,
                "n": n,
                "facility": facility,
                "reference": reference,
                "reference_n": ref_n,
                "reference_facility": ref_facility,
                "typical_gap": typical,
                "beyond_typical": beyond,
                "enough": enough,
                "flagged": enough and abs(beyond) > threshold,
            }
        )
    return pd.DataFrame(records, columns=COLUMNS)
