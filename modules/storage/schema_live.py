"""Tables of the live feature, registered on the shared metadata (see schema.py).

A live session is run entirely from these rows: every replica of the app, and the same replica
after a restart, sees the same session, questions and answers. Launched questions keep a copy of
their prompt, options and answer key, so a summary stays readable after the content is edited and
questions typed on the spot need no content file.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from modules.storage.schema import metadata

live_sessions = Table(
    "live_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("title", String(300), nullable=False),
    Column("lesson_id", String(80)),
    Column("quiz_id", String(80)),
    Column("facilitator_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("cohort_id", Integer),  # programme reports attach sessions to a cohort; no FK on purpose
    Column("status", String(16), nullable=False),  # open | ended
    Column("screen", String(16), nullable=False),  # what the projector shows: join | slide | question | leaderboard
    Column("slide_index", Integer, nullable=False, default=0),
    Column("current_question_id", Integer),  # live_questions.id on screen (no FK: the tables refer to each other)
    Column("leaderboard", Boolean, nullable=False, default=False),
    Column("speed_points", Boolean, nullable=False, default=False),
    Column("timer_ends_at", DateTime(timezone=True)),
    Column("timer_seconds", Integer),
    Column("screen_key", String(32), nullable=False),  # opens the projector view without a sign-in
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("language", String(8), nullable=False, server_default="en"),  # the facilitator's: the projector's
)
Index("ix_live_sessions_facilitator", live_sessions.c.facilitator_id, live_sessions.c.status)

live_questions = Table(
    "live_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("source", String(8), nullable=False),  # bank | adhoc
    Column("question_id", String(80)),  # the bank id, for bank questions
    Column("kind", String(8), nullable=False),  # single | multi | open
    Column("prompt", Text, nullable=False),
    Column("options", JSON, nullable=False),  # [[option id, text], ...]
    Column("correct", JSON, nullable=False),  # [option id, ...]; empty for open questions
    Column("explanation", Text, nullable=False),
    Column("status", String(12), nullable=False),  # open | closed | revealed
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("revealed_at", DateTime(timezone=True)),
    UniqueConstraint("session_id", "position", name="uq_live_question_position"),
)

live_participants = Table(
    "live_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("nickname", String(40)),  # None: anonymous
    Column("joined_at", DateTime(timezone=True), nullable=False),
    # A hash of the phone's network address and the session: bounds how often one device joins
    # (to stuff a poll) without keeping the address itself.
    Column("device_hash", String(64)),
)
Index("ix_live_participants_session", live_participants.c.session_id)

live_join_misses = Table(
    "live_join_misses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_hash", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index("ix_live_join_misses_device_at", live_join_misses.c.device_hash, live_join_misses.c.at)
"""Wrong join codes typed from a device (hashed address), to slow down guessing a session's code."""

live_answers = Table(
    "live_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("question_id", Integer, ForeignKey("live_questions.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("live_participants.id", ondelete="CASCADE"), nullable=False),
    Column("choice", JSON, nullable=False),  # option ids; empty for open answers
    Column("text", String(200)),  # open answers
    Column("correct", Boolean),  # None for open answers
    Column("points", Integer, nullable=False, default=0),
    Column("elapsed_ms", Integer, nullable=False),
    Column("hidden", Boolean, nullable=False, default=False),  # moderation of open answers
    Column("answered_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("question_id", "participant_id", name="uq_live_answer_once"),
)
Index("ix_live_answers_session", live_answers.c.session_id)
