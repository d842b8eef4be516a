"""F10: an image block must name a file that really lies inside the content folder.

A content package (zip, git) can carry symlinks. Before the fix, `images/x.png -> /outside/photo.png`
passed `validate` and was served, and `x.svg -> /etc/passwd` put the file's contents in the server log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from modules.content.crossref import image_file, image_src_problem
from modules.content.loader import load_registry
from modules.domain.lesson import ImageBlock

ROOT = Path(__file__).resolve().parents[2]
LESSON = "content/lessons/l-one.yaml"
SECRET = "root:x:0:0:SECRET-LINE-FROM-OUTSIDE"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files outside the content set: a real PNG and a text file standing in for /etc/passwd."""
    folder = tmp_path / "outside"
    folder.mkdir()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(folder / "photo.png")
    (folder / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def _point_image_at(valid_set: Path, src: str) -> None:
    lesson = valid_set / LESSON
    text = lesson.read_text(encoding="utf-8")
    assert "src: images/diagram.svg" in text
    lesson.write_text(text.replace("src: images/diagram.svg", f"src: {src}"), encoding="utf-8")


def _problems(valid_set: Path) -> list[str]:
    reg = load_registry([valid_set / "content", valid_set / "quizzes"])
    return [str(p) for p in reg.problems]


@pytest.mark.parametrize(
    ("link", "target"),
    [("images/x.png", "photo.png"), ("images/passwd.png", "passwd"), ("images/link.svg", "passwd")],
)
def test_validate_refuses_a_symlink_to_a_file_outside(valid_set: Path, outside: Path, link: str, target: str) -> None:
    (valid_set / "content" / link).symlink_to(outside / target)
    _point_image_at(valid_set, link)
    problems = _problems(valid_set)
    assert len(problems) == 1, problems
    [problem] = problems
    # names the lesson file, the line of `src`, the block, and what to do
    assert f"{LESSON}:36: " in problem
    assert f"image file '{link}'" in problem and "outside the content folder" in problem
    assert "(section 2 ('s-more'), block 3)" in problem
    assert SECRET not in problem


def test_validate_refuses_a_symlinked_folder_that_leads_outside(valid_set: Path, outside: Path) -> None:
    (valid_set / "content" / "pictures").symlink_to(outside, target_is_directory=True)
    _point_image_at(valid_set, "pictures/photo.png")
    [problem] = _problems(valid_set)
    assert "image file 'pictures/photo.png'" in problem and "outside the content folder" in problem


def test_a_symlink_that_stays_inside_the_folder_is_accepted(valid_set: Path) -> None:
    (valid_set / "content" / "images" / "alias.svg").symlink_to("diagram.svg")
    _point_image_at(valid_set, "images/alias.svg")
    assert _problems(valid_set) == []


def test_missing_and_dotdot_paths_keep_their_messages(valid_set: Path, outside: Path) -> None:
    roots = [valid_set / "content"]
    assert "not found" in (image_src_problem("images/none.png", roots) or "")
    assert "must be a path inside" in (image_src_problem("../outside/photo.png", roots) or "")
    assert "must be a path inside" in (image_src_problem(str(outside / "photo.png"), roots) or "")
    (valid_set / "content" / "images" / "loop.png").symlink_to("loop.png")
    assert image_file("images/loop.png", valid_set / "content") is None  # a link loop: no crash


def test_the_cli_reports_the_link_and_exits_1(valid_set: Path, outside: Path) -> None:
    (valid_set / "content" / "images" / "x.png").symlink_to(outside / "photo.png")
    _point_image_at(valid_set, "images/x.png")
    out = subprocess.run(
        [sys.executable, "-m", "modules", "validate", str(valid_set / "content"), str(valid_set / "quizzes")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "images/x.png" in out.stdout and "outside the content folder" in out.stdout


# ------------------------------------------------------------------ render time (defence in depth)


class _FakeSt:
    """Records what the lesson page would draw, without a Streamlit run."""

    def __init__(self) -> None:
        self.images: list[Any] = []
        self.warnings: list[str] = []

    def image(self, data: Any, **_: Any) -> None:
        self.images.append(data)

    def warning(self, text: str, **_: Any) -> None:
        self.warnings.append(text)

    def container(self, **_: Any) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, valid_set: Path) -> SimpleNamespace:
    from modules.ui.components import blocks

    fake = _FakeSt()
    monkeypatch.setattr(blocks, "st", fake)
    monkeypatch.setenv("CONTENT_DIR", str(valid_set / "content"))
    return SimpleNamespace(blocks=blocks, st=fake, content=valid_set / "content")


def _block(src: str) -> ImageBlock:
    return ImageBlock(kind="image", src=src, alt="An image.")


@pytest.mark.parametrize(
    ("link", "target"),
    [("images/x.png", "photo.png"), ("images/passwd.png", "passwd"), ("images/link.svg", "passwd")],
)
def test_the_page_refuses_a_link_outside_and_logs_no_contents(
    page: SimpleNamespace, outside: Path, caplog: pytest.LogCaptureFixture, link: str, target: str
) -> None:
    (page.content / link).symlink_to(outside / target)
    with caplog.at_level(logging.DEBUG):
        page.blocks.lesson_image(_block(link), "l-one")
    assert page.st.images == []
    assert len(page.st.warnings) == 1 and SECRET not in page.st.warnings[0]
    assert SECRET not in caplog.text
    assert link in caplog.text  # the log says which image, so an administrator can fix it


def test_the_page_refuses_a_text_file_inside_that_pretends_to_be_svg(
    page: SimpleNamespace, caplog: pytest.LogCaptureFixture
) -> None:
    (page.content / "images" / "fake.svg").write_text(SECRET + "\n", encoding="utf-8")
    (page.content / "images" / "fake.png").write_text(SECRET + "\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        page.blocks.lesson_image(_block("images/fake.svg"), "l-one")
        page.blocks.lesson_image(_block("images/fake.png"), "l-one")
    assert page.st.images == [] and len(page.st.warnings) == 2
    assert SECRET not in caplog.text


def test_the_page_draws_real_images_from_bytes_not_paths(page: SimpleNamespace) -> None:
    Image.new("RGB", (3, 3)).save(page.content / "images" / "real.png")
    page.blocks.lesson_image(_block("images/diagram.svg"), "l-one")
    page.blocks.lesson_image(_block("images/real.png"), "l-one")
    svg, png = page.st.images
    assert isinstance(svg, str) and svg.startswith("<svg")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")
    assert page.st.warnings == []
