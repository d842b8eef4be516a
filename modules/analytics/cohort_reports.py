"""Per-learner and per-cohort programme reports, and the disaggregations donors ask for.

Definitions used everywhere (the PDF and XLSX reports say the same):
- *Enrolled*: a member of the cohort. A person in two cohorts is one person in programme totals.
- *Completed*: every lesson of the learner's track is marked complete.
- *Passed*: the cohort's final assessment for the learner's track is passed under the quiz's own
  grading rule (for "highest", any passing attempt). Rates divide by the enrolled, so a drop-out
  counts against the rate rather than vanishing from it.
- *Pre* and *post*: the first submitted attempt of the cohort's pre-test and post-test; learning
  gain as in analytics/learning_gain.py.
- *Small cells*: group means over fewer than `min_cell` people are withheld (None) in aggregate
  views, since the mean score of a group of one is that person's score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from modules.analytics import first_attempts
from modules.analytics.forms import FormFacts, form_facts, gain_caveats
from modules.analytics.item_analysis import question_text
from modules.analytics.learning_gain import GainSummary, class_gain, normalised_gain
from modules.analytics.words import Words
from modules.content.registry import Registry
from modules.i18n import N_
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (below)
from modules.scoring.quizzes import grade

ORGANISATION_TYPES: dict[str, str] = {
    # TRANSLATORS: an organisation type a learner may belong to, in report tables and forms.
    "labour_inspectorate": N_("Labour inspectorate"),
    "police": N_("Police"),
    "prosecution": N_("Prosecution"),
    "judiciary": N_("Judiciary"),
    # TRANSLATORS: a non-governmental organisation, as an organisation type.
    "ngo": N_("NGO"),
    # TRANSLATORS: an organisation type not in the list; the same word is a learner's sex other than female or
    # male, so choose a form that fits both.
    "other": N_("Other"),
}
"""Codes to English words: the words also read imported rosters (services.cohorts), so they stay English
here; `vocabulary_label` gives them in the reader's language."""
SEXES: dict[str, str] = {
    # TRANSLATORS: a learner's sex as recorded by the programme, in report tables and forms.
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other"),
    "not_stated": N_("Not stated"),
}
# TRANSLATORS: a report group whose value (organisation type, sex, region) was not recorded.
NOT_STATED = N_("Not stated")
"""A group whose value was not recorded (English: `translate(NOT_STATED)` where shown)."""
ROLE_TITLES = Words(
    {
        "pre_test": N_("Pre-test"),
        "module": N_("Module quiz"),
        "post_test": N_("Post-test"),
        "final": N_("Final assessment"),
    }
)
"""A quiz's role in a cohort, in the reader's language when read (`ROLE_TITLES["pre_test"]`)."""
MIN_CELL = 3
"""Aggregate views withhold group means over fewer people than this."""

MEMBER_COLUMNS = ["cohort_id", "cohort", "learner_id", "learner", "track", "organisation_type", "sex", "region"]
COHORT_COLUMNS = [
    "cohort_id",
    "cohort",
    "programme",
    "country",
    "organisation",
    "start_date",
    "end_date",
    "pseudonymous",
]
ASSIGNMENT_COLUMNS = ["cohort_id", "quiz_id", "role"]
ATTEMPT_COLUMNS = [
    "attempt_id",
    "learner_id",
    "quiz_id",
    "attempt_no",
    "score",
    "passed",
    "started_at",
    "submitted_at",
    "content_version",
    "language",
]
ANSWER_COLUMNS = [
    "attempt_id",
    "learner_id",
    "quiz_id",
    "attempt_no",
    "question_id",
    "position",
    "answer",
    "score",
    "correct",
    "language",
]
COMPLETION_COLUMNS = ["learner_id", "lesson_id", "completed"]
CERTIFICATE_COLUMNS = ["learner_id", "quiz_id", "completed_on"]
LEARNER_COLUMNS = [
    *MEMBER_COLUMNS,
    "lessons_done",
    "lessons_total",
    "progress_pct",
    "completed",
    "attempts",
    "pre",
    "post",
    "gain",
    "final_quiz",
    "final_score",
    "passed",
    "certificate",
]
SUMMARY_COLUMNS = [
    "enrolled",
    "completed",
    "completion_rate",
    "passed",
    "pass_rate",
    "certificates",
    "n_pre",
    "n_post",
    "n_pairs",
    "mean_pre",
    "mean_post",
    "n_gain",
    "mean_gain",
    "class_gain",
]


