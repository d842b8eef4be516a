"""Accounts, roles and sign-in. Passwords are stored as Argon2id hashes.

Failed sign-ins are limited in the shared database, so every replica enforces the same limit: at
most MAX_FAILURES per username and client address in LOCK_WINDOW, and MAX_FAILURES_PER_NAME per
username from all addresses together. The per-address limit keeps a stranger from locking an
account out at will (their failures do not count against the owner's address); the per-name limit
bounds guessing spread over many addresses. The limit holds under concurrency: an attempt is
recorded as a failure *before* the password is checked and counted with everything recorded
before it, so of N simultaneous attempts at most the allowed number reach the password check;
a success takes its record back."""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from modules.i18n import N_, ngettext
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (ROLE_TITLES)
from modules.storage import staff_sessions
from modules.storage import users as repo
from modules.storage.clock import utcnow
from modules.storage.users import User

Role = Literal["admin", "facilitator", "viewer", "learner"]
ROLES: tuple[Role, ...] = ("admin", "facilitator", "viewer", "learner")
ROLE_TITLES: dict[str, str] = {
    "admin": N_("Administrator"),
    "facilitator": N_("Facilitator"),
    "viewer": N_("Programme viewer"),
    "learner": N_("Learner"),
}
"""Each role's title in English (the msgid); `role_title` gives it in the tab's language."""

MAX_FAILURES = 5
MAX_FAILURES_PER_NAME = 50
LOCK_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
STAFF_SESSION_LIFETIME = timedelta(hours=12)
"""A workshop day: after that the tab asks for the password again."""

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
# A real hash to verify against when the username is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


class AuthError(Exception):
    """A sign-in or account problem with a message fit to show the person, in the tab's language."""


def role_title(role: str) -> str:
    """A role's title in the current language (the role's id when it has none)."""
    title = ROLE_TITLES.get(role)
    return translate(title) if title is not None else role


@dataclass(frozen=True)
class SignedIn:
    user: User

    @property
    def role(self) -> str:
        return self.user.role


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(
            ngettext(
                "Password: at least {n} character, please.", "Password: at least {n} characters, please.", MIN_PASSWORD
            )
        )


def clean_username(raw: str) -> str:
    name = unicodedata.normalize("NFKC", raw).strip().lower()
    if not (3 <= len(name) <= 80) or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise AuthError(_("Username: 3 to 80 letters, digits or . _ - @"))
    return name


def create_user(
    engine: Engine, username: str, display_name: str, role: str, password: str, learner_id: int | None = None
) -> User:
    if role not in ROLES:
        # TRANSLATORS: {roles} lists the roles' ids: admin, facilitator, viewer, learner.
        raise AuthError(_("Role: one of {roles}.", roles=", ".join(ROLES)))
    name = clean_username(username)
    check_password_rules(password)
    display = " ".join(display_name.split())[:80] or name
    try:
        return repo.create(engine, name, display, role, hash_password(password), learner_id)
    except IntegrityError:
        # TRANSLATORS: {name} is the username someone typed, as it would be stored (lower case).
        raise AuthError(_("Username: '{name}' is already taken.", name=name)) from None


def authenticate(engine: Engine, username: str, password: str, source: str | None = None) -> SignedIn:
    """Check a username and password from a client address; raise AuthError with a plain message."""
    try:
        name = clean_username(username)
    except AuthError:
        raise AuthError(_("Sign-in failed: wrong username or password.")) from None
    source = (source or "")[:64] or None
    since = utcnow() - LOCK_WINDOW
    claim = repo.record_failure(engine, name, source)
    from_here = repo.failures_since(engine, name, since, source, any_source=False)
    overall = repo.failures_since(engine, name, since)
    if from_here > MAX_FAILURES or overall > MAX_FAILURES_PER_NAME:
        repo.forget_failure(engine, claim)  # a refused attempt does not lengthen the lock
        log.info("sign-in refused (limit): source_known=%s", source is not None)
        minutes = int(LOCK_WINDOW.total_seconds() // 60)
        raise AuthError(
            ngettext(
                "Too many failed sign-ins for this username. Wait {n} minute and try again.",
                "Too many failed sign-ins for this username. Wait {n} minutes and try again.",
                minutes,
            )
        )
    found = repo.by_username(engine, name)
    try:
        _hasher.verify(found.password_hash if found else _DUMMY_HASH, password)
        ok = found is not None and found.user.active
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        log.info("sign-in failed: user=%s", found.user.id if found else None)
        raise AuthError(_("Sign-in failed: wrong username or password."))
    repo.clear_failures(engine, name)
    if _hasher.check_needs_rehash(found.password_hash):
        repo.set_password_hash(engine, found.user.id, hash_password(password))
    return SignedIn(found.user)


def user_for_email(engine: Engine, email: str) -> User | None:
    """The active account whose username is this (identity-provider) e-mail, if any."""
    if not email:
        return None
    found = repo.by_username(engine, email.strip().lower())
    return found.user if found is not None and found.user.active else None


def ensure_admin_from_secrets(engine: Engine, username: str | None, password_hash: str | None) -> bool:
    """Create the first admin from deployment secrets (a pre-computed Argon2 hash), once."""
    if not username or not password_hash or not password_hash.startswith("$argon2"):
        return False
    if repo.count_with_role(engine, "admin") > 0:
        return False
    try:
        repo.create(engine, clean_username(username), "Administrator", "admin", password_hash)
    except IntegrityError:
        return False
    return True


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, user: User) -> str:
    """A new session for a signed-in account; the token goes to the tab only (sessionStorage)."""
    token = secrets.token_urlsafe(32)
    staff_sessions.create(engine, _token_hash(token), user.id, utcnow() + STAFF_SESSION_LIFETIME)
    return token


def session_user(engine: Engine, token: str | None) -> User | None:
    """The account behind a session token, re-read now: an ended or expired session, or a
    deactivated account, gives None, so every staff action sees the account as it is."""
    if not token or len(token) > 200:
        return None
    return staff_sessions.user_for(engine, _token_hash(token))


def end_session(engine: Engine, token: str | None) -> None:
    if token:
        staff_sessions.end(engine, _token_hash(token))
