"""Revision 0006_access_at_source: assets stored before it load with no owner and no readers at source,
and the new columns take values. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from catalogue.db import make_sessionmaker, upgrade
from catalogue.models import Asset
from tests.legacy_rows import store_at

LEGACY = "Owner at source: root. Readable at source by: root, everyone."


def test_assets_stored_before_load_without_access_at_source(database_url: str) -> None:
    notes = {"harvested": {"description": LEGACY}, "description": LEGACY, "kind": "document"}
    engine = store_at(database_url, "0005_quick_xor_hash", {"notes.txt": notes})
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        asset = session.scalars(select(Asset)).one()
        assert (asset.owner_at_source, asset.readable_at_source_by) == (None, [])
        assert asset.description == LEGACY  # nothing moved: the next harvest reads the file again
        asset.owner_at_source, asset.readable_at_source_by = "root", ["everyone", "root"]
    with sessions() as session:
        asset = session.scalars(select(Asset)).one()
        assert (asset.owner_at_source, asset.readable_at_source_by) == ("root", ["everyone", "root"])
    engine.dispose()
