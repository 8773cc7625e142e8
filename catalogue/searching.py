"""Search as a service: request arguments in, access-filtered results out. The web pages, the JSON API
and the CLI all call these, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.access import Principal
from catalogue.runtime import Catalogue
from search.backend import (
    FACET_NAMES,
    MAX_PER_PAGE,
    MAX_RESULT_WINDOW,
    SORT_ORDERS,
    SearchRequest,
    SearchResult,
    Suggestion,
)
from search.query import MAX_QUERY_CHARS


class BadSearch(ValueError):
    """A search parameter that cannot be used; `details` maps the parameter to what is wrong."""

    def __init__(self, details: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in details.items()))
        self.details = details


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    @classmethod
    def from_args(cls, args: Mapping[str, Sequence[str]], *, strict: bool = True) -> SearchParams:
        """Read `q`, `sort`, `page`, `per_page` and one repeated parameter per facet.

        With strict (the API), anything unusable raises BadSearch; without (the web pages), it falls back
        to the default so a hand-edited URL still shows a page."""
        errors: dict[str, str] = {}
        query = _first(args, "q")[:MAX_QUERY_CHARS]
        sort = _first(args, "sort") or "relevance"
        if sort not in SORT_ORDERS:
            errors["sort"] = f"must be one of {', '.join(SORT_ORDERS)}"
            sort = "relevance"
        per_page = _integer(args, "per_page", 20, 1, MAX_PER_PAGE, errors)
        page = _integer(args, "page", 1, 1, MAX_RESULT_WINDOW // per_page, errors)
        filters = {
            name: tuple(dict.fromkeys(v for v in args.get(name, ()) if v))
            for name in FACET_NAMES
            if any(args.get(name, ()))
        }
        if strict:
            known = {"q", "sort", "page", "per_page", *FACET_NAMES}
            for name in args:
                if name not in known:
                    errors[name] = "unknown parameter"
            if errors:
                raise BadSearch(errors)
        return cls(query, filters, sort, page, per_page)

    def request(self, catalogue: Catalogue, principal: Principal, facet_size: int = 20) -> SearchRequest:
        return SearchRequest(
            access=principal.access_filter(catalogue.scheme),
            query=self.query,
            filters=self.filters,
            sort=self.sort,  # type: ignore[arg-type]  # checked in from_args
            page=self.page,
            per_page=self.per_page,
            facet_size=facet_size,
        )


def _first(args: Mapping[str, Sequence[str]], name: str) -> str:
    values = args.get(name) or ()
    return str(values[0]).strip() if values else ""


def _integer(
    args: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int, errors: dict[str, str]
) -> int:
    raw = _first(args, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = "must be a whole number"
        return default
    if not low <= value <= high:
        errors[name] = f"must be between {low} and {high}"
        return min(max(value, low), high)
    return value


def search_assets(
    catalogue: Catalogue, principal: Principal, params: SearchParams, facet_size: int = 20
) -> SearchResult:
    """Run a search as this principal. Raises search.backend.SearchError when the backend fails."""
    return catalogue.search.search(params.request(catalogue, principal, facet_size))


def suggest_titles(
    catalogue: Catalogue, principal: Principal, prefix: str, limit: int = 8
) -> list[Suggestion]:
    prefix = prefix[:200]
    if not prefix.strip():
        return []
    return catalogue.search.suggest(prefix, principal.access_filter(catalogue.scheme), limit)
