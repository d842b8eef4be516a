"""A live session in headless Chromium: one facilitator (console and projector tabs) and three
participants on their own browser contexts (phones). Participants join by URL and answer; the
projector counts them by itself; the reveal reaches every phone; a refreshed phone keeps its answer."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from modules.services.auth import create_user
from modules.storage.db import make_engine
from modules.storage.schema_live import live_answers, live_sessions
from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, start_server, wait_idle

pytestmark = pytest.mark.e2e

NOTE = "SECRET FACILITATOR NOTE"
PASSWORD = "a-long-password"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The app on the fixture course, with a facilitator account created before it starts."""
    tmp = tmp_path_factory.mktemp("e2e-live")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    engine = make_engine(f"sqlite:///{tmp / 'e2e.db'}")
    create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    engine.dispose()
    server = start_server(tmp, tmp / "set")
    yield server, tmp / "e2e.db"
    server.stop()


def _sign_in_to_console(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/sign-in")
    wait_idle(page)
    page.get_by_label("Username").fill("trainer")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)
    page.get_by_role("link", name="Facilitator console").click()
    wait_idle(page)


def _wait_text(page, text: str, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for text that a timed fragment (not a click) brings to the page."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout * 1000)


def test_live_session_in_the_browser(live_server: tuple[Server, Path], browser) -> None:  # type: ignore[no-untyped-def]
    server, db_path = live_server
    base = server.url
    contexts = []
    try:
        staff = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(staff)
        console = staff.new_page()
        console.set_default_timeout(30_000)
        _sign_in_to_console(console, base)
        console.get_by_role("button", name="Start the session").click()
        wait_idle(console)
        engine = make_engine(f"sqlite:///{db_path}", create=False)
        with engine.connect() as conn:
            code = conn.execute(select(live_sessions.c.code)).scalar_one()
        console.get_by_text(code, exact=True).first.wait_for()

        href = console.get_by_role("link", name="Open the projector screen in a new window").get_attribute("href")
        assert href and "key=" in href
        projector = browser.new_context().new_page()  # another window: its own session, no sign-in
        projector.set_default_timeout(30_000)
        projector.goto(f"{base}/{href.rsplit('/', 1)[-1]}")
        wait_idle(projector)
        projector.get_by_text("Join on your phone").wait_for()
        assert re.search(rf"\b{code}\b", projector.inner_text("body"))

        phones = []
        for name in ("Ana", "<b>Bo</b>", ""):
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            contexts.append(ctx)
            phone = ctx.new_page()
            phone.set_default_timeout(30_000)
            phone.goto(f"{base}/join?code={code}")
            wait_idle(phone)
            if name:
                phone.get_by_label("Nickname (optional)").fill(name)
            phone.get_by_role("button", name="Join").click()
            wait_idle(phone)
            phone.get_by_text("Wait for the first question").wait_for()
            assert "p=" in phone.url
            phones.append(phone)
        phones[1].get_by_text("You: <b>Bo</b>").wait_for()  # a nickname is plain text, never HTML
        _wait_text(projector, "3 joined")

        console.get_by_role("button", name="Launch", exact=True).click()
        wait_idle(console)
        for phone, choice in zip(
            phones, ["A. The job differs", "A. The job differs", "B. The worker is paid"], strict=True
        ):
            _wait_text(phone, "Which is a sign of deception?")  # the phone's poll brings the question
            wait_idle(phone)
            phone.get_by_text(choice).click()
            phone.get_by_role("button", name="Send my answer").click()
            wait_idle(phone)
            phone.get_by_text("Answer received:").wait_for()
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 3

        _wait_text(projector, "3 answers · 3 joined", timeout=10)  # timings belong in bench/, not here
        body = projector.inner_text("body")
        assert "right answer" not in body and "Deception is about broken promises" not in body
        assert "(67%)" in body and "(33%)" in body

        console.get_by_role("button", name="Reveal the answer").click()
        wait_idle(console)
        _wait_text(projector, "Deception is about broken promises.")
        assert "right answer" in projector.inner_text("body")
        _wait_text(phones[0], "You got it right")
        _wait_text(phones[2], "Not this time")
        for phone in phones:
            _wait_text(phone, "Right answer:")

        # The console previews what the room sees: the projector screen itself, scaled down.
        console.get_by_text("Preview the projector here").click()
        wait_idle(console)
        preview = console.frame_locator(".st-key-projector-preview iframe")
        try:
            preview.get_by_text("Deception is about broken promises.").wait_for()
        finally:
            console.screenshot(path="/tmp/e2e-shots/console-preview.png")
        box = console.locator(".st-key-projector-preview").bounding_box()
        assert box and box["width"] < 400 and box["height"] < 230  # a thumbnail, not a second projector
        console.screenshot(path="/tmp/e2e-shots/console-preview.png")

        phones[0].reload()  # a refresh: a new Streamlit session, the same participant from the URL
        wait_idle(phones[0])
        phones[0].get_by_text("You got it right").wait_for()
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 3

        for page in [projector, *phones]:
            assert NOTE not in page.content()
        engine.dispose()
    finally:
        for ctx in contexts:
            ctx.close()
