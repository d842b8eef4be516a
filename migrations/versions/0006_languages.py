"""the language of a learner, an account, an attempt, a certificate and a live session (issue #16)

A learner's and an account's language is remembered with the record; an attempt keeps the language it
was taken in (item analysis compares languages); a certificate the language it was issued in; a live
session the facilitator's language, which the projector shows. Rows written before this revision were
all in English (the only language there was), so the attempt and certificate columns default to "en".

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))


def downgrade() -> None:
    for table in ("live_sessions", "certificates", "quiz_attempts", "users", "learners"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language")
