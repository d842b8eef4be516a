"""Registering learners: names are cleaned, tracks checked, codes resolve to the right person."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from modules.services import learners

TRACKS = ["labour_inspector", "police"]


def test_register_and_resume(sqlite_engine: Engine) -> None:
    learner, code = learners.register(sqlite_engine, "  Ana   María ", "police", TRACKS)
    assert learner.display_name == "Ana María"
    found = learners.resume(sqlite_engine, code.lower())
    assert found is not None and found[0].id == learner.id and found[1] == code
    assert learners.resume(sqlite_engine, "0000-0000-0000-0000") is None
    assert learners.resume(sqlite_engine, None) is None


def test_same_name_gives_two_learners(sqlite_engine: Engine) -> None:
    a, code_a = learners.register(sqlite_engine, "Sam", "police", TRACKS)
    b, code_b = learners.register(sqlite_engine, "Sam", "police", TRACKS)
    assert a.id != b.id and code_a != code_b


@pytest.mark.parametrize(("name", "message"), [("   ", "please enter a name"), ("x" * 61, "at most 60")])
def test_bad_names(sqlite_engine: Engine, name: str, message: str) -> None:
    with pytest.raises(learners.InvalidInput, match=message):
        learners.register(sqlite_engine, name, "police", TRACKS)


def test_control_and_bidi_characters_are_removed() -> None:
    assert learners.clean_display_name("Eve\u202e\u0000<b>x</b>") == "Eve<b>x</b>"
    assert learners.clean_display_name("Multi\nline\tname") == "Multi line name"


def test_unknown_track_is_refused(sqlite_engine: Engine) -> None:
    with pytest.raises(learners.InvalidInput, match="Track"):
        learners.register(sqlite_engine, "Ana", "pilot", TRACKS)
