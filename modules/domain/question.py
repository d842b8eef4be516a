"""Question types of the bank. Every type exposes its options and correct option ids uniformly,
so scoring and rendering treat an answer as a list of option ids."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, ShortText, Source, Text

Difficulty = Literal["easy", "medium", "hard"]


class Option(Model):
    id: Id
    text: Text
    feedback: Text


class _QuestionBase(Model):
    id: Id
    prompt: Text
    explanation: Text
    indicators: list[Id] = Field(default_factory=list)
    objectives: list[Id] = Field(default_factory=list)
    difficulty: Difficulty = "medium"
    source: Source
    scenario: Text | None = None
    """A narrative shown above the prompt: set on case studies."""


class SingleChoice(_QuestionBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2, max_length=12)
    correct: Id

    def correct_ids(self) -> list[str]:
        return [self.correct]


class MultipleResponse(_QuestionBase):
    type: Literal["multiple_response"]
    options: list[Option] = Field(min_length=2, max_length=15)
    correct: list[Id] = Field(min_length=1)

    def correct_ids(self) -> list[str]:
        return list(self.correct)


class TrueFalse(_QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_if_true: Text
    feedback_if_false: Text

    @property
    def options(self) -> list[Option]:
        return [
            Option(id="true", text="True", feedback=self.feedback_if_true),
            Option(id="false", text="False", feedback=self.feedback_if_false),
        ]

    def correct_ids(self) -> list[str]:
        return ["true" if self.answer else "false"]


class IndicatorFeedback(Model):
    indicator: Id
    feedback: Text


class SpotIndicators(_QuestionBase):
    """The learner picks, from the whole indicator catalogue, those present in the scenario.

    Options are built from the catalogue at load time (see `with_catalogue`)."""

    type: Literal["spot_indicators"]
    scenario: Text
    present: list[Id] = Field(min_length=1)
    feedback: list[IndicatorFeedback] = Field(default_factory=list)
    catalogue_options: list[Option] = Field(default_factory=list, exclude=True)

    @property
    def options(self) -> list[Option]:
        return self.catalogue_options

    def correct_ids(self) -> list[str]:
        return list(self.present)


class Pair(Model):
    id: Id
    left: ShortText
    right: ShortText
    feedback: Text


class Matching(_QuestionBase):
    """Each left item is matched to one right item; the answer lists right ids in left order."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=10)

    @model_validator(mode="after")
    def _rights_distinct(self) -> Matching:
        rights = [p.right for p in self.pairs]
        if len(set(rights)) != len(rights):
            raise ValueError("each pair needs a distinct right-hand text")
        return self

    @property
    def options(self) -> list[Option]:
        return [Option(id=p.id, text=p.right, feedback=p.feedback) for p in self.pairs]

    def correct_ids(self) -> list[str]:
        return [p.id for p in self.pairs]


Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | SpotIndicators | Matching,
    Field(discriminator="type"),
]
QuestionModel = SingleChoice | MultipleResponse | TrueFalse | SpotIndicators | Matching

QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_response",
    "true_false",
    "spot_indicators",
    "matching",
)
