"""The policy module decides every permission: each role × each action, asserted one by one, and
no page can change a live session around it (tests/unit/test_layering.py keeps pages off the
repositories)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import Engine

from modules.services import live, policy
from modules.services.auth import create_user
from modules.services.policy import (
    Action,
    CohortFacts,
    Forbidden,
    HolderFacts,
    MemberFacts,
    SessionFacts,
    decide,
)
from modules.storage import users as users_repo
from modules.storage.users import User

ROOT = Path(__file__).resolve().parents[2]
OWNER = 10  # the facilitator who owns the cohort and started the session in every target below

ACTORS: dict[str, User | None] = {
    "anonymous": None,
    "learner": User(1, "lea", "Lea", "learner", 5, True),
    "viewer": User(2, "vic", "Vic", "viewer", None, True),
    "facilitator": User(OWNER, "fay", "Fay", "facilitator", None, True),
    "other facilitator": User(11, "olu", "Olu", "facilitator", None, True),
    "admin": User(20, "ada", "Ada", "admin", None, True),
    "deactivated admin": User(21, "old", "Old", "admin", None, False),
    "deactivated facilitator": User(OWNER, "fay", "Fay", "facilitator", None, False),
}
COHORT = CohortFacts(OWNER)
PSEUDONYMOUS = CohortFacts(OWNER, pseudonymous=True)
TARGETS = {
    Action.CREATE_COHORT: None,
    Action.MANAGE_COHORT: COHORT,
    Action.OBSERVE_SKILLS: PSEUDONYMOUS,  # scoring a role play needs no name: pseudonymous cohorts too
    Action.READ_COHORT_REPORT: COHORT,
    Action.SEE_NAMES: COHORT,
    Action.CONFIRM_NAME: COHORT,
    Action.REISSUE_RESUME_CODE: MemberFacts(COHORT, "roster"),
    Action.START_LIVE: None,
    Action.RUN_LIVE: SessionFacts(OWNER),
    Action.ATTACH_LIVE_TO_COHORT: COHORT,
    Action.PRESENT_LESSONS: None,
    Action.REVOKE_CERTIFICATE: HolderFacts((COHORT,)),
    Action.SAVE_DATASET: None,
    Action.MANAGE_ACCOUNTS: None,
    Action.ERASE_LEARNER: None,
    Action.SEE_CONTENT_PROBLEMS: None,
}
OWNERS = {"facilitator", "admin"}
FACILITATORS = {"facilitator", "other facilitator", "admin"}
EXPECTED: dict[Action, set[str]] = {
    Action.CREATE_COHORT: FACILITATORS,
    Action.MANAGE_COHORT: OWNERS,
    Action.OBSERVE_SKILLS: OWNERS,
    Action.READ_COHORT_REPORT: OWNERS | {"viewer"},
    Action.SEE_NAMES: OWNERS,
    Action.CONFIRM_NAME: OWNERS,
    Action.REISSUE_RESUME_CODE: OWNERS,
    Action.START_LIVE: FACILITATORS,
    Action.RUN_LIVE: OWNERS,
    Action.ATTACH_LIVE_TO_COHORT: OWNERS,
    Action.PRESENT_LESSONS: FACILITATORS,
    Action.REVOKE_CERTIFICATE: OWNERS,
    Action.SAVE_DATASET: FACILITATORS,
    Action.MANAGE_ACCOUNTS: {"admin"},
    Action.ERASE_LEARNER: {"admin"},
    Action.SEE_CONTENT_PROBLEMS: FACILITATORS | {"viewer"},
}


def test_every_action_has_a_target_and_an_expectation() -> None:
    assert set(TARGETS) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.name)
@pytest.mark.parametrize("who", list(ACTORS))
def test_role_by_action(who: str, action: Action) -> None:
    decision = decide(ACTORS[who], action, TARGETS[action])
    assert decision.allowed == (who in EXPECTED[action]), (who, action, decision.reason)
    if not decision.allowed:
        assert decision.reason  # a refusal always says why, in words a person can act on


def test_names_never_in_a_pseudonymous_cohort_not_even_for_an_administrator() -> None:
    for who in ("facilitator", "admin"):
        assert not decide(ACTORS[who], Action.SEE_NAMES, PSEUDONYMOUS)
        assert not decide(ACTORS[who], Action.CONFIRM_NAME, PSEUDONYMOUS)
        assert decide(ACTORS[who], Action.MANAGE_COHORT, PSEUDONYMOUS)


def test_a_new_resume_code_only_for_roster_members_or_with_consent() -> None:
    fay = ACTORS["facilitator"]
    assert decide(fay, Action.REISSUE_RESUME_CODE, MemberFacts(COHORT, "roster"))
    assert not decide(fay, Action.REISSUE_RESUME_CODE, MemberFacts(COHORT, "code"))
    assert decide(fay, Action.REISSUE_RESUME_CODE, MemberFacts(COHORT, "code", reissue_consent=True))
    assert not decide(ACTORS["admin"], Action.REISSUE_RESUME_CODE, MemberFacts(COHORT, "code"))
    other = ACTORS["other facilitator"]
    assert not decide(other, Action.REISSUE_RESUME_CODE, MemberFacts(COHORT, "roster", reissue_consent=True))


def test_a_certificate_holder_in_several_cohorts() -> None:
    holder = HolderFacts((CohortFacts(99), COHORT))
    assert decide(ACTORS["facilitator"], Action.REVOKE_CERTIFICATE, holder)
    assert not decide(ACTORS["facilitator"], Action.REVOKE_CERTIFICATE, HolderFacts(()))  # self-paced: admin only
    assert decide(ACTORS["admin"], Action.REVOKE_CERTIFICATE, HolderFacts(()))


def test_report_scope_keeps_viewers_to_groups_of_three() -> None:
    assert policy.report_scope(ACTORS["viewer"]).min_cell == policy.MIN_CELL == 3
    assert not policy.report_scope(ACTORS["viewer"]).names
    assert policy.report_scope(ACTORS["facilitator"]).per_learner
    assert policy.report_scope(ACTORS["deactivated facilitator"]).aggregate_only


def test_require_reads_the_account_again(engine: Engine) -> None:
    """A tab holding an account from before its deactivation is refused at its next action."""
    fay = create_user(engine, "fay", "Fay", "facilitator", "a long password")
    assert policy.require(engine, fay, Action.START_LIVE) == fay
    users_repo.set_active(engine, fay.id, False)
    with pytest.raises(Forbidden, match="no longer active"):
        policy.require(engine, fay, Action.START_LIVE)  # the stale object still says active=True


# -- no page goes around the policy ------------------------------------------------------------------
def _ui_files() -> list[Path]:
    return [*sorted((ROOT / "modules" / "ui").rglob("*.py")), ROOT / "app.py"]


def _calls(path: Path) -> list[tuple[str, str, int]]:
    """(object, attribute, line) of every call like `live.set_screen(...)` in a file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if isinstance(node.func.value, ast.Name):
                out.append((node.func.value.id, node.func.attr, node.lineno))
    return out


def test_pages_change_live_sessions_only_through_the_policy() -> None:
    guarded = {f.__name__ for f in live.CONTROLS} | {"start_session", "set_options"}
    offenders = [
        f"{path.relative_to(ROOT)}:{line} live.{attr}(...)"
        for path in _ui_files()
        for obj, attr, line in _calls(path)
        if obj == "live" and attr in guarded
    ]
    assert offenders == [], "call live.control / open_session / configure instead:\n" + "\n".join(offenders)
