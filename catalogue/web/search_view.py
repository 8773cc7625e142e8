"""What the search page shows, worked out from the parameters and the result: facet checkboxes, the
selected filters as removable links, and pagination. Every link keeps the query and filters it should."""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import ceil
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from catalogue.fields import FACET_LABELS, value_label
from catalogue.searching import SearchParams
from search.backend import FACET_NAMES, MAX_RESULT_WINDOW, FacetBucket, SearchResult

FACET_SIZE = 25  # buckets asked of the backend per facet
SHOWN_VALUES = 10  # values shown per facet (selected ones are always shown)
OPEN_FACETS = ("kind", "department", "classification")  # expanded even when nothing in them is selected
DEFAULTS = SearchParams()
ENUM_FACETS = frozenset({"kind", "personal_data", "open_data_status", "lifecycle"})  # labelled values


def facet_value_label(facet: str, value: str) -> str:
    return value_label(value) if facet in ENUM_FACETS else value


def search_url(base: str, params: SearchParams, **changes: Any) -> str:
    """The search page's address for these parameters (with `changes` applied), defaults left out."""
    params = replace(params, **changes)
    pairs: list[tuple[str, str]] = []
    if params.query:
        pairs.append(("q", params.query))
    for name in FACET_NAMES:
        pairs.extend((name, value) for value in params.filters.get(name, ()))
    if params.sort != DEFAULTS.sort:
        pairs.append(("sort", params.sort))
    if params.per_page != DEFAULTS.per_page:
        pairs.append(("per_page", str(params.per_page)))
    if params.page > 1:
        pairs.append(("page", str(params.page)))
    return f"{base}?{urlencode(pairs)}" if pairs else base


@dataclass(frozen=True)
class SelectedFilter:
    facet: str
    value: str
    label: str
    remove_url: str


def selected_filters(base: str, params: SearchParams) -> list[SelectedFilter]:
    """One removable link per selected value: the same search without exactly that value, from page 1."""
    selected = []
    for facet, values in params.filters.items():
        for value in values:
            rest = {k: v for k, v in params.filters.items() if k != facet}
            remaining = tuple(v for v in values if v != value)
            if remaining:
                rest[facet] = remaining
            url = search_url(base, params, filters=rest, page=1)
            selected.append(SelectedFilter(facet, value, facet_value_label(facet, value), url))
    return selected


@dataclass(frozen=True)
class FacetView:
    name: str
    label: str
    items: list[dict[str, Any]]  # govukCheckboxes items
    hidden_values: int  # values with results not shown (long lists show the top ones)
    open: bool


def facet_views(result: SearchResult, params: SearchParams) -> list[FacetView]:
    views = []
    for name in FACET_NAMES:
        buckets = result.facets.get(name, [])
        if not buckets:
            continue
        shown = _shown_buckets(buckets)
        items = [_checkbox_item(name, bucket) for bucket in shown]
        is_open = name in OPEN_FACETS or name in params.filters
        views.append(FacetView(name, FACET_LABELS[name], items, len(buckets) - len(shown), is_open))
    return views


def _shown_buckets(buckets: list[FacetBucket]) -> list[FacetBucket]:
    top = buckets[:SHOWN_VALUES]
    return top + [b for b in buckets[SHOWN_VALUES:] if b.selected]


def _checkbox_item(facet: str, bucket: FacetBucket) -> dict[str, Any]:
    html = Markup('{} <span class="catalogue-facet-count">({:,})</span>').format(
        facet_value_label(facet, bucket.value), bucket.count
    )
    return {
        "value": bucket.value,
        "html": html,
        "checked": bucket.selected,
        "attributes": {"data-count": str(bucket.count)},  # stable hooks for the leak tests
    }


def last_page(result: SearchResult) -> int:
    return max(1, min(ceil(result.total / result.per_page), MAX_RESULT_WINDOW // result.per_page))


def pagination(base: str, params: SearchParams, result: SearchResult) -> dict[str, Any] | None:
    """govukPagination's parameters: first, last and the pages around the current one, with ellipses."""
    last, current = last_page(result), params.page
    if last <= 1 and current <= 1:
        return None
    around = range(max(1, current - 2), min(last, current + 2) + 1)
    items: list[dict[str, Any]] = []
    previous_number = 0
    for number in sorted({1, last, *around}):
        if number - previous_number > 1:
            items.append({"ellipsis": True})
        url = search_url(base, params, page=number)
        items.append({"number": number, "href": url, "current": number == current})
        previous_number = number
    view: dict[str, Any] = {"items": items}
    if current > 1:
        view["previous"] = {"href": search_url(base, params, page=min(current - 1, last))}
    if current < last:
        view["next"] = {"href": search_url(base, params, page=current + 1)}
    return view
