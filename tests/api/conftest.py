"""Fixtures for the JSON API tests."""

from __future__ import annotations

from typing import Any

import pytest

from .support import DATABASE, DRIVE, SHORT_KEYS


@pytest.fixture
def ids(catalogue: Any) -> dict[str, int]:
    """Fills the catalogue; short name -> asset id."""
    store = catalogue.store
    found: dict[str, int] = {}
    for name, kind, records in (("finance-db", "database", DATABASE), ("shared-drive", "filesystem", DRIVE)):
        source = store.ensure_source(name, kind)
        counts = store.apply_records(source, records)
        for record, asset_id in zip(records, counts.changed_ids, strict=True):
            found[SHORT_KEYS.get(record.key, record.key)] = asset_id
    return found
