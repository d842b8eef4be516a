"""A database that does not answer, met by each kind of code a page runs: the page itself, a button's
callback and a polling fragment. Each shows the app's own message and retries; none raises into
Streamlit's error box. (The browser journey through a real PostgreSQL outage is tests/e2e/test_outages.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from streamlit.testing.v1 import AppTest

from modules.services import live
from modules.services.auth import create_user
from modules.storage.db import is_outage, make_engine
from modules.ui.outage import LOST_ACTION, MESSAGE

LESSON = "modules/ui/views/lesson.py"
PROJECTOR = "modules/ui/views/live_projector.py"


def _down(*_args: Any, **_kwargs: Any) -> None:
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def _shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("error", "warning") for e in getattr(at, kind))


def test_outages_are_told_apart_from_bugs() -> None:
    assert is_outage(OperationalError("SELECT 1", {}, ConnectionRefusedError()))
    assert not is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_outage(ValueError("a bug"))


def test_a_callback_that_meets_an_outage_says_the_action_was_not_saved(
    open_page: Callable[..., AppTest],
    new_learner: Callable[..., tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, code = new_learner()
    at = open_page(LESSON, id="l-one", r=code)
    assert not at.exception
    monkeypatch.setattr("modules.services.learner_records.save_position", _down)
    monkeypatch.setattr("modules.ui.outage.database_answers", lambda _engine: False)  # still down at the retry
    next(b for b in at.button if b.label == "Next section →").click()
    at.run()
    assert not at.exception  # not Streamlit's error box
    assert LOST_ACTION in _shown(at) and MESSAGE in _shown(at)
    assert at.query_params.get("s") in (None, "1", ["1"])  # still on the first section


def test_a_page_that_meets_an_outage_shows_the_message(
    open_page: Callable[..., AppTest], app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    engine = make_engine(os.environ["DATABASE_URL"])
    trainer = create_user(engine, "trainer-outage", "Trainer", "facilitator", "a-long-password-1")
    session = live.start_session(engine, trainer.id, "Room")
    engine.dispose()
    at = open_page(PROJECTOR, session=str(session.id), key=session.screen_key)
    assert not at.exception and session.code in "\n".join(str(t.value) for t in at.title)
    with monkeypatch.context() as down:
        down.setattr("modules.services.live.board", _down)  # the projector's polling fragment
        down.setattr("modules.services.live.get_session", _down)  # and the page around it
        down.setattr("modules.ui.outage.database_answers", lambda _engine: False)
        at.run()
        assert not at.exception
        assert MESSAGE in _shown(at)
    at.run()  # the database is back: the retry's next run brings the page back
    assert not at.exception
    assert MESSAGE not in _shown(at)
    assert session.code in "\n".join(str(t.value) for t in at.title)
