"""`GET /me/assets`: the caller's own assets (owned, stewarded, or of a department granted to them) and
what needs attention, as on the "My assets" page."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, fields

from catalogue.api.blueprint import ApiError, bp
from catalogue.api.doc_parts import SIGNED_IN, paging_parameters
from catalogue.curation_policy import may_curate_at_all
from catalogue.my_assets import FLAGS, my_assets
from catalogue.web.principals import current_catalogue, require_principal

MAX_PER_PAGE = 200


class MyAssetSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)
    kind = fields.Str(required=True)
    owner = fields.Str(required=True, allow_none=True)
    steward = fields.Str(required=True, allow_none=True)
    department = fields.Str(required=True, allow_none=True)
    classification = fields.Str(required=True)
    review_due = fields.Date(required=True, allow_none=True)
    lifecycle = fields.Str(required=True)
    version = fields.Int(required=True)
    relation = fields.Str(required=True, metadata={"description": "owner, steward or department"})
    flags = fields.List(fields.Str(), required=True, metadata={"description": ", ".join(FLAGS)})


class MyAssetsSchema(Schema):
    total = fields.Int(required=True, metadata={"description": "Assets matching the flag filter"})
    all_assets = fields.Int(required=True)
    counts = fields.Dict(
        keys=fields.Str(), values=fields.Int(), required=True, metadata={"description": "Per flag"}
    )
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    results = fields.List(fields.Nested(MyAssetSchema), required=True)


@bp.get("/me/assets")
def me_assets() -> Any:
    principal = require_principal()
    if principal.anonymous:
        raise ApiError(401, "Sign in to see your assets.", code="unauthorized")
    if not may_curate_at_all(principal):
        raise ApiError(403, "Your role curates no assets.", code="forbidden")
    flag = request.args.get("flag") or None
    errors = {}
    if flag is not None and flag not in FLAGS:
        errors["flag"] = f"must be one of {', '.join(FLAGS)}"
    page = _whole("page", 1, 10_000, errors)
    per_page = _whole("per_page", 50, MAX_PER_PAGE, errors)
    if errors:
        raise ApiError(400, "Some parameters cannot be used.", errors, "bad_parameter")
    found = my_assets(current_catalogue().store, principal, flag, page, per_page)
    body = {
        "total": found.total,
        "all_assets": found.all_assets,
        "counts": found.counts,
        "page": page,
        "per_page": per_page,
        "results": found.items,
    }
    return MyAssetsSchema().dump(body)


def _whole(name: str, default: int, high: int, errors: dict[str, str]) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        errors[name] = f"must be a whole number from 1 to {high}"
        return default
    return int(raw)


OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "me_assets": {
        "get": {
            "summary": "Your own assets and what needs attention",
            "operationId": "getMyAssets",
            "parameters": [
                {"in": "query", "name": "flag", "schema": {"type": "string", "enum": list(FLAGS)}},
                *paging_parameters(MAX_PER_PAGE),
            ],
            "security": SIGNED_IN,
            "responses": {
                "200": {
                    "description": "Your assets",
                    "content": {"application/json": {"schema": MyAssetsSchema}},
                },
                "400": "BadRequest",
                "401": "Unauthorized",
                "403": "Forbidden",
            },
        }
    }
}
SCHEMAS = {"MyAssets": MyAssetsSchema}
