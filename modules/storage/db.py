"""Engine from a URL. SQLite gets WAL, a busy timeout and foreign keys; PostgreSQL uses psycopg 3."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, create_engine, event

from modules.paths import PROJECT_ROOT
from modules.storage import schema_live, schema_programme  # noqa: F401 - register their tables
from modules.storage.schema import metadata

DEFAULT_SQLITE = PROJECT_ROOT / "data" / "app.db"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return normalise_url(url) if url else f"sqlite:///{DEFAULT_SQLITE}"


def normalise_url(url: str) -> str:
    """Accept the common `postgres://` and `postgresql://` forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, create: bool = True) -> Engine:
    url = normalise_url(url) if url else database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    else:
        engine = create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True)
    if create:
        from modules.storage.migrate import upgrade

        upgrade(engine)
    return engine


def reading(engine: Engine) -> Connection:
    """A connection for reads only: on SQLite it skips BEGIN IMMEDIATE (see `_sqlite_begin_immediate`)."""
    return engine.connect().execution_options(read_only=True)


def registered_metadata() -> MetaData:
    """Every table of every feature (their modules register on the shared metadata on import)."""
    return metadata


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the lock at BEGIN so two never deadlock on a lock upgrade. Readers (connections
    # with execution option read_only=True) run in autocommit: under WAL each read sees a
    # consistent snapshot and never waits for a writer.
    if not conn.get_execution_options().get("read_only"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_outage(exc: BaseException) -> bool:
    """Whether an error means the database cannot be reached now (stopped, restarting, network gone,
    no free connection), as opposed to a bug or a broken rule such as a duplicate key."""
    from sqlalchemy import exc as sa

    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, sa.OperationalError | sa.InterfaceError | sa.TimeoutError | sa.DisconnectionError)


def answers(engine: Engine) -> bool:
    """Whether the database answers a trivial query now."""
    from sqlalchemy import text

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any failure means "not now"; the caller retries
        return False
    return True
