"""Resume codes: unguessable, typed leniently, stored only as a hash."""

from __future__ import annotations

from modules.services import identity


def test_codes_are_random_and_well_formed() -> None:
    codes = {identity.new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(identity.normalise(c) == c for c in codes)


def test_typing_is_forgiving() -> None:
    code = "0123456789ABCDEF"
    assert identity.normalise("o123-4567 89ab-cdef") == code
    assert identity.normalise(identity.pretty(code)) == code
    assert identity.pretty(code) == "0123-4567-89AB-CDEF"


def test_malformed_codes_are_rejected() -> None:
    for bad in ["", "short", "0123456789ABCDEFG", "0123456789ABCDE!", "UUUUUUUUUUUUUUUU", "<script>alert(1)</script>"]:
        assert identity.normalise(bad) is None


def test_hash_is_one_way_and_stable() -> None:
    assert identity.code_hash("A" * 16) == identity.code_hash("A" * 16)
    assert "A" * 16 not in identity.code_hash("A" * 16)
