"""Cohorts, their members and assigned quizzes, and the read queries programme reports need.

Report queries select by cohort (a subquery on cohort_members) rather than by a list of learner
ids, so a report on a 300-person programme is a handful of statements, not a parameter list per
learner, and a learner outside the cohorts asked for can never appear in the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import attempt_answers, learners, lesson_progress, quiz_attempts, users
from modules.storage.schema_live import live_sessions
from modules.storage.schema_programme import code_reissues, cohort_members, cohort_quizzes, cohorts

ROLES = ("pre_test", "module", "post_test", "final")


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    programme: str
    country: str
    organisation: str
    start_date: date | None
    end_date: date | None
    join_code: str
    owner_user_id: int | None
    pseudonymous: bool
    created_at: datetime
    pretest_first: bool = True
    post_after_lessons: bool = True
    observations_required: bool = False
    """Certificates also need every observed-skill checklist of the learner's track passed."""


@dataclass(frozen=True)
class Member:
    cohort_id: int
    learner_id: int
    display_name: str
    track: str
    email: str | None
    staff_id: str | None
    organisation_type: str
    sex: str | None
    region: str | None
    source: str
    joined_at: datetime
    confirmed_name: str | None = None
    """The name as the programme recorded it (roster import or a facilitator's check), if any."""
    reissue_consent: bool = False


@dataclass(frozen=True)
class CohortQuiz:
    cohort_id: int
    quiz_id: str
    role: str
    position: int


@dataclass(frozen=True)
class NewMember:
    """A roster row ready to store: the learner record and the membership are written together."""

    row: int
    display_name: str
    track: str
    token_hash: str
    organisation_type: str
    email: str | None = None
    staff_id: str | None = None
    sex: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    row: int
    learner_id: int | None
    """None when the row was skipped because the person is already in the cohort."""


def _cohort(r: Any) -> Cohort:
    return Cohort(
        id=r.id,
        name=r.name,
        programme=r.programme,
        country=r.country,
        organisation=r.organisation,
        start_date=r.start_date,
        end_date=r.end_date,
        join_code=r.join_code,
        owner_user_id=r.owner_user_id,
        pseudonymous=bool(r.pseudonymous),
        created_at=r.created_at,
        pretest_first=bool(r.pretest_first),
        post_after_lessons=bool(r.post_after_lessons),
        observations_required=bool(r.observations_required),
    )


def _member(r: Any) -> Member:
    return Member(
        r.cohort_id,
        r.learner_id,
        r.display_name,
        r.track,
        r.email,
        r.staff_id,
        r.organisation_type,
        r.sex,
        r.region,
        r.source,
        r.joined_at,
        r.confirmed_name,
        r.reissue_consent_at is not None,
    )


# -- cohorts ---------------------------------------------------------------------------------
def create(
    engine: Engine,
    *,
    name: str,
    programme: str,
    country: str,
    organisation: str,
    start_date: date | None,
    end_date: date | None,
    join_code: str,
    owner_user_id: int | None,
    quizzes: Sequence[tuple[str, str]] = (),
) -> Cohort:
    """Insert a cohort with its quiz assignment in one transaction (IntegrityError on a code clash)."""
    now = utcnow()
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(cohorts)
            .values(
                name=name,
                programme=programme,
                country=country,
                organisation=organisation,
                start_date=start_date,
                end_date=end_date,
                join_code=join_code,
                owner_user_id=owner_user_id,
                pseudonymous=False,
                created_at=now,
            )
            .returning(cohorts.c.id)
        ).scalar_one()
        if quizzes:
            conn.execute(
                insert(cohort_quizzes),
                [{"cohort_id": new_id, "quiz_id": q, "role": r, "position": i} for i, (q, r) in enumerate(quizzes)],
            )
    found = get(engine, new_id)
    assert found is not None
    return found


def get(engine: Engine, cohort_id: int) -> Cohort | None:
    with reading(engine) as conn:
        r = conn.execute(select(cohorts).where(cohorts.c.id == cohort_id)).first()
    return _cohort(r) if r else None


def by_join_code(engine: Engine, join_code: str) -> Cohort | None:
    with reading(engine) as conn:
        r = conn.execute(select(cohorts).where(cohorts.c.join_code == join_code)).first()
    return _cohort(r) if r else None


