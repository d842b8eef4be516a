"""In real Chromium, the projector and presenter screens fit a classroom projector: at 1024x768,
1280x720 and 1920x1080 nothing is below the fold or outside the viewport (bounding boxes of every
element of the page), the prompt is larger than the options, the right option's bar is drawn in
another colour after the reveal, and a running timer does not push the screen down. Screens are put
in each state through the service layer (what the console's buttons call), then measured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.domain.lesson import CaseStudyBlock, ChartBlock, ImageBlock, TextBlock
from modules.services import auth, live
from modules.storage.db import make_engine
from tests.e2e.conftest import Server, start_server, wait_idle

pytestmark = pytest.mark.e2e

SIZES = ((1024, 768), (1280, 720), (1920, 1080))
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots")) / "projector"
LONG_PROMPT = (
    "A labour inspector finds twelve workers living on a farm whose employer keeps their passports "
    "'for safekeeping', deducts recruitment fees from every wage and says they may leave once the debt "
    "is paid. Which of these is the inspector's most important first step on the site?"
)
OPTIONS = (
    "*Speak to each worker alone, away from the employer, with an interpreter who is not linked to him",
    "Ask the employer to return the passports on the spot and record his explanation in the report",
    "Issue a notice for the unpaid wages and schedule a follow-up visit within the next thirty days",
    "Call immigration officers to check the workers' status before anyone is interviewed on the farm",
)
EXPLANATION = (
    "Held documents, a debt that ties the worker to the employer and restricted movement are ILO indicators "
    "of forced labour. Workers speak freely only away from the employer; the other steps can follow, "
    "but done first they warn the employer or put the workers at risk."
)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    tmp = tmp_path_factory.mktemp("e2e-projector")
    server = start_server(tmp, None)
    yield server, server.env["DATABASE_URL"]
    server.stop()


def _overflow(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Elements of the page that reach past the viewport's bottom or right edge, and whether the
    document scrolls at all."""
    return page.evaluate(
        """() => {
      const w = window.innerWidth, h = window.innerHeight, out = [];
      const root = document.scrollingElement;
      const main = document.querySelector('[data-testid="stMain"]');
      if (main && main.scrollHeight > main.clientHeight + 1) out.push(`main scrolls: ${main.scrollHeight} > ${main.clientHeight}`);
      if (root.scrollHeight > h + 1) out.push(`page scrolls: ${root.scrollHeight} > ${h}`);
      for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.bottom > h + 1 || r.right > w + 1) out.push(`${(el.innerText || el.dataset.testid || '').slice(0, 60)} ends at ${Math.round(r.right)}x${Math.round(r.bottom)}`);
      }
      return out;
    }"""
    )


