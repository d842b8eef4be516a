"""Altair charts for programme reports. Builders return charts and never call Streamlit.

Every chart has a title that states what it shows (computed from the data where it makes a point),
Okabe–Ito colours (distinguishable with the common colour-vision deficiencies) with a second cue
(position, shape or a text label) so colour is never the only carrier, and a `description` that
screen readers announce. Pages show the underlying table beside each chart.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from modules.charts import typeface

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
ROLE_TITLES = {"pre_test": "Pre-test", "module": "Module quiz", "post_test": "Post-test", "final": "Final assessment"}
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
        .configure(font=typeface.font_stack())
        .configure_axis(labelFontSize=FONT - 1, titleFontSize=FONT)
        .configure_legend(labelFontSize=FONT - 1, titleFontSize=FONT, orient="bottom")
        .configure_title(fontSize=FONT + 3, anchor="start", subtitleFontSize=FONT - 1)
    )


def _empty(title: str) -> alt.TopLevelMixin:
    frame = pd.DataFrame({"text": ["No results yet"]})
    chart = (
        alt.Chart(frame).mark_text(size=FONT + 2).encode(text="text:N").properties(title=title, width=WIDTH, height=80)
    )
    return _configure(chart, f"{title}: no results yet.")


def score_histogram(bins: pd.DataFrame) -> alt.TopLevelMixin:
    """First-attempt scores per quiz role, in 10-point bands (binned by analytics.score_bins, so
    no single score reaches the browser), one row of bars per role."""
    title = "First-attempt scores by test"
    if bins.empty:
        return _empty(title)
    frame = bins.assign(test=bins["role"].map(ROLE_TITLES).fillna(bins["role"]))
    order = [t for t in ROLE_COLOURS if t in set(frame["test"])]
    chart = (
        alt.Chart(frame)
        .mark_bar(stroke="white")
        .encode(
            x=alt.X("band:Q", title="Score (%)", scale=alt.Scale(domain=[0, 100])),
            x2="band_end:Q",
            y=_count_y("sum(learners):Q", "Learners", int(frame["learners"].max())),
            color=alt.Color(
                "test:N",
                scale=alt.Scale(domain=order, range=[ROLE_COLOURS[t] for t in order]),
                legend=None,
            ),
            row=alt.Row(
                "test:N", sort=order, title=None, header=alt.Header(labelFontSize=FONT, labelAngle=0, labelAlign="left")
            ),
            tooltip=[
                alt.Tooltip("test:N", title="Test"),
                alt.Tooltip("band:Q", title="From (%)"),
                alt.Tooltip("band_end:Q", title="To (%)"),
                alt.Tooltip("sum(learners):Q", title="Learners"),
            ],
        )
        .properties(
            width=WIDTH,
            height=110,
            title=alt.TitleParams(title, subtitle="Each bar: learners scoring in a 10-point band"),
        )
    )
    total = int(frame["learners"].sum())
    return _configure(chart, f"{title}. Histogram of {total} first attempts across {len(order)} tests.")


def pre_post_by_cohort(summary: pd.DataFrame) -> alt.TopLevelMixin:
    """Mean pre-test and post-test score of paired learners, per cohort (side by side)."""
    base_title = "Mean pre-test and post-test score by cohort"
    rows = summary.dropna(subset=["mean_pre", "mean_post"]) if not summary.empty else summary
    if rows.empty:
        return _empty(base_title)
    long = rows.melt(
        id_vars=["cohort", "n_pairs"], value_vars=["mean_pre", "mean_post"], var_name="test", value_name="score"
    )
    long["test"] = long["test"].map({"mean_pre": "Pre-test", "mean_post": "Post-test"})
    pre = float((rows["mean_pre"] * rows["n_pairs"]).sum() / rows["n_pairs"].sum())
    post = float((rows["mean_post"] * rows["n_pairs"]).sum() / rows["n_pairs"].sum())
    title = f"Mean score {'rose' if post >= pre else 'fell'} from {pre:.0f}% to {post:.0f}%"
    bars = alt.Chart(long).encode(
        y=alt.Y("cohort:N", title=None, sort=list(rows["cohort"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("test:N", sort=["Pre-test", "Post-test"]),
        x=alt.X("score:Q", title="Mean score (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "test:N",
            title="Test",
            scale=alt.Scale(domain=list(TEST_COLOURS), range=list(TEST_COLOURS.values())),
        ),
        tooltip=[
            alt.Tooltip("cohort:N", title="Cohort"),
            alt.Tooltip("test:N", title="Test"),
            alt.Tooltip("score:Q", title="Mean (%)", format=".1f"),
            alt.Tooltip("n_pairs:Q", title="Learners with both tests"),
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
        title=alt.TitleParams(title, subtitle=f"{base_title}; learners who sat both tests"),
    )
    return _configure(chart, f"{title}. Bars per cohort: pre-test, then post-test mean.")


def rates_by_cohort(summary: pd.DataFrame) -> alt.TopLevelMixin:
    """Completion and pass rates per cohort."""
    title = "Completion and pass rate by cohort"
    if summary.empty:
        return _empty(title)
    long = summary.melt(
        id_vars=["cohort", "enrolled"],
        value_vars=["completion_rate", "pass_rate"],
        var_name="measure",
        value_name="rate",
    ).dropna(subset=["rate"])
    long["measure"] = long["measure"].map({"completion_rate": "Completed", "pass_rate": "Passed final"})
    long["pct"] = 100 * long["rate"].astype(float)
    colours = {"Completed": OKABE_ITO["sky_blue"], "Passed final": OKABE_ITO["green"]}
    enc = alt.Chart(long).encode(
        y=alt.Y("cohort:N", title=None, sort=list(summary["cohort"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("measure:N", sort=list(colours)),
        x=alt.X("pct:Q", title="Share of enrolled (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=list(colours), range=list(colours.values()))),
        tooltip=[
            alt.Tooltip("cohort:N", title="Cohort"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("pct:Q", title="%", format=".0f"),
            alt.Tooltip("enrolled:Q", title="Enrolled"),
        ],
    )
    chart = (
        enc.mark_bar()
        + enc.mark_text(align="left", dx=3, fontSize=FONT - 2).encode(
            color=alt.value(LABEL_INK), text=alt.Text("pct:Q", format=".0f")
        )
    ).properties(width=WIDTH, height=_height(per_band=56), title=title)
    return _configure(chart, f"{title}, per cohort, as a share of enrolled learners.")


def gain_by_group(table: pd.DataFrame, group_title: str) -> alt.TopLevelMixin:
    """Mean normalised gain per group (organisation type, sex, region); withheld cells are left out."""
    title = f"Mean normalised gain by {group_title.lower()}"
    rows = table.dropna(subset=["mean_gain"]) if not table.empty else table
    if rows.empty:
        return _empty(title)
    enc = alt.Chart(rows).encode(
        y=alt.Y("group:N", title=None, sort=list(rows["group"]), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X(
            "mean_gain:Q",
            title="Mean normalised gain",
            scale=alt.Scale(domainMin=min(0.0, float(rows["mean_gain"].min())), domainMax=1),
        ),
        tooltip=[
            alt.Tooltip("group:N", title=group_title),
            alt.Tooltip("mean_gain:Q", title="Mean gain", format=".2f"),
            alt.Tooltip("n_gain:Q", title="Learners"),
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
        title=alt.TitleParams(title, subtitle="(post − pre) / (100 − pre), learners with both tests"),
    )
    return _configure(chart, f"{title}. One bar per group.")


def _indicator_sort_key(name: str) -> tuple[int, str]:
    """'2. Deception' before '10. ...': by the ILO number when the name starts with one."""
    head = name.split(".", 1)[0]
    return (int(head), name) if head.isdigit() else (999, name)


def mastery_heatmap(
    table: pd.DataFrame, indicator_names: Mapping[str, str] | None = None, min_answers: int = 5
) -> alt.TopLevelMixin:
    """Cohort × indicator share of answers right, with the percentage printed in each cell and
    cells with fewer than `min_answers` answers faded (their share says little)."""
    title = "Share of answers right, by cohort and indicator"
    if table.empty:
        return _empty(title)
    names = indicator_names or {}
    few = f"Fewer than {min_answers} answers (faded)"
    enough = f"{min_answers} answers or more"
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
            title="% right",
            scale=alt.Scale(scheme="viridis", domain=[0, 100], clamp=True),
            legend=alt.Legend(
                orient="right", direction="vertical", values=[0, 20, 40, 60, 80, 100], gradientLength=140
            ),
        ),
        opacity=alt.Opacity(
            "answers_kind:N",
            title="Answers in the cell",
            scale=alt.Scale(domain=kinds, range=[1.0 if k == enough else FADED for k in kinds]),
            legend=alt.Legend(orient="right", symbolType="square", symbolFillColor=VIRIDIS_MID, labelLimit=LABEL_LIMIT)
            if few in kinds
            else None,
        ),
        tooltip=[
            alt.Tooltip("cohort:N", title="Cohort"),
            alt.Tooltip("indicator_name:N", title="Indicator"),
            alt.Tooltip("pct:Q", title="% right", format=".0f"),
            alt.Tooltip("answers:Q", title="Answers"),
            alt.Tooltip("learners:Q", title="Learners"),
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
            f"Weakest topic: {weakest}",
            subtitle=f"{title}; faded cells have fewer than {min_answers} answers" if few in kinds else title,
        ),
    )
    return _configure(chart, f"{title}. Heatmap; weakest indicator overall: {weakest}.")


def indicator_gain_chart(table: pd.DataFrame, indicator_names: Mapping[str, str] | None = None) -> alt.TopLevelMixin:
    """Pre and post share right per indicator (dumbbell: a line from pre to post)."""
    title = "Pre-test and post-test score by indicator"
    if table.empty:
        return _empty(title)
    names = indicator_names or {}
    frame = table.assign(indicator_name=table["indicator"].map(lambda i: names.get(i, i)))
    long = frame.melt(id_vars=["indicator_name", "n"], value_vars=["pre", "post"], var_name="test", value_name="score")
    long["test"] = long["test"].map({"pre": "Pre-test", "post": "Post-test"})
    y = alt.Y("indicator_name:N", title=None, sort=list(frame["indicator_name"]), axis=alt.Axis(labelLimit=LABEL_LIMIT))
    line = alt.Chart(frame).mark_rule(color="#888", strokeWidth=2).encode(y=y, x="pre:Q", x2="post:Q")
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=140)
        .encode(
            y=y,
            x=alt.X("score:Q", title="Mean score on the indicator's questions (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "test:N", title="Test", scale=alt.Scale(domain=list(TEST_COLOURS), range=list(TEST_COLOURS.values()))
            ),
            shape=alt.Shape(
                "test:N", scale=alt.Scale(domain=list(TEST_COLOURS), range=["circle", "diamond"]), legend=None
            ),
            tooltip=[
                alt.Tooltip("indicator_name:N", title="Indicator"),
                alt.Tooltip("test:N", title="Test"),
                alt.Tooltip("score:Q", title="Mean (%)", format=".0f"),
                alt.Tooltip("n:Q", title="Learners"),
            ],
        )
    )
    chart = (line + points).properties(
        width=WIDTH,
        height=_height(),
        title=alt.TitleParams(title, subtitle="Learners who sat both tests"),
    )
    return _configure(chart, f"{title}: one line per indicator from the pre-test mean to the post-test mean.")


def item_map(items: pd.DataFrame, question_text: Mapping[str, str] | None = None) -> alt.TopLevelMixin:
    """Share right against discrimination per question, with the review thresholds drawn in; the
    tooltip names each question by its words (`question_text`: id -> shortened prompt)."""
    title = "Question health: share right against discrimination"
    rows = items.dropna(subset=["discrimination_index"]) if not items.empty else items
    if rows.empty:
        return _empty(title)
    words = question_text or {}
    frame = rows.assign(
        status=rows["flags"].map(lambda f: "Review" if f and f != "few responses" else "OK"),
        question=[words.get(str(q)) or str(q) for q in rows["question_id"]],
    )
    colours = {"OK": OKABE_ITO["blue"], "Review": OKABE_ITO["vermillion"]}
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("facility:Q", title="Share right (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "discrimination_index:Q",
                title="Discrimination (×100)",
                scale=alt.Scale(domain=[-100, 100]),
            ),
            color=alt.Color(
                "status:N", title=None, scale=alt.Scale(domain=list(colours), range=list(colours.values()))
            ),
            shape=alt.Shape(
                "status:N", scale=alt.Scale(domain=list(colours), range=["circle", "triangle-up"]), legend=None
            ),
            tooltip=[
                alt.Tooltip("question:N", title="Question"),
                alt.Tooltip("question_id:N", title="Question id"),
                alt.Tooltip("facility:Q", title="Share right (%)", format=".0f"),
                alt.Tooltip("discrimination_index:Q", title="Discrimination (×100)", format=".0f"),
                alt.Tooltip("n:Q", title="Learners who answered", format="d"),
                alt.Tooltip("flags:N", title="Points to check"),
            ],
        )
    )
    rules = alt.Chart(pd.DataFrame({"y": [0, 20]})).mark_rule(strokeDash=[4, 4], color="#666").encode(y="y:Q")
    review = int((frame["status"] == "Review").sum())
    chart = (rules + points).properties(
        width=WIDTH,
        height=300,
        title=alt.TitleParams(
            f"{review} of {len(frame)} questions to review",
            subtitle=f"{title}; dashed lines: discrimination 0 and 20",
        ),
    )
    return _configure(chart, f"{title}. {review} of {len(frame)} questions flagged for review.")
