"""Issued certificates. One per learner and final assessment: issuing twice returns the first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema_programme import certificates, cohort_members


@dataclass(frozen=True)
class NewCertificate:
    code: str
    learner_id: int
    cohort_id: int | None
    quiz_id: str
    attempt_id: int | None
    learner_name: str
    course_title: str
    track: str
    track_title: str
    programme: str | None
    score: float
    minutes: int
    completed_on: date


@dataclass(frozen=True)
class Certificate(NewCertificate):
    """A stored certificate: what was issued, plus its row id and status."""

    id: int
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None


def _cert(r: Any) -> Certificate:
    completed = r.completed_on
    if isinstance(completed, datetime):  # some drivers hand a Date back as a datetime
        completed = completed.date()
    return Certificate(
        r.code,
        r.learner_id,
        r.cohort_id,
        r.quiz_id,
        r.attempt_id,
        r.learner_name,
        r.course_title,
        r.track,
        r.track_title,
        r.programme,
        float(r.score),
        int(r.minutes),
        completed,
        r.id,
        r.issued_at,
        r.revoked_at,
    )


def for_learner_quiz(engine: Engine, learner_id: int, quiz_id: str) -> Certificate | None:
    with reading(engine) as conn:
        r = conn.execute(
            select(certificates).where(certificates.c.learner_id == learner_id, certificates.c.quiz_id == quiz_id)
        ).first()
    return _cert(r) if r else None


class CodeClash(Exception):
    """The random verification code is already taken: draw another."""


def insert_or_get(engine: Engine, new: NewCertificate) -> Certificate:
    """Store the certificate unless this learner already has one for this quiz (then return that).

    Raises CodeClash in the (astronomically rare) case the random code is taken by someone else."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(certificates).values(**asdict(new), issued_at=utcnow()))
    except IntegrityError:
        existing = for_learner_quiz(engine, new.learner_id, new.quiz_id)
        if existing is not None:
            return existing
        raise CodeClash(new.code) from None
    found = for_learner_quiz(engine, new.learner_id, new.quiz_id)
    assert found is not None
    return found


def by_code(engine: Engine, code: str) -> Certificate | None:
    with reading(engine) as conn:
        r = conn.execute(select(certificates).where(certificates.c.code == code)).first()
    return _cert(r) if r else None


def for_learner(engine: Engine, learner_id: int) -> list[Certificate]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(certificates).where(certificates.c.learner_id == learner_id).order_by(certificates.c.id)
        ).all()
    return [_cert(r) for r in rows]


def for_cohorts(engine: Engine, cohort_ids: Sequence[int]) -> list[Certificate]:
    """Certificates held by members of these cohorts (issued in any programme)."""
    if not cohort_ids:
        return []
    members = select(cohort_members.c.learner_id).where(cohort_members.c.cohort_id.in_(list(cohort_ids)))
    with reading(engine) as conn:
        rows = conn.execute(
            select(certificates).where(certificates.c.learner_id.in_(members)).order_by(certificates.c.id)
        ).all()
    return [_cert(r) for r in rows]


def revoke(engine: Engine, certificate_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(certificates)
            .where(certificates.c.id == certificate_id, certificates.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
