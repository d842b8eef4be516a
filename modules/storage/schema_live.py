"""Tables of the live feature, registered on the shared metadata (see schema.py)."""

from __future__ import annotations

from modules.storage.schema import metadata  # noqa: F401 - tables below register on it
