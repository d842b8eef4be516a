"""A link crawler per role, in headless Chromium: from every page the role can open, follow every
link to a page of the app (the menu, page links, links in text) and every button that navigates,
and check that the target renders its own page: a heading, the parameters the link carried still
in the address (no fallback to a list or to the home page), no "Page not found" dialog, no error.
A new page or link is covered without writing a new test."""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest

from modules.content.loader import load_registry
from modules.services import auth, live, roster
from modules.services import cohorts as cohort_service
from modules.storage.db import make_engine
from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, menu, sign_in, start_server, wait_idle
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

pytestmark = pytest.mark.e2e

PASSWORD = "crawler-password-1"
MAX_PAGES = 45
NAVIGATING_BUTTONS = (
    "Open this session",
    "Back to all sessions",
    "Next section →",
    "← Previous section",
    "Next →",
    "← Previous",
)
"""Buttons whose job is to move to another screen (the crawler clicks these, never ones that change data)."""
LIST_TITLES = {"Quizzes", "Lesson", "Present a lesson", "Facilitator console"}
APP_NAME = "Forced labour: see it, act on it"
"""What a page shows when the id it was given is lost: a link that carried an id must not land here."""


@dataclass
class Seeded:
    server: Server
    resume_code: str
    session_id: int
    cohort_id: int


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    followed: int = 0
    failures: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    """Each page opened (by its key) and its browser title."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The fixture course with programme quizzes, every role's account, a cohort with a learner who
    took the pre-test, and a live session on a lesson."""
    tmp = tmp_path_factory.mktemp("e2e-crawl")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    add_programme_quizzes(root)
    reg = load_registry([root / "content", root / "quizzes"])
    engine = make_engine(f"sqlite:///{tmp / 'e2e.db'}")
    auth.create_user(engine, "admin", "Admin", "admin", PASSWORD)
    trainer = auth.create_user(engine, "trainer", "Trainer", "facilitator", PASSWORD)
    auth.create_user(engine, "donor", "Donor", "viewer", PASSWORD)
    cohort = cohort_service.create_cohort(engine, reg, trainer, cohort_service.CohortForm("North", "P", "R", "MoL"))
    (ana,) = roster.import_roster(
        engine,
        trainer,
        cohort.id,
        b"name,email,organisation_type,track\nAna,ana@x.org,police,labour_inspector\n",
        reg.track_ids(),
        None,
    ).created
    record_attempt(engine, ana.learner_id, "pre", {"q-single": 1, "q-multi": 0})
    session = live.start_session(engine, trainer.id, "Room 4", lesson_id="l-one", cohort_id=cohort.id)
    engine.dispose()
    server = start_server(tmp, root)
    yield Seeded(server, ana.code, session.id, cohort.id)
    server.stop()


def _key(url: str) -> str:
    """A page's identity for the crawl: path and parameters, without the learner's resume code
    or the position within a lesson or slide deck (each section offers the same links)."""
    parts = urlsplit(url)
    params = sorted((k, v) for k, v in parse_qsl(parts.query) if k not in ("r", "s"))
    return parts.path.rstrip("/") + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "")


