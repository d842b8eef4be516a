"""Every page, in French and in Spanish, on the shipped course: nothing a person reads is left in English.

Each page is drawn twice with the same data, once in English and once in the other language; every text
element (titles, Markdown, messages, captions, labels of buttons, fields, tabs, expanders, links and
metrics, table headers) that comes out identical in both is English left behind, unless it is data
(a person's or a cohort's name, a code, a number) or a word that is the same in both languages (listed
below, each on purpose). A string the code forgot to mark, a msgid the catalogue does not translate and
a course text the translations miss all fail here, page by page."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules.content.loader import load_registry
from modules.i18n import catalogue
from modules.services import auth, live, roster
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.storage.db import make_engine
from modules.ui import nav
from tests.app.conftest import signed_in
from tests.unit.test_cohorts_repo import record_attempt

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PASSWORD = "a-long-password"
LANGUAGES = ("fr", "es")

SAME_IN_BOTH: dict[str, set[str]] = {
    # course words a translator kept because they are the same word in that language (content/translations)
    "fr": {"**convention**", "**exploitation**", "**servitude**", "**tripartite**"},
    "es": set(),
}
"""Besides these, a message the catalogue translates by itself ("Quiz" is "Quiz" in French) is not English
left behind: the translator chose it."""

DATA = re.compile(r"^[\W\d_]*$")  # no letters: numbers, dates, codes of digits, punctuation
PUBLICATION = re.compile(r"^- \[[^\]]+\]\(https?://[^)]+\)")  # a source's title, as it was published


@dataclass
class World:
    env: dict[str, str]
    admin: int
    facilitator: int
    learner_code: str
    certificate_code: str
    lesson_id: str
    live_session: int
    live_key: str
    data_strings: set[str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("every-page")
    env = {
        "CONTENT_DIR": str(ROOT / "content"),
        "QUIZZES_DIR": str(ROOT / "quizzes"),
        "DATABASE_URL": f"sqlite:///{tmp / 'app.db'}",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        reg = load_registry([ROOT / "content", ROOT / "quizzes"])
        engine = make_engine(env["DATABASE_URL"])
        admin = auth.create_user(engine, "admin", "Ada Admin", "admin", PASSWORD)
        fac = auth.create_user(engine, "fac", "Fio Facil", "facilitator", PASSWORD)
        cohort = cohort_service.create_cohort(
            engine, reg, fac, cohort_service.CohortForm("Nordkreis", "Proj Zeta", "Ruritania", "Minlab")
        )
        header = "name,email,organisation_type,sex,region,track\n"
        made = roster.import_roster(
            engine,
            fac,
            cohort.id,
            (
                header + "Ana Alpha,ana@x.org,labour inspectorate,female,Hills,labour_inspector\n"
                "Ben Beta,ben@x.org,police,male,Coast,police\n"
            ).encode(),
            reg.track_ids(),
            None,
        )
        ana, ben = made.created
        fixed = [q for q in reg.quizzes.values() if q.kind in ("pre_test", "post_test") and q.questions]
        for quiz in fixed:
            ids = quiz.questions[:5]
            record_attempt(engine, ana.learner_id, quiz.id, dict.fromkeys(ids, 1.0))
            record_attempt(engine, ben.learner_id, quiz.id, {q: float(i % 2) for i, q in enumerate(ids)})
        cert = certificate_service.issue(engine, reg, ana.learner_id)
        session = live.open_session(engine, fac_user(engine, fac.id), "Atelier Zeta")
        lesson_id = next(iter(reg.lessons))
        engine.dispose()
        yield World(
            env,
            admin.id,
            fac.id,
            ana.code,
            cert.code if cert is not None else "",
            lesson_id,
            session.id,
            session.screen_key,
            {
                "Ana Alpha",
                "Ben Beta",
                "Ada Admin",
                "Fio Facil",
                "Nordkreis",
                "Proj Zeta",
                "Ruritania",
                "Minlab",
                "Atelier Zeta",
                "admin",
                "fac",
                "Hills",
                "Coast",
            },
        )
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def fac_user(engine, user_id: int):  # type: ignore[no-untyped-def]
    from modules.storage import users as users_repo

    user = users_repo.by_id(engine, user_id)
    assert user is not None
    return user


def _run(world: World, page: str, lang: str, staff: int | None, **params: str) -> AppTest:
    os.environ.update(world.env)
    at = AppTest.from_file(APP, default_timeout=90)
    if staff is not None:
        signed_in(at, staff)
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> set[str]:
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "error", "warning", "info", "success", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for m in at.markdown:
        if "<style" not in str(m.value):  # the page's CSS, not text
            parts += str(m.value).splitlines()
    parts += [str(m.label) for m in at.metric]
    for kind in (
        "button",
        "text_input",
        "text_area",
        "selectbox",
        "multiselect",
        "radio",
        "checkbox",
        "toggle",
        "number_input",
        "date_input",
        "expander",
        "tabs",
    ):
        parts += [str(w.label) for w in getattr(at, kind)]
    parts += [str(link.label) for link in at.get("page_link")]
    parts += [str(b.proto.label) for b in at.get("download_button")]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns]
    return {" ".join(p.split()) for p in parts if p and p.strip()}


PAGES: list[tuple[str, str]] = [
    (nav.HOME, "learner"),
    (nav.COURSE, "learner"),
    (nav.LESSON, "learner"),
    (nav.QUIZ, "learner"),
    (nav.RESULTS, "learner"),
    (nav.MY_PROGRAMME, "learner"),
    (nav.DATA, "learner"),
    (nav.GLOSSARY, "learner"),
    (nav.JOIN, "learner"),
    (nav.VERIFY, "learner"),
    (nav.SIGN_IN, "nobody"),
    (nav.CONSOLE, "facilitator"),
    (nav.PRESENT, "facilitator"),
    (nav.PROJECTOR, "projector"),
    (nav.COHORTS, "facilitator"),
    (nav.REPORTS, "facilitator"),
    (nav.ACCOUNTS, "admin"),
]


def _params(world: World, page: str, who: str) -> tuple[int | None, dict[str, str]]:
    params: dict[str, str] = {}
    staff = {"facilitator": world.facilitator, "admin": world.admin}.get(who)
    if who == "learner":
        params["r"] = world.learner_code
    if page == nav.LESSON:
        params["id"] = world.lesson_id
    if page == nav.VERIFY and world.certificate_code:
        params["code"] = world.certificate_code
    if page == nav.PROJECTOR:
        params.update(session=str(world.live_session), key=world.live_key)
    return staff, params


def test_every_page_is_listed() -> None:
    assert {p for p, _ in PAGES} == {s.path for s in nav.PAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page", "who"), PAGES, ids=[Path(p).stem for p, _ in PAGES])
def test_no_english_left_on_the_page(world: World, page: str, who: str, lang: str) -> None:
    staff, params = _params(world, page, who)
    english = _texts(_run(world, page, "en", staff, **params))
    other = _texts(_run(world, page, lang, staff, **params))
    assert len(english) > 3, english  # the page drew something
    chosen = {msgid for msgid, text in catalogue.load(lang).singular.items() if msgid == text}
    allowed = world.data_strings | SAME_IN_BOTH[lang] | chosen
    left = sorted(t for t in other & english if not DATA.match(t) and not PUBLICATION.match(t) and t not in allowed)
    assert not left, f"{page} in {lang}: still in English: {left}"
