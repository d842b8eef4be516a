"""Account administration by an administrator: create accounts (a learner account with its own
learner record), deactivate, reset passwords; and the learner record a learner account studies as.
Sign-in itself is in services/auth.py."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from modules.i18n import LANGUAGES
from modules.i18n import gettext as _
from modules.services import auth, policy
from modules.services import learners as learner_service
from modules.services.data_protection import Erasure, delete_learner
from modules.services.policy import Action
from modules.storage import learners as learners_repo
from modules.storage import staff_sessions
from modules.storage import users as users_repo
from modules.storage.learners import Learner
from modules.storage.users import User

log = logging.getLogger(__name__)


class AccountError(ValueError):
    """An account change that is not allowed; the message says why, in the tab's language."""


def _require_admin(engine: Engine, actor: User, action: Action = Action.MANAGE_ACCOUNTS) -> User:
    """The administrator as the database has them now (policy.py decides)."""
    try:
        return policy.require(engine, actor, action)
    except policy.Forbidden:
        raise AccountError(_("Only an administrator can change accounts.")) from None


def list_accounts(engine: Engine, actor: User) -> list[User]:
    _require_admin(engine, actor)
    return users_repo.list_all(engine)


def learner_record(engine: Engine, actor: User, learner_id: int) -> Learner | None:
    """A learner's record, for an administrator about to erase it."""
    _require_admin(engine, actor, Action.ERASE_LEARNER)
    return learners_repo.by_id(engine, learner_id)


def erase_learner(engine: Engine, actor: User, learner_id: int) -> Erasure:
    """Erase everything about a learner (services/data_protection.py), as an administrator."""
    admin = _require_admin(engine, actor, Action.ERASE_LEARNER)
    done = delete_learner(engine, learner_id, admin.id)
    log.info("learner erased: learner=%s by=%s rows=%s", learner_id, admin.id, done.total)
    return done


def set_account_active(engine: Engine, actor: User, user_id: int, active: bool) -> None:
    """Deactivate (sign-in refused, open sessions end at their next action) or reactivate an account.
    An admin cannot deactivate themselves or the last active admin, so nobody is locked out."""
    _require_admin(engine, actor)
    target = users_repo.by_id(engine, user_id)
    if target is None:
        raise AccountError(_("No such account."))
    if not active:
        if target.id == actor.id:
            raise AccountError(_("You cannot deactivate your own account."))
        if (
            target.role == "admin"
            and sum(1 for u in users_repo.list_all(engine) if u.role == "admin" and u.active) <= 1
        ):
            raise AccountError(_("This is the last active administrator."))
    users_repo.set_active(engine, user_id, active)
    if not active:
        staff_sessions.end_all_for(engine, user_id)  # open tabs are signed out at their next action


def reset_password(engine: Engine, actor: User, user_id: int, password: str) -> None:
    """Set a new password (the person changes it after) and lift any sign-in lock."""
    _require_admin(engine, actor)
    target = users_repo.by_id(engine, user_id)
    if target is None:
        raise AccountError(_("No such account."))
    try:
        auth.check_password_rules(password)
    except auth.AuthError as exc:
        raise AccountError(str(exc)) from None
    users_repo.set_password_hash(engine, user_id, auth.hash_password(password))
    users_repo.clear_failures(engine, target.username)
    staff_sessions.end_all_for(engine, user_id)


def create_account(
    engine: Engine,
    actor: User,
    username: str,
    display_name: str,
    role: str,
    password: str,
    track: str | None = None,
    tracks: list[str] | None = None,
) -> tuple[User, str | None]:
    """Create an account. A learner account gets its own learner record (on `track`) and that
    record's resume code, returned once, as a fallback for devices where they do not sign in."""
    _require_admin(engine, actor)
    code = None
    learner_id = None
    try:
        name = auth.clean_username(username)
        auth.check_password_rules(password)
        if users_repo.by_username(engine, name) is not None:
            # TRANSLATORS: {name} is the username someone typed, as it would be stored (lower case).
            raise AccountError(_("Username: '{name}' is already taken.", name=name))
        if role == "learner":
            if track is None or track not in (tracks or []):
                # TRANSLATORS: {tracks} lists the tracks' ids, such as "inspector, police".
                raise AccountError(_("Track: choose one of {tracks}.", tracks=", ".join(tracks or [])))
            learner, code = learner_service.register(engine, display_name or username, track, tracks or [])
            learner_id = learner.id
        try:
            user = auth.create_user(engine, username, display_name, role, password, learner_id)
        except auth.AuthError:
            if learner_id is not None:  # undo the learner record made for the refused account
                delete_learner(engine, learner_id, actor.id)
            raise
    except (auth.AuthError, learner_service.InvalidInput) as exc:
        raise AccountError(str(exc)) from None
    return user, code


def learner_for_account(engine: Engine, user: User | None) -> Learner | None:
    """The learner record of a signed-in learner account (for `session.adopt_learner`)."""
    if user is None or not user.active or user.role != "learner" or user.learner_id is None:
        return None
    return learners_repo.by_id(engine, user.learner_id)


def remember_language(engine: Engine, user: User, language: str) -> None:
    """Keep the interface language an account chose with the account: it opens in it next time, on
    any device. Only the account itself sets it (the signed-in user's own record)."""
    if language in LANGUAGES and language != user.language:
        users_repo.set_language(engine, user.id, language)
