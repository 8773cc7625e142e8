"""Rows as an older schema revision stored them, written through reflected tables (the models know only the
newest columns): for the tests of data migrations."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

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
