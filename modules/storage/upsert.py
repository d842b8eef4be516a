"""Insert-or-update that works on SQLite and PostgreSQL alike (both speak ON CONFLICT)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_missing(conn: Connection, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """Insert the rows whose key is not there yet; leave existing ones as they are."""
    if rows:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(table).values(rows).on_conflict_do_nothing(index_elements=keys))


def upsert(conn: Connection, table: Table, values: dict[str, Any], keys: list[str], update: dict[str, Any]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update))
