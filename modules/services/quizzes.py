"""Quiz attempts end to end: draw, open, score on the server, store once, and review."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.domain.question import QuestionModel, from_snapshot, snapshot
from modules.domain.quiz import Quiz
from modules.i18n import current
from modules.i18n import gettext as _
from modules.scoring.draw import draw_questions
from modules.scoring.questions import Answer, QuestionResult, is_answered, normalise_answer, score_question
from modules.scoring.quizzes import QuizResult, grade, review_visible, score_quiz
from modules.storage import attempts as repo
from modules.storage.attempts import Attempt, AttemptLimitReached, StoredAnswer

__all__ = [
    "AttemptLimitReached",
    "AttemptReview",
    "QuizStatus",
    "quiz_status",
    "result_of",
    "review_of",
    "save_answer",
    "saved_answers",
    "start",
    "statuses",
    "submit",
    "unanswered",
]


@dataclass(frozen=True)
class QuizStatus:
    quiz: Quiz
    submitted: list[Attempt]
    open_attempt: Attempt | None
    grade: float | None
    passed: bool
    post_test_done: bool = False
    """The learner has submitted a post-test: unlocks a pre-test's review (`after_post_test`)."""

    @property
    def attempts_used(self) -> int:
        return len(self.submitted) + (1 if self.open_attempt else 0)

    @property
    def attempts_left(self) -> int | None:
        if self.quiz.max_attempts is None:
            return None
        return max(0, self.quiz.max_attempts - self.attempts_used)

    @property
    def can_start(self) -> bool:
        return self.open_attempt is None and (self.attempts_left is None or self.attempts_left > 0)

    @property
    def review_allowed(self) -> bool:
        return review_visible(self.quiz, len(self.submitted), self.passed, self.post_test_done)


def quiz_status(engine: Engine, quiz: Quiz, learner_id: int, registry: Registry | None = None) -> QuizStatus:
    """One quiz's status. A pre-test reviewed only after the post-test needs the registry to know which
    quizzes are post-tests; without it, its review stays closed."""
    if quiz.review == "after_post_test" and registry is not None:
        return statuses(engine, [quiz], learner_id, registry)[quiz.id]
    return status_from(quiz, repo.list_for(engine, learner_id, quiz.id))


def statuses(
    engine: Engine, quizzes: list[Quiz], learner_id: int, registry: Registry | None = None
) -> dict[str, QuizStatus]:
    """Every listed quiz's status from one read of the learner's attempts."""
    mine: dict[str, list[Attempt]] = {}
    for a in repo.list_for(engine, learner_id):
        mine.setdefault(a.quiz_id, []).append(a)
    post_tests = {q.id for q in registry.quizzes.values() if q.kind == "post_test"} if registry else set()
    post_done = any(a.submitted for qid in post_tests for a in mine.get(qid, []))
    return {q.id: status_from(q, mine.get(q.id, []), post_done) for q in quizzes}


def status_from(quiz: Quiz, attempts: list[Attempt], post_test_done: bool = False) -> QuizStatus:
    """Pure: the status from this quiz's attempts, oldest first."""
    submitted = [a for a in attempts if a.submitted]
    open_attempt = next((a for a in attempts if not a.submitted), None)
    g = grade([a.score or 0.0 for a in submitted], quiz.grading)
    passed = any(a.passed for a in submitted) if quiz.grading == "highest" else (g is not None and g >= quiz.pass_mark)
    return QuizStatus(quiz, submitted, open_attempt, g, passed, post_test_done)


def start(engine: Engine, registry: Registry, quiz: Quiz, learner_id: int) -> Attempt:
    """Open (or return the open) attempt; questions drawn avoid ones seen in earlier attempts."""
    seen = repo.questions_seen(engine, learner_id, quiz.id)
    seed = secrets.randbelow(2**31)
    ids = draw_questions(quiz, registry.draw_bank(quiz), seed, seen)
    # the attempt keeps the tab's language: item analysis compares how a question worked in each language
    return repo.start(engine, learner_id, quiz.id, ids, seed, registry.version, quiz.max_attempts, current())


def attempt_questions(registry: Registry, attempt: Attempt) -> list[QuestionModel]:
    """The attempt's questions that still exist in the content (an edit may have removed one)."""
    return [registry.questions[q] for q in attempt.question_ids if q in registry.questions]


def save_answer(
    engine: Engine, registry: Registry, learner_id: int, attempt: Attempt, question_id: str, answer: Answer
) -> bool:
    """Keep one answer of an open attempt as it is given (cleaned to the question's own option
    ids). False if the question is not in the attempt or the attempt is closed."""
    question = registry.questions.get(question_id)
    if question is None or question_id not in attempt.question_ids:
        return False
    return repo.save_response(engine, attempt.id, learner_id, question_id, normalise_answer(question, answer))


def saved_answers(engine: Engine, learner_id: int, attempt: Attempt) -> dict[str, Answer]:
    return repo.responses_for(engine, attempt.id, learner_id)


def unanswered(questions: list[QuestionModel], answers: dict[str, Answer]) -> list[int]:
    """Numbers (1-based, as shown) of the questions with no answer yet."""
    return [n for n, q in enumerate(questions, start=1) if not is_answered(q, answers.get(q.id))]


def submit(
    engine: Engine,
    registry: Registry,
    quiz: Quiz,
    learner_id: int,
    attempt_id: int,
    answers: dict[str, Answer] | None = None,
) -> tuple[QuizResult, bool]:
    """Score and store. Returns the result and whether this call recorded it (False on a repeat).
    Without `answers`, the answers saved as they were given are scored."""
    attempt = repo.get(engine, attempt_id, learner_id)
    if attempt is None or attempt.quiz_id != quiz.id:
        raise LookupError(_("This attempt does not exist for you."))  # the quiz page shows it
    if attempt.submitted:
        return result_of(engine, registry, quiz, attempt), False
    if answers is None:
        answers = repo.responses_for(engine, attempt.id, learner_id)
    questions = attempt_questions(registry, attempt)
    result = score_quiz(quiz, questions, answers)
    stored = [
        StoredAnswer(r.question_id, i, list(r.answer), r.score, r.correct, snapshot(q))
        for i, (r, q) in enumerate(zip(result.questions, questions, strict=True))
    ]
    recorded = repo.submit(engine, attempt.id, learner_id, stored, result.score, result.passed)
    if not recorded:
        fresh = repo.get(engine, attempt_id, learner_id)
        assert fresh is not None
        return result_of(engine, registry, quiz, fresh), False
    return result, True


@dataclass(frozen=True)
class AttemptReview:
    """A submitted attempt as it was scored: the result, and each question as it was asked then."""

    result: QuizResult
    questions: dict[str, QuestionModel]


def result_of(engine: Engine, registry: Registry, quiz: Quiz, attempt: Attempt) -> QuizResult:
    return review_of(engine, registry, attempt).result


def review_of(engine: Engine, registry: Registry, attempt: Attempt) -> AttemptReview:
    """Rebuild a submitted attempt's review from what was stored (after a refresh or restart). Each answer
    is reviewed against the question kept with it, so a question edited since never changes an old review;
    answers stored before questions were kept fall back to today's question."""
    results: list[QuestionResult] = []
    asked: dict[str, QuestionModel] = {}
    for stored in repo.answers_for(engine, attempt.id):
        q = from_snapshot(stored.question) or registry.questions.get(stored.question_id)
        if q is not None:
            results.append(score_question(q, stored.answer))
            asked[q.id] = q
    score = attempt.score if attempt.score is not None else 0.0
    return AttemptReview(QuizResult(score, bool(attempt.passed), tuple(results)), asked)
