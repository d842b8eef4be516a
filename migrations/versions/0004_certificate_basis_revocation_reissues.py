"""certificates say what they certify and can be revoked or re-issued; names confirmed by a
facilitator; resume-code reissues recorded; failed sign-ins carry their source; live joins and
wrong join codes counted per device

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis", sa.String(length=16), server_default="self_declared", nullable=False))
        batch_op.add_column(sa.Column("revoked_reason", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("superseded_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_certificates_revoked_by", "users", ["revoked_by"], ["id"], ondelete="SET NULL")
        batch_op.drop_constraint("uq_certificate_learner_quiz", type_="unique")
    op.create_index(
        "uq_certificate_current",
        "certificates",
        ["learner_id", "quiz_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_name", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("name_confirmed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("name_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reissue_consent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            "fk_cohort_members_confirmed_by", "users", ["name_confirmed_by"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "code_reissues",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=64), nullable=True))
    with op.batch_alter_table("live_participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "live_join_misses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("live_join_misses", schema=None) as batch_op:
        batch_op.create_index("ix_live_join_misses_device_at", ["device_hash", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("live_join_misses")
    with op.batch_alter_table("live_participants", schema=None) as batch_op:
        batch_op.drop_column("device_hash")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_column("source")
    op.drop_table("code_reissues")
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.drop_constraint("fk_cohort_members_confirmed_by", type_="foreignkey")
        batch_op.drop_column("reissue_consent_at")
        batch_op.drop_column("name_confirmed_at")
        batch_op.drop_column("name_confirmed_by")
        batch_op.drop_column("confirmed_name")
    op.drop_index("uq_certificate_current", table_name="certificates")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_certificate_learner_quiz", ["learner_id", "quiz_id"])
        batch_op.drop_constraint("fk_certificates_revoked_by", type_="foreignkey")
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_reason")
        batch_op.drop_column("basis")
