"""The one-click programme report for a donor or manager, as PDF and XLSX.

Aggregates only, by construction: it is built from report rows loaded without names, and every
group mean over fewer than MIN_CELL people is withheld (shown as "–"), because the mean score of a
group of one is one person's score. Sections: cohorts covered; people trained, disaggregated by
organisation type, sex and region; completion and pass rates per cohort; pre/post learning gain
overall and per ILO indicator; live sessions; item health (questions flagged for review) and the
reliability (Cronbach's alpha) of each test. Definitions are printed in the report itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from modules.analytics import cohort_reports as cr
from modules.analytics.forms import sem
from modules.analytics.item_analysis import item_statistics
from modules.analytics.learning_gain import indicator_gain
from modules.domain.question import QuestionModel
from modules.export.certificate_pdf import ACCENT, FONT, INK, long_date, new_pdf
from modules.export.tables import to_xlsx_bytes

DEFINITIONS = (
    "Enrolled: members of a cohort (a person in two cohorts counts once in programme totals). "
    "Completed: every lesson of the person's track finished. Passed: the cohort's final assessment passed. "
    "Rates are shares of the enrolled. Pre/post: first attempt of the pre-test and of the post-test, "
    "for people who sat both. Normalised gain g = (post − pre) / (100 − pre), undefined when pre = 100; "
    "'mean gain' averages individual g, 'class gain' applies the formula to the group means. "
    "Item statistics use first attempts: facility = % right; discrimination = correlation of the question "
    "with the rest of the test (×100); Cronbach's alpha measures a test's internal consistency. "
    f"Group means over fewer than {cr.MIN_CELL} people are withheld (–) to protect individuals."
)


@dataclass(frozen=True)
class ProgrammeReport:
    title: str
    generated_on: date
    cohorts: pd.DataFrame
    headline: dict[str, Any]
    people: pd.DataFrame
    by_organisation: pd.DataFrame
    by_sex: pd.DataFrame
    by_region: pd.DataFrame
    cohort_summary: pd.DataFrame
    indicator_gain: pd.DataFrame
    tests: pd.DataFrame
    item_health: pd.DataFrame
    live: pd.DataFrame | None
    observed: pd.DataFrame | None = None
    """Observed skills per checklist (services.observations.summary), small groups withheld."""
    gain_caveats: list[str] = field(default_factory=list)
    """Why the pre/post gain may mislead (forms not parallel, few learners): printed beside the gain."""


def build_report(
    data: cr.ReportData,
    facts: cr.CourseFacts,
    questions: Mapping[str, QuestionModel] | None = None,
    live: pd.DataFrame | None = None,
    title: str | None = None,
    generated_on: date | None = None,
    min_cell: int = cr.MIN_CELL,
    observed: pd.DataFrame | None = None,
) -> ProgrammeReport:
    """Compute every section (pure: the same rows give the same report)."""
    learners = cr.learner_table(data, facts)
    people = cr.unique_people(learners)
    overall = cr.summarise_learners(people, min_cell) if not people.empty else cr.summarise_learners(learners, min_cell)
    programmes = sorted(set(data.cohorts["programme"])) if not data.cohorts.empty else []
    cohorts = data.cohorts[["cohort", "programme", "country", "organisation", "start_date", "end_date"]].copy()

    roles = data.assignments
    pre_ids = sorted(set(roles[roles["role"] == "pre_test"]["quiz_id"]))
    post_ids = sorted(set(roles[roles["role"] == "post_test"]["quiz_id"]))
    answers = data.answers.drop_duplicates(["attempt_id", "question_id"]) if not data.answers.empty else data.answers
    ind = indicator_gain(answers, pre_ids, post_ids, facts.question_indicators)
    if not ind.empty:
        ind = ind.assign(indicator=ind["indicator"].map(lambda i: facts.indicator_names.get(i, i)))
        small = ind["n"] < min_cell
        ind.loc[small, ["pre", "post", "class_gain", "mean_gain"]] = None

    test_rows = []
    item_rows = []
    role_of = dict(zip(roles["quiz_id"], roles["role"], strict=False))
    for quiz_id in dict.fromkeys(roles["quiz_id"]):
        report = item_statistics(answers, quiz_id, questions)
        if report.test.n_attempts == 0:
            continue
        test_rows.append(
            {
                "quiz": facts.quiz_title(quiz_id),
                "role": cr.ROLE_TITLES.get(role_of.get(quiz_id, ""), ""),
                "first_attempts": report.test.n_attempts,
                "questions": report.test.n_items,
                "mean_score": report.test.mean if report.test.n_attempts >= min_cell else None,
                "chance": facts.forms[quiz_id].chance if quiz_id in facts.forms else None,
                "alpha": report.test.alpha,
                "sem": sem(report.test.sd, report.test.alpha) if report.test.n_attempts >= min_cell else None,
            }
        )
        for r in report.items.itertuples(index=False):
            item_rows.append(
                {
                    "quiz": facts.quiz_title(quiz_id),
                    "question_id": r.question_id,
                    "responses": r.n,
                    "facility": r.facility,
                    "discrimination_index": r.discrimination_index,
                    "flags": r.flags,
                }
            )
    return ProgrammeReport(
        title=title or (", ".join(programmes) if programmes else "Programme report"),
        generated_on=generated_on or date.today(),
        cohorts=cohorts,
        headline={"people": len(people), **overall},
        people=cr.people_trained(learners),
        by_organisation=cr.breakdown(learners, "organisation_type", min_cell),
        by_sex=cr.breakdown(learners, "sex", min_cell),
        by_region=cr.breakdown(learners, "region", min_cell),
        cohort_summary=cr.cohort_summary(learners, min_cell),
        indicator_gain=ind,
        tests=pd.DataFrame(test_rows, columns=TEST_COLUMNS),
        gain_caveats=facts.gain_caveats(roles, int(overall.get("n_pairs") or 0)),
        item_health=pd.DataFrame(
            item_rows, columns=["quiz", "question_id", "responses", "facility", "discrimination_index", "flags"]
        ),
        live=live,
        observed=observed,
    )


# -- formatting ------------------------------------------------------------------------------
def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def pct(v: Any) -> str:
    """A 0..1 rate as a percentage."""
    return "–" if _missing(v) else f"{100 * float(v):.0f}%"


def score(v: Any) -> str:
    return "–" if _missing(v) else f"{float(v):.1f}"


def ratio(v: Any) -> str:
    return "–" if _missing(v) else f"{float(v):.2f}"


def whole(v: Any) -> str:
    return "–" if _missing(v) else str(int(v))


# -- PDF -------------------------------------------------------------------------------------
class _Doc:
    def __init__(self, title: str) -> None:
        self.pdf = new_pdf("P")
        self.pdf.set_title(title)
        self.pdf.set_auto_page_break(True, margin=18)
        self.pdf.set_margins(16, 16, 16)
        self.pdf.add_page()
        self.width = self.pdf.w - 32

    def heading(self, text: str, size: float = 14) -> None:
        if self.pdf.get_y() > self.pdf.h - 50:
            self.pdf.add_page()
        self.pdf.ln(3)
        self._font_for(text, "B", size)
        self.pdf.set_text_color(*ACCENT)
        self.pdf.multi_cell(self.width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(*INK)
        self.pdf.ln(1)

    def _font_for(self, text: str, style: str, size: float) -> None:
        """DejaVu, or the script font the text needs (a cohort or region named in Thai, Chinese…),
        shaped where the script needs it (see certificate_pdf.UnicodePDF)."""
        self.pdf.shape_for(text)
        self.pdf.set_font(self.pdf.family_for(text, style), style, size)

    def para(self, text: str, size: float = 10) -> None:
        self._font_for(text, "", size)
        self.pdf.multi_cell(self.width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
        if not rows:
            self.para("No data yet.")
            return
        self.pdf.set_font(FONT, "", 8)  # other scripts in cells come from fallback fonts, character by character
        self.pdf.shape_for(*headers, *(cell for row in rows for cell in row))
        total = sum(widths) if widths else len(headers)
        col_widths = [self.width * w / total for w in (widths or [1] * len(headers))]
        align = ["RIGHT" if i and all(_numeric_text(r[i]) for r in rows) else "LEFT" for i in range(len(headers))]
        with self.pdf.table(
            col_widths=col_widths,
            text_align=align,
            line_height=4.6,
            first_row_as_headings=True,
            headings_style=_headings_style(),
        ) as table:
            for row in [headers, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _headings_style():  # type: ignore[no-untyped-def]
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=ACCENT, size_pt=7.5)


def _numeric_text(text: str) -> bool:
    """Whether a formatted cell is a number (right-aligned): '12', '0.75', '50%', '3 (40%)', '–'."""
    head = text.split(" ", 1)[0].rstrip("%")
    try:
        float(head)
    except ValueError:
        return text in ("–", "")
    return True


def _summary_rows(frame: pd.DataFrame, first: str) -> list[list[str]]:
    return [
        [
            str(r[first]),
            whole(r["enrolled"]),
            pct(r["completion_rate"]),
            pct(r["pass_rate"]),
            whole(r["n_pairs"]),
            score(r["mean_pre"]),
            score(r["mean_post"]),
            ratio(r["mean_gain"]),
            ratio(r["class_gain"]),
        ]
        for _, r in frame.iterrows()
    ]


TEST_COLUMNS = ["quiz", "role", "first_attempts", "questions", "mean_score", "chance", "alpha", "sem"]

SUMMARY_HEADERS = ["Enrolled", "Completed", "Passed", "Pre & post", "Mean pre", "Mean post", "Mean gain", "Class gain"]


def report_pdf(report: ProgrammeReport) -> bytes:
    doc = _Doc(report.title)
    doc.heading(report.title, 18)
    doc.para(f"Programme report generated on {long_date(report.generated_on)}. Aggregates only: no names.")
    h = report.headline
    doc.heading("Headline")
    doc.table(
        [
            "People trained",
            "Completed",
            "Passed final",
            "Certificates",
            "Mean pre",
            "Mean post",
            "Mean gain",
            "Class gain",
        ],
        [
            [
                whole(h["people"]),
                f"{whole(h['completed'])} ({pct(h['completion_rate'])})",
                f"{whole(h['passed'])} ({pct(h['pass_rate'])})",
                whole(h["certificates"]),
                score(h["mean_pre"]),
                score(h["mean_post"]),
                ratio(h["mean_gain"]),
                ratio(h["class_gain"]),
            ]
        ],
    )
    doc.heading("Cohorts")
    doc.table(
        ["Cohort", "Programme", "Country", "Organisation", "Dates"],
        [
            [
                str(r["cohort"]),
                str(r["programme"]),
                str(r["country"]),
                str(r["organisation"]),
                _dates(r["start_date"], r["end_date"]),
            ]
            for _, r in report.cohorts.iterrows()
        ],
        [3, 3, 2, 3, 3],
    )
    doc.heading("People trained, by organisation type and sex")
    doc.table(
        ["Organisation type", "Sex", "Enrolled", "Completed", "Passed"],
        [
            [str(r.organisation_type), str(r.sex), whole(r.enrolled), whole(r.completed), whole(r.passed)]
            for r in report.people.itertuples(index=False)
        ],
        [3, 2, 1.3, 1.3, 1.3],
    )
    for title, frame in (
        ("By organisation type", report.by_organisation),
        ("By sex", report.by_sex),
        ("By region", report.by_region),
    ):
        doc.heading(title, 12)
        doc.table(["Group", *SUMMARY_HEADERS], _summary_rows(frame, "group"), [2.2, 1, 1.15, 1, 1, 1, 1, 1, 1])
    doc.heading("Completion, pass rates and learning gain per cohort")
    doc.table(
        ["Cohort", *SUMMARY_HEADERS], _summary_rows(report.cohort_summary, "cohort"), [2.2, 1, 1.15, 1, 1, 1, 1, 1, 1]
    )
    doc.para(f"The gain rests on {whole(report.headline.get('n_pairs'))} learner(s) who sat both tests.")
    for caveat in report.gain_caveats:
        doc.para(f"Caution: {caveat}")
    doc.heading("Learning gain per ILO indicator")
    doc.table(
        ["Indicator", "People", "Mean pre", "Mean post", "Class gain", "Mean gain"],
        [
            [str(r.indicator), whole(r.n), score(r.pre), score(r.post), ratio(r.class_gain), ratio(r.mean_gain)]
            for r in report.indicator_gain.itertuples(index=False)
        ],
        [3.2, 1, 1, 1, 1, 1],
    )
    doc.heading("Observed skills")
    if report.observed is None or report.observed.empty or not report.observed["observed"].any():
        doc.para("No role play scored.")
    else:
        doc.table(
            ["Checklist", "Learners observed", "Mean score", "Passed"],
            [
                [str(r.checklist), whole(r.observed), score(r.mean_score), pct(r.pass_rate)]
                for r in report.observed.itertuples(index=False)
            ],
            [4, 1.4, 1.2, 1.2],
        )
    doc.heading("Live sessions")
    if report.live is None or report.live.empty:
        doc.para("No live sessions.")
    else:
        doc.table(
            ["Session", "Date", "Participants", "Questions", "Responses", "Mean % right"],
            [
                [
                    str(r.session_title),
                    _day(r.session_started_at),
                    whole(r.participants),
                    whole(r.questions),
                    whole(r.responses),
                    pct(r.mean_share_correct),
                ]
                for r in report.live.itertuples(index=False)
            ],
            [3.2, 1.4, 1, 1, 1, 1],
        )
    doc.heading("Item health")
    doc.para(
        "Chance: what a random guess scores on the test. SEM: the standard error of measurement, "
        "SD × √(1 − alpha), in points; a learner's score is reliable to about two SEMs either way."
    )
    doc.table(
        ["Test", "Role", "First attempts", "Questions", "Mean score", "Chance", "Cronbach's alpha", "SEM"],
        [
            [
                str(r.quiz),
                str(r.role),
                whole(r.first_attempts),
                whole(r.questions),
                score(r.mean_score),
                score(r.chance),
                ratio(r.alpha),
                score(r.sem),
            ]
            for r in report.tests.itertuples(index=False)
        ],
        [2.6, 1.4, 0.9, 0.9, 0.9, 0.8, 0.9, 0.8],
    )
    flagged = (
        report.item_health[report.item_health["flags"].str.len() > 0]
        if not report.item_health.empty
        else report.item_health
    )
    doc.para(f"Questions flagged for review: {len(flagged)} of {len(report.item_health)}.")
    if not flagged.empty:
        doc.table(
            ["Test", "Question", "Responses", "Facility", "Discrimination", "Flags"],
            [
                [
                    str(r.quiz),
                    str(r.question_id),
                    whole(r.responses),
                    score(r.facility),
                    score(r.discrimination_index),
                    str(r.flags),
                ]
                for r in flagged.itertuples(index=False)
            ],
            [2.4, 2, 1, 1, 1.2, 2.6],
        )
    doc.heading("Definitions", 12)
    doc.para(DEFINITIONS, 8.5)
    return doc.output()


def _day(v: Any) -> str:
    if _missing(v):
        return ""
    return long_date(v.date() if hasattr(v, "date") else v)


def _dates(start: Any, end: Any) -> str:
    if _missing(start) and _missing(end):
        return ""
    return f"{_day(start)} – {_day(end)}".strip(" –")


# -- XLSX ------------------------------------------------------------------------------------
def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    from modules.export.tables import COLUMN_LABELS, readable

    return readable(frame, COLUMN_LABELS)


def report_xlsx(report: ProgrammeReport) -> bytes:
    headline = pd.DataFrame([{k: v for k, v in report.headline.items()}])
    headline.insert(0, "report", report.title)
    headline.insert(1, "generated_on", report.generated_on)
    sheets: dict[str, pd.DataFrame] = {
        "Summary": _labelled(headline.rename(columns={"people": "People trained"})),
        "Cohorts": report.cohorts,
        "People trained": report.people,
        "By organisation type": _labelled(report.by_organisation),
        "By sex": _labelled(report.by_sex),
        "By region": _labelled(report.by_region),
        "Cohorts side by side": _labelled(report.cohort_summary.drop(columns=["cohort_id"])),
        "Gain by indicator": report.indicator_gain,
        "Tests": report.tests,
        "Item health": report.item_health,
        "Observed skills": report.observed if report.observed is not None else pd.DataFrame(),
        "Live sessions": report.live if report.live is not None else pd.DataFrame({"note": ["No live sessions."]}),
        "Definitions": pd.DataFrame({"definitions": [DEFINITIONS]}),
    }
    return to_xlsx_bytes(sheets, notes={"Summary": "Aggregates only: no names."})
