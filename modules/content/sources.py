"""Which files hold the content, and whether they changed. (Where the folders are: modules/paths.py.)"""

from __future__ import annotations

from pathlib import Path

from modules.paths import content_dir, quizzes_dir

__all__ = ["content_dir", "fingerprint", "quizzes_dir", "yaml_files"]


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
