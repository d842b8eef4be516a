"""Quiz attempts and their answers. Submission is one transaction guarded by the attempt's
status, so a double click or two replicas racing record one attempt, exactly once."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import attempt_answers, attempt_responses, learners, question_snapshots, quiz_attempts
from modules.storage.upsert import insert_missing, upsert

log = logging.getLogger(__name__)

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


class AttemptLimitReached(Exception):
    """The learner has used every attempt the quiz allows."""


@dataclass(frozen=True)
class Attempt:
    id: int
    learner_id: int
    quiz_id: str
    attempt_no: int
    status: str
    question_ids: list[str]
    seed: int
    content_version: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None
    language: str = "en"
    """The language the attempt was opened in (item analysis compares languages)."""

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED


@dataclass(frozen=True)
class StoredAnswer:
    question_id: str
    position: int
    answer: list[str]
    score: float
    correct: bool
    question: dict[str, Any] | None = None
    """The question as it was scored (domain.question.snapshot); None for answers stored before."""


def _attempt(r: Any) -> Attempt:
    return Attempt(
        r.id,
        r.learner_id,
        r.quiz_id,
        r.attempt_no,
        r.status,
        list(r.question_ids),
        r.seed,
        r.content_version,
        r.started_at,
        r.submitted_at,
        r.score,
        None if r.passed is None else bool(r.passed),
        r.language or "en",
    )


def list_for(engine: Engine, learner_id: int, quiz_id: str | None = None) -> list[Attempt]:
    """Attempts oldest first."""
    q = select(quiz_attempts).where(quiz_attempts.c.learner_id == learner_id)
    if quiz_id:
        q = q.where(quiz_attempts.c.quiz_id == quiz_id)
    with reading(engine) as conn:
        rows = conn.execute(q.order_by(quiz_attempts.c.quiz_id, quiz_attempts.c.attempt_no)).all()
    return [_attempt(r) for r in rows]


def get(engine: Engine, attempt_id: int, learner_id: int) -> Attempt | None:
    """An attempt, only if it belongs to this learner."""
    with reading(engine) as conn:
        r = conn.execute(
            select(quiz_attempts).where(quiz_attempts.c.id == attempt_id, quiz_attempts.c.learner_id == learner_id)
        ).first()
    return _attempt(r) if r else None


def start(
    engine: Engine,
    learner_id: int,
    quiz_id: str,
    question_ids: list[str],
    seed: int,
    content_version: str,
    max_attempts: int | None,
    language: str = "en",
) -> Attempt:
    """Return the open attempt if there is one, else open a new one within the limit, in `language`
    (an open attempt keeps the language it was opened in)."""
    tries = 3
    for try_no in range(1, tries + 1):
        try:
            with engine.begin() as conn:
                return _open_or_insert(
                    conn, learner_id, quiz_id, question_ids, seed, content_version, max_attempts, language
                )
        except IntegrityError:
            # another request opened it at the same moment: read it on the next pass
            log.debug("learner %s, quiz %s: start %d of %d raced another start", learner_id, quiz_id, try_no, tries)
    log.error("learner %s, quiz %s: gave up opening an attempt after %d conflicts", learner_id, quiz_id, tries)
    raise RuntimeError("could not open an attempt")


def _open_or_insert(
    conn: Connection,
    learner_id: int,
    quiz_id: str,
    question_ids: list[str],
    seed: int,
    content_version: str,
    max_attempts: int | None,
    language: str,
) -> Attempt:
    if conn.dialect.name == "postgresql":
        # Under READ COMMITTED each statement sees a new snapshot: serialise a learner's starts by
        # locking their row, or two racing starts could open attempts 1 and 2. (SQLite's
        # BEGIN IMMEDIATE already serialises writers.)
        conn.execute(select(learners.c.id).where(learners.c.id == learner_id).with_for_update())
    mine = (quiz_attempts.c.learner_id == learner_id, quiz_attempts.c.quiz_id == quiz_id)
    open_row = conn.execute(select(quiz_attempts).where(*mine, quiz_attempts.c.status == IN_PROGRESS)).first()
    if open_row:
        return _attempt(open_row)
    used, last_no = conn.execute(
        select(func.count(), func.coalesce(func.max(quiz_attempts.c.attempt_no), 0)).where(*mine)
    ).one()
    if max_attempts is not None and used >= max_attempts:
        raise AttemptLimitReached(quiz_id)
    row = conn.execute(
        insert(quiz_attempts)
        .values(
            learner_id=learner_id,
            quiz_id=quiz_id,
            attempt_no=last_no + 1,
            status=IN_PROGRESS,
            question_ids=question_ids,
            seed=seed,
            content_version=content_version,
            started_at=utcnow(),
            language=language,
        )
        .returning(*quiz_attempts.c)
    ).one()
    return _attempt(row)


def _snapshot_hash(question: dict[str, Any] | None) -> str | None:
    if question is None:
        return None
    return hashlib.sha256(json.dumps(question, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def submit(
    engine: Engine,
    attempt_id: int,
    learner_id: int,
    answers: list[StoredAnswer],
    score: float,
    passed: bool,
) -> bool:
    """Close the attempt and store its answers. False if it was already submitted (no change)."""
    with engine.begin() as conn:
        closed = conn.execute(
            update(quiz_attempts)
            .where(
                quiz_attempts.c.id == attempt_id,
                quiz_attempts.c.learner_id == learner_id,
                quiz_attempts.c.status == IN_PROGRESS,
            )
            .values(status=SUBMITTED, submitted_at=utcnow(), score=score, passed=passed)
        ).rowcount
        if closed != 1:
            return False
        conn.execute(delete(attempt_responses).where(attempt_responses.c.attempt_id == attempt_id))
        if answers:
            hashes = [_snapshot_hash(a.question) for a in answers]
            snapshots = {h: a.question for h, a in zip(hashes, answers, strict=True) if h is not None}
            insert_missing(
                conn, question_snapshots, [{"hash": h, "question": q} for h, q in snapshots.items()], ["hash"]
            )
            conn.execute(
                insert(attempt_answers),
                [
                    {
                        "attempt_id": attempt_id,
                        "question_id": a.question_id,
                        "position": a.position,
                        "answer": a.answer,
                        "score": a.score,
                        "correct": a.correct,
                        "question_hash": h,
                    }
                    for a, h in zip(answers, hashes, strict=True)
                ],
            )
    return True


def answers_for(engine: Engine, attempt_id: int) -> list[StoredAnswer]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(attempt_answers, question_snapshots.c.question)
            .select_from(attempt_answers.outerjoin(question_snapshots))
            .where(attempt_answers.c.attempt_id == attempt_id)
            .order_by(attempt_answers.c.position)
        ).all()
    return [StoredAnswer(r.question_id, r.position, list(r.answer), r.score, bool(r.correct), r.question) for r in rows]


def questions_seen(engine: Engine, learner_id: int, quiz_id: str) -> set[str]:
    return {q for a in list_for(engine, learner_id, quiz_id) for q in a.question_ids}


def save_response(engine: Engine, attempt_id: int, learner_id: int, question_id: str, answer: list[str]) -> bool:
    """Keep one answer of an open attempt (the latest wins). False if the attempt is not this
    learner's or is no longer open: an answer never changes a submitted attempt."""
    with engine.begin() as conn:
        is_open = conn.execute(
            select(quiz_attempts.c.id).where(
                quiz_attempts.c.id == attempt_id,
                quiz_attempts.c.learner_id == learner_id,
                quiz_attempts.c.status == IN_PROGRESS,
            )
        ).first()
        if is_open is None:
            return False
        now = utcnow()
        upsert(
            conn,
            attempt_responses,
            {"attempt_id": attempt_id, "question_id": question_id, "answer": answer, "updated_at": now},
            ["attempt_id", "question_id"],
            {"answer": answer, "updated_at": now},
        )
    return True


def responses_for(engine: Engine, attempt_id: int, learner_id: int) -> dict[str, list[str]]:
    """The answers saved so far in this learner's attempt, by question id."""
    with reading(engine) as conn:
        rows = conn.execute(
            select(attempt_responses.c.question_id, attempt_responses.c.answer)
            .join(quiz_attempts, quiz_attempts.c.id == attempt_responses.c.attempt_id)
            .where(attempt_responses.c.attempt_id == attempt_id, quiz_attempts.c.learner_id == learner_id)
        ).all()
    return {r.question_id: list(r.answer) for r in rows}
