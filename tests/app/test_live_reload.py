"""Edit, save, refresh: a lesson edited while the app runs shows its change on the next run, and a
course that did not change is not loaded again on every rerun (tests/e2e/test_live_reload.py does
the same in a real browser)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from modules.ui import resources
from tests.app.test_learner_flow import LESSON


def test_an_edited_lesson_shows_after_a_refresh_and_an_unchanged_one_is_not_reloaded(
    make_app: Callable[..., AppTest], app_env: Path, new_learner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = {"n": 0}
    real = resources.load_registry

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads["n"] += 1
        return real(*args, **kwargs)

    st.cache_resource.clear()
    resources._last.clear()
    monkeypatch.setattr(resources, "load_registry", counting)
    _, code = new_learner()
    first = make_app(LESSON, id="l-one", r=code).run()
    assert not first.exception, first.exception
    assert first.title[0].value == "Lesson one"
    for _ in range(3):  # reruns of an unchanged course read nothing again
        first.run()
    time.sleep(resources._CHECK_EVERY + 0.1)
    first.run()
    assert loads["n"] == 1

    lesson = app_env / "content/lessons/l-one.yaml"
    lesson.write_text(lesson.read_text().replace("title: Lesson one", "title: Lesson one, adapted for Ruritania", 1))
    time.sleep(resources._CHECK_EVERY + 0.1)  # the folders are looked at once a second at most
    again = make_app(LESSON, id="l-one", r=code).run()  # a refresh: a new session
    assert again.title[0].value == "Lesson one, adapted for Ruritania"
    assert loads["n"] == 2
