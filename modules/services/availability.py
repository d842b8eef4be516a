"""Whether the database is reachable: what the pages need to ride through an outage (a PostgreSQL
restart, a network cut) with their own message and a retry instead of a crash."""

from __future__ import annotations

from sqlalchemy import Engine

from modules.storage import db


def is_outage(exc: BaseException) -> bool:
    """The error means "the database cannot be reached now": retry later, nothing to fix."""
    return db.is_outage(exc)


def database_answers(engine: Engine) -> bool:
    """The database answers a trivial query now."""
    return db.answers(engine)
