"""In real Chromium on a 390 px phone: every picture shipped with the course keeps a readable size
(drawn 760 px wide, its text about 11 px and up, instead of about 5 px) and scrolls sideways inside its
own box, which a keyboard can focus and scroll; on a laptop the same picture fits its column and adds
no tab stop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.domain.lesson import ImageBlock
from tests.e2e.conftest import PHONE, Server, wait_idle

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))


def _pictures() -> list[tuple[str, int, str]]:
    reg = load_registry()
    return [
        (lesson_id, s, block.alt)
        for lesson_id, lesson in reg.lessons.items()
        for s, section in enumerate(lesson.sections)
        for block in section.blocks
        if isinstance(block, ImageBlock)
    ]


def _box(page, alt: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    img = page.get_by_role("img", name=alt).first
    img.wait_for()
    page.wait_for_timeout(300)  # the naming script has run after the last redraw
    return img.evaluate(
        """img => {
      const box = img.closest('[class*="st-key-lesson-image-"]');
      return { img: img.getBoundingClientRect().width, scrolls: box.scrollWidth > box.clientWidth,
               tab: box.getAttribute('tabindex'), role: box.getAttribute('role'),
               page: document.documentElement.scrollWidth, view: window.innerWidth };
    }"""
    )


def test_every_shipped_picture_reads_on_a_phone_and_fits_a_laptop(course_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    pictures = _pictures()
    assert len(pictures) >= 3
    phone = browser.new_context(**PHONE).new_page()
    laptop = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    for page in (phone, laptop):
        page.set_default_timeout(30_000)
    for lesson_id, section, alt in pictures:
        url = f"{course_server.url}/lesson?id={lesson_id}&s={section + 1}"
        phone.goto(url)
        wait_idle(phone, settle=0.5)
        small = _box(phone, alt)
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.get_by_role("img", name=alt).first.scroll_into_view_if_needed()
        phone.screenshot(path=str(SHOTS / f"phone-picture-{lesson_id}.png"))
        assert small["img"] >= 700 and small["scrolls"], (lesson_id, small)
        assert small["tab"] == "0" and small["role"] == "region", (lesson_id, small)
        assert small["page"] <= small["view"] + 1, (lesson_id, small)  # the box scrolls, not the page
        laptop.goto(url)
        wait_idle(laptop, settle=0.5)
        wide = _box(laptop, alt)
        assert not wide["scrolls"] and wide["tab"] is None, (lesson_id, wide)
