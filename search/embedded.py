"""The embedded search backend: a Tantivy index in a folder of the data directory, no server.

Writes are short batches under Tantivy's single-writer lock, retried while another process (the web app or
the scheduler) holds it. Every search first checks, with two `stat` calls, whether another process has
committed or rebuilt, so what one process writes the others see on their next search.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import tantivy
from tantivy import Order, Query

from search.analysis import fuzzy_distance, plain_tokens, stem_tokens
from search.backend import (
    FACET_NAMES,
    AccessFilter,
    SearchBackend,
    SearchDocument,
    SearchError,
    SearchHit,
    SearchRequest,
    SearchResult,
    Suggestion,
)
from search.embedded_query import QueryBuilder
from search.embedded_schema import (
    MODIFIED,
    TITLE_SORT,
    build_schema,
    read_display,
    register_tokenizers,
    to_tantivy,
)
from search.embedded_snapshot import AccessClause, FacetCounts, Snapshot, facet_buckets
from search.embedded_storage import IndexFolder, Stamp, WriterSettings, with_writer
from search.query import ParsedQuery, Term, parse, suggestion_request
from search.snippets import Highlight, make_snippet
from search.synonyms import SynonymSet

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH_SIZE = 10_000  # documents per writer session: a commit costs more than thousands of documents
REBUILD_WRITER = WriterSettings(heap_bytes=256_000_000, threads=2, lock_timeout=60.0)
ID_PAGE = 20_000


class _Cache:
    """A small thread-safe LRU map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, FacetCounts] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> FacetCounts | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: FacetCounts) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class _CallerError(Exception):
    """Wraps an error raised by the caller's iterable, so that it reaches the caller unchanged."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _from_caller(items: Iterable[T]) -> Iterator[T]:
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as error:
            raise _CallerError(error) from error
        yield item


@contextmanager
def _engine_errors(message: str) -> Iterator[None]:
    """Turn any failure of the engine into a SearchError with a message safe to show."""
    try:
        yield
    except _CallerError as error:
        raise error.original from None
    except (SearchError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # Tantivy panics surface as BaseException subclasses
        log.exception("search engine error")
        raise SearchError(message) from None


class EmbeddedBackend(SearchBackend):
    """Tantivy in-process. `path` is the index folder; None keeps the index in memory (tests)."""

    def __init__(
        self,
        path: Path | str | None,
        synonyms: SynonymSet | None = None,
        *,
        writer: WriterSettings | None = None,
        batch_size: int = BATCH_SIZE,
        facet_cache_size: int = 512,
    ) -> None:
        self.schema = build_schema()
        self.queries = QueryBuilder(self.schema)
        self.synonyms = synonyms
        self.writer_settings = writer or WriterSettings()
        self.batch_size = batch_size
        self._folder = IndexFolder(Path(path)) if path is not None else None
        self._live: Snapshot | None = None
        self._pointer: Stamp | None = None
        self._state_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._generations = itertools.count(1)
        self._facet_cache = _Cache(facet_cache_size)
        self._pool: ThreadPoolExecutor | None = None

    # -- the live index -------------------------------------------------------------------------------

    def _state(self) -> Snapshot:
        """The live snapshot, reopened or reloaded if another process (or this one) has changed the index."""
        with self._state_lock:
            if self._folder is None:
                if self._live is None:
                    self._live = Snapshot(self._new_memory_index(), next(self._generations))
                return self._live
            pointer = Stamp.of(self._folder.pointer)
            if self._live is None or pointer is None or pointer != self._pointer:
                name, index = self._folder.open_live()
                index.config_reader("manual")
                self._pointer = Stamp.of(self._folder.pointer)
                meta = Stamp.of(self._folder.root / name / "meta.json")
                self._live = Snapshot(index, next(self._generations), name, meta)
                return self._live
            assert self._live.name is not None
            meta = Stamp.of(self._folder.root / self._live.name / "meta.json")
            if meta != self._live.meta:
                self._live.index.reload()
                self._live = Snapshot(self._live.index, next(self._generations), self._live.name, meta)
            return self._live

    def _new_memory_index(self) -> tantivy.Index:
        index = tantivy.Index(self.schema)
        register_tokenizers(index)
        index.config_reader("manual")
        return index

    def _written(self, live: Snapshot) -> None:
        """After a commit: search the new contents from now on."""
        with self._state_lock:
            live.index.reload()
            if self._live is live:
                meta = None
                if live.name is not None and self._folder is not None:
                    meta = Stamp.of(self._folder.root / live.name / "meta.json")
                self._live = Snapshot(live.index, next(self._generations), live.name, meta)

    # -- writes ---------------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        for batch in _batches(documents, self.batch_size):
            latest = {d.id: d for d in batch}  # the last of repeated ids wins
            with _engine_errors("a document could not be indexed"):
                converted = [to_tantivy(d) for d in latest.values()]
            ids = list(latest)

            def work(writer: tantivy.IndexWriter, ids: list[int] = ids, docs: list[Any] = converted) -> None:
                writer.delete_documents_by_query(Query.term_set_query(self.schema, "id", ids))
                for doc in docs:  # added after the delete, so the delete does not remove them
                    writer.add_document(doc)

            self._write(work)
            count += len(batch)
        return count

    def delete(self, ids: Iterable[int]) -> None:
        for batch in _batches(ids, self.batch_size):

            def work(writer: tantivy.IndexWriter, batch: list[int] = batch) -> None:
                writer.delete_documents_by_query(
                    Query.term_set_query(self.schema, "id", [int(i) for i in batch])
                )

            self._write(work)

    def _write(self, work: Callable[[tantivy.IndexWriter], None]) -> None:
        with self._write_lock, _engine_errors("the search index could not be updated"):
            live = self._state()
            with_writer(live.index, self.writer_settings, work)
            self._written(live)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        counter = itertools.count()

        def work(writer: tantivy.IndexWriter) -> None:
            for document in _from_caller(documents):
                writer.add_document(to_tantivy(document))
                next(counter)

        with self._write_lock, _engine_errors("the search index could not be rebuilt"):
            if self._folder is None:
                index = self._new_memory_index()
                with_writer(index, REBUILD_WRITER, work)
                index.reload()
                with self._state_lock:
                    self._live = Snapshot(index, next(self._generations))
                return next(counter)
            fresh = self._folder.create()
            try:
                with_writer(self._folder.open(fresh), REBUILD_WRITER, work)
            except BaseException:
                self._folder.remove(fresh.name)
                raise
            previous = self._folder.publish(fresh.name)
            with self._state_lock:
                self._live = None
            if previous and previous != fresh.name:
                self._folder.remove(previous)
        return next(counter)

    # -- reads ----------------------------------------------------------------------------------------

    def indexed_versions(self) -> dict[int, int]:
        with _engine_errors("the search index could not be read"):
            searcher = self._state().searcher
            versions: dict[int, int] = {}
            query = Query.all_query()
            while True:
                found = searcher.search(
                    query, ID_PAGE, count=False, order_by_field="id", order=Order.Asc
                ).hits
                if not found:
                    return versions
                values = searcher.fast_field_values("version", [address for _, address in found])
                for (doc_id, _), version in zip(found, values, strict=True):
                    versions[int(doc_id)] = int(version or 0)
                if len(found) < ID_PAGE:
                    return versions
                after = int(found[-1][0]) + 1
                query = Query.range_query(self.schema, "id", tantivy.FieldType.Unsigned, after, None)

    def search(self, request: SearchRequest) -> SearchResult:
        with _engine_errors("the search could not be completed; please try again"):
            live = self._state()
            parsed = parse(request.query, self.synonyms)
            result = self._run(live, parsed, request, fuzzy=False)
            if result.total == 0 and _has_fuzzy_terms(parsed):
                retry = self._run(live, parsed, request, fuzzy=True)
                if retry.total:
                    return retry
            return result

    def _run(
        self, live: Snapshot, parsed: ParsedQuery, request: SearchRequest, *, fuzzy: bool
    ) -> SearchResult:
        text = self.queries.text_query(parsed, fuzzy=fuzzy)
        access = live.access_clause(self.queries, request.access, browsing=parsed.is_empty)
        query = self.queries.restrict(text, self.queries.filter_query(request.filters), access=access)
        key = (live.generation, request.access, parsed, fuzzy, _selections(request.filters))
        counts = self._facet_cache.get(key)
        # Facet counts not cached are aggregated on worker threads meanwhile (Tantivy releases the GIL).
        jobs = [] if counts is not None else self._facet_jobs(text, access, request.filters)
        counting = [self._workers().submit(live.aggregate, q, facets) for q, facets in jobs]
        found = self._top(live.searcher, query, request)
        highlight = Highlight.from_query(parsed, fuzzy=fuzzy)
        hits = [self._hit(live.searcher, score, address, request, highlight) for score, address in found.hits]
        if counts is None:
            counts = {}
            for job in counting:
                counts.update(job.result())
            self._facet_cache.put(key, counts)
        facets = {
            facet: facet_buckets(counts.get(facet, {}), _selected(request.filters, facet), request.facet_size)
            for facet in FACET_NAMES
        }
        total = int(getattr(found, "count", 0) or 0)
        return SearchResult(total, hits, facets, request.page, request.per_page, fuzzy)

    def _facet_jobs(
        self, text: Query, access: AccessClause, filters: Mapping[str, Sequence[str]]
    ) -> list[tuple[Query, list[str]]]:
        """The aggregations that count every facet: the facets without a selection under all the filters,
        and each facet with a selection under the other facets' filters only."""
        jobs: list[tuple[Query, list[str]]] = []
        unselected = [f for f in FACET_NAMES if not _selected(filters, f)]
        if unselected:
            everything = self.queries.restrict(text, self.queries.filter_query(filters), access=access)
            jobs.append((everything, unselected))
        for facet in FACET_NAMES:
            if _selected(filters, facet):
                own_removed = self.queries.filter_query(filters, without=facet)
                jobs.append((self.queries.restrict(text, own_removed, access=access), [facet]))
        return jobs

    @staticmethod
    def _top(searcher: tantivy.Searcher, query: Query, request: SearchRequest) -> tantivy.SearchResult:
        limit, offset = request.per_page, request.offset
        if request.sort == "modified":
            return searcher.search(query, limit, True, MODIFIED, offset, Order.Desc)
        if request.sort == "title":
            return searcher.search(query, limit, True, TITLE_SORT, offset, Order.Asc)
        return searcher.search(query, limit, count=True, offset=offset)

    @staticmethod
    def _hit(
        searcher: tantivy.Searcher, score: Any, address: Any, request: SearchRequest, highlight: Highlight
    ) -> SearchHit:
        shown = read_display(searcher.doc(address))
        snippet = make_snippet(shown.get("description") or "", shown.get("path") or "", highlight)
        return SearchHit.from_shown(shown, float(score) if request.sort == "relevance" else 0.0, snippet)

    # -- suggestions ----------------------------------------------------------------------------------

    def suggest(self, prefix: str, access: AccessFilter, limit: int = 8) -> list[Suggestion]:
        asked = suggestion_request(prefix, limit)
        if asked is None:
            return []
        text, limit = asked
        with _engine_errors("suggestions are not available right now"):
            words = self.queries.suggest_query(text)
            if words is None:
                return []
            live = self._state()
            rule = live.access_clause(self.queries, access, browsing=False)
            found = live.searcher.search(
                self.queries.restrict(words, access=rule), limit * 4, count=False
            ).hits
            shown = [(float(score), read_display(live.searcher.doc(address))) for score, address in found]
        shown.sort(key=lambda item: (-item[0], len(item[1].get("title") or ""), item[1].get("title") or ""))
        return [Suggestion(s["id"], s.get("title") or "", s.get("kind") or "") for _, s in shown[:limit]]

    def _workers(self) -> ThreadPoolExecutor:
        with self._state_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")
            return self._pool

    def close(self) -> None:
        with self._state_lock:
            self._live = None
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


def _selected(filters: Mapping[str, Sequence[str]], facet: str) -> list[str]:
    return list(dict.fromkeys(v for v in filters.get(facet, ()) if v))


def _selections(filters: Mapping[str, Sequence[str]]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_selected(filters, facet)) for facet in FACET_NAMES)


def _has_fuzzy_terms(parsed: ParsedQuery) -> bool:
    """Whether the typo-tolerant fallback could match more: a one-word Term long enough to allow edits."""
    for term in parsed.terms():
        if isinstance(term, Term) and len(stem_tokens(term.text)) == 1:
            plain = plain_tokens(term.text)
            if len(plain) == 1 and fuzzy_distance(plain[0]):
                return True
    return False
