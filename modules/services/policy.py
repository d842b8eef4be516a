"""Who may do what: every permission and privacy decision of the app, in one place.

Views ask `allowed(...)` to decide what to draw; services call `require(...)` before they read or
write, so a page or a path added later cannot skip a rule. A decision is a pure function of the
actor and a few plain facts about the target, so the whole table is tested role by role
(tests/unit/test_policy.py). Services pass the account as the database has it *now*
(`fresh_actor`), so a deactivated account or a changed role stops at its next action, even in a
tab that was open before.

The rules, in words:
- Nobody acts through an inactive account; anonymous visitors and learners act on no cohort,
  session, dataset, account or certificate of anyone else.
- An administrator manages everything. A facilitator manages the cohorts they own and runs the live
  sessions they started; a live session is attached only to a cohort its facilitator manages.
- A programme viewer reads aggregates of every cohort, never a name or a per-learner row, and every
  figure they see covers at least MIN_CELL people (`report_scope`).
- Names appear only to a cohort's managers, and never in a pseudonymous cohort.
- A new resume code (which takes over the learner's record) is issued only for a learner whom the
  cohort's programme enrolled from its roster, or who agreed to it beforehand; never for a learner
  who only joined with the join code, because their record may hold other programmes' work. This
  rule and pseudonymity bind administrators too.
- A certificate is revoked or re-issued by an administrator, or by a manager of a cohort its holder
  belongs to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine

from modules.analytics.cohort_reports import MIN_CELL  # smallest group a viewer sees a figure about
from modules.i18n import gettext as _
from modules.storage import users as users_repo
from modules.storage.users import User

log = logging.getLogger(__name__)

__all__ = ["MIN_CELL", "Action", "Decision", "Forbidden", "ReportScope"]


class Action(StrEnum):
    CREATE_COHORT = "create a cohort"
    MANAGE_COHORT = "manage a cohort"  # settings, quizzes, roster, members, deletion
    OBSERVE_SKILLS = "score a member's role play against an observation checklist"
    READ_COHORT_REPORT = "read a cohort's aggregate report"
    SEE_NAMES = "see learners' names and per-learner rows"
    CONFIRM_NAME = "confirm a learner's name for certificates"
    REISSUE_RESUME_CODE = "issue a learner a new resume code"
    START_LIVE = "start a live session"
    RUN_LIVE = "run a live session"
    ATTACH_LIVE_TO_COHORT = "attach a live session to a cohort"
    PRESENT_LESSONS = "present lessons with facilitator notes"
    REVOKE_CERTIFICATE = "revoke or re-issue a certificate"
    SAVE_DATASET = "save or delete a named national dataset"
    MANAGE_ACCOUNTS = "manage staff and learner accounts"
    ERASE_LEARNER = "erase a learner's data"
    SEE_CONTENT_PROBLEMS = "see the course's authoring problems"


STAFF = ("admin", "facilitator", "viewer")
MANAGERS = ("admin", "facilitator")


@dataclass(frozen=True)
class CohortFacts:
    owner_user_id: int | None
    pseudonymous: bool = False


@dataclass(frozen=True)
class MemberFacts:
    """A learner's membership of a cohort: how they came in and whether they agreed to a new code."""

    cohort: CohortFacts
    source: str  # roster | code
    reissue_consent: bool = False


@dataclass(frozen=True)
class SessionFacts:
    facilitator_id: int | None


@dataclass(frozen=True)
class HolderFacts:
    """The cohorts a certificate's holder belongs to."""

    cohorts: tuple[CohortFacts, ...] = ()


Target = CohortFacts | MemberFacts | SessionFacts | HolderFacts | None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    """Why not, for the person refused, in the current language (it is shown, never stored)."""

    def __bool__(self) -> bool:
        return self.allowed


class Forbidden(PermissionError):
    """The actor may not do this. The message is safe to show and never says whether a target exists."""


_YES = Decision(True)


def _no(reason: str) -> Decision:
    return Decision(False, reason)


def _manages(actor: User, cohort: CohortFacts) -> bool:
    return actor.role == "admin" or (actor.role == "facilitator" and cohort.owner_user_id == actor.id)


