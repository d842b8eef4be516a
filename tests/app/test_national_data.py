"""A country course ships its own figures (course.yaml `national_data`, a CSV in the content
folder's data/): the data page offers them first, lesson charts draw them beside the global series,
or instead of it, and a broken file is reported with its row and column, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from modules.services import auth
from modules.storage.db import make_engine
from tests.app.conftest import signed_in
from tests.app.test_learner_flow import LESSON

DATA_PAGE = "modules/ui/views/data.py"
FIGURES = "year,prosecutions,convictions,victims_identified,source\n2019,55,20,410,Ministry\n2021,60,25,350,Ministry\n"


def _national(app_env: Path, show: str, figures: str = FIGURES) -> None:
    course = app_env / "content/course.yaml"
    text = course.read_text()
    course.write_text(
        text.replace(
            "  tracks:",
            f"  national_data:\n    file: ruritania.csv\n    name: Ruritania\n    show: {show}\n  tracks:",
            1,
        )
    )
    (app_env / "content/data").mkdir(exist_ok=True)
    (app_env / "content/data/ruritania.csv").write_text(figures)
    st.cache_resource.clear()


def _words(app: AppTest) -> str:
    """The charts' takeaways, subtitles and source lines (drawn as text around each chart; the
    source lines name every series drawn)."""
    out = [m.value for m in app.markdown] + [c.value for c in app.caption]
    return " ".join(out).replace("\\", "")


def test_beside_the_global_series_on_the_data_page_and_in_a_lesson(
    make_app: Callable[..., AppTest], app_env: Path, new_learner: Any
) -> None:
    _national(app_env, "beside")
    page = make_app(DATA_PAGE).run()
    assert not page.exception, page.exception
    compare = next(s for s in page.selectbox if s.label == "Compare with national figures")
    assert compare.value == ("course", "Ruritania")
    assert "TIP" in _words(page) and "Ruritania: national figures (Ministry)" in _words(page)
    _, code = new_learner()
    lesson = make_app(LESSON, id="l-one", r=code, s="2").run()
    assert not lesson.exception, lesson.exception
    assert "TIP" in _words(lesson) and "Ruritania: national figures (Ministry)" in _words(lesson)


def test_instead_of_the_global_series(make_app: Callable[..., AppTest], app_env: Path, new_learner: Any) -> None:
    _national(app_env, "instead")
    _, code = new_learner()
    lesson = make_app(LESSON, id="l-one", r=code, s="2").run()
    assert not lesson.exception, lesson.exception
    words = _words(lesson)
    assert "Source: Ruritania, national figures (Ministry)" in words
    assert "TIP" not in words and "global" not in words.lower()


@pytest.mark.parametrize("bad", ["year,prosecutions,convictions\n2020,99999999999999999999,5\n"])
def test_a_broken_national_file_is_named_with_its_row(
    make_app: Callable[..., AppTest], app_env: Path, new_learner: Any, bad: str
) -> None:
    _national(app_env, "beside", bad)
    _, code = new_learner()
    lesson = make_app(LESSON, id="l-one", r=code, s="2").run()
    assert not lesson.exception, lesson.exception
    assert any("could not be loaded" in e.value for e in lesson.error)
    assert not lesson.code  # a learner is not shown the server's file paths
    author = auth.create_user(
        make_engine(os.environ["DATABASE_URL"]), "author", "Author", "facilitator", "a long password"
    )
    staff = signed_in(make_app(LESSON, id="l-one", s="2"), author.id).run()
    problems = "\n".join(c.value for c in staff.code)
    assert "ruritania.csv:2" in problems and "too large" in problems
