"""Live sessions in the database: sessions, launched questions, participants and their answers.

Every state change is one transaction, so several replicas (or one after a restart) agree. An
answer is written with INSERT ... ON CONFLICT DO NOTHING on (question, participant) while the
question row is share-locked (PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE), so a
double tap counts once and an answer racing the facilitator's "close" is either in before it or
refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from modules.storage.clock import aware, utcnow
from modules.storage.db import reading
from modules.storage.schema_live import live_answers, live_join_misses, live_participants, live_questions, live_sessions

log = logging.getLogger(__name__)

OPEN = "open"
CLOSED = "closed"
REVEALED = "revealed"
ENDED = "ended"


@dataclass(frozen=True)
class LiveSession:
    id: int
    code: str
    title: str
    lesson_id: str | None
    quiz_id: str | None
    facilitator_id: int | None
    cohort_id: int | None
    status: str
    screen: str
    slide_index: int
    current_question_id: int | None
    leaderboard: bool
    speed_points: bool
    timer_ends_at: datetime | None
    timer_seconds: int | None
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    screen_key: str = ""
    language: str = "en"
    """The facilitator's language when the session was opened: the projector shows it."""


@dataclass(frozen=True)
class LiveQuestion:
    id: int
    session_id: int
    position: int
    source: str
    question_id: str | None
    kind: str
    prompt: str
    options: tuple[tuple[str, str], ...]
    correct: tuple[str, ...]
    explanation: str
    status: str
    opened_at: datetime


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    nickname: str | None


@dataclass(frozen=True)
class StoredLiveAnswer:
    id: int
    question_id: int
    participant_id: int
    choice: tuple[str, ...]
    text: str | None
    correct: bool | None
    points: int
    elapsed_ms: int
    hidden: bool
    answered_at: datetime


class Outcome(Enum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    CLOSED = "closed"
    NOT_FOUND = "not_found"


Grader = Callable[[LiveQuestion, LiveSession, int], tuple[bool | None, int]]
"""(question, session, elapsed ms) -> (correct or None, points)."""


def _session(r: Any) -> LiveSession:
    return LiveSession(
        r.id,
        r.code,
        r.title,
        r.lesson_id,
        r.quiz_id,
        r.facilitator_id,
        r.cohort_id,
        r.status,
        r.screen,
        int(r.slide_index or 0),
        r.current_question_id,
        bool(r.leaderboard),
        bool(r.speed_points),
        aware(r.timer_ends_at),
        r.timer_seconds,
        aware(r.created_at) or utcnow(),
        aware(r.expires_at) or utcnow(),
        aware(r.ended_at),
        r.screen_key,
        r.language or "en",
    )


def _question(r: Any) -> LiveQuestion:
    return LiveQuestion(
        r.id,
        r.session_id,
        r.position,
        r.source,
        r.question_id,
        r.kind,
        r.prompt,
        tuple((str(o[0]), str(o[1])) for o in r.options),
        tuple(str(c) for c in r.correct),
        r.explanation,
        r.status,
        aware(r.opened_at) or utcnow(),
    )


def _answer(r: Any) -> StoredLiveAnswer:
    return StoredLiveAnswer(
        r.id,
        r.question_id,
        r.participant_id,
        tuple(str(c) for c in r.choice),
        r.text,
        None if r.correct is None else bool(r.correct),
        int(r.points),
        int(r.elapsed_ms),
        bool(r.hidden),
        aware(r.answered_at) or utcnow(),
    )


# -- sessions -------------------------------------------------------------------------------
def create_session(engine: Engine, **values: Any) -> LiveSession:
    """Insert a session; raises IntegrityError if the code is taken (the caller draws another)."""
    with engine.begin() as conn:
        row = conn.execute(insert(live_sessions).values(**values).returning(*live_sessions.c)).one()
    return _session(row)


def get_session(engine: Engine, session_id: int) -> LiveSession | None:
    with reading(engine) as conn:
        r = conn.execute(select(live_sessions).where(live_sessions.c.id == session_id)).first()
    return _session(r) if r else None


def session_by_code(engine: Engine, code: str) -> LiveSession | None:
    with reading(engine) as conn:
        r = conn.execute(select(live_sessions).where(live_sessions.c.code == code)).first()
    return _session(r) if r else None


def sessions_for(engine: Engine, facilitator_id: int | None, include_ended: bool = False) -> list[LiveSession]:
    """Newest first; facilitator_id None lists everyone's (for administrators)."""
    q = select(live_sessions)
    if facilitator_id is not None:
        q = q.where(live_sessions.c.facilitator_id == facilitator_id)
    if not include_ended:
        q = q.where(live_sessions.c.status == OPEN)
    with reading(engine) as conn:
        rows = conn.execute(q.order_by(live_sessions.c.id.desc()).limit(200)).all()
    return [_session(r) for r in rows]


def update_session(engine: Engine, session_id: int, **values: Any) -> bool:
    """Change an open session; False if it has ended or does not exist."""
    with engine.begin() as conn:
        done = conn.execute(
            update(live_sessions)
            .where(live_sessions.c.id == session_id, live_sessions.c.status == OPEN)
            .values(**values)
        ).rowcount
    return done == 1


def end_session(engine: Engine, session_id: int) -> bool:
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            update(live_questions)
            .where(live_questions.c.session_id == session_id, live_questions.c.status == OPEN)
            .values(status=CLOSED, closed_at=now)
        )
        done = conn.execute(
            update(live_sessions)
            .where(live_sessions.c.id == session_id, live_sessions.c.status == OPEN)
            .values(status=ENDED, ended_at=now, timer_ends_at=None)
        ).rowcount
    return done == 1