def decide(actor: User | None, action: Action, target: Target = None) -> Decision:
    """The decision for one actor, action and target (pure: no database, no Streamlit; a refusal's reason
    is in the current language)."""
    if actor is None:
        return _no(_("Sign in first."))
    if not actor.active:
        return _no(_("This account is no longer active."))
    role = actor.role
    # Rules that bind administrators too: pseudonymity, and taking over a learner's record.
    if action in (Action.SEE_NAMES, Action.CONFIRM_NAME) and isinstance(target, CohortFacts) and target.pseudonymous:
        return _no(_("Names are never shown in a pseudonymous cohort."))
    if action is Action.REISSUE_RESUME_CODE and isinstance(target, MemberFacts):
        if not (target.source == "roster" or target.reissue_consent):
            # TRANSLATORS: "My programme" is the name of a learner's page: use its translation in the menu.
            return _no(
                _(
                    "This learner joined with the join code, and their record may hold other work: a new code is "
                    "issued only for learners enrolled from the roster, or who agreed to it on their My programme page."
                )
            )
    if role == "admin":
        return _YES
    match action:
        case Action.CREATE_COHORT | Action.START_LIVE | Action.SAVE_DATASET | Action.PRESENT_LESSONS:
            return _YES if role == "facilitator" else _no(_("Only facilitators and administrators may do this."))
        case Action.SEE_CONTENT_PROBLEMS:
            return _YES if role in STAFF else _no(_("Only staff see authoring problems."))
        case Action.MANAGE_COHORT | Action.ATTACH_LIVE_TO_COHORT | Action.OBSERVE_SKILLS:
            if isinstance(target, CohortFacts) and _manages(actor, target):
                return _YES
            return _no(_("This cohort does not exist or is not yours."))
        case Action.READ_COHORT_REPORT:
            if isinstance(target, CohortFacts) and (role == "viewer" or _manages(actor, target)):
                return _YES
            return _no(_("This cohort does not exist or is not yours."))
        case Action.SEE_NAMES | Action.CONFIRM_NAME:
            if isinstance(target, CohortFacts) and _manages(actor, target) and not target.pseudonymous:
                return _YES
            return _no(_("Names are shown only to the cohort's facilitator, and never in a pseudonymous cohort."))
        case Action.REISSUE_RESUME_CODE:
            if isinstance(target, MemberFacts) and _manages(actor, target.cohort):
                return _YES
            return _no(_("This cohort does not exist or is not yours."))
        case Action.RUN_LIVE:
            if isinstance(target, SessionFacts) and role == "facilitator" and target.facilitator_id == actor.id:
                return _YES
            return _no(_("This session belongs to another facilitator."))
        case Action.REVOKE_CERTIFICATE:
            if isinstance(target, HolderFacts) and any(_manages(actor, c) for c in target.cohorts):
                return _YES
            return _no(
                _("Only an administrator, or a facilitator of the holder's cohort, may revoke this certificate.")
            )
        case Action.MANAGE_ACCOUNTS | Action.ERASE_LEARNER:
            return _no(_("Only administrators may do this."))
    return _no(_("Not allowed."))


def allowed(actor: User | None, action: Action, target: Target = None) -> bool:
    """For views: whether to offer something. Services still enforce it with `require`."""
    return decide(actor, action, target).allowed


def fresh_actor(engine: Engine, actor: User | None) -> User | None:
    """The account as the database has it now (a tab may hold it from before a deactivation)."""
    return users_repo.by_id(engine, actor.id) if actor is not None else None


def require(engine: Engine, actor: User | None, action: Action, target: Target = None) -> User:
    """Raise Forbidden unless the account, read again now, may do this; return the fresh account."""
    current = fresh_actor(engine, actor)
    decision = decide(current, action, target)
    if not decision:
        log.info("refused: user=%s action=%r", getattr(actor, "id", None), action.name)
        raise Forbidden(decision.reason)
    assert current is not None
    return current


@dataclass(frozen=True)
class ReportScope:
    """What a report may show this account: names and per-learner rows, and the smallest group
    any figure may describe (0 = no suppression, for a cohort's own facilitator)."""

    names: bool
    per_learner: bool
    min_cell: int

    @property
    def aggregate_only(self) -> bool:
        return not self.per_learner


def report_scope(actor: User | None) -> ReportScope:
    """Managers see their own cohorts' learners; a viewer (or anyone else) sees aggregates of
    groups of at least MIN_CELL people only."""
    if actor is not None and actor.active and actor.role in MANAGERS:
        return ReportScope(names=True, per_learner=True, min_cell=0)
    return ReportScope(names=False, per_learner=False, min_cell=MIN_CELL)
