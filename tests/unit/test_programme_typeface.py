"""One typeface everywhere (issue 14): by default Source Sans Pro in the PDFs as in the charts and the
pages, with DejaVu Sans for the scripts it lacks; a programme's own typeface (course.yaml
`identity.typeface`) is validated like its logo (file and line), and then used by certificates,
reports, chart PNG/SVG downloads and the pages (served by a route of our own).

A test typeface: DejaVu Sans renamed "Ruritania Sans", so nothing is downloaded."""

from __future__ import annotations

import asyncio
import base64
import functools
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from starlette.applications import Starlette
from streamlit import config as st_config

from modules import typeface
from modules.charts import export
from modules.charts import typeface as chart_typeface
from modules.charts.builders import ChartInputs, build_chart
from modules.content.loader import load_registry
from modules.data.enforcement import load_enforcement
from modules.data.estimates import load_estimates
from modules.domain.course import Identity
from modules.export import fonts
from modules.export.certificate_pdf import certificate_pdf
from modules.export.programme_report import _Doc
from modules.ui import programme_identity
from tests.unit.test_certificate_fonts import embedded_text
from tests.unit.test_certificates import _content
from tests.unit.test_programme_identity import _with_identity

FAMILY = "Ruritania Sans"
BLOCK = (
    "  identity:\n"
    "    typeface:\n"
    f"      name: {FAMILY}\n"
    "      regular: fonts/Ruritania-Regular.ttf\n"
    "      bold: fonts/Ruritania-Bold.ttf\n"
    "      licence: fonts/LICENSE.txt\n"
)
"""The identity block, inserted after `course:` (line 1): `regular` is on line 5, `bold` 6, `licence` 7."""


@functools.cache
def renamed(bold: bool, family: str = FAMILY, keep: str | None = None) -> bytes:
    """DejaVu Sans (regular or bold) under another family name; with `keep`, only those characters."""
    font = TTFont(str(fonts.DEJAVU_BOLD if bold else fonts.DEJAVU_REGULAR))
    if keep is not None:
        subsetter = subset.Subsetter(subset.Options())
        subsetter.populate(text=keep)
        subsetter.subset(font)
    postscript = family.replace(" ", "") + ("-Bold" if bold else "")
    names = {
        1: family,
        16: family,
        4: f"{family} Bold" if bold else family,
        6: postscript,
        3: postscript,
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_folder(content: Path) -> Path:
    folder = content / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Ruritania-Regular.ttf").write_bytes(renamed(False))
    (folder / "Ruritania-Bold.ttf").write_bytes(renamed(True))
    (folder / "LICENSE.txt").write_text("Bitstream Vera licence, as DejaVu's (test copy)\n", encoding="utf-8")
    return folder


def base_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, by PostScript name without the subset tag (ABCDEF+)."""
    return {name.decode().split("+")[-1] for name in re.findall(rb"/BaseFont /(\S+)", pdf)}


@pytest.fixture
def ruritania(tmp_path: Path) -> Iterator[typeface.Family]:
    """The test typeface in use for charts and PDFs, the app's own again afterwards."""
    folder = _font_folder(tmp_path / "content")
    family = typeface.checked(FAMILY, folder / "Ruritania-Regular.ttf", folder / "Ruritania-Bold.ttf")
    assert family is not None and not family.bundled
    typeface.use(family)
    yield family
    typeface.use(None)


def _problems(valid_set: Path, block: str = BLOCK) -> list[Any]:
    _with_identity(valid_set, block)
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    return [p for p in reg.problems if "typeface" in p.message]


# -- validation --------------------------------------------------------------------------------


def test_a_programme_sets_its_typeface(valid_set: Path) -> None:
    _font_folder(valid_set / "content")
    _with_identity(valid_set, BLOCK)
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    assert reg.problems == ()
    assert reg.course is not None and reg.course.identity.typeface is not None
    assert reg.course.identity.typeface.name == FAMILY


def test_a_missing_font_or_licence_is_named_with_its_line(valid_set: Path) -> None:
    folder = _font_folder(valid_set / "content")
    (folder / "Ruritania-Bold.ttf").unlink()
    (folder / "LICENSE.txt").unlink()
    bold, licence = _problems(valid_set)
    assert Path(bold.path).name == "course.yaml" and bold.line == 6
    assert "identity typeface: font file 'fonts/Ruritania-Bold.ttf' not found in the content folder" in bold.message
    assert licence.line == 7
    assert "licence file 'fonts/LICENSE.txt' not found" in licence.message
    assert "shipped with its licence" in licence.message


def test_a_font_outside_the_content_folder_is_refused(valid_set: Path, tmp_path: Path) -> None:
    folder = _font_folder(valid_set / "content")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "Ruritania-Bold.ttf").write_bytes(renamed(True))
    (folder / "Ruritania-Bold.ttf").unlink()
    (folder / "Ruritania-Bold.ttf").symlink_to(outside / "Ruritania-Bold.ttf")
    block = BLOCK.replace("fonts/Ruritania-Regular.ttf", "../elsewhere/Ruritania-Regular.ttf")
    regular, bold = _problems(valid_set, block)
    assert regular.line == 5 and "'../elsewhere/Ruritania-Regular.ttf' must be a path inside the content folder" in (
        regular.message
    )
    assert bold.line == 6 and "link to a file outside the content folder" in bold.message


