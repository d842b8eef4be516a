"""Glossary terms in lesson text: link the first appearance of each term to its glossary entry, and find
which terms a piece of text uses. Pure functions over Markdown (no Streamlit), used by the lesson page and
the presenter; plus the checks `validate` runs on content/glossary.yaml.

What is never linked: text inside an existing link or image, a heading, inline code or a code block, a
web address, an HTML tag or a reference definition. Terms match as whole words, whatever their case, and
the link keeps the case of the lesson's own text. A term already linked earlier in the lesson is not linked
again; where a longer term contains a shorter one ("national referral mechanism" and "referral mechanism"),
the longer one wins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from modules.content.problems import Problem
from modules.content.registry import SourceRef
from modules.domain.glossary import GlossaryTerm
from modules.domain.lesson import (
    Block,
    CaseStudyBlock,
    ChartBlock,
    ImageBlock,
    KeyPointBlock,
    Lesson,
    Section,
    TextBlock,
)

Href = Callable[[str], str]
"""The link target of a term id, such as 'glossary?term=debt-bondage'."""

GLOSSARY_PAGE = "glossary"
"""The Glossary page's address (its url_path in modules/ui/nav.py), relative to the app's pages."""


def glossary_href(term_id: str, **extra: str) -> str:
    """A relative link to the Glossary page opened at a term. Relative, so it works under any base URL:
    from /lesson?id=... the browser opens /glossary?term=...; `extra` adds parameters (the resume code)."""
    return f"{GLOSSARY_PAGE}?{urlencode({'term': term_id, **extra})}"


def normalise(form: str) -> str:
    """How forms are compared: case and runs of spaces do not matter."""
    return " ".join(form.split()).casefold()


# -- checks ------------------------------------------------------------------------------------------------


def glossary_problems(terms: Sequence[GlossaryTerm | None], ref: SourceRef) -> list[Problem]:
    """Duplicate ids, and a term or alias that is also another term or alias (a lesson word must lead to one
    entry). `terms` are the file's terms in order, None for one with errors (the schema reports those, such
    as an empty definition); `ref` is the file."""
    out: list[Problem] = []
    ids: dict[str, int] = {}
    forms: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(terms):
        if term is None:
            continue
        if term.id in ids:
            first = ref.line("glossary", ids[term.id], "id")
            out.append(
                ref.problem(f"duplicate term id '{term.id}' (also used at {ref.path}:{first})", "glossary", i, "id")
            )
        else:
            ids[term.id] = i
        for j, form in enumerate(term.forms()):
            at: tuple[object, ...] = ("glossary", i, "term") if j == 0 else ("glossary", i, "aliases", j - 1)
            key = normalise(form)
            if key in forms:
                owner, line = forms[key]
                whose = "this term" if owner == term.id else f"term '{owner}'"
                out.append(ref.problem(f"duplicate term '{form}': already a form of {whose} ({ref.path}:{line})", *at))
            else:
                forms[key] = (term.id, ref.line(*at))
    return out


# -- finding terms in Markdown --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str] | None
    owner: dict[str, str]
    """Normalised form -> term id."""


_SPACE = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
"""A space inside a term may be a line break in the lesson's text, never a blank line."""


@lru_cache(maxsize=32)
def _matcher(forms: tuple[tuple[str, str], ...]) -> _Matcher:
    """One pattern for every form (longest first, so the longest term at a place wins)."""
    owner: dict[str, str] = {}
    for term_id, form in forms:
        owner.setdefault(normalise(form), term_id)
    if not owner:
        return _Matcher(None, owner)
    parts = [_SPACE.join(re.escape(word) for word in key.split(" ")) for key in sorted(owner, key=len, reverse=True)]
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)
    return _Matcher(pattern, owner)


def _matcher_for(terms: Iterable[GlossaryTerm]) -> _Matcher:
    return _matcher(tuple((t.id, f) for t in terms if t.link_in_lessons for f in t.forms()))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
_INLINE = re.compile(
    r"""
    (?P<code>`+)[\s\S]*?(?P=code)                                  # inline code
    | !?\[(?:[^\[\]]|\[[^\[\]]*\])*\]                              # link or image text ...
      (?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\)    # ... with (target "title")
      |\[[^\]]*\])?                                                # ... or [reference], or [shortcut]
    | <[^<>\n]*>                                                   # autolink or HTML tag
    | (?:https?://|www\.)[^\s<>()]+                                # bare web address
    """,
    re.VERBOSE,
)


