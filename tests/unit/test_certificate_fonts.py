"""F11: a name in any major script prints on the certificate, or is refused before download.

Before the fix only DejaVu Sans was registered, so Chinese, Korean, Thai, Hindi and Myanmar names
printed as a blank line (fpdf2 only logged "missing glyphs"). Text is now set in the app's typeface
(Source Sans Pro), then DejaVu Sans, then the fallbacks (tests/unit/test_programme_typeface.py). The fallback fonts come from the server
(fonts-noto-core, fonts-noto-cjk); CI installs them through scripts/system-deps.sh, so under CI a
missing font fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import re
import shutil
import zlib
from pathlib import Path

import pytest

from modules.export import fonts
from modules.export.certificate_pdf import CertificateContent, certificate_pdf, check_printable
from tests.unit.test_certificates import _content as certificate_content

NAMES = {
    "Chinese": "张伟 王芳",
    "Korean": "김민준",
    "Thai": "สมชาย ใจดี",
    "Hindi": "राम शर्मा",
    "Myanmar": "ဇော်ဇော်",
    "Arabic": "محمد علي",
    "Cyrillic": "Никита Петров",
}


def _content(name: str, **extra: object) -> CertificateContent:
    """The same certificate as tests/unit/test_certificates.py, self-paced (no programme line)."""
    return certificate_content(name, **({"programme": None} | extra))


def embedded_text(data: bytes) -> list[str]:
    """What each glyph embedded in the PDF stands for, read from every font's ToUnicode map.

    fpdf2 subsets each font to the glyphs it draws and maps each glyph (or shaped cluster, such as
    Devanagari 'र्मा') back to its characters, so a character with no glyph in any font is absent.
    """
    out: list[str] = []
    for body in re.findall(rb"\d+ 0 obj\s*(.*?)endobj", data, re.S):
        stream = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if not stream:
            continue
        raw = stream.group(1)
        try:
            text = zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream", 1)[0] else raw
        except zlib.error:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for _, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                out.append(bytes.fromhex(target.decode()).decode("utf-16-be"))
    return out


def _fonts_embedded(data: bytes) -> int:
    return data.count(b"/ToUnicode")


@pytest.fixture(scope="module")
def installed() -> None:
    """The fallback fonts and HarfBuzz are here; in CI (CI set) they must be, elsewhere we skip."""
    missing = {script: fonts.unprintable(name) for script, name in NAMES.items() if fonts.unprintable(name)}
    problem = ""
    if missing:
        problem = f"no font on this machine prints {missing}: install fonts-noto-core and fonts-noto-cjk"
    elif not fonts.shaping_available():
        problem = "uharfbuzz is not installed: pip install -r requirements.txt"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem + " (scripts/system-deps.sh installs the fonts for CI)")
        pytest.skip(problem)


@pytest.mark.parametrize("script", NAMES)
def test_a_name_in_each_major_script_is_printed(script: str, installed: None, caplog: pytest.LogCaptureFixture) -> None:
    name = NAMES[script]
    assert check_printable(name) is None
    pdf = certificate_pdf(_content(name, programme=f"Programme {name}"))
    drawn = "".join(embedded_text(pdf))
    missing = {c for c in name if not c.isspace() and c not in drawn}
    assert not missing, f"{script}: no glyph embedded for {sorted(missing)}"
    assert "missing" not in caplog.text.lower()  # fpdf2 logs glyphs no font has


def test_complex_scripts_are_shaped(installed: None) -> None:
    """HarfBuzz joins Devanagari 'र्मा' into one cluster and joins the Arabic letters; plain text is not shaped."""
    hindi = embedded_text(certificate_pdf(_content(NAMES["Hindi"])))
    assert any(len(t) > 1 and any("\u0900" <= c <= "\u097f" for c in t) for t in hindi), hindi
    arabic = embedded_text(certificate_pdf(_content(NAMES["Arabic"])))
    assert "م" in "".join(arabic)


def test_fallback_fonts_are_embedded_only_when_used(installed: None) -> None:
    assert _fonts_embedded(certificate_pdf(_content("Zoë Ångström"))) == 2  # Source Sans Pro regular and bold
    assert _fonts_embedded(certificate_pdf(_content(NAMES["Chinese"]))) == 3  # + the CJK face for the name


def test_a_report_prints_cohort_names_in_other_scripts(installed: None) -> None:
    from modules.export.programme_report import _Doc

    doc = _Doc("Programme 张伟")
    doc.heading("Cohort กรุงเทพ")
    doc.para("Region राम शर्मा")
    doc.table(["Cohort", "Enrolled"], [["ဇော်ဇော်", "3"], ["김민준", "4"]])
    drawn = "".join(embedded_text(doc.output()))
    for text in ("กรุงเทพ", "राम शर्मा", "ဇော်ဇော်", "김민준"):
        assert not {c for c in text if not c.isspace() and c not in drawn}, text


# ------------------------------------------------------------------------- without the fallback fonts


@pytest.fixture
def no_fallback_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setattr(fonts, "FONT_DIRS", (empty,))
    monkeypatch.delenv(fonts.FONT_DIRS_ENV, raising=False)
    assert fonts.available_fallbacks() == ()
    return empty


@pytest.mark.parametrize("script", ["Chinese", "Korean", "Thai", "Hindi", "Myanmar"])
def test_without_the_fonts_the_name_is_refused_with_a_clear_message(script: str, no_fallback_fonts: Path) -> None:
    message = check_printable(NAMES[script])
    assert message is not None
    first = next(c for c in NAMES[script] if not c.isspace())
    assert f"(e.g. {first}" in message
    assert "Noto fonts" in message and "Latin letters" in message


@pytest.mark.parametrize("name", [NAMES["Cyrillic"], NAMES["Arabic"], "Nguyễn Thị Minh Khai", "Łukasz Żółć"])
def test_bundled_font_scripts_never_depend_on_system_fonts(name: str, no_fallback_fonts: Path) -> None:
    if fonts.needs_shaping(name) and not fonts.shaping_available():
        pytest.skip("Arabic needs uharfbuzz")
    assert check_printable(name) is None


def test_pdf_font_dirs_adds_a_folder(monkeypatch: pytest.MonkeyPatch, no_fallback_fonts: Path, tmp_path: Path) -> None:
    thai = next((p for p in Path("/usr/share/fonts").rglob("NotoSansThai-Regular.ttf")), None)
    if thai is None:
        pytest.skip("NotoSansThai-Regular.ttf not installed")
    extra = tmp_path / "admin-fonts"
    extra.mkdir()
    shutil.copy(thai, extra)
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(extra))
    assert fonts.unprintable(NAMES["Thai"]) is None
    assert fonts.unprintable(NAMES["Chinese"]) == "张伟王芳"


def test_unprintable_ignores_spaces_and_joiners_and_lists_each_character_once() -> None:
    assert fonts.unprintable("Ana María\u200d \t") is None
    assert fonts.unprintable("Ana 🦜 𐌰 🦜") == "🦜𐌰"  # a parrot and a Gothic letter: no font here has them
    message = check_printable("Ana 🦜")
    assert message is not None and "(e.g. 🦜)" in message
