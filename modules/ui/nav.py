"""The page list: which pages exist and who may see them. app.py builds navigation from it, and
pages link to each other by these paths (st.page_link needs the same source file)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOME = "modules/ui/views/home.py"
COURSE = "modules/ui/views/course.py"
LESSON = "modules/ui/views/lesson.py"
QUIZ = "modules/ui/views/quiz.py"
RESULTS = "modules/ui/views/results.py"
DATA = "modules/ui/views/data.py"
SIGN_IN = "modules/ui/views/sign_in.py"

STAFF = ("admin", "facilitator")
EVERYONE: tuple[str, ...] = ()
LINK_ONLY = ("*link-only*",)
"""Routable only when the URL carries a `key` (the projector window opened from the console)."""


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    roles: tuple[str, ...] = EVERYONE
    """Empty: public. Otherwise only these signed-in roles see (and can open) the page."""


PAGES: list[PageSpec] = [
    PageSpec(HOME, "Home", ":material/home:", "home"),
    PageSpec(COURSE, "Course map", ":material/map:", "course"),
    PageSpec(LESSON, "Lesson", ":material/menu_book:", "lesson"),
    PageSpec(QUIZ, "Quizzes", ":material/quiz:", "quiz"),
    PageSpec(RESULTS, "My results", ":material/insights:", "results"),
    PageSpec("modules/ui/views/my_programme.py", "My programme", ":material/school:", "my-programme"),
    PageSpec(DATA, "Enforcement data", ":material/bar_chart:", "data"),
    PageSpec("modules/ui/views/live_join.py", "Join a live session", ":material/smartphone:", "join"),
    # Workshop mode, for staff
    PageSpec("modules/ui/views/live_console.py", "Facilitator console", ":material/co_present:", "facilitate", STAFF),
    # The projector window opens with a per-session key from the console (see the page): it is
    # routable for staff, or for anyone whose URL carries a key, which the page then checks.
    PageSpec("modules/ui/views/live_projector.py", "Projector", ":material/cast:", "projector", LINK_ONLY),
    PageSpec("modules/ui/views/present.py", "Present a lesson", ":material/slideshow:", "present", STAFF),
    # Programme scoring, for staff
    PageSpec("modules/ui/views/cohorts.py", "Cohorts", ":material/groups:", "cohorts", STAFF),
    PageSpec("modules/ui/views/reports.py", "Reports", ":material/analytics:", "reports", (*STAFF, "viewer")),
    PageSpec("modules/ui/views/accounts.py", "Accounts", ":material/manage_accounts:", "accounts", ("admin",)),
    PageSpec("modules/ui/views/verify.py", "Verify a certificate", ":material/verified:", "verify"),
    PageSpec(SIGN_IN, "Staff sign-in", ":material/login:", "sign-in"),
]


@functools.cache
def _exists(path: str) -> bool:
    return (ROOT / path).exists()


def visible_pages(role: str | None, link_only: bool = False) -> list[PageSpec]:
    """Pages this role may open, in menu order. Streamlit's own menu is flat (its sectioned menu
    nests headings inside a list, which axe-core reports as a serious violation) and costs no
    script time, unlike a menu of page links drawn on every rerun."""
    out = []
    for p in PAGES:
        allowed = (
            not p.roles
            or (role is not None and role in p.roles)
            or (p.roles == LINK_ONLY and (link_only or (role is not None and role in STAFF)))
        )
        if allowed and _exists(p.path):
            out.append(p)
    return out
