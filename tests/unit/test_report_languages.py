"""The documents people read speak their language (issue #16): the certificate, the programme report
(PDF and XLSX) and the analytics tables write every word in the language asked for (`lang=`, or a
`use` block), dates and decimal marks as that language writes them, and the same numbers as in English.
Names, codes and ids are data and never change.

A stand-in catalogue translates every marked string to "Éñ " + the English, so a word left unmarked
shows (and the accented letters must print in the PDFs' typeface); the real catalogues are checked by
tests/unit/test_i18n.py."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from modules import i18n
from modules.analytics import cohort_reports as cr
from modules.analytics.item_analysis import item_statistics, points_to_check
from modules.export import programme_report
from modules.export.certificate_pdf import CertificateContent, certificate_pdf, long_date
from modules.export.tables import ITEM_LABELS, item_table, option_table
from modules.i18n import use
from tests.unit.test_certificates import pdf_text
from tests.unit.test_cohort_reports import ANSWERS
from tests.unit.test_report_words import DATA, LIVE, OBSERVED, WORDS_FACTS

MARK = "Éñ "
LANGS = ["fr", "es"]
DAY = {"fr": ("7 mars 2025", "1 avril 2025"), "es": ("7 de marzo de 2025", "1 de abril de 2025")}


class _Marked:
    """A catalogue that translates every message: MARK before its English."""

    def gettext(self, msgid: str) -> str:
        return MARK + msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return MARK + (singular if n == 1 else plural)


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n.catalogue, "load", lambda lang, locale_dir=None: _Marked())


NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _numbers(text: str) -> list[float]:
    """Every number written in a text, whatever its decimal mark, sorted (a sentence may reorder them)."""
    return sorted(float(n.replace(",", ".")) for n in NUMBER.findall(text))


# -- certificate ---------------------------------------------------------------------------------------
def _certificate(name: str = "Élodie Núñez") -> CertificateContent:
    return CertificateContent(
        learner_name=name,
        course_title="Forced labour: see it, act on it",
        track_title="Labour inspector",
        programme="Capacity building 2025: North",
        completed_on=date(2025, 3, 7),
        hours="2.5 hours",
        score=83.3,
        code="ABCD-EFGH-JKMN",
        verify_url="https://training.example.org/verify?code=ABCD-EFGH-JKMN",
    )


def test_dates_are_written_the_languages_way() -> None:
    assert long_date(date(2025, 3, 7)) == "7 March 2025"
    assert long_date(date(2025, 3, 7), "fr") == "7 mars 2025"
    with use("es"):
        assert long_date(date(2025, 3, 7)) == "7 de marzo de 2025"


@pytest.mark.parametrize("lang", LANGS)
def test_the_certificate_is_in_the_language_asked_for(
    lang: str, marked: None, caplog: pytest.LogCaptureFixture
) -> None:
    content = _certificate()
    english = [line for line in pdf_text(certificate_pdf(content)).splitlines() if line.strip()]
    assert not any(MARK in line for line in english)  # the tab's language (none here: English)
    lines = [line for line in pdf_text(certificate_pdf(content, lang=lang)).splitlines() if line.strip()]
    with use(lang):
        assert [line for line in pdf_text(certificate_pdf(content)).splitlines() if line.strip()] == lines
    data = {content.branding.name, content.learner_name, content.course_title}
    assert data <= set(lines)  # the name and titles as given, never translated
    assert all(line.startswith(MARK) for line in lines if line not in data), lines
    text = " ".join(lines)
    assert DAY[lang][0] in text and "March" not in text
    assert "ABCD-EFGH-JKMN" in text and content.verify_url in text and "Capacity building 2025: North" in text
    assert _numbers(text) == _numbers(" ".join(english))  # same date, hours, score, code and address
    assert "missing" not in caplog.text.lower()  # every accented letter had a glyph


# -- programme report ----------------------------------------------------------------------------------
def _build(lang: str | None = None) -> programme_report.ProgrammeReport:
    return programme_report.build_report(
        DATA, WORDS_FACTS, None, LIVE, title="Ruritania", generated_on=date(2025, 4, 1), observed=OBSERVED, lang=lang
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_pdf_is_in_the_language_asked_for_with_the_same_numbers(lang: str, marked: None) -> None:
    english = pdf_text(programme_report.report_pdf(_build()))
    with use(lang):
        doc = programme_report._report_doc(_build())
        text = pdf_text(doc.output())
    assert MARK not in english
    headers = [h for table in doc.headers_drawn for h in table]
    assert headers and all(h.startswith(MARK) for h in headers), [h for h in headers if not h.startswith(MARK)]
    assert _numbers(text) == _numbers(english)
    assert re.search(r"\d,\d", text) and not re.search(r"\d\.\d", text)  # decimal commas
    assert DAY[lang][1] in text and "April" not in text
    assert "Ruritania" in text and "q1" in text  # data as it is
    assert MARK + "Page 1 of" in " ".join(text.split())
    assert pdf_text(programme_report.report_pdf(_build(lang), lang=lang)).count(MARK) == text.count(MARK)


def _cells(book: Any) -> dict[str, list[list[Any]]]:
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_workbook_is_in_the_language_asked_for_with_the_same_numbers(lang: str, marked: None) -> None:
    english = _cells(load_workbook(io.BytesIO(programme_report.report_xlsx(_build()))))
    book = load_workbook(io.BytesIO(programme_report.report_xlsx(_build(lang), lang=lang)))
    shown = _cells(book)
    assert len(shown) == len(english)
    assert all(title.startswith(MARK) for title in shown), list(shown)
    for (title, rows), (_, rows_en) in zip(shown.items(), english.items(), strict=True):
        header = rows[0]
        if title == MARK + "Summary":
            assert rows[0][0] == MARK + "Aggregates only: no names."  # the note above the table
            header = rows[2]
        assert all(h.startswith(MARK) for h in header if h is not None), (title, header)
        numbers = [[v for v in r if isinstance(v, int | float | datetime)] for r in rows]
        numbers_en = [[v for v in r if isinstance(v, int | float | datetime)] for r in rows_en]
        assert numbers == numbers_en, title
    people = next(rows for title, rows in shown.items() if "People" in title)
    assert all(str(r[0]).startswith(MARK) and str(r[1]).startswith(MARK) for r in people[1:])  # type and sex
    health = next(rows for title, rows in shown.items() if "Question health" in title)
    points = health[0].index(MARK + "Points to check")
    assert all(str(r[points]).startswith(MARK) for r in health[1:] if r[points])


# -- analytics tables ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_analytics_tables_speak_the_language_and_keep_their_keys(lang: str, marked: None) -> None:
    report = item_statistics(ANSWERS, "pre")
    with use(lang):
        items = item_table(report.items, WORDS_FACTS.question_text)
        assert ITEM_LABELS["facility"] in items.columns  # what a page looks a header up by, in the same run
        assert all(c.startswith(MARK) for c in items.columns)
        assert points_to_check("too easy, few responses").startswith(MARK + "too easy (90")
        options = option_table(report.options, WORDS_FACTS.question_text)
        assert set(options[ITEM_LABELS["question"]]) == set(items[ITEM_LABELS["question"]])  # content, as given
        assert set(options.iloc[:, -3]) <= {MARK + "yes", MARK + "no"}
        facts = replace(WORDS_FACTS, track_titles={"police": "Police officer"})
        learners = cr.learners_for_people(cr.learner_table(DATA, facts), facts)
        assert all(v.startswith(MARK) for v in learners["organisation_type"])
        assert set(learners["completed"]) <= {MARK + "yes", MARK + "no"}
        attempts = cr.attempts_for_people(cr.attempts_table(DATA, facts))
        assert set(attempts["role"]) <= set(cr.ROLE_TITLES.values()) and cr.ROLE_TITLES["pre_test"].startswith(MARK)
        groups = cr.breakdown(cr.learner_table(DATA, facts), "sex")
        assert list(groups["group"]) == [MARK + "Female", MARK + "Male", MARK + "Not stated"]
    assert cr.ROLE_TITLES["pre_test"] == "Pre-test" and ITEM_LABELS["facility"] == "Share right (%)"
    assert cr.ORGANISATION_TYPES["police"] == "Police"  # the vocabulary rosters are read against stays English


# -- results by language ---------------------------------------------------------------------------------
def _two_languages() -> cr.ReportData:
    """The sample cohorts' pre-test answered by 12 learners in English and 12 in French: every question is
    right for all of them, but the French get q1 wrong 10 times in 12 (a likely translation problem)."""
    rows = []
    for n in range(24):
        lang = "en" if n < 12 else "fr"
        for pos, qid in enumerate(("q1", "q2", "q3")):
            right = not (lang == "fr" and qid == "q1" and n < 22)
            rows.append(
                {
                    "attempt_id": 100 + n,
                    "learner_id": 1000 + n,
                    "quiz_id": "pre",
                    "attempt_no": 1,
                    "question_id": qid,
                    "position": pos,
                    "answer": ["a"] if right else ["b"],
                    "score": 1.0 if right else 0.0,
                    "correct": right,
                    "language": lang,
                }
            )
    return replace(DATA, answers=pd.DataFrame(rows))


def test_the_report_breaks_results_down_by_language_and_names_the_question_to_check() -> None:
    report = programme_report.build_report(_two_languages(), WORDS_FACTS, None, title="Ruritania")
    languages = report.languages.set_index("language")
    assert languages.loc["English", "attempts"] == 12 and languages.loc["Français", "attempts"] == 12
    assert languages.loc["English", "mean"] == pytest.approx(100.0)
    assert languages.loc["Français", "mean"] == pytest.approx(100 * (2 + 10 * 2 / 3) / 12)
    (flagged,) = report.language_items.to_dict("records")
    assert flagged["question"] == WORDS_FACTS.question_text("q1")
    assert (flagged["language"], flagged["n"], flagged["reference"], flagged["reference_n"]) == (
        "Français",
        12,
        "English",
        12,
    )
    assert flagged["facility"] == pytest.approx(100 * 2 / 12) and flagged["beyond_typical"] == pytest.approx(
        -100 * 10 / 12
    )
    text = " ".join(pdf_text(programme_report.report_pdf(report)).split())
    assert "Results by language" in text and "1 question may read differently in translation" in text
    book = load_workbook(io.BytesIO(programme_report.report_xlsx(report)))
    assert {"Results by language", "Questions by language"} <= set(book.sheetnames)


def test_a_programme_in_one_language_has_no_language_section() -> None:
    report = programme_report.build_report(DATA, WORDS_FACTS, None, title="Ruritania")
    assert report.languages.empty and report.language_items.empty
    assert "Results by language" not in pdf_text(programme_report.report_pdf(report))
    assert "Results by language" not in load_workbook(io.BytesIO(programme_report.report_xlsx(report))).sheetnames


def test_small_language_groups_are_withheld_from_the_report() -> None:
    data = _two_languages()
    few = data.answers[(data.answers["language"] == "en") | (data.answers["learner_id"] < 1014)]  # 2 French
    report = programme_report.build_report(replace(data, answers=few), WORDS_FACTS, None, title="Ruritania")
    languages = report.languages.set_index("language")
    assert languages.loc["Français", "attempts"] == 2 and pd.isna(languages.loc["Français", "mean"])
    assert report.language_items.empty  # 2 answers: neither compared nor shown
