"""A programme's identity (course.yaml `identity`): its name, logo and colour are validated like any
content (a clear file:line message), and reach certificates and programme reports."""

from __future__ import annotations

import io
import re
import zlib
from datetime import date
from pathlib import Path

from PIL import Image

from modules.content.loader import load_registry
from modules.domain.course import DEFAULT_NAME, Identity, contrast_with_white
from modules.export import programme_report
from modules.export.branding import Branding
from modules.export.certificate_pdf import certificate_pdf
from tests.unit.test_certificates import _content, pdf_text
from tests.unit.test_report_words import DATA, LIVE, OBSERVED, WORDS_FACTS


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), "#7A1F5C").save(out, format="PNG")
    return out.getvalue()


def _drawn(pdf: bytes) -> bytes:
    """Every page's drawing operators, decompressed."""
    out = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out += zlib.decompress(stream)
        except zlib.error:
            continue
    return out


def _with_identity(valid_set: Path, block: str) -> Path:
    course = valid_set / "content" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("course:\n", "course:\n" + block, 1), encoding="utf-8")
    return course


def test_without_identity_the_course_keeps_its_own(valid_set: Path) -> None:
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    assert reg.problems == ()
    assert reg.course is not None and reg.course.identity == Identity()
    assert reg.course.identity.name == DEFAULT_NAME


def test_a_programme_sets_its_name_logo_and_colour(valid_set: Path) -> None:
    (valid_set / "content" / "images").mkdir(exist_ok=True)
    (valid_set / "content" / "images" / "logo.png").write_bytes(_png())
    _with_identity(
        valid_set,
        "  identity:\n    name: Ruritania Labour Inspectorate\n    logo: images/logo.png\n    colour: '#7a1f5c'\n",
    )
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    assert reg.problems == ()
    assert reg.course is not None
    ident = reg.course.identity
    assert (ident.name, ident.logo, ident.colour) == ("Ruritania Labour Inspectorate", "images/logo.png", "#7A1F5C")


def test_a_pale_colour_or_a_missing_logo_is_named_with_its_line(valid_set: Path) -> None:
    original = (valid_set / "content" / "course.yaml").read_text(encoding="utf-8")
    _with_identity(valid_set, "  identity:\n    colour: '#FFD700'\n")
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    (problem,) = [p for p in reg.problems if "colour" in p.message]
    assert Path(problem.path).name == "course.yaml" and problem.line == 3
    assert "contrast of 1.4:1 against white" in problem.message

    (valid_set / "content" / "course.yaml").write_text(original, encoding="utf-8")
    _with_identity(valid_set, "  identity:\n    logo: images/nowhere.png\n")
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    (problem,) = [p for p in reg.problems if "logo" in p.message]
    assert "identity logo: image file 'images/nowhere.png' not found" in problem.message and problem.line == 3


def test_contrast_is_measured_as_wcag_does() -> None:
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#0B5394"), 1) == 7.8


def test_the_certificate_carries_the_programme_name_colour_and_logo() -> None:
    branding = Branding.of(Identity(name="Ruritania Labour Inspectorate", colour="#7A1F5C"), _png())
    pdf = certificate_pdf(_content("Ana Inspector", branding=branding))
    assert "Ruritania Labour Inspectorate" in pdf_text(pdf)
    assert b"/Subtype /Image" in pdf  # the logo
    assert b"0.4784 0.1216 0.3608 RG" in _drawn(pdf)  # the frame in the programme's colour (#7A1F5C)
    plain = certificate_pdf(_content("Ana Inspector"))
    assert DEFAULT_NAME in pdf_text(plain) and b"/Subtype /Image" in plain  # the QR code only
    assert plain.count(b"/Subtype /Image") < pdf.count(b"/Subtype /Image")


def test_the_report_names_the_programme_on_every_page_and_shows_its_logo() -> None:
    branding = Branding.of(Identity(name="Ruritania Labour Inspectorate"), _png())
    report = programme_report.build_report(
        DATA, WORDS_FACTS, None, LIVE, generated_on=date(2025, 4, 1), observed=OBSERVED, branding=branding
    )
    pdf = programme_report.report_pdf(report)
    text = pdf_text(pdf)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    assert text.count("Ruritania Labour Inspectorate · Programme report") >= max(pages, 2)
    assert b"/Subtype /Image" in pdf


def test_an_unreadable_logo_is_left_out_not_an_error() -> None:
    branding = Branding(name="X programme", logo=b"not a picture")
    assert certificate_pdf(_content("Ana", branding=branding)).startswith(b"%PDF")
