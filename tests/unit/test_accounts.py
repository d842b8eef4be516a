"""Account administration: only administrators, nobody locked out, learner accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from modules.services import accounts, auth, identity
from modules.storage import learners


def test_account_administration_guards(sqlite_engine: Engine) -> None:
    admin = auth.create_user(sqlite_engine, "admin", "Admin", "admin", "a-long-password")
    fac = auth.create_user(sqlite_engine, "fac", "Fac", "facilitator", "a-long-password")
    with pytest.raises(accounts.AccountError):
        accounts.set_account_active(sqlite_engine, admin, admin.id, False)  # not yourself
    with pytest.raises(accounts.AccountError):
        accounts.set_account_active(sqlite_engine, fac, admin.id, False)  # not an admin
    accounts.set_account_active(sqlite_engine, admin, fac.id, False)
    with pytest.raises(auth.AuthError):
        auth.authenticate(sqlite_engine, "fac", "a-long-password")
    accounts.set_account_active(sqlite_engine, admin, fac.id, True)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate(sqlite_engine, "fac", "wrong password!")
    with pytest.raises(accounts.AccountError):
        accounts.reset_password(sqlite_engine, admin, fac.id, "short")
    accounts.reset_password(sqlite_engine, admin, fac.id, "a-new-long-password")
    assert auth.authenticate(sqlite_engine, "fac", "a-new-long-password").role == "facilitator"  # lock lifted


def test_last_admin_cannot_be_deactivated(sqlite_engine: Engine) -> None:
    first = auth.create_user(sqlite_engine, "admin", "Admin", "admin", "a-long-password")
    second = auth.create_user(sqlite_engine, "admin2", "Admin 2", "admin", "a-long-password")
    accounts.set_account_active(sqlite_engine, first, second.id, False)
    with pytest.raises(accounts.AccountError):
        accounts.set_account_active(sqlite_engine, second, first.id, False)  # second is inactive: not an admin now


def test_learner_accounts_get_a_learner_record(sqlite_engine: Engine) -> None:
    admin = auth.create_user(sqlite_engine, "admin", "Admin", "admin", "a-long-password")
    user, code = accounts.create_account(
        sqlite_engine, admin, "ana", "Ana", "learner", "a-long-password", "police", ["police", "labour_inspector"]
    )
    assert code is not None and user.learner_id is not None
    record = accounts.learner_for_account(sqlite_engine, user)
    assert record is not None and record.display_name == "Ana" and record.track == "police"
    assert learners.by_token_hash(sqlite_engine, identity.code_hash(code)) == record
    staff, none = accounts.create_account(sqlite_engine, admin, "viewer1", "Donor", "viewer", "a-long-password")
    assert none is None and staff.learner_id is None and accounts.learner_for_account(sqlite_engine, staff) is None
    with pytest.raises(accounts.AccountError):
        accounts.create_account(
            sqlite_engine, admin, "ana", "Ana again", "learner", "a-long-password", "police", ["police"]
        )
    with pytest.raises(accounts.AccountError):
        accounts.create_account(sqlite_engine, admin, "bo", "Bo", "learner", "a-long-password", "pilot", ["police"])
    with pytest.raises(accounts.AccountError):
        accounts.create_account(sqlite_engine, admin, "x", "X", "viewer", "a-long-password")  # username too short
