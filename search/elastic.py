"""The Elasticsearch backend: the same contract as the embedded one, on a cluster.

Searches go to an alias. The indices behind it are named `alias__<time>-<random>` and created from one
index template (search/elastic_mapping.py). `rebuild` fills a fresh index, swaps the alias to it in one
atomic call and deletes the old one, so searches keep working throughout. Every write is refreshed before it
returns: a raised classification is hidden from the next search. Nothing is sent when the backend is built,
so the web app starts while the cluster is down and recovers by itself when it returns.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress
from typing import Any, TypeVar

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search.backend import (
    AccessFilter,
    SearchBackend,
    SearchDocument,
    SearchError,
    SearchRequest,
    SearchResult,
    Suggestion,
)
from search.elastic_bulk import BulkFailures, BulkSettings, delete_actions, index_actions, write
from search.elastic_connection import ClusterAddress, cluster_errors, make_client, parse_url
from search.elastic_mapping import (
    INDEX_SEPARATOR,
    SCHEMA_VERSION,
    SHOWN,
    template_body,
    template_name,
    to_hit,
)
from search.elastic_query import has_fuzzy_terms, read_facets, search_body, suggest_body
from search.query import ParsedQuery, parse, suggestion_request
from search.snippets import Highlight, make_snippet
from search.synonyms import SynonymSet

log = logging.getLogger(__name__)

T = TypeVar("T")

SCAN_PAGE = 5_000
REINDEX_HINT = "run `catalogue reindex` to rebuild it"


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def new_index_name(alias: str) -> str:
    return f"{alias}{INDEX_SEPARATOR}{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"


def first_index_name(alias: str) -> str:
    """The index created when there is none: a fixed name, so two processes starting at once share it."""
    return f"{alias}{INDEX_SEPARATOR}initial"


def _is_missing_index(error: ApiError) -> bool:
    return isinstance(error, NotFoundError) and error.error == "index_not_found_exception"


class ElasticsearchBackend(SearchBackend):
    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        synonyms: SynonymSet | None = None,
        *,
        shards: int = 1,
        replicas: int = 0,
        bulk: BulkSettings | None = None,
    ) -> None:
        self.client = client
        self.alias = alias
        self.synonyms = synonyms
        self.shards = shards
        self.replicas = replicas
        self.bulk = bulk or BulkSettings()
        self._ready = False  # the template and an index behind the alias are known to exist

    @classmethod
    def from_url(cls, url: str, synonyms: SynonymSet | None = None, **options: Any) -> ElasticsearchBackend:
        address: ClusterAddress = parse_url(url)
        return cls(
            make_client(address),
            address.alias,
            synonyms,
            shards=address.shards,
            replicas=address.replicas,
            **options,
        )

    # -- the indices behind the alias ---------------------------------------------------------------

    def _put_template(self) -> None:
        body = template_body(self.alias, self.shards, self.replicas)
        self.client.indices.put_index_template(
            name=template_name(self.alias),
            index_patterns=body["index_patterns"],
            priority=body["priority"],
            template=body["template"],
            meta=body["_meta"],
        )

    def _ensure_index(self) -> None:
        """The template, and an index behind the alias (created empty when there is none)."""
        if self._ready:
            return
        with cluster_errors("the search index could not be prepared"):
            if self.client.indices.exists_alias(name=self.alias):
                self._check_version()
            else:
                self._put_template()
                try:
                    self.client.indices.create(index=first_index_name(self.alias), aliases={self.alias: {}})
                except ApiError as error:
                    if error.error != "resource_already_exists_exception":
                        raise
        self._ready = True

    def _check_version(self) -> None:
        mappings = self.client.indices.get_mapping(index=self.alias).body
        for name, described in mappings.items():
            version = ((described.get("mappings") or {}).get("_meta") or {}).get("schema_version")
            if version != SCHEMA_VERSION:
                raise SearchError(
                    f"the search index {name} has schema version {version}, this version needs "
                    f"{SCHEMA_VERSION}; {REINDEX_HINT}"
                )

    def live_indices(self) -> list[str]:
        """The indices the alias points at (normally one)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _refresh(self) -> None:
        """Make what was just written searchable now, not at the next periodic refresh."""
        self.client.indices.refresh(index=self.alias)

    # -- writes ---------------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        self._ensure_index()
        count = 0
        failures = BulkFailures()
        with cluster_errors("the search index could not be updated"):
            try:
                for batch in _batches(documents, self.bulk.chunk_size):
                    latest = {d.id: d for d in batch}  # the last of repeated ids wins
                    _, refused = write(self.client, index_actions(self.alias, latest.values()), self.bulk)
                    failures.items.extend(refused.items)
                    count += len(batch)
            finally:
                if count:
                    self._refresh()
        self._raise_for(failures, "indexed")
        return count

    def delete(self, ids: Iterable[int]) -> None:
        wanted = list(ids)
        if not wanted:
            return
        self._ensure_index()
        failures = BulkFailures()
        with cluster_errors("the search index could not be updated"):
            for batch in _batches(wanted, self.bulk.chunk_size):
                failures.items.extend(
                    write(self.client, delete_actions(self.alias, batch), self.bulk)[1].items
                )
            self._refresh()
        self._raise_for(failures, "deleted")

    @staticmethod
    def _raise_for(failures: BulkFailures, done: str) -> None:
        if failures:
            log.warning("search documents not %s: %s", done, failures.details())
            raise SearchError(f"the search index was not fully updated: {failures.summary()}")

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Fill a fresh index, then point the alias at it and delete the old one. If any document is
        refused, the fresh index is dropped and the live one stays as it was."""
        fresh = new_index_name(self.alias)
        with cluster_errors("the search index could not be rebuilt"):
            self._put_template()
            self.client.indices.create(index=fresh, settings={"index": {"refresh_interval": "-1"}})
            try:
                count, failures = write(self.client, index_actions(fresh, documents), self.bulk)
                if failures:
                    log.warning("rebuild refused documents: %s", failures.details())
                    unchanged = "the search index was not rebuilt (the live index is unchanged)"
                    raise SearchError(f"{unchanged}: {failures.summary()}")
                self.client.indices.put_settings(index=fresh, settings={"index": {"refresh_interval": None}})
                self.client.indices.refresh(index=fresh)
                previous = self.live_indices()
                actions: list[dict[str, Any]] = [{"add": {"index": fresh, "alias": self.alias}}]
                actions += [{"remove": {"index": name, "alias": self.alias}} for name in previous]
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                with suppress(Exception):
                    self.client.options(ignore_status=404).indices.delete(index=fresh)
                raise
            for name in previous:
                if name != fresh:
                    self.client.options(ignore_status=404).indices.delete(index=name)
        self._ready = True
        return count

    # -- reads ----------------------------------------------------------------------------------------

    def indexed_versions(self) -> dict[int, int]:
        versions: dict[int, int] = {}
        query = {"query": {"match_all": {}}, "_source": ["version"]}
        with cluster_errors("the search index could not be read"):
            try:
                for hit in helpers.scan(self.client, query=query, index=self.alias, size=SCAN_PAGE):
                    versions[int(hit["_id"])] = int((hit.get("_source") or {}).get("version") or 0)
            except ApiError as error:
                if not _is_missing_index(error):
                    raise
        return versions

    def search(self, request: SearchRequest) -> SearchResult:
        parsed = parse(request.query, self.synonyms)
        with cluster_errors("the search could not be completed; please try again"):
            result = self._run(request, parsed, fuzzy=False)
            if result.total == 0 and has_fuzzy_terms(parsed):
                retry = self._run(request, parsed, fuzzy=True)
                if retry.total:
                    return retry
            return result

    def _run(self, request: SearchRequest, parsed: ParsedQuery, *, fuzzy: bool) -> SearchResult:
        response = self._search(search_body(request, parsed, fuzzy=fuzzy))
        if response is None:  # no index yet: nothing to find
            facets = read_facets({}, request.filters, request.facet_size)
            return SearchResult(0, [], facets, request.page, request.per_page, fuzzy)
        highlight = Highlight.from_query(parsed, fuzzy=fuzzy)
        hits = []
        for hit in response["hits"]["hits"]:
            source = hit.get("_source") or {}
            snippet = make_snippet(source.get("description") or "", source.get("path") or "", highlight)
            score = float(hit.get("_score") or 0.0) if request.sort == "relevance" else 0.0
            hits.append(to_hit(source, score, snippet))
        total = int(response["hits"]["total"]["value"])
        facets = read_facets(response.get("aggregations") or {}, request.filters, request.facet_size)
        return SearchResult(total, hits, facets, request.page, request.per_page, fuzzy)

    def _search(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """One _search on the alias; None when no index exists yet. Partial results are an error: a count
        missing a shard is not exact."""
        try:
            response = self.client.search(index=self.alias, body=body, allow_partial_search_results=False)
        except ApiError as error:
            if _is_missing_index(error):
                return None
            raise
        found: dict[str, Any] = response.body
        if found.get("timed_out") or (found.get("_shards") or {}).get("failed"):
            raise SearchError("the search could not be completed; please try again")
        return found

    def suggest(self, prefix: str, access: AccessFilter, limit: int = 8) -> list[Suggestion]:
        asked = suggestion_request(prefix, limit)
        if asked is None:
            return []
        text, limit = asked
        body = suggest_body(text, access, limit * 4)
        if body is None:
            return []
        with cluster_errors("suggestions are not available right now"):
            response = self._search(body)
        if response is None:
            return []
        found = [(float(h.get("_score") or 0.0), h.get("_source") or {}) for h in response["hits"]["hits"]]
        found.sort(key=lambda item: (-item[0], len(item[1].get("title") or ""), item[1].get("title") or ""))
        return [
            Suggestion(int(s["id"]), s.get("title") or "", (s.get(SHOWN) or {}).get("kind") or "")
            for _, s in found[:limit]
        ]

    def close(self) -> None:
        self.client.close()