def test_a_file_that_is_not_a_font_is_refused(valid_set: Path) -> None:
    folder = _font_folder(valid_set / "content")
    (folder / "Ruritania-Regular.ttf").write_text("<html>not a font</html>", encoding="utf-8")
    (problem,) = _problems(valid_set)
    assert problem.line == 5
    assert "font file 'fonts/Ruritania-Regular.ttf' is not a TrueType or OpenType font" in problem.message


def test_a_font_without_the_latin_1_letters_says_which_are_missing(valid_set: Path) -> None:
    folder = _font_folder(valid_set / "content")
    ascii_only = "".join(chr(c) for c in range(0x20, 0x7F)) + "ÀÉ"
    (folder / "Ruritania-Bold.ttf").write_bytes(renamed(True, keep=ascii_only))
    (problem,) = _problems(valid_set)
    assert problem.line == 6
    assert "font file 'fonts/Ruritania-Bold.ttf' lacks letters every name and text needs: Á Â Ã" in problem.message
    listed = problem.message.split("needs: ")[1].split(" (A-Z")[0]
    assert listed.startswith("Á Â Ã Ä Å Æ Ç È Ê") and listed.endswith("and 30 more")  # 62 missing: 30 shown
    assert "À" not in listed and "É" not in listed and "×" not in listed


def test_a_font_of_another_family_or_too_large_is_refused(valid_set: Path) -> None:
    folder = _font_folder(valid_set / "content")
    (folder / "Ruritania-Regular.ttf").write_bytes(renamed(False, family="Valdoria Serif"))
    (folder / "Ruritania-Bold.ttf").write_bytes(b"\0" * (typeface.MAX_BYTES + 1))
    regular, bold = _problems(valid_set)
    assert "is of the family 'Valdoria Serif', not 'Ruritania Sans'" in regular.message
    assert "font file 'fonts/Ruritania-Bold.ttf' is 5.0 MB; at most 5 MB is accepted" in bold.message


def test_the_family_name_and_the_file_kind_are_checked_by_the_schema() -> None:
    good = {"name": FAMILY, "regular": "fonts/a.ttf", "bold": "fonts/b.otf", "licence": "fonts/OFL.txt"}
    assert Identity.model_validate({"typeface": good}).typeface is not None
    for change, words in (
        ({"name": "sans-serif"}, "CSS keyword"),
        ({"name": "Ruritania; color: red"}, "words of letters"),
        ({"regular": "fonts/a.woff2"}, "ending in .ttf or .otf"),
    ):
        with pytest.raises(ValueError, match=words):
            Identity.model_validate({"typeface": good | change})
    with pytest.raises(ValueError, match="licence"):
        Identity.model_validate({"typeface": {k: v for k, v in good.items() if k != "licence"}})


