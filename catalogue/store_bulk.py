"""Inserting a harvest batch's new assets in bulk.

A first harvest of a share adds hundreds of thousands of assets. Building an ORM object for each and
letting the unit of work flush them costs far more than the insert itself, so new assets go in as Core
multi-row INSERTs (ids back through RETURNING), a wave at a time so that a folder's id
is known before its files are inserted. The search documents are built from the same rows, so nothing is
read back. Updates to existing assets stay on the ORM path (optimistic locking, history per field).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, insert

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
        # RETURNING the key too: rows may come back in any order (SQLite cannot promise parameter order
        # for a batch, and asking for it makes SQLAlchemy insert one row at a time).
        returned = {
            key: asset_id
            for asset_id, key in connection.execute(insert(Asset).returning(Asset.id, Asset.key), rows)
        }
        ids = [returned[record.key] for record, _ in wave]
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
        if values:
            connection.execute(insert(model), values)
