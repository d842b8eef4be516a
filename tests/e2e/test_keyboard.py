"""A learner who uses only the keyboard (Tab, Shift+Tab, Enter, Space, arrows; no clicks), in real
Chromium: register, study a lesson with a single-choice check and a case study, open a chart's data
table, take and submit a quiz. At every Tab stop the focused element must show a focus ring of at
least 3:1 against the page, sit inside the viewport and not under the sticky header (WCAG 2.4.7,
1.4.11, 2.4.11); verdicts land in alert regions (4.1.3); focus moves to the new heading or the
score after each action (2.4.3); every page has its own title (2.4.2) and every answer group its
question's name (1.3.1)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.e2e.conftest import Server, wait_idle

pytestmark = pytest.mark.e2e

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return { tag: "BODY" }; }
  const ring = el.matches("input[type=radio], input[type=checkbox]") ? (el.closest("label") || el) : el;
  const cs = getComputedStyle(ring);
  const r = ring.getBoundingClientRect();
  const header = document.querySelector("[data-testid=stHeader]");
  const text = (node) => {  // what a screen reader would read: without Material icon ligatures
    const copy = node.cloneNode(true);
    copy.querySelectorAll("[data-testid=stIconMaterial]").forEach((icon) => icon.remove());
    return copy.innerText || copy.textContent || "";
  };
  const label = (el.labels && el.labels[0] && text(el.labels[0])) || "";
  return {
    tag: el.tagName, type: el.getAttribute("type") || "", role: el.getAttribute("role") || "",
    name: (el.getAttribute("aria-label") || label || text(el) || "").trim().slice(0, 80),
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth), outlineColor: cs.outlineColor,
    top: r.top, bottom: r.bottom, left: r.left, right: r.right, vw: innerWidth, vh: innerHeight,
    headerBottom: header ? header.getBoundingClientRect().bottom : 0,
    inMain: !!el.closest("[data-testid=stMain]") && el.tagName !== "MAIN",
  };
}"""


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
    return values[0], values[1], values[2]


def _assert_visible_focus(f: dict[str, Any]) -> None:
    """The focused element is ringed (3:1 against the white page or the grey sidebar), on screen,
    and not under the header."""
    assert f["tag"] != "BODY", "focus fell to the page body"
    what = f"{f['tag']} {f['role'] or f['type']} {f['name']!r}"
    assert f["outlineStyle"] not in ("none", "") and f["outlineWidth"] >= 2, f"no focus ring on {what}: {f}"
    ring = _rgb(f["outlineColor"])
    for background in ((255, 255, 255), (238, 242, 246)):
        assert contrast(ring, background) >= 3, f"focus ring {f['outlineColor']} under 3:1 on {what}"
    assert f["bottom"] > 0 and f["top"] < f["vh"] and f["right"] > 0 and f["left"] < f["vw"], f"{what} off screen: {f}"
    if f["inMain"]:  # page content scrolls under the header; the header's own controls do not
        assert f["top"] >= f["headerBottom"] - 4, f"{what} under the sticky header: {f}"


def _tab_to(page, wanted: str, backwards: bool = False, limit: int = 80) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Press Tab (or Shift+Tab) until the focused element's name starts with `wanted`, checking the
    focus at every stop on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        f = page.evaluate(_FOCUSED)
        _assert_visible_focus(f)
        seen.append(f["name"])
        if f["name"].startswith(wanted):
            return f
    raise AssertionError(f"{wanted!r} not reached with the keyboard; stops: {seen}")


def _choose_in_group(page, option: str) -> None:  # type: ignore[no-untyped-def]
    """Tab into the next radio group (focus lands on one option), then arrow to `option`."""
    for _ in range(40):
        page.keyboard.press("Tab")
        f = page.evaluate(_FOCUSED)
        _assert_visible_focus(f)
        if f["type"] == "radio":
            break
    for _ in range(6):
        if page.evaluate(_FOCUSED)["name"] == option:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        _assert_visible_focus(page.evaluate(_FOCUSED))
    raise AssertionError(f"{option!r} not in the group")


