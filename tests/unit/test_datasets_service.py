"""Saving a named dataset through the service: the service checks the name and size itself, so a refusal
is in the tab's language (storage cannot import modules.i18n), with the repository's own rules."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from modules.data.enforcement import MAX_UPLOAD_BYTES
from modules.services import auth, datasets
from modules.storage import datasets_repo as repo

CSV = "year,prosecutions,convictions\n2021,60,25\n2022,70,22\n"
BAD = [
    ("   ", CSV),
    ("x" * 121, CSV),
    ("bad\x00name", CSV),
    ("bad\x7fname", CSV),
    ("ok", "   "),
    ("ok", "x" * (MAX_UPLOAD_BYTES + 1)),
]


@pytest.mark.parametrize(("name", "text"), BAD)
def test_the_service_refuses_what_the_repository_refuses_in_the_same_words(
    sqlite_engine: Engine, name: str, text: str
) -> None:
    fay = auth.create_user(sqlite_engine, "fay", "Fay", "facilitator", "a long password")
    with pytest.raises(repo.DatasetError) as by_repo:
        repo.save_dataset(sqlite_engine, name, text, max_bytes=MAX_UPLOAD_BYTES)
    with pytest.raises(repo.DatasetError) as by_service:
        datasets.save(sqlite_engine, fay, name, text)
    assert str(by_service.value) == str(by_repo.value)  # English: the same message
    assert datasets.names(sqlite_engine) == []


def test_a_taken_name_is_refused_in_the_repositorys_words(sqlite_engine: Engine) -> None:
    fay = auth.create_user(sqlite_engine, "fay", "Fay", "facilitator", "a long password")
    datasets.save(sqlite_engine, fay, " Ruritania  2024", CSV)
    with pytest.raises(repo.DatasetNameTaken) as by_service:
        datasets.save(sqlite_engine, fay, "Ruritania 2024", CSV)
    with pytest.raises(repo.DatasetNameTaken) as by_repo:
        repo.save_dataset(sqlite_engine, "Ruritania 2024", CSV)
    assert str(by_service.value) == str(by_repo.value)
    assert datasets.save(sqlite_engine, fay, "Ruritania 2024", CSV, replace=True) > 0
