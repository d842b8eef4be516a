"""Sign-in paths: the first admin from deployment settings, and a learner account."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules.services import auth
from modules.services.accounts import create_account
from modules.storage import users
from modules.storage.db import make_engine
from tests.app.conftest import APP


def test_first_admin_comes_from_environment_once(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_USERNAME", "chief")
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", auth.hash_password("the-first-password"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("modules/ui/views/sign_in.py").run()
    at.text_input[0].input("chief")
    at.text_input[1].input("the-first-password")
    at.button[0].click().run()
    assert not at.exception
    assert any(s.value.startswith("Signed in as") for s in at.success)
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    found = users.by_username(engine, "chief")
    assert found is not None and found.user.role == "admin"
    assert users.count_with_role(engine, "admin") == 1


def test_a_plain_password_in_settings_is_refused(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_USERNAME", "chief")
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", "not-a-hash")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("modules/ui/views/sign_in.py").run()
    at.text_input[0].input("chief")
    at.text_input[1].input("not-a-hash")
    at.button[0].click().run()
    assert any("Sign-in failed" in e.value for e in at.error)
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    assert users.by_username(engine, "chief") is None


def test_learner_account_signs_in_and_studies_as_its_learner(app_env: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    admin = auth.create_user(engine, "admin1", "Admin", "admin", "admin-password-1")
    create_account(
        engine, admin, "ana.m", "Ana M", "learner", "learner-password-1", "police", ["labour_inspector", "police"]
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("modules/ui/views/sign_in.py").run()
    at.text_input[0].input("ana.m")
    at.text_input[1].input("learner-password-1")
    at.button[0].click().run()
    assert not at.exception
    at.switch_page("modules/ui/views/home.py").run()
    assert "Welcome back, Ana M" in [s.value for s in at.header]
