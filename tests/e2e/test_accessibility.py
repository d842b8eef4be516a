"""axe-core audit of the main pages (shipped course), with its whole rule set (WCAG and best
practices), on a laptop (1366 px) and at 320 px (a phone, or 400 % zoom): no violation of any impact."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, choose, wait_idle

pytestmark = pytest.mark.e2e


WIDTHS = (1366, 320)


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every axe violation (any impact) at each width, the page as it is drawn there."""
    from axe_playwright_python.sync_playwright import Axe

    out = []
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 600 else 640})
        wait_idle(page, settle=0.3)
        results = Axe().run(page)
        for violation in results.response["violations"]:
            targets = [n["html"][:160] for n in violation["nodes"]][:3]
            out.append(f"{width}px {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    page.set_viewport_size(size)  # the journey goes on as it was
    wait_idle(page, settle=0.3)
    return out


def _register(page, base: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(base)
    wait_idle(page)
    page.get_by_role("textbox", name="Display name").fill("Auditor")
    choose(page, "Labour inspector")
    page.get_by_role("button", name="Start").click()
    wait_idle(page)
    return page.url.split("r=")[1][:16]


def test_main_pages_have_no_serious_violations(course_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    from modules.content.loader import load_registry

    reg = load_registry()
    first_lesson = reg.lessons_in_order("labour_inspector")[0].id
    first_quiz = next(iter(reg.quizzes))
    code = _register(page, course_server.url)
    failures: dict[str, list[str]] = {}
    for path in ("home", "course", f"lesson?id={first_lesson}", f"quiz?id={first_quiz}", "results", "data"):
        sep = "&" if "?" in path else "?"
        page.goto(f"{course_server.url}/{path}{sep}r={code}")
        wait_idle(page, settle=1.0)
        found = _serious(page)
        if found:
            failures[path] = found
    report = "\n".join(f"{path}: {v}" for path, found in failures.items() for v in found)
    assert not failures, report


def test_staff_and_phone_pages_have_no_serious_violations(course_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    from modules.services import auth
    from modules.storage.db import make_engine

    engine = make_engine(course_server.env["DATABASE_URL"])
    auth.create_user(engine, "auditor-admin", "Auditor", "admin", "a-long-password-1")
    engine.dispose()
    failures: dict[str, list[str]] = {}
    page.goto(f"{course_server.url}/join")
    wait_idle(page, settle=1.0)
    if found := _serious(page):
        failures["join"] = found
    page.goto(f"{course_server.url}/sign-in")
    wait_idle(page)
    page.get_by_role("textbox", name="Username").fill("auditor-admin")
    page.get_by_role("textbox", name="Password").fill("a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)
    for name in ("Facilitator console", "Cohorts", "Reports", "Accounts"):
        page.get_by_role("link", name=name).click()  # staff sign-in lives in this tab's session
        wait_idle(page, settle=1.0)
        if found := _serious(page):
            failures[name] = found
    report = "\n".join(f"{path}: {v}" for path, found in failures.items() for v in found)
    assert not failures, report
