"""The interface's languages: translated messages, the current language, and numbers and dates written the
way each language writes them (issue #16).

Code marks a user-facing string with `_` (this module's `gettext`, imported as
`from modules.i18n import gettext as _`), `ngettext` for a count, or `N_` for a module-level constant that is
translated where it is shown. English is the source: the msgid is the English text, shown whenever a
language has no usable translation for it, so a missing or broken translation never breaks a page.

`make messages` extracts the marked strings into messages.pot and merges them into the .po file of each
language under locale/; `make messages-check` (and tests/unit/test_i18n.py) fail when the .pot is behind
the code. Translations are read from the .po files at run time (catalogue.py).

Which language a call uses: its `lang` argument, else `current()`: a `use(lang)` block, else what the
registered resolver answers (the UI's reads the session; a contextvar set by a page's full run would not
reach a fragment's rerun, which runs in another thread), else English.

Plain Python and Babel; no Streamlit, nothing of ours imported.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal, parse_pattern

from modules.i18n import catalogue

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}
"""The interface's languages, each named in itself (as a language menu shows them)."""

SOURCE_LANGUAGE = "en"
"""The language of the msgids: it has no catalogue."""

_override: ContextVar[str | None] = ContextVar("modules.i18n.override", default=None)
_resolver: Callable[[], str | None] | None = None


def set_resolver(fn: Callable[[], str | None] | None) -> None:
    """Register how to find the current language (None: English unless a `use` block says otherwise).

    Called once by the UI. The resolver runs on every translated string, so it must be cheap and must
    not raise; an answer that is not a key of LANGUAGES counts as English."""
    global _resolver
    _resolver = fn


def supported(lang: str | None) -> str:
    """`lang` when the interface has it, else the source language."""
    return lang if lang is not None and lang in LANGUAGES else SOURCE_LANGUAGE


def current() -> str:
    """The language of this run: a `use` block's, else the resolver's, else English."""
    lang = _override.get()
    if lang is None and _resolver is not None:
        lang = _resolver()
    return supported(lang)


@contextmanager
def use(lang: str) -> Iterator[str]:
    """Everything in the block is in `lang` (a certificate or a CLI report in a learner's language),
    whatever the resolver says; the previous language comes back after it, even on an exception."""
    lang = supported(lang)
    token = _override.set(lang)
    try:
        yield lang
    finally:
        _override.reset(token)


def _fill(text: str, fields: dict[str, object]) -> str:
    return text.format(**fields) if fields else text


def gettext(msgid: str, lang: str | None = None, **fields: object) -> str:
    """`msgid` in `lang` (default: the current language), with `{fields}` filled in when given.

    The English is used when the language has no usable translation (catalogue.py says which are), so
    a translator's mistake never raises: only a field missing from the English itself does."""
    lang = supported(lang) if lang is not None else current()
    text = None if lang == SOURCE_LANGUAGE else catalogue.load(lang).gettext(msgid)
    return _fill(text if text is not None else msgid, fields)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None, **fields: object) -> str:
    """The form of a message for the count `n`, by the language's own plural rule (French counts 0 as
    singular, English does not). `{n}` is always available to the text; other fields as in `gettext`."""
    lang = supported(lang) if lang is not None else current()
    text = None if lang == SOURCE_LANGUAGE else catalogue.load(lang).ngettext(singular, plural, n)
    if text is None:
        text = singular if n == 1 else plural
    return text.format(**{"n": n, **fields})


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it: a module-level constant is translated where
    it is shown (`_(CONSTANT)`), in the language of that run."""
    return msgid


def negotiate(accept_language: str | None) -> str:
    """The interface language that best fits a browser's Accept-Language header: the highest-weighted
    tag whose language (the part before any "-") we have; English when none is.

    "fr-CA,fr;q=0.9,en;q=0.8" is French, "es-419" Spanish, "de-DE" English."""
    if not accept_language:
        return SOURCE_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        primary = tag.strip().split("-")[0].split("_")[0].lower()
        if weight > 0 and primary in LANGUAGES:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else SOURCE_LANGUAGE


def _locale(lang: str | None) -> Locale:
    return Locale.parse(supported(lang) if lang is not None else current())


def format_number(n: float | int | Decimal, lang: str | None = None) -> str:
    """1234567.5 as 1,234,567.5 (en), 1 234 567,5 (fr: narrow no-break spaces), 1.234.567,5 (es)."""
    return format_decimal(n, locale=_locale(lang))


def format_percent(x: float | int | Decimal, lang: str | None = None, digits: int = 0) -> str:
    """A fraction as a percentage with `digits` decimals: 0.256 is 26% (en), 26 % (fr, a no-break space),
    26 % (es)."""
    locale = _locale(lang)
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    return pattern.apply(x, locale)


def format_date(d: datetime.date, lang: str | None = None, format: str = "medium") -> str:
    """A date in the language's own pattern: "medium" is Mar 5, 2024 (en), 5 mars 2024 (fr),
    5 mar 2024 (es); also "short", "long", "full" or a CLDR pattern such as "d MMMM y"."""
    return _babel_format_date(d, format=format, locale=_locale(lang))


__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "current",
    "format_date",
    "format_number",
    "format_percent",
    "gettext",
    "negotiate",
    "ngettext",
    "set_resolver",
    "supported",
    "use",
]
