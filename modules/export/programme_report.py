"""The one-click programme report for a donor or manager, as PDF and XLSX.

Aggregates only, by construction: it is built from report rows loaded without names, and every
group mean over fewer than MIN_CELL people is withheld (shown as "–"), because the mean score of a
group of one is one person's score. Sections: cohorts covered; people trained, disaggregated by
organisation type, sex and region; completion and pass rates per cohort; pre/post learning gain
overall and per ILO indicator; live sessions; item health (questions flagged for review) and the
reliability (Cronbach's alpha) of each test; and, when learners took a quiz in more than one
language, each language's results and the questions whose share right differs between languages more
than the quiz's typical gap (analytics/language_facility.py). Definitions are printed in the report itself.

Its words, dates and decimal marks are in the reader's language: `lang` to build_report, report_pdf and
report_xlsx, or the current language. The group names, test roles and cautions are written when the report
is built, the rest when it is drawn: build and draw it in the same language (a download button's deferred
callable runs outside the page's run, so pass the tab's language to both). Names of cohorts, programmes,
regions, quizzes and questions are data and stay as they are.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from babel.numbers import get_decimal_symbol
from PIL import Image

from modules.analytics import cohort_reports as cr
from modules.analytics.forms import sem
from modules.analytics.item_analysis import item_statistics, points_to_check, question_text, shorten
from modules.analytics.language_facility import GAP_THRESHOLD, MIN_RESPONSES, language_differences, scores_by_language
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
from modules.i18n import LANGUAGES, current, format_percent, ngettext, use
from modules.i18n import gettext as _


def definitions() -> str:
    """The report's definitions, in the current language."""
    # TRANSLATORS: the definitions printed at the end of the programme report; {min_cell} is a number of people
    # (3). Keep the formulas and the "–" sign as they are.
    return _(
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
        "Group means over fewer than {min_cell} people are withheld (–) to protect individuals.",
        min_cell=cr.MIN_CELL,
    )


LANGUAGE_COLUMNS = ["quiz", "language", "attempts", "mean"]
LANGUAGE_ITEM_COLUMNS = [
    "quiz",
    "question",
    "language",
    "n",
    "facility",
    "reference",
    "reference_n",
    "reference_facility",
    "typical_gap",
    "beyond_typical",
]


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
    languages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LANGUAGE_COLUMNS))
    """Per quiz taken in more than one language: each language's first attempts and mean score (withheld
    under MIN_CELL attempts). Empty when every quiz was taken in one language."""
    language_items: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LANGUAGE_ITEM_COLUMNS))
    """The questions marked as reading differently in a language (language_facility), with their counts;
    only rows where both languages have at least MIN_CELL answers."""


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
    lang: str | None = None,
) -> ProgrammeReport:
    """Compute every section (pure: the same rows give the same report), its words (group names, test
    roles, cautions) in `lang` (default: the current language)."""
    with use(lang if lang is not None else current()):
        return _build_report(data, facts, questions, live, title, generated_on, min_cell, observed, branding)


def _build_report(
    data: cr.ReportData,
    facts: cr.CourseFacts,
    questions: Mapping[str, QuestionModel] | None,
    live: pd.DataFrame | None,
    title: str | None,
    generated_on: date | None,
    min_cell: int,
    observed: pd.DataFrame | None,
    branding: Branding | None,
) -> ProgrammeReport:
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
    languages, language_items = _by_language(answers, facts, questions, min_cell)
    return ProgrammeReport(
        title=title or (", ".join(programmes) if programmes else _("Programme report")),
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
        languages=languages,
        language_items=language_items,
    )


