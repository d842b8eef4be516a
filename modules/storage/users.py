"""Accounts and failed sign-in records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, insert, select, update

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import login_failures, users


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    learner_id: int | None
    active: bool
    language: str | None = None
    """The interface language the account last chose (None: never chose one)."""


@dataclass(frozen=True)
class UserWithHash:
    user: User
    password_hash: str


def _user(r) -> User:  # type: ignore[no-untyped-def]
    return User(r.id, r.username, r.display_name, r.role, r.learner_id, bool(r.active), r.language)


def create(
    engine: Engine, username: str, display_name: str, role: str, password_hash: str, learner_id: int | None = None
) -> User:
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(users)
            .values(
                username=username,
                display_name=display_name,
                role=role,
                password_hash=password_hash,
                learner_id=learner_id,
                active=True,
                created_at=utcnow(),
            )
            .returning(users.c.id)
        ).scalar_one()
    return User(new_id, username, display_name, role, learner_id, True)


def by_username(engine: Engine, username: str) -> UserWithHash | None:
    with reading(engine) as conn:
        r = conn.execute(select(users).where(users.c.username == username)).first()
    return UserWithHash(_user(r), r.password_hash) if r else None


def by_id(engine: Engine, user_id: int) -> User | None:
    with reading(engine) as conn:
        r = conn.execute(select(users).where(users.c.id == user_id)).first()
    return _user(r) if r else None


def list_all(engine: Engine) -> list[User]:
    with reading(engine) as conn:
        rows = conn.execute(select(users).order_by(users.c.role, users.c.username)).all()
    return [_user(r) for r in rows]


def set_password_hash(engine: Engine, user_id: int, password_hash: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))


def set_language(engine: Engine, user_id: int, language: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(language=language))


def set_active(engine: Engine, user_id: int, active: bool) -> None:
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(active=active))


def count_with_role(engine: Engine, role: str) -> int:
    with reading(engine) as conn:
        return int(conn.execute(select(func.count()).select_from(users).where(users.c.role == role)).scalar_one())


def record_failure(engine: Engine, username: str, source: str | None = None) -> int:
    """Record a sign-in attempt as failed (before the password is checked: see services/auth.py);
    returns the row's id so a refused attempt can be taken back."""
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(login_failures)
                .values(username=username, at=utcnow(), source=source)
                .returning(login_failures.c.id)
            ).scalar_one()
        )


def forget_failure(engine: Engine, failure_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.id == failure_id))


def failures_since(
    engine: Engine, username: str, since: datetime, source: str | None = None, *, any_source: bool = True
) -> int:
    """Failed sign-ins of this username since then (all sources, or only this source)."""
    where = [login_failures.c.username == username, login_failures.c.at >= since]
    if not any_source:
        where.append(login_failures.c.source.is_(None) if source is None else login_failures.c.source == source)
    with reading(engine) as conn:
        return int(conn.execute(select(func.count()).select_from(login_failures).where(*where)).scalar_one())


def clear_failures(engine: Engine, username: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.username == username))
