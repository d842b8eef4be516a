"""A language's translation of the course: what its files give for each key, and where.

Made by modules.content.translations and kept on the Registry, so the app translates with the same
content version it shows (a translation edited on disk reloads with the course)."""

from __future__ import annotations

from dataclasses import dataclass, field

TRANSLATIONS_FOLDER = "translations"
"""In a content folder, translations/<language>/ holds that language's files (any names, any subfolders)."""


@dataclass(frozen=True)
class Entry:
    """One translated string: the text, the fingerprint of the source text it translates, and where."""

    key: str
    text: str
    source: str
    path: str
    line: int


@dataclass(frozen=True)
class Catalogue:
    """Every valid entry of one language, by key. An entry with an empty text is a placeholder: the string
    counts as not translated yet."""

    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
