"""#11.11: a country team's CONTENT_DIR holds its own data files, and they are read and validated there.

Before the fix the app and `python -m modules validate` always read the project's content/data/,
whatever CONTENT_DIR said, so a team's figures were ignored and a broken copy passed validation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modules.data.enforcement import GLOBAL_ENFORCEMENT_CSV, global_enforcement_csv, load_enforcement
from modules.data.estimates import GLOBAL_ESTIMATES_CSV, global_estimates_csv, load_estimates

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def team_copy(valid_set: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A country team's content folder with its own copy of the data files, in use through CONTENT_DIR."""
    data = valid_set / "content" / "data"
    data.mkdir()
    shutil.copy(GLOBAL_ENFORCEMENT_CSV, data)
    shutil.copy(GLOBAL_ESTIMATES_CSV, data)
    monkeypatch.setenv("CONTENT_DIR", str(valid_set / "content"))
    monkeypatch.setenv("QUIZZES_DIR", str(valid_set / "quizzes"))
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules", "validate", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_reads_the_data_of_the_content_folder_in_use(team_copy: Path) -> None:
    _edit(team_copy / "tip_global_law_enforcement.csv", "2024,15791,", "2024,15792,")
    _edit(team_copy / "global_estimates.csv", "27600000", "27700000")
    assert global_enforcement_csv() == team_copy / "tip_global_law_enforcement.csv"
    assert global_estimates_csv() == team_copy / "global_estimates.csv"
    assert load_enforcement().value(2024, "prosecutions") == 15792
    assert {e.edition: e.total for e in load_estimates()}[2022] == 27_700_000


def test_a_content_folder_without_data_uses_the_shipped_files(valid_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENT_DIR", str(valid_set / "content"))
    assert global_enforcement_csv() == GLOBAL_ENFORCEMENT_CSV
    assert global_estimates_csv() == GLOBAL_ESTIMATES_CSV
    assert load_enforcement().value(2024, "prosecutions") == 15791


def test_validate_reports_a_broken_csv_in_the_content_dir_copy_with_file_and_line(team_copy: Path) -> None:
    enforcement = team_copy / "tip_global_law_enforcement.csv"
    _edit(enforcement, "2010,6017,", "2010,lots,")
    _edit(team_copy / "global_estimates.csv", "27600000", "99999999999999999999")
    out = _validate()
    assert out.returncode == 1, out.stdout + out.stderr
    line = _line_of(enforcement, "2010,lots,")
    assert f"{enforcement}:{line}: column 'prosecutions': 'lots' is not a number" in out.stdout
    estimates_line = _line_of(team_copy / "global_estimates.csv", "99999999999999999999")
    assert f"global_estimates.csv:{estimates_line}: column 'total':" in out.stdout
    assert "Traceback" not in out.stderr


def test_validate_of_an_explicit_folder_checks_its_data_too(team_copy: Path) -> None:
    content = team_copy.parent
    _edit(team_copy / "tip_global_law_enforcement.csv", "2010,6017,", "2010,=1+1,")
    out = _validate(str(content), str(content.parent / "quizzes"))
    assert out.returncode == 1
    assert "tip_global_law_enforcement.csv" in out.stdout and "looks like a spreadsheet formula" in out.stdout


def test_validate_passes_a_clean_copy(team_copy: Path) -> None:
    out = _validate()
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_data_file_linked_outside_the_content_folder_is_refused_without_quoting_it(
    team_copy: Path, tmp_path: Path
) -> None:
    """Like image links (F10): a content package could link data/… to any file on the server."""
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    link = team_copy / "tip_global_law_enforcement.csv"
    link.unlink()
    link.symlink_to(secret)
    out = _validate()
    assert out.returncode == 1
    assert "tip_global_law_enforcement.csv:1: the file is a link to a file outside the content folder" in out.stdout
    assert "SECRET-LINE" not in out.stdout + out.stderr
