"""answers of open attempts saved as given; a cohort's programme order; staff sessions held by a tab

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempt_responses",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["quiz_attempts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attempt_id", "question_id"),
    )
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pretest_first", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("post_after_lessons", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_staff_sessions_user", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("staff_sessions")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_column("post_after_lessons")
        batch_op.drop_column("pretest_first")
    op.drop_table("attempt_responses")
