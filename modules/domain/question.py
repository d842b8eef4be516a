"""Question types of the bank. Every type exposes its options and correct option ids uniformly,
so scoring and rendering treat an answer as a list of option ids."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, model_validator

from modules.domain.common import Id, Model, ShortText, Source, Text

Difficulty = Literal["easy", "medium", "hard"]


class Option(Model):
    """One answer option."""

    id: Id = Field(description="Unique within the question, such as a, b, c: `correct` names it.")
    text: Text = Field(description="The option, as learners read it.")
    feedback: Text = Field(
        description="Shown after the answer when the learner chose this option or it is a right one: why it "
        "is right or wrong."
    )


class _QuestionBase(Model):
    id: Id = Field(description="Attempts and reports are kept under it: never change it once learners have answered.")
    prompt: Text = Field(description="The question, in Markdown.")
    explanation: Text = Field(
        description="Shown after the answer (in a quiz, when its `review` allows): why the right answer is right."
    )
    indicators: list[Id] = Field(
        default_factory=list,
        description="Ids of the indicators the question is about (tags): draw rules pick by them, `stats` counts them.",
    )
    objectives: list[Id] = Field(
        default_factory=list,
        description="Ids of the learning objectives (defined in lessons) the question tests: draw rules pick by them.",
    )
    difficulty: Difficulty = Field(default="medium", description="Draw rules can pick by it.")
    source: Source = Field(description="Where the right answer comes from, named under the explanation.")
    scenario: Text | None = Field(
        default=None,
        description="A story shown above the prompt, in Markdown. A question with one counts as a case study.",
    )


class SingleChoice(_QuestionBase):
    """One right option. Scores 1 or 0."""

    type: Literal["single_choice"] = Field(description="Says which type of question this is.")
    options: list[Option] = Field(min_length=2, max_length=12, description="The options to choose from.")
    correct: Id = Field(description="The id of the right option.")

    def correct_ids(self) -> list[str]:
        return [self.correct]


class MultipleResponse(_QuestionBase):
    """Several right options. Partial credit: right picks minus wrong picks, over the number of right
    options, never below 0, so ticking every box earns nothing."""

    type: Literal["multiple_response"] = Field(description="Says which type of question this is.")
    options: list[Option] = Field(min_length=2, max_length=15, description="The options to choose from.")
    correct: list[Id] = Field(min_length=1, description="The ids of every right option.")

    def correct_ids(self) -> list[str]:
        return list(self.correct)


class TrueFalse(_QuestionBase):
    """A statement the learner marks True or False. Scores 1 or 0."""

    type: Literal["true_false"] = Field(description="Says which type of question this is.")
    answer: bool = Field(description="true when the statement in the prompt is true, false when it is not.")
    feedback_if_true: Text = Field(description="Shown to a learner who answered True.")
    feedback_if_false: Text = Field(description="Shown to a learner who answered False.")

    @property
    def options(self) -> list[Option]:
        return [
            Option(id="true", text="True", feedback=self.feedback_if_true),
            Option(id="false", text="False", feedback=self.feedback_if_false),
        ]

    def correct_ids(self) -> list[str]:
        return ["true" if self.answer else "false"]


class IndicatorFeedback(Model):
    """Feedback on one indicator of a spot_indicators question."""

    indicator: Id = Field(description="The id of an indicator in content/indicators.yaml.")
    feedback: Text = Field(description="Shown with that indicator after the answer.")


class SpotIndicators(_QuestionBase):
    """The learner reads a scenario and ticks, from the whole indicator catalogue, the indicators it
    shows. Partial credit as for multiple_response."""

    # The options are built from the catalogue at load time (crossref._with_catalogue), never authored.
    type: Literal["spot_indicators"] = Field(description="Says which type of question this is.")
    scenario: Text = Field(description="The story the learner reads, in Markdown.")
    present: list[Id] = Field(min_length=1, description="Ids of the indicators the scenario shows: the right answers.")
    acceptable: list[Id] = Field(
        default_factory=list,
        description="Ids of indicators a careful reader may defensibly tick but that are not required: ticking one "
        "neither earns nor costs marks. Give each one a `feedback` entry saying why it is defensible.",
    )
    feedback: list[IndicatorFeedback] = Field(
        default_factory=list,
        description="Feedback on some indicators; the others get a standard sentence (present, or not clearly shown).",
    )
    catalogue_options: list[Option] = Field(default_factory=list, exclude=True)

    @property
    def options(self) -> list[Option]:
        return self.catalogue_options

    def correct_ids(self) -> list[str]:
        return list(self.present)

    @model_validator(mode="after")
    def _acceptable_apart(self) -> SpotIndicators:
        both = sorted(set(self.present) & set(self.acceptable))
        if both:
            raise ValueError(f"an indicator is either present or acceptable, not both: {', '.join(both)}")
        return self


class Pair(Model):
    """One pair of a matching question: an item on the left and the item it goes with on the right."""

    id: Id = Field(description="Unique within the question, such as p1, p2.")
    left: ShortText = Field(description="The item on the left, shown in the order written.")
    right: ShortText = Field(description="The item it matches, shuffled on the right; no two pairs share one.")
    feedback: Text = Field(description="Shown with this pair after the answer.")


class Matching(_QuestionBase):
    """The learner matches each item on the left with one item on the right (the right column is
    shuffled). Scores the share of pairs matched right."""

    # An answer lists the right-hand ids in the order of the left items.
    type: Literal["matching"] = Field(description="Says which type of question this is.")
    pairs: list[Pair] = Field(min_length=2, max_length=10, description="The pairs to match.")

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


_QUESTION_ADAPTER: TypeAdapter[QuestionModel] = TypeAdapter(Question)


def snapshot(question: QuestionModel) -> dict[str, Any]:
    """The question as a learner was asked it, for storing with the answer (JSON-ready). A spot item keeps
    the indicator catalogue it was shown, which is not authored in the item itself."""
    data = question.model_dump(mode="json")
    if isinstance(question, SpotIndicators):
        data["catalogue_options"] = [o.model_dump(mode="json") for o in question.catalogue_options]
    return data


def from_snapshot(data: object) -> QuestionModel | None:
    """The stored question back, or None if nothing usable was stored (an answer from before snapshots)."""
    if not isinstance(data, dict):
        return None
    catalogue = data.get("catalogue_options")
    try:
        question = _QUESTION_ADAPTER.validate_python({k: v for k, v in data.items() if k != "catalogue_options"})
        if isinstance(question, SpotIndicators) and isinstance(catalogue, list):
            question = question.model_copy(update={"catalogue_options": [Option.model_validate(o) for o in catalogue]})
    except ValueError:
        return None
    return question
