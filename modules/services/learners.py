"""Registering and recognising learners."""

from __future__ import annotations

import unicodedata

from sqlalchemy import Engine

from modules.i18n import LANGUAGES, ngettext
from modules.i18n import gettext as _
from modules.services import identity
from modules.storage import learners as repo
from modules.storage.learners import Learner

MAX_NAME = 60


class InvalidInput(ValueError):
    """A field a person typed is not acceptable; the message says which and why, in the tab's language
    (the home page shows it as it is)."""


def clean_display_name(raw: str) -> str:
    """Strip control and format characters (including bidi overrides) and squeeze spaces."""
    # line breaks and tabs become spaces; other control and format characters (bidi overrides,
    # zero-width marks) are dropped
    kept = "".join(" " if ch.isspace() else ch for ch in raw if ch.isspace() or unicodedata.category(ch)[0] != "C")
    name = " ".join(kept.split())
    if not name:
        raise InvalidInput(_("Display name: please enter a name."))
    if len(name) > MAX_NAME:
        raise InvalidInput(
            ngettext(
                "Display name: at most {n} character, please.",
                "Display name: at most {n} characters, please.",
                MAX_NAME,
            )
        )
    return name


def register(
    engine: Engine, display_name: str, track: str, tracks: list[str], language: str | None = None
) -> tuple[Learner, str]:
    """Create a learner and return it with its resume code (shown once, kept in the URL). `language`:
    the tab's language, remembered so the learner finds it again on another device."""
    name = clean_display_name(display_name)
    if track not in tracks:
        # TRANSLATORS: {tracks} lists the tracks' ids, such as "inspector, police".
        raise InvalidInput(_("Track: choose one of {tracks}.", tracks=", ".join(tracks)))
    code = identity.new_code()
    return repo.create(engine, identity.code_hash(code), name, track, language), code


def resume(engine: Engine, raw_code: str | None) -> tuple[Learner, str] | None:
    """The learner for a typed or URL resume code, with the code normalised; None if unknown."""
    code = identity.normalise(raw_code or "")
    if code is None:
        return None
    learner = repo.by_token_hash(engine, identity.code_hash(code))
    return (learner, code) if learner else None


def change_track(engine: Engine, learner_id: int, track: str, tracks: list[str]) -> None:
    if track not in tracks:
        # TRANSLATORS: {tracks} lists the tracks' ids, such as "inspector, police".
        raise InvalidInput(_("Track: choose one of {tracks}.", tracks=", ".join(tracks)))
    repo.update_fields(engine, learner_id, track=track)


def remember_language(engine: Engine, learner_id: int, language: str) -> None:
    """Keep the language the learner chose with their record: their next visit, on any device, opens
    in it. Progress and answers do not depend on it (they are kept by question and lesson ids)."""
    if language not in LANGUAGES:
        raise InvalidInput(_("Language: choose one of {languages}.", languages=", ".join(LANGUAGES)))
    repo.update_fields(engine, learner_id, language=language)
