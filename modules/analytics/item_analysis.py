"""Item analysis per quiz, after Moodle's quiz statistics, on first attempts by default.

Notation: attempt a answered k_a questions; x_ia in 0..1 is its score on question i (partial
credit allowed); T_a = Σ_i x_ia its total.

Facility index (how easy), as a percentage:
    F_i = 100 · mean_a(x_ia)

Standard deviation of the item score, as a percentage: SD_i = 100 · sd_a(x_ia) (sample, n − 1).

Discrimination index (Moodle): the correlation between the item score and the score on the *rest*
of the test, as a percentage, so that the item does not correlate with itself:
    D_i = 100 · r(x_i, R_i),   R_ia = (T_a − x_ia) / (k_a − 1)
The rest score is divided by the number of other questions so attempts with different random draws
compare; for a fixed quiz this is a linear rescaling and leaves r unchanged. Undefined (None) when
either variable has no variance or fewer than 3 attempts answered the item.

Point-biserial correlation (the classical uncorrected item-total correlation): r_pb = r(x_i, T)
with T_a / k_a as the total; it equals the point-biserial coefficient for right/wrong items.

Upper-lower index (Kelley): with the attempts ordered by total, the top and bottom 27 %
(at least one attempt each): UL_i = F_i(upper) − F_i(lower), in percentage points.

Cronbach's alpha of the test (Moodle's coefficient of internal consistency, as a fraction):
    α = k / (k − 1) · (1 − Σ_i var(x_i) / var(T))
with sample variances, over the attempts that answered every one of the k questions every attempt
had (a quiz drawn at random usually has too few such questions: alpha is then None).

Flags for review (thresholds follow Moodle's guidance): too easy (F ≥ 90), too hard (F ≤ 20),
negative discrimination (D < 0: strong learners get it wrong more often, so the key or the
wording is suspect), weak discrimination (0 ≤ D < 20), and few responses (n < 10), where every
statistic is noise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from modules.analytics import first_attempts
from modules.domain.question import Matching, QuestionModel
from modules.i18n import N_, format_percent
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (FLAG_ADVICE)

TOO_EASY = 90.0
TOO_HARD = 20.0
WEAK_DISCRIMINATION = 20.0
FEW_RESPONSES = 10
GROUP_SHARE = 0.27

FLAG_TOO_EASY = "too easy"
FLAG_TOO_HARD = "too hard"
FLAG_NEGATIVE = "negative discrimination"
FLAG_WEAK = "weak discrimination"
FLAG_FEW = "few responses"
"""The review flags: codes kept in the `flags` column (data, never translated); people read FLAG_ADVICE."""

FLAG_ADVICE = {
    # TRANSLATORS: a point to check about a quiz question in a report (lower case: the report capitalises
    # the first point of a cell); {share} is a percentage such as 90%.
    FLAG_TOO_EASY: N_("too easy ({share} or more right)"),
    # TRANSLATORS: a point to check about a quiz question (lower case); {share} is a percentage such as 20%.
    FLAG_TOO_HARD: N_("too hard ({share} or fewer right)"),
    # TRANSLATORS: a point to check about a quiz question in a report (lower case).
    FLAG_NEGATIVE: N_("stronger learners get it wrong more often: check the answer key and the wording"),
    # TRANSLATORS: a point to check about a quiz question in a report (lower case).
    FLAG_WEAK: N_("hardly tells stronger from weaker learners"),
    # TRANSLATORS: a point to check about a quiz question (lower case); {n} is a number of answers, 10 or more.
    FLAG_FEW: N_("fewer than {n} answers: the figures are not reliable"),
}
"""Each review flag in words a manager reads (reports and exports say "Points to check"), in English:
`flag_advice` gives them in the reader's language."""


def flag_advice(flag: str) -> str:
    """One review flag in words, in the current language (an unknown flag as it is)."""
    words = FLAG_ADVICE.get(flag)
    if words is None:
        return flag
    if flag == FLAG_TOO_EASY:
        return translate(words, share=format_percent(TOO_EASY / 100))
    if flag == FLAG_TOO_HARD:
        return translate(words, share=format_percent(TOO_HARD / 100))
    if flag == FLAG_FEW:
        return translate(words, n=FEW_RESPONSES)
    return translate(words)


ITEM_COLUMNS = [
    "question_id",
    "n",
    "facility",
    "sd",
    "discrimination_index",
    "point_biserial",
    "upper_lower",
    "flags",
]
OPTION_COLUMNS = ["question_id", "option_id", "option", "correct", "count", "share"]


