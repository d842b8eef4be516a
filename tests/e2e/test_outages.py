"""What a learner sees when something fails under them, in real Chromium:

- the database goes away for a few seconds in the middle of a lesson (review W3): the app's own
  message, never Streamlit's error box, and the page comes back by itself when the database does;
- the connection drops at the instant the learner presses Submit (review W1): the page says the
  answers were not submitted, and pressing Submit again records the attempt once."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from modules.storage.db import make_engine
from modules.storage.schema import attempt_responses, quiz_attempts
from scripts.localpg import LocalPostgres, pg_bin
from tests.conftest import FIXTURES, missing_dependency
from tests.e2e.conftest import Server, choose, start_server, wait_idle

pytestmark = pytest.mark.e2e

STREAMLIT_BOX = "This app has encountered an error"


def _register(page, base: str, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(base)
    wait_idle(page)
    page.get_by_role("textbox", name="Display name").fill(name)
    choose(page, "Police")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"[?&]r=[0-9A-Z]{16}"))
    wait_idle(page)
    code = re.search(r"[?&]r=([0-9A-Z]{16})", page.url)
    assert code, page.url
    return code.group(1)


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, LocalPostgres]]:
    """The app on PostgreSQL that this test may stop and start (its own throwaway server)."""
    if pg_bin() is None:
        missing_dependency("PostgreSQL server binaries not found (scripts/system-deps.sh installs them)")
    tmp = tmp_path_factory.mktemp("outage")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    pg = LocalPostgres().start()
    server = start_server(tmp, tmp / "set", database_url=pg.url)
    try:
        yield server, pg
    finally:
        server.stop()
        pg.stop()


def test_a_database_outage_shows_the_apps_message_and_the_page_comes_back(pg_server, page) -> None:  # type: ignore[no-untyped-def]
    server, pg = pg_server
    code = _register(page, server.url, "Outage learner")
    page.goto(f"{server.url}/lesson?id=l-one&r={code}")
    wait_idle(page)
    page.get_by_role("heading", name="Introduction").wait_for()

    pg.pause()  # PostgreSQL stopped: every query fails until it is back
    try:
        page.get_by_role("button", name="Next section →").click()
        page.get_by_text("Connection to the database lost, retrying…").wait_for(timeout=15_000)
        page.get_by_text("Your last action was not saved").wait_for()
        assert STREAMLIT_BOX not in page.inner_text("body")
        assert page.get_by_role("link", name=re.compile("Ask Google|Ask ChatGPT")).count() == 0
        time.sleep(3)  # a few seconds of outage: the page keeps its message, still no error box
        assert STREAMLIT_BOX not in page.inner_text("body")
    finally:
        resumed_at = time.monotonic()
        pg.resume()
    # Back by itself, without a reload: the messages go, a note says the connection is back.
    page.get_by_text("Connection to the database lost, retrying…").wait_for(state="detached", timeout=15_000)
    back_after = time.monotonic() - resumed_at
    page.get_by_text("The connection to the database is back.").wait_for()
    assert page.get_by_text("Your last action was not saved").count() == 0
    page.get_by_role("heading", name="Introduction").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Next section →").click()  # the journey continues
    wait_idle(page)
    page.get_by_role("heading", name="More").wait_for()
    assert STREAMLIT_BOX not in page.inner_text("body")
    print(f"\npage back {back_after:.1f} s after the database returned")


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    tmp = tmp_path_factory.mktemp("lost-submit")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    server = start_server(tmp, tmp / "set")
    try:
        yield server, tmp / "e2e.db"
    finally:
        server.stop()


def _saved_responses(db_path: Path) -> int:
    """Answers of open attempts the server has saved (each is saved as it is given)."""
    engine = make_engine(f"sqlite:///{db_path}", create=False)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(attempt_responses)).scalar_one())
    finally:
        engine.dispose()


def _wait_saved(db_path: Path, count: int, timeout: float = 20.0) -> None:
    """Wait until the server saved `count` answers: on a loaded machine the browser can look idle before the
    answer's rerun has reached the database."""
    deadline = time.monotonic() + timeout
    while _saved_responses(db_path) < count:
        assert time.monotonic() < deadline, f"the server saved fewer than {count} answers"
        time.sleep(0.1)


def _submitted(db_path: Path) -> int:
    engine = make_engine(f"sqlite:///{db_path}", create=False)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(quiz_attempts).where(quiz_attempts.c.status == "submitted")
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_submit_lost_with_the_connection_is_reported_and_can_be_repeated(sqlite_server, page) -> None:  # type: ignore[no-untyped-def]
    server, db_path = sqlite_server
    cut = {"on": False}
    sockets: list[object] = []

    def through(ws) -> None:  # type: ignore[no-untyped-def]
        """Pass the app's websocket through, except while `cut` is on: then the browser's messages
        are dropped, as when a replica dies at the instant of the click."""
        upstream = ws.connect_to_server()
        ws.on_message(lambda message: None if cut["on"] else upstream.send(message))
        upstream.on_message(ws.send)
        sockets.append(ws)

    page.route_web_socket(re.compile(r".*/_stcore/stream$"), through)
    code = _register(page, server.url, "Lost submit")
    page.goto(f"{server.url}/quiz?id=quiz-one&r={code}")
    wait_idle(page)
    page.get_by_role("button", name="Start the quiz").click()
    wait_idle(page)
    choose(page, "The job differs from the one promised.")
    wait_idle(page)
    choose(page, "False")
    wait_idle(page)
    _wait_saved(db_path, 2)  # both answers reached the server before the connection is cut
    before = _submitted(db_path)

    cut["on"] = True
    page.get_by_role("button", name="Submit my answers").click()
    clicked_at = time.monotonic()
    time.sleep(0.5)
    sockets[-1].close()  # type: ignore[attr-defined]  # the connection drops; the click never arrived
    cut["on"] = False
    page.get_by_text("Your answers were not submitted").wait_for(timeout=20_000)
    print(f"\nlost Submit reported {time.monotonic() - clicked_at:.1f} s after the click")
    assert _submitted(db_path) == before  # nothing recorded, nothing lost
    assert page.get_by_role("radio", name="False").is_checked()  # the answers are still there
    wait_idle(page)
    page.get_by_role("button", name="Submit my answers").click()  # pressed again
    anyway = page.get_by_role("button", name="Submit anyway")  # three questions are unanswered
    anyway.wait_for()
    wait_idle(page)
    anyway.click()
    page.get_by_text(re.compile(r"you scored \d+\.\d%")).wait_for()
    assert _submitted(db_path) == before + 1
