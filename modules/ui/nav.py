"""The page list: which pages exist and who may see them. app.py builds navigation from it, and
pages link to each other by these paths (st.page_link needs the same source file)."""

from __future__ import annotations

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
HIDDEN = ("*hidden*",)
"""Routable for everyone but not listed in the menu (pages that open from a link)."""


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    section: str
    roles: tuple[str, ...] = EVERYONE
    """Empty: public. Otherwise only these signed-in roles see (and can open) the page."""


PAGES: list[PageSpec] = [
    PageSpec(HOME, "Home", ":material/home:", "home", "Learn"),
    PageSpec(COURSE, "Course map", ":material/map:", "course", "Learn"),
    PageSpec(LESSON, "Lesson", ":material/menu_book:", "lesson", "Learn"),
    PageSpec(QUIZ, "Quizzes", ":material/quiz:", "quiz", "Learn"),
    PageSpec(RESULTS, "My results", ":material/insights:", "results", "Learn"),
    PageSpec(DATA, "Enforcement data", ":material/bar_chart:", "data", "Learn"),
    # Workshop mode (live sessions and presenter view)
    PageSpec("modules/ui/views/live_join.py", "Join a live session", ":material/smartphone:", "join", "Workshop"),
    PageSpec("modules/ui/views/live_console.py", "Facilitator console", ":material/co_present:", "facilitate", "Workshop", STAFF),
    # The projector window opens with a per-session key from the console (see the page), so it is
    # routable for everyone; without a valid key or a staff sign-in it shows nothing.
    PageSpec("modules/ui/views/live_projector.py", "Projector", ":material/cast:", "projector", "Workshop", HIDDEN),
    PageSpec("modules/ui/views/present.py", "Present a lesson", ":material/slideshow:", "present", "Workshop", STAFF),
    # Programme scoring
    PageSpec("modules/ui/views/my_programme.py", "My programme", ":material/school:", "my-programme", "Learn"),
    PageSpec("modules/ui/views/cohorts.py", "Cohorts", ":material/groups:", "cohorts", "Programme", STAFF),
    PageSpec("modules/ui/views/reports.py", "Reports", ":material/analytics:", "reports", "Programme", (*STAFF, "viewer")),
    PageSpec("modules/ui/views/accounts.py", "Accounts", ":material/manage_accounts:", "accounts", "Programme", ("admin",)),
    PageSpec("modules/ui/views/verify.py", "Verify a certificate", ":material/verified:", "verify", "Account"),
    PageSpec(SIGN_IN, "Staff sign-in", ":material/login:", "sign-in", "Account"),
]


def visible_pages(role: str | None) -> list[PageSpec]:
    """Pages this role may open: public ones, link-only ones, and those of its role."""
    return [
        p
        for p in PAGES
        if (not p.roles or p.roles == HIDDEN or (role is not None and role in p.roles)) and (ROOT / p.path).exists()
    ]
