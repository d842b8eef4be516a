"""A glossary link clicked in a real browser: the first appearance of a term in a lesson opens the Glossary
page (a new tab, as Streamlit opens every Markdown link) at that term, and the learner stays recognised."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, choose, start_server, wait_idle

pytestmark = pytest.mark.e2e

GLOSSARY = """\
glossary:
  - id: forced-labour
    term: forced labour
    definition: Work exacted under the menace of a penalty, without free consent.
    source: {title: ILO Convention No. 29, url: "https://www.ilo.org/"}
  - id: deception
    term: deception
    definition: A promise about the work that is not kept.
    source: {title: ILO indicators, url: "https://www.ilo.org/"}
"""


@pytest.fixture(scope="module")
def glossary_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("e2e-glossary")
    shutil.copytree(FIXTURES / "valid", tmp / "set")
    (tmp / "set" / "content" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    server = start_server(tmp, tmp / "set")
    yield server
    server.stop()


def test_a_term_link_in_a_lesson_opens_the_glossary_at_that_term(glossary_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(glossary_server.url)
    wait_idle(page)
    page.get_by_role("textbox", name="Display name").fill("Ana")
    choose(page, "Police")
    page.get_by_role("button", name="Start").click()
    wait_idle(page)
    code = re.search(r"[?&]r=([0-9A-Z]{16})", page.url)
    assert code, page.url
    page.get_by_role("link", name=re.compile("Continue: Lesson one")).click()
    wait_idle(page)
    link = page.get_by_role("link", name="forced labour", exact=True)
    assert link.count() == 1  # the first appearance only
    with page.context.expect_page() as opened:
        link.click()
    glossary = opened.value
    glossary.wait_for_load_state()
    wait_idle(glossary, settle=0.5)
    assert re.search(r"/glossary\?", glossary.url) and "term=forced-labour" in glossary.url, glossary.url
    assert f"r={code.group(1)}" in glossary.url  # the learner stays recognised in the new tab
    glossary.get_by_role("heading", name="Glossary").wait_for()
    glossary.get_by_text("The term you looked up").wait_for()
    glossary.get_by_text("Work exacted under the menace of a penalty, without free consent.").first.wait_for()
    page.get_by_role("heading", name="Introduction").wait_for()  # the lesson stays open in its own tab
