"""Where the project lives on disk: a leaf module every layer may import (it imports nothing of ours)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The repository root: the folder holding app.py, content/, quizzes/ and migrations/."""


def content_dir() -> Path:
    """The course content folder: CONTENT_DIR, else content/ in the project."""
    return Path(os.environ.get("CONTENT_DIR") or PROJECT_ROOT / "content")


def quizzes_dir() -> Path:
    """The question bank and quiz folder: QUIZZES_DIR, else quizzes/ in the project."""
    return Path(os.environ.get("QUIZZES_DIR") or PROJECT_ROOT / "quizzes")


def display_path(file: Path) -> str:
    """Path relative to the project when possible: shorter messages, same for every author."""
    try:
        return str(file.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(file)
