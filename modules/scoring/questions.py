"""Score one answer to one question.

An answer is always a list of option ids:
- single choice and true/false: one id (an empty list is unanswered);
- multiple response and spot-the-indicators: the ids picked;
- matching: for each pair in authored order, the id of the right-hand item chosen ("" if none).

Partial credit for multiple response and spot-the-indicators ("right minus wrong"):
    score = max(0, (correct picks - wrong picks) / number of correct options)
so ticking every box earns nothing, and a learner is never below zero. A spot-the-indicators item's
`acceptable` indicators (defensible, not required) count as neither right nor wrong picks.
Matching: the share of pairs matched correctly. Other types: 1 or 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.domain.question import Matching, MultipleResponse, QuestionModel, SpotIndicators

Answer = list[str]


@dataclass(frozen=True)
class OptionReview:
    option_id: str
    text: str
    feedback: str
    selected: bool
    correct: bool
    acceptable: bool = False
    """Defensible but not required: picking it neither earned nor cost marks."""


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    score: float
    """0..1"""
    answer: tuple[str, ...]
    options: tuple[OptionReview, ...]
    explanation: str

    @property
    def correct(self) -> bool:
        return self.score >= 0.999


def normalise_answer(question: QuestionModel, answer: Answer | None) -> Answer:
    """Drop ids that are not options (a stale or hostile answer), keep the authored order."""
    answer = [str(a) for a in (answer or [])]
    valid = {o.id for o in question.options}
    if isinstance(question, Matching):
        padded = (answer + [""] * len(question.pairs))[: len(question.pairs)]
        return [a if a in valid else "" for a in padded]
    seen: list[str] = []
    for a in answer:
        if a in valid and a not in seen:
            seen.append(a)
    if not isinstance(question, MultipleResponse | SpotIndicators):
        return seen[:1]
    return seen


def score_question(question: QuestionModel, raw_answer: Answer | None) -> QuestionResult:
    answer = normalise_answer(question, raw_answer)
    correct_ids = question.correct_ids()
    if isinstance(question, Matching):
        hits = sum(1 for chosen, right in zip(answer, correct_ids, strict=True) if chosen == right)
        score = hits / len(correct_ids)
        options = tuple(
            OptionReview(p.id, f"{p.left} → {p.right}", p.feedback, answer[i] == p.id, True)
            for i, p in enumerate(question.pairs)
        )
    else:
        picked = set(answer)
        right = set(correct_ids)
        neutral = set(question.acceptable) if isinstance(question, SpotIndicators) else set()
        if isinstance(question, MultipleResponse | SpotIndicators):
            good = len(picked & right)
            bad = len(picked - right - neutral)
            score = max(0.0, (good - bad) / len(right))
        else:
            score = 1.0 if picked == right else 0.0
        options = tuple(
            OptionReview(o.id, o.text, o.feedback, o.id in picked, o.id in right, o.id in neutral)
            for o in question.options
        )
    return QuestionResult(question.id, round(score, 4), tuple(answer), options, question.explanation)


def is_answered(question: QuestionModel, answer: Answer | None) -> bool:
    norm = normalise_answer(question, answer)
    return any(norm)
