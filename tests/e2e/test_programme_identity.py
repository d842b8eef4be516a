"""In real Chromium: a country programme's identity (course.yaml `identity`) is what users see. Its
name ends every browser title, its logo sits over the menu, its colour fills the main buttons, and
its typeface (served by serve.py's own route) sets the page's text."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, start_server, wait_idle
from tests.unit.test_programme_identity import _png, _with_identity
from tests.unit.test_programme_typeface import BLOCK, FAMILY, _font_folder

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))


@pytest.fixture(scope="module")
def branded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("e2e-identity")
    root = tmp / "set"
    shutil.copytree(FIXTURES / "valid", root)
    (root / "content" / "images").mkdir(exist_ok=True)
    (root / "content" / "images" / "logo.png").write_bytes(_png())
    _font_folder(root / "content")
    typeface = BLOCK.split("\n", 1)[1]  # the `typeface:` lines, under `identity:`
    _with_identity(
        root,
        "  identity:\n    name: Ruritania Labour Inspectorate\n    logo: images/logo.png\n    colour: '#7A1F5C'\n"
        + typeface,
    )
    server = start_server(tmp, root)
    yield server
    server.stop()


def test_the_programmes_name_logo_and_colour_are_on_the_page(branded_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(branded_server.url)
    wait_idle(page, settle=1.0)
    page.wait_for_function("document.title.endsWith('Ruritania Labour Inspectorate')")
    logo = page.locator('[data-testid="stSidebarLogo"], [data-testid="stLogo"]').first
    logo.wait_for()
    start = page.get_by_role("button", name="Start")
    assert start.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(122, 31, 92)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "identity-home.png"))


def test_the_programmes_typeface_sets_the_pages_text(branded_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(branded_server.url)
    wait_idle(page, settle=1.0)
    heading = page.locator("h1").first
    heading.wait_for()
    assert heading.evaluate("e => getComputedStyle(e).fontFamily").replace('"', "").startswith(FAMILY)
    # Both weights come from our route and Chromium accepts them (a font it refused would be "error").
    page.wait_for_function(
        """family => {
            const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, "") === family);
            return faces.length > 0 && faces.some(f => f.status === "loaded") && faces.every(f => f.status !== "error");
        }""",
        arg=FAMILY,
    )
    served = page.request.get(f"{branded_server.url}/programme-font/bold")
    assert served.status == 200 and served.headers["content-type"] == "font/ttf"
