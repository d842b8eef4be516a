"""In real Chromium: the Enforcement data page's charts read on screen at a phone's 390 px, a laptop's
1366 px and a projector's 1920 px. Each chart's plot keeps a readable height (it once rendered
squashed to one line), none is wider than the screen, and its takeaway line is shown in full, wrapped
rather than cut with "…"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, wait_idle

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))
WIDTHS = (390, 1366, 1920)


def test_every_chart_keeps_its_size_and_words_at_three_widths(course_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    problems: dict[int, list[str]] = {}
    for width in WIDTHS:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{course_server.url}/data")
        wait_idle(page, settle=1.5)
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        charts.first.wait_for()
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                 .every(c => c.querySelector('canvas, svg'))"""
        )
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c => {
                 const drawn = c.querySelector('canvas, svg').getBoundingClientRect();
                 return { w: drawn.width, h: drawn.height, right: drawn.right };
               })"""
        )
        found = [f"chart {i + 1}: {b}" for i, b in enumerate(boxes) if b["h"] < 200 or b["right"] > width + 1]
        cut = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong')]
                 .filter(e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis')
                 .map(e => e.innerText.slice(0, 60))"""
        )
        found += [f"cut: {text}" for text in cut]
        if len(boxes) < 3:
            found.append(f"only {len(boxes)} charts drawn")
        if found:
            problems[width] = found
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"data-{width}.png"))
        page.context.close()
    assert not problems, problems
