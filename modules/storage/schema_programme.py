"""Tables of the programme feature, registered on the shared metadata (see schema.py).

Cohorts group learners for a capacity-building programme. Disaggregation fields (organisation
type, sex, region) and contact identifiers (e-mail, staff id) live on the membership, not on the
learner, because they are collected by a programme for its reports and go with it; a learner who
studies on their own never has them. Every row that names a learner cascades from `learners`, so
deleting a learner (services/data_protection.py) leaves nothing behind.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
    true,
)

from modules.storage.schema import metadata

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),
    Column("programme", String(160), nullable=False),
    Column("country", String(80), nullable=False),
    Column("organisation", String(160), nullable=False),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("owner_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("pseudonymous", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("pretest_first", Boolean, nullable=False, default=True, server_default=true()),
    Column("post_after_lessons", Boolean, nullable=False, default=True, server_default=true()),
    # Certificates of this cohort also need every observed-skill checklist of the learner's track passed.
    Column("observations_required", Boolean, nullable=False, default=False, server_default=false()),
)
"""A facilitator's group of learners; `join_code` is what learners type to join. The programme's
order: `pretest_first` keeps lessons and module quizzes closed until the pre-test is taken, and
`post_after_lessons` keeps the post-test and the final closed until the track's lessons are done."""

cohort_members = Table(
    "cohort_members",
    metadata,
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("email", String(254)),
    Column("staff_id", String(64)),
    Column("organisation_type", String(32), nullable=False),
    Column("sex", String(16)),
    Column("region", String(80)),
    Column("source", String(8), nullable=False),  # code | roster
    Column("joined_at", DateTime(timezone=True), nullable=False),
    # The name a facilitator checked against the person (roster rows are confirmed by the import):
    # certificates print it as recorded by the programme, not as self-declared.
    Column("confirmed_name", String(80)),
    Column("name_confirmed_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("name_confirmed_at", DateTime(timezone=True)),
    # The learner agreed that this cohort's facilitator may issue them a new resume code.
    Column("reissue_consent_at", DateTime(timezone=True)),
    # NULLs never collide in a unique constraint (SQLite and PostgreSQL alike), so a member
    # without an e-mail or a staff id is fine, and a repeated roster row is refused by the database.
    UniqueConstraint("cohort_id", "email", name="uq_member_email"),
    UniqueConstraint("cohort_id", "staff_id", name="uq_member_staff_id"),
)
Index("ix_cohort_members_learner", cohort_members.c.learner_id)

cohort_quizzes = Table(
    "cohort_quizzes",
    metadata,
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("quiz_id", String(80), primary_key=True),
    Column("role", String(16), nullable=False),  # pre_test | module | post_test | final
    Column("position", Integer, nullable=False, default=0),
)
"""Which quizzes a cohort uses, and as what (the pre-test and post-test define learning gain)."""

certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="SET NULL")),
    Column("quiz_id", String(80), nullable=False),
    Column("attempt_id", Integer, ForeignKey("quiz_attempts.id", ondelete="SET NULL")),
    # What the certificate shows, frozen at issue: a later rename of the course or the learner
    # must not change a certificate already printed and checked against the verification page.
    Column("learner_name", String(80), nullable=False),
    Column("course_title", String(300), nullable=False),
    Column("track", String(80), nullable=False),
    Column("track_title", String(300), nullable=False),
    Column("programme", String(300)),
    Column("score", Float, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    # programme: the name as the programme recorded it (roster or confirmed by a facilitator);
    # self_declared: the name the learner typed, studying on their own.
    Column("basis", String(16), nullable=False, server_default="self_declared"),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoked_reason", String(300)),
    Column("revoked_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("language", String(8), nullable=False, server_default="en"),  # the language it was issued in
    Column("superseded_by", Integer),  # the certificate re-issued in its place, if any
)
# At most one current (unrevoked) certificate per learner and final; revoked and superseded ones
# stay, so their codes still verify as such.
Index(
    "uq_certificate_current",
    certificates.c.learner_id,
    certificates.c.quiz_id,
    unique=True,
    sqlite_where=certificates.c.revoked_at.is_(None),
    postgresql_where=certificates.c.revoked_at.is_(None),
)

observation_scores = Table(
    "observation_scores",
    metadata,
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("rubric_id", String(80), primary_key=True),
    Column("levels", JSON, nullable=False),  # criterion id -> level id, as the facilitator scored it
    Column("note", String(500)),
    Column("scored_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("scored_at", DateTime(timezone=True), nullable=False),
)
"""A facilitator's observation of one learner's role play against a checklist (rubric): the latest
scoring counts; one row per learner, cohort and checklist."""

code_reissues = Table(
    "code_reissues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("by_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("basis", String(16), nullable=False),  # roster | consent
    Column("at", DateTime(timezone=True), nullable=False),
)
"""Who issued which learner a new resume code, when, and on what grounds."""

data_deletions = Table(
    "data_deletions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner_id", Integer, nullable=False),  # no foreign key: the learner is gone
    Column("by_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("rows_deleted", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
"""Accountability for erasure without personal data: which id, who, when, how many rows per table."""
