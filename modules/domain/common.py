"""Shared building blocks of the content schema."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            "an id uses lower-case letters, digits, '-' and '_' only, starts with a letter "
            f"or digit and has at most 80 characters (got {value!r})"
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]
"""Authored, stable identifier: progress, attempts and analytics refer to it, never a position."""


class Translatable:
    """Marks a text field that a language's translation file may give in that language (every `Text` and
    `ShortText`, and picture descriptions). Everything else (ids, answers, tags, numbers, paths) is
    structure: it comes from the source whatever the language, so a score means the same in each."""

    def __repr__(self) -> str:
        return "Translatable()"


TRANSLATABLE = Translatable()

Text = Annotated[str, Field(min_length=1, max_length=20_000), TRANSLATABLE]
ShortText = Annotated[str, Field(min_length=1, max_length=300), TRANSLATABLE]
PlainShortText = Annotated[str, Field(min_length=1, max_length=300)]
"""A short text that is the same in every language (a phone number, a font's family name)."""


class Model(BaseModel):
    """Frozen and strict about unknown keys, so a typo in YAML is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(Model):
    """A published source, named on screen so a learner can check a figure or a legal statement."""

    title: ShortText = Field(description="The source's name, as a reader would cite it.")
    url: HttpUrl = Field(description="Where to read it.")
