"""Real-browser fixtures: `streamlit run serve.py` (the app as `make run` serves it) on a free port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.cluster import streamlit_command, wait_healthy
from scripts.localpg import free_port
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Server:
    url: str
    port: int
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self) -> None:
        assert self.log is not None
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                streamlit_command(self.port),
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_healthy(self.url)
        except RuntimeError:
            raise RuntimeError(f"streamlit did not start: {self.log.read_text()[-2000:]}") from None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_server(tmp: Path, content_root: Path | None, database_url: str | None = None) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["DATABASE_URL"] = database_url or f"sqlite:///{tmp / 'e2e.db'}"
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    port = free_port()
    # The server listens on loopback; the address it advertises to phones is one on the room's network
    # (TEST-NET-1, a documentation range: shown and encoded in QR codes, never opened by a test).
    env["PUBLIC_URL"] = f"http://192.0.2.10:{port}"
    if content_root is not None:
        env["CONTENT_DIR"] = str(content_root / "content")
        env["QUIZZES_DIR"] = str(content_root / "quizzes")
    server = Server(f"http://127.0.0.1:{port}", port, env, log=tmp / "server.log")
    server.start()
    return server


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on the small fixture course, with its own database."""
    tmp = tmp_path_factory.mktemp("e2e")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    server = start_server(tmp, tmp / "set")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on the shipped course content."""
    tmp = tmp_path_factory.mktemp("e2e-course")
    server = start_server(tmp, None)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing: .ci/run must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_idle(page, settle: float = 0.25) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the script run triggered by the last action, as
    Streamlit's own end-to-end helper does: connected, not running, no skeletons left."""
    time.sleep(settle)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]',
        timeout=30_000,
    )
    page.wait_for_function('document.querySelectorAll("[data-testid=stSkeleton]").length === 0', timeout=30_000)
    time.sleep(0.1)


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    # Streamlit closes the menu after a tap only on a mobile user agent, as a real phone sends.
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


def menu(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Click an item of the sidebar menu, as a person would (on a phone, open the menu first)."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    if not nav.is_visible():
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        nav.wait_for()
    nav.get_by_role("link", name=name, exact=True).click()
    wait_idle(page, settle=0.3)


def refresh(page) -> None:  # type: ignore[no-untyped-def]
    page.reload()
    wait_idle(page, settle=0.5)


def sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Fill the sign-in form on whatever page shows it (Staff sign-in, or a staff page after a refresh)."""
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page, settle=0.4)


def pick(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an option of a select box by its label, as a person does: open it, type a few
    letters of the option, pick it from the list."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    listed = page.get_by_role("option", name=option, exact=True)
    if not listed.is_visible():
        box.fill(option[:12])
    listed.click()
    wait_idle(page)


def choose(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click a radio option or checkbox by its visible label."""
    page.locator('[data-testid="stRadioGroup"] label, [data-testid="stCheckbox"] label').filter(
        has_text=text
    ).first.click()


def submit_quiz(page) -> None:  # type: ignore[no-untyped-def]
    """Submit the open quiz attempt, confirming when some questions are left unanswered."""
    page.get_by_role("button", name="Submit my answers").click()
    wait_idle(page, settle=0.5)
    anyway = page.get_by_role("button", name="Submit anyway")
    if anyway.count():
        anyway.click()
        wait_idle(page, settle=0.5)