@dataclass(frozen=True)
class TestStats:
    quiz_id: str
    n_attempts: int
    n_items: int
    mean: float | None
    """Mean attempt score, percent."""
    median: float | None
    sd: float | None
    alpha: float | None
    alpha_items: int
    """How many questions alpha was computed on (those in every attempt)."""


@dataclass(frozen=True)
class ItemReport:
    test: TestStats
    items: pd.DataFrame
    """One row per question: ITEM_COLUMNS."""
    options: pd.DataFrame
    """How often each option was chosen: OPTION_COLUMNS (share of the question's responses)."""

    def flagged(self) -> pd.DataFrame:
        return self.items[self.items["flags"] != ""]


def points_to_check(flags: object) -> str:
    """The review flags of a question ("too easy, few responses") in plain words of the current language,
    or "" for none."""
    if not isinstance(flags, str):
        return ""
    text = "; ".join(flag_advice(f.strip()) for f in flags.split(",") if f.strip())
    return text[:1].upper() + text[1:]


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees: links as their text, no emphasis marks or backticks,
    one line (it goes into a table cell or a spreadsheet, never rendered as HTML or Markdown)."""
    text = _LINK.sub(r"\1", markdown)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.replace("`", "").split())


def shorten(text: str, limit: int = 80) -> str:
    """At most `limit` characters, cut after a whole word with "…" when it is longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def question_text(prompt: str | None, limit: int = 80) -> str:
    """A question's prompt as a manager reads it in a report: plain words, shortened ("" if unknown)."""
    return shorten(plain_text(prompt), limit) if prompt else ""


def pearson(x: pd.Series, y: pd.Series) -> float | None:
    """Pearson r; None when undefined (fewer than 3 pairs, or a constant variable)."""
    pair = pd.concat([x, y], axis=1).dropna()
    if len(pair) < 3:
        return None
    a = pair.iloc[:, 0].astype(float)
    b = pair.iloc[:, 1].astype(float)
    da = a - a.mean()
    db = b - b.mean()
    denom = math.sqrt(float((da * da).sum()) * float((db * db).sum()))
    if denom < 1e-12:
        return None
    return float((da * db).sum()) / denom


def cronbach_alpha(matrix: pd.DataFrame) -> float | None:
    """α for a complete attempts × items matrix of item scores (rows with a gap are dropped)."""
    complete = matrix.dropna(axis=0, how="any")
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return None
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var < 1e-12:
        return None
    return float(k / (k - 1) * (1 - item_var / total_var))


def score_matrix(answers: pd.DataFrame) -> pd.DataFrame:
    """Attempts × questions of item scores (NaN where an attempt did not have the question)."""
    if answers.empty:
        return pd.DataFrame()
    return answers.pivot_table(index="attempt_id", columns="question_id", values="score", aggfunc="first")


def _flags(n: int, facility: float, discrimination: float | None) -> str:
    flags = []
    if facility >= TOO_EASY:
        flags.append(FLAG_TOO_EASY)
    if facility <= TOO_HARD:
        flags.append(FLAG_TOO_HARD)
    if discrimination is not None:
        if discrimination < 0:
            flags.append(FLAG_NEGATIVE)
        elif discrimination < WEAK_DISCRIMINATION:
            flags.append(FLAG_WEAK)
    if n < FEW_RESPONSES:
        flags.append(FLAG_FEW)
    return ", ".join(flags)


