"""Cohorts: creation with a join code, quiz assignment, who may see what, joining, and loading
the rows reports are computed from.

Access rules (checked here, not only in pages, so every caller gets them):
- an admin manages every cohort; a facilitator manages only the cohorts they own;
- a programme viewer sees every cohort's aggregates and never a name or a per-learner row;
- a learner sees none of this (their own results come through my-programme, by learner id).
A cohort someone may not see and a cohort that does not exist give the same error, so ids cannot
be probed. In a pseudonymous cohort names are replaced by pseudonyms *when the rows are loaded*,
so no later view or export can show one by mistake.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from modules.analytics.cohort_reports import (
    ANSWER_COLUMNS,
    ASSIGNMENT_COLUMNS,
    ATTEMPT_COLUMNS,
    CERTIFICATE_COLUMNS,
    COHORT_COLUMNS,
    COMPLETION_COLUMNS,
    MEMBER_COLUMNS,
    ORGANISATION_TYPES,
    SEXES,
    ReportData,
)
from modules.content.registry import Registry
from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import live, policy
from modules.services.data_protection import pseudonym
from modules.services.learners import InvalidInput, clean_display_name
from modules.services.policy import Action, Forbidden
from modules.storage import certificates as certificates_repo
from modules.storage import cohorts as repo
from modules.storage.cohorts import ROLES, Cohort, Member
from modules.storage.users import User

__all__ = [
    "ORGANISATION_TYPES",
    "ROLES",
    "SEXES",
    "Cohort",
    "CohortForm",
    "Forbidden",
    "InvalidInput",
    "Member",
]

JOIN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_LENGTH = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


# -- small text helpers ----------------------------------------------------------------------------
def clean_text(raw: str | None, field: str | None, max_len: int, required: bool = True) -> str | None:
    """Drop control and format characters (bidi overrides included), squeeze spaces, bound length.

    A refusal's message starts with `field`, the field's label as the page shows it (translated by the
    caller); with None it is left out (a roster's problem table names the column itself)."""
    kept = "".join(ch for ch in (raw or "") if unicodedata.category(ch)[0] != "C")
    text = " ".join(kept.split())
    if not text:
        if required:
            # TRANSLATORS: {field} is the label of a form field, such as "Cohort name".
            raise InvalidInput(_("{field}: required.", field=field) if field else _("Required."))
        return None
    if len(text) > max_len:
        if field:
            # TRANSLATORS: {field} is the label of a form field, such as "Cohort name".
            message = ngettext(
                "{field}: at most {n} character.", "{field}: at most {n} characters.", max_len, field=field
            )
        else:
            message = ngettext("At most {n} character.", "At most {n} characters.", max_len)
        raise InvalidInput(message)
    return text


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _position in range(JOIN_LENGTH))


def normalise_join_code(raw: str | None) -> str | None:
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != JOIN_LENGTH or any(ch not in JOIN_ALPHABET for ch in cleaned):
        return None
    return cleaned


def pretty_join_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# -- access (decided in services/policy.py) -----------------------------------------------------------
def facts(cohort: Cohort) -> policy.CohortFacts:
    return policy.CohortFacts(cohort.owner_user_id, cohort.pseudonymous)


def can_manage(user: User | None, cohort: Cohort) -> bool:
    return policy.allowed(user, Action.MANAGE_COHORT, facts(cohort))


def can_see_names(user: User | None, cohort: Cohort) -> bool:
    """Names appear only to the cohort's managers, and never in a pseudonymous cohort."""
    return policy.allowed(user, Action.SEE_NAMES, facts(cohort))


def visible_cohorts(engine: Engine, user: User | None) -> list[Cohort]:
    """Cohorts whose reports this account may open (aggregates for viewers)."""
    if user is None or not user.active or user.role not in policy.STAFF:
        return []
    owned = None if user.role in ("admin", "viewer") else user.id
    candidates = repo.list_all(engine) if owned is None else repo.list_owned(engine, owned)
    return [c for c in candidates if policy.allowed(user, Action.READ_COHORT_REPORT, facts(c))]


def managed_cohorts(engine: Engine, user: User | None) -> list[Cohort]:
    if user is None or not user.active or user.role not in policy.MANAGERS:
        return []
    candidates = repo.list_all(engine) if user.role == "admin" else repo.list_owned(engine, user.id)
    return [c for c in candidates if can_manage(user, c)]


