"""The interface's message catalogue (issue #16): French and Spanish lookups, English whenever a translation
is missing or unsafe, plural forms, edits picked up without a restart, the current language, the browser's
language, numbers and dates per language, and a template that keeps up with the code."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from modules import i18n
from modules.i18n import catalogue
from modules.i18n import gettext as _
from scripts import messages

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def no_resolver() -> Iterator[None]:
    i18n.set_resolver(None)
    yield
    i18n.set_resolver(None)


def write_po(directory: Path, lang: str, body: str, plural_forms: str = "nplurals=2; plural=(n > 1);") -> Path:
    path = catalogue.po_path(lang, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {lang}\\n"\n"Plural-Forms: {plural_forms}\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.fixture
def locale_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The loader reads .po files from tmp_path instead of modules/i18n/locale."""
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    return tmp_path


# The shipped catalogues: the strings of modules/ui/components/questions.py


@pytest.mark.parametrize(
    ("msgid", "fr", "es"),
    [
        ("Correct", "Correct", "Correcto"),
        ("Not correct", "Incorrect", "Incorrecto"),
        ("Partly correct", "Partiellement correct", "Parcialmente correcto"),
        ("Why:", f"Pourquoi{NBSP}:", "Por qué:"),
        ("your choice", "votre choix", "su elección"),
        ("right answer", "bonne réponse", "respuesta correcta"),
    ],
)
def test_the_review_texts_are_translated(msgid: str, fr: str, es: str) -> None:
    assert _(msgid, "fr") == fr
    assert _(msgid, "es") == es
    assert _(msgid, "en") == msgid
    assert _(msgid) == msgid  # no resolver, no `use` block: English


def test_fields_are_filled_in_the_translation() -> None:
    assert _("{percent} of the marks", "fr", percent=f"50{NBSP}%") == f"50{NBSP}% des points"
    assert _("{percent} of the marks", "es", percent=f"50{NBSP}%") == f"50{NBSP}% de los puntos"
    assert _("Source: {link}", "fr", link="[ILO](https://ilo.org)") == f"Source{NBSP}: [ILO](https://ilo.org)"
    assert _("{percent} of the marks", percent="50%") == "50% of the marks"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_shipped_translation_is_used(lang: str) -> None:
    """A translated entry the loader drops (a placeholder typo, a file that does not parse) would silently
    show English: every non-fuzzy, non-empty msgstr in the committed .po file must come through."""
    path = catalogue.po_path(lang)
    with path.open("rb") as fileobj:
        committed = read_po(fileobj, abort_invalid=True)
    loaded = catalogue.load(lang)
    translated = [m for m in committed if m.id and m.string and not m.fuzzy]
    assert translated, f"{path} has no translation"
    for m in translated:
        if m.pluralizable:
            assert loaded.plural.get((m.id[0], m.id[1])) == tuple(m.string), m.id
        else:
            assert loaded.gettext(m.id) == m.string, m.id


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_message_is_translated(lang: str) -> None:
    """French and Spanish are complete: every message of the template has a usable translation (not empty,
    not fuzzy, every plural form filled in), so `make test` fails as soon as the code adds a string no one
    translated yet (`make messages`, then translate the new msgstr entries)."""
    path = catalogue.po_path(lang)
    with path.open("rb") as fileobj:
        committed = read_po(fileobj, abort_invalid=True)
    loaded = catalogue.load(lang)
    missing = []
    for m in committed:
        if not m.id:
            continue
        usable = loaded.plural.get((m.id[0], m.id[1])) if m.pluralizable else loaded.gettext(m.id)
        if m.fuzzy or not usable or (m.pluralizable and not all(usable)):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    assert not missing, f"{path}: {len(missing)} message(s) without a usable translation: {missing[:10]}"


def test_the_template_is_up_to_date_with_the_code() -> None:
    """The same check as `make messages-check`: a string marked with _() but not extracted has no place
    for a translator to translate it."""
    problems = messages.check()
    assert not problems, "modules/i18n/messages.pot is out of date; run `make messages`:\n  " + "\n  ".join(problems)


# English whenever a translation is missing or unsafe


def test_an_unknown_message_or_language_is_english() -> None:
    assert _("A message nobody marked", "fr") == "A message nobody marked"
    assert _("Not correct", "de") == "Not correct"
    assert _("Not correct", "") == "Not correct"
    assert i18n.ngettext("{n} answer", "{n} answers", 3, "de") == "3 answers"


def test_fuzzy_and_empty_translations_are_not_shown(locale_dir: Path) -> None:
    write_po(
        locale_dir,
        "fr",
        '#, fuzzy\nmsgid "Correct"\nmsgstr "Faux ami"\n\n'
        'msgid "Not correct"\nmsgstr ""\n\n'
        'msgid "right answer"\nmsgstr "bonne réponse"\n',
    )
    assert _("Correct", "fr") == "Correct"
    assert _("Not correct", "fr") == "Not correct"
    assert _("right answer", "fr") == "bonne réponse"


