"""One asset: `GET` and `PATCH /assets/<id>` (curated edits with optimistic locking), and its history."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from marshmallow import ValidationError

from catalogue.access import Principal
from catalogue.api.blueprint import ApiError, bp
from catalogue.api.discovery import asset_url
from catalogue.api.schemas import AssetPatchSchema, AssetSchema, HistorySchema
from catalogue.curation import edit_asset
from catalogue.curation_policy import EditRefused, may_curate_at_all
from catalogue.fields import LAYERED_FIELDS
from catalogue.store import AssetPage, NotFound
from catalogue.web.principals import current_catalogue, require_principal

# Ids past SQL's BIGINT range cannot exist; the route refuses them rather than the database.
MAX_ID = 2**63 - 1
ASSET = f"/assets/<int(max={MAX_ID}):asset_id>"


def check_may_curate(principal: Principal) -> None:
    """Refuse at once someone whose role edits nothing; which asset and which fields they may edit is
    decided per asset by `catalogue.curation_policy` (through `catalogue.curation.edit_asset`)."""
    if principal.anonymous:
        raise ApiError(401, "Sign in to edit the catalogue.", code="unauthorized")
    if not may_curate_at_all(principal):
        raise ApiError(403, "Your role may not edit assets.", code="forbidden")


def refused(refusal: EditRefused) -> ApiError:
    """A policy refusal as the API's 403, naming each refused field."""
    details = dict.fromkeys(refusal.fields, "your role may not set this field here")
    return ApiError(403, refusal.message, details, "forbidden")


@bp.get(ASSET)
def get_asset(asset_id: int) -> Response:
    principal = require_principal()
    page = current_catalogue().store.asset_page(asset_id, principal, children_limit=0)
    return _record_response(page)


@bp.patch(ASSET)
def patch_asset(asset_id: int) -> Response:
    principal = require_principal()
    check_may_curate(principal)
    version = expected_version()
    changes = _patch_body()
    store = current_catalogue().store
    try:
        asset = edit_asset(store, principal, asset_id, changes, version, channel="api")
    except EditRefused as refusal:
        raise refused(refusal) from None
    try:
        page = store.asset_page(asset_id, principal, children_limit=0)
    except NotFound:  # the edit hid the asset from its own editor (e.g. groups they are not in)
        response = Response(status=204)
        response.set_etag(str(asset.version))
        return response
    return _record_response(page)


@bp.get(f"{ASSET}/history")
def asset_history(asset_id: int) -> Any:
    principal = require_principal()
    changes = current_catalogue().store.history(asset_id, principal)
    return HistorySchema().dump({"changes": changes})


def asset_record(page: AssetPage) -> dict[str, Any]:
    """The asset's full record as the API shows it."""
    asset = page.asset
    data: dict[str, Any] = {spec.name: getattr(asset, spec.name) for spec in LAYERED_FIELDS}
    data.update(
        id=asset.id,
        source=page.source.name,
        key=asset.key,
        parent={"id": page.parent.id, "title": page.parent.title} if page.parent else None,
        application_id=page.application.id if page.application else None,
        version=asset.version,
        harvested=asset.harvested or {},
        curated=asset.curated or {},
        columns=page.columns,
        children_count=page.children_total,
        created_at=asset.created_at,
        updated_at=asset.updated_at,
        url=asset_url(asset.id),
    )
    return AssetSchema().dump(data)  # type: ignore[no-any-return]


def _record_response(page: AssetPage) -> Response:
    response = jsonify(asset_record(page))
    response.set_etag(str(page.asset.version))
    return response


def expected_version() -> int:
    """The version the edit was made from, from `If-Match: "3"` (or `3`)."""
    raw = request.headers.get("If-Match")
    if raw is None:
        raise ApiError(
            428,
            'Send If-Match with the version you are editing (e.g. If-Match: "3").',
            code="precondition_required",
        )
    text = raw.strip().removeprefix("W/")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise ApiError(
            400, "If-Match must be the asset's version.", {"If-Match": 'e.g. "3"'}, "bad_parameter"
        )
    return int(text)


def _patch_body() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object of field values.", code="bad_request")
    try:
        return AssetPatchSchema().load(body)  # type: ignore[no-any-return]
    except ValidationError as error:
        details = {name: _message(messages) for name, messages in _flat(error.messages).items()}
        raise ApiError(400, "Some values cannot be used.", details, "invalid_value") from None


def _flat(messages: Any) -> dict[str, Any]:
    return messages if isinstance(messages, dict) else {"_schema": messages}


def _message(messages: Any) -> str:
    if isinstance(messages, dict):  # a list field's messages, by item index
        return "; ".join(f"item {k}: {_message(v)}" for k, v in messages.items())
    if isinstance(messages, list):
        return " ".join(str(m) for m in messages)
    return str(messages)
