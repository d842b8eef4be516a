"""Render lesson blocks for a learner. Facilitator notes are never rendered here."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from modules.content.registry import Registry
from modules.content.sources import content_dir
from modules.domain.indicator import Indicator
from modules.domain.lesson import (
    Block,
    CaseStudyBlock,
    ChartBlock,
    CheckBlock,
    FacilitatorNotesBlock,
    ImageBlock,
    IndicatorBlock,
    KeyPointBlock,
    TextBlock,
)
from modules.scoring.questions import score_question
from modules.storage import progress as progress_repo
from modules.storage.progress import CheckAnswer
from modules.ui.components.questions import answer_widgets, question_prompt, review, source_line
from modules.ui.resources import engine


@dataclass(frozen=True)
class LessonContext:
    registry: Registry
    lesson_id: str
    learner_id: int | None
    checks: dict[str, CheckAnswer]


def render_block(block: Block, ctx: LessonContext) -> None:
    if isinstance(block, TextBlock):
        st.markdown(block.body)
    elif isinstance(block, KeyPointBlock):
        body = f"**{block.title}**\n\n{block.body}" if block.title else block.body
        st.info(body, icon=":material/lightbulb:")
    elif isinstance(block, IndicatorBlock):
        indicator_card(ctx.registry.indicators[block.indicator])
    elif isinstance(block, CaseStudyBlock):
        with st.container(border=True):
            st.markdown(f"#### Case study: {block.title}")
            st.markdown(block.narrative)
            knowledge_check(block.question, ctx)
    elif isinstance(block, CheckBlock):
        with st.container(border=True):
            st.markdown("#### Check your understanding")
            knowledge_check(block.question, ctx)
    elif isinstance(block, ChartBlock):
        from modules.ui.components.chart_block import render_chart_block

        render_chart_block(block)
    elif isinstance(block, ImageBlock):
        st.image(str(content_dir() / block.src), caption=block.caption, alt=block.alt)
    elif isinstance(block, FacilitatorNotesBlock):
        return


def indicator_card(ind: Indicator) -> None:
    with st.container(border=True):
        st.markdown(f"#### Indicator {ind.number}: {ind.name}")
        st.markdown(ind.summary)
        cols = st.columns(3)
        for col, title, items in (
            (cols[0], "What it can look like", ind.signs),
            (cols[1], "What to ask", ind.questions_to_ask),
            (cols[2], "Evidence to record", ind.evidence_to_record),
        ):
            with col:
                st.markdown(f"**{title}**")
                st.markdown("\n".join(f"- {item}" for item in items))
        st.caption(f"Source: [{ind.source.title}]({ind.source.url})")


def knowledge_check(question_id: str, ctx: LessonContext) -> None:
    """Immediate feedback, recorded per learner (latest answer kept, tries counted)."""
    question = ctx.registry.questions[question_id]
    question_prompt(question)
    previous = ctx.checks.get(question_id)
    key = f"check:{ctx.lesson_id}:{question_id}"
    with st.form(key=key, border=False):
        answer = answer_widgets(question, key, seed=0, shuffle=False, previous=previous.answer if previous else None)
        submitted = st.form_submit_button("Check my answer")
    if submitted:
        if not any(answer):
            st.warning("Choose an answer first.")
            return
        result = score_question(question, answer)
        if ctx.learner_id is not None:
            progress_repo.record_check(
                engine(), ctx.learner_id, ctx.lesson_id, question_id, list(result.answer), result.score, result.correct
            )
            tries = previous.tries + 1 if previous else 1
            # keep the page's cached view in step with the write (see views/lesson.py)
            ctx.checks[question_id] = CheckAnswer(question_id, list(result.answer), result.score, result.correct, tries)
        review(result, question, show_answers=True)
        source_line(question)
    elif previous is not None:
        review(score_question(question, previous.answer), question, show_answers=True)
        source_line(question)
