"""Certificate PDF (fpdf2) with a QR code (segno) of its verification URL.

fpdf2's built-in fonts only cover Latin-1, so a name like "Никита" would fail or print as '?'.
Text is set in the app's typeface (fonts.primary: the bundled Source Sans Pro, or the programme's own
from course.yaml), embedded as Unicode with a ToUnicode map, so the name can be copied and searched
too. Long names and titles shrink to fit rather than overflow the frame.

A line with letters the typeface lacks is set in the font they need (fonts.line_font): the bundled
DejaVu Sans (fonts/, with its licence) for Hebrew, Georgian, Armenian, Arabic…, or for Chinese,
Korean, Thai, Hindi, Myanmar and other scripts a fallback font found on the server (see fonts.py). A
font is embedded only when the text uses it. Scripts that need shaping (Thai, the Indic scripts,
Myanmar, Arabic…) are shaped with HarfBuzz (uharfbuzz). A name that cannot be printed that way is
refused before download by `check_printable`, never printed blank.

The certificate's words and date are in the reader's language (`certificate_pdf(content, lang="fr")`, or
the current language); the learner's name, the course and track titles, the programme, the hours and the
verification code are data, printed as given.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import segno
from fpdf import FPDF

from modules.export import fonts
from modules.export.branding import Branding, draw_logo
from modules.i18n import SOURCE_LANGUAGE, current, format_date, format_percent, use
from modules.i18n import gettext as _

FONT = "AppFont"
"""The fpdf2 family of the app's typeface (fonts.primary), regular and bold."""
INK = (31, 41, 55)


@dataclass(frozen=True)
class CertificateContent:
    learner_name: str
    course_title: str
    track_title: str
    programme: str | None
    completed_on: date
    hours: str
    """The study time in words ("2.5 hours"), already in the certificate's language."""
    score: float
    code: str
    """Pretty code, e.g. ABCD-EFGH-JKMN."""
    verify_url: str
    name_note: str | None = None
    """What the certificate certifies about the name: recorded by the programme, or self-declared (in the
    certificate's language)."""
    branding: Branding = field(default_factory=Branding)
    """The programme's name, colour and logo (course.yaml `identity`)."""


def long_date(d: date, lang: str | None = None) -> str:
    """A date written out in `lang` (default: the current language), independent of the server's locale:
    '7 March 2025' in English, the language's own long date otherwise ('7 mars 2025', '7 de marzo de 2025'),
    as the verification page writes it."""
    lang = lang if lang is not None else current()
    return format_date(d, lang, format="d MMMM y" if lang == SOURCE_LANGUAGE else "long")


def _unprintable_help() -> str:
    return _(
        "Ask the administrator to install the Noto fonts (see README), "
        "or ask your facilitator to record your name in Latin letters."
    )


def check_printable(name: str) -> str | None:
    """Why this name cannot be printed on a certificate on this server, or None when it can.

    Call it before offering the download: a character no installed font covers would print blank,
    and a script that needs shaping would print its letters in the wrong order without uharfbuzz.
    """
    missing = fonts.unprintable(name)
    if missing:
        # TRANSLATORS: {characters} are up to three letters of the learner's name; {help} is the sentence
        # "Ask the administrator to install the Noto fonts (see README), or ask your facilitator…".
        return _(
            "This name contains characters (e.g. {characters}) that the certificate fonts on this server "
            "cannot print. {help}",
            characters="".join(missing[:3]),
            help=_unprintable_help(),
        )
    if fonts.needs_shaping(name) and not fonts.shaping_available():
        return _(
            "This name is in a script whose letters must be joined or reordered, which needs the uharfbuzz "
            "package on this server (pip install -r requirements.txt). Ask the administrator to install it, "
            "or ask your facilitator to record your name in Latin letters."
        )
    return None


class UnicodePDF(FPDF):
    """FPDF in the app's typeface that embeds DejaVu Sans or a fallback font (one weight) the first
    time a character needs it.

    fpdf2 asks `get_fallback_font` for every character the current font lacks; registering a font
    only then keeps every PDF small (fpdf2 embeds each registered font, even an unused one).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._fallback_families: list[str] = []
        self._registered: set[tuple[str, str]] = set()

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        bold = "B" in str(style).upper()
        found = super().get_fallback_font(char, style)
        if found is not None and found.endswith("B") == bold:  # font keys are family.lower() + style
            return found
        font = fonts.secondary_for(char)
        if font is None:
            return found
        self._register(font, "B" if bold else "")
        return super().get_fallback_font(char, style)

    def _register(self, font: fonts.FoundFont, style: str) -> None:
        if (font.family, style) in self._registered:
            return
        face = (font.bold or font.regular) if style == "B" else font.regular  # no bold face: regular weight
        self.add_font(font.family, style, str(face.path), collection_font_number=face.index)
        self._registered.add((font.family, style))
        if font.family not in self._fallback_families:
            self._fallback_families.append(font.family)
            self.set_fallback_fonts([FONT, *self._fallback_families], exact_match=False)

    def add_typeface(self) -> None:
        """Register the app's typeface (regular and bold) as FONT, the font every line starts in."""
        family = fonts.primary()
        self.add_font(FONT, "", str(family.regular))
        self.add_font(FONT, "B", str(family.bold))
        self.set_fallback_fonts([FONT], exact_match=False)  # so fpdf2 asks get_fallback_font for missing glyphs

    def family_for(self, text: str, style: str = "") -> str:
        """The font family to set for a line of `text` in `style`: the typeface, or the font its script
        needs (DejaVu Sans for Hebrew or Georgian, a Noto font for Thai or Chinese; fonts.line_font).

        Setting the script font (not leaving it to the fallback) keeps joiners and spaces inside the
        run HarfBuzz shapes, so conjuncts such as Sinhala 'ශ්‍රී' (with a zero-width joiner) stay whole.
        """
        font = fonts.line_font(text)
        if font is None:
            return FONT
        self._register(font, style)
        return font.family

    def shape_for(self, *texts: str) -> None:
        """Shape the next text with HarfBuzz only where a script needs it: shaped text is written glyph
        by glyph, so plain Latin text stays one string (smaller, and simple to search and copy)."""
        self.set_text_shaping(fonts.shaping_available() and any(fonts.needs_shaping(t) for t in texts))


