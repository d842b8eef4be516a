"""Programme reports: cohorts side by side, learners (for their facilitator), breakdowns, indicator
mastery, item analysis, live sessions, and the exports. A programme viewer sees aggregates only:
the rows are loaded without names for them, and per-learner views and exports are not offered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from modules import i18n
from modules.analytics import cohort_reports as cr
from modules.analytics.forms import sem
from modules.analytics.item_analysis import item_statistics, points_to_check
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
    OPTION_LABELS,
    SCORE_LABELS,
    item_table,
    option_table,
    readable,
    to_csv_bytes,
    to_xlsx_bytes,
)
from modules.i18n import format_number, ngettext
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a header that modules.export.tables words (and translates)
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.services import observations as observation_service
from modules.services import policy
from modules.ui import programme_identity
from modules.ui.auth import require_role
from modules.ui.components.language_report import language_section
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
T = TypeVar("T")


def under(header: str, config: Any) -> dict[str, Any]:
    """A column's format under its header (as modules.export.tables words it) in English and in the language
    of this run, whichever the table shows (a format for a column the table lacks is ignored)."""
    return {header: config, translate(header): config}


def in_this_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, run in the language this page is drawn in. A file is built when its button is clicked, in a
    thread of Streamlit's own where the tab's language is unknown (it would otherwise be English)."""
    lang = i18n.current()

    def run() -> T:
        with i18n.use(lang):
            return build()

    return run


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

st.title(_("Programme reports"))
visible = cohort_service.visible_cohorts(eng, user)
not_yours_notice(visible)
if not visible:
    if aggregate_only:
        st.info(_("No cohorts to report on yet."))
    else:
        # TRANSLATORS: "Cohorts" is the name of the page where cohorts are created: use the same word as there.
        st.info(_("No cohorts to report on yet. Create one on the Cohorts page."))
    st.stop()
if aggregate_only:
    st.caption(
        # TRANSLATORS: for a programme viewer (a donor or manager who sees no names); {n} is the smallest group
        # a figure may be about (3).
        ngettext(
            "Programme viewer: aggregates only. Figures about groups of fewer than {n} person are withheld.",
            "Programme viewer: aggregates only. Figures about groups of fewer than {n} people are withheld.",
            policy.MIN_CELL,
        )
    )

selected = pick_cohorts(visible, key="report-cohorts")
if not selected:
    st.info(_("Choose at least one cohort."))
    st.stop()

facts = course_facts(reg.version, reg)
data = cohort_service.load_report_data(eng, user, selected, names=scope.names)
learners = cr.learner_table(data, facts)
people = cr.unique_people(learners)
overall = cr.summarise_learners(people, min_cell)
summary = cr.cohort_summary(learners, min_cell)

m = st.columns(5)
m[0].metric(_("People enrolled"), format_number(overall["enrolled"]))
# TRANSLATORS: the share of the people enrolled who completed their track.
m[1].metric(_("Completed"), pct(overall["completion_rate"]), help=_("Every lesson of their track finished."))
# TRANSLATORS: the share of the people enrolled who passed the final assessment.
m[2].metric(_("Passed the final"), pct(overall["pass_rate"]))
m[3].metric(
    # TRANSLATORS: the mean pre-test score, then the mean post-test score ("40 → 80").
    _("Mean pre → post"),
    f"{num(overall['mean_pre'], 0)} → {num(overall['mean_post'], 0)}",
    help=_("First attempts, learners who sat both tests."),
)
m[4].metric(
    _("Mean normalised gain"),
    num(overall["mean_gain"], 2),
    # TRANSLATORS: the formula of the normalised gain: keep its symbols.
    help=_("(post − pre) / (100 − pre), averaged over the learners who sat both tests."),
)
st.caption(
    ngettext(
        "Gain on {n} learner who sat both the pre-test and the post-test.",
        "Gain on {n} learners who sat both the pre-test and the post-test.",
        int(overall["n_pairs"] or 0),
    )
)
for caveat in facts.gain_caveats(data.assignments, int(overall["n_pairs"] or 0)):
    st.warning(caveat, icon=":material/info:")