@dataclass(frozen=True)
class QuizFacts:
    title: str
    kind: str
    track: str | None
    pass_mark: int
    grading: str


@dataclass(frozen=True)
class CourseFacts:
    """What reports need from the content, so analytics can be tested without YAML."""

    course_title: str
    lessons_by_track: Mapping[str, Sequence[str]]
    quizzes: Mapping[str, QuizFacts]
    question_indicators: Mapping[str, Sequence[str]]
    indicator_names: Mapping[str, str] = field(default_factory=dict)
    track_titles: Mapping[str, str] = field(default_factory=dict)
    forms: Mapping[str, FormFacts] = field(default_factory=dict)
    """Each quiz's chance score and difficulty mix, to read its scores and the gain against."""
    question_prompts: Mapping[str, str] = field(default_factory=dict)
    """Each question's prompt (Markdown), so a report names a question by its words, not its id."""

    @classmethod
    def from_registry(cls, registry: Registry) -> CourseFacts:
        tracks = registry.track_ids()
        return cls(
            course_title=registry.course.title if registry.course else _("Course"),
            lessons_by_track={t: [lesson.id for lesson in registry.lessons_in_order(t)] for t in tracks},
            quizzes={
                q.id: QuizFacts(q.title, q.kind, q.track, q.pass_mark, q.grading) for q in registry.quizzes.values()
            },
            question_indicators={qid: list(q.indicators) for qid, q in registry.questions.items()},
            indicator_names={i.id: f"{i.number}. {i.name}" for i in registry.indicators.values()},
            track_titles={t.id: t.title for t in registry.course.tracks} if registry.course else {},
            forms={q.id: form_facts(q, registry.questions) for q in registry.quizzes.values()},
            question_prompts={qid: q.prompt for qid, q in registry.questions.items()},
        )

    def gain_caveats(self, assignments: pd.DataFrame, n_pairs: int) -> list[str]:
        """Why the pre/post gain of these assignments may mislead (analytics.forms.gain_caveats)."""
        roles = assignments if not assignments.empty else pd.DataFrame(columns=["quiz_id", "role"])
        pre = [self.forms[q] for q in dict.fromkeys(roles[roles["role"] == "pre_test"]["quiz_id"]) if q in self.forms]
        post = [self.forms[q] for q in dict.fromkeys(roles[roles["role"] == "post_test"]["quiz_id"]) if q in self.forms]
        return gain_caveats(pre, post, n_pairs) if pre and post else []

    def quiz_title(self, quiz_id: str) -> str:
        q = self.quizzes.get(quiz_id)
        return q.title if q else quiz_id

    def question_text(self, question_id: str, limit: int = 80) -> str:
        """The question's prompt in plain words, shortened to `limit` characters ("" if unknown)."""
        return question_text(self.question_prompts.get(question_id), limit)


