"""`GET /openapi.json`: the OpenAPI 3 document, built by apispec from the marshmallow schemas.

Paths come from the app's URL map (every route of the blueprint), operations from `OPERATIONS`; a route
without an entry here is a test failure, so the document cannot fall behind the code."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, current_app

from catalogue.api import audit, bulk, duplicates, export, me, schemas, source_docs, user_admin
from catalogue.api.blueprint import bp

TITLE = "catalogue API"
VERSION = "1"

_ERRORS = {
    "BadRequest": (
        "400",
        "A parameter or value cannot be used; `details` says which and why.",
        schemas.ErrorSchema,
    ),
    "Unauthorized": ("401", "Sign-in (a session or an API token) is required.", schemas.ErrorSchema),
    "Forbidden": ("403", "You may not do that.", schemas.ErrorSchema),
    "NotFound": (
        "404",
        "No such asset (hidden assets answer exactly like missing ones).",
        schemas.ErrorSchema,
    ),
    "Conflict": (
        "409",
        "The asset changed since the version in If-Match; `details` lists the changes.",
        schemas.ConflictSchema,
    ),
    "PreconditionRequired": (
        "428",
        "If-Match with the version being edited is required.",
        schemas.ErrorSchema,
    ),
    "Unavailable": ("503", "The search service is not available right now.", schemas.ErrorSchema),
}

_ASSET_ID = {
    "in": "path",
    "name": "asset_id",
    "required": True,
    "schema": {"type": "integer", "minimum": 0},
}
_ETAG = {
    "ETag": {"description": 'The asset\'s version, e.g. "3", for If-Match', "schema": {"type": "string"}}
}
_SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}, {"session": []}]


def _json(schema: Any, description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}, **extra}


def _errors(*names: str) -> dict[str, str]:
    return {_ERRORS[name][0]: name for name in names}


# endpoint (without the blueprint's prefix) -> method -> OpenAPI operation
OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "search": {
        "get": {
            "summary": "Search the assets you may see",
            "operationId": "search",
            "parameters": [{"in": "query", "schema": schemas.SearchArgsSchema}],
            "security": _SECURED,
            "responses": {
                "200": _json(schemas.SearchResultSchema, "A page of results with facet counts"),
                **_errors("BadRequest", "Unauthorized", "Unavailable"),
            },
        }
    },
    "suggest": {
        "get": {
            "summary": "Titles starting with what has been typed",
            "operationId": "suggest",
            "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}],
            "security": _SECURED,
            "responses": {
                "200": _json(schemas.SuggestionsSchema, "Matching titles"),
                **_errors("Unauthorized", "Unavailable"),
            },
        }
    },
    "get_asset": {
        "get": {
            "summary": "One asset's full record",
            "operationId": "getAsset",
            "parameters": [_ASSET_ID],
            "security": _SECURED,
            "responses": {
                "200": _json(schemas.AssetSchema, "The record", headers=_ETAG),
                **_errors("Unauthorized", "NotFound"),
            },
        }
    },
    "patch_asset": {
        "patch": {
            "summary": "Edit curated values (optimistic locking with If-Match)",
            "operationId": "patchAsset",
            "parameters": [
                _ASSET_ID,
                {
                    "in": "header",
                    "name": "If-Match",
                    "required": True,
                    "description": 'The version edited, e.g. "3"',
                    "schema": {"type": "string"},
                },
            ],
            "security": _SECURED,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schemas.AssetPatchSchema}},
            },
            "responses": {
                "200": _json(schemas.AssetSchema, "The updated record", headers=_ETAG),
                "204": {"description": "Saved, but the edit hid the asset from you", "headers": _ETAG},
                **_errors(
                    "BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionRequired"
                ),
            },
        }
    },
    "asset_history": {
        "get": {
            "summary": "Every change to an asset, newest first",
            "operationId": "getAssetHistory",
            "parameters": [_ASSET_ID],
            "security": _SECURED,
            "responses": {
                "200": _json(schemas.HistorySchema, "The changes"),
                **_errors("Unauthorized", "NotFound"),
            },
        }
    },
    "openapi_document": {
        "get": {
            "summary": "This document",
            "operationId": "getOpenAPI",
            "responses": {
                "200": {"description": "An OpenAPI 3 document", "content": {"application/json": {}}}
            },
        }
    },
}

_SCHEMAS = {
    "Error": schemas.ErrorSchema,
    "Conflict": schemas.ConflictSchema,
    "SearchResult": schemas.SearchResultSchema,
    "Suggestions": schemas.SuggestionsSchema,
    "Asset": schemas.AssetSchema,
    "AssetPatch": schemas.AssetPatchSchema,
    "History": schemas.HistorySchema,
}


OPERATIONS.update(source_docs.OPERATIONS)
_SCHEMAS.update(source_docs.SCHEMAS)
_ERRORS.update(source_docs.ERRORS)
OPERATIONS.update(duplicates.OPERATIONS)
_SCHEMAS.update(duplicates.SCHEMAS)
OPERATIONS.update(export.OPERATIONS)
for _module in (bulk, audit, me, user_admin):  # curation, audit and users
    OPERATIONS.update(_module.OPERATIONS)
    _SCHEMAS.update(_module.SCHEMAS)
_ERRORS.update(user_admin.ERRORS)


def openapi_path(rule: str) -> str:
    """`/api/v1/assets/<int(max=9):asset_id>` -> `/api/v1/assets/{asset_id}`."""
    return re.sub(r"<(?:[^<>:]*:)?(\w+)>", r"{\1}", rule)


def build_document(app: Flask) -> dict[str, Any]:
    spec = APISpec(
        title=TITLE,
        version=VERSION,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "The information asset register. Every answer shows only what the caller may see."
        },
    )
    spec.components.security_scheme("bearerToken", {"type": "http", "scheme": "bearer"})
    # the sign-in cookie; named "__Host-catalogue_session" in production
    session_cookie = {"type": "apiKey", "in": "cookie", "name": "catalogue_session"}
    spec.components.security_scheme("session", session_cookie)
    for name, schema in _SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    for name, (_status, description, schema) in _ERRORS.items():
        spec.components.response(name, _json(schema, description))
    for path, operations in _documented_paths(app).items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _documented_paths(app: Flask) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    for rule in app.url_map.iter_rules():
        blueprint, _, endpoint = rule.endpoint.rpartition(".")
        if blueprint != bp.name:
            continue
        documented = OPERATIONS.get(endpoint, {})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() in documented:
                paths[openapi_path(rule.rule)][method.lower()] = documented[method.lower()]
    return dict(sorted(paths.items()))


@bp.get("/openapi.json")
def openapi_document() -> Any:
    cached = current_app.extensions.get("catalogue.openapi")
    if cached is None:
        cached = current_app.extensions["catalogue.openapi"] = build_document(current_app)
    return cached
