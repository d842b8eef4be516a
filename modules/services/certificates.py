"""Certificates: who has earned one, issuing it once, and public verification.

Earning: a learner earns a certificate by passing a final assessment (quiz kind `final`) of their
track, under the quiz's own grading rule (the same rule the quiz page applies). Self-paced learners
earn one too; for a cohort member the certificate names the programme.

What a certificate shows: name, course, track, completion date, hours (the track's lesson minutes),
score, programme, and a verification code with a QR code of the verification URL
(PUBLIC_URL, else http://localhost:8501, + /verify?code=...).

What the public verification page reveals (decided here, on purpose, and nothing else): whether the
code belongs to a valid, revoked or unknown certificate and, for a known one, the holder's name,
the course, the track and the completion date: enough to check a printed copy against the record.
It does not reveal the score, the hours, the programme or anything about other learners; the score
is the holder's to share. Codes are 12 random characters (60 bits), so they cannot be guessed or
enumerated. Erasing a learner erases their certificates: the code then reads as unknown.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.domain.quiz import Quiz
from modules.services import quizzes as quiz_service
from modules.storage import certificates as repo
from modules.storage import cohorts as cohorts_repo
from modules.storage import learners as learners_repo
from modules.storage.certificates import Certificate, CodeClash, NewCertificate

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
DEFAULT_PUBLIC_URL = "http://localhost:8501"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})

__all__ = ["Certificate", "Earned", "PublicRecord", "issue", "verify"]


def public_url() -> str:
    return (os.environ.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).strip().rstrip("/")


def verification_url(code: str) -> str:
    return f"{public_url()}/verify?code={pretty_code(code)}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str | None:
    """Accept what a person types or scans (lower case, dashes, spaces, O for 0)."""
    cleaned = "".join(ch for ch in (raw or "")[:64].upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def pretty_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def track_minutes(registry: Registry, track: str) -> int:
    return sum(lesson.minutes for lesson in registry.lessons_in_order(track))


def format_hours(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} minutes"
    hours = minutes / 60
    return f"{hours:.1f} hours".replace(".0 hours", " hours")


def finals_for_track(registry: Registry, track: str) -> list[Quiz]:
    return [q for q in registry.quizzes_for_track(track) if q.kind == "final" and (q.track in (None, track))]


@dataclass(frozen=True)
class Earned:
    quiz: Quiz
    score: float
    attempt_id: int
    completed_on: date


def earned(engine: Engine, registry: Registry, learner_id: int) -> list[Earned]:
    """Final assessments of the learner's track that they have passed."""
    learner = learners_repo.by_id(engine, learner_id)
    if learner is None:
        return []
    out = []
    for quiz in finals_for_track(registry, learner.track):
        status = quiz_service.quiz_status(engine, quiz, learner_id)
        if not status.passed or status.grade is None:
            continue
        passing = [a for a in status.submitted if a.passed] or status.submitted
        decisive = passing[0] if quiz.grading == "highest" else status.submitted[-1]
        when = decisive.submitted_at or decisive.started_at
        out.append(Earned(quiz, float(status.grade), decisive.id, _as_date(when)))
    return out


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def issue(engine: Engine, registry: Registry, learner_id: int, quiz_id: str | None = None) -> Certificate | None:
    """The learner's certificate for a passed final (the first one, or `quiz_id`), issued once and
    returned unchanged afterwards; None if they have not earned one."""
    learner = learners_repo.by_id(engine, learner_id)
    if learner is None:
        return None
    candidates = [e for e in earned(engine, registry, learner_id) if quiz_id is None or e.quiz.id == quiz_id]
    if not candidates:
        return None
    won = candidates[0]
    existing = repo.for_learner_quiz(engine, learner_id, won.quiz.id)
    if existing is not None:
        return existing
    cohort_id, programme = _programme_for(engine, learner_id, won.quiz.id)
    course = registry.course
    track_title = (
        next((t.title for t in course.tracks if t.id == learner.track), learner.track) if course else learner.track
    )
    for _ in range(5):
        try:
            return repo.insert_or_get(
                engine,
                NewCertificate(
                    code=new_code(),
                    learner_id=learner_id,
                    cohort_id=cohort_id,
                    quiz_id=won.quiz.id,
                    attempt_id=won.attempt_id,
                    learner_name=learner.display_name,
                    course_title=course.title if course else won.quiz.title,
                    track=learner.track,
                    track_title=track_title,
                    programme=programme,
                    score=round(won.score, 1),
                    minutes=track_minutes(registry, learner.track),
                    completed_on=won.completed_on,
                ),
            )
        except CodeClash:
            continue
    raise RuntimeError("could not draw a free certificate code")


def _programme_for(engine: Engine, learner_id: int, quiz_id: str) -> tuple[int | None, str | None]:
    """The learner's cohort that set this final (else their latest cohort), as 'Programme: cohort'."""
    cohorts = cohorts_repo.cohorts_of_learner(engine, learner_id)
    if not cohorts:
        return None, None
    assigned = {a.cohort_id for a in cohorts_repo.quizzes_for(engine, [c.id for c in cohorts]) if a.quiz_id == quiz_id}
    chosen = next((c for c in cohorts if c.id in assigned), cohorts[0])
    label = chosen.programme if chosen.programme == chosen.name else f"{chosen.programme}: {chosen.name}"
    return chosen.id, label


def for_learner(engine: Engine, learner_id: int) -> list[Certificate]:
    return repo.for_learner(engine, learner_id)


@dataclass(frozen=True)
class PublicRecord:
    """What the verification page may show; see the module docstring for why exactly this."""

    code: str
    status: str  # valid | revoked
    holder: str
    course: str
    track: str
    completed_on: date


def verify(engine: Engine, raw_code: str | None) -> PublicRecord | None:
    code = normalise_code(raw_code)
    if code is None:
        return None
    cert = repo.by_code(engine, code)
    if cert is None:
        return None
    return PublicRecord(
        code=pretty_code(cert.code),
        status="valid" if cert.valid else "revoked",
        holder=cert.learner_name,
        course=cert.course_title,
        track=cert.track_title,
        completed_on=cert.completed_on,
    )
