"""Tables. The database is the source of truth; Streamlit session state only holds ids."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

learners = Table(
    "learners",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("display_name", String(80), nullable=False),
    Column("track", String(80), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_lesson_id", String(80)),
    Column("language", String(8)),  # the interface language the learner last chose (None: not chosen)
)

lesson_progress = Table(
    "lesson_progress",
    metadata,
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", String(80), primary_key=True),
    Column("section_index", Integer, nullable=False, default=0),
    Column("completed", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
)

check_answers = Table(
    "check_answers",
    metadata,
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("lesson_id", String(80), nullable=False),
    Column("answer", JSON, nullable=False),
    Column("score", Float, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("tries", Integer, nullable=False, default=1),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)

quiz_attempts = Table(
    "quiz_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("quiz_id", String(80), nullable=False),
    Column("attempt_no", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # in_progress | submitted
    Column("question_ids", JSON, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("content_version", String(32), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("score", Float),
    Column("passed", Boolean),
    Column("language", String(8), nullable=False, server_default="en"),  # the language it was taken in
    UniqueConstraint("learner_id", "quiz_id", "attempt_no", name="uq_attempt_number"),
)
Index("ix_attempts_learner_quiz", quiz_attempts.c.learner_id, quiz_attempts.c.quiz_id)

attempt_answers = Table(
    "attempt_answers",
    metadata,
    Column("attempt_id", Integer, ForeignKey("quiz_attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("answer", JSON, nullable=False),
    Column("score", Float, nullable=False),
    Column("correct", Boolean, nullable=False),
    # The question as it was scored (prompt, options, key, feedback), kept once per version in
    # question_snapshots: the review shows what was asked then, so editing a question never changes an old
    # review. NULL for answers stored before it was kept.
    Column("question_hash", String(64), ForeignKey("question_snapshots.hash")),
)

question_snapshots = Table(
    "question_snapshots",
    metadata,
    Column("hash", String(64), primary_key=True),  # SHA-256 of the canonical JSON below
    Column("question", JSON, nullable=False),
)
"""Each version of a question that was scored, stored once however many answers it scored (a spot item's
snapshot is about 4.5 kB: once per answer it would grow the database by hundreds of MB per programme)."""

attempt_responses = Table(
    "attempt_responses",
    metadata,
    Column("attempt_id", Integer, ForeignKey("quiz_attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("answer", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""Answers of an open attempt, saved as they are given so a refresh, a sleeping phone or another
device finds them again. Scored only on submit, when they move to attempt_answers."""

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("display_name", String(80), nullable=False),
    Column("role", String(16), nullable=False),  # admin | facilitator | viewer | learner
    Column("password_hash", String(255), nullable=False),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="SET NULL")),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("language", String(8)),  # the interface language the account last chose (None: not chosen)
)
"""Signed-in accounts. Learners without an account use their resume code instead."""

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)
Index("ix_staff_sessions_user", staff_sessions.c.user_id)
"""A signed-in account's session, held by one browser tab (its token lives in the tab's
sessionStorage, never in an address): a refresh or a replica's failure does not sign it out.
Only a hash of the token is stored; sign-out, deactivation and a password reset end it."""

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("source", String(64)),  # the client's address, so strangers cannot lock an account out
)
Index("ix_login_failures_user_at", login_failures.c.username, login_failures.c.at)
"""Failed sign-ins, shared by all replicas, for rate limiting."""

datasets = Table(
    "datasets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("csv_text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""Named enforcement datasets a trainer uploaded and chose to keep (national figures)."""