def list_all(engine: Engine) -> list[Cohort]:
    with reading(engine) as conn:
        rows = conn.execute(select(cohorts).order_by(cohorts.c.programme, cohorts.c.name, cohorts.c.id)).all()
    return [_cohort(r) for r in rows]


def list_owned(engine: Engine, user_id: int) -> list[Cohort]:
    with reading(engine) as conn:
        rows = conn.execute(
            select(cohorts)
            .where(cohorts.c.owner_user_id == user_id)
            .order_by(cohorts.c.programme, cohorts.c.name, cohorts.c.id)
        ).all()
    return [_cohort(r) for r in rows]


def update_fields(engine: Engine, cohort_id: int, **fields: object) -> None:
    allowed = {
        "name",
        "programme",
        "country",
        "organisation",
        "start_date",
        "end_date",
        "pseudonymous",
        "owner_user_id",
        "pretest_first",
        "post_after_lessons",
        "observations_required",
    }
    values = {k: v for k, v in fields.items() if k in allowed}
    if not values:
        return
    with engine.begin() as conn:
        conn.execute(update(cohorts).where(cohorts.c.id == cohort_id).values(**values))


def delete_cohort(engine: Engine, cohort_id: int) -> None:
    """Remove the cohort and its memberships; the learners and their results stay."""
    with engine.begin() as conn:
        conn.execute(delete(cohort_quizzes).where(cohort_quizzes.c.cohort_id == cohort_id))
        conn.execute(delete(cohort_members).where(cohort_members.c.cohort_id == cohort_id))
        conn.execute(delete(cohorts).where(cohorts.c.id == cohort_id))


# -- quizzes ---------------------------------------------------------------------------------
def set_quizzes(engine: Engine, cohort_id: int, quizzes: Sequence[tuple[str, str]]) -> None:
    """Replace the assignment: (quiz id, role) pairs in display order."""
    with engine.begin() as conn:
        conn.execute(delete(cohort_quizzes).where(cohort_quizzes.c.cohort_id == cohort_id))
        if quizzes:
            conn.execute(
                insert(cohort_quizzes),
                [{"cohort_id": cohort_id, "quiz_id": q, "role": r, "position": i} for i, (q, r) in enumerate(quizzes)],
            )


def quizzes_for(engine: Engine, cohort_ids: Sequence[int]) -> list[CohortQuiz]:
    if not cohort_ids:
        return []
    with reading(engine) as conn:
        rows = conn.execute(
            select(cohort_quizzes)
            .where(cohort_quizzes.c.cohort_id.in_(list(cohort_ids)))
            .order_by(cohort_quizzes.c.cohort_id, cohort_quizzes.c.position)
        ).all()
    return [CohortQuiz(r.cohort_id, r.quiz_id, r.role, r.position) for r in rows]


# -- members ---------------------------------------------------------------------------------
def add_member(
    engine: Engine,
    cohort_id: int,
    learner_id: int,
    organisation_type: str,
    sex: str | None = None,
    region: str | None = None,
    source: str = "code",
) -> bool:
    """Join a learner to a cohort; False (and no change) if they already belong to it."""
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(cohort_members).values(
                    cohort_id=cohort_id,
                    learner_id=learner_id,
                    organisation_type=organisation_type,
                    sex=sex,
                    region=region,
                    source=source,
                    joined_at=utcnow(),
                )
            )
    except IntegrityError:
        return False
    return True


def update_member(engine: Engine, cohort_id: int, learner_id: int, **fields: object) -> None:
    allowed = {"organisation_type", "sex", "region"}
    values = {k: v for k, v in fields.items() if k in allowed}
    if values:
        with engine.begin() as conn:
            conn.execute(
                update(cohort_members)
                .where(cohort_members.c.cohort_id == cohort_id, cohort_members.c.learner_id == learner_id)
                .values(**values)
            )


def remove_member(engine: Engine, cohort_id: int, learner_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(cohort_members).where(
                cohort_members.c.cohort_id == cohort_id, cohort_members.c.learner_id == learner_id
            )
        )


