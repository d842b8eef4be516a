"""Named national datasets: save, list, load, replace and delete, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select

from modules.data.enforcement import MAX_UPLOAD_BYTES, parse_enforcement_text
from modules.storage import datasets_repo as repo
from modules.storage.schema import datasets

CSV = "year,prosecutions,convictions\n2021,60,25\n2022,70,22\n"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Engine:
    """SQLite in tmp_path, and PostgreSQL (TEST_DATABASE_URL, or a throwaway local server; skipped if neither)."""
    return request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(datasets)).scalar_one())


def test_save_list_load_delete(db: Engine) -> None:
    assert repo.list_datasets(db) == []
    first = repo.save_dataset(db, "  Ruritania   2024 ", CSV)
    second = repo.save_dataset(db, "Atlantis", "year,convictions\n2020,1\n")
    assert first != second
    infos = repo.list_datasets(db)
    assert [i.name for i in infos] == ["Atlantis", "Ruritania 2024"]  # by name, spaces tidied
    assert all(i.created_at.tzinfo is not None and i.created_at <= datetime.now(UTC) for i in infos)
    loaded = repo.load_dataset(db, "Ruritania 2024")
    assert loaded is not None and loaded.csv_text == CSV and loaded.id == first
    result = parse_enforcement_text(loaded.csv_text, "stored.csv", name=loaded.name)
    assert result.table is not None and result.table.value(2022, "convictions") == 22  # usable again later
    assert repo.load_dataset(db, "Nowhere") is None
    assert repo.delete_dataset(db, "Atlantis") is True
    assert repo.delete_dataset(db, "Atlantis") is False
    assert [i.name for i in repo.list_datasets(db)] == ["Ruritania 2024"]


def test_names_are_unique_unless_replacing(db: Engine) -> None:
    first = repo.save_dataset(db, "Ruritania", CSV)
    with pytest.raises(repo.DatasetNameTaken):
        repo.save_dataset(db, "Ruritania", "year,convictions\n2020,1\n")
    assert _count(db) == 1
    again = repo.save_dataset(db, "Ruritania", "year,convictions\n2020,1\n", replace=True)
    assert again == first and _count(db) == 1
    loaded = repo.load_dataset(db, "Ruritania")
    assert loaded is not None and loaded.csv_text == "year,convictions\n2020,1\n"
    assert repo.save_dataset(db, "New one", CSV, replace=True) != first  # replace inserts when absent


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("   ", CSV, "Give the dataset a name"),
        ("x" * 121, CSV, "at most 120 characters"),
        ("bad\x00name", CSV, "control characters"),
        ("ok", "   ", "empty file"),
        ("ok", "x" * (MAX_UPLOAD_BYTES + 1), "at most 1 MB"),
    ],
)
def test_bad_saves_are_refused_and_store_nothing(db: Engine, name: str, text: str, message: str) -> None:
    with pytest.raises(repo.DatasetError, match=message):
        repo.save_dataset(db, name, text)
    assert _count(db) == 0


def test_unicode_names_and_text_round_trip(db: Engine) -> None:
    text = "year,convictions,source\n2020,3,Ministère de l'Intérieur — Łódź\n"
    repo.save_dataset(db, "Côte d'Ivoire (données 2020)", text)
    loaded = repo.load_dataset(db, "Côte d'Ivoire (données 2020)")
    assert loaded is not None and loaded.csv_text == text
