"""Programme reports: cohorts side by side, learners (for their facilitator), breakdowns, indicator
mastery, item analysis, live sessions, and the exports. A programme viewer sees aggregates only:
the rows are loaded without names for them, and per-learner views and exports are not offered."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.analytics import cohort_reports as cr
from modules.analytics.forms import sem
from modules.analytics.item_analysis import item_statistics
from modules.analytics.learning_gain import indicator_gain
from modules.analytics.mastery import mastery_table, weakest_indicators
from modules.charts import programme as charts
from modules.content.registry import Registry
from modules.export import programme_report, xapi
from modules.export.tables import (
    COLUMN_LABELS,
    INDICATOR_GAIN_LABELS,
    ITEM_LABELS,
    LIVE_LABELS,
    MASTERY_LABELS,
    OBSERVED_LABELS,
    SCORE_LABELS,
    item_table,
    option_table,
    readable,
    to_csv_bytes,
    to_xlsx_bytes,
)
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.services import observations as observation_service
from modules.services import policy
from modules.ui import programme_identity
from modules.ui.auth import require_role
from modules.ui.components.programme_common import (
    MISSING,
    chart_with_table,
    not_yours_notice,
    num,
    pct,
    pick_cohorts,
    summary_columns,
    with_figures,
)
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

user = require_role("admin", "facilitator", "viewer")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(show_spinner=False, max_entries=4)
def course_facts(version: str, _reg: Registry) -> cr.CourseFacts:
    """What reports read from the content (titles, tracks, each quiz's chance score), made once per content
    version rather than on every rerun; `version` stands for `_reg` in the cache key."""
    del version  # only a cache key
    return cr.CourseFacts.from_registry(_reg)


reg = registry()
eng = engine()
scope = policy.report_scope(user)  # names, per-learner rows and the small-group rule: policy.py decides
aggregate_only = scope.aggregate_only
min_cell = scope.min_cell

st.title("Programme reports")
visible = cohort_service.visible_cohorts(eng, user)
not_yours_notice(visible)
if not visible:
    st.info("No cohorts to report on yet." + ("" if aggregate_only else " Create one on the Cohorts page."))
    st.stop()
if aggregate_only:
    st.caption(
        f"Programme viewer: aggregates only. Figures about groups of fewer than {policy.MIN_CELL} people are withheld."
    )

selected = pick_cohorts(visible, key="report-cohorts")
if not selected:
    st.info("Choose at least one cohort.")
    st.stop()

facts = course_facts(reg.version, reg)
data = cohort_service.load_report_data(eng, user, selected, names=scope.names)
learners = cr.learner_table(data, facts)
people = cr.unique_people(learners)
overall = cr.summarise_learners(people, min_cell)
summary = cr.cohort_summary(learners, min_cell)

m = st.columns(5)
m[0].metric("People enrolled", overall["enrolled"])
m[1].metric("Completed", pct(overall["completion_rate"]), help="Every lesson of their track finished.")
m[2].metric("Passed the final", pct(overall["pass_rate"]))
m[3].metric(
    "Mean pre → post",
    f"{num(overall['mean_pre'], 0)} → {num(overall['mean_post'], 0)}",
    help="First attempts, learners who sat both tests.",
)
m[4].metric(
    "Mean normalised gain",
    num(overall["mean_gain"], 2),
    help="(post − pre) / (100 − pre), averaged over the learners who sat both tests.",
)
st.caption(f"Gain on {overall['n_pairs']} learner(s) who sat both the pre-test and the post-test.")
for caveat in facts.gain_caveats(data.assignments, int(overall["n_pairs"] or 0)):
    st.warning(caveat, icon=":material/info:")

tab_names = ["Cohorts", "Breakdowns", "Indicators", "Questions", "Observed skills", "Live sessions", "Exports"]
if not aggregate_only:
    tab_names.insert(1, "Learners")
tabs = dict(zip(tab_names, st.tabs(tab_names), strict=True))

with tabs["Cohorts"]:
    st.header("Cohorts side by side")
    st.dataframe(
        readable(summary.drop(columns=["cohort_id"]), COLUMN_LABELS),
        hide_index=True,
        width="stretch",
        column_config=summary_columns(),
        placeholder=MISSING,
    )
    chart_with_table(
        charts.rates_by_cohort(summary),
        readable(summary[["cohort", "enrolled", "completion_rate", "pass_rate"]], COLUMN_LABELS),
    )
    chart_with_table(
        charts.pre_post_by_cohort(summary),
        readable(summary[["cohort", "n_pairs", "mean_pre", "mean_post", "mean_gain", "class_gain"]], COLUMN_LABELS),
    )
    dist = cr.score_distribution(data, facts)
    scores = cr.score_summary(dist, min_cell)
    chart_with_table(
        charts.score_histogram(cr.score_bins(dist, min_cell)),
        readable(scores.assign(role=[cr.ROLE_TITLES.get(r, r) for r in scores["role"]]), SCORE_LABELS),
    )

if "Learners" in tabs:
    with tabs["Learners"]:
        st.header("Learners")
        if learners.empty:
            st.info("No members yet.")
        else:
            shown = cr.learners_for_people(learners, facts).drop(columns=["cohort_id", "final_quiz"])
            st.dataframe(
                readable(shown, COLUMN_LABELS),
                hide_index=True,
                width="stretch",
                column_config=summary_columns(),
                placeholder=MISSING,
            )
            labels = {int(i): f"{n} · {c}" for i, n, c in learners[["learner_id", "learner", "cohort"]].to_numpy()}
            who = st.selectbox("Attempts of", list(labels), format_func=labels.__getitem__, key="learner-attempts")
            attempts = cr.attempts_table(data, facts)
            mine = cr.attempts_for_people(attempts[attempts["learner_id"] == who]).drop(columns=["learner_id"])
            st.dataframe(readable(mine, COLUMN_LABELS), hide_index=True, width="stretch", placeholder=MISSING)

with tabs["Breakdowns"]:
    for column, title in (("organisation_type", "Organisation type"), ("sex", "Sex"), ("region", "Region")):
        st.header(f"By {title.lower()}")
        table = cr.breakdown(learners, column, min_cell)
        st.dataframe(
            readable(table, COLUMN_LABELS),
            hide_index=True,
            width="stretch",
            column_config=summary_columns(),
            placeholder=MISSING,
        )
        chart_with_table(
            charts.gain_by_group(table, title),
            readable(table[["group", "n_gain", "mean_gain"]], {**COLUMN_LABELS, "group": title}),
        )

with tabs["Indicators"]:
    st.header("Mastery by indicator")
    mastery = mastery_table(data.answers, data.members, facts.question_indicators)
    if aggregate_only and not mastery.empty:
        mastery = mastery[mastery["learners"] >= min_cell]  # a cell of one or two is a person's answers
    if not mastery.empty:
        weak = weakest_indicators(mastery)
        if not weak.empty:
            names = ", ".join(facts.indicator_names.get(i, i) for i in weak["indicator"])
            st.markdown(f"Topics that most need work: **{escape_markdown(names)}**.")
    chart_with_table(
        charts.mastery_heatmap(mastery, facts.indicator_names),
        readable(
            mastery.assign(indicator=mastery["indicator"].map(lambda i: facts.indicator_names.get(i, i))).drop(
                columns=["cohort_id"]
            ),
            MASTERY_LABELS,
        ),
        "Share of quiz answers fully right on questions tagged with each indicator (all submitted attempts).",
    )
    st.header("Learning gain by indicator")
    roles = data.assignments
    gain = indicator_gain(
        data.answers,
        list(roles[roles["role"] == "pre_test"]["quiz_id"]),
        list(roles[roles["role"] == "post_test"]["quiz_id"]),
        facts.question_indicators,
    )
    if aggregate_only and not gain.empty:
        gain.loc[gain["n"] < min_cell, ["pre", "post", "class_gain", "mean_gain"]] = None
    chart_with_table(
        charts.indicator_gain_chart(gain.dropna(subset=["pre", "post"]), facts.indicator_names),
        readable(
            gain.assign(indicator=gain["indicator"].map(lambda i: facts.indicator_names.get(i, i))),
            INDICATOR_GAIN_LABELS,
        ),
    )

with tabs["Questions"]:
    st.header("Item analysis: how each question worked")
    quiz_ids = list(dict.fromkeys(data.assignments["quiz_id"]))
    if not quiz_ids:
        st.info("No quizzes assigned to these cohorts.")
    else:
        quiz_id = st.selectbox("Quiz", quiz_ids, format_func=facts.quiz_title, key="item-quiz")
        first_only = st.toggle("First attempts only", value=True, help="Later attempts remember earlier feedback.")
        report = item_statistics(data.answers, quiz_id, reg.questions, first_only=first_only)
        t = report.test
        if aggregate_only and t.n_attempts < min_cell:
            st.info(f"Fewer than {min_cell} attempts: item statistics are withheld to protect individuals.")
        else:
            c = st.columns(4)
            c[0].metric("Attempts analysed", t.n_attempts)
            c[1].metric("Mean score", num(t.mean))
            c[2].metric("Cronbach's alpha", num(t.alpha, 2), help=f"On {t.alpha_items} questions every attempt had.")
            c[3].metric("Questions to check", len(report.flagged()))
            form = facts.forms.get(quiz_id)
            error = sem(t.sd, t.alpha)
            st.caption(
                f"Chance score (a random guess): {num(form.chance if form else None, 0)}% · standard error of "
                f"measurement: {num(error, 1)} points, so a learner's score is reliable to about ± "
                f"{num(2 * error if error is not None else None, 0)} points."
            )
            items = item_table(report.items, facts.question_text, first_only=first_only)
            percent = st.column_config.NumberColumn(format="%.0f")
            st.dataframe(
                items,
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
                column_config={
                    ITEM_LABELS["question"]: st.column_config.TextColumn(width="large"),
                    ITEM_LABELS["facility"]: percent,
                    ITEM_LABELS["sd"]: percent,
                    ITEM_LABELS["discrimination_index"]: percent,
                    ITEM_LABELS["point_biserial"]: st.column_config.NumberColumn(format="%.2f"),
                    ITEM_LABELS["upper_lower"]: percent,
                },
            )
            words = {str(q): facts.question_text(str(q)) for q in report.items["question_id"]}
            chart_with_table(charts.item_map(report.items, words), items)
            with st.expander("How often each option was chosen"):
                st.dataframe(
                    option_table(report.options, facts.question_text),
                    hide_index=True,
                    width="stretch",
                    placeholder=MISSING,
                    column_config={"Share of answers": st.column_config.NumberColumn(format="percent")},
                )
            st.caption(
                "Share right: the mean score on the question, in % (a half-right answer counts half). "
                "Discrimination: how well the question tells stronger "
                "from weaker learners, as its correlation (×100) with the rest of the test, and as the share "
                "right in the top 27 % of scores minus the bottom 27 %. Points to check: too easy (90 % or more "
                "right), too hard (20 % or fewer), stronger learners doing worse (negative discrimination: "
                "check the key), weak discrimination (under 20), fewer than 10 answers."
            )

observed = observation_service.report_summary(eng, reg, user, selected, min_cell)
with tabs["Observed skills"]:
    st.header("Observed skills (role plays scored by facilitators)")
    if observed.empty or not observed["observed"].any():
        st.info("No role play scored yet in these cohorts.")
    else:
        st.dataframe(
            readable(observed, OBSERVED_LABELS),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
            column_config={
                OBSERVED_LABELS["mean_score"]: st.column_config.NumberColumn(format="%.0f"),
                OBSERVED_LABELS["pass_rate"]: st.column_config.NumberColumn(format="percent"),
            },
        )
        st.caption(f"Figures of fewer than {min_cell} learners are withheld, so no one can be singled out.")

live = cohort_service.live_summaries(eng, user, selected)
with tabs["Live sessions"]:
    st.header("Live sessions")
    if live.empty:
        st.info("No live sessions.")
    else:
        st.dataframe(
            readable(live.drop(columns=["cohort_id", "session_id"]), LIVE_LABELS),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
            column_config={LIVE_LABELS["mean_share_correct"]: st.column_config.NumberColumn(format="percent")},
        )

with tabs["Exports"]:
    st.header("Programme report for donors")
    st.caption("Aggregates only (no names), disaggregated by organisation type, sex and region.")
    donor_data = data if aggregate_only else cohort_service.load_report_data(eng, user, selected, names=False)

    def donor_report() -> programme_report.ProgrammeReport:
        return programme_report.build_report(
            donor_data, facts, reg.questions, live, observed=observed, branding=programme_identity.branding()
        )

    # Files are built only when a button is clicked (Streamlit runs the callable then), so the
    # page stays fast however large the programme.
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Programme report (PDF)",
        lambda: programme_report.report_pdf(with_figures(donor_report(), facts.indicator_names, min_cell)),
        "programme-report.pdf",
        "application/pdf",
        type="primary",
        on_click="ignore",
    )
    c2.download_button(
        "Programme report (XLSX)",
        lambda: programme_report.report_xlsx(donor_report()),
        "programme-report.xlsx",
        XLSX,
        on_click="ignore",
    )
    c3.download_button(
        "Cohort summaries (CSV)",
        lambda: to_csv_bytes(readable(summary, COLUMN_LABELS)),
        "cohort-summaries.csv",
        "text/csv",
        on_click="ignore",
    )
    if not aggregate_only:
        st.header("Data exports")
        managed = {c.id for c in cohort_service.managed_cohorts(eng, user)}
        st.caption("Learner-level files for your own cohorts. Pseudonymous cohorts show ids, not names.")
        learner_rows = learners[learners["cohort_id"].isin(managed)]
        learner_file = readable(cr.learners_for_people(learner_rows, facts), COLUMN_LABELS)
        own_ids = set(learner_rows["learner_id"])
        own = cr.ReportData(
            cohorts=data.cohorts[data.cohorts["cohort_id"].isin(managed)],
            members=data.members[data.members["cohort_id"].isin(managed)],
            assignments=data.assignments[data.assignments["cohort_id"].isin(managed)],
            attempts=data.attempts[data.attempts["learner_id"].isin(own_ids)],
            answers=data.answers[data.answers["learner_id"].isin(own_ids)],
            completion=data.completion,
            certificates=data.certificates,
        )

        def attempt_rows() -> pd.DataFrame:
            return readable(cr.attempts_for_people(cr.attempts_table(own, facts)), COLUMN_LABELS)

        def answer_rows() -> pd.DataFrame:
            return readable(cr.answers_for_people(cr.answers_table(own, facts), facts), COLUMN_LABELS)

        def workbook() -> bytes:
            return to_xlsx_bytes(
                {
                    "Learners": learner_file,
                    "Attempts": attempt_rows(),
                    "Answers": answer_rows(),
                    "Cohorts": readable(summary[summary["cohort_id"].isin(managed)], COLUMN_LABELS),
                }
            )

        def statements() -> bytes:
            return xapi.to_json_bytes(
                xapi.report_statements(own, facts, base=certificate_service.public_url(), questions=reg.questions)
            )

        x1, x2, x3 = st.columns(3)
        x1.download_button(
            "Learners (CSV)",
            lambda: to_csv_bytes(learner_file),
            "learners.csv",
            "text/csv",
            on_click="ignore",
        )
        x2.download_button(
            "Attempts (CSV)", lambda: to_csv_bytes(attempt_rows()), "attempts.csv", "text/csv", on_click="ignore"
        )
        x3.download_button(
            "Answers (CSV)", lambda: to_csv_bytes(answer_rows()), "answers.csv", "text/csv", on_click="ignore"
        )
        y1, y2 = st.columns(2)
        y1.download_button("All of the above (XLSX)", workbook, "programme-data.xlsx", XLSX, on_click="ignore")
        y2.download_button(
            "xAPI statements (JSON)", statements, "xapi-statements.json", "application/json", on_click="ignore"
        )
        st.caption("xAPI: POST the JSON file to your Learning Record Store's /statements endpoint.")
