"""`GET /audit`: the audit log for admins, searched by actor, action, target and date range, newest first."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, fields

from catalogue import roles
from catalogue.api.blueprint import ApiError, bp, require_permission
from catalogue.api.doc_parts import SIGNED_IN, paging_parameters
from catalogue.audit_log import (
    MAX_PER_PAGE,
    AuditQuery,
    BadAuditQuery,
    event_record,
    readable_by,
    search_events,
)
from catalogue.web.principals import current_catalogue


class AuditEventSchema(Schema):
    id = fields.Int(required=True)
    at = fields.DateTime(required=True, metadata={"description": "When, in UTC"})
    actor = fields.Str(required=True)
    action = fields.Str(required=True, metadata={"description": "e.g. asset.edit, asset.classification"})
    target_type = fields.Str(required=True, allow_none=True)
    target_id = fields.Str(required=True, allow_none=True)
    details = fields.Dict(required=True, metadata={"description": "old and new values, and more"})


class AuditPageSchema(Schema):
    total = fields.Int(required=True)
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    events = fields.List(
        fields.Nested(AuditEventSchema), required=True, metadata={"description": "Newest first"}
    )


@bp.get("/audit")
def audit_events() -> Any:
    principal = require_permission(
        roles.READ_AUDIT,
        sign_in="Sign in to read the audit log.",
        refused="Only admins may read the audit log.",
    )
    try:
        query = AuditQuery.from_args(request.args)
    except BadAuditQuery as error:
        raise ApiError(400, "Some filters cannot be used.", error.details, "bad_parameter") from None
    catalogue = current_catalogue()
    found = search_events(catalogue.sessions, query, readable_by(principal, catalogue.scheme))
    body = {
        "total": found.total,
        "page": query.page,
        "per_page": query.per_page,
        "events": [event_record(e) for e in found.events],
    }
    return AuditPageSchema().dump(body)


def _arg(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {"in": "query", "name": name, "description": description, "schema": {"type": "string", **schema}}


OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "audit_events": {
        "get": {
            "summary": "Search the audit log (admins)",
            "operationId": "getAuditEvents",
            "parameters": [
                _arg("actor", "Part of the actor's name, any case"),
                _arg("action", "An action (asset.edit) or, ending in a dot, a family (asset.)"),
                _arg("target_type", "asset, source, harvest_run, user, register..."),
                _arg("target_id", "The target's id"),
                _arg("since", "From this day (UTC), inclusive", format="date"),
                _arg("until", "To this day (UTC), inclusive", format="date"),
                *paging_parameters(MAX_PER_PAGE),
            ],
            "security": SIGNED_IN,
            "responses": {
                "200": {
                    "description": "A page of events",
                    "content": {"application/json": {"schema": AuditPageSchema}},
                },
                "400": "BadRequest",
                "401": "Unauthorized",
                "403": "Forbidden",
            },
        }
    }
}
SCHEMAS = {"AuditPage": AuditPageSchema}
