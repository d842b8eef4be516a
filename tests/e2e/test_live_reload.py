"""In a real browser, as a country trainer works: the app runs, a lesson's YAML is edited and
saved, the trainer refreshes the page and sees the change, with no restart."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, refresh, start_server, wait_idle

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def editable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    tmp = tmp_path_factory.mktemp("e2e-reload")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    server = start_server(tmp, tmp / "set")
    yield server, tmp / "set"
    server.stop()


def test_edit_save_refresh_shows_the_change(editable_server, page) -> None:  # type: ignore[no-untyped-def]
    server, root = editable_server
    page.goto(f"{server.url}/lesson?id=l-one")
    wait_idle(page, settle=0.5)
    page.get_by_role("heading", name="Lesson one", exact=True).wait_for()
    lesson = root / "content/lessons/l-one.yaml"
    lesson.write_text(lesson.read_text().replace("title: Lesson one", "title: Lesson one (Ruritania)", 1))
    time.sleep(1.2)  # the app looks at the folders at most once a second
    refresh(page)
    page.get_by_role("heading", name="Lesson one (Ruritania)", exact=True).wait_for(timeout=15_000)