def _check_landing(page, source: str, what: str, expected_path: str | None, carried: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    """None if the page reached by `what` from `source` is right, else what went wrong."""
    where = f"{what} on {source} -> {page.url}"
    if page.locator('[data-testid="stException"]').count():
        return f"{where}: an exception is shown"
    if page.get_by_text("Page not found").count():
        return f"{where}: 'Page not found'"
    if page.get_by_text("was not found").count():
        return f"{where}: 'was not found'"
    got = urlsplit(page.url)
    for _ in range(20):  # Streamlit writes the page's path into the address once its run starts: under load, later
        if expected_path is None or got.path.rstrip("/") == expected_path.rstrip("/"):
            break
        page.wait_for_timeout(250)
        got = urlsplit(page.url)
    where = f"{what} on {source} -> {page.url}"
    if expected_path is not None and got.path.rstrip("/") != expected_path.rstrip("/"):
        return f"{where}: landed on {got.path}, not {expected_path}"
    now = dict(parse_qsl(got.query))
    lost = {k: v for k, v in carried.items() if now.get(k) != v}
    if lost:
        return f"{where}: the address lost {lost}"
    headings = [h.strip() for h in page.locator("h1").all_inner_texts() if h.strip()]
    for _ in range(20):  # a loaded server may still be drawing the page
        if headings:
            break
        page.wait_for_timeout(250)
        headings = [h.strip() for h in page.locator("h1").all_inner_texts() if h.strip()]
    if not headings:
        return f"{where}: no page heading"
    if "id" in carried and headings[0] in LIST_TITLES:
        return f"{where}: fell back to the list '{headings[0]}'"
    return _accessible_names(page, where)


def _accessible_names(page, where: str) -> str | None:  # type: ignore[no-untyped-def]
    """The browser title names the page (WCAG 2.4.2), and every answer group is named by its
    question, never a generic "Your answer" shared by the whole quiz (1.3.1, 2.4.6)."""
    title = page.title()
    for _ in range(20):  # the title is set by the page's run
        if title.endswith(APP_NAME) and title != APP_NAME:
            break
        page.wait_for_timeout(250)
        title = page.title()
    if not title.endswith(APP_NAME) or title == APP_NAME:
        return f"{where}: the browser title does not name the page: {title!r}"
    groups = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=stMain] [role=radiogroup]'))"
        ".map(g => (g.getAttribute('aria-label') || '').trim())"
    )
    generic = [g for g in groups if not g or g == "Your answer"]
    if len(groups) > 1 and generic:
        return f"{where}: {len(generic)} of {len(groups)} answer groups are not named by their question"
    return None


def _shared_titles(titles: dict[str, str]) -> dict[str, set[str]]:
    """Titles that name more than one page (pages with different addresses must differ)."""
    by_title: dict[str, set[str]] = {}
    for key, title in titles.items():
        by_title.setdefault(title, set()).add(_page_of(key))
    return {title: pages for title, pages in by_title.items() if len(pages) > 1}


def _settled_title(page) -> str:  # type: ignore[no-untyped-def]
    """The browser title once it has stopped changing (a staff tab's first run may rerun once it has
    signed itself back in)."""
    title = page.title()
    for _ in range(12):
        page.wait_for_timeout(250)
        again = page.title()
        if again == title:
            return title
        title = again
    return title


def _page_of(key: str) -> str:
    """The page a key shows: its path (the default page under its own name) and the thing it is
    about (`id`), without the parameters that only choose a view of it."""
    path, _, query = key.partition("?")
    thing = dict(parse_qsl(query)).get("id")
    return (path.rstrip("/") or "/home") + (f"?id={thing}" if thing else "")


