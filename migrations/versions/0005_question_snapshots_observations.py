"""answers keep the question as it was scored; facilitators' observation checklists per learner; a cohort
may require them for certificates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_snapshots",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("hash"),
    )
    with op.batch_alter_table("attempt_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_hash", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            "fk_attempt_answers_question_hash", "question_snapshots", ["question_hash"], ["hash"]
        )
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("observations_required", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "observation_scores",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(length=80), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("scored_by", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scored_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("cohort_id", "learner_id", "rubric_id"),
    )


def downgrade() -> None:
    op.drop_table("observation_scores")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_column("observations_required")
    with op.batch_alter_table("attempt_answers", schema=None) as batch_op:
        batch_op.drop_constraint("fk_attempt_answers_question_hash", type_="foreignkey")
        batch_op.drop_column("question_hash")
    op.drop_table("question_snapshots")