def _by_language(
    answers: pd.DataFrame,
    facts: cr.CourseFacts,
    questions: Mapping[str, QuestionModel] | None,
    min_cell: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The report's "by language" tables (see ProgrammeReport.languages and .language_items)."""
    scores = scores_by_language(answers)
    if not scores.empty:
        scores = scores[scores.groupby("quiz_id")["language"].transform("count") > 1]
    languages = pd.DataFrame(
        [
            {
                "quiz": facts.quiz_title(str(r["quiz_id"])),
                "language": LANGUAGES.get(str(r["language"]), str(r["language"])),
                "attempts": int(r["attempts"]),
                "mean": float(r["mean"]) if r["attempts"] >= min_cell else None,
            }
            for r in scores.to_dict("records")
        ],
        columns=LANGUAGE_COLUMNS,
    )
    gaps = language_differences(answers)
    if not gaps.empty:
        gaps = gaps[gaps["flagged"] & (gaps["n"] >= min_cell) & (gaps["reference_n"] >= min_cell)]
    items = pd.DataFrame(
        [
            {
                "quiz": facts.quiz_title(str(r["quiz_id"])),
                "question": _question_words(str(r["question_id"]), facts, questions),
                "language": LANGUAGES.get(str(r["language"]), str(r["language"])),
                "n": int(r["n"]),
                "facility": float(r["facility"]),
                "reference": LANGUAGES.get(str(r["reference"]), str(r["reference"])),
                "reference_n": int(r["reference_n"]),
                "reference_facility": float(r["reference_facility"]),
                "typical_gap": float(r["typical_gap"]),
                "beyond_typical": float(r["beyond_typical"]),
            }
            for r in gaps.to_dict("records")
        ],
        columns=LANGUAGE_ITEM_COLUMNS,
    )
    return languages, items


def language_labels() -> dict[str, str]:
    """The by-language tables' headers, in the current language (read when drawn)."""
    return {
        # TRANSLATORS: column headers of the programme report's results by language.
        "quiz": _("Quiz"),
        "language": _("Language"),
        "attempts": _("First attempts"),
        "mean": _("Mean score (%)"),
        "question": _("Question"),
        "n": _("Answers"),
        "facility": _("Share right (%)"),
        # TRANSLATORS: a column header: the language a question's share right is compared with.
        "reference": _("Reference"),
        "reference_n": _("Reference answers"),
        "reference_facility": _("Reference share right (%)"),
        "typical_gap": _("Typical gap (points)"),
        "beyond_typical": _("Beyond typical (points)"),
    }


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


def _fixed(v: Any, digits: int) -> str:
    """A number with `digits` decimals and the current language's decimal mark (12.5, 12,5)."""
    return f"{float(v):.{digits}f}".replace(".", get_decimal_symbol(current()))


def pct(v: Any) -> str:
    """A 0..1 rate as a whole percentage, as the current language writes it (50%, 50 %)."""
    return "–" if _missing(v) else format_percent(round(100 * float(v)) / 100)


def score(v: Any) -> str:
    return "–" if _missing(v) else _fixed(v, 1)


def ratio(v: Any) -> str:
    return "–" if _missing(v) else _fixed(v, 2)


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
        # TRANSLATORS: the running head of each page of the programme report; {programme} is the programme's
        # name (from the course's settings).
        label = _("{programme} · Programme report", programme=self.branding.name)
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
        # TRANSLATORS: the footer of each page of the programme report: Page 2 of 5.
        self.cell(0, 5, _("Page {page} of {pages}", page=self.page_no(), pages="{nb}"), align="C")
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
            self.para(_("No data yet."))
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
    """Whether a formatted cell is a number (right-aligned): '12', '0.75', '50%', '3 (40%)', '–', and
    their French and Spanish forms ('0,75', '50 %')."""
    head = cell.split(" ", 1)[0].rstrip("%").strip(" \u00a0\u202f%").replace(",", ".").replace("\u2212", "-")
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
        for _row, r in frame.iterrows()
    ]


TEST_COLUMNS = ["quiz", "role", "first_attempts", "questions", "mean_score", "chance", "alpha", "sem"]


