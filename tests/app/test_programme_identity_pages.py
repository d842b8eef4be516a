"""A programme's identity on the pages: its colour becomes the theme's, its logo is drawn over the
menu, and the course's own identity comes back when the programme removes its block."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from modules import typeface
from modules.domain.course import DEFAULT_COLOUR
from modules.ui import programme_identity, resources
from tests.unit.test_programme_identity import _png, _with_identity
from tests.unit.test_programme_typeface import BLOCK, FAMILY, _font_folder


def test_the_programmes_colour_and_logo_reach_every_page(app_env: Path, make_app: Callable[..., AppTest]) -> None:
    original = (app_env / "content" / "course.yaml").read_text(encoding="utf-8")
    (app_env / "content" / "images").mkdir(exist_ok=True)
    (app_env / "content" / "images" / "logo.png").write_bytes(_png())
    _with_identity(
        app_env,
        "  identity:\n    name: Ruritania Labour Inspectorate\n    logo: images/logo.png\n    colour: '#7A1F5C'\n",
    )
    resources._last.clear()
    at = make_app().run()
    assert not at.exception
    assert st_config.get_option("theme.primaryColor") == "#7A1F5C"
    assert programme_identity.current().name == "Ruritania Labour Inspectorate"
    assert programme_identity.logo(programme_identity.current()) == _png()
    assert programme_identity.branding().colour == (0x7A, 0x1F, 0x5C)

    (app_env / "content" / "course.yaml").write_text(original, encoding="utf-8")
    resources._last.clear()
    again = make_app().run()
    assert not again.exception
    assert st_config.get_option("theme.primaryColor") == DEFAULT_COLOUR


def test_the_programmes_typeface_reaches_the_theme_charts_and_pdfs(
    app_env: Path, make_app: Callable[..., AppTest]
) -> None:
    original = (app_env / "content" / "course.yaml").read_text(encoding="utf-8")
    font = st_config.get_option("theme.font")
    _font_folder(app_env / "content")
    _with_identity(app_env, BLOCK)
    resources._last.clear()
    try:
        at = make_app().run()
        assert not at.exception
        assert typeface.current().name == FAMILY  # what charts and PDFs are drawn in from now on
        assert st_config.get_option("theme.font") == f"{FAMILY}, sans-serif"

        (app_env / "content" / "course.yaml").write_text(original, encoding="utf-8")
        resources._last.clear()
        again = make_app().run()
        assert not again.exception
        assert typeface.current() == typeface.DEFAULT
        assert st_config.get_option("theme.font") == font
    finally:
        typeface.use(None)
