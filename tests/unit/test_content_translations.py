"""A language's translation of the course (#16): keys built from ids, entries checked like content, stale
entries detected by the source text's fingerprint, and a registry in the language that keeps every id,
answer and tag of the source."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modules.cli import main
from modules.content.loader import load_registry
from modules.content.translatable import fingerprint, localized, source_texts
from modules.content.translations import current_texts, status, translations_of
from modules.domain.question import SpotIndicators


def _roots(valid_set: Path) -> list[Path]:
    return [valid_set / "content", valid_set / "quizzes"]


def _write(valid_set: Path, name: str, body: str, language: str = "fr") -> Path:
    file = valid_set / "content" / "translations" / language / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(body, encoding="utf-8")
    return file


def _entry(key: str, text: str, source: str) -> str:
    return f'{key}:\n  text: "{text}"\n  source: "{fingerprint(source)}"\n'


def test_keys_name_objects_by_id_and_point_at_the_source_line(valid_set: Path) -> None:
    reg = load_registry(_roots(valid_set))
    texts = source_texts(reg)
    title = texts["lesson.l-one.title"]
    assert title.text == "Lesson one"
    assert title.path.endswith("lessons/l-one.yaml") or title.path.endswith("l-one.yaml")
    lines = Path(valid_set / "content" / "lessons").glob("*.yaml")
    source_file = next(f for f in lines if "id: l-one" in f.read_text())
    assert source_file.read_text().splitlines()[title.line - 1].startswith("title:")
    # blocks have no id: their place, from 1; options and objectives: their id
    assert texts["lesson.l-one.sections.s-intro.blocks.1.body"].text == "Some **markdown** text."
    assert texts["lesson.l-one.sections.s-intro.blocks.1.body"].markdown
    assert texts["lesson.l-one.objectives.lo-one.text"].text == "Recognise deception."
    assert "question.q-single.options.a.text" in texts
    assert texts["indicator.deception.name"].text == "Deception"
    assert not texts["indicator.deception.name"].markdown
    assert "lesson.l-one.sections.s-more.blocks.3.alt" in texts  # a picture's description is translated


def test_structure_has_no_keys(valid_set: Path) -> None:
    texts = source_texts(load_registry(_roots(valid_set)))
    for structural in (
        "id",
        "correct",
        "minutes",
        "tracks",
        "indicators",
        "present",
        "src",
        "url",
        "kind",
        "pass_mark",
    ):
        assert not [k for k in texts if k.endswith(f".{structural}")], structural


def test_fingerprint_ignores_line_wrapping_but_not_words() -> None:
    assert fingerprint("Workers were  promised\nhotel jobs.") == fingerprint("Workers were promised hotel jobs.")
    assert fingerprint("Workers were promised hotel jobs.") != fingerprint("Workers were promised farm jobs.")
    assert len(fingerprint("x")) == 8


def test_a_translation_replaces_text_and_never_structure(valid_set: Path) -> None:
    reg = load_registry(_roots(valid_set))
    texts = source_texts(reg)
    spot = reg.questions["q-spot"]
    assert isinstance(spot, SpotIndicators)
    single = {k: v.text for k, v in texts.items() if k.startswith("question.q-single.")}
    _write(
        valid_set,
        "all.yaml",
        _entry("lesson.l-one.title", "Leçon un", "Lesson one")
        + _entry("indicator.deception.name", "Tromperie", "Deception")
        + "".join(
            _entry(k, "Option traduite" if k.endswith("options.a.text") else f"fr {v}", v) for k, v in single.items()
        ),
    )
    reg = load_registry(_roots(valid_set))
    assert not reg.problems and not translations_of(reg).problems
    fr = localized(reg, current_texts(translations_of(reg).catalogues["fr"], source_texts(reg)))
    assert fr.lessons["l-one"].title == "Leçon un"
    assert reg.lessons["l-one"].title == "Lesson one"  # the source registry is untouched
    assert fr.indicators["deception"].name == "Tromperie"
    assert fr.questions["q-single"].options[0].text == "Option traduite"
    assert fr.questions["q-single"].correct_ids() == reg.questions["q-single"].correct_ids()
    fr_spot = fr.questions["q-spot"]
    assert isinstance(fr_spot, SpotIndicators)
    assert {o.id: o.text for o in fr_spot.options}["deception"] == "Tromperie"  # options follow the catalogue
    assert fr_spot.present == spot.present
    # an untranslated string keeps the source's
    assert fr.lessons["l-one"].summary == reg.lessons["l-one"].summary


def test_a_question_shows_in_the_language_only_when_all_of_it_is_translated(valid_set: Path) -> None:
    reg = load_registry(_roots(valid_set))
    texts = source_texts(reg)
    option = texts["question.q-single.options.a.text"]
    _write(valid_set, "q.yaml", _entry(option.key, "Option traduite", option.text))
    reg = load_registry(_roots(valid_set))
    fr = localized(reg, current_texts(translations_of(reg).catalogues["fr"], source_texts(reg)))
    assert fr.questions["q-single"].options[0].text == option.text  # one option alone would stand out
    assert status(translations_of(reg).catalogues["fr"], source_texts(reg)).translated == 1  # yet it counts


def test_a_changed_source_makes_the_translation_stale_and_the_source_shows(valid_set: Path) -> None:
    file = _write(valid_set, "l.yaml", _entry("lesson.l-one.title", "Leçon un", "Lesson one (old wording)"))
    reg = load_registry(_roots(valid_set))
    texts = source_texts(reg)
    st = status(translations_of(reg).catalogues["fr"], texts)
    assert [e.key for e, _ in st.stale] == ["lesson.l-one.title"]
    assert st.stale[0][0].path.endswith("translations/fr/l.yaml") and st.stale[0][0].line == 1
    assert not st.complete and st.translated == 0
    assert (
        localized(reg, current_texts(translations_of(reg).catalogues["fr"], texts)).lessons["l-one"].title
        == "Lesson one"
    )
    file.write_text(_entry("lesson.l-one.title", "Leçon un", "Lesson one"), encoding="utf-8")
    reg = load_registry(_roots(valid_set))
    st = status(translations_of(reg).catalogues["fr"], source_texts(reg))
    assert st.translated == 1 and not st.stale and len(st.missing) == st.total - 1


def test_an_empty_text_is_a_placeholder_not_a_problem(valid_set: Path) -> None:
    _write(valid_set, "l.yaml", 'lesson.l-one.title:\n  text: ""\n  source: "00000000"\n')
    reg = load_registry(_roots(valid_set))
    assert not translations_of(reg).problems
    assert "lesson.l-one.title" in {
        s.key for s in status(translations_of(reg).catalogues["fr"], source_texts(reg)).missing
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            _entry("lesson.l-one.titel", "x", "Lesson one"),
            "no such text in the course; did you mean 'lesson.l-one.title'?",
        ),
        (_entry("question.q-single.correct", "b", "a"), "is structure ('correct'), not text"),
        ("lesson.l-one.title:\n  text: Leçon\n", "needs `text:` (the translation) and `source:`"),
        ("lesson.l-one.title:\n  text: Leçon\n  source: 12345678\n", "put the fingerprint in quotes"),
        ("lesson.l-one.title:\n  text: Leçon\n  source: abc\n", "source must be the 8-character fingerprint"),
        (_entry("lesson.l-one.sections.s-intro.blocks.1.body", "Du **texte", "Some **markdown** text."), "not closed"),
        ("lesson.l-one.title: [unclosed\n", "l.yaml:1"),
        ("- a list\n", "a translation file maps keys to entries"),
    ],
)
def test_problems_name_the_file_and_line_and_the_course_still_loads(valid_set: Path, body: str, expected: str) -> None:
    _write(valid_set, "ok.yaml", _entry("lesson.l-two.title", "Leçon deux", "Lesson two"))
    _write(valid_set, "l.yaml", body)
    reg = load_registry(_roots(valid_set))
    found = [str(p) for p in translations_of(reg).problems]
    assert any(expected in p and "translations/fr/l.yaml" in p for p in found), found
    assert set(reg.lessons) == {"l-one", "l-two"}  # the course itself is unaffected
    assert (
        translations_of(reg).catalogues["fr"].entries["lesson.l-two.title"].text == "Leçon deux"
    )  # and the rest of the language


def test_links_must_go_where_the_source_links_go(valid_set: Path) -> None:
    from modules.content.translations import markdown_problem

    source = "Read [the Convention](https://www.ilo.org/c29) first."
    assert markdown_problem("Lisez [la Convention](https://www.ilo.org/c29).", source) == ""
    assert "same places" in markdown_problem("Lisez [la Convention](https://example.com/x).", source)
    assert "same places" in markdown_problem("Lisez la Convention.", source)


def test_a_key_translated_twice_and_a_linked_file_are_refused(valid_set: Path, tmp_path: Path) -> None:
    _write(valid_set, "a.yaml", _entry("lesson.l-one.title", "Leçon un", "Lesson one"))
    _write(valid_set, "b.yaml", _entry("lesson.l-one.title", "Première leçon", "Lesson one"))
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(_entry("lesson.l-two.title", "Leçon deux", "Lesson two"), encoding="utf-8")
    os.symlink(outside, valid_set / "content" / "translations" / "fr" / "link.yaml")
    reg = load_registry(_roots(valid_set))
    found = [str(p) for p in translations_of(reg).problems]
    assert any("translated twice in fr (also at" in p for p in found), found
    assert any("link.yaml:1: is a link" in p for p in found), found
    assert "lesson.l-two.title" not in translations_of(reg).catalogues["fr"].entries


def test_a_folder_that_is_not_a_language_code_is_refused(valid_set: Path) -> None:
    _write(valid_set, "x.yaml", _entry("lesson.l-one.title", "Leçon un", "Lesson one"), language="French")
    reg = load_registry(_roots(valid_set))
    assert any("'French' is not a language code" in str(p) for p in translations_of(reg).problems)


def test_an_edited_translation_changes_the_content_version(valid_set: Path) -> None:
    file = _write(valid_set, "l.yaml", _entry("lesson.l-one.title", "Leçon un", "Lesson one"))
    before = load_registry(_roots(valid_set)).version
    file.write_text(_entry("lesson.l-one.title", "Leçon 1", "Lesson one"), encoding="utf-8")
    os.utime(file, ns=(1, 1))
    assert load_registry(_roots(valid_set)).version != before


def test_the_command_adds_missing_strings_and_reports_them(valid_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roots = [str(r) for r in _roots(valid_set)]
    assert main(["translations", *roots]) == 0
    assert "no translations" in capsys.readouterr().out
    assert main(["translations", *roots, "--add", "es"]) == 0
    written = sorted((valid_set / "content" / "translations" / "es").rglob("*.yaml"))
    assert any(f.name == "course.yaml" for f in written)
    assert any(f.parent.name == "quizzes" for f in written)  # the quizzes folder's files under its name
    capsys.readouterr()
    assert main(["translations", *roots, "--check"]) == 1  # placeholders only: nothing translated
    out = capsys.readouterr().out
    assert out.startswith("es: 0.0% translated (0 of ")
    assert "es missing: lesson.l-one.title" in out
    missing_line = next(line for line in out.splitlines() if line.endswith("es missing: lesson.l-one.title"))
    path, line = missing_line.split(":")[0:2]
    assert Path(path).read_text().splitlines()[int(line) - 1].startswith("title:")
    # the placeholders load without a problem, and filling one in counts it
    reg = load_registry(_roots(valid_set))
    assert not translations_of(reg).problems
    lesson_file = next(f for f in written if "l-one" in f.read_text() and f.parent.name == "lessons")
    text = lesson_file.read_text().replace(
        'lesson.l-one.title:\n  text: ""', 'lesson.l-one.title:\n  text: "Lección uno"'
    )
    lesson_file.write_text(text, encoding="utf-8")
    assert main(["translations", *roots, "--summary"]) == 0
    assert "(1 of " in capsys.readouterr().out
