"""The people's words for a table's columns and codes, in the reader's language (issue #16).

A `Words` maps a stable key (a column name such as `facility`, a code such as `pre_test`) to its
English words, marked with N_ where the table is written, and translates them each time one is read:
`ITEM_LABELS["facility"]` is "Share right (%)" in English and its French in a French run. Code keeps
looking columns up by their key; only the header a person reads changes with the language, and it
changes at the moment it is read (a page's run, a `use(lang)` block), never at import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from modules.i18n import gettext as translate  # each value was marked with N_ where the Words is written


class Words(Mapping[str, str]):
    """Keys to English words (marked with N_), read in the current language."""

    def __init__(self, english: Mapping[str, str]) -> None:
        self._english = dict(english)

    def __getitem__(self, key: str) -> str:
        return translate(self._english[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)

    def english(self, key: str) -> str:
        """The English words of `key`, whatever the language (the msgid)."""
        return self._english[key]

    def __repr__(self) -> str:
        return f"Words({self._english!r})"