# -- questions ------------------------------------------------------------------------------
def launch_question(engine: Engine, session_id: int, **values: Any) -> LiveQuestion | None:
    """Close the question on screen, add this one at the next position and put it on screen.
    None if the session has ended."""
    tries = 5
    for try_no in range(1, tries + 1):
        try:
            with engine.begin() as conn:
                return _launch(conn, session_id, values)
        except IntegrityError:
            # two launches raced for the same position: take the next one
            log.debug("live session %s: launch %d of %d lost a race for the next position", session_id, try_no, tries)
    log.error("live session %s: gave up launching a question after %d position conflicts", session_id, tries)
    raise RuntimeError("could not launch the question")


def _launch(conn: Connection, session_id: int, values: dict[str, Any]) -> LiveQuestion | None:
    status = conn.execute(
        select(live_sessions.c.status).where(live_sessions.c.id == session_id).with_for_update()
    ).scalar()
    if status != OPEN:
        return None
    now = utcnow()
    conn.execute(
        update(live_questions)
        .where(live_questions.c.session_id == session_id, live_questions.c.status == OPEN)
        .values(status=CLOSED, closed_at=now)
    )
    position = conn.execute(
        select(func.coalesce(func.max(live_questions.c.position), 0)).where(live_questions.c.session_id == session_id)
    ).scalar_one()
    row = conn.execute(
        insert(live_questions)
        .values(session_id=session_id, position=position + 1, status=OPEN, opened_at=now, **values)
        .returning(*live_questions.c)
    ).one()
    conn.execute(
        update(live_sessions)
        .where(live_sessions.c.id == session_id)
        .values(current_question_id=row.id, screen="question")
    )
    return _question(row)


def get_question(engine: Engine, question_id: int) -> LiveQuestion | None:
    with reading(engine) as conn:
        r = conn.execute(select(live_questions).where(live_questions.c.id == question_id)).first()
    return _question(r) if r else None


def questions_of(engine: Engine, session_ids: Iterable[int] | None) -> list[LiveQuestion]:
    q = select(live_questions)
    if session_ids is not None:
        q = q.where(live_questions.c.session_id.in_(list(session_ids)))
    with reading(engine) as conn:
        rows = conn.execute(q.order_by(live_questions.c.session_id, live_questions.c.position)).all()
    return [_question(r) for r in rows]


def set_question_status(
    engine: Engine, session_id: int, question_id: int, new_status: str, allowed_from: tuple[str, ...]
) -> bool:
    """Move a question on (open -> closed -> revealed); False if it was not in an allowed state."""
    now = utcnow()
    stamps: dict[str, Any] = {"closed_at": now} if new_status == CLOSED else {"revealed_at": now}
    with engine.begin() as conn:
        if new_status == REVEALED:  # revealing also closes, keeping the closing time if there is one
            conn.execute(
                update(live_questions)
                .where(live_questions.c.id == question_id, live_questions.c.closed_at.is_(None))
                .values(closed_at=now)
            )
        done = conn.execute(
            update(live_questions)
            .where(
                live_questions.c.id == question_id,
                live_questions.c.session_id == session_id,
                live_questions.c.status.in_(allowed_from),
            )
            .values(status=new_status, **stamps)
        ).rowcount
    return done == 1


