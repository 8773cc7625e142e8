"""The service layer: the one place the web views, the JSON API, the CLI and the harvest runner read and
write the catalogue. Every read takes a principal and goes through `visible_to`; every write keeps the
search index in step (in the same call) and records history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from catalogue.access import Principal, visible_to
from catalogue.classification import ClassificationScheme
from catalogue.edit_audit import audit_classification, audit_edit
from catalogue.fields import Kind
from catalogue.indexer import IndexBatcher, Indexer
from catalogue.merge import (
    FieldChange,
    InvalidValue,
    apply_effective,
    clean_layer,
    diff_layer,
    merge_curated,
)
from catalogue.models import Asset, AssetChange, AssetColumn, Person, Source, utcnow
from catalogue.store_bulk import insert_new_assets, supports_bulk_insert
from harvesters.base import Column, Record
from search.backend import SearchDocument

__all__ = ["InvalidValue", "NotFound", "StaleVersion", "Store"]


class NotFound(LookupError):
    """No such asset for this principal: missing and hidden look the same."""


class StaleVersion(Exception):
    """An edit was made from an old version; `changes` says what happened since."""

    def __init__(self, current_version: int, changes: list[AssetChange]) -> None:
        super().__init__(
            f"the asset has changed since the version you edited (now version {current_version})"
        )
        self.current_version = current_version
        self.changes = changes


@dataclass
class ApplyCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class AssetPage:
    """Everything the asset page and the API's asset endpoint show, already access-filtered."""

    asset: Asset
    source: Source
    parent: Asset | None
    children: list[Asset]
    children_total: int
    columns: list[AssetColumn]
    application: Asset | None = None  # the visible application asset this asset belongs to
    data_stores: list[Asset] = field(default_factory=list)  # an application's visible databases