# The tabs by their English names (the code's keys), shown in the language of this run.
tab_labels = {
    # TRANSLATORS: the tabs of the Programme reports page.
    "Cohorts": _("Cohorts"),
    "Learners": _("Learners"),
    "Breakdowns": _("Breakdowns"),
    "Indicators": _("Indicators"),
    "Questions": _("Questions"),
    "Observed skills": _("Observed skills"),
    "Live sessions": _("Live sessions"),
    "Exports": _("Exports"),
}
tab_names = ["Cohorts", "Breakdowns", "Indicators", "Questions", "Observed skills", "Live sessions", "Exports"]
if not aggregate_only:
    tab_names.insert(1, "Learners")
tabs = dict(zip(tab_names, st.tabs([tab_labels[t] for t in tab_names]), strict=True))

with tabs["Cohorts"]:
    st.header(_("Cohorts side by side"))
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
        st.header(_("Learners"))
        if learners.empty:
            st.info(_("No members yet."))
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
            # TRANSLATORS: a menu of learners, whose quiz attempts the table under it shows.
            who = st.selectbox(_("Attempts of"), list(labels), format_func=labels.__getitem__, key="learner-attempts")
            attempts = cr.attempts_table(data, facts)
            mine = cr.attempts_for_people(attempts[attempts["learner_id"] == who]).drop(columns=["learner_id"])
            st.dataframe(readable(mine, COLUMN_LABELS), hide_index=True, width="stretch", placeholder=MISSING)

