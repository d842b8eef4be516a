"""Projected screens: large, high-contrast type without Streamlit's chrome, and one lesson slide.

The CSS below is a static string of our own: no user or content text ever goes into it. Slides
come from `live.lesson_slides`, which leaves facilitator notes out, and knowledge checks are shown
as a prompt with options only (the answer is never on a slide: launch the question live instead).
"""

from __future__ import annotations

import streamlit as st

from modules.content.glossary import section_texts, terms_in
from modules.content.registry import Registry
from modules.domain.lesson import CaseStudyBlock, ChartBlock, CheckBlock, Lesson
from modules.i18n import gettext as _
from modules.services import live
from modules.ui.components.blocks import LessonContext, render_block
from modules.ui.components.questions import question_prompt
from modules.ui.text import escape_markdown

# Sizes follow the screen's height (vh), capped by its width (vw), so one screen fits a 1024x768,
# 1280x720 or 1920x1080 projector alike; a long question is set smaller (fit-m, fit-s: live_panels.fit).
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer, [data-testid="stDownloadButton"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding: 2vh 3vw 1vh 3vw !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 1.2vh; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {
  font-size: min(3.6vh, 2.4vw); line-height: 1.3; color: #000; margin-bottom: 0.4vh; }
[data-testid="stMain"] h1 { font-size: min(6.4vh, 4.4vw) !important; color: #000; padding: 0 0 0.6vh 0 !important; }
[data-testid="stMain"] h2 { font-size: min(5vh, 3.4vw) !important; color: #000; padding: 0 !important; }
[data-testid="stMain"] h3 { font-size: min(4.2vh, 2.9vw) !important; color: #000; padding: 0 !important; }
[data-testid="stMain"] h4 { font-size: min(3.8vh, 2.6vw) !important; color: #000; padding: 0 !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: min(2.6vh, 1.8vw); color: #222; }
[data-testid="stMain"] [data-testid="stProgressBarTrack"] { height: 1.8vh; }
[data-testid="stMain"] [data-testid="stVegaLiteChart"] { max-height: 62vh; }
[data-testid="stMain"] img { max-height: 58vh; width: auto !important; max-width: 100%; object-fit: contain; }
[data-testid="stMain"] button p { font-size: min(2.4vh, 1.7vw); }
[data-testid="stMain"] table { font-size: min(3.4vh, 2.3vw); }
/* A question: the heading small, the prompt larger than the options. */
[class*="st-key-live-heading"] h1 { font-size: min(3.6vh, 2.6vw) !important; color: #333; }
[class*="st-key-live-prompt"] p { font-size: min(4.6vh, 3vw); font-weight: 600; }
.st-key-fit-m [data-testid="stMarkdownContainer"] p,
.st-key-fit-m [data-testid="stMarkdownContainer"] li { font-size: min(3.3vh, 2.3vw); }
.st-key-fit-m [class*="st-key-live-prompt"] p { font-size: min(3.8vh, 2.5vw); }
.st-key-fit-s [data-testid="stMarkdownContainer"] p,
.st-key-fit-s [data-testid="stMarkdownContainer"] li { font-size: min(2.7vh, 1.9vw); }
.st-key-fit-s [class*="st-key-live-prompt"] p { font-size: min(3.2vh, 2.1vw); }
/* After the reveal the correct options are drawn green, the others blue; their text names them too. */
[class*="st-key-live-right-"] [data-testid="stProgressBarTrack"] > div { background-color: #1A7F37 !important; }
[class*="st-key-live-right-"] p { font-weight: 700; }
[class*="st-key-live-why"] p { font-size: min(3vh, 2vw) !important; }
/* A running clock is pinned to the top right corner: it never pushes the screen down. */
.st-key-live-timer { position: fixed; top: 1.5vh; right: 2vw; z-index: 100; width: auto !important;
  background: #fff; padding: 0 1vw; border: 2px solid #000; border-radius: 8px; }
.st-key-live-timer h2 { font-size: min(4.6vh, 3vw) !important; margin: 0; padding: 0.6vh 0 !important; line-height: 1.2; }
.st-key-live-count h3 { font-size: min(3vh, 2.1vw) !important; color: #333; }
/* The join line at the bottom of every screen but the join screen: one line and a small QR code. */
.st-key-live-footer img { height: 11vh !important; width: auto !important; }
.st-key-live-footer p { font-size: min(2.6vh, 1.8vw) !important; }
.st-key-live-qr img { max-height: 52vh; }
.st-key-live-code h1 { font-size: min(14vh, 9vw) !important; letter-spacing: 0.1em; }
</style>
"""


def presenter_style() -> None:
    """Hide the sidebar and toolbar and enlarge the type, on projected pages only."""
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)


def _text_length(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_length(v) for k, v in value.items() if k not in ("id", "type", "sources", "source"))
    if isinstance(value, list | tuple):
        return sum(_text_length(v) for v in value)
    return 0


def slide_fit(reg: Registry, lesson: Lesson, slide: live.Slide) -> str:
    """How much text a slide holds, as a type size ("l", "m" or "s"), so that a long one is set smaller
    and the slide still fits the projector without scrolling."""
    if slide.block is None:
        chars = len(lesson.summary) + sum(len(o.text) for o in lesson.objectives)
    else:
        chars = _text_length(slide.block.model_dump())
        question = reg.questions.get(getattr(slide.block, "question", "") or "")
        if question is not None:
            chars += _text_length(question.model_dump(include={"prompt", "scenario", "options"}))
    return "l" if chars < 600 else "m" if chars < 1100 else "s"


def render_slide(reg: Registry, lesson: Lesson, slides: list[live.Slide], index: int) -> None:
    """One screen of the lesson: its title slide, or one block under its section title."""
    slide = slides[index]
    with st.container(key=f"fit-{slide_fit(reg, lesson, slide)}"):
        _render_slide(reg, lesson, slide, index)


def _render_slide(reg: Registry, lesson: Lesson, slide: live.Slide, index: int) -> None:
    if slide.block is None:
        module = reg.module_of(lesson.id)
        # TRANSLATORS: over a lesson's title on its first slide, when the lesson is in no module.
        st.caption(reg.module_label(module, None) if module else _("Lesson"))
        st.title(lesson.title)
        st.markdown(lesson.summary)
        st.markdown("\n".join(f"- {o.text}" for o in lesson.objectives))
        return
    st.caption(lesson.title)
    st.title(slide.section_title)
    block = slide.block
    if isinstance(block, CheckBlock | CaseStudyBlock):
        _question_slide(reg, block)
        return
    if isinstance(block, ChartBlock):
        _chart_slide(block, index)
        return
    ctx = LessonContext(reg, lesson.id, None, {})
    render_block(block, ctx)


def _chart_slide(block: ChartBlock, index: int) -> None:
    from modules.ui.components.chart_block import render_projected_chart  # charts load only when shown

    render_projected_chart(block)


def _question_slide(reg: Registry, block: CheckBlock | CaseStudyBlock) -> None:
    question = reg.questions.get(block.question)
    if isinstance(block, CaseStudyBlock):
        # TRANSLATORS: a slide's heading; {title} is the case study's title.
        st.subheader(_("Case study: {title}", title=block.title))
        st.markdown(block.narrative)
    else:
        st.subheader(_("Check your understanding"))
    if question is None:
        return
    question_prompt(question, show_scenario=not isinstance(block, CaseStudyBlock))
    options = [f"- {o.text}" for o in question.options]
    if len(options) <= 6:
        st.markdown("\n".join(options))
        return
    half = (len(options) + 1) // 2  # a long list in two columns, so the slide fits the screen
    left, right = st.columns(2)
    left.markdown("\n".join(options[:half]))
    right.markdown("\n".join(options[half:]))


def section_terms(reg: Registry, lesson: Lesson, slide: live.Slide) -> None:
    """On demand, for the presenter: the glossary terms the section on screen uses, with their definitions,
    to explain them to the room. Nothing on the title slide, or in a course without a glossary."""
    if slide.section_index < 0 or not reg.glossary:
        return
    terms = terms_in(section_texts(lesson.sections[slide.section_index]), reg.glossary)
    # TRANSLATORS: a button on the presenter's slide: it opens the glossary terms of the section on screen.
    with st.popover(_("Terms"), icon=":material/dictionary:", help=_("The glossary terms this section uses")):
        if not terms:
            st.caption(_("No glossary term appears in this section."))
        for term in terms:
            st.markdown(f"**{escape_markdown(term.term)}**: {term.definition}")
            link = f"[{escape_markdown(term.source.title)}]({term.source.url})"
            # TRANSLATORS: {link} is a link to the source (its title).
            st.caption(_("Source: {link}", link=link))


def position(index: int, total: int) -> str:
    return f"{index + 1} / {total}"