def import_members(
    engine: Engine, cohort_id: int, rows: Sequence[NewMember], by_user_id: int | None = None
) -> list[ImportOutcome]:
    """Create a learner and a membership per row, skipping people already in the cohort. The
    roster's name is the name the programme recorded (`confirmed_name`, by the importing account).

    One transaction for the file; each row in a savepoint, so a row that races a concurrent import
    of the same person (unique e-mail or staff id) is skipped without undoing the others."""
    out: list[ImportOutcome] = []
    now = utcnow()
    with engine.begin() as conn:
        for row in rows:
            same_person = []
            if row.email:
                same_person.append(cohort_members.c.email == row.email)
            if row.staff_id:
                same_person.append(cohort_members.c.staff_id == row.staff_id)
            if same_person:
                existing = conn.execute(
                    select(cohort_members.c.learner_id).where(
                        cohort_members.c.cohort_id == cohort_id, or_(*same_person)
                    )
                ).first()
                if existing is not None:
                    out.append(ImportOutcome(row.row, None))
                    continue
            try:
                with conn.begin_nested():
                    learner_id = conn.execute(
                        insert(learners)
                        .values(
                            token_hash=row.token_hash,
                            display_name=row.display_name,
                            track=row.track,
                            created_at=now,
                            last_seen_at=now,
                        )
                        .returning(learners.c.id)
                    ).scalar_one()
                    conn.execute(
                        insert(cohort_members).values(
                            cohort_id=cohort_id,
                            learner_id=learner_id,
                            email=row.email,
                            staff_id=row.staff_id,
                            organisation_type=row.organisation_type,
                            sex=row.sex,
                            region=row.region,
                            source="roster",
                            joined_at=now,
                            confirmed_name=row.display_name,
                            name_confirmed_by=by_user_id,
                            name_confirmed_at=now,
                        )
                    )
            except IntegrityError:
                out.append(ImportOutcome(row.row, None))
                continue
            out.append(ImportOutcome(row.row, learner_id))
    return out


def _members_query(cohort_ids: Sequence[int]):  # type: ignore[no-untyped-def]
    return (
        select(
            cohort_members.c.cohort_id,
            cohort_members.c.learner_id,
            learners.c.display_name,
            learners.c.track,
            cohort_members.c.email,
            cohort_members.c.staff_id,
            cohort_members.c.organisation_type,
            cohort_members.c.sex,
            cohort_members.c.region,
            cohort_members.c.source,
            cohort_members.c.joined_at,
            cohort_members.c.confirmed_name,
            cohort_members.c.reissue_consent_at,
        )
        .join(learners, learners.c.id == cohort_members.c.learner_id)
        .where(cohort_members.c.cohort_id.in_(list(cohort_ids)))
        .order_by(cohort_members.c.cohort_id, learners.c.display_name, cohort_members.c.learner_id)
    )


def members(engine: Engine, cohort_ids: Sequence[int]) -> list[Member]:
    if not cohort_ids:
        return []
    with reading(engine) as conn:
        rows = conn.execute(_members_query(cohort_ids)).all()
    return [_member(r) for r in rows]


def membership(engine: Engine, cohort_id: int, learner_id: int) -> Member | None:
    with reading(engine) as conn:
        r = conn.execute(_members_query([cohort_id]).where(cohort_members.c.learner_id == learner_id)).first()
    return _member(r) if r else None


def cohorts_of_learner(engine: Engine, learner_id: int) -> list[Cohort]:
    """The learner's cohorts, most recently joined first."""
    with reading(engine) as conn:
        rows = conn.execute(
            select(cohorts)
            .join(cohort_members, cohort_members.c.cohort_id == cohorts.c.id)
            .where(cohort_members.c.learner_id == learner_id)
            .order_by(cohort_members.c.joined_at.desc(), cohorts.c.id.desc())
        ).all()
    return [_cohort(r) for r in rows]


def reissue_token(
    engine: Engine, cohort_id: int, learner_id: int, token_hash: str, by_user_id: int | None, basis: str
) -> bool:
    """Give a member a new resume code (the old one stops working) and record who did it, when and
    on what grounds, in one transaction. Only for a member of this cohort, checked in the same
    statement, so a facilitator cannot reset a stranger's code."""
    in_cohort = select(cohort_members.c.learner_id).where(
        cohort_members.c.cohort_id == cohort_id, cohort_members.c.learner_id == learner_id
    )
    with engine.begin() as conn:
        changed = conn.execute(
            update(learners)
            .where(and_(learners.c.id == learner_id, learners.c.id.in_(in_cohort)))
            .values(token_hash=token_hash)
        ).rowcount
        if changed != 1:
            return False
        conn.execute(
            insert(code_reissues).values(
                cohort_id=cohort_id, learner_id=learner_id, by_user_id=by_user_id, basis=basis, at=utcnow()
            )
        )
    return True


