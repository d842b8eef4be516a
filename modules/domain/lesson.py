"""Lessons: ordered sections made of typed blocks (a discriminated union on `kind`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from modules.domain.charts import CHART_TITLES
from modules.domain.common import TRANSLATABLE, Id, Model, ShortText, Source, Text


class TextBlock(Model):
    """Text in Markdown: paragraphs, lists, **bold**, *italics* and links. HTML is shown as text, never run."""

    kind: Literal["text"] = Field(description="Says which kind of block this is.")
    body: Text = Field(description="The text, in Markdown.")


class KeyPointBlock(Model):
    """A highlighted box for the one thing to remember."""

    kind: Literal["key_point"] = Field(description="Says which kind of block this is.")
    title: ShortText | None = Field(default=None, description="A heading for the box, such as Remember.")
    body: Text = Field(description="The point, in Markdown.")


class IndicatorBlock(Model):
    """The card of one indicator from content/indicators.yaml: its signs, what to ask, what to record."""

    kind: Literal["indicator"] = Field(description="Says which kind of block this is.")
    indicator: Id = Field(description="The id of an indicator in content/indicators.yaml.")


class CaseStudyBlock(Model):
    """A story from the field, then a question about it from the bank (best a spot_indicators question)."""

    kind: Literal["case_study"] = Field(description="Says which kind of block this is.")
    title: ShortText = Field(description="The case's name.")
    narrative: Text = Field(description="The story, in Markdown. Say when it is an illustrative scenario.")
    question: Id = Field(description="The id of a question in a question bank (quizzes/).")


class ChartBlock(Model):
    """One of the app's enforcement-data charts, with its data table and downloads."""

    kind: Literal["chart"] = Field(description="Says which kind of block this is.")
    chart: Id = Field(description=f"Which chart: one of {', '.join(CHART_TITLES)}.")
    caption: Text | None = Field(default=None, description="A sentence under the chart: what to notice.")


class ImageBlock(Model):
    """A picture from the content folder: SVG, PNG, JPEG or another common format, at most 10 MB. Nothing
    is loaded from the internet."""

    kind: Literal["image"] = Field(description="Says which kind of block this is.")
    src: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[A-Za-z0-9_./-]+$")] = Field(
        description="The file's path inside the content folder, such as images/referral-pathway.svg."
    )
    alt: Annotated[str, Field(min_length=3, max_length=500), TRANSLATABLE] = Field(
        description="What the picture shows, for learners who cannot see it (screen readers read it aloud)."
    )
    caption: Text | None = Field(default=None, description="A sentence shown under the picture.")


class CheckBlock(Model):
    """A knowledge check: one question from the bank, answered on the spot with immediate feedback."""

    kind: Literal["check"] = Field(description="Says which kind of block this is.")
    question: Id = Field(description="The id of a question in a question bank (quizzes/).")


class FacilitatorNotesBlock(Model):
    """Notes for the facilitator about this section: shown on the facilitator's console only, never to
    learners or on the projector."""

    kind: Literal["facilitator_notes"] = Field(description="Says which kind of block this is.")
    body: Text = Field(description="The notes, in Markdown.")


class NationalLawBlock(Model):
    """The national offences that apply, from the country profile (content/country-profile.yaml), under
    the heading "Your national law". Without a profile it shows a neutral line: your trainer will tell you
    which national offences apply. Write the lesson so that it reads well either way."""

    kind: Literal["national_law"] = Field(description="Says which kind of block this is.")
    offences: list[Id] = Field(
        min_length=1,
        description="Ids of offences in the country profile's `offences`, in the order to show them. "
        "Validation checks them only when there is a profile.",
    )
    show_mandates: bool = Field(
        default=False,
        description="true: also show the labour inspectorate's and the police's mandates from the profile.",
    )


class ContactCardBlock(Model):
    """A card with one contact from the country profile (content/country-profile.yaml): name, role, phone,
    e-mail and hours. Without a profile it shows a neutral line: ask your trainer for the referral-mechanism
    contact in your country."""

    kind: Literal["contact_card"] = Field(description="Says which kind of block this is.")
    contact: Id = Field(
        description="The id of a contact in the country profile's `contacts`. Validation checks it only "
        "when there is a profile."
    )


Block = Annotated[
    TextBlock
    | KeyPointBlock
    | IndicatorBlock
    | CaseStudyBlock
    | ChartBlock
    | ImageBlock
    | CheckBlock
    | FacilitatorNotesBlock
    | NationalLawBlock
    | ContactCardBlock,
    Field(discriminator="kind"),
]

BLOCK_KINDS: tuple[str, ...] = (
    "text",
    "key_point",
    "indicator",
    "case_study",
    "chart",
    "image",
    "check",
    "facilitator_notes",
    "national_law",
    "contact_card",
)


class Section(Model):
    """One screen of a lesson (one slide or more when presenting). It must show a learner something: a
    section holding only facilitator notes is refused."""

    id: Id = Field(description="Unique within the lesson; a learner's place in the lesson is kept by it.")
    title: ShortText = Field(description="The section's heading.")
    blocks: list[Block] = Field(min_length=1, description="What the screen shows, in order.")

    @model_validator(mode="after")
    def _not_empty_for_learners(self) -> Section:
        if not self.learner_blocks():
            raise ValueError(
                "a learner would see this section empty: it holds only facilitator notes. Put notes for the "
                "whole lesson in the lesson's `facilitator_notes`, or beside the blocks of the section they are about"
            )
        return self

    def learner_blocks(self) -> list[Block]:
        """Blocks a learner may see: facilitator notes stay on the presenter's console."""
        return [b for b in self.blocks if not isinstance(b, FacilitatorNotesBlock)]

    def notes(self) -> list[str]:
        return [b.body for b in self.blocks if isinstance(b, FacilitatorNotesBlock)]


class Objective(Model):
    """A learning objective: what a learner can do after the lesson. Questions name it in `objectives`."""

    id: Id = Field(description="Unique across all lessons. Questions and draw rules refer to it.")
    text: Text = Field(description="The objective, as a sentence starting with a verb.")


class Lesson(Model):
    """A lesson: one file in content/lessons/, shown one section per screen. Learners only see it once
    its id is in a module's `lessons` in content/course.yaml."""

    id: Id = Field(
        description="Learners' progress is kept under it: never change it once learners have started. "
        "Best the same as the file name."
    )
    title: ShortText = Field(description="The lesson's name on the course map and at the top of each screen.")
    summary: Text = Field(description="A sentence or two on what the lesson covers.")
    objectives: list[Objective] = Field(min_length=1, description="What a learner can do after the lesson.")
    minutes: int = Field(ge=1, le=240, description="About how long the lesson takes, shown on the course map.")
    tracks: list[Id] = Field(
        min_length=1, description="The tracks that take the lesson: track ids from course.yaml, or all."
    )
    sources: list[Source] = Field(
        min_length=1, description="Where the lesson's figures and legal statements come from."
    )
    facilitator_notes: Text | None = Field(
        default=None,
        description="Notes for the whole lesson (timing, how to open it): on the facilitator's console at "
        "the lesson's title slide, never shown to learners or on the projector.",
    )
    sections: list[Section] = Field(min_length=1, description="The lesson's screens, in order.")

    def question_ids(self) -> list[str]:
        """Questions the lesson asks inline (knowledge checks and case studies), in order."""
        return [b.question for s in self.sections for b in s.blocks if isinstance(b, CheckBlock | CaseStudyBlock)]
