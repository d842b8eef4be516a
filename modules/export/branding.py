"""The programme's identity on paper (course.yaml `identity`): its name, colour and logo on
certificates and programme reports. Plain data; the UI reads the logo from the content folder."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from fpdf import FPDF

from modules.domain.course import DEFAULT_COLOUR, DEFAULT_NAME, Identity

logger = logging.getLogger(__name__)


def rgb(colour: str) -> tuple[int, int, int]:
    """#RRGGBB as an (r, g, b) tuple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass(frozen=True)
class Branding:
    name: str = DEFAULT_NAME
    colour: tuple[int, int, int] = rgb(DEFAULT_COLOUR)
    logo: bytes | None = None
    """PNG, JPEG or SVG bytes, already read from inside the content folder."""

    @classmethod
    def of(cls, identity: Identity, logo: bytes | str | None) -> Branding:
        data = logo.encode("utf-8") if isinstance(logo, str) else logo
        return cls(identity.name, rgb(identity.colour), data)


def draw_logo(pdf: FPDF, branding: Branding, x: float, y: float, height: float) -> bool:
    """Place the logo; a picture fpdf2 cannot read is left out (and logged), never an error."""
    if not branding.logo:
        return False
    try:
        pdf.image(io.BytesIO(branding.logo), x=x, y=y, h=height)
    except Exception:  # an unreadable or unsupported picture: the document is still produced
        logger.warning("identity logo could not be drawn in a PDF; left out")
        return False
    return True
