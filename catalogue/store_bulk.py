"""Inserting a harvest batch's new assets in bulk.

A first harvest of a share adds hundreds of thousands of assets. Building an ORM object for each and
letting the unit of work flush them costs far more than the insert itself, so new assets go in as Core
multi-row INSERTs (ids back through RETURNING), a wave at a time so that a folder's id
is known before its files are inserted. The search documents are built from the same rows, so nothing is
read back. Updates to existing assets stay on the ORM path (optimistic locking, history per field).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import Connection, Dialect, Table, insert

from catalogue.classification import ClassificationScheme
from catalogue.indexer import to_document
from catalogue.merge import effective_values
from catalogue.models import Asset, AssetAccessGroup, AssetChange, AssetColumn, AssetTag
from harvesters.base import Record
from search.backend import SearchDocument


@dataclass(frozen=True)
class NewAsset:
    id: int
    key: str
    owner: str | None
    steward: str | None
    department: str | None


def supports_bulk_insert(connection: Connection) -> bool:
    """RETURNING for multi-row inserts (SQLite 3.35+, PostgreSQL, MariaDB 10.5+; not MySQL)."""
    return bool(connection.dialect.insert_executemany_returning)


def insert_new_assets(
    connection: Connection,
    *,
    source_id: int,
    source_name: str,
    records: Sequence[tuple[Record, dict[str, Any]]],
    known_ids: dict[str, int],
    run_id: int | None,
    now: datetime,
    scheme: ClassificationScheme,
) -> tuple[list[NewAsset], list[SearchDocument]]:
    """Insert these (record, cleaned harvested layer) pairs as new assets of the source, with their tags,
    access groups, columns and a "created" history entry. `known_ids` maps keys already in the store to
    ids and gains the new ones. Returns the new assets (in the records' order) and their search
    documents."""
    actor = f"harvest:{source_name}"
    pending = list(records)
    added: list[NewAsset] = []
    documents: list[SearchDocument] = []
    while pending:
        waiting = {record.key for record, _ in pending}
        wave = [
            (record, layer)
            for record, layer in pending
            if record.parent_key is None or record.parent_key in known_ids or record.parent_key not in waiting
        ]
        if not wave:  # a cycle of parent keys cannot come from a listing; insert them unlinked
            wave = pending
        rows, derived = [], []
        for record, layer in wave:
            effective = effective_values(layer, {}, record.key, scheme)
            parent_id = known_ids.get(record.parent_key) if record.parent_key else None
            rows.append(
                {
                    **effective.columns,
                    "source_id": source_id,
                    "key": record.key,
                    "parent_id": parent_id,
                    "version": 1,
                    "harvested": layer,
                    "curated": {},
                    "last_run_id": run_id,
                    "last_seen_at": now,
                    "fingerprint": record.fingerprint or None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            derived.append(effective)
        ids = _insert_assets(connection, rows)
        _insert_children(connection, wave, rows, derived, ids, actor, run_id, now)
        for asset_id, (record, _), row, effective in zip(ids, wave, rows, derived, strict=True):
            known_ids[record.key] = asset_id
            added.append(NewAsset(asset_id, record.key, row["owner"], row["steward"], row["department"]))
            view = SimpleNamespace(
                **row, id=asset_id, tags=sorted(effective.tags), access_groups=sorted(effective.access_groups)
            )
            documents.append(to_document(view, source_name, record.columns))  # type: ignore[arg-type]
        done = {record.key for record, _ in wave}
        pending = [(record, layer) for record, layer in pending if record.key not in done]
    order = {record.key: position for position, (record, _) in enumerate(records)}
    added.sort(key=lambda asset: order[asset.key])  # in the records' order, whatever the waves
    return added, documents


def _insert_children(
    connection: Connection,
    wave: Sequence[tuple[Record, Mapping[str, Any]]],
    rows: Sequence[Mapping[str, Any]],
    derived: Sequence[Any],
    ids: Sequence[int],
    actor: str,
    run_id: int | None,
    now: datetime,
) -> None:
    tags: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    columns: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for asset_id, (record, _), row, effective in zip(ids, wave, rows, derived, strict=True):
        tags.extend({"asset_id": asset_id, "tag": tag} for tag in effective.tags)
        groups.extend({"asset_id": asset_id, "group": group} for group in effective.access_groups)
        columns.extend(
            {
                "asset_id": asset_id,
                "position": position,
                "name": column.name,
                "data_type": column.data_type,
                "nullable": column.nullable,
                "default": column.default,
                "comment": column.comment,
                "primary_key": column.primary_key,
            }
            for position, column in enumerate(record.columns)
        )
        history.append(
            {
                "asset_id": asset_id,
                "changed_at": now,
                "actor": actor,
                "layer": "created",
                "field": "*",
                "new_value": row["harvested"].get("title"),
                "run_id": run_id,
                "version": 1,
            }
        )
    for model, values in (
        (AssetTag, tags),
        (AssetAccessGroup, groups),
        (AssetColumn, columns),
        (AssetChange, history),
    ):
        if not values:
            continue
        if _plain_inserts(connection):
            insert_plain(connection, model.__table__, values)  # type: ignore[arg-type]
        else:
            connection.execute(insert(model), values)


def _plain_inserts(connection: Connection) -> bool:
    """SQLite: one writer at a time and an executemany in C, so rows go in through `insert_plain`."""
    return connection.dialect.name == "sqlite"


def _insert_assets(connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the asset rows; their ids, in the rows' order."""
    if not _plain_inserts(connection):
        # RETURNING the key too: rows may come back in any order (asking SQLAlchemy for the parameters'
        # order makes it insert one row at a time)
        statement = insert(Asset).returning(Asset.id, Asset.key)
        returned = {key: asset_id for asset_id, key in connection.execute(statement, rows)}
        return [returned[row["key"]] for row in rows]
    # The first row goes in alone and takes SQLite's write lock for the rest of the transaction; no other
    # connection can insert before it commits, so the ids after the first one are free.
    first = connection.execute(insert(Asset).returning(Asset.id), rows[:1]).scalar_one()
    ids = list(range(first, first + len(rows)))
    if len(rows) > 1:
        rest = [{**row, "id": asset_id} for row, asset_id in zip(rows[1:], ids[1:], strict=True)]
        insert_plain(connection, Asset.__table__, rest)  # type: ignore[arg-type]
    return ids


_NOTHING = object()


def _same(value: Any, before: Any) -> bool:
    """The same value, so the same converted value: identical, or equal and of the same type (containers
    only when empty, since `[1] == [True]`)."""
    if value is before:
        return True
    if type(value) is not type(before) or value != before:
        return False
    return not isinstance(value, dict | list | tuple) or not value


def insert_plain(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT the rows (each with the same columns) with one executemany of the database driver.

    Each value goes through its column type's own conversion for this database (JSON, dates and times),
    so the rows read back exactly as if SQLAlchemy had written them; what is skipped is SQLAlchemy's
    per-row parameter handling, which cost more than the insert itself on a first harvest. No column
    default applies: every column without a value in the rows must be nullable or have a server default.
    """
    statement = _plain_statement(table, connection.dialect, tuple(rows[0]))
    order, converters = statement.order, statement.converters
    values = []
    last: list[tuple[Any, Any]] = [(_NOTHING, None)] * len(converters)
    for row in rows:
        line = [row[name] for name in order]
        for slot, (position, converter) in enumerate(converters):
            value = line[position]
            before, converted = last[slot]
            if not _same(value, before):
                converted = converter(value)
                last[slot] = (value, converted)
            line[position] = converted  # a batch's times and empty layers are converted once
        values.append(tuple(line) if statement.positional else dict(zip(order, line, strict=True)))
    connection.exec_driver_sql(statement.sql, values)


class PlainStatement(NamedTuple):
    sql: str
    positional: bool
    order: tuple[str, ...]  # the columns in the order the statement takes their values
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, its column type's processor)


@functools.lru_cache(maxsize=64)
def _plain_statement(table: Table, dialect: Dialect, names: tuple[str, ...]) -> PlainStatement:
    """The compiled INSERT for these columns, and their converters: compiled once, not once a batch."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names), for_executemany=True)
    order = list(compiled.positiontup or []) if compiled.positional else list(compiled.params)
    if set(order) != set(names):
        missing = sorted(set(order) - set(names))
        raise ValueError(f"insert_plain into {table.name}: no values for {', '.join(missing)}")
    converters = tuple(
        (position, converter)
        for position, name in enumerate(order)
        if (converter := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return PlainStatement(compiled.string, bool(compiled.positional), tuple(order), converters)
