"""In real Chromium: a signed-in staff tab stays signed in through refreshes (its token rides on each
connection's handshake, modules/ui/tab_session.js), another tab of the same browser does not inherit
it, no cookie outlives the handshake, and after "Sign out" a refresh stays signed out."""

from __future__ import annotations

import pytest

from modules.services import auth
from modules.storage.db import make_engine
from tests.e2e.conftest import Server, menu, refresh, sign_in, wait_idle

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-password-2"
COOKIE = "flt_staff_session"


def _staff_menu(page) -> bool:  # type: ignore[no-untyped-def]
    return page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Cohorts").count() == 1


def test_a_staff_tab_keeps_its_sign_in_and_no_other_tab_gets_it(fixture_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(fixture_server.env["DATABASE_URL"])
    auth.create_user(engine, "tab-trainer", "Tab trainer", "facilitator", PASSWORD)
    engine.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.set_default_timeout(30_000)
    staff.goto(fixture_server.url)
    wait_idle(staff, settle=0.5)
    menu(staff, "Staff sign-in")
    sign_in(staff, "tab-trainer", PASSWORD)
    staff.get_by_text("Signed in as Tab trainer").wait_for()
    menu(staff, "Cohorts")
    for _ in range(3):
        refresh(staff)
        staff.get_by_role("heading", name="Cohorts", level=1).wait_for()
        assert _staff_menu(staff)
        assert staff.get_by_role("textbox", name="Password").count() == 0
        assert COOKIE not in {c["name"] for c in context.cookies()}  # removed once connected

    other = context.new_page()  # a second tab of the same browser: its own, empty sessionStorage
    other.goto(f"{fixture_server.url}/cohorts")
    wait_idle(other, settle=0.5)
    other.get_by_text("This page is for signed-in staff").wait_for()
    assert not _staff_menu(other)
    refresh(staff)  # and the first tab is still signed in after the second one connected
    staff.get_by_role("heading", name="Cohorts", level=1).wait_for()

    menu(staff, "Staff sign-in")
    staff.get_by_role("button", name="Sign out").click()
    wait_idle(staff, settle=0.5)
    refresh(staff)
    staff.get_by_role("textbox", name="Password").wait_for()
    assert not _staff_menu(staff)
    context.close()