def _protected(markdown: str) -> list[tuple[int, int]]:
    """The spans of `markdown` where no link may go: code, headings, links, web addresses, HTML."""
    spans: list[tuple[int, int]] = []
    lines = markdown.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    fence: str | None = None
    paragraph_start: int | None = None  # index of the first line of the current paragraph
    for n, line in enumerate(lines):
        start, end = starts[n], starts[n] + len(line)
        opened = _FENCE.match(line)
        if fence is not None or opened:
            spans.append((start, end))
            if fence is None and opened:
                fence = opened.group(1)[0] * 3
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            paragraph_start = None
            continue
        if not line.strip():
            paragraph_start = None
            continue
        if _SETEXT_UNDERLINE.match(line) and paragraph_start is not None:
            spans.append((starts[paragraph_start], end))  # the whole paragraph above is a heading
            paragraph_start = None
            continue
        if _ATX_HEADING.match(line) or _REFERENCE_DEFINITION.match(line):
            spans.append((start, end))
            paragraph_start = None
            continue
        if paragraph_start is None:
            paragraph_start = n
    spans.extend(m.span() for m in _INLINE.finditer(markdown))
    return sorted(spans)


def _free(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return not any(s < end and start < e for s, e in spans)


def _matches(markdown: str, matcher: _Matcher) -> Iterable[tuple[int, int, str]]:
    """(start, end, term id) of every term in `markdown` outside protected spans, in order."""
    if matcher.pattern is None or not markdown:
        return []
    spans = _protected(markdown)
    found = []
    for m in matcher.pattern.finditer(markdown):
        term_id = matcher.owner.get(normalise(m.group(0)))
        if term_id is not None and _free(m.start(), m.end(), spans):
            found.append((m.start(), m.end(), term_id))
    return found


def link_first(
    markdown: str,
    terms: Sequence[GlossaryTerm],
    href: Href = glossary_href,
    done: set[str] | None = None,
) -> str:
    """`markdown` with the first appearance of each term linked to its glossary entry: `[text](href(id))`,
    the text as the lesson wrote it. Terms in `done` (linked earlier in the lesson) are left alone, and
    `done` gains the terms linked here."""
    linked = done if done is not None else set()
    out: list[str] = []
    last = 0
    for start, end, term_id in _matches(markdown, _matcher_for(terms)):
        if term_id in linked:
            continue
        linked.add(term_id)
        out.append(markdown[last:start])
        out.append(f"[{markdown[start:end]}]({href(term_id)})")
        last = end
    out.append(markdown[last:])
    return "".join(out)


def link_lesson(lesson: Lesson, terms: Sequence[GlossaryTerm], href: Href = glossary_href) -> Lesson:
    """A copy of the lesson in which the first appearance of each glossary term in its `text` and
    `key_point` blocks (in reading order, across all sections) links to the term's entry. The lesson itself
    is left as it is (it is shared between sessions)."""
    if not terms:
        return lesson
    done: set[str] = set()
    sections = []
    for section in lesson.sections:
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, TextBlock | KeyPointBlock):
                body = link_first(block.body, terms, href, done)
                blocks.append(block if body == block.body else block.model_copy(update={"body": body}))
            else:
                blocks.append(block)
        sections.append(section.model_copy(update={"blocks": blocks}))
    return lesson.model_copy(update={"sections": sections})


def section_texts(section: Section) -> list[str]:
    """The Markdown a learner reads in a section: text and key points, case-study stories, captions."""
    out: list[str] = []
    for block in section.learner_blocks():
        if isinstance(block, KeyPointBlock):
            out += [block.title or "", block.body]
        elif isinstance(block, TextBlock):
            out.append(block.body)
        elif isinstance(block, CaseStudyBlock):
            out += [block.title, block.narrative]
        elif isinstance(block, ChartBlock | ImageBlock) and block.caption:
            out.append(block.caption)
    return out


def terms_in(texts: Iterable[str], terms: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
    """The glossary terms (those linked in lessons) that appear in any of the texts, alphabetically."""
    matcher = _matcher_for(terms)
    used = {term_id for text in texts for _, _, term_id in _matches(text, matcher)}
    return sorted((t for t in terms if t.id in used), key=lambda t: t.term.casefold())


def alphabetical(terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    return sorted(terms, key=lambda t: (t.term.casefold(), t.id))
