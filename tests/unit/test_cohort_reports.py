"""Per-learner and per-cohort reports, breakdowns, mastery, charts and the programme report, on
small hand-built rows whose every number is worked out in the comments."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from modules.analytics import cohort_reports as cr
from modules.analytics.mastery import mastery_table, weakest_indicators
from modules.charts import programme as charts
from modules.export import programme_report

T = datetime(2025, 3, 3, 10, 0)

FACTS = cr.CourseFacts(
    course_title="Course",
    lessons_by_track={"police": ["l1", "l2"], "labour_inspector": ["l1"]},
    quizzes={
        "pre": cr.QuizFacts("Pre-test", "pre_test", None, 0, "first"),
        "post": cr.QuizFacts("Post-test", "post_test", None, 0, "first"),
        "final-p": cr.QuizFacts("Final police", "final", "police", 60, "highest"),
        "final-i": cr.QuizFacts("Final inspectors", "final", "labour_inspector", 60, "last"),
    },
    question_indicators={"q1": ["deception"], "q2": ["debt"], "q3": ["deception", "debt"]},
    indicator_names={"deception": "2. Deception", "debt": "9. Debt bondage"},
)

# Cohort 1 (North): Ana (police, female, R1), Ben (inspector, male, R1), Cai (police, no sex, R2)
# Cohort 2 (South): Dee (police, female, R2), and Ana again (a person in two cohorts)
MEMBERS = pd.DataFrame(
    [
        (1, "North", 1, "Ana", "police", "police", "female", "R1"),
        (1, "North", 2, "Ben", "labour_inspector", "labour_inspectorate", "male", "R1"),
        (1, "North", 3, "Cai", "police", "police", None, "R2"),
        (2, "South", 4, "Dee", "police", "ngo", "female", "R2"),
        (2, "South", 1, "Ana", "police", "police", "female", "R1"),
    ],
    columns=cr.MEMBER_COLUMNS,
)
ASSIGN = pd.DataFrame(
    [
        (c, q, r)
        for c in (1, 2)
        for q, r in (("pre", "pre_test"), ("post", "post_test"), ("final-p", "final"), ("final-i", "final"))
    ],
    columns=["cohort_id", "quiz_id", "role"],
)


def _attempt(aid: int, learner: int, quiz: str, no: int, score: float, passed: bool) -> dict[str, object]:
    return {
        "attempt_id": aid,
        "learner_id": learner,
        "quiz_id": quiz,
        "attempt_no": no,
        "score": score,
        "passed": passed,
        "started_at": T,
        "submitted_at": T,
    }


ATTEMPTS = pd.DataFrame(
    [
        _attempt(1, 1, "pre", 1, 40.0, True),  # Ana: pre 40, post 70 -> g 0.5
        _attempt(2, 1, "post", 1, 70.0, True),
        _attempt(3, 1, "final-p", 1, 50.0, False),
        _attempt(4, 1, "final-p", 2, 80.0, True),  # highest grading: passed
        _attempt(5, 2, "pre", 1, 100.0, True),  # Ben: pre 100 -> gain undefined
        _attempt(6, 2, "post", 1, 90.0, True),
        _attempt(7, 2, "final-i", 1, 70.0, True),
        _attempt(8, 2, "final-i", 2, 50.0, False),  # last grading: the last (50) counts -> failed
        _attempt(9, 3, "pre", 1, 60.0, True),  # Cai: pre only
        _attempt(10, 3, "pre", 2, 95.0, True),  # a retake: ignored (first attempt counts)
        _attempt(11, 4, "pre", 1, 20.0, True),  # Dee: pre 20, post 60 -> g 0.5
        _attempt(12, 4, "post", 1, 60.0, True),
    ]
)
ANSWERS = pd.DataFrame(
    [
        # Ana pre: q1 wrong, q2 right, q3 half; post all right
        (1, 1, "pre", 1, "q1", 0, ["b"], 0.0, False),
        (1, 1, "pre", 1, "q2", 1, ["a"], 1.0, True),
        (1, 1, "pre", 1, "q3", 2, ["a"], 0.5, False),
        (2, 1, "post", 1, "q1", 0, ["a"], 1.0, True),
        (2, 1, "post", 1, "q2", 1, ["a"], 1.0, True),
        (2, 1, "post", 1, "q3", 2, ["a", "b"], 1.0, True),
        # Dee pre: all wrong; post q1 right only
        (11, 4, "pre", 1, "q1", 0, ["=cmd|' /C calc'!A0"], 0.0, False),
        (11, 4, "pre", 1, "q2", 1, ["b"], 0.0, False),
        (11, 4, "pre", 1, "q3", 2, [], 0.0, False),
        (12, 4, "post", 1, "q1", 0, ["a"], 1.0, True),
        (12, 4, "post", 1, "q2", 1, ["b"], 0.0, False),
        (12, 4, "post", 1, "q3", 2, ["b"], 0.0, False),
    ],
    columns=[
        "attempt_id",
        "learner_id",
        "quiz_id",
        "attempt_no",
        "question_id",
        "position",
        "answer",
        "score",
        "correct",
    ],
)
COMPLETION = pd.DataFrame(
    [(1, "l1", True), (1, "l2", True), (2, "l1", True), (3, "l1", True), (3, "l2", False), (4, "l9", True)],
    columns=["learner_id", "lesson_id", "completed"],
)
CERTS = pd.DataFrame([(1, "final-p", date(2025, 3, 3))], columns=["learner_id", "quiz_id", "completed_on"])
COHORTS = pd.DataFrame(
    [
        (1, "North", "Programme X", "Ruritania", "MoL", date(2025, 3, 1), date(2025, 3, 5), False),
        (2, "South", "Programme X", "Ruritania", "MoL", None, None, False),
    ],
    columns=["cohort_id", "cohort", "programme", "country", "organisation", "start_date", "end_date", "pseudonymous"],
)
DATA = cr.ReportData(COHORTS, MEMBERS, ASSIGN, ATTEMPTS, ANSWERS, COMPLETION, CERTS)


@pytest.fixture(scope="module")
def learners() -> pd.DataFrame:
    return cr.learner_table(DATA, FACTS)


def _row(table: pd.DataFrame, cohort: int, learner: int) -> pd.Series:
    return table[(table["cohort_id"] == cohort) & (table["learner_id"] == learner)].iloc[0]


def test_learner_rows(learners: pd.DataFrame) -> None:
    ana = _row(learners, 1, 1)
    assert (ana["lessons_done"], ana["lessons_total"], ana["progress_pct"], ana["completed"]) == (2, 2, 100.0, True)
    assert (ana["pre"], ana["post"], ana["gain"]) == (40.0, 70.0, pytest.approx(0.5))
    assert (ana["final_quiz"], ana["final_score"], ana["passed"], ana["certificate"]) == ("final-p", 80.0, True, True)
    assert ana["attempts"] == 4
    ben = _row(learners, 1, 2)
    assert ben["completed"] and ben["lessons_total"] == 1  # inspectors' track has one lesson
    assert pd.isna(ben["gain"])  # pre = 100
    assert (ben["final_quiz"], ben["final_score"], ben["passed"]) == ("final-i", 50.0, False)  # grading "last"
    cai = _row(learners, 1, 3)
    assert (cai["progress_pct"], cai["completed"], cai["pre"]) == (50.0, False, 60.0)  # first attempt, not 95
    assert pd.isna(cai["post"]) and not cai["passed"] and not cai["certificate"]
    dee = _row(learners, 2, 4)
    assert dee["lessons_done"] == 0  # l9 is not in her track
    assert dee["gain"] == pytest.approx(0.5)


def test_cohort_summary_side_by_side(learners: pd.DataFrame) -> None:
    summary = cr.cohort_summary(learners).set_index("cohort")
    north = summary.loc["North"]
    # North: Ana, Ben, Cai. Completed Ana, Ben (2/3); passed Ana (1/3); pairs Ana (40→70), Ben (100→90)
    assert (north["enrolled"], north["completed"], north["passed"], north["certificates"]) == (3, 2, 1, 1)
    assert north["completion_rate"] == pytest.approx(2 / 3)
    assert north["pass_rate"] == pytest.approx(1 / 3)
    assert (north["n_pre"], north["n_post"], north["n_pairs"], north["n_gain"]) == (3, 2, 2, 1)
    assert north["mean_pre"] == pytest.approx(70.0) and north["mean_post"] == pytest.approx(80.0)
    assert north["mean_gain"] == pytest.approx(0.5)  # Ben's undefined gain is left out
    assert north["class_gain"] == pytest.approx((80 - 70) / (100 - 70))
    south = summary.loc["South"]
    # South: Dee (20→60) and Ana (40→70): means 30 -> 65, class gain 35 / 70 = 0.5
    assert south["enrolled"] == 2 and south["mean_pre"] == pytest.approx(30.0)
    assert south["class_gain"] == pytest.approx(0.5)


def test_small_cells_are_withheld(learners: pd.DataFrame) -> None:
    summary = cr.cohort_summary(learners, min_cell=3).set_index("cohort")
    assert summary.loc["North", "enrolled"] == 3  # counts stay
    assert summary.loc["North", "mean_pre"] is None or pd.isna(summary.loc["North", "mean_pre"])  # 2 pairs < 3
    assert pd.isna(summary.loc["North", "mean_gain"])


def test_breakdowns_count_people_once(learners: pd.DataFrame) -> None:
    by_sex = cr.breakdown(learners, "sex").set_index("group")
    # people: Ana (female), Ben (male), Cai (not stated), Dee (female): Ana counted once
    assert list(by_sex.index) == ["Female", "Male", "Not stated"]
    assert by_sex.loc["Female", "enrolled"] == 2
    assert by_sex.loc["Female", "mean_pre"] == pytest.approx(30.0)  # Ana 40, Dee 20
    by_org = cr.breakdown(learners, "organisation_type").set_index("group")
    assert list(by_org.index) == ["Labour inspectorate", "Police", "NGO"]
    by_region = cr.breakdown(learners, "region").set_index("group")
    assert by_region.loc["R1", "enrolled"] == 2 and by_region.loc["R2", "enrolled"] == 2


def test_people_trained_table(learners: pd.DataFrame) -> None:
    table = cr.people_trained(learners)
    assert table["enrolled"].sum() == 4  # four people, five memberships
    police_female = table[(table["organisation_type"] == "Police") & (table["sex"] == "Female")].iloc[0]
    assert (police_female["enrolled"], police_female["completed"], police_female["passed"]) == (1, 1, 1)
    assert list(table["organisation_type"]).index("Labour inspectorate") < list(table["organisation_type"]).index("NGO")


def test_distribution_and_detail_tables() -> None:
    dist = cr.score_distribution(DATA, FACTS)
    north_pre = dist[(dist["cohort"] == "North") & (dist["role"] == "pre_test")]
    assert sorted(north_pre["score"]) == [40.0, 60.0, 100.0]  # Cai's retake (95) is not a first attempt
    attempts = cr.attempts_table(DATA, FACTS)
    assert len(attempts[attempts["cohort"] == "North"]) == 10
    answers = cr.answers_table(DATA, FACTS)
    assert "b | a" not in set(answers["answer"]) and "a | b" in set(answers["answer"])
    long = cr.pre_post_long(cr.learner_table(DATA, FACTS))
    assert set(long["test"]) == {"Pre-test", "Post-test"}


def test_mastery_by_hand() -> None:
    table = mastery_table(ANSWERS, MEMBERS[["cohort_id", "cohort", "learner_id"]], FACTS.question_indicators)
    cell = table.set_index(["cohort", "indicator"])
    # North = Ana only: deception answers q1 (pre ✗, post ✓), q3 (pre ✗ half, post ✓) -> 2 of 4 right
    assert cell.loc[("North", "deception"), "answers"] == 4
    assert cell.loc[("North", "deception"), "share_correct"] == pytest.approx(0.5)
    assert cell.loc[("North", "deception"), "mean_score"] == pytest.approx((0 + 1 + 0.5 + 1) / 4)
    # South = Dee and Ana: debt answers q2, q3 of both: Ana ✓ ✗ ✓ ✓, Dee ✗ ✗ ✗ ✗ -> 3 of 8
    assert cell.loc[("South", "debt"), "answers"] == 8
    assert cell.loc[("South", "debt"), "share_correct"] == pytest.approx(3 / 8)
    assert cell.loc[("South", "debt"), "learners"] == 2
    first = mastery_table(ANSWERS, MEMBERS, FACTS.question_indicators, quiz_ids=["pre"])
    assert first.set_index(["cohort", "indicator"]).loc[("North", "debt"), "share_correct"] == pytest.approx(0.5)
    weakest = weakest_indicators(table, limit=1, min_answers=1)
    # pooled: deception (2 + 3) of (4 + 8) = 0.42, debt (3 + 3) of (4 + 8) = 0.5
    assert list(weakest["indicator"]) == ["deception"]
    assert mastery_table(ANSWERS.iloc[0:0], MEMBERS, {}).empty


def test_charts_build_with_titles_and_descriptions(learners: pd.DataFrame) -> None:
    summary = cr.cohort_summary(learners)
    built = [
        charts.score_histogram(cr.score_bins(cr.score_distribution(DATA, FACTS))),
        charts.pre_post_by_cohort(summary),
        charts.rates_by_cohort(summary),
        charts.gain_by_group(cr.breakdown(learners, "sex"), "Sex"),
        charts.mastery_heatmap(mastery_table(ANSWERS, MEMBERS, FACTS.question_indicators), FACTS.indicator_names),
        charts.indicator_gain_chart(
            pd.DataFrame([{"indicator": "debt", "n": 2, "pre": 30.0, "post": 60.0}]), FACTS.indicator_names
        ),
        charts.item_map(
            pd.DataFrame(
                [
                    {
                        "question_id": "q1",
                        "n": 10,
                        "facility": 50.0,
                        "discrimination_index": -5.0,
                        "flags": "negative discrimination",
                    }
                ]
            )
        ),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec.get("title") or any("title" in layer for layer in spec.get("layer", []))
        assert spec["description"]
    pre_post = built[1].to_dict()
    # weighted by pairs: North (2 pairs: 70 -> 80), South (2 pairs: 30 -> 65) -> 50 -> 72.5
    assert pre_post["title"]["text"] == "Mean score rose from 50% to 72%"
    assert "Weakest topic: 2. Deception" in str(built[4].to_dict()["title"])
    assert "1 of 1 questions to review" in str(built[6].to_dict()["title"])
    # empty data gives a titled placeholder, not an error
    assert "No results" in str(charts.score_histogram(pd.DataFrame()).to_dict())


def test_programme_report_is_aggregate_only() -> None:
    pseudonymised = cr.ReportData(
        COHORTS,
        MEMBERS.assign(learner=[f"L-{i:05d}" for i in MEMBERS["learner_id"]]),
        ASSIGN,
        ATTEMPTS,
        ANSWERS,
        COMPLETION,
        CERTS,
    )
    live = pd.DataFrame(
        [
            {
                "cohort_id": 1,
                "session_id": 9,
                "session_title": "Day 1 quiz",
                "session_started_at": T,
                "participants": 12,
                "questions": 3,
                "responses": 30,
                "mean_share_correct": 0.6,
            }
        ]
    )
    report = programme_report.build_report(pseudonymised, FACTS, None, live, generated_on=date(2025, 4, 1))
    assert report.title == "Programme X"
    assert report.headline["people"] == 4
    assert report.headline["enrolled"] == 4
    ind = report.indicator_gain.set_index("indicator")
    assert ind.loc["2. Deception", "n"] == 2
    # two pairs < MIN_CELL (3): per-indicator means are withheld
    assert pd.isna(ind.loc["2. Deception", "pre"])
    pdf = programme_report.report_pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    book = load_workbook(io.BytesIO(programme_report.report_xlsx(report)))
    assert {"Summary", "People trained", "By sex", "Gain by indicator", "Question health", "Live sessions"} <= set(
        book.sheetnames
    )
    every_cell = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    for name in ("Ana", "Ben", "Cai", "Dee"):
        assert name not in every_cell
    assert "Day 1 quiz" in every_cell


def test_programme_report_without_live_sessions() -> None:
    report = programme_report.build_report(DATA, FACTS, None, None, generated_on=date(2025, 4, 1))
    assert report.live is None
    assert programme_report.report_pdf(report).startswith(b"%PDF")


def test_small_groups_show_no_outcome_and_no_complement() -> None:
    import pandas as pd

    from modules.analytics import cohort_reports as cr

    rows = pd.DataFrame(
        {
            "region": ["A"] * 5 + ["B"] * 4 + ["C"],
            "completed": [True] * 10,
            "passed": [True, False] * 5,
            "certificate": [False] * 10,
            "pre": [50.0] * 10,
            "post": [70.0] * 10,
            "gain": [0.4] * 10,
            "learner_id": range(10),
            "cohort_id": [1] * 10,
            "cohort": ["X"] * 10,
        }
    )
    table = cr.breakdown(rows, "region", min_cell=3).set_index("group")
    assert table.loc["C", "passed"] is None or pd.isna(table.loc["C", "passed"])
    # with C hidden alone, total − A − B would give C away: B (the smallest shown) is hidden too
    assert pd.isna(table.loc["B", "pass_rate"]) and table.loc["A", "passed"] == 3
    assert cr.breakdown(rows, "region").set_index("group").loc["C", "passed"] == 0  # managers see all


def test_score_bins_leave_out_small_groups_and_never_carry_a_score() -> None:
    import pandas as pd

    from modules.analytics import cohort_reports as cr

    dist = pd.DataFrame(
        {
            "cohort_id": [1, 1, 1, 2],
            "cohort": ["X", "X", "X", "Y"],
            "role": ["pre_test"] * 4,
            "quiz_id": ["pre"] * 4,
            "quiz": ["Pre"] * 4,
            "score": [35.0, 38.0, 100.0, 12.0],
        }
    )
    bins = cr.score_bins(dist, min_cell=3)
    assert "score" not in bins.columns
    assert list(zip(bins["band"], bins["learners"], strict=True)) == [(30, 2), (90, 1)]  # Y's one score left out
    assert int(cr.score_bins(dist)["learners"].sum()) == 4
    summary = cr.score_summary(dist, min_cell=3).set_index("cohort")
    assert "min" not in summary.columns and pd.isna(summary.loc["Y", "mean"])