def cohort_for(engine: Engine, user: User | None, cohort_id: int, manage: bool = True) -> Cohort:
    """The cohort if this account, as the database has it now, may manage it (or, with
    manage=False, read its aggregates). An unknown cohort gives the same error as another's."""
    cohort = repo.get(engine, cohort_id)
    action = Action.MANAGE_COHORT if manage else Action.READ_COHORT_REPORT
    if cohort is None:
        raise Forbidden(_("This cohort does not exist or is not yours."))
    policy.require(engine, user, action, facts(cohort))
    return cohort


# -- creating and editing -------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortForm:
    name: str
    programme: str
    country: str
    organisation: str
    start_date: date | None = None
    end_date: date | None = None


def _clean_form(form: CohortForm) -> CohortForm:
    errors = []
    values: dict[str, str] = {}
    for field, label, limit in (
        ("name", _("Cohort name"), 120),
        # TRANSLATORS: the label of a cohort's field: the training programme it belongs to.
        ("programme", _("Programme"), 160),
        ("country", _("Country"), 80),
        # TRANSLATORS: the label of a cohort's field: the organisation that runs or hosts it.
        ("organisation", _("Organisation"), 160),
    ):
        try:
            values[field] = clean_text(getattr(form, field), label, limit) or ""
        except InvalidInput as exc:
            errors.append(str(exc))
    if form.start_date and form.end_date and form.end_date < form.start_date:
        errors.append(_("Dates: the end date is before the start date."))
    if errors:
        raise InvalidInput(" ".join(errors))
    return CohortForm(**values, start_date=form.start_date, end_date=form.end_date)


def default_assignment(registry: Registry) -> list[tuple[str, str]]:
    """Quizzes a new cohort uses, from their kinds: pre-test, module quizzes, post-test, finals."""
    by_kind: dict[str, list[str]] = {"pre_test": [], "module": [], "post_test": [], "final": []}
    for quiz in registry.quizzes_for_track(None):
        if quiz.kind in by_kind:
            by_kind[quiz.kind].append(quiz.id)
    pairs = [(q, "pre_test") for q in by_kind["pre_test"][:1]]
    pairs += [(q, "module") for q in by_kind["module"]]
    pairs += [(q, "post_test") for q in by_kind["post_test"][:1]]
    pairs += [(q, "final") for q in by_kind["final"]]
    return pairs