def item_statistics(
    answers: pd.DataFrame,
    quiz_id: str,
    questions: Mapping[str, QuestionModel] | None = None,
    first_only: bool = True,
) -> ItemReport:
    """Statistics of one quiz from per-question answers.

    `answers` has columns attempt_id, learner_id, quiz_id, attempt_no, question_id, answer (list of
    option ids), score (0..1). `questions` (the bank) names options; without it option ids are used."""
    rows = answers[answers["quiz_id"] == quiz_id] if not answers.empty else answers
    if first_only and not rows.empty:
        rows = first_attempts(rows)
    matrix = score_matrix(rows)
    if matrix.empty:
        empty = TestStats(quiz_id, 0, 0, None, None, None, None, 0)
        return ItemReport(empty, pd.DataFrame(columns=ITEM_COLUMNS), pd.DataFrame(columns=OPTION_COLUMNS))

    answered = matrix.notna().sum(axis=1)
    totals = matrix.sum(axis=1, skipna=True)
    percent = 100.0 * totals / answered
    complete_items = [c for c in matrix.columns if matrix[c].notna().all()]
    alpha = cronbach_alpha(matrix[complete_items]) if len(complete_items) >= 2 else None
    test = TestStats(
        quiz_id=quiz_id,
        n_attempts=len(matrix),
        n_items=matrix.shape[1],
        mean=float(percent.mean()),
        median=float(percent.median()),
        sd=float(percent.std(ddof=1)) if len(percent) > 1 else None,
        alpha=alpha,
        alpha_items=len(complete_items) if alpha is not None else 0,
    )

    order = list(dict.fromkeys(rows.sort_values("position")["question_id"])) if "position" in rows else []
    order += [q for q in matrix.columns if q not in order]
    records = []
    for qid in order:
        x = matrix[qid].dropna()
        n = len(x)
        facility = 100.0 * float(x.mean())
        sd = 100.0 * float(x.std(ddof=1)) if n > 1 else None
        others = answered.loc[x.index] - 1
        rest = (totals.loc[x.index] - x) / others.where(others > 0)
        r_rest = pearson(x, rest)
        r_total = pearson(x, totals.loc[x.index] / answered.loc[x.index])
        records.append(
            {
                "question_id": qid,
                "n": n,
                "facility": facility,
                "sd": sd,
                "discrimination_index": None if r_rest is None else 100.0 * r_rest,
                "point_biserial": r_total,
                "upper_lower": _upper_lower(x, percent.loc[x.index]),
                "flags": _flags(n, facility, None if r_rest is None else 100.0 * r_rest),
            }
        )
    items = pd.DataFrame(records, columns=ITEM_COLUMNS)
    return ItemReport(test, items, option_frequencies(rows, questions))


def _upper_lower(x: pd.Series, totals: pd.Series) -> float | None:
    n = len(x)
    if n < 2:
        return None
    size = max(1, round(GROUP_SHARE * n))
    ranked = totals.sort_values(kind="mergesort")
    lower = x.loc[ranked.index[:size]]
    upper = x.loc[ranked.index[-size:]]
    return 100.0 * (float(upper.mean()) - float(lower.mean()))


def option_frequencies(rows: pd.DataFrame, questions: Mapping[str, QuestionModel] | None = None) -> pd.DataFrame:
    """How often each option was chosen, per question, as a count and a share of responses.

    For matching questions each (left item → chosen right item) is an option; '(no answer)' counts
    responses that chose nothing."""
    if rows.empty:
        return pd.DataFrame(columns=OPTION_COLUMNS)
    questions = questions or {}
    records = []
    for qid, group in rows.groupby("question_id", sort=False):
        n = len(group)
        picks = [list(a or []) for a in group["answer"]]
        q = questions.get(str(qid))
        counts: dict[str, int] = {}
        for answer in picks:
            for key in _chosen_keys(q, answer):
                counts[key] = counts.get(key, 0) + 1
        empty = sum(1 for a in picks if not any(a))
        for option_id, label, correct in _option_catalogue(q, counts):
            c = counts.get(option_id, 0)
            records.append([qid, option_id, label, correct, c, c / n if n else 0.0])
        if empty:
            # TRANSLATORS: in the table of how often each option of a quiz question was chosen: the learners
            # who chose nothing.
            records.append([qid, "", _("(no answer)"), False, empty, empty / n])
    return pd.DataFrame(records, columns=OPTION_COLUMNS)


def _chosen_keys(question: QuestionModel | None, answer: list[str]) -> list[str]:
    if isinstance(question, Matching):
        return [f"{pair.id}={chosen}" for pair, chosen in zip(question.pairs, answer, strict=False) if chosen]
    return [a for a in dict.fromkeys(answer) if a]


def _option_catalogue(question: QuestionModel | None, counts: dict[str, int]) -> list[tuple[str, str, bool]]:
    if question is None:
        return [(k, k, False) for k in sorted(counts)]
    if isinstance(question, Matching):
        rights = {p.id: p.right for p in question.pairs}
        out = []
        for pair in question.pairs:
            for right_id, right in rights.items():
                key = f"{pair.id}={right_id}"
                if right_id == pair.id or key in counts:
                    out.append((key, f"{pair.left} → {right}", right_id == pair.id))
        return out
    correct = set(question.correct_ids())
    known = [(o.id, o.text, o.id in correct) for o in question.options]
    extra = [(k, k, False) for k in sorted(counts) if k not in {o.id for o in question.options}]
    return known + extra
