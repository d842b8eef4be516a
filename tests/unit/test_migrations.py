"""Versioned migrations: from an empty database and from the previous version, on both databases,
and the migrated schema equals the tables the code declares."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, insert, inspect, select

from modules.services import identity
from modules.storage import migrate
from modules.storage.clock import utcnow
from modules.storage.db import make_engine, registered_metadata
from modules.storage.schema import learners, quiz_attempts, users


def _raw_engine(engine: Engine) -> Engine:
    """The same database without the automatic migration make_engine runs."""
    return make_engine(engine.url.render_as_string(hide_password=False), create=False)


def test_fresh_database_reaches_head_and_matches_the_code(engine: Engine) -> None:
    assert migrate.current(engine) == migrate.head()
    assert set(registered_metadata().tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), registered_metadata())
    assert diff == [], diff


def test_upgrade_from_previous_version_keeps_data(engine: Engine) -> None:
    raw = _raw_engine(engine)
    with raw.begin() as conn:  # start again from nothing, at the previous version
        for table in reversed(registered_metadata().sorted_tables):
            table.drop(conn, checkfirst=True)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migrate.upgrade(raw, "0001")
    assert migrate.current(raw) == "0001"
    assert "users" not in inspect(raw).get_table_names()
    now = utcnow()
    with raw.begin() as conn:
        learner_id = conn.execute(
            insert(learners)
            .values(
                token_hash=identity.code_hash("A" * 16),
                display_name="Ana",
                track="police",
                created_at=now,
                last_seen_at=now,
            )
            .returning(learners.c.id)
        ).scalar_one()
        conn.execute(
            insert(quiz_attempts).values(
                learner_id=learner_id,
                quiz_id="q",
                attempt_no=1,
                status="submitted",
                question_ids=["x"],
                seed=1,
                content_version="v",
                started_at=now,
                score=80.0,
                passed=True,
            )
        )
    migrate.upgrade(raw)
    assert migrate.current(raw) == migrate.head()
    with raw.begin() as conn:
        assert conn.execute(select(learners.c.display_name)).scalar_one() == "Ana"
        assert conn.execute(select(quiz_attempts.c.score)).scalar_one() == 80.0
        assert conn.execute(select(quiz_attempts.c.language)).scalar_one() == "en"  # all there was before
        assert conn.execute(select(learners.c.language)).scalar_one() is None  # never chosen
        conn.execute(
            insert(users).values(
                username="u", display_name="U", role="admin", password_hash="x", active=True, created_at=now
            )
        )
    raw.dispose()


def test_replicas_starting_together_migrate_once(postgres_url: str) -> None:
    """Several processes starting at once take turns on an advisory lock; none fails."""
    import uuid

    from sqlalchemy import text

    name = "mig_" + uuid.uuid4().hex[:8]
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    errors: list[BaseException] = []

    def start() -> None:
        try:
            make_engine(url).dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = make_engine(url, create=False)
    assert migrate.current(check) == migrate.head()
    check.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