class Store:
    def __init__(
        self, sessions: sessionmaker[Session], scheme: ClassificationScheme, indexer: Indexer | None = None
    ) -> None:
        self.sessions = sessions
        self.scheme = scheme
        self.indexer = indexer

    # ----- reading -----------------------------------------------------------------------------------

    def _visible(self, principal: Principal) -> Any:
        return visible_to(principal, self.scheme)

    def get_asset(self, session: Session, asset_id: int, principal: Principal) -> Asset:
        asset = session.scalar(select(Asset).where(Asset.id == asset_id, self._visible(principal)))
        if asset is None:
            raise NotFound(asset_id)
        return asset

    def asset_page(
        self, asset_id: int, principal: Principal, children_limit: int = 50, data_stores_limit: int = 50
    ) -> AssetPage:
        with self.sessions() as session:
            asset = self.get_asset(session, asset_id, principal)
            parent = None
            if asset.parent_id is not None:
                parent = session.scalar(
                    select(Asset).where(Asset.id == asset.parent_id, self._visible(principal))
                )
            child_filter = (Asset.parent_id == asset.id, self._visible(principal))
            children = session.scalars(
                select(Asset).where(*child_filter).order_by(Asset.title).limit(children_limit)
            ).all()
            total = session.scalar(select(func.count()).select_from(Asset).where(*child_filter)) or 0
            columns = list(asset.columns)
            application = None
            if asset.application:
                application = session.scalar(
                    select(Asset)
                    .where(
                        Asset.kind == Kind.APPLICATION.value,
                        Asset.title == asset.application,
                        self._visible(principal),
                    )
                    .order_by(Asset.id)
                    .limit(1)
                )
            data_stores: list[Asset] = []
            if asset.kind == Kind.APPLICATION.value and asset.title:
                data_stores = list(
                    session.scalars(
                        select(Asset)
                        .where(
                            Asset.kind == Kind.DATABASE.value,
                            Asset.application == asset.title,
                            self._visible(principal),
                        )
                        .order_by(Asset.title, Asset.id)
                        .limit(data_stores_limit)
                    )
                )
            return AssetPage(
                asset, asset.source, parent, list(children), total, columns, application, data_stores
            )

    def history(self, asset_id: int, principal: Principal, limit: int = 500) -> list[AssetChange]:
        with self.sessions() as session:
            self.get_asset(session, asset_id, principal)
            return list(
                session.scalars(
                    select(AssetChange)
                    .where(AssetChange.asset_id == asset_id)
                    .order_by(AssetChange.id.desc())
                    .limit(limit)
                )
            )

    def counts(self, principal: Principal) -> dict[str, int]:
        """Visible assets by kind, for the home page."""
        with self.sessions() as session:
            rows = session.execute(
                select(Asset.kind, func.count()).where(self._visible(principal)).group_by(Asset.kind)
            ).all()
        return dict(sorted(rows))

    # ----- sources -----------------------------------------------------------------------------------

    def ensure_source(
        self, name: str, kind: str, title: str = "", defaults: Mapping[str, Any] | None = None
    ) -> Source:
        with self.sessions.begin() as session:
            source = session.scalar(select(Source).where(Source.name == name))
            if source is None:
                source = Source(name=name, kind=kind, title=title or name, defaults=dict(defaults or {}))
                session.add(source)
                session.flush()
            return source

    # ----- writing: harvested layer -------------------------------------------------------------------

    def apply_records(
        self,
        source: Source,
        records: Iterable[Record],
        run_id: int | None = None,
        batch_size: int = 500,
        *,
        cleaned: bool = False,
        batcher: IndexBatcher | None = None,
    ) -> ApplyCounts:
        """Merge harvested records into the store (harvested layer only) and index what changed.

        Parents must come before their children. Unchanged records are not rewritten (no new version,
        no history). Raises InvalidValue for a record whose fields are not valid. `cleaned` says the
        records' fields are already the whole validated layer (the source's defaults merged in), as the
        harvest runner makes them. With a `batcher`, index updates wait in it for a larger write.
        """
        counts = ApplyCounts()
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                self._apply_batch(source, batch, run_id, counts, cleaned, batcher)
                batch = []
        if batch:
            self._apply_batch(source, batch, run_id, counts, cleaned, batcher)
        return counts

    def _apply_batch(
        self,
        source: Source,
        records: list[Record],
        run_id: int | None,
        counts: ApplyCounts,
        cleaned: bool,
        batcher: IndexBatcher | None,
    ) -> None:
        changed: list[int] = []
        documents: list[SearchDocument] = []
        actor = f"harvest:{source.name}"
        with self.sessions.begin() as session:
            keys = {r.key for r in records} | {r.parent_key for r in records if r.parent_key}
            existing = {
                a.key: a
                for a in session.scalars(
                    select(Asset)
                    .where(Asset.source_id == source.id, Asset.key.in_(keys))
                    .options(selectinload(Asset.columns))
                )
            }
            now = utcnow()
            layers = [
                (r, dict(r.fields) if cleaned else clean_layer({**source.defaults, **r.fields}, self.scheme))
                for r in records
            ]
            if supports_bulk_insert(session.connection()):
                layers, added, documents = self._insert_new(session, source, layers, existing, run_id, now)
                counts.added += len(added)
                changed.extend(added)
            created: list[tuple[Asset, Record]] = []
            for record, layer in layers:
                asset = existing.get(record.key)
                parent = existing.get(record.parent_key) if record.parent_key else None
                if asset is None:
                    asset = self._new_asset(session, source, record, layer, parent)
                    existing[record.key] = asset
                    created.append((asset, record))
                    counts.added += 1
                elif self._update_asset(session, asset, record, layer, parent, actor, run_id):
                    counts.updated += 1
                    changed.append(asset.id)
                else:
                    counts.unchanged += 1
                asset.last_seen_at = now
                asset.last_run_id = run_id
                if record.fingerprint:  # stored with the values it was read for, in the same transaction
                    asset.fingerprint = record.fingerprint
            self._remember_people(session, [existing[r.key] for r, _ in layers])
            session.flush()  # one flush for the batch: new rows go in as multi-row INSERTs
            session.add_all(_creation(asset, actor, run_id) for asset, _ in created)
            column_rows = [
                row for asset, record in created for row in _column_dicts(asset.id, record.columns)
            ]
            if column_rows:  # one bulk INSERT instead of one per column
                session.execute(insert(AssetColumn), column_rows)
            changed.extend(asset.id for asset, _ in created)
        counts.changed_ids.extend(changed)
        ready = {d.id for d in documents}
        others = [i for i in changed if i not in ready]
        if batcher is not None:
            batcher.add(documents, others)
        elif self.indexer is not None:
            self.indexer.try_update(documents, others)

    def _insert_new(
        self,
        session: Session,
        source: Source,
        layers: list[tuple[Record, dict[str, Any]]],
        existing: dict[str, Asset],
        run_id: int | None,
        now: datetime,
    ) -> tuple[list[tuple[Record, dict[str, Any]]], list[int], list[SearchDocument]]:
        """Bulk-insert the batch's new keys (see catalogue.store_bulk). Returns the records still to merge
        (a key listed twice in one batch: the second is an update of the first, now loaded into
        `existing`), the new ids and their search documents."""
        fresh: list[tuple[Record, dict[str, Any]]] = []
        keys: set[str] = set()
        for record, layer in layers:
            if record.key not in existing and record.key not in keys:
                keys.add(record.key)
                fresh.append((record, layer))
        known_ids = {key: asset.id for key, asset in existing.items()}
        added, documents = insert_new_assets(
            session.connection(),
            source_id=source.id,
            source_name=source.name,
            records=fresh,
            known_ids=known_ids,
            run_id=run_id,
            now=now,
            scheme=self.scheme,
        )
        self._remember_names(session, [(a.owner, a.steward, a.department) for a in added])
        inserted = {id(record) for record, _ in fresh}
        rest = [(record, layer) for record, layer in layers if id(record) not in inserted]
        if rest:
            again = [known_ids[record.key] for record, _ in rest if record.key in known_ids]
            query = select(Asset).where(Asset.id.in_(again)).options(selectinload(Asset.columns))
            existing.update((asset.key, asset) for asset in session.scalars(query))
        return rest, [a.id for a in added], documents

    def _new_asset(
        self, session: Session, source: Source, record: Record, layer: dict[str, Any], parent: Asset | None
    ) -> Asset:
        """A new asset, added to the session but not flushed (its parent may be new in this batch too)."""
        asset = Asset(source_id=source.id, key=record.key, harvested=layer, curated={}, version=1)
        asset.parent = parent  # its columns are inserted in bulk after the batch's flush
        apply_effective(asset, self.scheme)
        session.add(asset)
        return asset

    def _update_asset(
        self,
        session: Session,
        asset: Asset,
        record: Record,
        layer: dict[str, Any],
        parent: Asset | None,
        actor: str,
        run_id: int | None,
    ) -> bool:
        changes = diff_layer("harvested", asset.harvested or {}, layer)
        new_columns = _column_rows(record.columns)
        columns_changed = _column_signature(asset.columns) != _column_signature(new_columns)
        if parent is not None and parent.id is None:
            session.flush()  # the parent is new in this batch
        parent_id = parent.id if parent else None
        if not changes and not columns_changed and asset.parent_id == parent_id:
            return False
        asset.version += 1
        asset.harvested = layer
        asset.parent_id = parent_id
        if columns_changed:
            changes.append(FieldChange("columns", "harvested", len(asset.columns), len(new_columns)))
            asset.columns = new_columns
        classification = asset.classification
        apply_effective(asset, self.scheme)
        asset.updated_at = utcnow()
        self.record_changes(session, asset, changes, actor, run_id)
        if asset.classification != classification:  # the source changed it (no curated value stands)
            audit_classification(session, actor, asset, classification, run=run_id)
        return True

    # ----- writing: curated layer --------------------------------------------------------------------

    def curate(
        self,
        asset_id: int,
        changes: Mapping[str, Any],
        actor: Principal,
        expected_version: int,
        authorize: Callable[[Asset], None] | None = None,
        index_now: bool = True,
        **audit_details: Any,
    ) -> Asset:
        """A person's edit. A value sets the curated field; None clears it. Refused (StaleVersion) when
        the asset changed since `expected_version`; refused (InvalidValue) for a bad value; `authorize`
        sees the asset first and raises to refuse (see catalogue.curation). The audit events (the edit,
        and a classification change or a publication as their own actions) carry `audit_details`.
        Without `index_now` the caller refreshes the index itself (a bulk edit does, once at the end)."""
        try:
            with self.sessions.begin() as session:
                asset = self.get_asset(session, asset_id, actor)
                if authorize is not None:
                    authorize(asset)
                if asset.version != expected_version:
                    raise StaleVersion(
                        asset.version, self._changes_since(session, asset_id, expected_version)
                    )
                new_curated = merge_curated(asset.curated or {}, changes, self.scheme)
                diff = diff_layer("curated", asset.curated or {}, new_curated)
                if diff:
                    before = (asset.classification, asset.open_data_status)
                    asset.curated = new_curated
                    asset.version += 1
                    asset.updated_at = utcnow()
                    apply_effective(asset, self.scheme)
                    self._remember_people(session, [asset])
                    self.record_changes(session, asset, diff, actor.name, None)
                    audit_edit(session, actor.name, asset, diff, before, **audit_details)
        except StaleDataError:
            with self.sessions() as session:
                current = session.get(Asset, asset_id)
                version = current.version if current else expected_version
                raise StaleVersion(
                    version, self._changes_since(session, asset_id, expected_version)
                ) from None
        if diff and index_now and self.indexer is not None:
            self.indexer.try_refresh([asset_id])
        return asset

    def _changes_since(self, session: Session, asset_id: int, version: int) -> list[AssetChange]:
        changes = list(
            session.scalars(
                select(AssetChange)
                .where(AssetChange.asset_id == asset_id, AssetChange.version > version)
                .order_by(AssetChange.id)
            )
        )
        for change in changes:
            session.expunge(change)  # they travel with the exception, past this session's rollback
        return changes

    # ----- helpers -----------------------------------------------------------------------------------

    def record_changes(
        self, session: Session, asset: Asset, changes: list[FieldChange], actor: str, run_id: int | None
    ) -> None:
        for change in changes:
            session.add(
                AssetChange(
                    asset_id=asset.id,
                    actor=actor,
                    layer=change.layer,
                    field=change.field,
                    old_value=change.old,
                    new_value=change.new,
                    run_id=run_id,
                    version=asset.version,
                )
            )

    def _remember_people(self, session: Session, assets: Iterable[Asset]) -> None:
        """Owners and stewards named anywhere become entries in the people directory."""
        self._remember_names(session, [(a.owner, a.steward, a.department) for a in assets])

    def _remember_names(
        self, session: Session, named_in: Iterable[tuple[str | None, str | None, str | None]]
    ) -> None:
        named: dict[str, str | None] = {}
        for owner, steward, department in named_in:
            for name in (owner, steward):
                if name:
                    named.setdefault(name, department)
        if not named:
            return
        known = set(session.scalars(select(Person.name).where(Person.name.in_(named))))
        session.add_all(Person(name=n, department=d) for n, d in named.items() if n not in known)


def _creation(asset: Asset, actor: str, run_id: int | None) -> AssetChange:
    return AssetChange(
        asset_id=asset.id,
        actor=actor,
        layer="created",
        field="*",
        new_value=asset.harvested.get("title"),
        run_id=run_id,
        version=1,
    )


def _column_dicts(asset_id: int, columns: Iterable[Column]) -> list[dict[str, Any]]:
    return [
        {
            "asset_id": asset_id,
            "position": i,
            "name": c.name,
            "data_type": c.data_type,
            "nullable": c.nullable,
            "default": c.default,
            "comment": c.comment,
            "primary_key": c.primary_key,
        }
        for i, c in enumerate(columns)
    ]


def _column_rows(columns: Iterable[Column]) -> list[AssetColumn]:
    return [
        AssetColumn(
            position=i,
            name=c.name,
            data_type=c.data_type,
            nullable=c.nullable,
            default=c.default,
            comment=c.comment,
            primary_key=c.primary_key,
        )
        for i, c in enumerate(columns)
    ]


def _column_signature(columns: Iterable[AssetColumn]) -> list[tuple[Any, ...]]:
    return [(c.name, c.data_type, c.nullable, c.default, c.comment, c.primary_key) for c in columns]
