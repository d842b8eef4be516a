"""In real Chromium: the app works in a room without internet. Every request a page makes, for its
favicon, fonts, icons, charts and scripts, goes to the app's own server (the favicon used to come
from a font server on the internet)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Server, menu, wait_idle

pytestmark = pytest.mark.e2e


def test_no_page_fetches_anything_from_the_internet(course_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(course_server.url)
    wait_idle(page, settle=1.0)
    for item in ("Course map", "Enforcement data", "Glossary", "Join a live session"):
        menu(page, item)
        wait_idle(page, settle=1.0)
    page.goto(f"{course_server.url}/lesson?id=l7-enforcement-data")
    wait_idle(page, settle=1.5)
    own = urlsplit(course_server.url).netloc
    elsewhere = sorted(
        {u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own}
    )
    assert len(requested) > 10
    assert not elsewhere, elsewhere
    icons = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    assert icons and all(urlsplit(i).netloc in (own, "") or i.startswith("data:") for i in icons), icons
