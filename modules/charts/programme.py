"""Altair charts for programme reports. Builders return charts and never call Streamlit.

Every chart has a title that states what it shows (computed from the data where it makes a point),
Okabe–Ito colours (distinguishable with the common colour-vision deficiencies) with a second cue
(position, shape or a text label) so colour is never the only carrier, and a `description` that
screen readers announce. Pages show the underlying table beside each chart.

Words are in the reader's language (modules.i18n.current() when the chart is built), and so are the
numbers Vega writes (export.number_locale). A test's English name stays the key its colour is looked
up by; the chart's data holds the name a reader reads.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from modules.charts import export, typeface
from modules.i18n import N_, format_percent, ngettext
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (ROLE_TITLES)

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
TEST_COLOURS = {"Pre-test": OKABE_ITO["orange"], "Post-test": OKABE_ITO["blue"]}
ROLE_COLOURS = {
    "Pre-test": OKABE_ITO["orange"],
    "Module quiz": OKABE_ITO["sky_blue"],
    "Post-test": OKABE_ITO["blue"],
    "Final assessment": OKABE_ITO["green"],
}
VIRIDIS_MID = "#21918c"
FADED = 0.35
ROLE_TITLES = {
    # The tests' names: keys of TEST_COLOURS and ROLE_COLOURS, shown as translate(name).
    "pre_test": N_("Pre-test"),
    "module": N_("Module quiz"),
    "post_test": N_("Post-test"),
    "final": N_("Final assessment"),
}
WIDTH = 560
FONT = 14
LABEL_LIMIT = 420
"""Pixels an axis label may take before Vega cuts it with "…": wide enough for a cohort's or an
indicator's full name (Vega's default, 180, cut names such as "Capacity building 2025: North")."""
WRAP_CHARS = 16
LABEL_INK = "#222222"  # value labels beside bars: dark, not the bar's pale colour (WCAG 1.4.3)
COUNT_AXIS = {"format": "d", "tickMinStep": 1}
"""A count axis: whole numbers only (never 0.5 learners)."""


def _count_y(field: str, title: str, largest: int) -> alt.Y:
    """A y axis of counts up to `largest`: whole-number ticks and labels. tickMinStep alone does not
    stop Vega from ticking a scale of 0-2 at 0.5 (shown as "0 1 1 2 2" once formatted), so a small
    scale gets its ticks spelt out, and ends on the last one."""
    if largest > 10:
        return alt.Y(field, title=title, axis=alt.Axis(**COUNT_AXIS))  # type: ignore[arg-type]
    step = 1 if largest <= 5 else 2
    ticks = list(range(0, max(largest, 1) + step, step))
    return alt.Y(
        field,
        title=title,
        axis=alt.Axis(**COUNT_AXIS, values=ticks),  # type: ignore[arg-type]
        scale=alt.Scale(domain=[0, ticks[-1]]),
    )


def _wrapped_labels() -> str:
    """A Vega label expression that puts a long label on several lines, breaking at spaces after at
    most WRAP_CHARS characters (a longer word stays whole). It reads only the label itself, so a
    name typed by a person is never part of the expression."""
    pattern = rf"(.{{1,{WRAP_CHARS}}}|\\S+)(\\s+|$)"  # doubled: the expression is JavaScript string syntax
    return rf"split(trim(replace(datum.label, regexp('{pattern}', 'g'), '$1\n')), '\n')"


def _height(per_band: int = 34) -> alt.Step:
    """Height by row: each bar or cell row gets `per_band` pixels. A fixed pixel height would not
    do: Streamlit fits a chart into its height *including* title and axes, so a short chart with a
    title collapses to nothing."""
    return alt.Step(per_band)


def _configure(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    return (
        chart.properties(description=description)
        .configure(font=typeface.font_stack(), locale=export.number_locale())
        .configure_axis(labelFontSize=FONT - 1, titleFontSize=FONT)
        .configure_legend(labelFontSize=FONT - 1, titleFontSize=FONT, orient="bottom")
        .configure_title(fontSize=FONT + 3, anchor="start", subtitleFontSize=FONT - 1)
    )


def _pct(score: float) -> str:
    """A score out of 100 as a whole percentage the reader's language's way (72%, 72 %)."""
    return format_percent(round(score) / 100)


def _empty(title: str) -> alt.TopLevelMixin:
    # TRANSLATORS: drawn in place of a report chart that has nothing to show.
    frame = pd.DataFrame({"text": [_("No results yet")]})
    chart = (
        alt.Chart(frame).mark_text(size=FONT + 2).encode(text="text:N").properties(title=title, width=WIDTH, height=80)
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    return _configure(chart, _("{title}: no results yet.", title=title))


def score_histogram(bins: pd.DataFrame) -> alt.TopLevelMixin:
    """First-attempt scores per quiz role, in 10-point bands (binned by analytics.score_bins, so
    no single score reaches the browser), one row of bars per role."""
    title = _("First-attempt scores by test")
    if bins.empty:
        return _empty(title)
    keys = [ROLE_TITLES.get(r, r) for r in bins["role"]]
    frame = bins.assign(test=[translate(k) if k in ROLE_COLOURS else k for k in keys])
    order = [translate(t) for t in ROLE_COLOURS if t in set(keys)]
    colours = [ROLE_COLOURS[t] for t in ROLE_COLOURS if t in set(keys)]
    learners = _("Learners")
    chart = (
        alt.Chart(frame)
        .mark_bar(stroke="white")
        .encode(
            x=alt.X("band:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100])),
            x2="band_end:Q",
            y=_count_y("sum(learners):Q", learners, int(frame["learners"].max())),
            color=alt.Color(
                "test:N",
                scale=alt.Scale(domain=order, range=colours),
                legend=None,
            ),
            row=alt.Row(
                "test:N", sort=order, title=None, header=alt.Header(labelFontSize=FONT, labelAngle=0, labelAlign="left")
            ),
            tooltip=[
                # TRANSLATORS: a tooltip's heading: which test (pre-test, module quiz, post-test, final assessment).
                alt.Tooltip("test:N", title=_("Test")),
                # TRANSLATORS: a tooltip's heading: the lowest score of a 10-point band.
                alt.Tooltip("band:Q", title=_("From (%)")),
                # TRANSLATORS: a tooltip's heading: the highest score of a 10-point band.
                alt.Tooltip("band_end:Q", title=_("To (%)")),
                alt.Tooltip("sum(learners):Q", title=learners),
            ],
        )
        .properties(
            width=WIDTH,
            height=110,
            # TRANSLATORS: a chart's subtitle.
            title=alt.TitleParams(title, subtitle=_("Each bar: learners scoring in a 10-point band")),
        )
    )
    total = int(frame["learners"].sum())
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title, {attempts} a number.
    description = ngettext(
        "{title}. Histogram of {attempts} first attempts across {n} test.",
        "{title}. Histogram of {attempts} first attempts across {n} tests.",
        len(order),
        title=title,
        attempts=total,
    )
    return _configure(chart, description)


def pre_post_by_cohort(summary: pd.DataFrame) -> alt.TopLevelMixin:
    """Mean pre-test and post-test score of paired learners, per cohort (side by side)."""
    base_title = _("Mean pre-test and post-test score by cohort")
    rows = summary.dropna(subset=["mean_pre", "mean_post"]) if not summary.empty else summary
    if rows.empty:
        return _empty(base_title)
    long = rows.melt(
        id_vars=["cohort", "n_pairs"], value_vars=["mean_pre", "mean_post"], var_name="test", value_name="score"
    )
    tests = [translate(t) for t in TEST_COLOURS]
    long["test"] = long["test"].map(dict(zip(["mean_pre", "mean_post"], tests, strict=True)))
    pre = float((rows["mean_pre"] * rows["n_pairs"]).sum() / rows["n_pairs"].sum())
    post = float((rows["mean_post"] * rows["n_pairs"]).sum() / rows["n_pairs"].sum())
    if post >= pre:
        # TRANSLATORS: a chart's title; {pre} and {post} are percentages (the mean pre-test and post-test scores).
        title = _("Mean score rose from {pre} to {post}", pre=_pct(pre), post=_pct(post))
    else:
        # TRANSLATORS: a chart's title; {pre} and {post} are percentages (the mean pre-test and post-test scores).
        title = _("Mean score fell from {pre} to {post}", pre=_pct(pre), post=_pct(post))
    test = _("Test")
    bars = alt.Chart(long).encode(
        y=alt.Y("cohort:N", title=None, sort=list(rows["cohort"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("test:N", sort=tests),
        x=alt.X("score:Q", title=_("Mean score (%)"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "test:N",
            title=test,
            scale=alt.Scale(domain=tests, range=list(TEST_COLOURS.values())),
        ),
        tooltip=[
            alt.Tooltip("cohort:N", title=_("Cohort")),
            alt.Tooltip("test:N", title=test),
            # TRANSLATORS: a tooltip's heading: a mean score, in per cent.
            alt.Tooltip("score:Q", title=_("Mean (%)"), format=".1f"),
            alt.Tooltip("n_pairs:Q", title=_("Learners with both tests")),
        ],
    )
    chart = (
        bars.mark_bar()
        + bars.mark_text(align="left", dx=3, fontSize=FONT - 2).encode(
            color=alt.value(LABEL_INK), text=alt.Text("score:Q", format=".0f")
        )
    ).properties(
        width=WIDTH,
        height=_height(per_band=56),
        # TRANSLATORS: a chart's subtitle; {title} says what the chart draws.
        title=alt.TitleParams(title, subtitle=_("{title}; learners who sat both tests", title=base_title)),
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    return _configure(chart, _("{title}. Bars per cohort: pre-test, then post-test mean.", title=title))


def rates_by_cohort(summary: pd.DataFrame) -> alt.TopLevelMixin:
    """Completion and pass rates per cohort."""
    title = _("Completion and pass rate by cohort")
    if summary.empty:
        return _empty(title)
    long = summary.melt(
        id_vars=["cohort", "enrolled"],
        value_vars=["completion_rate", "pass_rate"],
        var_name="measure",
        value_name="rate",
    ).dropna(subset=["rate"])
    colours = {
        # TRANSLATORS: a legend entry: the share of a cohort's learners who completed the course.
        _("Completed"): OKABE_ITO["sky_blue"],
        # TRANSLATORS: a legend entry: the share of a cohort's learners who passed the final assessment.
        _("Passed final"): OKABE_ITO["green"],
    }
    long["measure"] = long["measure"].map(dict(zip(["completion_rate", "pass_rate"], colours, strict=True)))
    long["pct"] = 100 * long["rate"].astype(float)
    enc = alt.Chart(long).encode(
        y=alt.Y("cohort:N", title=None, sort=list(summary["cohort"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("measure:N", sort=list(colours)),
        x=alt.X("pct:Q", title=_("Share of enrolled (%)"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=list(colours), range=list(colours.values()))),
        tooltip=[
            alt.Tooltip("cohort:N", title=_("Cohort")),
            alt.Tooltip("measure:N", title=_("Measure")),
            alt.Tooltip("pct:Q", title="%", format=".0f"),
            # TRANSLATORS: a tooltip's heading: how many learners a cohort enrolled.
            alt.Tooltip("enrolled:Q", title=_("Enrolled")),
        ],
    )
    chart = (
        enc.mark_bar()
        + enc.mark_text(align="left", dx=3, fontSize=FONT - 2).encode(
            color=alt.value(LABEL_INK), text=alt.Text("pct:Q", format=".0f")
        )
    ).properties(width=WIDTH, height=_height(per_band=56), title=title)
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    return _configure(chart, _("{title}, per cohort, as a share of enrolled learners.", title=title))


def gain_by_group(table: pd.DataFrame, group_title: str) -> alt.TopLevelMixin:
    """Mean normalised gain per group (organisation type, sex, region); withheld cells are left out."""
    # TRANSLATORS: a chart's title; {group} is what learners are grouped by, e.g. "organisation type" or "sex".
    title = _("Mean normalised gain by {group}", group=group_title.lower())
    rows = table.dropna(subset=["mean_gain"]) if not table.empty else table
    if rows.empty:
        return _empty(title)
    enc = alt.Chart(rows).encode(
        y=alt.Y("group:N", title=None, sort=list(rows["group"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X(
            "mean_gain:Q",
            title=_("Mean normalised gain"),
            scale=alt.Scale(domainMin=min(0.0, float(rows["mean_gain"].min())), domainMax=1),
        ),
        tooltip=[
            alt.Tooltip("group:N", title=group_title),
            alt.Tooltip("mean_gain:Q", title=_("Mean gain"), format=".2f"),
            alt.Tooltip("n_gain:Q", title=_("Learners")),
        ],
    )
    chart = (
        enc.mark_bar(color=OKABE_ITO["blue"])
        + enc.mark_text(align="left", dx=3, fontSize=FONT - 2).encode(
            color=alt.value(LABEL_INK), text=alt.Text("mean_gain:Q", format=".2f")
        )
    ).properties(
        width=WIDTH,
        height=_height(),
        # TRANSLATORS: a chart's subtitle: how the normalised gain is computed from the pre- and post-test scores.
        title=alt.TitleParams(title, subtitle=_("(post − pre) / (100 − pre), learners with both tests")),
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    return _configure(chart, _("{title}. One bar per group.", title=title))


def _indicator_sort_key(name: str) -> tuple[int, str]:
    """'2. Deception' before '10. ...': by the ILO number when the name starts with one."""
    head = name.split(".", 1)[0]
    return (int(head), name) if head.isdigit() else (999, name)


def mastery_heatmap(
    table: pd.DataFrame, indicator_names: Mapping[str, str] | None = None, min_answers: int = 5
) -> alt.TopLevelMixin:
    """Cohort × indicator share of answers right, with the percentage printed in each cell and
    cells with fewer than `min_answers` answers faded (their share says little)."""
    title = _("Share of answers right, by cohort and indicator")
    if table.empty:
        return _empty(title)
    names = indicator_names or {}
    # TRANSLATORS: a legend entry: heatmap cells with few answers are drawn faded; {n} is a number of answers.
    few = ngettext("Fewer than {n} answer (faded)", "Fewer than {n} answers (faded)", min_answers)
    # TRANSLATORS: a legend entry: heatmap cells drawn in full colour; {n} is a number of answers.
    enough = ngettext("{n} answer or more", "{n} answers or more", min_answers)
    frame = table.assign(
        indicator_name=table["indicator"].map(lambda i: names.get(i, i)),
        pct=100 * table["share_correct"].astype(float),
        answers_kind=[enough if a >= min_answers else few for a in table["answers"]],
    )
    weakest = frame.groupby("indicator_name")["pct"].mean().idxmin()
    order = sorted(frame["indicator_name"].unique(), key=_indicator_sort_key)
    # Indicators down the side (their names stay horizontal and readable), cohorts across, under
    # the cells, their names wrapped onto several lines rather than cut.
    base = alt.Chart(frame).encode(
        x=alt.X(
            "cohort:N",
            title=None,
            axis=alt.Axis(
                labelAngle=0,
                orient="bottom",  # a wrapped label grows downwards: on top it would cover the cells
                labelLimit=LABEL_LIMIT,
                labelExpr=_wrapped_labels(),
            ),
        ),
        y=alt.Y("indicator_name:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
    )
    # The colour scale spans 0-100 % (its legend shows every colour a cell can take); faded cells
    # are a second legend, so every look a cell can have is explained.
    kinds = [k for k in (enough, few) if k in set(frame["answers_kind"])]
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "pct:Q",
            # TRANSLATORS: a legend's title: the share of answers that were right, in per cent.
            title=_("% right"),
            scale=alt.Scale(scheme="viridis", domain=[0, 100], clamp=True),
            legend=alt.Legend(
                orient="right", direction="vertical", values=[0, 20, 40, 60, 80, 100], gradientLength=140
            ),
        ),
        opacity=alt.Opacity(
            "answers_kind:N",
            title=_("Answers in the cell"),
            scale=alt.Scale(domain=kinds, range=[1.0 if k == enough else FADED for k in kinds]),
            legend=alt.Legend(orient="right", symbolType="square", symbolFillColor=VIRIDIS_MID, labelLimit=LABEL_LIMIT)
            if few in kinds
            else None,
        ),
        tooltip=[
            alt.Tooltip("cohort:N", title=_("Cohort")),
            # TRANSLATORS: a tooltip's heading: an ILO indicator of forced labour.
            alt.Tooltip("indicator_name:N", title=_("Indicator")),
            alt.Tooltip("pct:Q", title=_("% right"), format=".0f"),
            alt.Tooltip("answers:Q", title=_("Answers")),
            alt.Tooltip("learners:Q", title=_("Learners")),
        ],
    )
    labels = base.mark_text(fontSize=FONT - 1).encode(
        text=alt.Text("pct:Q", format=".0f"),
        color=alt.condition("datum.pct > 60", alt.value("black"), alt.value("white")),
    )
    chart = (cells + labels).properties(
        width=WIDTH,
        height=_height(per_band=36),
        title=alt.TitleParams(
            # TRANSLATORS: a chart's title; {name} is an ILO indicator of forced labour.
            _("Weakest topic: {name}", name=weakest),
            # TRANSLATORS: a chart's subtitle; {title} says what the chart draws, {n} is a number of answers.
            subtitle=ngettext(
                "{title}; faded cells have fewer than {n} answer",
                "{title}; faded cells have fewer than {n} answers",
                min_answers,
                title=title,
            )
            if few in kinds
            else title,
        ),
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title, {name} an ILO indicator.
    return _configure(chart, _("{title}. Heatmap; weakest indicator overall: {name}.", title=title, name=weakest))


def indicator_gain_chart(table: pd.DataFrame, indicator_names: Mapping[str, str] | None = None) -> alt.TopLevelMixin:
    """Pre and post share right per indicator (dumbbell: a line from pre to post)."""
    title = _("Pre-test and post-test score by indicator")
    if table.empty:
        return _empty(title)
    names = indicator_names or {}
    frame = table.assign(indicator_name=table["indicator"].map(lambda i: names.get(i, i)))
    long = frame.melt(id_vars=["indicator_name", "n"], value_vars=["pre", "post"], var_name="test", value_name="score")
    tests = [translate(t) for t in TEST_COLOURS]
    long["test"] = long["test"].map(dict(zip(["pre", "post"], tests, strict=True)))
    test = _("Test")
    y = alt.Y("indicator_name:N", title=None, sort=list(frame["indicator_name"]), axis=alt.Axis(labelLimit=LABEL_LIMIT))
    line = alt.Chart(frame).mark_rule(color="#888", strokeWidth=2).encode(y=y, x="pre:Q", x2="post:Q")
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=140)
        .encode(
            y=y,
            x=alt.X(
                "score:Q", title=_("Mean score on the indicator's questions (%)"), scale=alt.Scale(domain=[0, 100])
            ),
            color=alt.Color("test:N", title=test, scale=alt.Scale(domain=tests, range=list(TEST_COLOURS.values()))),
            shape=alt.Shape("test:N", scale=alt.Scale(domain=tests, range=["circle", "diamond"]), legend=None),
            tooltip=[
                alt.Tooltip("indicator_name:N", title=_("Indicator")),
                alt.Tooltip("test:N", title=test),
                alt.Tooltip("score:Q", title=_("Mean (%)"), format=".0f"),
                alt.Tooltip("n:Q", title=_("Learners")),
            ],
        )
    )
    chart = (line + points).properties(
        width=WIDTH,
        height=_height(),
        # TRANSLATORS: a chart's subtitle.
        title=alt.TitleParams(title, subtitle=_("Learners who sat both tests")),
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title.
    description = _("{title}: one line per indicator from the pre-test mean to the post-test mean.", title=title)
    return _configure(chart, description)


def item_map(items: pd.DataFrame, question_text: Mapping[str, str] | None = None) -> alt.TopLevelMixin:
    """Share right against discrimination per question, with the review thresholds drawn in; the
    tooltip names each question by its words (`question_text`: id -> shortened prompt) and its points to
    check by the `points` column when the items have one (the flags in the reader's words), else the flags."""
    # TRANSLATORS: a chart's heading: each quiz question's share of right answers against how well it tells
    # strong learners from weak ones (its discrimination index).
    title = _("Question health: share right against discrimination")
    rows = items.dropna(subset=["discrimination_index"]) if not items.empty else items
    if rows.empty:
        return _empty(title)
    words = question_text or {}
    # TRANSLATORS: a legend entry: a quiz question that needs no review.
    ok = _("OK")
    # TRANSLATORS: a legend entry: a quiz question to review.
    to_review = _("Review")
    frame = rows.assign(
        status=rows["flags"].map(lambda f: to_review if f and f != "few responses" else ok),
        question=[words.get(str(q)) or str(q) for q in rows["question_id"]],
        points=rows["points"] if "points" in rows else rows["flags"],
    )
    colours = {ok: OKABE_ITO["blue"], to_review: OKABE_ITO["vermillion"]}
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("facility:Q", title=_("Share right (%)"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "discrimination_index:Q",
                # TRANSLATORS: an axis title: a question's discrimination index, multiplied by 100.
                title=_("Discrimination (×100)"),
                scale=alt.Scale(domain=[-100, 100]),
            ),
            color=alt.Color(
                "status:N", title=None, scale=alt.Scale(domain=list(colours), range=list(colours.values()))
            ),
            shape=alt.Shape(
                "status:N", scale=alt.Scale(domain=list(colours), range=["circle", "triangle-up"]), legend=None
            ),
            tooltip=[
                alt.Tooltip("question:N", title=_("Question")),
                alt.Tooltip("question_id:N", title=_("Question id")),
                alt.Tooltip("facility:Q", title=_("Share right (%)"), format=".0f"),
                alt.Tooltip("discrimination_index:Q", title=_("Discrimination (×100)"), format=".0f"),
                alt.Tooltip("n:Q", title=_("Learners who answered"), format="d"),
                alt.Tooltip("points:N", title=_("Points to check")),
            ],
        )
    )
    rules = alt.Chart(pd.DataFrame({"y": [0, 20]})).mark_rule(strokeDash=[4, 4], color="#666").encode(y="y:Q")
    review = int((frame["status"] == to_review).sum())
    # TRANSLATORS: a chart's title; {review} and {n} are numbers of quiz questions (n: all of them).
    takeaway = ngettext(
        "{review} of {n} questions to review", "{review} of {n} questions to review", len(frame), review=review
    )
    chart = (rules + points).properties(
        width=WIDTH,
        height=300,
        title=alt.TitleParams(
            takeaway,
            # TRANSLATORS: a chart's subtitle; {title} says what the chart draws.
            subtitle=_("{title}; dashed lines: discrimination 0 and 20", title=title),
        ),
    )
    # TRANSLATORS: a chart's description for screen readers; {title} is the chart's title, {review} and {n}
    # are numbers of quiz questions (n: all of them).
    description = ngettext(
        "{title}. {review} of {n} questions flagged for review.",
        "{title}. {review} of {n} questions flagged for review.",
        len(frame),
        title=title,
        review=review,
    )
    return _configure(chart, description)