with tabs["Breakdowns"]:
    breakdowns = (
        # TRANSLATORS: the headings of the breakdowns of results, and the titles of their groups.
        ("organisation_type", _("By organisation type"), _("Organisation type")),
        ("sex", _("By sex"), _("Sex")),
        ("region", _("By region"), _("Region")),
    )
    for column, heading, title in breakdowns:
        st.header(heading)
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
    st.header(_("Mastery by indicator"))
    mastery = mastery_table(data.answers, data.members, facts.question_indicators)
    if aggregate_only and not mastery.empty:
        mastery = mastery[mastery["learners"] >= min_cell]  # a cell of one or two is a person's answers
    if not mastery.empty:
        weak = weakest_indicators(mastery)
        if not weak.empty:
            names = ", ".join(facts.indicator_names.get(i, i) for i in weak["indicator"])
            # TRANSLATORS: {names} is a list of ILO indicators of forced labour, separated by commas.
            st.markdown(_("Topics that most need work: **{names}**.", names=escape_markdown(names)))
    chart_with_table(
        charts.mastery_heatmap(mastery, facts.indicator_names),
        readable(
            mastery.assign(indicator=mastery["indicator"].map(lambda i: facts.indicator_names.get(i, i))).drop(
                columns=["cohort_id"]
            ),
            MASTERY_LABELS,
        ),
        _("Share of quiz answers fully right on questions tagged with each indicator (all submitted attempts)."),
    )
    st.header(_("Learning gain by indicator"))
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
    st.header(_("Item analysis: how each question worked"))
    quiz_ids = list(dict.fromkeys(data.assignments["quiz_id"]))
    if not quiz_ids:
        st.info(_("No quizzes assigned to these cohorts."))
    else:
        quiz_id = st.selectbox(_("Quiz"), quiz_ids, format_func=facts.quiz_title, key="item-quiz")
        first_only = st.toggle(
            _("First attempts only"),
            value=True,
            help=_("Later attempts remember earlier feedback."),
            key="item-first-only",
        )
        report = item_statistics(data.answers, quiz_id, reg.questions, first_only=first_only)
        t = report.test
        if aggregate_only and t.n_attempts < min_cell:
            st.info(
                ngettext(
                    "Fewer than {n} attempt: item statistics are withheld to protect individuals.",
                    "Fewer than {n} attempts: item statistics are withheld to protect individuals.",
                    min_cell,
                )
            )
        else:
            c = st.columns(4)
            c[0].metric(_("Attempts analysed"), format_number(t.n_attempts))
            c[1].metric(_("Mean score"), num(t.mean))
            c[2].metric(
                # TRANSLATORS: a measure of a test's reliability, named after its author.
                _("Cronbach's alpha"),
                num(t.alpha, 2),
                help=ngettext(
                    "On {n} question every attempt had.", "On {n} questions every attempt had.", t.alpha_items
                ),
            )
            c[3].metric(_("Questions to check"), format_number(len(report.flagged())))
            form = facts.forms.get(quiz_id)
            error = sem(t.sd, t.alpha)
            st.caption(
                # TRANSLATORS: under the item analysis. {chance} is the score (in %) of a random guess, {error}
                # the standard error of measurement in points, {margin} twice that error.
                _(
                    "Chance score (a random guess): {chance}% · standard error of measurement: {error} points, "
                    "so a learner's score is reliable to about ± {margin} points.",
                    chance=num(form.chance if form else None, 0),
                    error=num(error, 1),
                    margin=num(2 * error if error is not None else None, 0),
                )
            )
            items = item_table(report.items, facts.question_text, first_only=first_only)
            percent = st.column_config.NumberColumn(format="%.0f")
            st.dataframe(
                items,
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
                column_config={
                    **under(ITEM_LABELS["question"], st.column_config.TextColumn(width="large")),
                    **under(ITEM_LABELS["facility"], percent),
                    **under(ITEM_LABELS["sd"], percent),
                    **under(ITEM_LABELS["discrimination_index"], percent),
                    **under(ITEM_LABELS["point_biserial"], st.column_config.NumberColumn(format="%.2f")),
                    **under(ITEM_LABELS["upper_lower"], percent),
                },
            )
            words = {str(q): facts.question_text(str(q)) for q in report.items["question_id"]}
            in_words = report.items.assign(points=report.items["flags"].map(points_to_check))
            chart_with_table(charts.item_map(in_words, words), items)
            with st.expander(_("How often each option was chosen")):
                st.dataframe(
                    option_table(report.options, facts.question_text),
                    hide_index=True,
                    width="stretch",
                    placeholder=MISSING,
                    column_config=under(OPTION_LABELS["share"], st.column_config.NumberColumn(format="percent")),
                )
            st.caption(
                # TRANSLATORS: how to read the item analysis table. "Share right", "Discrimination" and "Points to
                # check" are its columns' names: use the same words as their translations.
                _(
                    "Share right: the mean score on the question, in % (a half-right answer counts half). "
                    "Discrimination: how well the question tells stronger "
                    "from weaker learners, as its correlation (×100) with the rest of the test, and as the share "
                    "right in the top 27 % of scores minus the bottom 27 %. Points to check: too easy (90 % or more "
                    "right), too hard (20 % or fewer), stronger learners doing worse (negative discrimination: "
                    "check the key), weak discrimination (under 20), fewer than 10 answers."
                )
            )
            language_section(
                data.answers,
                quiz_id,
                facts.question_text,
                first_only=first_only,
                min_cell=min_cell,
                aggregate_only=aggregate_only,
            )

observed = observation_service.report_summary(eng, reg, user, selected, min_cell)
with tabs["Observed skills"]:
    st.header(_("Observed skills (role plays scored by facilitators)"))
    if observed.empty or not observed["observed"].any():
        st.info(_("No role play scored yet in these cohorts."))
    else:
        st.dataframe(
            readable(observed, OBSERVED_LABELS),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
            column_config={
                **under(OBSERVED_LABELS["mean_score"], st.column_config.NumberColumn(format="%.0f")),
                **under(OBSERVED_LABELS["pass_rate"], st.column_config.NumberColumn(format="percent")),
            },
        )
        st.caption(
            ngettext(
                "Figures of fewer than {n} learner are withheld, so no one can be singled out.",
                "Figures of fewer than {n} learners are withheld, so no one can be singled out.",
                min_cell,
            )
        )

