"""Persistence with SQLAlchemy Core: SQLite by default, PostgreSQL when DATABASE_URL names one."""