def test_a_typeface_validation_refuses_is_never_used(tmp_path: Path) -> None:
    folder = _font_folder(tmp_path)
    (folder / "Ruritania-Bold.ttf").write_text("not a font", encoding="utf-8")
    assert typeface.checked(FAMILY, folder / "Ruritania-Regular.ttf", folder / "Ruritania-Bold.ttf") is None
    assert (
        typeface.checked("Valdoria Serif", folder / "Ruritania-Regular.ttf", folder / "Ruritania-Regular.ttf") is None
    )


# -- PDFs --------------------------------------------------------------------------------------


def test_certificates_print_in_source_sans_pro_by_default() -> None:
    assert typeface.current() == typeface.DEFAULT
    pdf = certificate_pdf(_content("Łukasz Żółć"))
    assert base_fonts(pdf) == {"SourceSansPro", "SourceSansProBold"}
    assert "DejaVu" not in pdf.decode("latin-1")


@pytest.mark.parametrize("name", ["דוד כהן", "ნინო ბერიძე"])
def test_a_hebrew_or_georgian_name_is_set_in_dejavu_sans(name: str) -> None:
    pdf = certificate_pdf(_content(name))
    assert {"SourceSansPro", "SourceSansProBold", "DejaVuSansBold"} <= base_fonts(pdf)
    drawn = "".join(embedded_text(pdf))
    assert not {c for c in name if not c.isspace() and c not in drawn}


def test_a_programmes_typeface_is_embedded_in_certificates_and_reports(ruritania: typeface.Family) -> None:
    def ours(pdf: bytes) -> bool:  # the two weights of the test typeface, and no other font
        embedded = base_fonts(pdf)
        return len(embedded) == 2 and all(name.startswith("RuritaniaSans") for name in embedded)

    assert ours(certificate_pdf(_content("Ana Inspector")))
    doc = _Doc("Programme report")
    doc.heading("Cohorts")
    doc.para("People trained")
    assert ours(doc.output())


def test_with_a_latin_only_typeface_other_scripts_fall_back_to_dejavu(tmp_path: Path) -> None:
    latin = "".join(chr(c) for c in range(0x20, 0x7F)) + typeface.REQUIRED + "·–%"
    for weight in ("Regular", "Bold"):
        (tmp_path / f"{weight}.ttf").write_bytes(renamed(weight == "Bold", keep=latin))
    family = typeface.checked(FAMILY, tmp_path / "Regular.ttf", tmp_path / "Bold.ttf")
    assert family is not None
    typeface.use(family)
    try:
        pdf = certificate_pdf(_content("Никита Łukasz"))
        assert fonts.unprintable("Ana 🦜") == "🦜"
    finally:
        typeface.use(None)
    embedded = base_fonts(pdf)
    assert "DejaVuSansBold" in embedded and any(name.startswith("RuritaniaSans") for name in embedded)
    assert not embedded & {"SourceSansPro", "SourceSansProBold"}
    assert set("НикитаŁ") <= set("".join(embedded_text(pdf)))


# -- charts ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inputs() -> ChartInputs:
    return ChartInputs(load_enforcement(), load_estimates())


def test_charts_name_the_programmes_typeface_first_and_are_built_again(
    inputs: ChartInputs, ruritania: typeface.Family
) -> None:
    spec = build_chart("conviction_ratio", inputs).chart.to_dict()
    assert spec["config"]["font"].startswith('"Ruritania Sans", "Source Sans Pro"')
    configured = inputs.version
    typeface.use(None)
    assert inputs.version != configured  # the on-screen charts' cache key (chart_block._artifacts)


