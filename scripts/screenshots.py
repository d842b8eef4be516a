"""`make screenshots`: every page of the app, as its users see it, at a phone's 390x844, a laptop's
1366x900 and a projector's 1280x720, written to screenshots/ (not committed). It starts the app on the
shipped course with a fresh database in a temporary folder, signs a learner and a facilitator in by
clicking, opens a live session, and saves what each page shows first (one PNG per page and size). Needs Chromium
(/usr/bin/chromium, or CHROMIUM_PATH) and Playwright, as `make test` does."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from modules.services import auth, live  # noqa: E402
from modules.storage.db import make_engine  # noqa: E402
from modules.ui.session import RESUME_PARAM  # noqa: E402
from scripts.cluster import streamlit_command, wait_healthy  # noqa: E402
from scripts.localpg import free_port  # noqa: E402

SIZES = {"phone": (390, 844), "laptop": (1366, 900), "projector": (1280, 720)}
PASSWORD = secrets.token_urlsafe(16)  # a throwaway account in a throwaway database
LEARNER_PAGES = ["", "course", "lesson?id=l3-indicators-1-4", "quiz", "results", "my-programme", "data", "glossary"]
STAFF_PAGES = ["facilitate", "present?id=l2-continuum-non-punishment&s=2", "cohorts", "reports", "accounts", "verify"]


def _idle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=30_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
    time.sleep(1.0)


def _shoot(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"))
    print(f"  {name}.png", flush=True)


def main() -> int:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env |= {"DATABASE_URL": f"sqlite:///{tmp}/app.db", "PUBLIC_URL": f"http://192.0.2.10:{port}"}
        engine = make_engine(env["DATABASE_URL"])
        staff = auth.create_user(engine, "trainer", "Trainer", "admin", PASSWORD)
        session = live.start_session(engine, staff.id, "Workshop", lesson_id="l3-indicators-1-4")
        engine.dispose()
        server = subprocess.Popen(
            streamlit_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        try:
            wait_healthy(url)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=["--no-sandbox"]
                )
                for size, (width, height) in SIZES.items():
                    print(f"{size} ({width}x{height}):", flush=True)
                    learner = browser.new_context(viewport={"width": width, "height": height}).new_page()
                    learner.goto(url)
                    _idle(learner)
                    _shoot(learner, out, f"{size}-welcome")
                    learner.get_by_role("textbox", name="Display name").fill("Ana Inspector")
                    learner.locator('[data-testid="stRadioGroup"] label').filter(
                        has_text="Labour inspector"
                    ).first.click()
                    learner.get_by_role("button", name="Start").click()
                    _idle(learner)
                    learner.wait_for_function(f"new URLSearchParams(location.search).has({RESUME_PARAM!r})")
                    code = parse_qs(urlsplit(learner.url).query)[RESUME_PARAM][0]
                    for path in LEARNER_PAGES:
                        joiner = "&" if "?" in path else "?"
                        learner.goto(f"{url}/{path}{joiner}{RESUME_PARAM}={code}")
                        _idle(learner)
                        _shoot(learner, out, f"{size}-{path.split('?')[0] or 'home'}")
                    learner.context.close()
                    trainer = browser.new_context(viewport={"width": width, "height": height}).new_page()
                    trainer.goto(f"{url}/sign-in")
                    _idle(trainer)
                    trainer.get_by_role("textbox", name="Username").fill("trainer")
                    trainer.get_by_role("textbox", name="Password").fill(PASSWORD)
                    trainer.get_by_role("button", name="Sign in").click()
                    _idle(trainer)
                    for path in STAFF_PAGES:
                        trainer.goto(f"{url}/{path}")
                        _idle(trainer)
                        _shoot(trainer, out, f"{size}-{path.split('?')[0]}")
                    trainer.goto(f"{url}/projector?session={session.id}&key={session.screen_key}")
                    _idle(trainer)
                    trainer.screenshot(path=str(out / f"{size}-projector.png"))
                    print(f"  {size}-projector.png", flush=True)
                    trainer.context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print(f"Screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
