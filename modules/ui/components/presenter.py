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
from modules.services import live
from modules.ui.components.blocks import LessonContext, render_block
from modules.ui.components.questions import question_prompt
from modules.ui.text import escape_markdown

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer, [data-testid="stDownloadButton"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding-top: 1rem !important; padding-bottom: 1rem !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 2rem; line-height: 1.35; color: #000; }
[data-testid="stMain"] h1 { font-size: 3.6rem !important; color: #000; }
[data-testid="stMain"] h2 { font-size: 2.8rem !important; color: #000; }
[data-testid="stMain"] h3 { font-size: 2.3rem !important; color: #000; }
[data-testid="stMain"] h4 { font-size: 2.1rem !important; color: #000; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.4rem; color: #222; }
[data-testid="stMain"] [data-testid="stProgress"] > div > div { height: 1.4rem; }
[data-testid="stMain"] [data-testid="stVegaLiteChart"] { max-height: 72vh; }
[data-testid="stMain"] img { max-height: 72vh; object-fit: contain; }
[data-testid="stMain"] button p { font-size: 1.3rem; }
</style>
"""


def presenter_style() -> None:
    """Hide the sidebar and toolbar and enlarge the type, on projected pages only."""
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)


def render_slide(reg: Registry, lesson: Lesson, slides: list[live.Slide], index: int) -> None:
    """One screen of the lesson: its title slide, or one block under its section title."""
    slide = slides[index]
    if slide.block is None:
        module = reg.module_of(lesson.id)
        st.caption(reg.module_label(module, None) if module else "Lesson")
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
    try:  # written alongside this feature: import lazily and degrade to the caption without it
        from modules.ui.components.chart_block import render_chart_block
    except ImportError:
        st.info(block.caption or "Chart not available.")
        return
    render_chart_block(block, key=f"present-chart-{index}")


def _question_slide(reg: Registry, block: CheckBlock | CaseStudyBlock) -> None:
    question = reg.questions.get(block.question)
    if isinstance(block, CaseStudyBlock):
        st.subheader(f"Case study: {block.title}")
        st.markdown(block.narrative)
    else:
        st.subheader("Check your understanding")
    if question is None:
        return
    question_prompt(question, show_scenario=not isinstance(block, CaseStudyBlock))
    st.markdown("\n".join(f"- {o.text}" for o in question.options))


def section_terms(reg: Registry, lesson: Lesson, slide: live.Slide) -> None:
    """On demand, for the presenter: the glossary terms the section on screen uses, with their definitions,
    to explain them to the room. Nothing on the title slide, or in a course without a glossary."""
    if slide.section_index < 0 or not reg.glossary:
        return
    terms = terms_in(section_texts(lesson.sections[slide.section_index]), reg.glossary)
    with st.expander("Terms in this section", icon=":material/dictionary:"):
        if not terms:
            st.caption("No glossary term appears in this section.")
        for term in terms:
            st.markdown(f"**{escape_markdown(term.term)}**: {term.definition}")
            st.caption(f"Source: [{escape_markdown(term.source.title)}]({term.source.url})")


def position(index: int, total: int) -> str:
    return f"{index + 1} / {total}"
