"""Rows as an older schema revision stored them, written through reflected tables (the models know only the
newest columns): for the tests of data migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command

from catalogue.db import alembic_config, make_engine

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def legacy_tables(connection: sa.Connection) -> tuple[sa.Table, sa.Table]:
    """The `sources` and `assets` tables as the database holds them now."""
    meta = sa.MetaData()
    meta.reflect(connection, only=["sources", "assets"])
    return meta.tables["sources"], meta.tables["assets"]


def insert_share(connection: sa.Connection, sources: sa.Table) -> int:
    """A filesystem source called "share"; its id."""
    return connection.execute(
        sources.insert().values(
            name="share", title="share", kind="filesystem", config={}, defaults={}, rules={},
            enabled=True, state={}, created_at=NOW, updated_at=NOW,
        )
    ).inserted_primary_key[0]  # fmt: skip


def asset_row(source_id: int, key: str, **values: Any) -> dict[str, Any]:
    """An asset row with every column the older revisions require; `values` add or replace columns."""
    return {
        "source_id": source_id, "key": key, "version": 1, "harvested": {}, "curated": {}, "title": key,
        "description": "", "kind": "file", "classification": "OFFICIAL", "classification_rank": 0,
        "restricted": False, "handling_markings": [], "open_data_status": "not_assessed",
        "lifecycle": "active", "created_at": NOW, "updated_at": NOW, **values,
    }  # fmt: skip


def store_at(database_url: str, revision: str, assets: dict[str, dict[str, Any]]) -> sa.Engine:
    """A store migrated to `revision` only, holding a share with these assets (key -> columns), written as
    that revision stored them; migrate it further with `catalogue.db.upgrade`."""
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), revision)
    with engine.begin() as connection:
        sources, table = legacy_tables(connection)
        source_id = insert_share(connection, sources)
        for key, values in assets.items():
            connection.execute(table.insert().values(**asset_row(source_id, key, **values)))
    return engine