def _focused(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The focused element once the page has moved focus after a redraw (within 3 s)."""
    f = page.evaluate(_FOCUSED)
    for _ in range(30):
        if f["tag"] != "BODY":
            break
        time.sleep(0.1)
        f = page.evaluate(_FOCUSED)
    return f


def test_a_keyboard_only_learner_studies_and_takes_a_quiz(fixture_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    base = fixture_server.url
    titles = set()
    page.goto(base)
    wait_idle(page)
    titles.add(page.title())

    _tab_to(page, "Display name")
    page.keyboard.type("Kim Keys")
    _tab_to(page, "Labour inspector")  # the track group: arrows move the choice
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Police").is_checked()
    _tab_to(page, "Start")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]r=[0-9A-Z]{16}"))
    wait_idle(page, settle=0.6)
    f = _focused(page)  # focus on the welcome heading, with the resume code below it
    assert f["tag"] == "H2" and f["name"].startswith("Welcome back"), f
    _assert_visible_focus(f)

    _tab_to(page, "Continue: Lesson one")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lesson\?"))
    wait_idle(page, settle=0.6)
    titles.add(page.title())
    assert page.title().startswith("Lesson one · Lesson · "), page.title()
    group = page.get_by_role("radiogroup", name="Which is a sign of deception?")
    assert group.count() == 1  # the answer group is named by its question

    _tab_to(page, "The job differs from the one promised.")
    page.keyboard.press("Space")
    _tab_to(page, "Check my answer")
    page.keyboard.press("Enter")
    wait_idle(page, settle=0.5)
    verdict = page.locator('[role="alert"], [role="status"]').filter(
        has_text=re.compile(r"Correct|Not correct|Partly correct")
    )
    verdict.first.wait_for()  # announced: the verdict is in a live region (status or alert)

    _tab_to(page, "Next section")
    page.keyboard.press("Enter")
    wait_idle(page, settle=0.6)
    f = _focused(page)  # focus on the new section's heading, not the page body
    assert f["tag"] == "H2" and f["name"] == "More", f
    _assert_visible_focus(f)

    _tab_to(page, "Deception")  # a case study's checkboxes
    page.keyboard.press("Space")
    _tab_to(page, "Check my answer: A farm")  # each case study's button names its case
    _tab_to(page, "Data table, years and downloads")  # the chart's text alternative
    page.keyboard.press("Space")
    wait_idle(page)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _tab_to(page, "Check my answer: A farm", backwards=True)  # Shift+Tab: never under the header

    code = re.search(r"[?&]r=([0-9A-Z]{16})", page.url)
    assert code, page.url
    page.goto(f"{base}/quiz?id=quiz-one&r={code.group(1)}")
    wait_idle(page)
    titles.add(page.title())
    assert page.title().startswith("Quiz one · Module quiz · "), page.title()
    _tab_to(page, "Start the quiz")
    page.keyboard.press("Enter")
    wait_idle(page, settle=0.6)
    f = _focused(page)
    assert f["tag"] == "H2" and f["name"] == "Attempt 1", f
    names = [page.get_by_role("radiogroup").nth(i).get_attribute("aria-label") for i in range(2)]
    assert names[0] and names[0].startswith("1. ") and names[1] and names[1].startswith("3. "), names  # 2 is checkboxes
    boxes = page.get_by_role("group", name="2. Which are signs of debt bondage?")
    boxes.wait_for()  # a question's checkboxes are one group, named by it
    assert boxes.get_by_role("checkbox").count() >= 2
    page.get_by_role("progressbar", name=re.compile(r"^0 of 5 answered")).wait_for()  # not just "progress"
    _choose_in_group(page, "The job differs from the one promised.")  # options are shuffled
    _tab_to(page, "Submit my answers")
    page.keyboard.press("Enter")
    wait_idle(page, settle=0.5)
    f = _focused(page)  # the Submit button gave way to the question about unanswered items: focus follows
    assert f["name"] == "Submit anyway", f
    _assert_visible_focus(f)
    page.keyboard.press("Enter")
    wait_idle(page, settle=0.8)
    f = _focused(page)  # focus and view on the score, not the bottom of the form
    assert "you scored" in f["name"], f
    _assert_visible_focus(f)

    page.goto(f"{base}/data")
    wait_idle(page)
    titles.add(page.title())
    assert len(titles) == 4, titles  # home, lesson, quiz, data: four titles

    page.goto(f"{base}/course?r={code.group(1)}")
    wait_idle(page)
    _tab_to(page, "Labour inspector")  # the track switch (the learner is on Police)
    page.keyboard.press("Space")
    wait_idle(page, settle=0.6)
    f = _focused(page)  # after the switch redraws the page, focus stays on the switch
    assert f["name"] == "Labour inspector", f
    _assert_visible_focus(f)
