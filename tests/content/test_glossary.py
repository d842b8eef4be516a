"""The glossary: linking the first appearance of a term in lesson Markdown (a pure function), and the
loader's checks on content/glossary.yaml (located problems, and a course without a glossary still loads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.content.glossary import (
    GLOSSARY_PAGE,
    glossary_href,
    link_first,
    link_lesson,
    section_texts,
    terms_in,
)
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.domain.common import Source
from modules.domain.glossary import GlossaryTerm
from modules.domain.lesson import KeyPointBlock, Lesson, TextBlock

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Source.model_validate({"title": "ILO", "url": "https://www.ilo.org/"})


def term(term_id: str, text: str, *aliases: str, link: bool = True) -> GlossaryTerm:
    return GlossaryTerm(
        id=term_id, term=text, aliases=list(aliases), definition="A definition.", source=SOURCE, link_in_lessons=link
    )


TERMS = [
    term("forced-labour", "forced labour", "forced or compulsory labour"),
    term("remedies", "remedies", "remedy"),
    term("nrm", "national referral mechanism", "NRM"),
    term("referral", "referral mechanism", "referral mechanisms"),
    term("trafficking", "trafficking in persons", "trafficking"),
    term("debt-bondage", "debt bondage"),
    term("means", "means", link=False),
]


def href(term_id: str) -> str:
    return f"g?t={term_id}"


def link(text: str, done: set[str] | None = None) -> str:
    return link_first(text, TERMS, href, done)


# -- linking -----------------------------------------------------------------------------------------------


def test_only_the_first_appearance_is_linked_and_keeps_its_case() -> None:
    assert link("Forced Labour is a crime. Forced labour is common.") == (
        "[Forced Labour](g?t=forced-labour) is a crime. Forced labour is common."
    )


def test_terms_match_whole_words_case_insensitively_with_their_aliases() -> None:
    assert link("REMEDY first; remedies later.") == "[REMEDY](g?t=remedies) first; remedies later."
    assert link("Remedial action, not a remedying step.") == "Remedial action, not a remedying step."
    assert link("The anti-trafficking unit") == "The anti-trafficking unit"  # part of a hyphenated word
    assert link("trafficking-related cases") == "trafficking-related cases"


def test_the_longest_term_wins_where_terms_overlap() -> None:
    text = "Call the national referral mechanism. Each referral mechanism differs."
    assert link(text) == (
        "Call the [national referral mechanism](g?t=nrm). Each [referral mechanism](g?t=referral) differs."
    )


def test_a_term_may_run_over_a_line_break_but_not_a_blank_line() -> None:
    assert link("paid off\ndebt\nbondage here") == "paid off\n[debt\nbondage](g?t=debt-bondage) here"
    assert link("no debt\n\nbondage") == "no debt\n\nbondage"


def test_nothing_is_linked_inside_links_images_code_urls_or_html() -> None:
    text = (
        "See [forced labour rules](https://www.ilo.org/forced-labour) and `remedies` and "
        '<https://example.org/trafficking> or https://example.org/debt-bondage/x or <b title="NRM">x</b>.'
    )
    assert link(text) == text
    assert link("[remedies][ref] then remedies") == "[remedies][ref] then [remedies](g?t=remedies)"


def test_nothing_is_linked_in_headings_or_code_blocks() -> None:
    text = (
        "# Forced labour\n\nRemedies\n--------\n\n```\ndebt bondage\n```\n\n"
        "## Trafficking in persons\n\nThen forced labour and debt bondage."
    )
    assert link(text) == (
        "# Forced labour\n\nRemedies\n--------\n\n```\ndebt bondage\n```\n\n"
        "## Trafficking in persons\n\nThen [forced labour](g?t=forced-labour) and [debt bondage](g?t=debt-bondage)."
    )


def test_emphasis_and_lists_stay_valid_markdown() -> None:
    assert link("- **debt bondage** in a list") == "- **[debt bondage](g?t=debt-bondage)** in a list"


def test_a_term_not_linked_in_lessons_is_left_alone() -> None:
    assert link("This means that the means are used.") == "This means that the means are used."


def test_terms_already_linked_in_the_lesson_are_not_linked_again() -> None:
    done: set[str] = set()
    assert link("forced labour", done) == "[forced labour](g?t=forced-labour)"
    assert link("forced labour and remedies", done) == "forced labour and [remedies](g?t=remedies)"
    assert done == {"forced-labour", "remedies"}


def test_no_terms_no_change() -> None:
    assert link_first("forced labour", [], href) == "forced labour"


def _lesson(*blocks: dict[str, object]) -> Lesson:
    return Lesson.model_validate(
        {
            "id": "l-x",
            "title": "X",
            "summary": "About forced labour.",
            "objectives": [{"id": "lo-x", "text": "Do it."}],
            "minutes": 5,
            "tracks": ["all"],
            "sources": [{"title": "ILO", "url": "https://www.ilo.org/"}],
            "sections": [
                {"id": "a", "title": "A", "blocks": list(blocks[:2])},
                {"id": "b", "title": "B", "blocks": list(blocks[2:])},
            ],
        }
    )


def test_a_lesson_links_each_term_once_across_sections_in_text_and_key_points_only() -> None:
    lesson = _lesson(
        {"kind": "case_study", "title": "Forced labour", "narrative": "Forced labour on a farm.", "question": "q"},
        {"kind": "text", "body": "Forced labour, and remedies."},
        {"kind": "key_point", "title": "Remedies", "body": "Remedies and debt bondage."},
        {"kind": "text", "body": "Forced labour again; debt bondage again."},
    )
    linked = link_lesson(lesson, TERMS, href)
    a, b = linked.sections
    assert a.blocks[0] == lesson.sections[0].blocks[0]  # a case study is not linked
    assert isinstance(a.blocks[1], TextBlock) and a.blocks[1].body == (
        "[Forced labour](g?t=forced-labour), and [remedies](g?t=remedies)."
    )
    assert isinstance(b.blocks[0], KeyPointBlock)
    assert b.blocks[0].title == "Remedies" and b.blocks[0].body == "Remedies and [debt bondage](g?t=debt-bondage)."
    assert b.blocks[1] == lesson.sections[1].blocks[1]
    assert "](" not in str(lesson.model_dump())  # the shared lesson itself is unchanged


def test_terms_in_a_section_are_found_in_what_learners_read() -> None:
    lesson = _lesson(
        {"kind": "text", "body": "About [remedies](https://x.org) only."},
        {"kind": "key_point", "title": "Debt bondage", "body": "Read this."},
        {"kind": "case_study", "title": "A case", "narrative": "Trafficking in persons and means.", "question": "q"},
    )
    assert [t.id for t in terms_in(section_texts(lesson.sections[0]), TERMS)] == ["debt-bondage"]
    assert [t.id for t in terms_in(section_texts(lesson.sections[1]), TERMS)] == ["trafficking"]


def test_the_link_opens_the_glossary_page_at_the_term() -> None:
    from modules.ui import nav

    assert glossary_href("debt-bondage") == "glossary?term=debt-bondage"
    assert glossary_href("x", r="ABC 12") == "glossary?term=x&r=ABC+12"
    assert nav.BY_PATH[nav.GLOSSARY].url_path == GLOSSARY_PAGE
    assert nav.BY_PATH[nav.GLOSSARY].in_menu(None)  # in everyone's menu


# -- the shipped glossary ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry()


def test_the_shipped_glossary_loads_with_about_thirty_sourced_terms(shipped: Registry) -> None:
    problems = [str(p) for p in shipped.problems if p.path.endswith("glossary.yaml")]
    assert problems == []
    assert len(shipped.glossary) >= 30
    for t in shipped.glossary:
        assert t.definition and t.source.title and str(t.source.url).startswith("http")


def test_the_shipped_lessons_link_some_terms(shipped: Registry) -> None:
    linked = link_lesson(shipped.lessons["l1-what-is-forced-labour"], shipped.glossary, href)
    body = " ".join(b.body for s in linked.sections for b in s.blocks if isinstance(b, TextBlock))
    assert "](g?t=forced-labour)" in body and "](g?t=exacted)" in body


# -- the loader's checks -----------------------------------------------------------------------------------

GLOSSARY = """\
glossary:
  - id: forced-labour
    term: forced labour
    aliases: [forced or compulsory labour]
    definition: Work exacted under the menace of a penalty.
    source: {title: ILO C29, url: "https://www.ilo.org/"}
  - id: debt-bondage
    term: debt bondage
    definition: Work to pay off a debt that never ends.
    source: {title: UN 1956, url: "https://www.ohchr.org/"}
