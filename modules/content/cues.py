"""The words that give an item's answer away: absolute and hedging words, and the content words two
texts share. Shared by the item-writing check (item_lint) and the test-wise guesser (test_wise)."""

from __future__ import annotations

import re
from functools import cache

ABSOLUTE = re.compile(
    r"\b(only|alone|never|always|cannot|can't|must|proves?|by itself|all|none|nothing|every|no one|automatically)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(r"\b(can|may|might|sometimes|could|possibly|often)\b", re.IGNORECASE)
ABOVE = re.compile(r"\b(all|none|both) of the above\b|\bboth (a|b) and (b|c)\b", re.IGNORECASE)
WORD = re.compile(r"[a-z][a-z'-]+")
STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
    once only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours one two three four first next them they're it's don't isn't doesn't""".split()
)


def content_words(text: str) -> set[str]:
    """Lower-case words of four letters or more that are not function words, crudely stemmed."""
    return {_stem(w) for w in WORD.findall(text.lower()) if len(w) >= 4 and w not in STOP}


@cache
def _stem(word: str) -> str:
    """Cached: lint and the guesser stem the same few thousand words again and again."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
