"""Revision 0006_access_at_source: assets stored before it load with no owner and no readers at source,
and the new columns take values. On SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from catalogue.db import alembic_config, make_engine, make_sessionmaker, upgrade
from catalogue.models import Asset
from tests.legacy_rows import NOW, insert_share, legacy_tables

LEGACY = "Owner at source: root. Readable at source by: root, everyone."


def test_assets_stored_before_load_without_access_at_source(database_url: str) -> None:
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0005_quick_xor_hash")
    with engine.begin() as connection:  # a row as revision 0005 stored it, written without the models
        sources, assets = legacy_tables(connection)
        source_id = insert_share(connection, sources)
        connection.execute(
            assets.insert().values(
                source_id=source_id, key="notes.txt", version=1, harvested={"description": LEGACY},
                curated={}, title="notes.txt", description=LEGACY, kind="document",
                classification="OFFICIAL", classification_rank=0, restricted=False, handling_markings=[],
                open_data_status="not_assessed", lifecycle="active", created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
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
