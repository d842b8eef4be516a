"""Staff sessions held by a browser tab: found again after a refresh, ended by sign-out,
deactivation, a password reset or time; only a hash of the token is stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from modules.services import accounts, auth
from modules.storage import staff_sessions
from modules.storage.clock import utcnow
from modules.storage.schema import staff_sessions as table

PASSWORD = "a-long-password"


def test_a_session_finds_its_account_until_it_ends(engine: Engine) -> None:
    user = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    token = auth.start_session(engine, user)
    assert auth.session_user(engine, token) == user
    with engine.connect() as conn:
        stored = conn.execute(select(table.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64  # a hash, never the token
    assert auth.session_user(engine, token + "x") is None
    assert auth.session_user(engine, None) is None and auth.session_user(engine, "x" * 500) is None
    auth.end_session(engine, token)
    assert auth.session_user(engine, token) is None


def test_deactivation_and_a_password_reset_end_open_sessions(engine: Engine) -> None:
    admin = auth.create_user(engine, "admin", "Admin", "admin", PASSWORD)
    trainer = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    token = auth.start_session(engine, trainer)
    accounts.set_account_active(engine, admin, trainer.id, False)
    assert auth.session_user(engine, token) is None  # the open tab stops at its next action
    accounts.set_account_active(engine, admin, trainer.id, True)
    assert auth.session_user(engine, token) is None  # reactivating does not revive old sessions
    fresh = auth.start_session(engine, trainer)
    accounts.reset_password(engine, admin, trainer.id, "another-long-password")
    assert auth.session_user(engine, fresh) is None


def test_an_expired_session_is_refused(engine: Engine) -> None:
    user = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    staff_sessions.create(engine, "h" * 64, user.id, utcnow() - timedelta(seconds=1))
    assert staff_sessions.user_for(engine, "h" * 64) is None
    staff_sessions.create(engine, "k" * 64, user.id, utcnow() + timedelta(hours=1))
    assert staff_sessions.user_for(engine, "k" * 64) == user
    assert staff_sessions.user_for(engine, "k" * 64, now=utcnow() + timedelta(hours=2)) is None
