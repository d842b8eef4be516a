"""Data protection: complete erasure of a learner, and pseudonyms for pseudonymous cohorts.

Erasure walks the schema's foreign keys instead of listing tables by hand, so a table another
feature adds later (live sessions, say) that refers to a learner, directly or through one of the
learner's rows (an answer through its attempt), is erased too. Rows that merely *point at* an
erased row with ON DELETE SET NULL keep existing with the pointer cleared. The learner's own
account (a users row with role learner linked to them) and its failed sign-in records go as well;
a staff account that happens to be linked is unlinked, not deleted.

What stays: one `data_deletions` row with the erased id, who erased it, when, and how many rows per
table: no name, no answer, nothing that identifies the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, Connection, Engine, Table, delete, func, insert, select, update

from modules.storage.clock import utcnow
from modules.storage.db import reading
from modules.storage.schema import learners, login_failures, metadata, users
from modules.storage.schema_programme import data_deletions

PSEUDONYM_PREFIX = "L-"


def pseudonym(learner_id: int) -> str:
    """The label reports show instead of a name in a pseudonymous cohort, stable across reports
    (so a facilitator can follow one person over time) and meaningless outside this database."""
    return f"{PSEUDONYM_PREFIX}{learner_id:05d}"


@dataclass(frozen=True)
class Erasure:
    learner_id: int
    rows_deleted: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows_deleted.values())


class NotFound(LookupError):
    """No learner with that id."""


def _referencing(table: Table) -> list[tuple[Table, Column, str | None]]:
    """(child table, child column, ondelete) for every foreign key that points at `table`."""
    out = []
    for child in metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                out.append((child, fk.parent, (fk.ondelete or "").upper() or None))
    return out


def _purge(conn: Connection, table: Table, where: ColumnElement[bool], counts: dict[str, int], depth: int = 0) -> None:
    """Delete `table` rows matching `where` after their dependants (deepest first)."""
    if depth > 10:  # a foreign-key cycle would be a schema bug; fail loudly rather than loop
        raise RuntimeError(f"foreign keys nest too deep at {table.name}")
    for child, column, ondelete in _referencing(table):
        target = next(fk.column for fk in column.foreign_keys if fk.column.table is table)
        child_where = column.in_(select(target).where(where))
        if ondelete == "SET NULL":
            conn.execute(update(child).where(child_where).values({column.name: None}))
        else:
            _purge(conn, child, child_where, counts, depth + 1)
    removed = conn.execute(delete(table).where(where)).rowcount
    if removed:
        counts[table.name] = counts.get(table.name, 0) + int(removed)


def delete_learner(engine: Engine, learner_id: int, by_user_id: int | None = None) -> Erasure:
    """Erase every row about the learner in one transaction; raise NotFound if there is none."""
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        exists = conn.execute(select(learners.c.id).where(learners.c.id == learner_id)).first()
        if exists is None:
            raise NotFound(learner_id)
        accounts = conn.execute(
            select(users.c.id, users.c.username).where(users.c.learner_id == learner_id, users.c.role == "learner")
        ).all()
        if accounts:
            names = [a.username for a in accounts]
            removed = conn.execute(delete(login_failures).where(login_failures.c.username.in_(names))).rowcount
            if removed:
                counts[login_failures.name] = int(removed)
            _purge(conn, users, users.c.id.in_([a.id for a in accounts]), counts)
        _purge(conn, learners, learners.c.id == learner_id, counts)
        conn.execute(
            insert(data_deletions).values(
                learner_id=learner_id, by_user_id=by_user_id, rows_deleted=dict(sorted(counts.items())), at=utcnow()
            )
        )
    return Erasure(learner_id, counts)


def rows_about(engine: Engine, learner_id: int) -> dict[str, int]:
    """How many rows in each table still refer to the learner (directly or through a parent row):
    what an erasure must bring to zero. Used by tests and the admin page's preview."""
    counts: dict[str, int] = {}
    with reading(engine) as conn:
        _count(conn, learners, learners.c.id == learner_id, counts, 0)
    return {k: v for k, v in counts.items() if v}


def _count(conn: Connection, table: Table, where: ColumnElement[bool], counts: dict[str, int], depth: int) -> None:
    if depth > 10:
        return
    n = int(conn.execute(select(func.count()).select_from(table).where(where)).scalar_one())
    counts[table.name] = counts.get(table.name, 0) + n
    for child, column, ondelete in _referencing(table):
        if ondelete == "SET NULL" and child is not users:
            continue
        target = next(fk.column for fk in column.foreign_keys if fk.column.table is table)
        _count(conn, child, column.in_(select(target).where(where)), counts, depth + 1)


def parse_learner_ref(raw: str | None) -> int | None:
    """A learner id as typed by an admin: '42', 'L-00042' (the pseudonym) or 'l00042'."""
    text = "".join((raw or "").split()).upper()
    if text.startswith(PSEUDONYM_PREFIX.rstrip("-")):
        text = text[1:].lstrip("-")
    return int(text) if text.isdigit() and len(text) <= 12 else None
