"""The page list: which pages exist, who sees them in the menu, and how pages link to each other.

Every page is routable for everyone, so a refresh or a bookmarked address always lands on the
page it names: a page that is not for this visitor is left out of the menu (hidden) and checks
the role itself on every run (staff pages show the sign-in form in place, then carry on)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOME = "modules/ui/views/home.py"
COURSE = "modules/ui/views/course.py"
LESSON = "modules/ui/views/lesson.py"
QUIZ = "modules/ui/views/quiz.py"
RESULTS = "modules/ui/views/results.py"
MY_PROGRAMME = "modules/ui/views/my_programme.py"
DATA = "modules/ui/views/data.py"
GLOSSARY = "modules/ui/views/glossary.py"
JOIN = "modules/ui/views/live_join.py"
CONSOLE = "modules/ui/views/live_console.py"
PROJECTOR = "modules/ui/views/live_projector.py"
PRESENT = "modules/ui/views/present.py"
COHORTS = "modules/ui/views/cohorts.py"
REPORTS = "modules/ui/views/reports.py"
ACCOUNTS = "modules/ui/views/accounts.py"
VERIFY = "modules/ui/views/verify.py"
SIGN_IN = "modules/ui/views/sign_in.py"

STAFF = ("admin", "facilitator")
EVERYONE: tuple[str, ...] = ()
NEVER_IN_MENU = ("*never-in-menu*",)
"""Pages opened only by a link that carries what they need (the projector window and its key)."""


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    roles: tuple[str, ...] = EVERYONE
    """Empty: in everyone's menu. Otherwise in the menu of these signed-in roles only."""

    def in_menu(self, role: str | None) -> bool:
        return not self.roles or (role is not None and role in self.roles)


PAGES: list[PageSpec] = [
    PageSpec(HOME, "Home", ":material/home:", "home"),
    PageSpec(COURSE, "Course map", ":material/map:", "course"),
    PageSpec(LESSON, "Lesson", ":material/menu_book:", "lesson"),
    PageSpec(QUIZ, "Quizzes", ":material/quiz:", "quiz"),
    PageSpec(RESULTS, "My results", ":material/insights:", "results"),
    PageSpec(MY_PROGRAMME, "My programme", ":material/school:", "my-programme"),
    PageSpec(DATA, "Enforcement data", ":material/bar_chart:", "data"),
    PageSpec(GLOSSARY, "Glossary", ":material/dictionary:", "glossary"),
    PageSpec(JOIN, "Join a live session", ":material/smartphone:", "join"),
    # Workshop mode, for staff
    PageSpec(CONSOLE, "Facilitator console", ":material/co_present:", "facilitate", STAFF),
    PageSpec(PROJECTOR, "Projector", ":material/cast:", "projector", NEVER_IN_MENU),
    PageSpec(PRESENT, "Present a lesson", ":material/slideshow:", "present", STAFF),
    # Programme scoring, for staff
    PageSpec(COHORTS, "Cohorts", ":material/groups:", "cohorts", STAFF),
    PageSpec(REPORTS, "Reports", ":material/analytics:", "reports", (*STAFF, "viewer")),
    PageSpec(ACCOUNTS, "Accounts", ":material/manage_accounts:", "accounts", ("admin",)),
    PageSpec(VERIFY, "Verify a certificate", ":material/verified:", "verify"),
    PageSpec(SIGN_IN, "Staff sign-in", ":material/login:", "sign-in"),
]

BY_PATH = {p.path: p for p in PAGES}


def missing_pages() -> list[str]:
    """Page files named here that do not exist (a test keeps this empty)."""
    return [p.path for p in PAGES if not (ROOT / p.path).exists()]


def menu_pages(role: str | None) -> list[PageSpec]:
    """Pages in this role's menu, in order. Streamlit's own menu is flat (its sectioned menu nests
    headings inside a list, which axe-core reports as a serious violation) and costs no script
    time, unlike a menu of page links drawn on every rerun."""
    return [p for p in PAGES if p.in_menu(role)]