def _frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass(frozen=True)
class ReportData:
    """The rows a report is computed from, loaded for a set of cohorts (services/cohorts.py).

    Each frame has the columns of the constant named after it (MEMBER_COLUMNS, ATTEMPT_COLUMNS, ...);
    in members, `learner` is a name or a pseudonym, decided before loading."""

    cohorts: pd.DataFrame = field(default_factory=lambda: _frame(COHORT_COLUMNS))
    members: pd.DataFrame = field(default_factory=lambda: _frame(MEMBER_COLUMNS))
    assignments: pd.DataFrame = field(default_factory=lambda: _frame(ASSIGNMENT_COLUMNS))
    attempts: pd.DataFrame = field(default_factory=lambda: _frame(ATTEMPT_COLUMNS))
    answers: pd.DataFrame = field(default_factory=lambda: _frame(ANSWER_COLUMNS))
    completion: pd.DataFrame = field(default_factory=lambda: _frame(COMPLETION_COLUMNS))
    certificates: pd.DataFrame = field(default_factory=lambda: _frame(CERTIFICATE_COLUMNS))

    def quizzes_with_role(self, cohort_id: int, role: str) -> list[str]:
        a = self.assignments
        return list(a[(a["cohort_id"] == cohort_id) & (a["role"] == role)]["quiz_id"])


# -- per learner -----------------------------------------------------------------------------
def _final_for(finals: Sequence[str], track: str, facts: CourseFacts) -> str | None:
    for quiz_id in finals:
        q = facts.quizzes.get(quiz_id)
        if q is not None and (q.track is None or q.track == track):
            return quiz_id
    return None


def final_result(scores: Sequence[float], passes: Sequence[bool], quiz: QuizFacts) -> tuple[float | None, bool]:
    """Grade and pass/fail of a final assessment, by the quiz's own rule (as the learner sees it)."""
    g = grade(list(scores), quiz.grading)  # type: ignore[arg-type]
    if g is None:
        return None, False
    passed = any(passes) if quiz.grading == "highest" else g >= quiz.pass_mark
    return g, passed