def _font_px(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def _look(page, url: str, name: str, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    problems: dict[str, list[str]] = {}
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        wait_idle(page, settle=1.0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.get_by_text(text, exact=False).first.wait_for()
        except Exception:
            page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}-failed.png"))
            raise
        page.wait_for_timeout(600)  # the one-second fragment has drawn the counts
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
        if found := _overflow(page):
            problems[f"{name} {width}x{height}"] = found
    return problems


def _slides_to_check(reg: Registry) -> list[tuple[str, int]]:
    """The slides most likely to overflow, across the course: the first lesson's title slide, each
    image, each chart, the longest text and the longest case study."""
    picked = [(next(iter(reg.lessons)), 0)]
    longest: dict[type, tuple[int, str, int]] = {}
    charts: set[str] = set()
    for lesson_id, lesson in reg.lessons.items():
        for i, slide in enumerate(live.lesson_slides(lesson)):
            block = slide.block
            if isinstance(block, ImageBlock) or (isinstance(block, ChartBlock) and block.chart not in charts):
                picked.append((lesson_id, i))
                if isinstance(block, ChartBlock):
                    charts.add(block.chart)
            elif isinstance(block, TextBlock | CaseStudyBlock):
                size = len(block.model_dump_json())
                if size > longest.get(type(block), (0, "", 0))[0]:
                    longest[type(block)] = (size, lesson_id, i)
    picked += [(lesson_id, i) for _, lesson_id, i in longest.values()]
    return list(dict.fromkeys(picked))


def test_every_projector_screen_fits_the_three_projector_sizes(room: tuple[Server, str], browser) -> None:  # type: ignore[no-untyped-def]
    server, url = room
    engine = make_engine(url)
    fac = auth.create_user(engine, "projector-trainer", "Trainer", "facilitator", "a-long-password-3")
    reg = load_registry()
    lesson = next(iter(reg.lessons))
    session = live.start_session(engine, fac.id, "Inspection workshop", lesson_id=lesson)
    screen = f"{server.url}/projector?session={session.id}&key={session.screen_key}"
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(30_000)
    problems: dict[str, list[str]] = {}

    problems |= _look(page, screen, "join", "Join on your phone")

    slides = _slides_to_check(reg)
    for lesson_id, index in slides:
        shown = live.start_session(engine, fac.id, "Slides", lesson_id=lesson_id, screen="slide")
        live.set_slide(engine, shown.id, index)
        url = f"{server.url}/projector?session={shown.id}&key={shown.screen_key}"
        problems |= _look(page, url, f"slide-{lesson_id}-{index}", f"{index + 1} / ")
        live.end_session(engine, shown.id)

    spec = live.spec_adhoc(LONG_PROMPT, "single", "\n".join(OPTIONS), EXPLANATION)
    question = live.launch(engine, session.id, spec)
    live.start_timer(engine, session.id, 90)
    participants = [live.join(engine, live.get_session(engine, session.id), f"Phone {i}")[0] for i in range(9)]  # type: ignore[arg-type]
    for i, who in enumerate(participants):
        live.submit(engine, who, question, [question.options[i % 4][0]])
    problems |= _look(page, screen, "question", "9 answers")
    prompt_px = _font_px(page, '[class*="st-key-live-prompt"] p')
    option_px = _font_px(page, '[class*="st-key-live-option-"] p')
    assert prompt_px > option_px >= 18, (prompt_px, option_px)  # the question reads first, all from afar
    timer = page.locator(".st-key-live-timer")
    assert timer.evaluate("e => getComputedStyle(e).position") == "fixed"  # a clock moves nothing

    live.stop_timer(engine, session.id)
    live.reveal_question(engine, session.id, question.id)
    problems |= _look(page, screen, "reveal", "Why:")
    fill = '[data-testid="stProgressBarTrack"] > div'
    right = page.locator(f'[class*="st-key-live-right-"] {fill}').first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    other = page.locator(f'[class*="st-key-live-option-"] {fill}').first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert right == "rgb(26, 127, 55)" and other != right, (right, other)  # and its line says "right answer"
    assert page.get_by_text("right answer").count() == 1

    live.set_screen(engine, session.id, "leaderboard")
    problems |= _look(page, screen, "leaderboard", "Leaderboard")
    engine.dispose()
    assert not problems, problems


def test_the_presenter_view_fits_the_three_projector_sizes(room: tuple[Server, str], browser) -> None:  # type: ignore[no-untyped-def]
    """The facilitator's own presenting screen: the slide and one row of controls, with a way back."""
    server, url = room
    engine = make_engine(url)
    auth.create_user(engine, "presenter-trainer", "Trainer", "facilitator", "a-long-password-4")
    engine.dispose()
    reg = load_registry()
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.url}/sign-in")
    wait_idle(page)
    page.get_by_role("textbox", name="Username").fill("presenter-trainer")
    page.get_by_role("textbox", name="Password").fill("a-long-password-4")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()
    problems: dict[str, list[str]] = {}
    for lesson_id, index in _slides_to_check(reg):
        problems |= _look(
            page,
            f"{server.url}/present?id={lesson_id}&s={index + 1}",
            f"present-{lesson_id}-{index}",
            "Back to the facilitator console",
        )
    assert not problems, problems
