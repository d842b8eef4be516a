"""The programme report PDF carries the charts the Reports page shows (issue 14), drawn by
vl-convert in the app's typeface under their section; a chart with nothing to draw (results withheld
for small groups) is left out rather than printed as "No results yet"."""

from __future__ import annotations

from modules.export import programme_report
from modules.ui.components.programme_common import with_figures
from tests.unit.test_report_words import WORDS_FACTS, _report


def test_the_pdf_has_the_apps_charts_that_have_something_to_show() -> None:
    report = _report()
    plain = programme_report.report_pdf(report)
    shown = with_figures(report, WORDS_FACTS.indicator_names)
    # The small fixture: rates are shown, pre/post means and indicator gains are withheld (fewer than 3).
    assert set(shown.figures) == {"cohorts"}
    assert all(png.startswith(b"\x89PNG") for _, png in shown.figures.values())
    pdf = programme_report.report_pdf(shown)
    assert pdf.count(b"/Subtype /Image") == plain.count(b"/Subtype /Image") + 1
    everything = with_figures(report, WORDS_FACTS.indicator_names, min_cell=1)
    assert "cohorts" in everything.figures


def test_a_figure_that_is_not_a_picture_is_left_out() -> None:
    report = _report()
    broken = programme_report.ProgrammeReport(**{**report.__dict__, "figures": {"cohorts": ("A chart", b"not a png")}})
    pdf = programme_report.report_pdf(broken)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Subtype /Image") == programme_report.report_pdf(report).count(
        b"/Subtype /Image"
    )
