"""In real Chromium, on the shipped course and its French and Spanish translations: a learner picks the
language in the menu, the course's text follows, a refresh keeps it; a browser set to Spanish gets the
course in Spanish on its first visit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modules.i18n import gettext, ngettext
from tests.e2e.conftest import Server, menu, refresh, sign_in, wait_idle

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def _translated(language: str, key: str, file: str = "course.yaml") -> str:
    data = yaml.safe_load((ROOT / "content" / "translations" / language / file).read_text(encoding="utf-8"))
    return str(data[key]["text"])


def test_the_menu_switches_the_language_and_a_refresh_keeps_it(course_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(course_server.url)
    wait_idle(page, settle=0.5)
    title = page.locator("h1").first
    english = title.inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Français", exact=True).click()
    wait_idle(page, settle=0.5)
    french = _translated("fr", "course.title")
    page.locator("h1", has_text=french).first.wait_for()
    assert french != english
    assert "lang=fr" in page.url
    refresh(page)
    page.locator("h1", has_text=french).first.wait_for()
    glossary = gettext("Glossary", lang="fr")
    assert glossary != "Glossary"  # the menu itself is in French
    menu(page, glossary)  # another page: still French, and the address still says so
    page.get_by_text(_translated("fr", "glossary.debt-bondage.term", "glossary.yaml"), exact=False).first.wait_for()
    assert "lang=fr" in page.url


def test_a_browser_in_spanish_gets_spanish_on_its_first_visit(course_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    page = context.new_page()
    try:
        page.goto(course_server.url)
        wait_idle(page, settle=0.5)
        page.locator("h1", has_text=_translated("es", "course.title")).first.wait_for()
        assert page.locator('[data-testid="stMain"]').get_by_role("combobox", name="Idioma").count() == 1
    finally:
        context.close()


def test_a_facilitator_in_spanish_runs_a_session_and_the_projector_follows(course_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    """At a projector's 1280x720, by clicking: sign in, pick Español in the menu, start a session from the
    console, open the projector window from its link; the projector is in Spanish, fits the screen, and a
    refresh of either keeps it (the language is the session's and the account's)."""
    from modules.services import auth
    from modules.storage.db import make_engine

    engine = make_engine(course_server.env["DATABASE_URL"])
    auth.create_user(engine, "hablante", "Hablante", "facilitator", "a-long-password-es")
    engine.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(course_server.url)
        wait_idle(page, settle=0.5)
        menu(page, "Staff sign-in")
        sign_in(page, "hablante", "a-long-password-es")
        box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Language")
        box.scroll_into_view_if_needed()
        box.click()
        page.get_by_role("option", name="Español", exact=True).click()
        wait_idle(page, settle=0.5)
        menu(page, gettext("Facilitator console", lang="es"))
        page.get_by_role("button", name=gettext("Start the session", lang="es")).click()
        wait_idle(page, settle=0.5)
        refresh(page)  # the console, still in Spanish
        help_text = gettext(
            "[Open the projector screen in a new window]({link}) "
            "and drag it to the projector. It needs no sign-in and survives a refresh.",
            lang="es",
            link="x",
        )
        link = page.get_by_role("link", name=help_text[1 : help_text.index("]")])
        with context.expect_page() as opened:
            link.click()
        projector = opened.value
        wait_idle(projector, settle=1)
        joined = ngettext("{n} joined", "{n} joined", 0, lang="es")  # "0 se han unido"
        assert joined != "0 joined"
        assert "lang=es" in projector.url
        refresh(projector)
        main = projector.locator('[data-testid="stMain"]')
        main.get_by_text(joined, exact=False).first.wait_for()
        assert projector.evaluate("document.scrollingElement.scrollHeight") <= 720  # one screen, no scrolling
    finally:
        context.close()