"""


def _load(root: Path) -> Registry:
    return load_registry([root / "content", root / "quizzes"])


def _problems(root: Path) -> list[str]:
    return [str(p).replace(f"{root}/", "") for p in _load(root).problems]


def _write(root: Path, text: str, name: str = "glossary.yaml") -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


def test_a_course_without_a_glossary_loads(valid_set: Path) -> None:
    reg = _load(valid_set)
    assert reg.problems == () and reg.glossary == ()


def test_a_valid_glossary_is_in_the_registry(valid_set: Path) -> None:
    _write(valid_set, GLOSSARY)
    reg = _load(valid_set)
    assert reg.problems == ()
    assert [t.id for t in reg.glossary] == ["forced-labour", "debt-bondage"]
    assert reg.glossary_term("debt-bondage") is not None and reg.glossary_term("nope") is None


def test_a_duplicate_id_is_reported_at_its_line_and_the_first_term_kept(valid_set: Path) -> None:
    _write(valid_set, GLOSSARY.replace("id: debt-bondage", "id: forced-labour"))
    reg = _load(valid_set)
    assert _problems(valid_set) == [
        "content/glossary.yaml:7: duplicate term id 'forced-labour' (also used at content/glossary.yaml:2)"
    ]
    assert [t.term for t in reg.glossary] == ["forced labour"]


def test_a_duplicate_term_or_alias_is_reported_whatever_its_case(valid_set: Path) -> None:
    _write(valid_set, GLOSSARY.replace("term: debt bondage", "term: Forced  Labour"))
    assert _problems(valid_set) == [
        "content/glossary.yaml:8: duplicate term 'Forced  Labour': already a form of term 'forced-labour' "
        "(content/glossary.yaml:3)"
    ]
    _write(
        valid_set, GLOSSARY.replace("    term: debt bondage\n", "    term: debt bondage\n    aliases: [debt bondage]\n")
    )
    assert _problems(valid_set) == [
        "content/glossary.yaml:9: duplicate term 'debt bondage': already a form of this term (content/glossary.yaml:8)"
    ]


def test_an_empty_definition_is_reported_and_only_that_term_left_out(valid_set: Path) -> None:
    _write(valid_set, GLOSSARY.replace("definition: Work to pay off a debt that never ends.", 'definition: "  "'))
    problems = _problems(valid_set)
    assert len(problems) == 1 and problems[0].startswith("content/glossary.yaml:9: "), problems
    assert "definition" in problems[0]
    assert [t.id for t in _load(valid_set).glossary] == ["forced-labour"]


def test_unknown_keys_and_a_second_glossary_are_reported(valid_set: Path) -> None:
    _write(valid_set, GLOSSARY.replace("    aliases:", "    alias:"))
    problems = _problems(valid_set)
    assert len(problems) == 1 and problems[0].startswith("content/glossary.yaml:4: ") and "'alias'" in problems[0], (
        problems
    )
    _write(valid_set, GLOSSARY)
    _write(valid_set, GLOSSARY, "zz-glossary.yaml")
    assert _problems(valid_set) == [
        "content/zz-glossary.yaml:1: a second glossary file (the first is content/glossary.yaml)"
    ]
