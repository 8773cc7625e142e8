"""Revision 0007_source_flags: assets stored before it load with no flags at source, the new column takes
values, and their tags stay as they were. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from catalogue.db import make_sessionmaker, upgrade
from catalogue.models import Asset
from tests.legacy_rows import store_at

TAGS = ["shadow database", "many rows"]


def test_assets_stored_before_load_without_flags(database_url: str) -> None:
    debtors = {"harvested": {"tags": TAGS}, "kind": "spreadsheet"}
    engine = store_at(database_url, "0006_access_at_source", {"debtors.xlsx": debtors})
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        asset = session.scalars(select(Asset)).one()
        assert asset.flags == []
        assert asset.harvested["tags"] == TAGS  # the next harvest reads the file again and moves them
        asset.flags = TAGS
    with sessions() as session:
        assert session.scalars(select(Asset)).one().flags == TAGS
    engine.dispose()