def new_pdf(orientation: str = "P") -> UnicodePDF:
    """An A4 document in the app's typeface (DejaVu and fallbacks are added as text needs them)."""
    pdf = UnicodePDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_typeface()
    pdf.set_creator("Forced labour training app")
    return pdf


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def _fit(pdf: UnicodePDF, text: str, style: str, size: float, width: float, minimum: float = 9) -> float:
    """The largest font size (≤ size) at which the text fits on one line of `width` mm."""
    family = pdf.family_for(text, style)
    pdf.shape_for(text)
    while size > minimum:
        pdf.set_font(family, style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 1
    pdf.set_font(family, style, minimum)
    return minimum


def _centred(
    pdf: UnicodePDF, text: str, style: str, size: float, height: float, colour: tuple[int, int, int] = INK
) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    _fit(pdf, text, style, size, width)
    pdf.set_text_color(*colour)
    if pdf.get_string_width(text) <= width:
        pdf.cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")
    else:  # still too long at the minimum size: wrap
        pdf.multi_cell(width, height * 0.8, text, align="C", new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(content: CertificateContent, lang: str | None = None) -> bytes:
    """The certificate as a PDF, its words and date in `lang` (default: the current language).

    Pass `lang` when the PDF is made outside the page's run (a download button's deferred callable runs
    in a thread of its own, where the tab's language is unknown)."""
    with use(lang if lang is not None else current()):
        return _certificate_pdf(content)


def _certificate_pdf(content: CertificateContent) -> bytes:
    pdf = new_pdf("L")
    # TRANSLATORS: the PDF's title (shown by PDF readers); {name} is the learner's name.
    pdf.set_title(_("Certificate: {name}", name=content.learner_name))
    pdf.set_subject(content.course_title)
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()

    accent = content.branding.colour
    pdf.set_draw_color(*accent)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    draw_logo(pdf, content.branding, 18, 17, 16)

    pdf.set_y(19)
    _centred(pdf, content.branding.name, "", 11, 6, accent)
    pdf.set_y(28)
    # TRANSLATORS: the certificate's heading, in capitals.
    _centred(pdf, _("CERTIFICATE OF COMPLETION"), "B", 28, 14, accent)
    pdf.ln(6)
    # TRANSLATORS: on the certificate, followed by the learner's name on its own line, then "has
    # successfully completed the course" and the course's title.
    _centred(pdf, _("This certifies that"), "", 14, 8)
    pdf.ln(2)
    _centred(pdf, content.learner_name, "B", 30, 16)
    if content.name_note:
        _centred(pdf, f"({content.name_note})", "", 10, 5)
    pdf.ln(2)
    # TRANSLATORS: on the certificate, after "This certifies that" and the learner's name; the course's
    # title follows on its own line.
    _centred(pdf, _("has successfully completed the course"), "", 14, 8)
    pdf.ln(1)
    _centred(pdf, content.course_title, "B", 20, 11)
    # TRANSLATORS: on the certificate; {track} is the title of the learner's learning path (Labour inspector).
    _centred(pdf, _("Track: {track}", track=content.track_title), "", 14, 8)
    if content.programme:
        # TRANSLATORS: on the certificate; {programme} is the name of the training programme or cohort.
        _centred(pdf, _("Programme: {programme}", programme=content.programme), "", 13, 8)
    pdf.ln(4)
    _centred(
        pdf,
        # TRANSLATORS: on the certificate; {date} is the completion date (7 March 2025), {hours} the study time
        # in words (2.5 hours), {score} a percentage (83%). Keep the two spaces around each "·".
        _(
            "Completed on {date}  ·  {hours} of study  ·  final assessment score {score}",
            date=long_date(content.completed_on),
            hours=content.hours,
            score=format_percent(round(content.score) / 100),
        ),
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
    pdf.shape_for()
    pdf.set_font(FONT, "B", 11)
    # TRANSLATORS: on the certificate; {code} is its verification code (ABCD-EFGH-JKMN).
    pdf.cell(qr_x - 30, 6, _("Verification code: {code}", code=content.code), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    # TRANSLATORS: on the certificate, beside its QR code; {url} is the address of its verification page.
    pdf.multi_cell(qr_x - 30, 5, _("Check this certificate at {url} or scan the QR code.", url=content.verify_url))
    return bytes(pdf.output())
