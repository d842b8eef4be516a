"""Lessons: ordered sections made of typed blocks (a discriminated union on `kind`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, ShortText, Source, Text


class TextBlock(Model):
    kind: Literal["text"]
    body: Text


class KeyPointBlock(Model):
    kind: Literal["key_point"]
    title: ShortText | None = None
    body: Text


class IndicatorBlock(Model):
    kind: Literal["indicator"]
    indicator: Id


class CaseStudyBlock(Model):
    kind: Literal["case_study"]
    title: ShortText
    narrative: Text
    question: Id


class ChartBlock(Model):
    kind: Literal["chart"]
    chart: Id
    caption: Text | None = None


class ImageBlock(Model):
    kind: Literal["image"]
    src: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[A-Za-z0-9_./-]+$")]
    alt: Annotated[str, Field(min_length=3, max_length=500)]
    caption: Text | None = None


class CheckBlock(Model):
    kind: Literal["check"]
    question: Id


class FacilitatorNotesBlock(Model):
    kind: Literal["facilitator_notes"]
    body: Text


Block = Annotated[
    TextBlock
    | KeyPointBlock
    | IndicatorBlock
    | CaseStudyBlock
    | ChartBlock
    | ImageBlock
    | CheckBlock
    | FacilitatorNotesBlock,
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
)


class Section(Model):
    id: Id
    title: ShortText
    blocks: list[Block] = Field(min_length=1)

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
    id: Id
    text: Text


class Lesson(Model):
    id: Id
    title: ShortText
    summary: Text
    objectives: list[Objective] = Field(min_length=1)
    minutes: int = Field(ge=1, le=240)
    tracks: list[Id] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    facilitator_notes: Text | None = None
    """Notes for the whole lesson (timing, how to open it): on the facilitator's console at the
    lesson's title slide, never shown to learners or on the projector."""
    sections: list[Section] = Field(min_length=1)

    def question_ids(self) -> list[str]:
        """Questions the lesson asks inline (knowledge checks and case studies), in order."""
        return [b.question for s in self.sections for b in s.blocks if isinstance(b, CheckBlock | CaseStudyBlock)]
