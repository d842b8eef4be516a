"""The glossary and the country profile through the real pages (AppTest): the Glossary page (alphabetical,
opened at a term, filtered), the lesson's links to it, the presenter's "Terms in this section", and the
`national_law` and `contact_card` blocks with and without a profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from modules.services.auth import create_user
from modules.storage.db import make_engine
from modules.ui import nav
from modules.ui.components.country import NO_PROFILE_CONTACT, NO_PROFILE_LAW
from tests.app.conftest import texts

GLOSSARY = """\
glossary:
  - id: forced-labour
    term: forced labour
    definition: Work exacted under the **menace** of a penalty.
    source: {title: ILO Convention No. 29, url: "https://www.ilo.org/"}
  - id: debt-bondage
    term: debt bondage
    aliases: [bonded labour]
    definition: Work to pay off a debt that never ends.
    source: {title: UN Supplementary Convention (1956), url: "https://www.ohchr.org/"}
  - id: abuse
    term: abuse of a position of vulnerability
    definition: Taking advantage of a person who has no real choice.
    source: {title: UNODC, url: "https://www.unodc.org/"}
"""

PROFILE = """\
country_profile:
  country: Testland
  offences:
    - {id: forced-labour, name: Forced labour, reference: Penal Code s. 9, summary: Work under threat.}
  mandates: {labour_inspectorate: Enters every workplace., police: The anti-trafficking unit investigates.}
  contacts:
    - {id: nrm, name: Referral office, role: National referral mechanism, phone: "0800 000", email: a_b@example.org}
"""

BLOCKS = """\
      - kind: national_law
        offences: [forced-labour]
        show_mandates: true
      - kind: contact_card
        contact: nrm
"""


def _glossary(root: Path) -> None:
    (root / "content" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")


def _bold_terms(at: AppTest) -> list[str]:
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


def test_without_a_glossary_the_page_says_so(open_page: Callable[..., AppTest]) -> None:
    at = open_page(nav.GLOSSARY)
    assert not at.exception
    assert at.title[0].value == "Glossary"
    assert "This course has no glossary yet." in texts(at)


def test_terms_are_listed_alphabetically_with_definition_and_source(
    app_env: Path, open_page: Callable[..., AppTest]
) -> None:
    _glossary(app_env)
    at = open_page(nav.GLOSSARY)
    assert not at.exception
    assert _bold_terms(at) == ["abuse of a position of vulnerability", "debt bondage", "forced labour"]
    shown = texts(at)
    assert "Work exacted under the **menace** of a penalty." in shown
    assert "Source: [UN Supplementary Convention \\(1956\\)](https://www.ohchr.org/)" in shown
    assert "Also: bonded labour" in shown


def test_opened_at_a_term_that_term_comes_first_highlighted(app_env: Path, open_page: Callable[..., AppTest]) -> None:
    _glossary(app_env)
    at = open_page(nav.GLOSSARY, term="forced-labour")
    assert not at.exception
    assert "**The term you looked up**" in [m.value for m in at.markdown]
    assert _bold_terms(at)[1:] == ["forced labour", "abuse of a position of vulnerability", "debt bondage"]
    assert at.query_params["term"] in ("forced-labour", ["forced-labour"])  # the address keeps what the link carried
    unknown = open_page(nav.GLOSSARY, term="<b>nope</b>")
    assert not unknown.exception
    assert any("is not in the glossary" in w.value and "<b>" not in w.value for w in unknown.warning)
    assert len(_bold_terms(unknown)) == 3


def test_the_search_box_filters_by_term_and_alias(app_env: Path, open_page: Callable[..., AppTest]) -> None:
    _glossary(app_env)
    at = open_page(nav.GLOSSARY)
    at.text_input(key="glossary-find").input("BONDED").run()
    assert _bold_terms(at) == ["debt bondage"]
    at.text_input(key="glossary-find").input("zzz").run()
    assert "No term matches. Clear the box to see every term." in texts(at)


def test_a_lesson_links_the_first_appearance_of_a_term_to_the_glossary(
    app_env: Path, open_page: Callable[..., AppTest]
) -> None:
    _glossary(app_env)
    at = open_page(nav.LESSON, id="l-one", s="1")
    assert not at.exception
    boxes = [i.value for i in at.info]
    assert any("may not prove [forced labour](glossary?term=forced-labour)." in b for b in boxes), boxes


def test_the_presenter_lists_the_terms_of_the_section_on_demand(
    app_env: Path, open_page: Callable[..., AppTest]
) -> None:
    _glossary(app_env)
    engine = make_engine(f"sqlite:///{app_env.parent / 'app.db'}")
    trainer = create_user(engine, "trainer", "Trainer", "facilitator", "a-long-password").id
    engine.dispose()
    at = open_page(nav.PRESENT, staff=trainer, id="l-one", s="2")
    assert not at.exception
    (panel,) = _terms(at)
    inside = [m.value for m in panel.markdown]
    assert inside == ["**forced labour**: Work exacted under the **menace** of a penalty."]
    assert "](glossary?term=" not in texts(at)  # slides for the room carry no links
    title = open_page(nav.PRESENT, staff=trainer, id="l-one", s="1")
    assert not _terms(title)  # the title slide has no section


def _terms(at: AppTest) -> list[Any]:
    """The presenter's "Terms" popover (AppTest has no accessor for popovers: walk the tree)."""
    found, todo = [], [at.main]
    while todo:
        node = todo.pop()
        proto = getattr(node, "proto", None)
        popover = getattr(proto, "popover", None)
        if popover is not None and getattr(popover, "label", "") == "Terms":
            found.append(node)
        todo.extend(getattr(node, "children", {}).values())
    return found


def test_country_blocks_show_a_neutral_line_without_a_profile(app_env: Path, open_page: Callable[..., AppTest]) -> None:
    lesson = app_env / "content" / "lessons" / "l-two.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + BLOCKS, encoding="utf-8")
    at = open_page(nav.LESSON, id="l-two", s="1")
    assert not at.exception
    assert [i.value for i in at.info][-2:] == [NO_PROFILE_LAW, NO_PROFILE_CONTACT]
    assert "Your national law" not in texts(at)


def test_country_blocks_show_the_profile(app_env: Path, open_page: Callable[..., AppTest]) -> None:
    lesson = app_env / "content" / "lessons" / "l-two.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + BLOCKS, encoding="utf-8")
    (app_env / "content" / "country-profile.yaml").write_text(PROFILE, encoding="utf-8")
    at = open_page(nav.LESSON, id="l-two", s="1")
    assert not at.exception
    shown = texts(at)
    assert "#### Your national law" in shown and "**Forced labour** (Penal Code s\\. 9)" in shown
    assert "The anti-trafficking unit investigates." in shown and "**Labour inspectorate**" in shown
    assert "#### Referral office" in shown
    assert "Phone: 0800 000  \nE-mail: a\\_b@example\\.org" in shown  # shown literally, never as Markdown
    assert NO_PROFILE_LAW not in shown and NO_PROFILE_CONTACT not in shown
