"""Named national datasets a trainer keeps for later workshops: reading them is open to every
visitor of the data page; saving and deleting go through the policy (facilitators and
administrators), here, so no page can write without the check. The figures are validated by
modules/data before saving and again on every load."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from modules.data.enforcement import MAX_UPLOAD_BYTES  # the same limit as an upload
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


def save(engine: Engine, user: User | None, name: str, csv_text: str, *, replace: bool = False) -> int:
    actor = policy.require(engine, user, Action.SAVE_DATASET)
    dataset_id = datasets_repo.save_dataset(engine, name, csv_text, replace=replace, max_bytes=MAX_UPLOAD_BYTES)
    log.info("dataset saved: id=%s by=%s", dataset_id, actor.id)
    return dataset_id


def delete(engine: Engine, user: User | None, name: str) -> bool:
    actor = policy.require(engine, user, Action.SAVE_DATASET)
    gone = datasets_repo.delete_dataset(engine, name)
    log.info("dataset deleted: by=%s found=%s", actor.id, gone)
    return gone
