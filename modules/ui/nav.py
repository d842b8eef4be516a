"""The page list: which pages exist, who sees them in the menu, and how pages link to each other.

Every page is routable for everyone, so a refresh or a bookmarked address always lands on the
page it names: a page that is not for this visitor is left out of the menu (hidden) and checks
the role itself on every run (staff pages show the sign-in form in place, then carry on)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.i18n import N_
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (PAGES below)

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
    """The menu's entry and the browser title, in English (marked with N_ in PAGES): `shown_title` is what
    a run shows."""
    icon: str
    url_path: str
    roles: tuple[str, ...] = EVERYONE
    """Empty: in everyone's menu. Otherwise in the menu of these signed-in roles only."""

    def in_menu(self, role: str | None) -> bool:
        return not self.roles or (role is not None and role in self.roles)

    def shown_title(self) -> str:
        """The title in this run's language (app.py makes the menu's pages with it)."""
        return translate(self.title)


PAGES: list[PageSpec] = [
    # TRANSLATORS: the pages' names (this one and those below), in the menu and in the browser tab's title.
    PageSpec(HOME, N_("Home"), ":material/home:", "home"),
    PageSpec(COURSE, N_("Course map"), ":material/map:", "course"),
    PageSpec(LESSON, N_("Lesson"), ":material/menu_book:", "lesson"),
    PageSpec(QUIZ, N_("Quizzes"), ":material/quiz:", "quiz"),
    PageSpec(RESULTS, N_("My results"), ":material/insights:", "results"),
    PageSpec(MY_PROGRAMME, N_("My programme"), ":material/school:", "my-programme"),
    PageSpec(DATA, N_("Enforcement data"), ":material/bar_chart:", "data"),
    PageSpec(GLOSSARY, N_("Glossary"), ":material/dictionary:", "glossary"),
    PageSpec(JOIN, N_("Join a live session"), ":material/smartphone:", "join"),
    # Workshop mode, for staff
    PageSpec(CONSOLE, N_("Facilitator console"), ":material/co_present:", "facilitate", STAFF),
    PageSpec(PROJECTOR, N_("Projector"), ":material/cast:", "projector", NEVER_IN_MENU),
    PageSpec(PRESENT, N_("Present a lesson"), ":material/slideshow:", "present", STAFF),
    # Programme scoring, for staff
    PageSpec(COHORTS, N_("Cohorts"), ":material/groups:", "cohorts", STAFF),
    PageSpec(REPORTS, N_("Reports"), ":material/analytics:", "reports", (*STAFF, "viewer")),
    PageSpec(ACCOUNTS, N_("Accounts"), ":material/manage_accounts:", "accounts", ("admin",)),
    PageSpec(VERIFY, N_("Verify a certificate"), ":material/verified:", "verify"),
    PageSpec(SIGN_IN, N_("Staff sign-in"), ":material/login:", "sign-in"),
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