live = cohort_service.live_summaries(eng, user, selected)
with tabs["Live sessions"]:
    st.header(_("Live sessions"))
    if live.empty:
        st.info(_("No live sessions."))
    else:
        st.dataframe(
            readable(live.drop(columns=["cohort_id", "session_id"]), LIVE_LABELS),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
            column_config=under(LIVE_LABELS["mean_share_correct"], st.column_config.NumberColumn(format="percent")),
        )

with tabs["Exports"]:
    st.header(_("Programme report for donors"))
    st.caption(_("Aggregates only (no names), disaggregated by organisation type, sex and region."))
    donor_data = data if aggregate_only else cohort_service.load_report_data(eng, user, selected, names=False)

    def donor_report() -> programme_report.ProgrammeReport:
        return programme_report.build_report(
            donor_data, facts, reg.questions, live, observed=observed, branding=programme_identity.branding()
        )

    # Files are built only when a button is clicked (Streamlit runs the callable then), so the
    # page stays fast however large the programme; in the language the page is drawn in.
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        _("Programme report (PDF)"),
        in_this_language(
            lambda: programme_report.report_pdf(with_figures(donor_report(), facts.indicator_names, min_cell))
        ),
        "programme-report.pdf",
        "application/pdf",
        type="primary",
        on_click="ignore",
        key="download-report-pdf",
    )
    c2.download_button(
        _("Programme report (XLSX)"),
        in_this_language(lambda: programme_report.report_xlsx(donor_report())),
        "programme-report.xlsx",
        XLSX,
        on_click="ignore",
        key="download-report-xlsx",
    )
    c3.download_button(
        _("Cohort summaries (CSV)"),
        in_this_language(lambda: to_csv_bytes(readable(summary, COLUMN_LABELS))),
        "cohort-summaries.csv",
        "text/csv",
        on_click="ignore",
        key="download-summaries",
    )
    if not aggregate_only:
        st.header(_("Data exports"))
        managed = {c.id for c in cohort_service.managed_cohorts(eng, user)}
        st.caption(_("Learner-level files for your own cohorts. Pseudonymous cohorts show ids, not names."))
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
                    # TRANSLATORS: the names of the sheets of the workbook of learner-level data.
                    _("Learners"): learner_file,
                    _("Attempts"): attempt_rows(),
                    _("Answers"): answer_rows(),
                    _("Cohorts"): readable(summary[summary["cohort_id"].isin(managed)], COLUMN_LABELS),
                }
            )

        def statements() -> bytes:
            return xapi.to_json_bytes(
                xapi.report_statements(own, facts, base=certificate_service.public_url(), questions=reg.questions)
            )

        x1, x2, x3 = st.columns(3)
        x1.download_button(
            _("Learners (CSV)"),
            in_this_language(lambda: to_csv_bytes(learner_file)),
            "learners.csv",
            "text/csv",
            on_click="ignore",
            key="download-learners",
        )
        x2.download_button(
            _("Attempts (CSV)"),
            in_this_language(lambda: to_csv_bytes(attempt_rows())),
            "attempts.csv",
            "text/csv",
            on_click="ignore",
            key="download-attempts",
        )
        x3.download_button(
            _("Answers (CSV)"),
            in_this_language(lambda: to_csv_bytes(answer_rows())),
            "answers.csv",
            "text/csv",
            on_click="ignore",
            key="download-answers",
        )
        y1, y2 = st.columns(2)
        y1.download_button(
            _("All of the above (XLSX)"),
            in_this_language(workbook),
            "programme-data.xlsx",
            XLSX,
            on_click="ignore",
            key="download-all",
        )
        y2.download_button(
            _("xAPI statements (JSON)"),
            statements,  # for tools, not people: no language
            "xapi-statements.json",
            "application/json",
            on_click="ignore",
            key="download-xapi",
        )
        # TRANSLATORS: POST is a web request's method and /statements an address: keep them as they are.
        st.caption(_("xAPI: POST the JSON file to your Learning Record Store's /statements endpoint."))