def _summary_headers() -> list[str]:
    """The headers of a summary table after its first column, in the current language."""
    return [
        COLUMN_LABELS["enrolled"],
        COLUMN_LABELS["completed"],
        COLUMN_LABELS["passed"],
        # TRANSLATORS: a column header: how many learners sat both the pre-test and the post-test.
        _("With both tests"),
        COLUMN_LABELS["mean_pre"],
        COLUMN_LABELS["mean_post"],
        COLUMN_LABELS["mean_gain"],
        COLUMN_LABELS["class_gain"],
    ]


SUMMARY_WIDTHS = [2.2, 1, 1.15, 1, 1, 1, 1, 1, 1]


def _percent(v: Any) -> str:
    """A 0..100 figure as a whole number (the header says %)."""
    return "–" if _missing(v) else f"{float(v):.0f}"


def report_pdf(report: ProgrammeReport, lang: str | None = None) -> bytes:
    """The report as a PDF, its words, dates and numbers in `lang` (default: the current language)."""
    with use(lang if lang is not None else current()):
        return _report_doc(report).output()  # page heads and feet are drawn up to the output


def _report_doc(report: ProgrammeReport) -> _Doc:
    doc = _Doc(report.title, report.branding)
    if draw_logo(doc.pdf, report.branding, doc.pdf.w - 16 - 30, 16, 14):
        doc.pdf.set_y(32)  # the title starts under the logo
    doc.heading(report.title, 18)
    # TRANSLATORS: under the programme report's title; {date} is a date (1 April 2025).
    doc.para(
        _(
            "Programme report generated on {date}. Aggregates only: no names.",
            date=long_date(report.generated_on),
        )
    )
    h = report.headline
    # TRANSLATORS: a section of the programme report: its key figures.
    doc.heading(_("Headline"))
    doc.table(
        [
            COLUMN_LABELS["people"],
            COLUMN_LABELS["completed"],
            # TRANSLATORS: a column header: how many people passed (and their share).
            _("Passed the final assessment"),
            COLUMN_LABELS["certificates"],
            COLUMN_LABELS["mean_pre"],
            COLUMN_LABELS["mean_post"],
            COLUMN_LABELS["mean_gain"],
            COLUMN_LABELS["class_gain"],
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
    # TRANSLATORS: a section of the programme report: the cohorts (training groups) it covers.
    doc.heading(_("Cohorts"))
    doc.table(
        [
            COLUMN_LABELS["cohort"],
            COLUMN_LABELS["programme"],
            COLUMN_LABELS["country"],
            COLUMN_LABELS["organisation"],
            # TRANSLATORS: a column header: a cohort's first and last day.
            _("Dates"),
        ],
        [
            [
                text(r["cohort"]),
                text(r["programme"]),
                text(r["country"]),
                text(r["organisation"]),
                _dates(r["start_date"], r["end_date"]),
            ]
            for _row, r in report.cohorts.iterrows()
        ],
        [3, 3, 2, 3, 3],
    )
    doc.heading(_("People trained, by organisation type and sex"))
    doc.table(
        [
            COLUMN_LABELS["organisation_type"],
            COLUMN_LABELS["sex"],
            COLUMN_LABELS["enrolled"],
            COLUMN_LABELS["completed"],
            COLUMN_LABELS["passed"],
        ],
        [
            [text(r.organisation_type), text(r.sex), whole(r.enrolled), whole(r.completed), whole(r.passed)]
            for r in report.people.itertuples(index=False)
        ],
        [3, 2, 1.3, 1.3, 1.3],
    )
    for title, frame in (
        (_("By organisation type"), report.by_organisation),
        (_("By sex"), report.by_sex),
        (_("By region"), report.by_region),
    ):
        doc.heading(title, 12)
        doc.table([COLUMN_LABELS["group"], *_summary_headers()], _summary_rows(frame, "group"), SUMMARY_WIDTHS)
    doc.heading(_("Completion, pass rates and learning gain per cohort"))
    doc.table(
        [COLUMN_LABELS["cohort"], *_summary_headers()], _summary_rows(report.cohort_summary, "cohort"), SUMMARY_WIDTHS
    )
    doc.figure(report.figures.get("cohorts"))
    doc.figure(report.figures.get("pre_post"))
    pairs = report.headline.get("n_pairs")
    doc.para(
        ngettext(
            "The gain rests on {count} learner who sat both tests.",
            "The gain rests on {count} learners who sat both tests.",
            0 if _missing(pairs) else int(pairs or 0),
            count=whole(pairs),
        )
    )
    for caveat in report.gain_caveats:
        # TRANSLATORS: before a caution about the learning gain; {caution} is a sentence.
        doc.para(_("Caution: {caution}", caution=caveat))
    doc.heading(_("Learning gain per ILO indicator"))
    doc.table(
        [INDICATOR_GAIN_LABELS[c] for c in ("indicator", "n", "pre", "post", "class_gain", "mean_gain")],
        [
            [text(r.indicator), whole(r.n), score(r.pre), score(r.post), ratio(r.class_gain), ratio(r.mean_gain)]
            for r in report.indicator_gain.itertuples(index=False)
        ],
        [3.2, 1, 1, 1, 1, 1],
    )
    doc.figure(report.figures.get("indicators"))
    # TRANSLATORS: a section of the programme report: skills observed by a facilitator in role plays.
    doc.heading(_("Observed skills"))
    if report.observed is None or report.observed.empty or not report.observed["observed"].any():
        doc.para(_("No role play scored."))
    else:
        doc.table(
            [OBSERVED_LABELS[c] for c in ("checklist", "observed", "mean_score", "pass_rate")],
            [
                [text(r.checklist), whole(r.observed), score(r.mean_score), pct(r.pass_rate)]
                for r in report.observed.itertuples(index=False)
            ],
            [4, 1.4, 1.2, 1.2],
        )
    # TRANSLATORS: a section of the programme report: quizzes run live in a classroom.
    doc.heading(_("Live sessions"))
    if report.live is None or report.live.empty:
        doc.para(_("No live sessions."))
    else:
        doc.table(
            [
                LIVE_LABELS["session_title"],
                # TRANSLATORS: a column header: the day a live session took place.
                _("Date"),
                LIVE_LABELS["participants"],
                LIVE_LABELS["questions"],
                LIVE_LABELS["responses"],
                LIVE_LABELS["mean_share_correct"],
            ],
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
    # TRANSLATORS: a section of the programme report: how well each test and question worked.
    doc.heading(_("Question health"))
    doc.para(
        _(
            "Chance score: what a random guess scores on the test. Measurement error (SEM): SD × √(1 − alpha), "
            "in points; a learner's score is reliable to about two SEMs either way."
        )
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
    # TRANSLATORS: {flagged} questions flagged for review, of {total} questions analysed.
    doc.para(_("Questions to check: {flagged} of {total}.", flagged=len(flagged), total=len(report.item_health)))
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
    _language_section(doc, report)
    doc.heading(COLUMN_LABELS["definitions"], 12)
    doc.para(definitions(), 8.5)
    return doc


def _language_section(doc: _Doc, report: ProgrammeReport) -> None:
    """Results by language, when a quiz was taken in more than one (nothing otherwise)."""
    if report.languages.empty:
        return
    words = language_labels()
    # TRANSLATORS: a section of the programme report: results of the quizzes taken in several languages.
    doc.heading(_("Results by language"))
    doc.table(
        [words[c] for c in LANGUAGE_COLUMNS],
        [
            [text(r.quiz), text(r.language), whole(r.attempts), score(r.mean)]
            for r in report.languages.itertuples(index=False)
        ],
        [3.2, 1.6, 1.2, 1.2],
    )
    items = report.language_items
    doc.para(
        ngettext(
            "{n} question may read differently in translation: its share right differs between languages by more "
            "than {threshold} points beyond the quiz's typical difference (each language with at least {least} "
            "answers). Compare its wording in both languages.",
            "{n} questions may read differently in translation: their share right differs between languages by "
            "more than {threshold} points beyond the quiz's typical difference (each language with at least "
            "{least} answers). Compare their wording in both languages.",
            len(items),
            threshold=whole(GAP_THRESHOLD),
            least=whole(MIN_RESPONSES),
        )
    )
    if items.empty:
        return
    doc.table(
        [
            words[c]
            for c in (
                "quiz",
                "question",
                "language",
                "n",
                "facility",
                "reference",
                "reference_facility",
                "beyond_typical",
            )
        ],
        [
            [
                text(r.quiz),
                text(r.question),
                text(r.language),
                whole(r.n),
                _percent(r.facility),
                f"{text(r.reference)} ({whole(r.reference_n)})",
                _percent(r.reference_facility),
                _signed(r.beyond_typical),
            ]
            for r in items.itertuples(index=False)
        ],
        [1.6, 3, 1.2, 0.9, 1, 1.5, 1, 1.1],
    )


def _signed(v: Any) -> str:
    if _missing(v):
        return ""
    shown = round(float(v))
    return ("+" if shown > 0 else "") + whole(shown)


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
    return pd.DataFrame({COLUMN_LABELS["note"]: [message]})


def report_xlsx(report: ProgrammeReport, lang: str | None = None) -> bytes:
    """The report as a workbook: one sheet per section, plain headers and sheet names in `lang` (default:
    the current language), empty cells where a figure is missing or withheld. Numbers stay numbers."""
    with use(lang if lang is not None else current()):
        return _report_xlsx(report)


def _report_xlsx(report: ProgrammeReport) -> bytes:
    headline = pd.DataFrame([dict(report.headline)])
    headline.insert(0, "report", report.title)
    headline.insert(1, "generated_on", report.generated_on)
    items = report.item_health.assign(flags=[points_to_check(f) for f in report.item_health["flags"]])
    live = report.live
    observed = report.observed
    # TRANSLATORS: the name of the first sheet of the programme report's spreadsheet (at most 31 characters).
    summary = _("Summary")
    # Sheet names: at most 31 characters in a spreadsheet (longer ones are cut).
    sheets: dict[str, pd.DataFrame] = {
        summary: readable(headline, COLUMN_LABELS),
        _("Cohorts"): readable(report.cohorts, COLUMN_LABELS),
        COLUMN_LABELS["people"]: readable(report.people, COLUMN_LABELS),
        _("By organisation type"): readable(report.by_organisation, COLUMN_LABELS),
        _("By sex"): readable(report.by_sex, COLUMN_LABELS),
        _("By region"): readable(report.by_region, COLUMN_LABELS),
        # TRANSLATORS: a sheet name of the programme report's spreadsheet (at most 31 characters).
        _("Cohorts side by side"): readable(report.cohort_summary.drop(columns=["cohort_id"]), COLUMN_LABELS),
        # TRANSLATORS: a sheet name of the programme report's spreadsheet (at most 31 characters).
        _("Gain by indicator"): readable(report.indicator_gain, INDICATOR_GAIN_LABELS),
        # TRANSLATORS: a sheet name of the programme report's spreadsheet (at most 31 characters).
        _("Tests"): readable(report.tests, TEST_LABELS),
        _("Question health"): readable(items, ITEM_LABELS),
        _("Observed skills"): (
            readable(observed, OBSERVED_LABELS)
            if observed is not None and not observed.empty
            else _note(_("No role play scored."))
        ),
        _("Live sessions"): (
            readable(live.drop(columns=[c for c in ("cohort_id", "session_id") if c in live.columns]), LIVE_LABELS)
            if live is not None and not live.empty
            else _note(_("No live sessions."))
        ),
        COLUMN_LABELS["definitions"]: pd.DataFrame({COLUMN_LABELS["definitions"]: [definitions()]}),
    }
    if not report.languages.empty:
        words = language_labels()
        # TRANSLATORS: sheet names of the programme report's spreadsheet (at most 31 characters).
        sheets[_("Results by language")] = report.languages.rename(columns=words)
        sheets[_("Questions by language")] = report.language_items.rename(columns=words)
    return to_xlsx_bytes(sheets, notes={summary: _("Aggregates only: no names.")})