@pytest.mark.parametrize(
    "msgstr",
    [
        "{pourcentage} des points",  # a translated field name: KeyError if used
        "{percent des points",  # an unmatched brace: ValueError if used
        "{percent:.2f} des points",  # another format spec: ValueError on a string
        "des points",  # the number dropped
        "{percent} des points ({total})",  # a field the code does not pass
    ],
)
def test_a_translation_with_other_placeholders_is_english_and_never_raises(locale_dir: Path, msgstr: str) -> None:
    write_po(locale_dir, "fr", f'msgid "{{percent}} of the marks"\nmsgstr "{msgstr}"\n')
    assert _("{percent} of the marks", "fr", percent="50%") == "50% of the marks"


def test_a_file_that_does_not_parse_is_english(locale_dir: Path) -> None:
    write_po(locale_dir, "fr", 'msgid "Correct"\nmsgstr "Juste"\n\nmsgid "Not correct"\nmsgtsr "Incorrect"\n')
    assert _("Correct", "fr") == "Correct"
    assert _("Not correct", "fr") == "Not correct"


def test_a_language_without_a_file_is_english(locale_dir: Path) -> None:
    assert _("Correct", "es") == "Correct"


# Plurals


PLURALS = (
    'msgid "{n} answer"\nmsgid_plural "{n} answers"\nmsgstr[0] "{n} réponse"\nmsgstr[1] "{n} réponses"\n\n'
    'msgid "One attempt left"\nmsgid_plural "{n} attempts left"\n'
    'msgstr[0] "Une tentative restante"\nmsgstr[1] "{n} tentatives restantes"\n\n'
    'msgid "{n} question"\nmsgid_plural "{n} questions"\nmsgstr[0] "{n} question"\nmsgstr[1] ""\n\n'
    'msgid "{n} lesson"\nmsgid_plural "{n} lessons"\nmsgstr[0] "{n} leçon"\nmsgstr[1] "{nombre} leçons"\n'
)


def test_plural_forms_follow_the_language_rule(locale_dir: Path) -> None:
    write_po(locale_dir, "fr", PLURALS)
    # French: 0 and 1 are singular (plural=(n > 1)); English: only 1 is.
    assert [i18n.ngettext("{n} answer", "{n} answers", n, "fr") for n in (0, 1, 2, 10)] == [
        "0 réponse",
        "1 réponse",
        "2 réponses",
        "10 réponses",
    ]
    assert [i18n.ngettext("{n} answer", "{n} answers", n, "en") for n in (0, 1, 2)] == [
        "0 answers",
        "1 answer",
        "2 answers",
    ]


def test_a_plural_form_may_leave_out_the_count_as_the_english_does(locale_dir: Path) -> None:
    write_po(locale_dir, "fr", PLURALS)
    assert i18n.ngettext("One attempt left", "{n} attempts left", 1, "fr") == "Une tentative restante"
    assert i18n.ngettext("One attempt left", "{n} attempts left", 3, "fr") == "3 tentatives restantes"
    assert i18n.ngettext("One attempt left", "{n} attempts left", 1) == "One attempt left"


def test_a_plural_with_a_missing_or_broken_form_is_english(locale_dir: Path) -> None:
    write_po(locale_dir, "fr", PLURALS)
    assert i18n.ngettext("{n} question", "{n} questions", 1, "fr") == "1 question"
    assert i18n.ngettext("{n} question", "{n} questions", 2, "fr") == "2 questions"
    assert i18n.ngettext("{n} lesson", "{n} lessons", 1, "fr") == "1 lesson"
    assert i18n.ngettext("{n} lesson", "{n} lessons", 5, "fr") == "5 lessons"


def test_a_three_form_rule(locale_dir: Path) -> None:
    """Babel writes CLDR's rule for French and Spanish (a third form for millions)."""
    rule = "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"
    body = 'msgid "{n} learner"\nmsgid_plural "{n} learners"\nmsgstr[0] "{n} alumno"\nmsgstr[1] "{n} de alumnos"\nmsgstr[2] "{n} alumnos"\n'
    write_po(locale_dir, "es", body, plural_forms=rule)
    assert i18n.ngettext("{n} learner", "{n} learners", 1, "es") == "1 alumno"
    assert i18n.ngettext("{n} learner", "{n} learners", 2_000_000, "es") == "2000000 de alumnos"
    assert i18n.ngettext("{n} learner", "{n} learners", 7, "es") == "7 alumnos"


# Edits show without a restart


