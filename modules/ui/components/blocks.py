"""Render lesson blocks for a learner. Facilitator notes are never rendered here."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from PIL import Image, UnidentifiedImageError

from modules.content.crossref import image_file
from modules.content.registry import Registry
from modules.content.sources import content_dir
from modules.domain.indicator import Indicator
from modules.domain.lesson import (
    Block,
    CaseStudyBlock,
    ChartBlock,
    CheckBlock,
    ContactCardBlock,
    FacilitatorNotesBlock,
    ImageBlock,
    IndicatorBlock,
    KeyPointBlock,
    NationalLawBlock,
    TextBlock,
)
from modules.i18n import gettext as _
from modules.scoring.questions import score_question
from modules.services import learner_records as records
from modules.ui import outage
from modules.ui.components.country import contact_card, national_law
from modules.ui.components.questions import answer_widgets, question_prompt, review, source_line
from modules.ui.resources import engine


@dataclass(frozen=True)
class LessonContext:
    registry: Registry
    lesson_id: str
    learner_id: int | None
    checks: dict[str, records.CheckAnswer]


def render_blocks(blocks: list[Block], ctx: LessonContext) -> None:
    """A section's blocks in order; consecutive text blocks are drawn as one element (fewer elements
    for Streamlit to send and the browser to lay out on every rerun; the text reads the same)."""
    run: list[str] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            run.append(block.body)
            continue
        if run:
            st.markdown("\n\n".join(run))
            run = []
        render_block(block, ctx)
    if run:
        st.markdown("\n\n".join(run))


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
            # TRANSLATORS: a heading; {title} is the case study's title.
            st.markdown("### " + _("Case study: {title}", title=block.title))
            st.markdown(block.narrative)
            # TRANSLATORS: the button under a case study's question; {title} is the case study's title.
            knowledge_check(block.question, ctx, button=_("Check my answer: {title}", title=block.title))
    elif isinstance(block, CheckBlock):
        with st.container(border=True):
            # TRANSLATORS: the heading of a knowledge check (one question) in a lesson.
            st.markdown("### " + _("Check your understanding"))
            knowledge_check(block.question, ctx)
    elif isinstance(block, ChartBlock):
        from modules.ui.components.chart_block import render_chart_block

        render_chart_block(block)
    elif isinstance(block, ImageBlock):
        lesson_image(block, ctx.lesson_id)
    elif isinstance(block, NationalLawBlock):
        national_law(block, ctx.registry.country_profile)
    elif isinstance(block, ContactCardBlock):
        contact_card(block, ctx.registry.country_profile)
    elif isinstance(block, FacilitatorNotesBlock):
        return


logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 10_000_000
_SVG_START = re.compile(r"^\s?(<\?xml[\s\S]*<svg\s|<svg\s|<svg>\s)")
"""The test st.image applies to a string; text that fails it is taken as a file NAME, so Streamlit
would try to open the file's contents as a path and put them in the server log (F10)."""


def lesson_image(block: ImageBlock, lesson_id: str) -> None:
    """Draw an image block only from a real image file inside the content folder (defence in depth:
    `validate` refuses other paths, but the folder can change after it ran). The bytes we read are
    given to st.image, never the path, and nothing read from the file goes into a message or the log."""
    data = image_data(image_file(block.src, content_dir()))
    if data is None:
        logger.warning(
            "lesson %s: image %r not shown (not an image file inside the content folder)", lesson_id, block.src
        )
        st.warning(_("An image of this lesson cannot be shown. Please tell your facilitator."), icon=":material/image:")
        return
    # On a phone the picture keeps a readable size and scrolls sideways in its box (styles.css); the
    # box becomes a named, focusable region when it scrolls (aria.py), so a keyboard can scroll it too.
    ident = hashlib.sha1(f"{lesson_id}|{block.src}|{block.alt}|{block.caption}".encode()).hexdigest()[:12]  # noqa: S324
    with st.container(key=f"lesson-image-{ident}"):
        st.image(data, caption=block.caption, alt=block.alt)


def image_data(path: Path | None) -> bytes | str | None:
    """Raster bytes that Pillow recognises, or SVG markup; None for anything else."""
    if path is None:
        return None
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    if path.suffix.lower() == ".svg":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        return text if _SVG_START.match(text) else None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return raw


def indicator_card(ind: Indicator) -> None:
    with st.container(border=True):
        # TRANSLATORS: a heading; {number} and {name} are those of one of the ILO's indicators of forced labour.
        st.markdown("### " + _("Indicator {number}: {name}", number=ind.number, name=ind.name))
        st.markdown(ind.summary)
        cols = st.columns(3)
        for col, title, items in (
            # TRANSLATORS: the headings of an indicator's three lists (signs, questions, evidence).
            (cols[0], _("What it can look like"), ind.signs),
            (cols[1], _("What to ask"), ind.questions_to_ask),
            (cols[2], _("Evidence to record"), ind.evidence_to_record),
        ):
            with col:
                st.markdown(f"**{title}**")
                st.markdown("\n".join(f"- {item}" for item in items))
        link = f"[{ind.source.title}]({ind.source.url})"
        # TRANSLATORS: {link} is the title of the source document, linked to it.
        st.caption(_("Source: {link}", link=link))


def knowledge_check(question_id: str, ctx: LessonContext, button: str | None = None) -> None:
    """Immediate feedback, recorded per learner (latest answer kept, tries counted). A case study's
    button names its case, so several on one page are told apart (WCAG 2.4.6). The check runs as a
    fragment: an answer reruns the check alone, never the lesson around it (#15). The question's
    prompt stays outside the fragment: an answer does not change it. Without `button`, the button says
    "Check my answer" (in the tab's language: a default argument would be English, made at import)."""
    question_prompt(ctx.registry.questions[question_id])
    # The form's submit button has no key= of its own: its id comes from its label, and tests click it by
    # that id ("FormSubmitter:check:<lesson>:<question>-Check my answer").
    _check_fragment(question_id, ctx, button if button is not None else _("Check my answer"))


@st.fragment
@outage.fragment
def _check_fragment(question_id: str, ctx: LessonContext, button: str) -> None:
    question = ctx.registry.questions[question_id]
    previous = ctx.checks.get(question_id)
    key = f"check:{ctx.lesson_id}:{question_id}"
    with st.form(key=key, border=False):
        # Shuffled like a quiz, with the learner as seed: the same order after a refresh or on another device,
        # and no learner can learn that the right option sits first.
        answer = answer_widgets(
            question, key, seed=ctx.learner_id or 0, shuffle=True, previous=previous.answer if previous else None
        )
        submitted = st.form_submit_button(button)
    if submitted:
        if not any(answer):
            st.warning(_("Choose an answer first."))
            return
        result = score_question(question, answer)
        if ctx.learner_id is not None:
            # keep the page's cached view in step with the write (see views/lesson.py)
            ctx.checks[question_id] = records.record_check(engine(), ctx.learner_id, ctx.lesson_id, result, previous)
        review(result, question, show_answers=True)
        source_line(question)
    elif previous is not None:
        review(score_question(question, previous.answer), question, show_answers=True)
        source_line(question)