# -- participants ---------------------------------------------------------------------------
def add_participant(
    engine: Engine, session_id: int, token_hash: str, nickname: str | None, device_hash: str | None = None
) -> Participant:
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(live_participants)
            .values(
                session_id=session_id,
                token_hash=token_hash,
                nickname=nickname,
                joined_at=utcnow(),
                device_hash=device_hash,
            )
            .returning(live_participants.c.id)
        ).scalar_one()
    return Participant(new_id, session_id, nickname)


def joins_from_device(engine: Engine, session_id: int, device_hash: str) -> int:
    with reading(engine) as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(live_participants)
                .where(live_participants.c.session_id == session_id, live_participants.c.device_hash == device_hash)
            ).scalar_one()
        )


def record_join_miss(engine: Engine, device_hash: str) -> None:
    with engine.begin() as conn:
        conn.execute(insert(live_join_misses).values(device_hash=device_hash, at=utcnow()))


def join_misses_since(engine: Engine, device_hash: str, since: datetime) -> int:
    with reading(engine) as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(live_join_misses)
                .where(live_join_misses.c.device_hash == device_hash, live_join_misses.c.at >= since)
            ).scalar_one()
        )


def participant_by_token(engine: Engine, token_hash: str) -> Participant | None:
    with reading(engine) as conn:
        r = conn.execute(
            select(live_participants.c.id, live_participants.c.session_id, live_participants.c.nickname).where(
                live_participants.c.token_hash == token_hash
            )
        ).first()
    return Participant(r.id, r.session_id, r.nickname) if r else None


def participants_of(engine: Engine, session_id: int) -> list[Participant]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(live_participants.c.id, live_participants.c.session_id, live_participants.c.nickname)
            .where(live_participants.c.session_id == session_id)
            .order_by(live_participants.c.id)
        ).all()
    return [Participant(r.id, r.session_id, r.nickname) for r in rows]


def count_participants(conn: Connection, session_id: int) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(live_participants).where(live_participants.c.session_id == session_id)
        ).scalar_one()
    )


# -- answers --------------------------------------------------------------------------------
def record_answer(
    engine: Engine,
    participant_id: int,
    question_id: int,
    choice: list[str],
    text: str | None,
    grade: Grader,
) -> Outcome:
    """Store the participant's answer once, only while the question is open."""
    try:
        with engine.begin() as conn:
            return _record(conn, participant_id, question_id, choice, text, grade)
    except IntegrityError:
        # the participant or question vanished (session deleted); the error's text is not logged, it
        # carries the answer itself
        log.warning("live answer refused: participant %s or question %s no longer exists", participant_id, question_id)
        return Outcome.NOT_FOUND


def _record(
    conn: Connection, participant_id: int, question_id: int, choice: list[str], text: str | None, grade: Grader
) -> Outcome:
    # FOR SHARE on PostgreSQL: a concurrent close/reveal waits for this answer, or this waits for it.
    qrow = conn.execute(
        select(live_questions).where(live_questions.c.id == question_id).with_for_update(read=True)
    ).first()
    if qrow is None:
        return Outcome.NOT_FOUND
    question = _question(qrow)
    srow = conn.execute(select(live_sessions).where(live_sessions.c.id == question.session_id)).first()
    owner = conn.execute(
        select(live_participants.c.session_id).where(live_participants.c.id == participant_id)
    ).scalar()
    if srow is None or owner != question.session_id:
        return Outcome.NOT_FOUND
    session = _session(srow)
    if question.status != OPEN or session.status != OPEN:
        return Outcome.CLOSED
    now = utcnow()
    elapsed = max(0, int((now - question.opened_at).total_seconds() * 1000))
    correct, points = grade(question, session, elapsed)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(live_answers)
        .values(
            session_id=question.session_id,
            question_id=question_id,
            participant_id=participant_id,
            choice=choice,
            text=text,
            correct=correct,
            points=points,
            elapsed_ms=elapsed,
            hidden=False,
            answered_at=now,
        )
        .on_conflict_do_nothing(index_elements=["question_id", "participant_id"])
        .returning(live_answers.c.id)
    )
    inserted = conn.execute(stmt).first()  # no row back: the answer was already there
    return Outcome.RECORDED if inserted is not None else Outcome.DUPLICATE


def answer_of(engine: Engine, participant_id: int, question_id: int) -> StoredLiveAnswer | None:
    with reading(engine) as conn:
        r = conn.execute(
            select(live_answers).where(
                live_answers.c.participant_id == participant_id, live_answers.c.question_id == question_id
            )
        ).first()
    return _answer(r) if r else None


