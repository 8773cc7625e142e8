"""Keeps the search index derived from the store: documents from assets, updates, drift repair."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from catalogue.models import Asset, AssetColumn, Source
from search.backend import SearchBackend, SearchDocument, SearchError

log = logging.getLogger(__name__)

BATCH = 2_000


def to_document(asset: Asset, source_name: str, columns: Iterable[AssetColumn] = ()) -> SearchDocument:
    """The search backend's view of one asset (effective values only)."""
    return SearchDocument(
        id=asset.id,
        version=asset.version,
        title=asset.title,
        kind=asset.kind,
        classification=asset.classification,
        classification_rank=asset.classification_rank,
        source=source_name,
        description=asset.description or "",
        owner=asset.owner,
        steward=asset.steward,
        department=asset.department,
        application=asset.application,
        format=asset.format,
        tags=tuple(sorted({*asset.tags, *(asset.flags or ())})),  # a harvester's flags are searched as tags
        access_groups=tuple(asset.access_groups),
        personal_data=asset.personal_data,
        open_data_status=asset.open_data_status,
        lifecycle=asset.lifecycle,
        location=asset.location,
        path=" ".join(p for p in (asset.location, asset.key) if p),
        columns=tuple(" ".join(filter(None, (c.name, c.comment))) for c in columns),
        modified=asset.modified_at_source,
    )


def iter_documents(session: Session, ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """Documents for the given assets (all assets when ids is None), read in batches."""
    sources = {row[0]: row[1] for row in session.execute(select(Source.id, Source.name))}
    id_list = sorted(set(ids)) if ids is not None else None
    last_id = 0
    while True:
        query = select(Asset).options(selectinload(Asset.columns)).order_by(Asset.id).limit(BATCH)
        if id_list is not None:
            chunk = [i for i in id_list if i > last_id][:BATCH]
            if not chunk:
                return
            query = query.where(Asset.id.in_(chunk))
        else:
            query = query.where(Asset.id > last_id)
        assets = session.scalars(query).all()
        if not assets:
            return
        for asset in assets:
            yield to_document(asset, sources.get(asset.source_id, ""), asset.columns)
        last_id = assets[-1].id
        session.expunge_all()  # memory stays flat on a large catalogue


@dataclass(frozen=True)
class DriftReport:
    missing: list[int]  # in the store, not in the index
    stale: list[int]  # indexed at another version
    orphans: list[int]  # in the index, not in the store

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphans)


class Indexer:
    def __init__(self, sessions: sessionmaker[Session], backend: SearchBackend) -> None:
        self.sessions = sessions
        self.backend = backend

    def update(self, documents: list[SearchDocument], ids: Iterable[int]) -> None:
        """Index documents the caller built from rows it just wrote, and bring these other assets' entries
        up to date with the store (deleting ones that are gone), in one write to the index."""
        wanted = set(ids) - {d.id for d in documents}
        if wanted:
            with self.sessions() as session:
                documents = [*documents, *iter_documents(session, wanted)]
        if documents:
            self.backend.index(documents)
        missing = wanted - {d.id for d in documents}
        if missing:
            self.backend.delete(missing)

    def refresh(self, ids: Iterable[int]) -> None:
        """Bring these assets' index entries up to date with the store (deleting ones that are gone)."""
        self.update([], ids)

    def try_update(self, documents: list[SearchDocument], ids: Iterable[int]) -> bool:
        """`update`, but a search failure is logged rather than raised: the store write stands, and
        `catalogue reindex --repair` finds and fixes the drift."""
        try:
            self.update(documents, ids)
        except SearchError as error:
            log.warning("search index not updated (run `catalogue reindex --repair`): %s", error)
            return False
        return True

    def try_refresh(self, ids: Iterable[int]) -> bool:
        """`refresh`, logging a search failure rather than raising it (see `try_update`)."""
        return self.try_update([], ids)

    def rebuild(self) -> int:
        """A fresh index from the store, then a drift repair: writes made by another process while the
        rebuild ran may have gone to the index it replaced."""
        with self.sessions() as session:
            count = self.backend.rebuild(iter_documents(session))
        report = self.drift()
        if not report.clean:
            self.repair(report)
        return count

    def drift(self) -> DriftReport:
        indexed = self.backend.indexed_versions()
        with self.sessions() as session:
            stored = {row[0]: row[1] for row in session.execute(select(Asset.id, Asset.version))}
        return DriftReport(
            missing=sorted(set(stored) - set(indexed)),
            stale=sorted(i for i, v in stored.items() if i in indexed and indexed[i] != v),
            orphans=sorted(set(indexed) - set(stored)),
        )

    def repair(self, report: DriftReport) -> None:
        self.refresh([*report.missing, *report.stale])
        if report.orphans:
            self.backend.delete(report.orphans)


@dataclass
class IndexBatcher:
    """Gathers a harvest's index updates and writes them in large batches, in the background.

    Each write to the embedded index is a commit (an fsync and a new reader), which costs far more than
    the documents in it; a harvest of a share writes tens of thousands of assets. The store's rows are
    committed first, so a run stopped before a flush leaves only index drift, which the next run of the
    source (or `catalogue reindex --repair`) mends.

    A full batch is written by one background thread while the harvest goes on storing the next: the search
    engine indexes and merges in native threads without the interpreter lock, so the harvest's own thread
    no longer waits for the commit. At most one write is in flight (memory stays bounded, writes keep their
    order); an exception in it is raised in the harvest's thread at the next hand-off or at `flush`.
    """

    indexer: Indexer
    max_documents: int = 20_000
    max_seconds: float = 10.0
    documents: dict[int, SearchDocument] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    _since: float = field(default_factory=time.monotonic)
    _writer: ThreadPoolExecutor | None = None
    _in_flight: Future[bool] | None = None
    _all_written: bool = True

    def add(self, documents: Iterable[SearchDocument], ids: Iterable[int]) -> None:
        for document in documents:
            self.documents[document.id] = document
            self.ids.discard(document.id)
        self.ids.update(i for i in ids if i not in self.documents)
        pending = len(self.documents) + len(self.ids)
        if pending >= self.max_documents or time.monotonic() - self._since >= self.max_seconds:
            documents, ids = self._take()
            self._wait()
            if self._writer is None:
                self._writer = ThreadPoolExecutor(1, thread_name_prefix="index-writer")
            self._in_flight = self._writer.submit(self.indexer.try_update, documents, ids)

    def flush(self) -> bool:
        """Write what is waiting and wait for it; a search failure is logged, not raised (see
        `Indexer.try_update`). False when any of this batcher's writes failed."""
        try:
            self._wait()
            documents, ids = self._take()
            if documents or ids:
                self._all_written = self.indexer.try_update(documents, ids) and self._all_written
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
                self._writer = None
        return self._all_written

    def _take(self) -> tuple[list[SearchDocument], set[int]]:
        documents, ids = list(self.documents.values()), set(self.ids)
        self.documents, self.ids, self._since = {}, set(), time.monotonic()
        return documents, ids

    def _wait(self) -> None:
        """The write in flight, finished; its exception, if any, raised here."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            self._all_written = in_flight.result() and self._all_written
