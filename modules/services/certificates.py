"""Certificates: who has earned one, issuing it once, revoking and re-issuing, and public verification.

Earning: a learner earns a certificate by passing a final assessment (quiz kind `final`) of their
track, under the quiz's own grading rule (the same rule the quiz page applies). Self-paced learners
earn one too; for a cohort member the certificate names the programme.

What a certificate certifies (its `basis`): "programme" when the holder's name is the one the
programme recorded (a roster import, or a facilitator who checked it against the person), else
"self_declared": the name the learner typed, which the certificate and the verification page say
in so many words. A verifier can therefore tell a cohort-backed certificate from a self-made one.

What the public verification page reveals (decided here, on purpose, and nothing else): whether the
code belongs to a valid, revoked or superseded certificate (with the date) or to none and, for a
known one, the holder's name and whether the programme recorded it, the course, the track, the
programme and cohort, the completion and issue dates, the language it is written in: enough to check
a printed copy against the record. It does not reveal the score, the hours, the reason for a
revocation, or anything about other learners. Codes are 12 random characters (60 bits), so they cannot be guessed or enumerated.
Erasing a learner erases their certificates: the code then reads as unknown.

Revoking and re-issuing (an administrator, or a facilitator of a cohort the holder belongs to;
services/policy.py decides) keep who did it, when and why. A revoked certificate is never issued
again automatically; a re-issued one gets a new code, and the old code reads "superseded".
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.domain.quiz import Quiz
from modules.export.certificate_pdf import check_printable
from modules.i18n import current, format_number, ngettext
from modules.i18n import gettext as _
from modules.services import cohorts as cohort_service
from modules.services import observations, policy
from modules.services import quizzes as quiz_service
from modules.services.cohorts import facts as cohort_facts
from modules.services.policy import Action
from modules.storage import certificates as repo
from modules.storage import cohorts as cohorts_repo
from modules.storage import learners as learners_repo
from modules.storage.certificates import Certificate, CodeClash, NewCertificate
from modules.storage.cohorts import Cohort, Member
from modules.storage.learners import Learner
from modules.storage.users import User

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
DEFAULT_PUBLIC_URL = "http://localhost:8501"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})

__all__ = [
    "Certificate",
    "CertificateRefused",
    "Earned",
    "PublicRecord",
    "issue",
    "issue_for",
    "reissue",
    "revoke",
    "verify",
]

log = logging.getLogger(__name__)


def public_url() -> str:
    return (os.environ.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).strip().rstrip("/")


def public_address_set() -> bool:
    """Whether verification links point somewhere other people can reach (PUBLIC_URL is set)."""
    return bool((os.environ.get("PUBLIC_URL") or "").strip())


def name_note(cert: Certificate) -> str:
    """The line under the holder's name that says what the certificate certifies about it, in the current
    language (the certificate's)."""
    if cert.basis == "programme":
        # TRANSLATORS: printed under the holder's name on a certificate.
        return _("Name as recorded by the programme")
    if cert.programme:
        # TRANSLATORS: printed under the holder's name on a certificate.
        return _("Self-declared name, not yet confirmed by the programme")
    # TRANSLATORS: printed under the holder's name on a certificate of a learner who studied on their own.
    return _("Self-declared name · self-paced study")


def verification_url(code: str) -> str:
    return f"{public_url()}/verify?code={pretty_code(code)}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


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
    """The study time a certificate states ("45 minutes", "2.5 hours"), in the current language."""
    if minutes < 60:
        # TRANSLATORS: the study time printed on a certificate.
        return ngettext("{n} minute", "{n} minutes", minutes)
    hours = round(minutes / 60, 1)
    if hours == int(hours):
        # TRANSLATORS: the study time printed on a certificate.
        return ngettext("{n} hour", "{n} hours", int(hours))
    # TRANSLATORS: the study time printed on a certificate; {hours} has one decimal, such as "2.5".
    return _("{hours} hours", hours=format_number(hours))


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


class CertificateRefused(ValueError):
    """A certificate cannot be issued as asked; the message says why in plain words, in the tab's language."""


def issue(engine: Engine, registry: Registry, learner_id: int, quiz_id: str | None = None) -> Certificate | None:
    """The learner's certificate for a passed final (the first one, or `quiz_id`), issued once and
    returned unchanged afterwards; None if they have not earned one. Raises CertificateRefused when
    it was revoked, or when the name cannot be printed."""
    candidates = [e for e in earned(engine, registry, learner_id) if quiz_id is None or e.quiz.id == quiz_id]
    return issue_for(engine, registry, learner_id, candidates[0]) if candidates else None


def issue_for(engine: Engine, registry: Registry, learner_id: int, won: Earned) -> Certificate | None:
    """`issue` for a pass the caller has already read with `earned` (My programme lists them first)."""
    learner = learners_repo.by_id(engine, learner_id)
    if learner is None:
        return None
    latest = repo.latest_for_learner_quiz(engine, learner_id, won.quiz.id)
    if latest is not None and latest.valid:
        return latest
    if latest is not None:
        raise CertificateRefused(
            _("Your certificate for this course was revoked. Ask your facilitator or the programme's administrator.")
        )
    for _attempt in range(5):
        try:
            return repo.insert_or_get(engine, _new_certificate(engine, registry, learner, won))
        except CodeClash:
            continue
    raise RuntimeError("could not draw a free certificate code")


def _new_certificate(engine: Engine, registry: Registry, learner: Learner, won: Earned) -> NewCertificate:
    """What a certificate for this pass shows, from the records as they are now."""
    cohort, member = _programme_for(engine, learner.id, won.quiz.id)
    if cohort is not None:
        missing = observations.missing_for_certificate(engine, registry, cohort, learner.id, learner.track)
        if missing:
            raise CertificateRefused(
                # TRANSLATORS: {checklists} lists the titles of observation checklists (role plays), separated
                # by semicolons.
                _(
                    "Your programme also needs these observed role plays passed: {checklists}. "
                    "Your facilitator scores them during the workshop.",
                    checklists="; ".join(missing),
                )
            )
    name = member.confirmed_name if member is not None and member.confirmed_name else learner.display_name
    problem = check_printable(name)
    if problem:
        raise CertificateRefused(problem)
    course = registry.course
    track_title = (
        next((t.title for t in course.tracks if t.id == learner.track), learner.track) if course else learner.track
    )
    return NewCertificate(
        code=new_code(),
        learner_id=learner.id,
        cohort_id=cohort.id if cohort else None,
        quiz_id=won.quiz.id,
        attempt_id=won.attempt_id,
        learner_name=name,
        course_title=course.title if course else won.quiz.title,
        track=learner.track,
        track_title=track_title,
        programme=_programme_label(cohort) if cohort else None,
        score=round(won.score, 1),
        minutes=track_minutes(registry, learner.track),
        completed_on=won.completed_on,
        basis="programme" if member is not None and member.confirmed_name else "self_declared",
        language=current(),  # the registry's texts above are in it: the learner's, on their own page
    )


def _programme_label(cohort: Cohort) -> str:
    return cohort.programme if cohort.programme == cohort.name else f"{cohort.programme}: {cohort.name}"


def _programme_for(engine: Engine, learner_id: int, quiz_id: str) -> tuple[Cohort | None, Member | None]:
    """The cohort the certificate names, and the learner's membership of it: a cohort that set this
    final and recorded the learner's name, else one that set it, else one that recorded the name,
    else the latest joined."""
    cohorts = cohorts_repo.cohorts_of_learner(engine, learner_id)
    if not cohorts:
        return None, None
    assigned = {a.cohort_id for a in cohorts_repo.quizzes_for(engine, [c.id for c in cohorts]) if a.quiz_id == quiz_id}
    members = {c.id: cohorts_repo.membership(engine, c.id, learner_id) for c in cohorts}

    def rank(c: Cohort) -> tuple[bool, bool, bool]:
        m = members.get(c.id)
        confirmed, set_it = bool(m and m.confirmed_name), c.id in assigned
        return (set_it and confirmed, set_it, confirmed)

    best = max(cohorts, key=rank)  # the first of equals: the latest joined
    return best, members.get(best.id)


def _holder(engine: Engine, learner_id: int) -> policy.HolderFacts:
    return policy.HolderFacts(tuple(cohort_facts(c) for c in cohorts_repo.cohorts_of_learner(engine, learner_id)))


def _clean_reason(reason: str) -> str:
    text = " ".join("".join(ch for ch in reason if ch.isprintable()).split())[:300]
    if len(text) < 3:
        raise CertificateRefused(_("Reason: say in a few words why (it is kept with the record)."))
    return text


def revoke(engine: Engine, user: User, certificate_id: int, reason: str) -> Certificate:
    """Revoke a certificate (its code then verifies as revoked, with the date); who and why are kept."""
    cert = repo.by_id(engine, certificate_id)
    if cert is None:
        raise policy.Forbidden(_("No such certificate, or not one you may change."))
    actor = policy.require(engine, user, Action.REVOKE_CERTIFICATE, _holder(engine, cert.learner_id))
    why = _clean_reason(reason)
    if not repo.revoke(engine, certificate_id, actor.id, why):
        raise CertificateRefused(_("This certificate was already revoked or re-issued."))
    log.info("certificate revoked: id=%s by=%s", certificate_id, actor.id)
    found = repo.by_id(engine, certificate_id)
    assert found is not None
    return found


def reissue(engine: Engine, registry: Registry, user: User, certificate_id: int, reason: str) -> Certificate:
    """Replace a current certificate with a new one (new code) drawn from the records as they are
    now, for example after a facilitator confirmed the holder's name; the old code reads superseded."""
    cert = repo.by_id(engine, certificate_id)
    if cert is None:
        raise policy.Forbidden(_("No such certificate, or not one you may change."))
    actor = policy.require(engine, user, Action.REVOKE_CERTIFICATE, _holder(engine, cert.learner_id))
    why = _clean_reason(reason)
    if not cert.valid:
        raise CertificateRefused(_("Only a current certificate can be re-issued."))
    learner = learners_repo.by_id(engine, cert.learner_id)
    won = next((e for e in earned(engine, registry, cert.learner_id) if e.quiz.id == cert.quiz_id), None)
    if learner is None or won is None:
        raise CertificateRefused(
            _("The holder no longer meets the requirements for this certificate: revoke it instead.")
        )
    for _attempt in range(5):
        try:
            new = repo.supersede(
                engine, certificate_id, _new_certificate(engine, registry, learner, won), actor.id, why
            )
        except CodeClash:
            continue
        except LookupError:
            raise CertificateRefused(_("This certificate was already revoked or re-issued.")) from None
        log.info("certificate re-issued: id=%s as id=%s by=%s", certificate_id, new.id, actor.id)
        return new
    raise RuntimeError("could not draw a free certificate code")


def for_cohort(engine: Engine, user: User, cohort_id: int) -> list[Certificate]:
    """Certificates (current, revoked and superseded) of a cohort's members, for its managers."""
    cohort_service.cohort_for(engine, user, cohort_id)
    return repo.for_cohorts(engine, [cohort_id], current_only=False)


def for_learner(engine: Engine, learner_id: int) -> list[Certificate]:
    return repo.for_learner(engine, learner_id)


@dataclass(frozen=True)
class PublicRecord:
    """What the verification page may show; see the module docstring for why exactly this."""

    code: str
    status: str  # valid | revoked | superseded
    holder: str
    name_recorded_by_programme: bool
    course: str
    track: str
    programme: str | None
    completed_on: date
    issued_on: date
    status_since: date | None  # when it was revoked or superseded
    language: str = "en"
    """The language the certificate is written in: the course and track above are in it, in every tab."""


def verify(engine: Engine, raw_code: str | None) -> PublicRecord | None:
    code = normalise_code(raw_code)
    if code is None:
        return None
    cert = repo.by_code(engine, code)
    if cert is None:
        return None
    return PublicRecord(
        code=pretty_code(cert.code),
        status=cert.status,
        holder=cert.learner_name,
        name_recorded_by_programme=cert.basis == "programme",
        course=cert.course_title,
        track=cert.track_title,
        programme=cert.programme,
        completed_on=cert.completed_on,
        issued_on=_as_date(cert.issued_at),
        status_since=_as_date(cert.revoked_at) if cert.revoked_at else None,
        language=cert.language,
    )