def answers_to(engine: Engine, question_id: int) -> list[StoredLiveAnswer]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(live_answers).where(live_answers.c.question_id == question_id).order_by(live_answers.c.id)
        ).all()
    return [_answer(r) for r in rows]


def answers_in(engine: Engine, session_ids: Iterable[int] | None) -> list[StoredLiveAnswer]:
    q = select(live_answers)
    if session_ids is not None:
        q = q.where(live_answers.c.session_id.in_(list(session_ids)))
    with reading(engine) as conn:
        rows = conn.execute(q.order_by(live_answers.c.id)).all()
    return [_answer(r) for r in rows]


def set_hidden(engine: Engine, session_id: int, answer_id: int, hidden: bool) -> bool:
    with engine.begin() as conn:
        done = conn.execute(
            update(live_answers)
            .where(live_answers.c.id == answer_id, live_answers.c.session_id == session_id)
            .values(hidden=hidden)
        ).rowcount
    return done == 1


@dataclass(frozen=True)
class Board:
    """What a projector shows, read in one short transaction."""

    session: LiveSession
    question: LiveQuestion | None
    participants: int
    answers: tuple[StoredLiveAnswer, ...]


def board(engine: Engine, session_id: int) -> Board | None:
    with reading(engine) as conn:
        srow = conn.execute(select(live_sessions).where(live_sessions.c.id == session_id)).first()
        if srow is None:
            return None
        session = _session(srow)
        question = None
        answers: tuple[StoredLiveAnswer, ...] = ()
        if session.current_question_id is not None:
            qrow = conn.execute(
                select(live_questions).where(live_questions.c.id == session.current_question_id)
            ).first()
            question = _question(qrow) if qrow else None
            if question is not None:
                rows = conn.execute(
                    select(live_answers).where(live_answers.c.question_id == question.id).order_by(live_answers.c.id)
                ).all()
                answers = tuple(_answer(r) for r in rows)
        participants = count_participants(conn, session_id)
    return Board(session, question, participants, answers)


@dataclass(frozen=True)
class Phase:
    """The little a participant's phone polls for: it redraws only when this changes."""

    session_status: str
    question_id: int | None
    question_status: str | None


def phase(engine: Engine, session_id: int) -> Phase | None:
    with reading(engine) as conn:
        r = conn.execute(
            select(live_sessions.c.status, live_sessions.c.current_question_id, live_questions.c.status.label("qs"))
            .select_from(
                live_sessions.outerjoin(live_questions, live_questions.c.id == live_sessions.c.current_question_id)
            )
            .where(live_sessions.c.id == session_id)
        ).first()
    if r is None:
        return None
    return Phase(r.status, r.current_question_id, r.qs)


def points_by_participant(engine: Engine, session_id: int) -> list[tuple[int, str | None, int, int]]:
    """(participant id, nickname, points, correct answers), best first."""
    with reading(engine) as conn:
        rows = conn.execute(
            select(
                live_participants.c.id,
                live_participants.c.nickname,
                func.coalesce(func.sum(live_answers.c.points), 0).label("points"),
                func.count(live_answers.c.id).filter(live_answers.c.correct.is_(True)).label("right"),
            )
            .select_from(
                live_participants.outerjoin(live_answers, live_answers.c.participant_id == live_participants.c.id)
            )
            .where(live_participants.c.session_id == session_id)
            .group_by(live_participants.c.id, live_participants.c.nickname)
            .order_by(func.coalesce(func.sum(live_answers.c.points), 0).desc(), live_participants.c.id)
        ).all()
    return [(r.id, r.nickname, int(r.points), int(r.right)) for r in rows]


def sessions_by_ids(engine: Engine, session_ids: Iterable[int] | None) -> list[LiveSession]:
    q = select(live_sessions)
    if session_ids is not None:
        q = q.where(live_sessions.c.id.in_(list(session_ids)))
    with reading(engine) as conn:
        rows = conn.execute(q.order_by(live_sessions.c.id)).all()
    return [_session(r) for r in rows]


def participant_counts(engine: Engine, session_ids: Iterable[int] | None) -> dict[int, int]:
    q = select(live_participants.c.session_id, func.count()).group_by(live_participants.c.session_id)
    if session_ids is not None:
        q = q.where(live_participants.c.session_id.in_(list(session_ids)))
    with reading(engine) as conn:
        return {int(sid): int(n) for sid, n in conn.execute(q).all()}