def reissues(engine: Engine, cohort_id: int) -> list[dict[str, Any]]:
    """The cohort's resume-code reissues, newest first (learner id, by whom and their name, grounds, when)."""
    with reading(engine) as conn:
        rows = conn.execute(
            select(code_reissues, users.c.display_name.label("by_name"))
            .outerjoin(users, users.c.id == code_reissues.c.by_user_id)
            .where(code_reissues.c.cohort_id == cohort_id)
            .order_by(code_reissues.c.id.desc())
        ).all()
    return [dict(r._mapping) for r in rows]


def confirm_name(engine: Engine, cohort_id: int, learner_id: int, name: str, by_user_id: int | None) -> bool:
    """Record the name a facilitator checked against the person (e.g. their ID card)."""
    with engine.begin() as conn:
        changed = conn.execute(
            update(cohort_members)
            .where(cohort_members.c.cohort_id == cohort_id, cohort_members.c.learner_id == learner_id)
            .values(confirmed_name=name, name_confirmed_by=by_user_id, name_confirmed_at=utcnow())
        ).rowcount
    return changed == 1


def set_reissue_consent(engine: Engine, cohort_id: int, learner_id: int, on: bool) -> bool:
    with engine.begin() as conn:
        changed = conn.execute(
            update(cohort_members)
            .where(cohort_members.c.cohort_id == cohort_id, cohort_members.c.learner_id == learner_id)
            .values(reissue_consent_at=utcnow() if on else None)
        ).rowcount
    return changed == 1


# -- report queries (by cohort) -----------------------------------------------------------------
def _learners_in(cohort_ids: Sequence[int]):  # type: ignore[no-untyped-def]
    return select(cohort_members.c.learner_id).where(cohort_members.c.cohort_id.in_(list(cohort_ids)))


def submitted_attempts(engine: Engine, cohort_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Submitted attempts of the cohorts' members, oldest first per learner and quiz."""
    if not cohort_ids:
        return []
    q = (
        select(
            quiz_attempts.c.id.label("attempt_id"),
            quiz_attempts.c.learner_id,
            quiz_attempts.c.quiz_id,
            quiz_attempts.c.attempt_no,
            quiz_attempts.c.score,
            quiz_attempts.c.passed,
            quiz_attempts.c.started_at,
            quiz_attempts.c.submitted_at,
            quiz_attempts.c.content_version,
            quiz_attempts.c.language,
        )
        .where(quiz_attempts.c.status == "submitted", quiz_attempts.c.learner_id.in_(_learners_in(cohort_ids)))
        .order_by(quiz_attempts.c.learner_id, quiz_attempts.c.quiz_id, quiz_attempts.c.attempt_no)
    )
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(q).all()]


def submitted_answers(engine: Engine, cohort_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Per-question answers of the cohorts' members' submitted attempts."""
    if not cohort_ids:
        return []
    q = (
        select(
            attempt_answers.c.attempt_id,
            quiz_attempts.c.learner_id,
            quiz_attempts.c.quiz_id,
            quiz_attempts.c.attempt_no,
            attempt_answers.c.question_id,
            attempt_answers.c.position,
            attempt_answers.c.answer,
            attempt_answers.c.score,
            attempt_answers.c.correct,
            quiz_attempts.c.language,
        )
        .join(quiz_attempts, quiz_attempts.c.id == attempt_answers.c.attempt_id)
        .where(quiz_attempts.c.status == "submitted", quiz_attempts.c.learner_id.in_(_learners_in(cohort_ids)))
        .order_by(attempt_answers.c.attempt_id, attempt_answers.c.position)
    )
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(q).all()]


def lesson_completion(engine: Engine, cohort_ids: Sequence[int]) -> list[dict[str, Any]]:
    if not cohort_ids:
        return []
    q = select(lesson_progress.c.learner_id, lesson_progress.c.lesson_id, lesson_progress.c.completed).where(
        lesson_progress.c.learner_id.in_(_learners_in(cohort_ids))
    )
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(q).all()]


def live_session_ids(engine: Engine, cohort_ids: Sequence[int]) -> list[int]:
    """Ids of live sessions attached to these cohorts."""
    if not cohort_ids:
        return []
    with reading(engine) as conn:
        rows = conn.execute(
            select(live_sessions.c.id)
            .where(live_sessions.c.cohort_id.in_(list(cohort_ids)))
            .order_by(live_sessions.c.id)
        ).all()
    return [int(r.id) for r in rows]
