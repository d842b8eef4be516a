"""Where content lives, and which file holds what."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def content_dir() -> Path:
    return Path(os.environ.get("CONTENT_DIR") or PROJECT_ROOT / "content")


def quizzes_dir() -> Path:
    return Path(os.environ.get("QUIZZES_DIR") or PROJECT_ROOT / "quizzes")


def yaml_files(paths: list[Path]) -> list[Path]:
    """Every .yaml/.yml file under the given files or folders, sorted, without duplicates."""
    found: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file())
        elif p.suffix in (".yaml", ".yml"):
            found.add(p)
    return sorted(found)


def fingerprint(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector (stat only) used as the content cache key."""
    out = []
    for f in yaml_files(paths):
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def display_path(file: Path) -> str:
    """Path relative to the project when possible: shorter messages, same for every author."""
    try:
        return str(file.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(file)
