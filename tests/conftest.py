"""Shared fixtures: content fixture sets, and databases (SQLite and a real PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from modules.storage.db import make_engine
from scripts.localpg import LocalPostgres, pg_bin

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def valid_set(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture set (content/ and quizzes/)."""
    dest = tmp_path / "set"
    shutil.copytree(FIXTURES / "valid", dest)
    return dest


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """TEST_DATABASE_URL if set; otherwise a throwaway PostgreSQL cluster on a free loopback port."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run must install it (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries not found (install the postgresql package, or set TEST_DATABASE_URL)")
    server = LocalPostgres().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A fresh, empty database per test."""
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each storage test runs on both databases we support."""
    return request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
