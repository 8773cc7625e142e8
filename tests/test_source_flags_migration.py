"""Revision 0007_source_flags: assets stored before it load with no flags at source, the new column takes
values, and their tags stay as they were. On SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from catalogue.db import alembic_config, make_engine, make_sessionmaker, upgrade
from catalogue.models import Asset
from tests.legacy_rows import NOW, insert_share, legacy_tables


def test_assets_stored_before_load_without_flags(database_url: str) -> None:
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0006_access_at_source")
    with engine.begin() as connection:  # a row as revision 0006 stored it, written without the models
        sources, assets = legacy_tables(connection)
        source_id = insert_share(connection, sources)
        connection.execute(
            assets.insert().values(
                source_id=source_id, key="debtors.xlsx", version=1,
                harvested={"tags": ["shadow database", "many rows"]}, curated={}, title="debtors.xlsx",
                description="", kind="spreadsheet", classification="OFFICIAL", classification_rank=0,
                restricted=False, handling_markings=[], open_data_status="not_assessed", lifecycle="active",
                created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        asset = session.scalars(select(Asset)).one()
        assert asset.flags == []
        assert asset.harvested["tags"] == ["shadow database", "many rows"]  # the next harvest moves them
        asset.flags = ["shadow database", "many rows"]
    with sessions() as session:
        assert session.scalars(select(Asset)).one().flags == ["shadow database", "many rows"]
    engine.dispose()
