"""One searchable snapshot of the embedded index, and what is worked out once per snapshot.

A Tantivy searcher never changes once taken, so facts about it (how many distinct values each facet has,
which access keys exist) stay true for as long as it is used, and caches keyed by its generation number
never mix two versions of the index.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import tantivy
from tantivy import Occur, Query

from search.backend import FACET_NAMES, AccessFilter, FacetBucket
from search.embedded_query import QueryBuilder
from search.embedded_schema import (
    ACCESS_KEY,
    MISSING,
    MULTI_VALUED_FACETS,
    facet_field,
    overflow_field,
    slot_fields,
)
from search.embedded_storage import Stamp

MAX_BUCKETS = 60_000  # Tantivy refuses aggregations past 65,000 buckets
MAX_PLANS = 1_000

FacetCounts = dict[str, dict[str, int]]
AccessClause = tuple[Occur, Query] | None


class Snapshot:
    def __init__(
        self, index: tantivy.Index, generation: int, name: str | None = None, meta: Stamp | None = None
    ) -> None:
        self.index = index
        self.searcher = index.searcher()
        self.generation = generation
        self.name = name  # the index folder (None in memory)
        self.meta = meta  # meta.json when the snapshot was taken
        self._lock = threading.Lock()
        self._distinct: dict[str, int] | None = None
        self._overflowing: frozenset[str] | None = None
        self._keys: list[tuple[str, int]] | None = None
        self._plans: dict[tuple[AccessFilter, bool], AccessClause] = {}

    # -- access ---------------------------------------------------------------------------------------

    def access_clause(self, queries: QueryBuilder, access: AccessFilter, *, browsing: bool) -> AccessClause:
        """The principal's access rule for this snapshot (see QueryBuilder.access_clause)."""
        key = (access, browsing)
        with self._lock:
            if key in self._plans:
                return self._plans[key]
        if self._keys is None:
            self._keys = [(str(k), int(n)) for k, n in self.searcher.terms_with_prefix(ACCESS_KEY, "")]
        plan = queries.access_clause(access, self._keys, browsing=browsing)
        with self._lock:
            if len(self._plans) >= MAX_PLANS:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    # -- facets ---------------------------------------------------------------------------------------

    def aggregate(self, query: Query, facets: Sequence[str], grow: int = 1) -> FacetCounts:
        """Exact counts of each facet's values among the documents matching `query`."""
        sizes = self._distinct_values()
        wanted: dict[str, Any] = {}
        columns: dict[str, list[str]] = {}
        for facet in facets:
            size = min(MAX_BUCKETS, (sizes[facet] + 1) * grow)  # + 1: the MISSING placeholder
            columns[facet] = self._columns(facet)
            for column in columns[facet]:
                wanted[column] = {"terms": {"field": column, "size": size}}
        raw = self.searcher.aggregate(query, wanted)
        counts: FacetCounts = {}
        for facet in facets:
            total: Counter[str] = Counter()
            for column in columns[facet]:
                result = raw.get(column) or {}
                if result.get("sum_other_doc_count") and (sizes[facet] + 1) * grow < MAX_BUCKETS:
                    return self.aggregate(query, facets, grow * 4)  # cannot happen: stay exact regardless
                for bucket in result.get("buckets", ()):
                    if bucket["key"] != MISSING:
                        total[str(bucket["key"])] += int(bucket["doc_count"])
            counts[facet] = dict(total)
        return counts

    def _columns(self, facet: str) -> list[str]:
        if facet not in MULTI_VALUED_FACETS:
            return slot_fields(facet)
        return slot_fields(facet) + ([overflow_field(facet)] if facet in self._overflow() else [])

    def _distinct_values(self) -> dict[str, int]:
        """How many distinct values each facet has (an upper bound), so aggregations return them all."""
        if self._distinct is None:
            self._distinct = {
                f: len(self.searcher.terms_with_prefix(facet_field(f), "")) for f in FACET_NAMES
            }
        return self._distinct

    def _overflow(self) -> frozenset[str]:
        """Multi-valued facets where some document has more values than the dense columns hold."""
        if self._overflowing is None:
            self._overflowing = frozenset(
                f
                for f in MULTI_VALUED_FACETS
                if self.searcher.terms_with_prefix(overflow_field(f), "", limit=1)
            )
        return self._overflowing


def facet_buckets(counts: Mapping[str, int], selected: Collection[str], size: int) -> list[FacetBucket]:
    """The top `size` values by count (then value), plus every selected value."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]
    shown = {value for value, _ in ranked}
    ranked.extend((value, counts.get(value, 0)) for value in selected if value not in shown)
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return [FacetBucket(value, count, value in selected) for value, count in ranked]
