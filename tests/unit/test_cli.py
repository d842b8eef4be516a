"""The command line a newcomer meets: the first administrator without a terminal, a password hash
for ADMIN_PASSWORD_HASH, and the addresses `make run` prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parents[2]


def _cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = "", cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "modules", *args],
        cwd=cwd,
        env=full,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_create_admin_without_a_terminal_says_how(tmp_path: Path) -> None:
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    out = _cli("create-admin", "--username", "admin", env=db)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and "EOFError" not in out.stderr
    assert "--password-env" in out.stderr
    short = _cli("create-admin", "--username", "admin", "--password-env", "PW", env={**db, "PW": "short"})
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    ok = _cli("create-admin", "--username", "admin", "--password-env", "PW", env={**db, "PW": "a-long-password"})
    assert ok.returncode == 0 and "created admin 'admin'" in ok.stdout


def test_hash_password_prints_an_argon2_hash_that_verifies() -> None:
    out = _cli("hash-password", "--password-env", "PW", env={"PW": "a-long-password"})
    assert out.returncode == 0, out.stderr
    digest = out.stdout.strip()
    assert digest.startswith("$argon2id$")
    assert PasswordHasher().verify(digest, "a-long-password")
    assert "a-long-password" not in out.stdout


def test_addresses_name_the_join_page_or_say_phones_cannot_reach_it() -> None:
    lan = _cli("addresses", "--port", "8600", env={"PUBLIC_URL": ""})
    assert "http://localhost:8600" in lan.stdout and "/join" in lan.stdout
    loop = _cli("addresses", "--port", "8600", "--address", "127.0.0.1", env={"PUBLIC_URL": ""})
    assert "Phones cannot join" in loop.stdout


def test_validate_checks_a_courses_national_figures_and_runs_from_anywhere(valid_set: Path) -> None:
    course = valid_set / "content/course.yaml"
    course.write_text(
        course.read_text().replace(
            "  tracks:", "  national_data:\n    file: ruri.csv\n    name: Ruritania\n  tracks:", 1
        )
    )
    (valid_set / "content/data").mkdir()
    (valid_set / "content/data/ruri.csv").write_text("year,prosecutions,convictions\n2020,12,5\n2021,1e9,4\n")
    env = {"CONTENT_DIR": str(valid_set / "content"), "QUIZZES_DIR": str(valid_set / "quizzes")}
    done = _cli("validate", env=env, cwd=valid_set)  # not the project folder
    assert done.returncode == 1
    assert "ruri.csv:3" in done.stdout and "prosecutions" in done.stdout, done.stdout
    assert f"checked {valid_set / 'content'} (CONTENT_DIR)" in done.stderr
    (valid_set / "content/data/ruri.csv").write_text("year,prosecutions,convictions\n2020,12,5\n2021,14,4\n")
    assert _cli("validate", env=env, cwd=valid_set).returncode == 0
