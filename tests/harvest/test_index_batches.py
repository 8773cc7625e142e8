"""A harvest gathers its index updates into large writes, and every one of them reaches the index."""

from __future__ import annotations

import pytest

from catalogue.harvest.runner import HarvestRunner
from catalogue.indexer import IndexBatcher, Indexer
from catalogue.models import Source
from catalogue.runtime import Catalogue
from search.backend import SearchDocument

from .conftest import assets
from .feed import Feed


class CountingIndexer(Indexer):
    writes: list[int]

    def update(self, documents: list[SearchDocument], ids: object) -> None:
        ids = list(ids)  # type: ignore[call-overload]
        self.writes.append(len(documents) + len(ids))
        super().update(documents, ids)


def counting_runner(cat: Catalogue, **options: object) -> tuple[HarvestRunner, CountingIndexer]:
    indexer = CountingIndexer(cat.sessions, cat.search)
    indexer.writes = []
    store = type(cat.store)(cat.sessions, cat.scheme, indexer)
    return HarvestRunner(store, cat.secret_box, batch_size=5, **options), indexer  # type: ignore[arg-type]


def _document(asset_id: int, version: int = 1, title: str | None = None) -> SearchDocument:
    return SearchDocument(
        id=asset_id,
        version=version,
        title=title or f"Asset {asset_id}",
        kind="file",
        classification="OFFICIAL",
        classification_rank=0,
        source="s",
    )


def test_written_batches_are_indexed_in_larger_writes(cat: Catalogue, source: Source, feed: Feed) -> None:
    for n in range(23):
        feed.put(f"file{n}.txt", f"Quarterly return {n}", fingerprint="1")
    runner, indexer = counting_runner(cat, index_batch=10)
    assert runner.run(source).added == 23
    assert indexer.writes == [10, 10, 3]  # five store batches of up to 5, three index writes
    assert cat.indexer.drift().clean
    assert len(assets(cat, source)) == 23


def test_a_slow_run_still_reaches_the_index_while_it_goes(cat: Catalogue, source: Source, feed: Feed) -> None:
    for n in range(12):
        feed.put(f"file{n}.txt", fingerprint="1")
    runner, indexer = counting_runner(cat, index_batch=1_000, index_seconds=0.0)
    runner.run(source)
    assert indexer.writes == [5, 5, 2]  # the time limit flushes after every store batch
    assert cat.indexer.drift().clean


def test_the_batcher_keeps_the_latest_document_of_an_asset(cat: Catalogue) -> None:
    writes: list[list[SearchDocument]] = []

    class Recording(Indexer):
        def update(self, documents: list[SearchDocument], ids: object) -> None:
            writes.append(documents)

    batcher = IndexBatcher(Recording(cat.sessions, cat.search), max_documents=100, max_seconds=60)
    first = _document(1, version=1, title="Old title")
    second = _document(1, version=2, title="New title")
    batcher.add([first], [])
    batcher.add([second], [])
    assert writes == []
    assert batcher.flush()
    assert [[(d.id, d.version) for d in batch] for batch in writes] == [[(1, 2)]]


def test_full_batches_are_written_in_the_background_in_order(cat: Catalogue) -> None:
    import threading

    writers: list[tuple[str, list[int]]] = []

    class Recording(Indexer):
        def update(self, documents: list[SearchDocument], ids: object) -> None:
            writers.append((threading.current_thread().name, [d.id for d in documents]))

    batcher = IndexBatcher(Recording(cat.sessions, cat.search), max_documents=2, max_seconds=60)
    for asset_id in range(1, 6):
        batcher.add([_document(asset_id)], [])
    assert batcher.flush()
    assert [ids for _, ids in writers] == [[1, 2], [3, 4], [5]]
    assert all(name.startswith("index-writer") for name, _ in writers[:2])
    assert writers[2][0] == threading.current_thread().name  # the rest, written by flush itself


def test_a_failed_background_write_is_raised_in_the_harvest(cat: Catalogue) -> None:
    class Broken(Indexer):
        def update(self, documents: list[SearchDocument], ids: object) -> None:
            raise RuntimeError("disk full")

    batcher = IndexBatcher(Broken(cat.sessions, cat.search), max_documents=1, max_seconds=60)
    batcher.add([_document(1)], [])  # handed to the writer thread
    with pytest.raises(RuntimeError, match="disk full"):
        batcher.flush()


def test_a_search_failure_in_the_background_is_reported_by_flush(cat: Catalogue) -> None:
    from search.backend import SearchError

    class Unavailable(Indexer):
        calls = 0

        def update(self, documents: list[SearchDocument], ids: object) -> None:
            Unavailable.calls += 1
            if Unavailable.calls == 1:
                raise SearchError("the index is locked")

    batcher = IndexBatcher(Unavailable(cat.sessions, cat.search), max_documents=1, max_seconds=60)
    batcher.add([_document(1)], [])  # fails in the background: logged, remembered
    batcher.add([_document(2)], [])
    assert batcher.flush() is False
    assert Unavailable.calls == 2  # the harvest went on writing after the failure
