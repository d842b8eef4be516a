"""Alembic environment: runs on the connection handed over by modules.storage.migrate."""

from __future__ import annotations

from alembic import context

from modules.storage.db import registered_metadata

config = context.config
target_metadata = registered_metadata()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through modules.storage.migrate, which supplies the connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        compare_type=True,
        include_object=config.attributes.get("include_object"),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
