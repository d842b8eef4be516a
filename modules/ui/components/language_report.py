"""The item analysis by language (reports, Questions tab): each language's attempts and mean score, and
the questions whose share right differs between languages more than the quiz's typical gap, a likely
translation problem, with the counts behind each figure (modules/analytics/language_facility.py)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from modules import i18n
from modules.analytics.language_facility import (
    GAP_THRESHOLD,
    MIN_RESPONSES,
    language_differences,
    scores_by_language,
)
from modules.export.programme_report import language_labels
from modules.i18n import format_number, ngettext
from modules.i18n import gettext as _


def _language_name(code: str) -> str:
    return i18n.LANGUAGES.get(code, code)


def _rounded(value: float) -> str:
    return format_number(round(value))


def _signed(value: float) -> str:
    shown = round(value)
    return ("+" if shown > 0 else "") + format_number(shown)


def _by_size(column: pd.Series) -> pd.Series:
    """Sort key: the largest difference first, whichever its sign."""
    return -column.abs() if column.name == "beyond_typical" else column


def language_section(
    answers: pd.DataFrame,
    quiz_id: str,
    question_text: Callable[[str], str],
    *,
    first_only: bool,
    min_cell: int,
    aggregate_only: bool,
) -> None:
    """Draw the section when the quiz was taken in more than one language (nothing otherwise). For an
    aggregate-only reader, a language with fewer than `min_cell` attempts, and a question row with fewer
    than `min_cell` answers, is left out: a small group's mean would expose its people."""
    rows = answers[answers["quiz_id"] == quiz_id] if not answers.empty else answers
    scores = scores_by_language(rows, first_only=first_only)
    if aggregate_only:
        scores = scores[scores["attempts"] >= min_cell]
    if len(scores) < 2:
        return
    st.subheader(_("By language"))
    words = language_labels()  # the programme report's headers for the same figures
    language, attempts, mean = words["language"], _("Attempts"), words["mean"]
    st.dataframe(
        pd.DataFrame(
            {
                language: [_language_name(c) for c in scores["language"]],
                attempts: [format_number(int(n)) for n in scores["attempts"]],
                mean: [_rounded(m) for m in scores["mean"]],
            }
        ),
        hide_index=True,
        key=f"language-scores-{quiz_id}",
    )
    gaps = language_differences(rows, first_only=first_only)
    if aggregate_only:
        gaps = gaps[(gaps["n"] >= min_cell) & (gaps["reference_n"] >= min_cell)]
    flagged = gaps[gaps["flagged"]]
    if flagged.empty:
        st.caption(
            _(
                "No question's share right differs between languages by more than {threshold} points beyond the "
                "quiz's typical difference (compared where each language has at least {n} answers).",
                threshold=format_number(GAP_THRESHOLD),
                n=format_number(MIN_RESPONSES),
            )
        )
    else:
        st.warning(
            ngettext(
                "{n} question may read differently in translation: compare its wording in both languages.",
                "{n} questions may read differently in translation: compare their wording in both languages.",
                len(flagged),
            ),
            icon=":material/translate:",
        )
    if gaps.empty:
        return
    gaps = gaps.sort_values(["flagged", "beyond_typical"], ascending=[False, True], key=_by_size, kind="mergesort")
    question, answered, share = words["question"], words["n"], words["facility"]
    reference, ref_answered, ref_share = words["reference"], words["reference_n"], words["reference_facility"]
    typical, beyond = words["typical_gap"], words["beyond_typical"]
    # TRANSLATORS: a column header: whether a question's wording should be compared between two languages.
    check = _("Check the translation")
    # TRANSLATORS: in the "Check the translation" column: too few answers to compare (a number follows).
    too_few = _("too few answers")
    table = pd.DataFrame(
        {
            question: [question_text(str(q)) for q in gaps["question_id"]],
            language: [_language_name(c) for c in gaps["language"]],
            answered: [format_number(int(n)) for n in gaps["n"]],
            share: [_rounded(v) for v in gaps["facility"]],
            reference: [_language_name(c) for c in gaps["reference"]],
            ref_answered: [format_number(int(n)) for n in gaps["reference_n"]],
            ref_share: [_rounded(v) for v in gaps["reference_facility"]],
            typical: [_signed(v) for v in gaps["typical_gap"]],
            beyond: [_signed(v) for v in gaps["beyond_typical"]],
            # TRANSLATORS: in the "Check the translation" column.
            check: [
                _("yes") if f else (_("no") if e else too_few)
                for f, e in zip(gaps["flagged"], gaps["enough"], strict=True)
            ],
        }
    )
    with st.expander(_("Each question by language"), expanded=not flagged.empty):
        st.dataframe(table, hide_index=True, key=f"language-gaps-{quiz_id}")
        st.caption(
            _(
                "Share right in each language, on first attempts unless chosen otherwise. The typical gap is the "
                "median difference over the quiz's questions (a group that did better or worse on everything); a "
                "question is marked when its own difference goes beyond it by more than {threshold} points and "
                "each language has at least {n} answers. A mark is a reason to read the question side by side in "
                "both languages, not proof of a mistake.",
                threshold=format_number(GAP_THRESHOLD),
                n=format_number(MIN_RESPONSES),
            )
        )
