"""Reading the translations: one gettext .po file per language, parsed with Babel at run time.

No compiled .mo files: the .po files are small, and reading them directly means a translator's edit shows
on the next page run, without a build step or a restart. Each file is parsed once and kept until its
modification time or size changes.

Only translations that are safe to show are kept: a fuzzy entry (a guess by `pybabel update`), an empty
msgstr, or a msgstr whose `{placeholders}` differ from the msgid's is dropped, so the English is shown for
it. A file that does not parse is dropped whole (logged with its line), never half-read.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import logging
import os
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import PoFileError, read_po

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""Where the catalogues live: LOCALE_DIR/<lang>/LC_MESSAGES/messages.po. Tests point it elsewhere."""

DOMAIN = "messages"

Fields = frozenset[tuple[str, str | None, str]]
"""A text's replacement fields as (name, conversion, format spec): `{score:.0%}` is ("score", None, ".0%")."""


def fields_of(text: str) -> Fields | None:
    """The `{placeholders}` of a str.format template, or None when it is not one (an unmatched brace)."""
    try:
        return frozenset(
            (name, conversion, spec or "")
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        )
    except ValueError:
        return None


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@dataclass(frozen=True)
class Catalogue:
    """The usable translations of one language."""

    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = _english_plural
    """The .po header's Plural-Forms rule: which msgstr[i] a count takes."""

    def gettext(self, msgid: str) -> str | None:
        return self.singular.get(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str | None:
        forms = self.plural.get((singular, plural))
        if forms is None:
            return None
        index = self.plural_index(n)
        return forms[index] if 0 <= index < len(forms) else None


EMPTY = Catalogue()


def _usable_singular(message: Message) -> str | None:
    msgid, msgstr = message.id, message.string
    if not isinstance(msgid, str) or not isinstance(msgstr, str) or not msgstr:
        return None
    if fields_of(msgstr) != fields_of(msgid):
        log.warning("translation of %r dropped: its {placeholders} differ from the English", msgid)
        return None
    return msgstr


def _usable_plural(message: Message, num_plurals: int) -> tuple[str, ...] | None:
    """Every form present and non-empty, each using only placeholders of the English singular or plural
    (English itself may leave the count out of the singular: "One answer" / "{n} answers")."""
    ids, forms = message.id, message.string
    if not isinstance(ids, tuple | list) or not isinstance(forms, tuple | list):
        return None
    if len(forms) < num_plurals or not all(forms):
        return None
    one, many = fields_of(ids[0]), fields_of(ids[1])
    allowed = one | many if one is not None and many is not None else None
    for form in forms:
        got = fields_of(form)
        if got is None or not (got == one or got == many or (allowed is not None and got <= allowed)):
            log.warning("translation of %r dropped: its {placeholders} differ from the English", ids[0])
            return None
    return tuple(forms)


def parse(path: Path) -> Catalogue:
    """The usable translations in one .po file (EMPTY when it does not parse)."""
    try:
        with path.open("rb") as fileobj:
            catalog = read_po(fileobj, domain=DOMAIN, ignore_obsolete=True, abort_invalid=True)
        plural_index = stdlib_gettext.c2py(catalog.plural_expr)
    except (PoFileError, ValueError, OSError) as exc:
        log.warning("translations in %s not used (English shown): %s", path, exc)
        return EMPTY
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy or message.context:
            continue
        if message.pluralizable:
            forms = _usable_plural(message, catalog.num_plurals)
            if forms is not None:
                plural[(str(message.id[0]), str(message.id[1]))] = forms
        else:
            text = _usable_singular(message)
            if text is not None:
                singular[str(message.id)] = text
    return Catalogue(singular, plural, plural_index)


_FILE_NAME = f"{DOMAIN}.po"


def po_path(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / _FILE_NAME


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], Catalogue]] = {}


def load(lang: str, locale_dir: Path | None = None) -> Catalogue:
    """The catalogue of `lang` (EMPTY when it has no .po file), parsed again only when the file changed.

    One stat per call (a few microseconds: the path is built as a string, not a Path): what lets an edited
    file show without a restart."""
    path = os.path.join(locale_dir or LOCALE_DIR, lang, "LC_MESSAGES", _FILE_NAME)
    try:
        st = os.stat(path)
    except OSError:
        return EMPTY
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, parse(Path(path)))
            _cache[path] = cached
    return cached[1]
