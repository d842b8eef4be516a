"""Named national datasets a trainer chose to keep (the `datasets` table), with SQLAlchemy Core only.

The repository stores CSV text as uploaded and checks only what storage needs (a usable name, a size
limit); the caller validates the figures with `modules.data.enforcement` before saving, and again on
load, so a row edited by hand in the database can never crash a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from modules.storage.db import reading
from modules.storage.schema import datasets

MAX_NAME_CHARS = 120
MAX_CSV_BYTES = 1_000_000
"""The largest CSV text a dataset row holds, in UTF-8 bytes: storage's own bound, so that a table row never
grows without limit. Uploads are held to `modules.data.enforcement.MAX_UPLOAD_BYTES` before they get here;
a caller with a different limit passes `max_bytes` (storage does not import the validation layer)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class DatasetError(ValueError):
    """A dataset cannot be saved as asked; the message is safe to show to the trainer."""


class DatasetNameTaken(DatasetError):
    """Another dataset already has this name."""


@dataclass(frozen=True)
class DatasetInfo:
    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class StoredDataset:
    id: int
    name: str
    created_at: datetime
    csv_text: str


def normalise_name(name: str) -> str:
    """Trim and collapse spaces; refuse empty, over-long or control-character names."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise DatasetError("Give the dataset a name.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise DatasetError(f"A dataset name has at most {MAX_NAME_CHARS} characters.")
    if _CONTROL.search(cleaned):
        raise DatasetError("A dataset name cannot contain control characters.")
    return cleaned


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; PostgreSQL aware ones. Callers always get aware UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def save_dataset(
    engine: Engine, name: str, csv_text: str, *, replace: bool = False, max_bytes: int = MAX_CSV_BYTES
) -> int:
    """Store `csv_text` under `name` and return its id; replace=True overwrites a dataset of that name."""
    clean = normalise_name(name)
    if not csv_text.strip():
        raise DatasetError("An empty file cannot be saved.")
    if len(csv_text.encode("utf-8")) > max_bytes:
        raise DatasetError(f"A dataset is at most {max_bytes / 1_000_000:g} MB.")
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            if replace:
                found = conn.execute(select(datasets.c.id).where(datasets.c.name == clean)).scalar_one_or_none()
                if found is not None:
                    conn.execute(
                        update(datasets).where(datasets.c.id == found).values(csv_text=csv_text, created_at=now)
                    )
                    return int(found)
            result = conn.execute(insert(datasets).values(name=clean, csv_text=csv_text, created_at=now))
            pk = result.inserted_primary_key
            return int(pk[0]) if pk else 0
    except IntegrityError as e:
        raise DatasetNameTaken(f"A dataset called {clean!r} already exists; choose another name.") from e


def list_datasets(engine: Engine) -> list[DatasetInfo]:
    """Every saved dataset (without its text), by name."""
    query = select(datasets.c.id, datasets.c.name, datasets.c.created_at).order_by(datasets.c.name)
    with reading(engine) as conn:
        rows = conn.execute(query).all()
    return [DatasetInfo(int(r.id), r.name, _utc(r.created_at)) for r in rows]


def load_dataset(engine: Engine, name: str) -> StoredDataset | None:
    """The dataset called `name`, or None."""
    query = select(datasets).where(datasets.c.name == " ".join(str(name).split()))
    with reading(engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return StoredDataset(int(row.id), row.name, _utc(row.created_at), row.csv_text)


def delete_dataset(engine: Engine, name: str) -> bool:
    """Delete the dataset called `name`; True if there was one."""
    with engine.begin() as conn:
        result = conn.execute(delete(datasets).where(datasets.c.name == " ".join(str(name).split())))
    return bool(result.rowcount)
