"""Quiz-level scoring: a percentage, pass/fail, and the grade across attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.domain.question import QuestionModel
from modules.domain.quiz import Grading, Quiz
from modules.scoring.questions import Answer, QuestionResult, score_question


@dataclass(frozen=True)
class QuizResult:
    score: float
    """Percentage 0..100, one decimal: the mean of question scores."""
    passed: bool
    questions: tuple[QuestionResult, ...]


def score_quiz(quiz: Quiz, questions: Sequence[QuestionModel], answers: dict[str, Answer]) -> QuizResult:
    results = tuple(score_question(q, answers.get(q.id)) for q in questions)
    score = round(100 * sum(r.score for r in results) / len(results), 1) if results else 0.0
    return QuizResult(score, score >= quiz.pass_mark, results)


def grade(scores_in_order: Sequence[float], method: Grading) -> float | None:
    """The learner's grade for a quiz from their submitted attempts (oldest first)."""
    if not scores_in_order:
        return None
    if method == "highest":
        return max(scores_in_order)
    if method == "last":
        return scores_in_order[-1]
    if method == "first":
        return scores_in_order[0]
    return round(sum(scores_in_order) / len(scores_in_order), 1)


def review_visible(quiz: Quiz, attempts_used: int, passed_any: bool, post_test_done: bool = False) -> bool:
    """Whether right answers and explanations may be shown after an attempt."""
    if quiz.review == "after_each_attempt":
        return True
    if quiz.review == "after_post_test":
        return post_test_done
    out_of_attempts = quiz.max_attempts is not None and attempts_used >= quiz.max_attempts
    return out_of_attempts or passed_any
