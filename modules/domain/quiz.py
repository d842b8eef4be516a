"""Quizzes: fixed question lists or random draws from the bank by a tag blueprint."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, ShortText, Text
from modules.domain.question import Question, QuestionModel

Grading = Literal["highest", "last", "first", "average"]
Review = Literal["after_each_attempt", "after_last_attempt"]
"""after_last_attempt: answers and explanations appear once attempts are used up or the quiz is passed."""
QuizKind = Literal["lesson", "module", "pre_test", "post_test", "final"]


class DrawRule(Model):
    """Draw `count` questions whose tags match every given filter."""

    count: int = Field(ge=1, le=200)
    indicators: list[Id] = Field(default_factory=list)
    objectives: list[Id] = Field(default_factory=list)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    types: list[Literal["single_choice", "multiple_response", "true_false", "spot_indicators", "matching"]] = Field(
        default_factory=list
    )

    def matches(self, question: QuestionModel) -> bool:
        """True when the question carries every tag the rule asks for (all filters must hold)."""
        return (
            all(i in question.indicators for i in self.indicators)
            and all(o in question.objectives for o in self.objectives)
            and (self.difficulty is None or question.difficulty == self.difficulty)
            and (not self.types or question.type in self.types)
        )


def draw_pool(rule: DrawRule, questions: dict[str, QuestionModel]) -> list[str]:
    """Ids of the bank questions a draw rule may pick from, in bank order."""
    return [qid for qid, q in questions.items() if rule.matches(q)]


class Quiz(Model):
    id: Id
    title: ShortText
    description: Text | None = None
    kind: QuizKind = "module"
    lesson: Id | None = None
    module: Id | None = None
    track: Id | None = None
    """For final assessments: the track this quiz certifies."""
    pass_mark: int = Field(ge=0, le=100)
    questions: list[Id] = Field(default_factory=list)
    draw: list[DrawRule] = Field(default_factory=list)
    shuffle_questions: bool = False
    shuffle_options: bool = True
    max_attempts: int | None = Field(default=None, ge=1, le=100)
    grading: Grading = "highest"
    review: Review = "after_each_attempt"

    @model_validator(mode="after")
    def _shape(self) -> Quiz:
        if not self.questions and not self.draw:
            raise ValueError("a quiz needs at least one question: give `questions` or `draw`")
        if self.questions and self.draw:
            raise ValueError("give either `questions` or `draw`, not both")
        if self.lesson and self.module:
            raise ValueError("a quiz closes a lesson or a module, not both")
        return self

    def question_count(self) -> int:
        return len(self.questions) if self.questions else sum(r.count for r in self.draw)


class QuizFile(Model):
    """A file under quizzes/: question bank entries and/or quizzes."""

    questions: list[Question] = Field(default_factory=list)
    quizzes: list[Quiz] = Field(default_factory=list)