def _back_to(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Return to the page being crawled: the browser's Back button when it gets there (a rerun
    within the same session, much faster than loading the page again), else load it."""
    if page.url == url:
        return
    page.go_back()
    wait_idle(page, settle=0.3)
    if page.url != url:
        page.goto(url)
        wait_idle(page, settle=0.3)


def _crawl(page, start: str) -> Crawl:  # type: ignore[no-untyped-def]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    crawl = Crawl()
    queue: deque[str] = deque([page.url])
    seen_pages: set[str] = set()
    followed: set[tuple[str, str]] = set()
    menu_done: set[str] = set()
    while queue and len(crawl.visited) < MAX_PAGES:
        url = queue.popleft()
        if _key(url) in seen_pages:
            continue
        seen_pages.add(_key(url))
        crawl.visited.append(_key(url))
        page.goto(url)
        wait_idle(page, settle=0.3)
        problem = _check_landing(page, "(opened)", url, None, {})
        if problem:
            crawl.failures.append(problem)
            continue
        crawl.titles[_key(url)] = _settled_title(page)
        links = page.evaluate(
            """() => Array.from(document.querySelectorAll('a[href]')).map(a => ({
                href: a.href, attr: a.getAttribute('href'), text: (a.innerText || '').trim().slice(0, 80),
                menu: !!a.closest('[data-testid="stSidebarNav"]'), blank: a.target === '_blank'}))"""
        )
        for link in links:
            if not link["href"].startswith(origin) or "/_stcore" in link["href"] or "/media/" in link["href"]:
                continue  # outside the app (sources) or a file
            if link["attr"].startswith("#"):
                continue  # "skip to main content": a jump within the page
            target = _key(link["href"])
            if link["menu"]:
                if target in menu_done:
                    continue  # the same menu on every page: followed once per role
                menu_done.add(target)
            elif (_key(url), target) in followed:
                continue
            followed.add((_key(url), target))
            _back_to(page, url)
            default_page = link["attr"] in ("", "/")  # Streamlit's link to the default page: an empty href
            carried = {} if default_page else dict(parse_qsl(urlsplit(link["href"]).query))
            if link["blank"]:  # opens a new window: follow it as that window would
                page.goto(link["href"])
            else:
                anchor = page.locator(f'a[href="{link["attr"]}"]').first
                if not anchor.is_visible():
                    anchor.scroll_into_view_if_needed()
                anchor.click()
            wait_idle(page, settle=0.3)
            crawl.followed += 1
            path = "/" if default_page else urlsplit(link["href"]).path
            problem = _check_landing(page, _key(url), f"link '{link['text']}'", path, carried)
            if problem:
                crawl.failures.append(problem)
            elif _key(page.url) not in seen_pages:
                queue.append(page.url)
        for label in NAVIGATING_BUTTONS:
            _back_to(page, url)
            button = page.get_by_role("button", name=label, exact=True)
            if button.count() == 0 or not button.first.is_enabled():
                continue
            before = page.url
            button.first.click()
            wait_idle(page, settle=0.3)
            crawl.followed += 1
            problem = _check_landing(page, _key(url), f"button '{label}'", None, {})
            if problem is None and page.url == before:
                problem = f"button '{label}' on {_key(url)}: the address did not change"
            if problem:
                crawl.failures.append(problem)
            elif _key(page.url) not in seen_pages:
                queue.append(page.url)
    return crawl


@pytest.mark.parametrize("role", ["visitor", "learner", "facilitator", "viewer", "admin"])
def test_every_link_lands_on_its_own_page(site: Seeded, browser, role: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    base = site.server.url
    try:
        page.goto(f"{base}/?r={site.resume_code}" if role == "learner" else base)
        wait_idle(page, settle=0.8)
        if role in ("facilitator", "viewer", "admin"):
            menu(page, "Staff sign-in")
            sign_in(page, {"facilitator": "trainer", "viewer": "donor", "admin": "admin"}[role], PASSWORD)
            page.get_by_text("Signed in as").wait_for()
        crawl = _crawl(page, base)
    finally:
        context.close()
    print(f"{role}: {len(crawl.visited)} pages, {crawl.followed} links and buttons followed")
    assert not crawl.failures, "\n".join(crawl.failures)
    assert crawl.followed >= 8, crawl.visited  # the crawl really went somewhere
    shared = _shared_titles(crawl.titles)
    if shared:  # a loaded machine can read a title mid-run: open those pages again, one at a time
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            if role in ("facilitator", "viewer", "admin"):
                page.goto(base)
                wait_idle(page, settle=0.8)
                menu(page, "Staff sign-in")
                sign_in(page, {"facilitator": "trainer", "viewer": "donor", "admin": "admin"}[role], PASSWORD)
            for key in [k for k in crawl.titles if any(_page_of(k) in pages for pages in shared.values())]:
                code = f"r={site.resume_code}" if role == "learner" else ""  # keys leave the resume code out
                page.goto(f"{base}{key}{('&' if '?' in key else '?') + code if code else ''}")
                wait_idle(page, settle=0.8)
                crawl.titles[key] = _settled_title(page)
        finally:
            context.close()
        shared = _shared_titles(crawl.titles)
    assert not shared, f"pages sharing a browser title: {shared}"
    minimum = {"visitor": {"/course", "/quiz", "/verify"}, "learner": {"/lesson?id=l-one", "/quiz?id=quiz-one"}}
    for path in minimum.get(role, set()):
        assert any(v.startswith(path) for v in crawl.visited), (path, crawl.visited)