def learner_table(data: ReportData, facts: CourseFacts) -> pd.DataFrame:
    """One row per cohort member: LEARNER_COLUMNS."""
    if data.members.empty:
        return _frame(LEARNER_COLUMNS)
    done = data.completion[data.completion["completed"].astype(bool)] if not data.completion.empty else data.completion
    done_by_learner: dict[int, set[str]] = {}
    r: Any  # itertuples rows: pandas types their fields as every possible scalar
    for r in done.itertuples(index=False):
        done_by_learner.setdefault(int(r.learner_id), set()).add(str(r.lesson_id))
    attempts = data.attempts
    by_learner_quiz: dict[tuple[int, str], pd.DataFrame] = (
        {(int(k[0]), str(k[1])): g.sort_values("attempt_no") for k, g in _groups(attempts, ["learner_id", "quiz_id"])}
        if not attempts.empty
        else {}
    )
    certs = {(int(lid), str(qid)) for lid, qid in data.certificates[["learner_id", "quiz_id"]].to_numpy()}
    records: list[dict[str, Any]] = []
    m: Any
    for m in data.members.itertuples(index=False):
        cohort_id = int(m.cohort_id)
        learner_id = int(m.learner_id)
        lessons = list(facts.lessons_by_track.get(m.track, []))
        n_done = len(done_by_learner.get(learner_id, set()) & set(lessons))
        assigned = list(data.assignments[data.assignments["cohort_id"] == cohort_id]["quiz_id"])

        def first_score(role: str, _cohort_id: int = cohort_id, _learner: int = learner_id) -> float | None:
            for quiz_id in data.quizzes_with_role(_cohort_id, role):
                rows = by_learner_quiz.get((_learner, quiz_id))
                if rows is not None and len(rows):
                    return float(rows.iloc[0]["score"])
            return None

        pre = first_score("pre_test")
        post = first_score("post_test")
        final_quiz = _final_for(data.quizzes_with_role(cohort_id, "final"), m.track, facts)
        final_score: float | None = None
        passed: bool | None = None
        if final_quiz is not None:
            rows = by_learner_quiz.get((learner_id, final_quiz))
            if rows is not None and len(rows):
                final_score, passed = final_result(
                    [float(s) for s in rows["score"]], [bool(p) for p in rows["passed"]], facts.quizzes[final_quiz]
                )
            else:
                passed = False
        n_attempts = sum(len(by_learner_quiz.get((learner_id, q), ())) for q in assigned)
        records.append(
            {
                "cohort_id": cohort_id,
                "cohort": m.cohort,
                "learner_id": learner_id,
                "learner": m.learner,
                "track": m.track,
                "organisation_type": m.organisation_type,
                "sex": m.sex,
                "region": m.region,
                "lessons_done": n_done,
                "lessons_total": len(lessons),
                "progress_pct": 100.0 * n_done / len(lessons) if lessons else math.nan,
                "completed": bool(lessons) and n_done == len(lessons),
                "attempts": n_attempts,
                "pre": pre,
                "post": post,
                "gain": normalised_gain(pre, post),
                "final_quiz": final_quiz,
                "final_score": final_score,
                "passed": passed,
                "certificate": final_quiz is not None and (learner_id, final_quiz) in certs,
            }
        )
    out = pd.DataFrame(records, columns=LEARNER_COLUMNS)
    for col in ("pre", "post", "gain", "final_score", "progress_pct"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out


def attempts_table(data: ReportData, facts: CourseFacts) -> pd.DataFrame:
    """Every submitted attempt on a cohort's assigned quizzes, with the learner's label and role."""
    columns = [
        "cohort",
        "learner_id",
        "learner",
        "quiz_id",
        "quiz",
        "role",
        "attempt_no",
        "score",
        "passed",
        "submitted_at",
    ]
    if data.attempts.empty or data.members.empty:
        return _frame(columns)
    joined = data.attempts.merge(data.members[["cohort_id", "cohort", "learner_id", "learner"]], on="learner_id")
    joined = joined.merge(data.assignments[["cohort_id", "quiz_id", "role"]], on=["cohort_id", "quiz_id"])
    joined["quiz"] = joined["quiz_id"].map(facts.quiz_title)
    joined = joined.sort_values(["cohort", "learner", "learner_id", "quiz_id", "attempt_no"])
    return joined[columns].reset_index(drop=True)


def answers_table(data: ReportData, facts: CourseFacts) -> pd.DataFrame:
    """Per-question answers of submitted attempts on assigned quizzes, with the learner's label."""
    columns = ["cohort", "learner_id", "learner", "quiz_id", "attempt_no", "question_id", "answer", "score", "correct"]
    if data.answers.empty or data.members.empty:
        return _frame(columns)
    joined = data.answers.merge(data.members[["cohort_id", "cohort", "learner_id", "learner"]], on="learner_id")
    joined = joined.merge(data.assignments[["cohort_id", "quiz_id"]], on=["cohort_id", "quiz_id"])
    joined["answer"] = joined["answer"].map(lambda a: " | ".join(str(x) for x in (a or [])))
    joined = joined.sort_values(["cohort", "learner", "learner_id", "quiz_id", "attempt_no", "position"])
    return joined[columns].reset_index(drop=True)


# -- in people's words -----------------------------------------------------------------------
def _yes_no(value: object) -> str:
    """'yes' or 'no' for an outcome, in the reader's language; '–' when it does not apply (None: no final
    assessment)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _("yes") if bool(value) else _("no")


def learners_for_people(learners: pd.DataFrame, facts: CourseFacts) -> pd.DataFrame:
    """learner_table rows as a person reads them: the track and final assessment by title, the
    organisation type and sex in words ("Not stated" when missing), and yes/no outcomes ("–" for
    passed when the track has no final assessment). Same columns, so labels still apply."""
    if learners.empty:
        return learners.copy()
    return learners.assign(
        track=[facts.track_titles.get(t, t) if isinstance(t, str) else "" for t in learners["track"]],
        organisation_type=[vocabulary_label("organisation_type", v) for v in learners["organisation_type"]],
        sex=[vocabulary_label("sex", v) for v in learners["sex"]],
        region=[vocabulary_label("region", v) for v in learners["region"]],
        final_quiz=[facts.quiz_title(q) if isinstance(q, str) else "" for q in learners["final_quiz"]],
        completed=[_yes_no(v) for v in learners["completed"]],
        passed=[_yes_no(v) for v in learners["passed"]],
        certificate=[_yes_no(v) for v in learners["certificate"]],
    )


def attempts_for_people(attempts: pd.DataFrame) -> pd.DataFrame:
    """attempts_table rows with the quiz's role in words and passed as yes/no."""
    if attempts.empty:
        return attempts.copy()
    return attempts.assign(
        role=[ROLE_TITLES.get(r, r) for r in attempts["role"]],
        passed=[_yes_no(v) for v in attempts["passed"]],
    )


def answers_for_people(answers: pd.DataFrame, facts: CourseFacts) -> pd.DataFrame:
    """answers_table rows with the question's words (its shortened prompt) beside its id, and
    correct as yes/no."""
    out = answers.copy()
    at = list(out.columns).index("question_id") + 1
    out.insert(at, "question", [facts.question_text(str(q)) for q in out["question_id"]])
    if not out.empty:
        out["correct"] = [_yes_no(v) for v in out["correct"]]
    return out


# -- per group -------------------------------------------------------------------------------
def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _groups(frame: pd.DataFrame, keys: list[str]) -> list[tuple[Any, pd.DataFrame]]:
    """groupby as (key tuple, rows) pairs; typed Any because pandas types a key as any Hashable."""
    return list(frame.groupby(keys))


def summarise_learners(rows: pd.DataFrame, min_cell: int = 0) -> dict[str, Any]:
    """SUMMARY_COLUMNS for a set of learner rows (score means withheld below `min_cell` people)."""
    enrolled = len(rows)
    completed = int(rows["completed"].astype(bool).sum()) if enrolled else 0
    passed = int(rows["passed"].fillna(False).astype(bool).sum()) if enrolled else 0
    certs = int(rows["certificate"].astype(bool).sum()) if enrolled else 0
    paired = rows.dropna(subset=["pre", "post"]) if enrolled else rows
    gains = paired["gain"].dropna() if enrolled else pd.Series(dtype=float)
    mean_pre = float(paired["pre"].mean()) if len(paired) else None
    mean_post = float(paired["post"].mean()) if len(paired) else None
    withhold = len(paired) < min_cell
    small = enrolled < min_cell  # a rate or a count of outcomes over one or two people is their result
    return {
        "enrolled": enrolled,
        "completed": None if small else completed,
        "completion_rate": None if small else _rate(completed, enrolled),
        "passed": None if small else passed,
        "pass_rate": None if small else _rate(passed, enrolled),
        "certificates": None if small else certs,
        "n_pre": int(rows["pre"].notna().sum()) if enrolled else 0,
        "n_post": int(rows["post"].notna().sum()) if enrolled else 0,
        "n_pairs": len(paired),
        "mean_pre": None if withhold else mean_pre,
        "mean_post": None if withhold else mean_post,
        "n_gain": len(gains),
        "mean_gain": None if withhold or not len(gains) else float(gains.mean()),
        "class_gain": None if withhold else class_gain(mean_pre, mean_post),
    }


def gain_summary(rows: pd.DataFrame) -> GainSummary:
    s = summarise_learners(rows)
    return GainSummary(
        s["n_pre"],
        s["n_post"],
        s["n_pairs"],
        s["mean_pre"],
        s["mean_post"],
        s["n_gain"],
        s["mean_gain"],
        s["class_gain"],
    )


def cohort_summary(learners: pd.DataFrame, min_cell: int = 0) -> pd.DataFrame:
    """One row per cohort: cohort_id, cohort, then SUMMARY_COLUMNS (cohorts side by side)."""
    columns = ["cohort_id", "cohort", *SUMMARY_COLUMNS]
    if learners.empty:
        return _frame(columns)
    records = [
        {"cohort_id": cid, "cohort": name, **summarise_learners(group, min_cell)}
        for (cid, name), group in learners.groupby(["cohort_id", "cohort"], sort=False)
    ]
    return pd.DataFrame(records, columns=columns)


def vocabulary_label(column: str, value: object) -> str:
    """A learner's organisation type or sex (by its code) in the reader's language, "Not stated" when
    missing; any other column's value as it is (a region is the programme's own word)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return translate(NOT_STATED)
    text = str(value)
    vocab = _VOCABULARIES.get(column)
    if vocab is not None and text in vocab:
        return translate(vocab[text])
    return text


_VOCABULARIES = {"organisation_type": ORGANISATION_TYPES, "sex": SEXES}


def unique_people(learners: pd.DataFrame) -> pd.DataFrame:
    """One row per person (a learner in several cohorts counts once: the most recent cohort row)."""
    if learners.empty:
        return learners
    return learners.sort_values("cohort_id").drop_duplicates("learner_id", keep="last")


def breakdown(learners: pd.DataFrame, by: str, min_cell: int = 0, per_person: bool = True) -> pd.DataFrame:
    """SUMMARY_COLUMNS per value of `by` (organisation_type, sex, region, track); missing values are
    'Not stated'. With `per_person`, someone in two cohorts counts once."""
    columns = ["group", *SUMMARY_COLUMNS]
    if learners.empty:
        return _frame(columns)
    rows = unique_people(learners) if per_person else learners
    keyed = rows.assign(group=[vocabulary_label(by, v) for v in rows[by]])
    order = _group_order(by, list(keyed["group"].unique()))
    records = [{"group": g, **summarise_learners(keyed[keyed["group"] == g], min_cell)} for g in order]
    if min_cell:
        _suppress_complement(records, min_cell)
    return pd.DataFrame(records, columns=columns)


_OUTCOMES = ("completed", "completion_rate", "passed", "pass_rate", "certificates")


def _suppress_complement(records: list[dict[str, Any]], min_cell: int) -> None:
    """Secondary suppression: when exactly one group's outcomes are withheld, the total minus the
    other groups would give them away, so the next smallest group's outcomes are withheld too."""
    hidden = [r for r in records if r["enrolled"] < min_cell]
    shown = sorted((r for r in records if r["enrolled"] >= min_cell), key=lambda r: r["enrolled"])
    if len(hidden) == 1 and shown:
        for key in _OUTCOMES:
            shown[0][key] = None


def _group_order(by: str, groups: list[str]) -> list[str]:
    """Groups (labels in the reader's language) in the vocabulary's order, others sorted, "Not stated" last."""
    not_stated = translate(NOT_STATED)
    codes = _VOCABULARIES.get(by)
    if codes is None:
        return sorted(g for g in groups if g != not_stated) + ([not_stated] if not_stated in groups else [])
    vocab = [vocabulary_label(by, code) for code in codes]
    known = [v for v in vocab if v in groups]
    return (
        known
        + sorted(g for g in groups if g not in known and g != not_stated)
        + ([not_stated] if not_stated in groups and not_stated not in known else [])
    )


def people_trained(learners: pd.DataFrame) -> pd.DataFrame:
    """Counts of people (enrolled, completed, passed) by organisation type × sex: the donor table."""
    columns = ["organisation_type", "sex", "enrolled", "completed", "passed"]
    if learners.empty:
        return _frame(columns)
    rows = unique_people(learners)
    keyed = rows.assign(
        organisation_type=[vocabulary_label("organisation_type", v) for v in rows["organisation_type"]],
        sex=[vocabulary_label("sex", v) for v in rows["sex"]],
        passed=rows["passed"].fillna(False).astype(bool),
        completed=rows["completed"].astype(bool),
    )
    out = keyed.groupby(["organisation_type", "sex"], as_index=False).agg(
        enrolled=("learner_id", "size"), completed=("completed", "sum"), passed=("passed", "sum")
    )
    org_order = {vocabulary_label("organisation_type", c): i for i, c in enumerate(ORGANISATION_TYPES)}
    org_order.setdefault(translate(NOT_STATED), len(org_order))
    sex_order = {v: i for i, v in enumerate(vocabulary_label("sex", c) for c in SEXES)}
    out = out.sort_values(
        by=["organisation_type", "sex"],
        key=lambda s: s.map(org_order if s.name == "organisation_type" else sex_order).fillna(99),
    )
    return out[columns].reset_index(drop=True)


def score_distribution(data: ReportData, facts: CourseFacts) -> pd.DataFrame:
    """First-attempt scores on each assigned quiz: cohort, role, quiz, score (for histograms)."""
    columns = ["cohort_id", "cohort", "role", "quiz_id", "quiz", "score"]
    if data.attempts.empty or data.members.empty:
        return _frame(columns)
    first = first_attempts(data.attempts)
    joined = first.merge(data.members[["cohort_id", "cohort", "learner_id"]], on="learner_id")
    joined = joined.merge(data.assignments[["cohort_id", "quiz_id", "role"]], on=["cohort_id", "quiz_id"])
    joined["quiz"] = joined["quiz_id"].map(facts.quiz_title)
    joined["score"] = joined["score"].astype(float)
    return joined[columns].reset_index(drop=True)


def score_summary(distribution: pd.DataFrame, min_cell: int = 0) -> pd.DataFrame:
    """First-attempt scores per cohort, test and quiz: how many, their mean and spread. With a
    min_cell (programme viewers) a group under min_cell shows only its count, and no minimum,
    maximum or quartile is given at all: each of those is one person's score."""
    keys = ["cohort", "role", "quiz"]
    if distribution.empty:
        return _frame([*keys, "count", "mean", "std"] + ([] if min_cell else ["min", "25%", "50%", "75%", "max"]))
    table = distribution.groupby(keys, as_index=False)["score"].describe()
    if not min_cell:
        return table
    table = table[[*keys, "count", "mean", "std"]].copy()
    table.loc[table["count"] < min_cell, ["mean", "std"]] = None
    return table


def score_bins(distribution: pd.DataFrame, min_cell: int = 0, step: int = 10) -> pd.DataFrame:
    """Learners per score band and test role (role, band, band_end, learners), binned here so a
    chart never sends single scores to the browser; groups (cohort, test, quiz) under min_cell
    people are left out."""
    columns = ["role", "band", "band_end", "learners"]
    if distribution.empty:
        return _frame(columns)
    sizes = distribution.groupby(["cohort_id", "role", "quiz_id"])["score"].transform("size")
    kept = distribution[sizes >= min_cell] if min_cell else distribution
    if kept.empty:
        return _frame(columns)
    band = (kept["score"].clip(0, 100) // step * step).clip(upper=100 - step).astype(int)
    binned = kept.assign(band=band).groupby(["role", "band"], as_index=False).size()
    binned = binned.rename(columns={"size": "learners"})
    binned["band_end"] = binned["band"] + step
    return binned[columns]


def pre_post_long(learners: pd.DataFrame) -> pd.DataFrame:
    """Paired learners' pre and post scores in long form (cohort, learner_id, test, score); the test named
    in the reader's language."""
    columns = ["cohort_id", "cohort", "learner_id", "test", "score"]
    if learners.empty:
        return _frame(columns)
    paired = learners.dropna(subset=["pre", "post"])
    long = paired.melt(
        id_vars=["cohort_id", "cohort", "learner_id"], value_vars=["pre", "post"], var_name="test", value_name="score"
    )
    long["test"] = long["test"].map({"pre": ROLE_TITLES["pre_test"], "post": ROLE_TITLES["post_test"]})
    return long[columns]
