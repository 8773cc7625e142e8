"""The search backend contract.

Every backend (the embedded Tantivy one, Elasticsearch) implements `SearchBackend` and passes the same
contract suite (`tests/search/`), which compares it with a brute-force oracle over the same documents.

Semantics every backend must keep:

- **Access.** `AccessFilter` is applied inside the query: a document is visible when its
  `classification_rank <= access.max_rank` and, if it has `access_groups`, one of them is in
  `access.groups`. Hidden documents contribute to nothing: hits, totals, facet values and counts,
  suggestions, snippets, the typo-tolerant fallback.
- **Matching.** The user's text is parsed by `search.query.parse` (it never fails); see that module for what
  each clause matches. All positive clauses must match (AND); `AnyOf` is OR; exclusions must not match.
  An empty query matches every visible document.
- **Typo tolerance.** When the query has words and the request (with its filters) finds nothing, the backend
  searches again with each word also matching words within a small edit distance (`fuzzy_distance`), and
  sets `SearchResult.fuzzy`.
- **Facets.** For each facet in `FACET_NAMES`, buckets count the visible documents matching the query and
  every selected filter *except that facet's own* (multi-select: OR within a facet, AND across facets).
  Buckets are ordered by count descending, then value ascending; at most `facet_size` are returned, but a
  selected value is always present (with its count, possibly 0). Documents with no value for a facet are
  not counted in it.
- **Totals** are exact.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

# Facet name -> the SearchDocument attribute that holds its value(s).
FACET_FIELDS: dict[str, str] = {
    "kind": "kind",
    "department": "department",
    "owner": "owner",
    "classification": "classification",
    "source": "source",
    "format": "format",
    "tag": "tags",
    "personal_data": "personal_data",
    "open_data_status": "open_data_status",
    "lifecycle": "lifecycle",
}
FACET_NAMES: tuple[str, ...] = tuple(FACET_FIELDS)

SortOrder = Literal["relevance", "modified", "title"]
SORT_ORDERS: tuple[str, ...] = ("relevance", "modified", "title")

MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # page * per_page may not go past this (deep paging is bounded)


class SearchError(Exception):
    """The backend could not answer; the message is safe to show to a user."""


class SearchUnavailable(SearchError):
    """The backend cannot be reached right now."""


# The searchable text fields and their ranking weights, the same in every backend (a word in the title
# counts most).
TEXT_FIELD_BOOSTS: dict[str, float] = {
    "title": 8.0,
    "tags": 5.0,
    "description": 2.0,
    "columns": 1.5,
    "path": 1.2,
    "context": 1.0,
}


@dataclass(frozen=True)
class AccessFilter:
    """Who is asking, as the search backend needs to know it."""

    max_rank: int
    groups: frozenset[str] = frozenset()

    def allows(self, classification_rank: int, access_groups: Iterable[str]) -> bool:
        if classification_rank > self.max_rank:
            return False
        groups = set(access_groups)
        return not groups or bool(groups & self.groups)


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds for one asset: derived from the store, never edited by hand."""

    id: int
    version: int
    title: str
    kind: str
    classification: str
    classification_rank: int
    source: str
    description: str = ""
    owner: str | None = None
    steward: str | None = None
    department: str | None = None
    application: str | None = None  # the application a data store belongs to: searchable as context
    format: str | None = None
    tags: tuple[str, ...] = ()
    access_groups: tuple[str, ...] = ()
    personal_data: str | None = None
    open_data_status: str | None = None
    lifecycle: str | None = None
    location: str | None = None
    path: str = ""  # searchable path words: the location and the key within the source
    columns: tuple[str, ...] = ()  # one entry per column: "name comment"
    modified: datetime | None = None  # aware UTC

    def facet_values(self, facet: str) -> tuple[str, ...]:
        value = getattr(self, FACET_FIELDS[facet])
        if value is None or value == "":
            return ()
        if isinstance(value, tuple):
            return tuple(dict.fromkeys(v for v in value if v))
        return (value,)


@dataclass(frozen=True)
class SearchRequest:
    access: AccessFilter
    query: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: SortOrder = "relevance"
    page: int = 1
    per_page: int = 20
    facet_size: int = 20

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(FACET_NAMES)
        if unknown:
            raise ValueError(f"unknown facet: {', '.join(sorted(unknown))}")
        if self.sort not in SORT_ORDERS:
            raise ValueError(f"sort must be one of {', '.join(SORT_ORDERS)}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
        if self.page < 1 or self.page * self.per_page > MAX_RESULT_WINDOW:
            raise ValueError(f"page must be at least 1 and page x per_page at most {MAX_RESULT_WINDOW}")
        if self.facet_size < 1:
            raise ValueError("facet_size must be positive")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class SearchHit:
    id: int
    score: float
    title: str
    kind: str
    classification: str
    source: str
    owner: str | None = None
    department: str | None = None
    location: str | None = None
    modified: datetime | None = None
    snippet: str = ""  # HTML-safe: text escaped, matches wrapped in <mark>

    @classmethod
    def from_shown(cls, shown: Mapping[str, Any], score: float, snippet: str) -> SearchHit:
        """A hit from the values a backend stores for display (`modified` as ISO 8601 text)."""
        modified = shown.get("modified")
        return cls(
            id=int(shown["id"]),
            score=score,
            title=shown.get("title") or "",
            kind=shown.get("kind") or "",
            classification=shown.get("classification") or "",
            source=shown.get("source") or "",
            owner=shown.get("owner"),
            department=shown.get("department"),
            location=shown.get("location"),
            modified=datetime.fromisoformat(modified) if modified else None,
            snippet=snippet,
        )


@dataclass(frozen=True)
class FacetBucket:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetBucket]]
    page: int
    per_page: int
    fuzzy: bool = False  # the typo-tolerant fallback produced these results


@dataclass(frozen=True)
class Suggestion:
    id: int
    title: str
    kind: str


class SearchBackend(abc.ABC):
    """A full-text index of the catalogue. The store stays the truth; this can always be rebuilt."""

    @abc.abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by id), visible to searches when this returns. Returns the count."""

    @abc.abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search. Never raises for any user text; raises SearchError if the backend fails."""

    @abc.abstractmethod
    def suggest(self, prefix: str, access: AccessFilter, limit: int = 8) -> list[Suggestion]:
        """Titles of visible documents with a title word starting with `prefix`'s last word."""

    @abc.abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with these documents (searches keep working meanwhile)."""

    @abc.abstractmethod
    def indexed_versions(self) -> dict[int, int]:
        """id -> version of every indexed document, to find drift from the store."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (files, connections)."""
