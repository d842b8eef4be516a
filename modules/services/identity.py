"""Resume codes: how a learner is recognised after a refresh, a restart or on another device.

The code is 16 random Crockford base-32 characters (80 bits), shown as XXXX-XXXX-XXXX-XXXX and
kept in the page URL. Only its SHA-256 hash is stored, so a database copy cannot be used to
impersonate learners."""

from __future__ import annotations

import hashlib
import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
CODE_LENGTH = 16


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str | None:
    """Accept what a person types (lower case, dashes, spaces, O for 0); None if malformed."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in _ALPHABET for ch in cleaned):
        return None
    return cleaned


def pretty(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
