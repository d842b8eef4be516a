"""The course outline: tracks and the ordered modules of lessons."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from modules.domain.common import Id, Model, ShortText, Text

ALL_TRACKS = "all"
"""A lesson tagged with this track belongs to every track."""


class Track(Model):
    """A role track: learners pick one when they start, and see the lessons and quizzes of their track."""

    id: Id = Field(description="Lessons name it in their `tracks`, a final quiz in its `track`.")
    title: ShortText = Field(description="The track's name, as learners see it when they pick a track.")
    description: Text = Field(description="One or two sentences shown with the title on the home page.")
    core_objectives: list[Id] = Field(
        default_factory=list,
        description="Ids of the learning objectives that are this track's core job tasks: validation requires "
        "each final of the track to hold at least 3 questions tagged with each of them.",
    )


class CourseModule(Model):
    """A module: lessons taken in order. The app numbers modules in each track's own order, and shows a
    module only to tracks that have at least one of its lessons."""

    id: Id = Field(description="A quiz names it in its `module` to appear under this module.")
    title: ShortText = Field(description="Shown on the course map, without a number: the app numbers modules.")
    description: Text = Field(description="Shown under the title on the course map.")
    lessons: list[Id] = Field(
        min_length=1,
        description="Lesson ids in learning order. A lesson that is in no module never appears in the app, "
        "and a lesson can be in only one module.",
    )
    quiz: Id | None = Field(
        default=None,
        description="The id of the quiz that closes the module (it must exist). The quiz's own `module` "
        "is what shows it under the module; `stats` lists modules without one.",
    )


class NationalData(Model):
    """A country team's own enforcement figures, shipped in the content folder's data/ folder."""

    file: str = Field(
        pattern=r"^[A-Za-z0-9_.-]+\.csv$",
        max_length=120,
        description="The CSV file's name in the content folder's data/ folder (same columns as an upload on "
        "the Enforcement data page), for example ruritania.csv.",
    )
    name: ShortText = Field(description="How charts label the series, for example 'Ruritania'.")
    show: Literal["beside", "instead"] = Field(
        default="beside",
        description="beside: every chart draws the national series beside the global one; instead: charts "
        "draw the national series alone, and say nothing of global figures.",
    )


DEFAULT_NAME = "Forced labour: see it, act on it"
DEFAULT_COLOUR = "#0B5394"


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


FONT_SUFFIXES = (".ttf", ".otf")
CONTENT_PATH = r"^[A-Za-z0-9_./-]+$"
FAMILY_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*)*")
"""A family name as plain words (letters first): safe unquoted in CSS, as Streamlit writes it."""
CSS_KEYWORDS = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji", "fangsong"}
    | {"inherit", "initial", "unset", "revert", "revert-layer", "default"}
)
"""CSS generic families and keywords, which no font may take as its name."""


class Typeface(Model):
    """A programme's own typeface: two font files (regular and bold) and their licence, in the content
    folder. The pages, the charts (on screen, PNG and SVG), certificates and reports use it; a letter it
    lacks (Arabic, Hebrew, Chinese…) is printed with the app's fallback fonts. Without it the app uses its
    own, Source Sans Pro."""

    name: str = Field(
        max_length=60,
        description="The font's family name as the font files give it, for example 'Noto Sans': words of "
        "letters A-Z and a-z, digits and '-', each starting with a letter.",
    )
    regular: str = Field(
        pattern=CONTENT_PATH,
        max_length=300,
        description="The regular weight: a .ttf or .otf file in the content folder, such as "
        "fonts/NotoSans-Regular.ttf (at most 5 MB, with A-Z, a-z, 0-9 and the Latin-1 letters À to ÿ).",
    )
    bold: str = Field(
        pattern=CONTENT_PATH,
        max_length=300,
        description="The bold weight: a .ttf or .otf file in the content folder, such as fonts/NotoSans-Bold.ttf.",
    )
    licence: str = Field(
        pattern=CONTENT_PATH,
        max_length=300,
        description="The font's licence, a file in the content folder such as fonts/OFL.txt: a font is "
        "shipped with its licence, so the licence must be there.",
    )

    @field_validator("name")
    @classmethod
    def _family_name(cls, name: str) -> str:
        if not FAMILY_NAME.fullmatch(name):
            raise ValueError(
                f"'{name}' must be words of letters A-Z and a-z, digits and '-', each starting with a letter"
            )
        if name.lower() in CSS_KEYWORDS:
            raise ValueError(f"'{name}' is a CSS keyword; give the font's own family name")
        return name

    @field_validator("regular", "bold")
    @classmethod
    def _font_file(cls, path: str) -> str:
        if not path.lower().endswith(FONT_SUFFIXES):
            raise ValueError(f"'{path}' must be a font file ending in .ttf or .otf")
        return path


class Identity(Model):
    """How the app presents itself: the programme's name, logo, colour and typeface, on every page, on
    certificates and in programme reports. A country programme puts its own; without it the course's
    own identity is used. Charts keep their colour-blind-safe palette whatever the colour."""

    name: ShortText = Field(
        default=DEFAULT_NAME,
        description="The programme's name: in every browser title, over the menu, on certificates and report pages.",
    )
    logo: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_./-]+\.(png|jpg|jpeg|svg)$",
        max_length=300,
        description="A picture in the content folder, such as images/logo.png (PNG, JPEG or SVG), shown "
        "over the menu and on certificates and reports. It must be the programme's own or one it may use.",
    )
    colour: str = Field(
        default=DEFAULT_COLOUR,
        pattern=r"^#[0-9A-Fa-f]{6}$",
        description="The main colour as #RRGGBB, for buttons, links and certificate frames. It must reach "
        "4.5:1 against white (WCAG AA), as text on it and links in it must stay readable.",
    )

    @field_validator("colour")
    @classmethod
    def _readable(cls, colour: str) -> str:
        ratio = contrast_with_white(colour)
        if ratio < 4.5:
            raise ValueError(
                f"{colour} has a contrast of {ratio:.1f}:1 against white; use a darker colour (4.5:1 or more)"
            )
        return colour.upper()

    typeface: Typeface | None = Field(
        default=None,
        description="Optional: the programme's own typeface (files in the content folder); without it the "
        "app's own, Source Sans Pro.",
    )


class Course(Model):
    """The course: its name, who it is for, the tracks and the modules in learning order."""

    id: Id = Field(
        description="Names the course. Nothing is stored under it (progress is kept by lesson, question and "
        "quiz ids), so a country copy may keep it or give its own."
    )
    title: ShortText = Field(description="The course's name, at the top of the home page.")
    description: Text = Field(description="What the course is about, on the home page.")
    audience: Text = Field(description="Who the course is for, on the home page.")
    tracks: list[Track] = Field(min_length=1, description="The role tracks learners choose between.")
    modules: list[CourseModule] = Field(min_length=1, description="The modules, in learning order.")
    national_data: NationalData | None = Field(
        default=None,
        description="Optional: national figures that the charts show beside or instead of the global ones.",
    )
    identity: Identity = Field(
        default_factory=Identity,
        description="Optional: the programme's name, logo, colour and typeface (the course's own when left out).",
    )


class CourseFile(Model):
    """The file content/course.yaml: a single top-level key, `course`."""

    course: Course = Field(description="The course outline.")
