"""Shared fixtures: content fixture sets, and databases (SQLite and a real PostgreSQL)."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import Engine, create_engine, text

from modules.storage.db import make_engine
from scripts.localpg import LocalPostgres, pg_bin

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def missing_dependency(message: str) -> NoReturn:
    """A test needs something the machine lacks (a browser, a database server, a load balancer).

    Under CI (the `CI` variable set, as .ci/run and hosted runners do) that fails the run: a green build
    must mean every test ran. On a developer machine the test is skipped, and `-ra` lists why."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so a missing dependency fails the run: scripts/system-deps.sh)")
    pytest.skip(message)


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
        missing_dependency(
            "PostgreSQL server binaries not found (install the postgresql package, or set TEST_DATABASE_URL)"
        )
    server = LocalPostgres().start()
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server (the URL of its `postgres` database), dropped afterwards."""
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server_url.rsplit("/", 1)[0] + "/" + name
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A fresh, empty database per test."""
    with fresh_database(postgres_url) as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each storage test runs on both databases we support (`-m "not postgres"` leaves PostgreSQL out)."""
    return request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reaches PostgreSQL carries the `postgres` marker, however it asks for the server."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.postgres)
