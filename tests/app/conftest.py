"""AppTest helpers: each test gets its own content copy and SQLite database via the environment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules.services import learners
from modules.storage.db import make_engine

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app_env(valid_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONTENT_DIR", str(valid_set / "content"))
    monkeypatch.setenv("QUIZZES_DIR", str(valid_set / "quizzes"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    return valid_set


@pytest.fixture
def make_app(app_env: Path) -> Callable[..., AppTest]:
    def factory(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if page:
            at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        return at

    return factory


@pytest.fixture
def new_learner(app_env: Path, tmp_path: Path) -> Callable[[str, str], tuple[int, str]]:
    def factory(name: str = "Ana", track: str = "police") -> tuple[int, str]:
        engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
        learner, code = learners.register(engine, name, track, ["labour_inspector", "police"])
        engine.dispose()
        return learner.id, code

    return factory
