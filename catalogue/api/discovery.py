"""Finding assets: `GET /search` and `GET /suggest`."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from catalogue.api.blueprint import bp
from catalogue.api.schemas import SearchResultSchema, SuggestionsSchema
from catalogue.searching import SearchParams, search_assets, suggest_titles
from catalogue.web.principals import current_catalogue, require_principal
from search.backend import FACET_NAMES, SearchResult


def asset_url(asset_id: int) -> str:
    """The asset's HTML page."""
    return url_for("pages.asset", asset_id=asset_id)


@bp.get("/search")
def search() -> Any:
    principal = require_principal()
    params = SearchParams.from_args(request.args.to_dict(flat=False), strict=True)
    result = search_assets(current_catalogue(), principal, params)
    return SearchResultSchema().dump(_search_body(result))


def _search_body(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "fuzzy": result.fuzzy,
        "results": result.hits,
        "facets": {name: result.facets.get(name, []) for name in FACET_NAMES},
    }


@bp.get("/suggest")
def suggest() -> Any:
    principal = require_principal()
    found = suggest_titles(current_catalogue(), principal, request.args.get("q", ""))
    suggestions = [{"id": s.id, "title": s.title, "kind": s.kind, "url": asset_url(s.id)} for s in found]
    return SuggestionsSchema().dump({"suggestions": suggestions})
