"""`GET /duplicates`: groups of identical files (same sha256, or quickXorHash) or likely-identical tables
(same schema fingerprint) among the assets the caller may see, biggest waste first; its shapes and OpenAPI
operation."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, fields, validate

from catalogue.api.blueprint import ApiError, bp
from catalogue.api.discovery import asset_url
from catalogue.api.doc_parts import SIGNED_IN
from catalogue.duplicates import KINDS, MAX_PAGE, MAX_PER_PAGE, DuplicateGroup, duplicate_groups
from catalogue.web.principals import current_catalogue, require_principal

DEFAULT_PER_PAGE = 20


class DuplicatesArgsSchema(Schema):
    """The query string of `GET /duplicates` (documentation; `_args` reads it)."""

    kind = fields.Str(
        validate=validate.OneOf(KINDS),
        metadata={
            "default": "files",
            "description": "files: the same content (sha256, or quickXorHash); tables: the same schema "
            "fingerprint",
        },
    )
    page = fields.Int(validate=validate.Range(min=1, max=MAX_PAGE), metadata={"default": 1})
    per_page = fields.Int(
        validate=validate.Range(min=1, max=MAX_PER_PAGE), metadata={"default": DEFAULT_PER_PAGE}
    )


class DuplicateMemberSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)
    source = fields.Str(required=True, metadata={"description": "The source's name"})
    location = fields.Str(required=True, allow_none=True)
    size_bytes = fields.Int(required=True, allow_none=True)
    modified = fields.DateTime(
        required=True, allow_none=True, metadata={"description": "Modified at source (ISO 8601)"}
    )
    url = fields.Str(required=True, metadata={"description": "The asset's page"})


class DuplicateGroupSchema(Schema):
    key = fields.Str(
        required=True,
        metadata={
            "description": "The shared sha256 (`quickxor:<base64>` when no visible member has a sha256) "
            "or schema fingerprint"
        },
    )
    count = fields.Int(required=True, metadata={"description": "Visible members of the group"})
    wasted_bytes = fields.Int(
        required=True, metadata={"description": "Total size of the members less the largest one"}
    )
    assets = fields.List(
        fields.Nested(DuplicateMemberSchema),
        required=True,
        metadata={"description": "The members, most recently modified first (at most 100)"},
    )


class DuplicatesSchema(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))
    total_groups = fields.Int(required=True)
    wasted_bytes = fields.Int(required=True, metadata={"description": "Wasted bytes over all groups"})
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    groups = fields.List(fields.Nested(DuplicateGroupSchema), required=True)


@bp.get("/duplicates")
def duplicates() -> Any:
    principal = require_principal()
    kind, page, per_page = _args()
    catalogue = current_catalogue()
    groups, total, wasted = duplicate_groups(
        catalogue.store.sessions, catalogue.store.scheme, principal, kind, page, per_page
    )
    body = {
        "kind": kind,
        "total_groups": total,
        "wasted_bytes": wasted,
        "page": page,
        "per_page": per_page,
        "groups": [_group(group) for group in groups],
    }
    return DuplicatesSchema().dump(body)


def _group(group: DuplicateGroup) -> dict[str, Any]:
    members = [{**vars(member), "url": asset_url(member.id)} for member in group.assets]
    return {"key": group.key, "count": group.count, "wasted_bytes": group.wasted_bytes, "assets": members}


def _args() -> tuple[str, int, int]:
    errors: dict[str, str] = {}
    unknown = sorted(set(request.args) - {"kind", "page", "per_page"})
    for name in unknown:
        errors[name] = "Unknown parameter."
    kind = request.args.get("kind", "files")
    if kind not in KINDS:
        errors["kind"] = f"Must be one of: {', '.join(KINDS)}."
    page = _integer("page", 1, MAX_PAGE, 1, errors)
    per_page = _integer("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE, errors)
    if errors:
        raise ApiError(400, "Some parameters cannot be used.", errors, "bad_parameter")
    return kind, page, per_page


def _integer(name: str, low: int, high: int, default: int, errors: dict[str, str]) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 9 and low <= int(text) <= high):
        errors[name] = f"Must be a whole number from {low} to {high}."
        return default
    return int(text)


SCHEMAS = {  # nested ones first, so the schemas that nest them refer to these names
    "DuplicateMember": DuplicateMemberSchema,
    "DuplicateGroup": DuplicateGroupSchema,
    "Duplicates": DuplicatesSchema,
}

OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "duplicates": {
        "get": {
            "summary": "Groups of identical or likely-identical assets you may see, with wasted bytes",
            "description": "`kind=files` groups active files (from any source) with the same sha256; a file "
            "with only a quickXorHash (SharePoint) joins the group of the files that share it; "
            "`kind=tables` groups tables with the same schema fingerprint. Only assets you may see are "
            "grouped and counted: a group needs two visible members. Biggest waste first.",
            "operationId": "listDuplicates",
            "parameters": [{"in": "query", "schema": DuplicatesArgsSchema}],
            "security": SIGNED_IN,
            "responses": {
                "200": {
                    "description": "A page of groups, with totals over all groups",
                    "content": {"application/json": {"schema": DuplicatesSchema}},
                },
                "400": "BadRequest",
                "401": "Unauthorized",
            },
        }
    },
}
