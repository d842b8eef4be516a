"""The one-click programme report for a donor or manager, as PDF and XLSX.

Aggregates only, by construction: it is built from report rows loaded without names, and every
group mean over fewer than MIN_CELL people is withheld (shown as "–"), because the mean score of a
group of one is one person's score. Sections: cohorts covered; people trained, disaggregated by
organisation type, sex and region; completion and pass rates per cohort; pre/post learning gain
overall and per ILO indicator; live sessions; item health (questions flagged for review) and the
reliability (Cronbach's alpha) of each test. Definitions are printed in the report itself.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from PIL import Image

from modules.analytics import cohort_reports as cr
from modules.analytics.forms import sem
from modules.analytics.item_analysis import item_statistics, points_to_check, question_text, shorten
from modules.analytics.learning_gain import indicator_gain
from modules.domain.question import QuestionModel
from modules.export.branding import Branding, draw_logo
from modules.export.certificate_pdf import FONT, INK, UnicodePDF, long_date
from modules.export.tables import (
    COLUMN_LABELS,
    INDICATOR_GAIN_LABELS,
    ITEM_LABELS,
    LIVE_LABELS,
    OBSERVED_LABELS,
    TEST_LABELS,
    readable,
    to_xlsx_bytes,
)

DEFINITIONS = (
    "Enrolled: members of a cohort (a person in two cohorts counts once in programme totals). "
    "Completed: every lesson of the person's track finished. Passed: the cohort's final assessment passed. "
    "Rates are shares of the enrolled. Pre/post: first attempt of the pre-test and of the post-test, "
    "for people who sat both. Normalised gain g = (post − pre) / (100 − pre), undefined when pre = 100; "
    "'mean gain' averages individual g, 'class gain' applies the formula to the group means. "
    "Question statistics use first attempts: share right = the mean score on the question in % (a half-right "
    "answer counts half); "
    "discrimination = correlation of the question with the rest of the test (×100): below 20 the question "
    "hardly tells stronger from weaker learners, below 0 stronger learners get it wrong more often. "
    "Reliability (Cronbach's alpha) measures how consistently a test's questions measure the same thing. "
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
    branding: Branding = field(default_factory=Branding)
    """The programme's name, colour and logo (course.yaml `identity`) on every page."""
    figures: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """The charts the Reports page shows, as (title, PNG) by section: "cohorts", "pre_post",
    "indicators". Drawn by the caller (charts sit beside export, not under it) and printed under
    their section's table."""


