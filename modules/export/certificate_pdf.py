"""Certificate PDF (fpdf2) with a QR code (segno) of its verification URL.

fpdf2's built-in fonts only cover Latin-1, so a name like "Никита" would fail or print as '?'.
The bundled DejaVu Sans (fonts/, with its licence) covers Latin, Greek and Cyrillic scripts and
more; text is shaped in the PDF as Unicode with a ToUnicode map, so the name can be copied and
searched too. Long names and titles shrink to fit rather than overflow the frame.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
INK = (31, 41, 55)
ACCENT = (0, 114, 178)  # Okabe–Ito blue


@dataclass(frozen=True)
class CertificateContent:
    learner_name: str
    course_title: str
    track_title: str
    programme: str | None
    completed_on: date
    hours: str
    score: float
    code: str
    """Pretty code, e.g. ABCD-EFGH-JKMN."""
    verify_url: str


def long_date(d: date) -> str:
    """'7 March 2025', independent of the server's locale."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def new_pdf(orientation: str = "P") -> FPDF:
    """An A4 document with the bundled Unicode fonts registered."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_creator("Forced labour training app")
    return pdf


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def _fit(pdf: FPDF, text: str, style: str, size: float, width: float, minimum: float = 9) -> float:
    """The largest font size (≤ size) at which the text fits on one line of `width` mm."""
    while size > minimum:
        pdf.set_font(FONT, style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 1
    pdf.set_font(FONT, style, minimum)
    return minimum


def _centred(pdf: FPDF, text: str, style: str, size: float, height: float, colour: tuple[int, int, int] = INK) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    _fit(pdf, text, style, size, width)
    pdf.set_text_color(*colour)
    if pdf.get_string_width(text) <= width:
        pdf.cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")
    else:  # still too long at the minimum size: wrap
        pdf.multi_cell(width, height * 0.8, text, align="C", new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(content: CertificateContent) -> bytes:
    pdf = new_pdf("L")
    pdf.set_title(f"Certificate: {content.learner_name}")
    pdf.set_subject(content.course_title)
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()

    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    pdf.set_y(28)
    _centred(pdf, "CERTIFICATE OF COMPLETION", "B", 28, 14, ACCENT)
    pdf.ln(6)
    _centred(pdf, "This certifies that", "", 14, 8)
    pdf.ln(2)
    _centred(pdf, content.learner_name, "B", 30, 16)
    pdf.ln(2)
    _centred(pdf, "has successfully completed the course", "", 14, 8)
    pdf.ln(1)
    _centred(pdf, content.course_title, "B", 20, 11)
    _centred(pdf, f"Track: {content.track_title}", "", 14, 8)
    if content.programme:
        _centred(pdf, f"Programme: {content.programme}", "", 13, 8)
    pdf.ln(4)
    _centred(
        pdf,
        f"Completed on {long_date(content.completed_on)}  ·  {content.hours} of study  ·  "
        f"final assessment score {content.score:.0f}%",
        "",
        12,
        8,
    )

    qr_size = 34
    qr_x = pdf.w - 25 - qr_size
    qr_y = pdf.h - 22 - qr_size
    pdf.image(io.BytesIO(qr_png(content.verify_url)), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.set_xy(25, qr_y + 8)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(qr_x - 30, 6, f"Verification code: {content.code}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(qr_x - 30, 5, f"Check this certificate at {content.verify_url} or scan the QR code.")
    return bytes(pdf.output())
