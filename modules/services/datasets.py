"""Named national datasets a trainer keeps for later workshops: reading them is open to every
visitor of the data page; saving and deleting go through the policy (facilitators and
administrators), here, so no page can write without the check. The figures are validated by
modules/data before saving and again on every load.

A refused save says why in the tab's language: the name and size are checked here, with the storage's
own rules, before the repository (which cannot import modules.i18n) checks them again in English."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from modules.data.enforcement import MAX_UPLOAD_BYTES  # the same limit as an upload
from modules.i18n import format_number, ngettext
from modules.i18n import gettext as _
from modules.services import policy
from modules.services.policy import Action
from modules.storage import datasets_repo
from modules.storage.datasets_repo import MAX_NAME_CHARS, DatasetError, DatasetNameTaken
from modules.storage.users import User

__all__ = ["MAX_NAME_CHARS", "DatasetError", "DatasetNameTaken", "can_save", "delete", "load_text", "names", "save"]

log = logging.getLogger(__name__)


def names(engine: Engine) -> list[str]:
    return [d.name for d in datasets_repo.list_datasets(engine)]


def load_text(engine: Engine, name: str) -> str | None:
    found = datasets_repo.load_dataset(engine, name)
    return found.csv_text if found is not None else None


def can_save(user: User | None) -> bool:
    return policy.allowed(user, Action.SAVE_DATASET)


def _check(name: str, csv_text: str) -> str:
    """The name as the repository will store it; DatasetError, in the tab's language, for what the
    repository would refuse (the same rules, in the same order)."""
    clean = " ".join(str(name).split())
    if not clean:
        raise DatasetError(_("Give the dataset a name."))
    if len(clean) > MAX_NAME_CHARS:
        raise DatasetError(
            ngettext(
                "A dataset name has at most {n} character.",
                "A dataset name has at most {n} characters.",
                MAX_NAME_CHARS,
            )
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        raise DatasetError(_("A dataset name cannot contain control characters."))
    if not csv_text.strip():
        raise DatasetError(_("An empty file cannot be saved."))
    if len(csv_text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        # TRANSLATORS: {size} is a number of megabytes, such as "1".
        raise DatasetError(_("A dataset is at most {size} MB.", size=format_number(MAX_UPLOAD_BYTES / 1_000_000)))
    return clean


def save(engine: Engine, user: User | None, name: str, csv_text: str, *, replace: bool = False) -> int:
    actor = policy.require(engine, user, Action.SAVE_DATASET)
    clean = _check(name, csv_text)
    try:
        dataset_id = datasets_repo.save_dataset(engine, name, csv_text, replace=replace, max_bytes=MAX_UPLOAD_BYTES)
    except DatasetNameTaken as exc:
        # TRANSLATORS: {name} is the name someone gave a saved dataset, in quotes.
        raise DatasetNameTaken(
            _("A dataset called {name} already exists; choose another name.", name=repr(clean))
        ) from exc
    log.info("dataset saved: id=%s by=%s", dataset_id, actor.id)
    return dataset_id


def delete(engine: Engine, user: User | None, name: str) -> bool:
    actor = policy.require(engine, user, Action.SAVE_DATASET)
    gone = datasets_repo.delete_dataset(engine, name)
    log.info("dataset deleted: by=%s found=%s", actor.id, gone)
    return gone