def build_report(
    data: cr.ReportData,
    facts: cr.CourseFacts,
    questions: Mapping[str, QuestionModel] | None = None,
    live: pd.DataFrame | None = None,
    title: str | None = None,
    generated_on: date | None = None,
    min_cell: int = cr.MIN_CELL,
    observed: pd.DataFrame | None = None,
    branding: Branding | None = None,
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
            qid = str(r.question_id)
            item_rows.append(
                {
                    "quiz": facts.quiz_title(quiz_id),
                    "question": _question_words(qid, facts, questions),
                    "question_id": qid,
                    "responses": r.n,
                    "facility": r.facility,
                    "discrimination_index": r.discrimination_index,
                    "upper_lower": r.upper_lower,
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
        item_health=pd.DataFrame(item_rows, columns=ITEM_HEALTH_COLUMNS),
        live=live,
        observed=observed,
        branding=branding or Branding(),
    )


ITEM_HEALTH_COLUMNS = [
    "quiz",
    "question",
    "question_id",
    "responses",
    "facility",
    "discrimination_index",
    "upper_lower",
    "flags",
]


def _question_words(qid: str, facts: cr.CourseFacts, questions: Mapping[str, QuestionModel] | None) -> str:
    """The question's prompt, shortened (the id when the content no longer has it)."""
    words = facts.question_text(qid)
    if not words and questions and qid in questions:
        words = question_text(questions[qid].prompt)
    return words or qid


# -- formatting ------------------------------------------------------------------------------
def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def text(v: Any) -> str:
    """A text cell: '' for a missing value, never 'None' or 'nan'."""
    return "" if _missing(v) else str(v)


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
HEAD_SIZE = 7.5
"""Table headers, bold; shrunk (down to HEAD_MIN) when a table's longest header words cannot fit."""
HEAD_MIN = 6.0
BODY_SIZE = 8.0
WORD_SHARE = 0.28
"""A column is widened for a long word in its cells up to this share of the page, no further."""
MUTED = (90, 98, 110)


class _ReportPDF(UnicodePDF):
    """The report's pages: the programme's name in each page header, "Page N of M" in each footer."""

    running_title = ""
    branding = Branding()

    def header(self) -> None:
        if not self.running_title:
            return
        shaping = self.text_shaping
        width = self.w - self.l_margin - self.r_margin
        label = f"{self.branding.name} · Programme report"
        self.shape_for()
        self.set_font(FONT, "", 8)
        label_width = self.get_string_width(label) + 4
        title = self.running_title
        self.set_font(self.family_for(title), "", 8)
        self.shape_for(title)
        while len(title) > 1 and self.get_string_width(title) > width - label_width:
            title = shorten(title, len(title) - 1)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, 7)
        self.cell(width - label_width, 5, title)
        self.shape_for()
        self.set_font(FONT, "", 8)
        self.cell(label_width, 5, label, align="R")
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(self.l_margin, 12.5, self.w - self.r_margin, 12.5)
        self.set_xy(self.l_margin, self.t_margin)
        self.text_shaping = shaping

    def footer(self) -> None:
        shaping = self.text_shaping
        self.shape_for()  # unshaped, so the total page count ({nb}) is filled in at the end
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.set_y(-12)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        self.text_shaping = shaping


def _report_pdf_file() -> _ReportPDF:
    """An A4 report in the app's typeface (as certificate_pdf.new_pdf, with running heads)."""
    pdf = _ReportPDF(orientation="P", unit="mm", format="A4")
    pdf.add_typeface()
    pdf.set_creator("Forced labour training app")
    return pdf


class _Doc:
    def __init__(self, title: str, branding: Branding | None = None) -> None:
        self.pdf = _report_pdf_file()
        self.pdf.branding = branding or Branding()
        self.accent = self.pdf.branding.colour
        self.pdf.set_title(title)
        self.pdf.running_title = title
        self.pdf.set_auto_page_break(True, margin=18)
        self.pdf.set_margins(16, 16, 16)
        self.pdf.add_page()
        self.width = self.pdf.w - 32
        self.headers_drawn: list[list[str]] = []
        """Every table's headers, in order (tests check that none is broken mid-word)."""

    def heading(self, text: str, size: float = 14) -> None:
        if self.pdf.get_y() > self.pdf.h - 50:
            self.pdf.add_page()
        self.pdf.ln(3)
        self._font_for(text, "B", size)
        self.pdf.set_text_color(*self.accent)
        self.pdf.multi_cell(self.width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(*INK)
        self.pdf.ln(1)

    def figure(self, figure: tuple[str, bytes] | None) -> None:
        """A chart as the app shows it, the page's width, on a new page when it would not fit."""
        if figure is None:
            return
        title, png = figure
        try:
            with Image.open(io.BytesIO(png)) as picture:
                ratio = picture.height / picture.width
        except (OSError, ValueError):  # not a picture: the table above says it all
            return
        width = min(self.width, 150)
        height = width * ratio
        if self.pdf.get_y() + height + 6 > self.pdf.h - 18:
            self.pdf.add_page()
        # The chart carries its own title (one heading per chart); the PDF names it for screen readers.
        self.pdf.image(io.BytesIO(png), x=self.pdf.l_margin, y=self.pdf.get_y(), w=width, h=height, alt_text=title)
        self.pdf.set_y(self.pdf.get_y() + height + 3)

    def _font_for(self, text: str, style: str, size: float) -> None:
        """The typeface, or the font the text's script needs (a cohort or region named in Thai, Chinese…),
        shaped where the script needs it (see certificate_pdf.UnicodePDF)."""
        self.pdf.shape_for(text)
        self.pdf.set_font(self.pdf.family_for(text, style), style, size)

    def para(self, text: str, size: float = 10) -> None:
        self._font_for(text, "", size)
        self.pdf.multi_cell(self.width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def _longest_word(self, texts: list[str], style: str, size: float) -> float:
        self.pdf.set_font(FONT, style, size)
        return max((self.pdf.get_string_width(w) for t in texts for w in t.split()), default=0.0)

    def column_widths(
        self, headers: list[str], rows: list[list[str]], weights: list[float] | None
    ) -> tuple[list[float], float]:
        """Column widths (mm) and the header font size, so that no header word is cut in two.

        fpdf2 wraps a cell at its spaces, and cuts a word only when the word alone is wider than the
        column: each column is made at least as wide as its longest header word (and, up to
        WORD_SHARE of the page, its longest cell word), and the rest of the page is shared by the
        weights. When even the header words cannot fit, the header font shrinks."""
        weights = weights or [1.0] * len(headers)
        pad = 2 * self.pdf.c_margin + 0.8
        body = [
            min(self._longest_word([r[i] for r in rows], "", BODY_SIZE), self.width * WORD_SHARE)
            for i in range(len(headers))
        ]
        size = HEAD_SIZE
        while True:
            head = [self._longest_word([h], "B", size) for h in headers]
            need = [max(h, b) + pad for h, b in zip(head, body, strict=True)]
            if sum(need) > self.width:
                need = [h + pad for h in head]  # long cell words may wrap; header words may not
            if sum(need) <= self.width or size <= HEAD_MIN:
                break
            size -= 0.5
        if sum(need) >= self.width:
            return [self.width * n / sum(need) for n in need], size
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(headers)) if i not in fixed]
            room = self.width - sum(fixed.values())
            share = sum(weights[i] for i in free)
            widths = {i: room * weights[i] / share for i in free}
            short = [i for i in free if widths[i] < need[i]]
            if not short:
                break
            for i in short:
                fixed[i] = need[i]
        return [fixed.get(i, widths.get(i, 0.0)) for i in range(len(headers))], size

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
        if not rows:
            self.para("No data yet.")
            return
        self.headers_drawn.append(list(headers))
        col_widths, head_size = self.column_widths(headers, rows, widths)
        self.pdf.set_font(
            FONT, "", BODY_SIZE
        )  # other scripts in cells come from fallback fonts, character by character
        self.pdf.shape_for(*headers, *(cell for row in rows for cell in row))
        align = ["RIGHT" if i and all(_numeric_text(r[i]) for r in rows) else "LEFT" for i in range(len(headers))]
        with self.pdf.table(
            col_widths=col_widths,
            text_align=align,
            line_height=4.6,
            first_row_as_headings=True,
            headings_style=_headings_style(head_size, self.accent),
        ) as table:
            for row in [headers, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _headings_style(size: float = HEAD_SIZE, fill: tuple[int, int, int] = Branding().colour):  # type: ignore[no-untyped-def]
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=fill, size_pt=size)


def _numeric_text(cell: str) -> bool:
    """Whether a formatted cell is a number (right-aligned): '12', '0.75', '50%', '3 (40%)', '–'."""
    head = cell.split(" ", 1)[0].rstrip("%")
    try:
        float(head)
    except ValueError:
        return cell in ("–", "")
    return True


def _summary_rows(frame: pd.DataFrame, first: str) -> list[list[str]]:
    return [
        [
            text(r[first]),
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

SUMMARY_HEADERS = [
    "Enrolled",
    "Completed",
    "Passed",
    "With both tests",
    "Mean pre-test (%)",
    "Mean post-test (%)",
    "Mean normalised gain",
    "Class-average gain",
]
SUMMARY_WIDTHS = [2.2, 1, 1.15, 1, 1, 1, 1, 1, 1]


def _percent(v: Any) -> str:
    """A 0..100 figure as a whole number (the header says %)."""
    return "–" if _missing(v) else f"{float(v):.0f}"


def report_pdf(report: ProgrammeReport) -> bytes:
    return _report_doc(report).output()


def _report_doc(report: ProgrammeReport) -> _Doc:
    doc = _Doc(report.title, report.branding)
    if draw_logo(doc.pdf, report.branding, doc.pdf.w - 16 - 30, 16, 14):
        doc.pdf.set_y(32)  # the title starts under the logo
    doc.heading(report.title, 18)
    doc.para(f"Programme report generated on {long_date(report.generated_on)}. Aggregates only: no names.")
    h = report.headline
    doc.heading("Headline")
    doc.table(
        [
            "People trained",
            "Completed",
            "Passed the final assessment",
            "Certificates",
            "Mean pre-test (%)",
            "Mean post-test (%)",
            "Mean normalised gain",
            "Class-average gain",
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
                text(r["cohort"]),
                text(r["programme"]),
                text(r["country"]),
                text(r["organisation"]),
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
            [text(r.organisation_type), text(r.sex), whole(r.enrolled), whole(r.completed), whole(r.passed)]
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
        doc.table(["Group", *SUMMARY_HEADERS], _summary_rows(frame, "group"), SUMMARY_WIDTHS)
    doc.heading("Completion, pass rates and learning gain per cohort")
    doc.table(["Cohort", *SUMMARY_HEADERS], _summary_rows(report.cohort_summary, "cohort"), SUMMARY_WIDTHS)
    doc.figure(report.figures.get("cohorts"))
    doc.figure(report.figures.get("pre_post"))
    doc.para(f"The gain rests on {whole(report.headline.get('n_pairs'))} learner(s) who sat both tests.")
    for caveat in report.gain_caveats:
        doc.para(f"Caution: {caveat}")
    doc.heading("Learning gain per ILO indicator")
    doc.table(
        [INDICATOR_GAIN_LABELS[c] for c in ("indicator", "n", "pre", "post", "class_gain", "mean_gain")],
        [
            [text(r.indicator), whole(r.n), score(r.pre), score(r.post), ratio(r.class_gain), ratio(r.mean_gain)]
            for r in report.indicator_gain.itertuples(index=False)
        ],
        [3.2, 1, 1, 1, 1, 1],
    )
    doc.figure(report.figures.get("indicators"))
    doc.heading("Observed skills")
    if report.observed is None or report.observed.empty or not report.observed["observed"].any():
        doc.para("No role play scored.")
    else:
        doc.table(
            [OBSERVED_LABELS[c] for c in ("checklist", "observed", "mean_score", "pass_rate")],
            [
                [text(r.checklist), whole(r.observed), score(r.mean_score), pct(r.pass_rate)]
                for r in report.observed.itertuples(index=False)
            ],
            [4, 1.4, 1.2, 1.2],
        )
    doc.heading("Live sessions")
    if report.live is None or report.live.empty:
        doc.para("No live sessions.")
    else:
        doc.table(
            ["Session", "Date", "Participants", "Questions", "Responses", "Mean share right"],
            [
                [
                    text(r.session_title),
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
    doc.heading("Question health")
    doc.para(
        "Chance score: what a random guess scores on the test. Measurement error (SEM): SD × √(1 − alpha), "
        "in points; a learner's score is reliable to about two SEMs either way."
    )
    doc.table(
        [TEST_LABELS[c] for c in TEST_COLUMNS],
        [
            [
                text(r.quiz),
                text(r.role),
                whole(r.first_attempts),
                whole(r.questions),
                score(r.mean_score),
                score(r.chance),
                ratio(r.alpha),
                score(r.sem),
            ]
            for r in report.tests.itertuples(index=False)
        ],
        [2.6, 1.4, 0.9, 0.9, 0.9, 0.9, 1, 1],
    )
    flagged = (
        report.item_health[report.item_health["flags"].fillna("").str.len() > 0]
        if not report.item_health.empty
        else report.item_health
    )
    doc.para(f"Questions to check: {len(flagged)} of {len(report.item_health)}.")
    if not flagged.empty:
        doc.table(
            [
                ITEM_LABELS[c]
                for c in ("quiz", "question", "question_id", "responses", "facility", "discrimination_index", "flags")
            ],
            [
                [
                    text(r.quiz),
                    text(r.question),
                    text(r.question_id),
                    whole(r.responses),
                    _percent(r.facility),
                    _percent(r.discrimination_index),
                    points_to_check(r.flags),
                ]
                for r in flagged.itertuples(index=False)
            ],
            [1.6, 3, 1.4, 1, 1, 1.2, 2.6],
        )
    doc.heading("Definitions", 12)
    doc.para(DEFINITIONS, 8.5)
    return doc


def _day(v: Any) -> str:
    if _missing(v):
        return ""
    return long_date(v.date() if hasattr(v, "date") else v)


def _dates(start: Any, end: Any) -> str:
    if _missing(start) and _missing(end):
        return ""
    return f"{_day(start)} – {_day(end)}".strip(" –")


# -- XLSX ------------------------------------------------------------------------------------
def _note(message: str) -> pd.DataFrame:
    return pd.DataFrame({"Note": [message]})


def report_xlsx(report: ProgrammeReport) -> bytes:
    """The report as a workbook: one sheet per section, plain English headers, empty cells where a
    figure is missing or withheld."""
    headline = pd.DataFrame([dict(report.headline)])
    headline.insert(0, "report", report.title)
    headline.insert(1, "generated_on", report.generated_on)
    items = report.item_health.assign(flags=[points_to_check(f) for f in report.item_health["flags"]])
    live = report.live
    observed = report.observed
    sheets: dict[str, pd.DataFrame] = {
        "Summary": readable(headline, COLUMN_LABELS),
        "Cohorts": readable(report.cohorts, COLUMN_LABELS),
        "People trained": readable(report.people, COLUMN_LABELS),
        "By organisation type": readable(report.by_organisation, COLUMN_LABELS),
        "By sex": readable(report.by_sex, COLUMN_LABELS),
        "By region": readable(report.by_region, COLUMN_LABELS),
        "Cohorts side by side": readable(report.cohort_summary.drop(columns=["cohort_id"]), COLUMN_LABELS),
        "Gain by indicator": readable(report.indicator_gain, INDICATOR_GAIN_LABELS),
        "Tests": readable(report.tests, TEST_LABELS),
        "Question health": readable(items, ITEM_LABELS),
        "Observed skills": (
            readable(observed, OBSERVED_LABELS)
            if observed is not None and not observed.empty
            else _note("No role play scored.")
        ),
        "Live sessions": (
            readable(live.drop(columns=[c for c in ("cohort_id", "session_id") if c in live.columns]), LIVE_LABELS)
            if live is not None and not live.empty
            else _note("No live sessions.")
        ),
        "Definitions": pd.DataFrame({"Definitions": [DEFINITIONS]}),
    }
    return to_xlsx_bytes(sheets, notes={"Summary": "Aggregates only: no names."})