def test_an_edited_file_is_read_again(locale_dir: Path) -> None:
    path = write_po(locale_dir, "fr", 'msgid "Correct"\nmsgstr "Juste"\n')
    assert _("Correct", "fr") == "Juste"
    assert _("Correct", "fr") == "Juste"  # from the cache
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Juste", "Exact"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert _("Correct", "fr") == "Exact"
    path.unlink()
    assert _("Correct", "fr") == "Correct"


def test_a_file_is_parsed_once_while_unchanged(locale_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_po(locale_dir, "fr", 'msgid "Correct"\nmsgstr "Juste"\n')
    parsed: list[Path] = []
    real = catalogue.parse
    monkeypatch.setattr(catalogue, "parse", lambda path: parsed.append(path) or real(path))
    for _i in range(5):
        assert _("Correct", "fr") == "Juste"
    assert len(parsed) == 1


# The current language


def test_the_resolver_gives_the_current_language() -> None:
    choice: list[str | None] = ["fr"]
    i18n.set_resolver(lambda: choice[0])
    assert i18n.current() == "fr"
    assert _("Not correct") == "Incorrect"
    choice[0] = "de"  # not an interface language
    assert i18n.current() == "en"
    choice[0] = None
    assert i18n.current() == "en"
    choice[0] = "es"
    assert _("Not correct") == "Incorrecto"
    assert _("Not correct", "fr") == "Incorrect"  # an explicit language wins


def test_use_overrides_the_resolver_and_restores_it() -> None:
    i18n.set_resolver(lambda: "fr")
    with i18n.use("es") as lang:
        assert lang == "es"
        assert i18n.current() == "es"
        assert _("Not correct") == "Incorrecto"
        with i18n.use("en"):
            assert _("Not correct") == "Not correct"
        assert i18n.current() == "es"
    assert i18n.current() == "fr"
    with pytest.raises(RuntimeError), i18n.use("es"):
        raise RuntimeError
    assert i18n.current() == "fr"
    with i18n.use("xx"):
        assert i18n.current() == "en"


def test_use_without_a_resolver() -> None:
    assert i18n.current() == "en"
    with i18n.use("fr"):
        assert i18n.current() == "fr"
    assert i18n.current() == "en"


def test_n_marks_without_translating() -> None:
    constant = i18n.N_("Correct")
    assert constant == "Correct"
    with i18n.use("es"):
        assert _(constant) == "Correcto"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        ("es-419", "es"),
        ("de-DE", "en"),
        (None, "en"),
        ("", "en"),
        ("de-DE,de;q=0.9,es;q=0.5,en;q=0.3", "es"),
        ("en;q=0.5, fr;q=0.8", "fr"),  # by weight, not by position
        ("fr;q=0, es", "es"),  # q=0: not acceptable
        ("ES-es", "es"),
        ("*", "en"),
        ("fr;q=abc,es;q=0.1", "es"),  # a malformed weight counts as 0
    ],
)
def test_negotiate(header: str | None, expected: str) -> None:
    assert i18n.negotiate(header) == expected


def test_languages_are_named_in_themselves() -> None:
    assert i18n.LANGUAGES == {"en": "English", "fr": "Français", "es": "Español"}
    assert i18n.SOURCE_LANGUAGE == "en"


# Numbers and dates (what Babel's CLDR data gives)


def test_numbers_per_language() -> None:
    assert i18n.format_number(1234567.5, "en") == "1,234,567.5"
    assert i18n.format_number(1234567.5, "fr") == f"1{NNBSP}234{NNBSP}567,5"
    assert i18n.format_number(1234567.5, "es") == "1.234.567,5"
    assert i18n.format_number(12, "fr") == "12"
    with i18n.use("fr"):
        assert i18n.format_number(0.5) == "0,5"


def test_percentages_per_language() -> None:
    assert i18n.format_percent(0.256, "en") == "26%"
    assert i18n.format_percent(0.256, "fr") == f"26{NBSP}%"
    assert i18n.format_percent(0.256, "es") == f"26{NBSP}%"
    assert i18n.format_percent(0.2567, "en", digits=1) == "25.7%"
    assert i18n.format_percent(0.2567, "fr", digits=1) == f"25,7{NBSP}%"
    assert i18n.format_percent(1, "en") == "100%"
    with i18n.use("es"):
        assert i18n.format_percent(0.5) == f"50{NBSP}%"


def test_dates_per_language() -> None:
    day = datetime.date(2024, 3, 5)
    assert i18n.format_date(day, "en") == "Mar 5, 2024"
    assert i18n.format_date(day, "fr") == "5 mars 2024"
    assert i18n.format_date(day, "es") == "5 mar 2024"
    assert i18n.format_date(day, "fr", format="long") == "5 mars 2024"
    assert i18n.format_date(day, "es", format="long") == "5 de marzo de 2024"
    assert i18n.format_date(day, "en", format="short") == "3/5/24"
    with i18n.use("fr"):
        assert i18n.format_date(day, format="full") == "mardi 5 mars 2024"
