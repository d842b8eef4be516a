"""Learner records. A learner is found by the hash of a private resume token, never by name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import learners


@dataclass(frozen=True)
class Learner:
    id: int
    display_name: str
    track: str
    last_lesson_id: str | None
    language: str | None = None
    """The interface language the learner last chose (None: never chose one)."""


def _row(r) -> Learner:  # type: ignore[no-untyped-def]
    return Learner(r.id, r.display_name, r.track, r.last_lesson_id, r.language)


def create(engine: Engine, token_hash: str, display_name: str, track: str, language: str | None = None) -> Learner:
    now = utcnow()
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(learners)
            .values(
                token_hash=token_hash,
                display_name=display_name,
                track=track,
                created_at=now,
                last_seen_at=now,
                language=language,
            )
            .returning(learners.c.id)
        ).scalar_one()
    return Learner(new_id, display_name, track, None, language)


def by_token_hash(engine: Engine, token_hash: str) -> Learner | None:
    with reading(engine) as conn:
        r = conn.execute(select(learners).where(learners.c.token_hash == token_hash)).first()
    return _row(r) if r else None


def by_id(engine: Engine, learner_id: int) -> Learner | None:
    with reading(engine) as conn:
        r = conn.execute(select(learners).where(learners.c.id == learner_id)).first()
    return _row(r) if r else None


def update_fields(engine: Engine, learner_id: int, **fields: object) -> None:
    allowed = {"display_name", "track", "last_lesson_id", "language"}
    values = {k: v for k, v in fields.items() if k in allowed}
    values["last_seen_at"] = utcnow()
    with engine.begin() as conn:
        conn.execute(update(learners).where(learners.c.id == learner_id).values(**values))