def check_assignment(registry: Registry, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Validate (quiz id, role) pairs; raise InvalidInput naming every problem."""
    errors = []
    seen: set[str] = set()
    for quiz_id, role in pairs:
        quiz = registry.quizzes.get(quiz_id)
        if role not in ROLES:
            # TRANSLATORS: {quiz} is a quiz's id; {roles} lists the roles' ids (pre_test, module, post_test, final).
            errors.append(_("Role of {quiz}: one of {roles}.", quiz=quiz_id, roles=", ".join(ROLES)))
        if quiz is None:
            # TRANSLATORS: {quiz} is a quiz's id.
            errors.append(_("Quiz {quiz}: not found in the content.", quiz=quiz_id))
        elif role == "final" and quiz.kind != "final":
            # TRANSLATORS: {quiz} is a quiz's id; "kind final" is the content's own word: keep "final" as it is.
            errors.append(_("Quiz {quiz}: only a final assessment (kind final) can be the final.", quiz=quiz_id))
        if quiz_id in seen:
            # TRANSLATORS: {quiz} is a quiz's id.
            errors.append(_("Quiz {quiz}: assigned twice.", quiz=quiz_id))
        seen.add(quiz_id)
    too_many = {
        "pre_test": _("pre-test: at most one per cohort."),
        "post_test": _("post-test: at most one per cohort."),
    }
    for role, message in too_many.items():
        if sum(1 for _quiz, r in pairs if r == role) > 1:
            errors.append(message)
    if errors:
        raise InvalidInput(" ".join(errors))
    return list(pairs)


def create_cohort(
    engine: Engine,
    registry: Registry,
    user: User,
    form: CohortForm,
    owner_user_id: int | None = None,
    quizzes: Sequence[tuple[str, str]] | None = None,
) -> Cohort:
    """A facilitator creates a cohort they own; an admin may create one for another facilitator."""
    user = policy.require(engine, user, Action.CREATE_COHORT)
    owner = user.id if user.role != "admin" or owner_user_id is None else owner_user_id
    clean = _clean_form(form)
    pairs = check_assignment(registry, default_assignment(registry) if quizzes is None else quizzes)
    for _attempt in range(5):
        try:
            return repo.create(
                engine,
                name=clean.name,
                programme=clean.programme,
                country=clean.country,
                organisation=clean.organisation,
                start_date=clean.start_date,
                end_date=clean.end_date,
                join_code=new_join_code(),
                owner_user_id=owner,
                quizzes=pairs,
            )
        except IntegrityError:
            continue  # a join code clash (1 in a trillion): draw another
    raise RuntimeError("could not draw a free join code")


def update_cohort(engine: Engine, user: User, cohort_id: int, form: CohortForm) -> Cohort:
    cohort_for(engine, user, cohort_id)
    clean = _clean_form(form)
    repo.update_fields(
        engine,
        cohort_id,
        name=clean.name,
        programme=clean.programme,
        country=clean.country,
        organisation=clean.organisation,
        start_date=clean.start_date,
        end_date=clean.end_date,
    )
    return cohort_for(engine, user, cohort_id)


def set_quizzes(
    engine: Engine, registry: Registry, user: User, cohort_id: int, pairs: Sequence[tuple[str, str]]
) -> None:
    cohort_for(engine, user, cohort_id)
    repo.set_quizzes(engine, cohort_id, check_assignment(registry, pairs))


def set_programme_order(
    engine: Engine, user: User, cohort_id: int, pretest_first: bool, post_after_lessons: bool
) -> None:
    """How strict the cohort's order is: the pre-test before the lessons, and the post-test and
    the final after them."""
    cohort_for(engine, user, cohort_id)
    repo.update_fields(engine, cohort_id, pretest_first=pretest_first, post_after_lessons=post_after_lessons)


def set_pseudonymous(engine: Engine, user: User, cohort_id: int, on: bool) -> None:
    cohort_for(engine, user, cohort_id)
    repo.update_fields(engine, cohort_id, pseudonymous=on)


def delete_cohort(engine: Engine, user: User, cohort_id: int) -> None:
    cohort_for(engine, user, cohort_id)
    repo.delete_cohort(engine, cohort_id)


def members_for(engine: Engine, user: User, cohort_id: int) -> list[Member]:
    """Members with contact details: for the cohort's managers only (pseudonymised if the cohort is)."""
    cohort = cohort_for(engine, user, cohort_id)
    rows = repo.members(engine, [cohort_id])
    if not can_see_names(user, cohort):
        rows = [
            replace(m, display_name=pseudonym(m.learner_id), email=None, staff_id=None, confirmed_name=None)
            for m in rows
        ]
    return rows


def confirm_name(engine: Engine, user: User, cohort_id: int, learner_id: int, name: str) -> str:
    """Record a member's name as checked by the facilitator (against an ID, a staff list): their
    certificates then print it as recorded by the programme. Not in a pseudonymous cohort."""
    cohort = repo.get(engine, cohort_id)
    if cohort is None:
        raise Forbidden(_("This cohort does not exist or is not yours."))
    actor = policy.require(engine, user, Action.CONFIRM_NAME, facts(cohort))
    clean = clean_display_name(name)
    if not repo.confirm_name(engine, cohort_id, learner_id, clean, actor.id):
        raise InvalidInput(_("This learner is not a member of the cohort."))
    return clean


def my_membership(engine: Engine, learner_id: int, cohort_id: int) -> Member | None:
    """The learner's own membership of a cohort (for their My programme page)."""
    return repo.membership(engine, cohort_id, learner_id)


def set_reissue_consent(engine: Engine, learner_id: int, cohort_id: int, on: bool) -> None:
    """The learner's own choice: may this cohort's facilitator issue them a new resume code?"""
    if not repo.set_reissue_consent(engine, cohort_id, learner_id, on):
        raise InvalidInput(_("You are not a member of this cohort."))


# -- learners joining ------------------------------------------------------------------------------
def check_organisation_type(raw: str | None, named: bool = True) -> str:
    """The organisation type's code; a refusal lists the accepted values and, when `named`, starts with
    the field's label (a roster's problem table names the column itself)."""
    value = _vocab_value(raw, ORGANISATION_TYPES)
    if value is None:
        choices = ", ".join(ORGANISATION_TYPES.values())
        if named:
            # TRANSLATORS: {choices} lists the accepted values in English ("Labour inspectorate, Police, …"),
            # as a roster file must give them.
            raise InvalidInput(_("Organisation type: one of {choices}.", choices=choices))
        # TRANSLATORS: {choices} lists the accepted values in English ("Labour inspectorate, Police, …"), as a
        # roster file must give them.
        raise InvalidInput(_("One of: {choices}.", choices=choices))
    return value


def check_sex(raw: str | None, named: bool = True) -> str | None:
    """The sex's code, or None when it is left empty; a refusal as in `check_organisation_type`."""
    if raw is None or not raw.strip():
        return None
    value = _vocab_value(raw, SEXES)
    if value is None:
        choices = ", ".join(SEXES.values())
        if named:
            # TRANSLATORS: {choices} lists the accepted values in English ("Female, Male, …"), as a roster
            # file must give them.
            raise InvalidInput(_("Sex: one of {choices}, or leave it empty.", choices=choices))
        # TRANSLATORS: {choices} lists the accepted values in English ("Female, Male, …"), as a roster file
        # must give them.
        raise InvalidInput(_("One of: {choices}, or leave it empty.", choices=choices))
    return value


def _vocab_value(raw: str | None, vocab: dict[str, str]) -> str | None:
    """Accept a code or its label, any case, spaces or underscores ('Labour inspectorate')."""
    key = " ".join((raw or "").replace("_", " ").split()).casefold()
    if not key:
        return None
    for code, label in vocab.items():
        if key in (code.replace("_", " ").casefold(), label.casefold()):
            return code
    aliases = {
        "f": "female",
        "m": "male",
        "woman": "female",
        "man": "male",
        "labour inspection": "labour_inspectorate",
        "inspectorate": "labour_inspectorate",
        "prosecutor": "prosecution",
        "court": "judiciary",
        "prefer not to say": "not_stated",
    }
    found = aliases.get(key)
    return found if found in vocab else None


def join(
    engine: Engine,
    learner_id: int,
    raw_code: str,
    organisation_type: str,
    sex: str | None = None,
    region: str | None = None,
) -> tuple[Cohort, bool]:
    """Join with a code. Returns the cohort and whether this call added the learner (False if
    they were already a member: joining twice is harmless)."""
    code = normalise_join_code(raw_code)
    cohort = repo.by_join_code(engine, code) if code else None
    if cohort is None:
        raise InvalidInput(_("Join code: not recognised. Check the 8 letters and digits your facilitator gave you."))
    org = check_organisation_type(organisation_type)
    sex_value = check_sex(sex)
    # TRANSLATORS: the label of the field where a learner gives their region (of a country).
    region_value = clean_text(region, _("Region"), 80, required=False)
    added = repo.add_member(engine, cohort.id, learner_id, org, sex_value, region_value, source="code")
    return cohort, added


def learner_cohorts(engine: Engine, learner_id: int) -> list[Cohort]:
    return repo.cohorts_of_learner(engine, learner_id)


# -- report rows -----------------------------------------------------------------------------------
def load_report_data(engine: Engine, user: User | None, cohorts: Sequence[Cohort], names: bool = True) -> ReportData:
    """Rows for reports on those of these cohorts the account may see (others are dropped, not
    trusted from the caller). A learner is shown by name only where `can_see_names` allows it and
    names=True (donor reports pass False); everywhere else by pseudonym."""
    allowed = {c.id for c in visible_cohorts(engine, user)}
    cohorts = [c for c in cohorts if c.id in allowed]
    ids = [c.id for c in cohorts]
    by_id = {c.id: c for c in cohorts}
    named = {c.id for c in cohorts if names and can_see_names(user, c)}
    cohort_frame = pd.DataFrame(
        [
            {
                "cohort_id": c.id,
                "cohort": c.name,
                "programme": c.programme,
                "country": c.country,
                "organisation": c.organisation,
                "start_date": c.start_date,
                "end_date": c.end_date,
                "pseudonymous": c.pseudonymous,
            }
            for c in cohorts
        ],
        columns=COHORT_COLUMNS,
    )
    member_rows = [
        {
            "cohort_id": m.cohort_id,
            "cohort": by_id[m.cohort_id].name,
            "learner_id": m.learner_id,
            "learner": m.display_name if m.cohort_id in named else pseudonym(m.learner_id),
            "track": m.track,
            "organisation_type": m.organisation_type,
            "sex": m.sex,
            "region": m.region,
        }
        for m in repo.members(engine, ids)
    ]
    assignments = pd.DataFrame(
        [{"cohort_id": a.cohort_id, "quiz_id": a.quiz_id, "role": a.role} for a in repo.quizzes_for(engine, ids)],
        columns=ASSIGNMENT_COLUMNS,
    )
    attempts = pd.DataFrame(
        repo.submitted_attempts(engine, ids),
        columns=ATTEMPT_COLUMNS,
    )
    answers = pd.DataFrame(
        repo.submitted_answers(engine, ids),
        columns=ANSWER_COLUMNS,
    )
    completion = pd.DataFrame(repo.lesson_completion(engine, ids), columns=COMPLETION_COLUMNS)
    certs = pd.DataFrame(
        [
            {"learner_id": c.learner_id, "quiz_id": c.quiz_id, "completed_on": c.completed_on}
            for c in certificates_repo.for_cohorts(engine, ids)
            if c.valid
        ],
        columns=CERTIFICATE_COLUMNS,
    )
    return ReportData(
        cohorts=cohort_frame,
        members=pd.DataFrame(member_rows, columns=MEMBER_COLUMNS),
        assignments=assignments,
        attempts=attempts,
        answers=answers,
        completion=completion,
        certificates=certs,
    )


LIVE_COLUMNS = [
    "cohort_id",
    "session_id",
    "session_title",
    "session_started_at",
    "participants",
    "questions",
    "responses",
    "mean_share_correct",
]


def live_summaries(engine: Engine, user: User | None, cohorts: Sequence[Cohort]) -> pd.DataFrame:
    """One row per live session attached to these cohorts (participants, questions, responses,
    mean share right). Aggregates only: no nickname; for a viewer, the share right of a session
    with fewer than MIN_CELL participants is withheld (it would be a person's answers)."""
    allowed = {c.id for c in visible_cohorts(engine, user)}
    ids = [c.id for c in cohorts if c.id in allowed]
    session_ids = repo.live_session_ids(engine, ids)
    rows = live.session_summaries(engine, session_ids) if session_ids else []
    by_session: dict[int, dict[str, object]] = {}
    shares: dict[int, list[float]] = {}
    for s in rows:
        entry = by_session.setdefault(
            s.session_id,
            {
                "cohort_id": s.cohort_id,
                "session_id": s.session_id,
                "session_title": s.session_title,
                "session_started_at": s.session_started_at,
                "participants": s.participants,
                "questions": 0,
                "responses": 0,
            },
        )
        entry["questions"] = int(entry["questions"]) + 1  # type: ignore[call-overload]
        entry["responses"] = int(entry["responses"]) + int(s.responses)  # type: ignore[call-overload]
        if s.share_correct is not None:
            shares.setdefault(s.session_id, []).append(float(s.share_correct))
    min_cell = policy.report_scope(user).min_cell
    for sid, entry in by_session.items():
        values = shares.get(sid, [])
        too_few = int(entry["participants"]) < min_cell  # type: ignore[call-overload]
        entry["mean_share_correct"] = sum(values) / len(values) if values and not too_few else None
    return pd.DataFrame(list(by_session.values()), columns=LIVE_COLUMNS)


def assigned_quizzes(engine: Engine, user: User, cohort_id: int) -> dict[str, list[str]]:
    """The cohort's quizzes by role (pre_test, module, post_test, final), in display order."""
    cohort_for(engine, user, cohort_id)
    current = repo.quizzes_for(engine, [cohort_id])
    return {role: [a.quiz_id for a in current if a.role == role] for role in ROLES}


def possible_owners(engine: Engine, user: User) -> dict[int, str]:
    """Who a new cohort can belong to: yourself, and for an admin any active facilitator."""
    from modules.storage import users as users_repo

    # TRANSLATORS: in the list of who a new cohort can belong to; {name} is the signed-in person's own name.
    owners = {user.id: _("{name} (you)", name=user.display_name)}
    if user.role == "admin":
        owners |= {u.id: u.display_name for u in users_repo.list_all(engine) if u.role == "facilitator" and u.active}
    return owners
