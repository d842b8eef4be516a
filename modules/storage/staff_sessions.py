"""Staff sessions: one row per signed-in browser tab, found again by the hash of its token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, insert, select, update

from modules.storage.clock import aware, utcnow
from modules.storage.db import reading
from modules.storage.schema import staff_sessions, users
from modules.storage.users import User, _user


def create(engine: Engine, token_hash: str, user_id: int, expires_at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(staff_sessions).values(
                token_hash=token_hash, user_id=user_id, created_at=utcnow(), expires_at=expires_at
            )
        )


def user_for(engine: Engine, token_hash: str, now: datetime | None = None) -> User | None:
    """The account of a live session (not ended, not expired, account active), else None."""
    now = now or utcnow()
    with reading(engine) as conn:
        r = conn.execute(
            select(users, staff_sessions.c.expires_at)
            .join(staff_sessions, staff_sessions.c.user_id == users.c.id)
            .where(staff_sessions.c.token_hash == token_hash, staff_sessions.c.ended_at.is_(None))
        ).first()
    if r is None or not r.active:
        return None
    expires_at = aware(r.expires_at)
    if expires_at is None or expires_at <= now:  # the column is NOT NULL; a missing value would count as expired
        return None
    return _user(r)


def end(engine: Engine, token_hash: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(staff_sessions)
            .where(staff_sessions.c.token_hash == token_hash, staff_sessions.c.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all_for(engine: Engine, user_id: int) -> int:
    """End every session of an account (deactivation, password reset); returns how many."""
    with engine.begin() as conn:
        return int(
            conn.execute(
                update(staff_sessions)
                .where(staff_sessions.c.user_id == user_id, staff_sessions.c.ended_at.is_(None))
                .values(ended_at=utcnow())
            ).rowcount
        )
