"""The HTML pages: home, search, an asset's page and duplicates. Views read through the service layer as
the current principal (so hidden assets never show), and pages that show assets are never cached."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for

from catalogue import roles
from catalogue.access import Principal
from catalogue.curation_policy import may_edit
from catalogue.duplicates import KINDS, duplicate_groups
from catalogue.models import Asset
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from catalogue.store import AssetPage, NotFound, Store
from catalogue.web import display, search_view
from catalogue.web.principals import current_catalogue, require_principal
from catalogue.web.private import keep_private
from search.backend import FacetBucket, SearchError, SearchResult

log = logging.getLogger(__name__)

bp = Blueprint("pages", __name__)
TEMPLATE_FILTERS: dict[str, Callable[..., Any]] = {
    "human_size": display.human_size,
    "format_number": display.format_number,
    "kind_plural": display.kind_plural,
    "format_date": display.format_date,
    "format_datetime": display.format_datetime,
    "as_location": display.location,
    "mask_password": display.mask_password,
    "field_label": display.field_label,
    "layer_name": display.layer_name,
    "history_value": display.history_value,
}
for _name, _filter in TEMPLATE_FILTERS.items():
    bp.add_app_template_filter(_filter, _name)

MAX_ASSET_ID = 2**63 - 1  # larger ids cannot exist (and would overflow the database's integer)
CHILDREN_SHOWN = 50
HISTORY_SHOWN = 50
MAX_ANCESTORS = 10
SORT_LABELS = {"relevance": "Relevance", "modified": "Recently modified", "title": "Title (A to Z)"}
# What the asset page says after an edit: chosen by key, so a link cannot put words on the page.
EDIT_NOTICES = {
    "saved": "Your changes were saved.",
    "unchanged": "You changed nothing, so nothing was saved.",
}


keep_private(bp)


@bp.get("/")
def home() -> Any:
    principal = require_principal()
    catalogue = current_catalogue()
    counts = catalogue.store.counts(principal)
    return render_template(
        "home.html",
        counts=counts,
        total=sum(counts.values()),
        departments=_top_departments(catalogue, principal),
    )


def _top_departments(catalogue: Catalogue, principal: Principal) -> list[FacetBucket]:
    """The departments with most assets, for browsing; the home page still works if search is down."""
    try:
        result = search_assets(catalogue, principal, SearchParams(per_page=1), facet_size=8)
    except SearchError as error:
        log.warning("search failed on the home page: %s", error)
        return []
    return result.facets.get("department", [])


@bp.get("/search")
def search() -> Any:
    principal = require_principal()
    params = SearchParams.from_args(request.args.to_dict(flat=False), strict=False)
    base = url_for("pages.search")
    try:
        result = search_assets(current_catalogue(), principal, params, search_view.FACET_SIZE)
    except SearchError as error:
        log.warning("search failed: %s", error)
        return render_template("search.html", **_search_context(base, params, None)), 503
    edits = roles.may(principal.role, roles.CURATE_OWN) or roles.may(principal.role, roles.CURATE_ANY)
    return render_template(
        "search.html",
        **_search_context(base, params, result),
        can_bulk_edit=edits and not principal.anonymous,
    )


def _search_context(base: str, params: SearchParams, result: SearchResult | None) -> dict[str, Any]:
    sorts = [{"value": k, "text": v, "selected": k == params.sort} for k, v in SORT_LABELS.items()]
    context: dict[str, Any] = {
        "params": params,
        "result": result,
        "sort_items": sorts,
        "selected": search_view.selected_filters(base, params),
        "clear_url": search_view.search_url(base, params, filters={}, page=1),
        "search_url": lambda **changes: search_view.search_url(base, params, **changes),
    }
    if result is not None:
        context["facets"] = search_view.facet_views(result, params)
        context["pagination"] = search_view.pagination(base, params, result)
        context["last_page"] = search_view.last_page(result)
    return context


@bp.get("/assets/<int:asset_id>")
def asset(asset_id: int) -> Any:
    principal = require_principal()
    store = current_catalogue().store
    if asset_id > MAX_ASSET_ID:
        abort(404)
    try:
        page = store.asset_page(asset_id, principal, children_limit=CHILDREN_SHOWN)
        changes = store.history(asset_id, principal, limit=HISTORY_SHOWN + 1)
    except NotFound:
        abort(404)
    return render_template(
        "asset.html",
        page=page,
        asset=page.asset,
        ancestors=_ancestors(store, page, principal),
        groups=display.field_groups(page.asset),
        changes=changes[:HISTORY_SHOWN],
        more_history=len(changes) > HISTORY_SHOWN,
        can_edit=may_edit(principal, page.asset),
        notice=EDIT_NOTICES.get(request.args.get("notice", "")),
    )


def _ancestors(store: Store, page: AssetPage, principal: Principal) -> list[Asset]:
    """The visible chain of parents, outermost first; it stops at the first one the principal may not see."""
    chain: list[Asset] = []
    seen = {page.asset.id}
    current = page.parent
    with store.sessions() as session:
        while current is not None and len(chain) < MAX_ANCESTORS and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            if current.parent_id is None:
                break
            try:
                current = store.get_asset(session, current.parent_id, principal)
            except NotFound:
                break
    return chain[::-1]


DUPLICATES_PER_PAGE = 20
DUPLICATE_KIND_LABELS = {"files": "Identical files", "tables": "Tables with the same columns"}


@bp.get("/duplicates")
def duplicates() -> Any:
    principal = require_principal()
    kind = request.args.get("kind", "files")
    if kind not in KINDS:
        kind = "files"
    page = request.args.get("page", default=1, type=int) or 1
    page = max(1, min(page, 10_000))
    store = current_catalogue().store
    groups, total, wasted = duplicate_groups(
        store.sessions, store.scheme, principal, kind, page, DUPLICATES_PER_PAGE
    )
    last = max(1, -(-total // DUPLICATES_PER_PAGE))
    return render_template(
        "duplicates.html",
        kind=kind,
        kind_links=[
            {"text": text, "href": url_for("pages.duplicates", kind=value), "current": value == kind}
            for value, text in DUPLICATE_KIND_LABELS.items()
        ],
        groups=groups,
        total_groups=total,
        wasted_bytes=wasted,
        page=page,
        pagination=_pages(page, last, lambda n: url_for("pages.duplicates", kind=kind, page=n)),
    )


def _pages(current: int, last: int, url: Callable[[int], str]) -> dict[str, Any] | None:
    """govukPagination's parameters: first, last and the pages around the current one, with ellipses."""
    if last <= 1 and current <= 1:
        return None
    items: list[dict[str, Any]] = []
    previous_number = 0
    for number in sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)}):
        if number - previous_number > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": url(number), "current": number == current})
        previous_number = number
    view: dict[str, Any] = {"items": items}
    if current > 1:
        view["previous"] = {"href": url(min(current - 1, last))}
    if current < last:
        view["next"] = {"href": url(current + 1)}
    return view
