"""Quizzes: fixed question lists or random draws from the bank by a tag blueprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, ShortText, Text
from modules.domain.question import Question, QuestionModel

Grading = Literal["highest", "last", "first", "average"]
Review = Literal["after_each_attempt", "after_last_attempt", "after_post_test"]
"""after_last_attempt: answers and explanations appear once attempts are used up or the quiz is passed.
after_post_test (for a pre-test): they appear once the learner has submitted a post-test, so the pre-test
never teaches the answers of the form that measures the gain."""
QuizKind = Literal["lesson", "module", "pre_test", "post_test", "final"]


class DrawRule(Model):
    """One line of a random draw: pick `count` questions from the bank among those that pass every
    filter the rule gives. A filter left out lets every question through. `indicators: [a, b]` means
    tagged with both a and b; `any_indicators: [a, b]` means tagged with a, with b or with both."""

    count: int = Field(ge=1, le=200, description="How many questions this rule draws for each attempt.")
    indicators: list[Id] = Field(
        default_factory=list,
        description="Only questions tagged with every one of these indicator ids (all of them).",
    )
    any_indicators: list[Id] = Field(
        default_factory=list,
        description="Only questions tagged with at least one of these indicator ids (any of them).",
    )
    objectives: list[Id] = Field(
        default_factory=list,
        description="Only questions tagged with every one of these learning-objective ids (all of them).",
    )
    any_objectives: list[Id] = Field(
        default_factory=list,
        description="Only questions tagged with at least one of these learning-objective ids (any of them).",
    )
    difficulty: Literal["easy", "medium", "hard"] | None = Field(
        default=None, description="Only questions of this difficulty. Left out: any difficulty."
    )
    types: list[Literal["single_choice", "multiple_response", "true_false", "spot_indicators", "matching"]] = Field(
        default_factory=list,
        description="Only questions of one of these types (any of them). Left out: every type.",
    )

    def matches(self, question: QuestionModel) -> bool:
        """True when the question passes every filter the rule gives: all of `indicators` and
        `objectives`, at least one of `any_indicators` and `any_objectives`, the difficulty, one of
        the types."""
        return (
            all(i in question.indicators for i in self.indicators)
            and (not self.any_indicators or any(i in question.indicators for i in self.any_indicators))
            and all(o in question.objectives for o in self.objectives)
            and (not self.any_objectives or any(o in question.objectives for o in self.any_objectives))
            and (self.difficulty is None or question.difficulty == self.difficulty)
            and (not self.types or question.type in self.types)
        )


def draw_pool(rule: DrawRule, questions: Mapping[str, QuestionModel]) -> list[str]:
    """Ids of the bank questions a draw rule may pick from, in bank order."""
    return [qid for qid, q in questions.items() if rule.matches(q)]


class BankIndex:
    """A bank's question ids by indicator, objective, difficulty and type, in bank order. Checking many
    rules (validation, stats, lint) scanned the whole bank once per rule, which grows with rules times
    questions; with the index a rule tests only the questions under its narrowest filter. `pool` gives
    what `draw_pool` gives, in the same order (a seeded draw depends on it)."""

    def __init__(self, bank: Mapping[str, QuestionModel]) -> None:
        self.bank = bank
        self._ids: dict[tuple[str, str], list[str]] | None = None  # built on first use: most banks draw nothing
        self._order: dict[str, int] = {}

    def _by(self) -> dict[tuple[str, str], list[str]]:
        if self._ids is None:
            ids: dict[tuple[str, str], list[str]] = {}
            for n, (qid, q) in enumerate(self.bank.items()):
                self._order[qid] = n
                keys = {("indicator", i) for i in q.indicators} | {("objective", o) for o in q.objectives}
                for key in keys | {("difficulty", q.difficulty), ("type", q.type)}:
                    ids.setdefault(key, []).append(qid)
            self._ids = ids
        return self._ids

    def _candidates(self, rule: DrawRule) -> list[str]:
        """Every question that can match the rule, in bank order: the shortest list among its filters."""
        by = self._by()
        every: list[list[str]] = [by.get(("indicator", i), []) for i in rule.indicators]
        every += [by.get(("objective", o), []) for o in rule.objectives]
        if rule.difficulty is not None:
            every.append(by.get(("difficulty", rule.difficulty), []))
        anyof = [
            [by.get((kind, v), []) for v in values]
            for kind, values in (
                ("indicator", rule.any_indicators),
                ("objective", rule.any_objectives),
                ("type", rule.types),
            )
            if values
        ]
        best = min(every, key=len, default=None)
        smallest_any = min(anyof, key=lambda lists: sum(map(len, lists)), default=None)
        if smallest_any is not None and (best is None or sum(map(len, smallest_any)) < len(best)):
            if len(smallest_any) == 1:
                return smallest_any[0]
            return sorted({qid for ids in smallest_any for qid in ids}, key=self._order.__getitem__)
        return best if best is not None else list(self.bank)

    def pool(self, rule: DrawRule) -> list[str]:
        """Ids of the bank questions the rule may pick from, in bank order (as `draw_pool`)."""
        return [qid for qid in self._candidates(rule) if rule.matches(self.bank[qid])]


Bank = Mapping[str, QuestionModel] | BankIndex
"""A bank, or its index when the caller checks many rules against it."""


def _pool(rule: DrawRule, bank: Bank) -> list[str]:
    return bank.pool(rule) if isinstance(bank, BankIndex) else draw_pool(rule, bank)


def quiz_pool(quiz: Quiz, bank: Bank) -> list[str]:
    """Every question the quiz may ask: its list, or every question one of its draw rules may pick."""
    if quiz.questions:
        return list(quiz.questions)
    out: list[str] = []
    seen: set[str] = set()
    for rule in quiz.draw:
        for q in _pool(rule, bank):
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out


def draw_shortfalls(rules: list[DrawRule], bank: Bank) -> list[tuple[int, int]]:
    """(rule index, questions available) for each rule that asks for more than the bank has left once the
    rules before it have taken theirs."""
    claimed: set[str] = set()
    out = []
    for r, rule in enumerate(rules):
        pool = [qid for qid in _pool(rule, bank) if qid not in claimed]
        if len(pool) < rule.count:
            out.append((r, len(pool)))
        claimed.update(pool[: rule.count])
    return out


class Quiz(Model):
    """A quiz: a fixed list of questions or a random draw from the bank, never both. It belongs to a
    lesson or to a module, not both; a quiz with neither (a pre-test, a final) is listed on the Quizzes
    page."""

    id: Id = Field(description="Attempts and results are kept under it: never change it once learners have started.")
    title: ShortText = Field(description="The quiz's name, on the course map and the Quizzes page.")
    description: Text | None = Field(default=None, description="Shown at the top of the quiz's page, in Markdown.")
    kind: QuizKind = Field(
        default="module",
        description="What the quiz is for. A new cohort's programme takes the first pre_test, every module quiz, "
        "the first post_test and every final; passing a final earns the certificate of its track.",
    )
    lesson: Id | None = Field(default=None, description="The id of the lesson this quiz belongs to.")
    module: Id | None = Field(
        default=None,
        description="The id of the module (in course.yaml) this quiz closes: it appears under that module on "
        "the course map once the module's lessons are done.",
    )
    track: Id | None = Field(
        default=None,
        description="Only learners of this track see the quiz; for a final, the track it certifies. Left out: "
        "every track.",
    )
    pass_mark: int = Field(ge=0, le=100, description="The score, in percent, at or above which the quiz is passed.")
    questions: list[Id] = Field(default_factory=list, description="A fixed list of question ids, asked in this order.")
    draw: list[DrawRule] = Field(
        default_factory=list,
        description="Instead of `questions`: rules that draw questions at random from the bank for each attempt.",
    )
    shuffle_questions: bool = Field(default=False, description="true: ask the questions in a random order.")
    shuffle_options: bool = Field(
        default=True,
        description="true: show the options in a random order (the same order again for the same attempt). "
        "Matching always shuffles its right-hand items.",
    )
    max_attempts: int | None = Field(default=None, ge=1, le=100, description="Left out: unlimited attempts.")
    grading: Grading = Field(
        default="highest",
        description="Which attempt's score counts: the highest, the last, the first, or the average of all.",
    )
    review: Review = Field(
        default="after_each_attempt",
        description="When learners see the right answers and explanations: after each attempt, only once "
        "they have passed or used up their attempts, or (for a pre-test) once they have submitted a post-test.",
    )
    parallel_to: Id | None = Field(
        default=None,
        description="For a post_test: the id of the pre_test it parallels. Validation then checks the two "
        "forms slot by slot (same type, options, indicators, objectives and difficulty; no shared question).",
    )

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
    """Any .yaml file under quizzes/: questions for the bank, quizzes, or both. Split them over as many
    files as you like; ids must be unique across all of them."""

    questions: list[Question] = Field(default_factory=list, description="Questions for the bank, of any type.")
    quizzes: list[Quiz] = Field(default_factory=list, description="Quizzes, built from the bank's questions.")
