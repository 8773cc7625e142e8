"""`POST /assets/bulk`: set owner, steward, department, classification, retention or tags on many assets at
once, with `dry_run` for the preview. The selection (ids, or a search re-run here) is re-checked against
visibility and the curation policy (`catalogue.bulk_edit`); each asset is edited with its own optimistic
lock, and assets changed since the dry run's `versions` are skipped as stale."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from catalogue import roles
from catalogue.api.blueprint import ApiError, bp
from catalogue.api.doc_parts import SIGNED_IN
from catalogue.bulk_edit import (
    BulkChange,
    BulkPlan,
    BulkTooLarge,
    EmptyBulkEdit,
    Outcome,
    Selection,
    apply,
    plan,
    resolve,
)
from catalogue.curation_policy import BULK_FIELDS
from catalogue.searching import BadSearch, SearchParams
from catalogue.web.principals import current_catalogue, require_principal
from search.backend import FACET_NAMES


class BulkSearchSchema(Schema):
    q = fields.Str(load_default="", metadata={"description": "The search's words, as for GET /search"})
    filters = fields.Dict(
        keys=fields.Str(validate=validate.OneOf(FACET_NAMES)),
        values=fields.List(fields.Str()),
        load_default=dict,
        metadata={"description": 'Facet values, as for GET /search, e.g. {"department": ["Housing"]}'},
    )


class BulkRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    ids = fields.List(
        fields.Int(strict=True, validate=validate.Range(min=1)), metadata={"description": "Asset ids"}
    )
    search = fields.Nested(BulkSearchSchema, metadata={"description": "Or every result of this search"})
    set = fields.Dict(
        keys=fields.Str(),
        values=fields.Raw(allow_none=True),
        load_default=dict,
        metadata={"description": "Values to set: " + ", ".join(BULK_FIELDS)},
    )
    add_tags = fields.List(fields.Str(), load_default=list)
    remove_tags = fields.List(fields.Str(), load_default=list)
    dry_run = fields.Bool(load_default=False, metadata={"description": "Only say what would change"})
    versions = fields.Dict(
        keys=fields.Str(),
        values=fields.Int(strict=True),
        metadata={"description": "From a dry run: asset id -> version; an asset changed since is skipped"},
    )

    @validates_schema
    def _one_selection(self, data: dict[str, Any], **_: Any) -> None:
        if ("ids" in data) == ("search" in data):
            raise ValidationError("give either ids or search", "ids")


class BulkItemSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)
    version = fields.Int(required=True, metadata={"description": "The version planned against"})
    outcome = fields.Str(required=True, validate=validate.OneOf([o.value for o in Outcome]))
    changes = fields.Dict(required=True, metadata={"description": "Field -> the value it gets"})
    reason = fields.Str(required=True)


class BulkResultSchema(Schema):
    dry_run = fields.Bool(required=True)
    bulk_id = fields.Str(required=True, allow_none=True, metadata={"description": "Ties the audit events"})
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    versions = fields.Dict(required=True, metadata={"description": "Pass back to apply what the dry run saw"})
    items = fields.List(fields.Nested(BulkItemSchema), required=True)


@bp.post("/assets/bulk")
def bulk_edit() -> Any:
    principal = require_principal()
    if principal.anonymous:
        raise ApiError(401, "Sign in to edit the catalogue.", code="unauthorized")
    if not (roles.may(principal.role, roles.CURATE_OWN) or roles.may(principal.role, roles.CURATE_ANY)):
        raise ApiError(403, "Only curators and admins may edit assets in bulk.", code="forbidden")
    body = _body()
    catalogue = current_catalogue()
    store = catalogue.store
    try:
        change = BulkChange.of(body["set"], body["add_tags"], body["remove_tags"], store)
    except EmptyBulkEdit as error:
        raise ApiError(400, str(error), {"set": str(error)}, "invalid_value") from None
    selection = _selection(body)
    try:
        ids = resolve(catalogue, principal, selection, int(catalogue.settings.bulk_edit_limit))
    except BulkTooLarge as error:
        details = {"count": error.count, "limit": error.limit}
        raise ApiError(400, str(error), details, "too_many") from None
    if body["dry_run"]:
        planned = plan(store, principal, ids, change)
        return _result(planned, None, dry_run=True)
    versions = {int(k): v for k, v in body["versions"].items() if k.isdigit()} if "versions" in body else None
    result = apply(store, principal, ids, change, versions, selection, channel="api")
    return _result(result.plan, result.bulk_id, dry_run=False)


def _body() -> dict[str, Any]:
    raw = request.get_json(force=True, silent=True)
    if not isinstance(raw, dict):
        raise ApiError(400, "Send a JSON object.", code="bad_request")
    try:
        return BulkRequestSchema().load(raw)  # type: ignore[no-any-return]
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        details = {
            str(k): str(v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in messages.items()
        }
        raise ApiError(400, "Some values cannot be used.", details, "invalid_value") from None


def _selection(body: dict[str, Any]) -> Selection:
    if "ids" in body:
        return Selection(ids=tuple(body["ids"]))
    search = body["search"]
    args: dict[str, list[str]] = {name: list(values) for name, values in search["filters"].items()}
    if search["q"]:
        args["q"] = [search["q"]]
    try:
        return Selection(search=SearchParams.from_args(args, strict=True))
    except BadSearch as error:
        raise ApiError(
            400, "Some search parameters cannot be used.", error.details, "bad_parameter"
        ) from None


def _result(planned: BulkPlan, bulk_id: str | None, dry_run: bool) -> Any:
    items = [
        {
            "id": item.id,
            "title": item.title,
            "version": item.version,
            "outcome": item.outcome.value,
            "changes": item.changes,
            "reason": item.reason,
        }
        for item in planned.items
    ]
    body = {
        "dry_run": dry_run,
        "bulk_id": bulk_id,
        "counts": planned.counts(),
        "versions": {str(k): v for k, v in planned.versions().items()} if dry_run else {},
        "items": items,
    }
    return BulkResultSchema().dump(body)


_ERRORS = {"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden"}
OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "bulk_edit": {
        "post": {
            "summary": "Edit many assets at once (dry_run: preview)",
            "description": (
                "Sets the same values on the selected assets (ids, or every result of a search, re-run as "
                "you). Each asset is edited on its own with optimistic locking; the result gives each one's "
                "outcome: change (dry run), changed, unchanged, refused (you may not edit it, or not that "
                "way), stale (changed since the dry run's versions) or not_found. A selection larger than "
                "CATALOGUE_BULK_EDIT_LIMIT is refused (400, code too_many)."
            ),
            "operationId": "bulkEditAssets",
            "security": SIGNED_IN,
            "requestBody": {"required": True, "content": {"application/json": {"schema": BulkRequestSchema}}},
            "responses": {
                "200": {
                    "description": "What changed (or would)",
                    "content": {"application/json": {"schema": BulkResultSchema}},
                },
                **_ERRORS,
            },
        }
    }
}
SCHEMAS = {"BulkRequest": BulkRequestSchema, "BulkResult": BulkResultSchema}
