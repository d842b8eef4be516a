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


def signed_in(at: AppTest, user_id: int) -> AppTest:
    """Sign a staff account in as the tab would be after its password: a server-side session
    (in the app's own database, from DATABASE_URL) whose token the tab holds."""
    import os

    from modules.services import auth
    from modules.storage import users as users_repo

    engine = make_engine(os.environ["DATABASE_URL"])
    user = users_repo.by_id(engine, user_id)
    assert user is not None
    at.session_state["staff:session"] = auth.start_session(engine, user)
    engine.dispose()
    return at


def texts(at: AppTest) -> str:
    """Everything a page shows as text (titles, messages, Markdown, captions, metrics)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def page_links(at: AppTest) -> list[str]:
    return [str(link.label) for link in at.get("page_link")]


@pytest.fixture
def open_page(app_env: Path) -> Callable[..., AppTest]:
    """A page by file, run: st.navigation knows pages by url path only after a first run."""

    def factory(page: str, staff: int | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if staff is not None:
            signed_in(at, staff)
        at.run()
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return factory


def progress_texts(at: AppTest) -> list[str]:
    return [str(p.proto.text) for p in at.get("progress")]
