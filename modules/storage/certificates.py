"""Issued certificates. At most one current certificate per learner and final assessment (issuing
twice returns the first); a revoked or superseded one stays, so its code verifies as such."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, Update, insert, select, update
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
    basis: str = "self_declared"  # programme | self_declared
    language: str = "en"
    """The language it was issued in: its texts were written in it, and a reprint uses it again."""


@dataclass(frozen=True, kw_only=True)
class Certificate(NewCertificate):
    """A stored certificate: what was issued, plus its row id and status."""

    id: int
    issued_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    revoked_by: int | None = None
    superseded_by: int | None = None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    @property
    def status(self) -> str:
        """valid | revoked | superseded (re-issued under a new code)."""
        if self.revoked_at is None:
            return "valid"
        return "superseded" if self.superseded_by is not None else "revoked"


_FIELDS = [f.name for f in fields(Certificate)]


def _cert(r: Any) -> Certificate:
    values = {name: r._mapping[name] for name in _FIELDS}
    if isinstance(values["completed_on"], datetime):  # some drivers hand a Date back as a datetime
        values["completed_on"] = values["completed_on"].date()
    values["score"] = float(values["score"])
    values["minutes"] = int(values["minutes"])
    return Certificate(**values)


def for_learner_quiz(engine: Engine, learner_id: int, quiz_id: str) -> Certificate | None:
    """The current (unrevoked) certificate of this learner for this final, if any."""
    with reading(engine) as conn:
        r = conn.execute(
            select(certificates).where(
                certificates.c.learner_id == learner_id,
                certificates.c.quiz_id == quiz_id,
                certificates.c.revoked_at.is_(None),
            )
        ).first()
    return _cert(r) if r else None


def latest_for_learner_quiz(engine: Engine, learner_id: int, quiz_id: str) -> Certificate | None:
    """The most recent certificate of this learner for this final, revoked or not."""
    with reading(engine) as conn:
        r = conn.execute(
            select(certificates)
            .where(certificates.c.learner_id == learner_id, certificates.c.quiz_id == quiz_id)
            .order_by(certificates.c.id.desc())
        ).first()
    return _cert(r) if r else None


def by_id(engine: Engine, certificate_id: int) -> Certificate | None:
    with reading(engine) as conn:
        r = conn.execute(select(certificates).where(certificates.c.id == certificate_id)).first()
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
        raise CodeClash(new.code) from None  # the random code was taken: the caller draws another
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


def for_cohorts(engine: Engine, cohort_ids: Sequence[int], current_only: bool = True) -> list[Certificate]:
    """Certificates held by members of these cohorts (issued in any programme); with
    current_only=False the revoked and superseded ones too."""
    if not cohort_ids:
        return []
    members = select(cohort_members.c.learner_id).where(cohort_members.c.cohort_id.in_(list(cohort_ids)))
    query = select(certificates).where(certificates.c.learner_id.in_(members))
    if current_only:
        query = query.where(certificates.c.revoked_at.is_(None))
    with reading(engine) as conn:
        rows = conn.execute(query.order_by(certificates.c.id)).all()
    return [_cert(r) for r in rows]


def _revoke(certificate_id: int, by_user_id: int | None, reason: str) -> Update:
    """Mark a certificate revoked, only if it is still current (a conditional update: two staff
    acting at once change it once)."""
    return (
        update(certificates)
        .where(certificates.c.id == certificate_id, certificates.c.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason, revoked_by=by_user_id)
    )


def revoke(engine: Engine, certificate_id: int, by_user_id: int | None, reason: str) -> bool:
    """Revoke a current certificate, keeping who and why; False if it was already revoked."""
    with engine.begin() as conn:
        done = conn.execute(_revoke(certificate_id, by_user_id, reason)).rowcount
    return bool(done)


def supersede(
    engine: Engine, certificate_id: int, new: NewCertificate, by_user_id: int | None, reason: str
) -> Certificate:
    """Re-issue in one transaction: the old certificate is marked superseded (with who and why) and
    the new one takes its place. Raises CodeClash if the new code is taken, LookupError if the old
    certificate is no longer current (someone else revoked or re-issued it first)."""
    try:
        with engine.begin() as conn:
            done = conn.execute(_revoke(certificate_id, by_user_id, reason)).rowcount
            if not done:
                raise LookupError("This certificate is no longer current.")
            new_id = conn.execute(
                insert(certificates).values(**asdict(new), issued_at=utcnow()).returning(certificates.c.id)
            ).scalar_one()
            conn.execute(update(certificates).where(certificates.c.id == certificate_id).values(superseded_by=new_id))
    except IntegrityError:
        raise CodeClash(new.code) from None
    found = by_id(engine, int(new_id))
    assert found is not None
    return found