def test_an_svg_carries_the_programmes_typeface(inputs: ChartInputs, ruritania: typeface.Family) -> None:
    svg = export.to_svg(build_chart("conviction_ratio", inputs).chart)
    assert 'font-family="&quot;Ruritania Sans&quot;' in svg
    assert svg.count('@font-face{font-family:"Ruritania Sans"') == 2
    faces = re.findall(r"src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
    regular = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    assert regular["name"].getDebugName(1) == FAMILY
    assert set("Convictions") <= {chr(c) for c in regular.getBestCmap()}


def test_a_png_is_drawn_with_the_programmes_typeface(inputs: ChartInputs, ruritania: typeface.Family) -> None:
    """Were "Ruritania Sans" unknown to vl-convert, it would draw the next font of the stack,
    Source Sans Pro, and the two PNGs would be the same."""
    ours = export.to_png(build_chart("conviction_ratio", inputs).chart)
    typeface.use(None)
    default = export.to_png(build_chart("conviction_ratio", inputs).chart)
    assert ours[:8] == export.PNG_MAGIC and ours != default
    assert chart_typeface.font_stack() == chart_typeface.FONT


# -- the pages: Streamlit's theme and our route ------------------------------------------------


def _get(app: Starlette, path: str) -> tuple[int, dict[str, str], bytes]:
    """One GET through the ASGI app (no HTTP client needed)."""
    sent: list[dict[str, Any]] = []
    asked: list[bool] = []

    async def receive() -> dict[str, Any]:
        if not asked:  # the request, then (as a browser that has read it all) the end of the connection
            asked.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        while not any(m["type"] == "http.response.body" and not m.get("more_body") for m in sent):
            await asyncio.sleep(0.01)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"v=1",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.fixture
def content(valid_set: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = valid_set / "content"
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    _font_folder(folder)
    yield folder
    programme_identity.use_typeface(Identity())


def _identity() -> Identity:
    return Identity.model_validate(
        {
            "typeface": {
                "name": FAMILY,
                "regular": "fonts/Ruritania-Regular.ttf",
                "bold": "fonts/Ruritania-Bold.ttf",
                "licence": "fonts/LICENSE.txt",
            }
        }
    )


def test_the_route_serves_the_programmes_font_files(content: Path) -> None:
    app = Starlette(routes=programme_identity.font_routes())
    assert _get(app, "/programme-font/regular")[0] == 404  # the app's own typeface: Streamlit serves it

    programme_identity.use_typeface(_identity())
    status, headers, body = _get(app, "/programme-font/bold")
    assert status == 200 and headers["content-type"] == "font/ttf"
    assert body == (content / "fonts" / "Ruritania-Bold.ttf").read_bytes()
    assert _get(app, "/programme-font/regular")[2] == renamed(False)

    programme_identity.use_typeface(Identity())
    assert _get(app, "/programme-font/bold")[0] == 404


def test_the_route_serves_nothing_from_outside_the_content_folder(content: Path, tmp_path: Path) -> None:
    elsewhere = _font_folder(tmp_path / "elsewhere")
    family = typeface.checked(FAMILY, elsewhere / "Ruritania-Regular.ttf", elsewhere / "Ruritania-Bold.ttf")
    typeface.use(family)
    app = Starlette(routes=programme_identity.font_routes())
    assert _get(app, "/programme-font/regular")[0] == 404


def test_the_theme_names_the_typeface_and_its_two_faces(content: Path) -> None:
    before = st_config.get_option("theme.font"), st_config.get_option("theme.fontFaces")
    programme_identity.use_typeface(_identity())
    assert typeface.current().name == FAMILY
    assert st_config.get_option("theme.font") == "Ruritania Sans, sans-serif"
    faces = st_config.get_option("theme.fontFaces")
    assert [(f["family"], f["weight_range"]) for f in faces] == [(FAMILY, "400"), (FAMILY, "700")]
    assert [f["url"].split("?")[0] for f in faces] == ["/programme-font/regular", "/programme-font/bold"]

    shutil.rmtree(content / "fonts")  # files gone: the app's own typeface comes back
    programme_identity.use_typeface(_identity())
    assert typeface.current() == typeface.DEFAULT
    assert (st_config.get_option("theme.font"), st_config.get_option("theme.fontFaces")) == before
