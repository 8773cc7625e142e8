"""The OpenAPI operations of the sources and runs endpoints (merged into `catalogue.api.openapi`)."""

from __future__ import annotations

from typing import Any

from catalogue.api import schemas, source_schemas

SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}, {"session": []}]

ERRORS = {
    "NoSuchSource": ("404", "No source or run with that id.", schemas.ErrorSchema),
    "Busy": (
        "409",
        "A harvest of the source is running (code `busy`), the source is disabled (`disabled`), or the "
        "run has no retirement to confirm (`not_reviewable`).",
        schemas.ErrorSchema,
    ),
}

SCHEMAS = {  # nested ones first, so the schemas that nest them refer to these names
    "RunError": source_schemas.RunErrorSchema,
    "Run": source_schemas.RunSchema,
    "RunList": source_schemas.RunListSchema,
    "RunRequest": source_schemas.RunRequestSchema,
    "Source": source_schemas.SourceSchema,
    "SourceList": source_schemas.SourceListSchema,
    "SourceCreate": source_schemas.SourceCreateSchema,
    "SourcePatch": source_schemas.SourcePatchSchema,
    "ConnectionCheck": source_schemas.ConnectionCheckSchema,
}


def _json(schema: Any, description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}, **extra}


def _id(name: str) -> dict[str, Any]:
    return {"in": "path", "name": name, "required": True, "schema": {"type": "integer", "minimum": 0}}


def _body(schema: Any) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_READ_ERRORS = {"401": "Unauthorized", "404": "NoSuchSource"}
_WRITE_ERRORS = {"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden"}
_LOCATION = {"Location": {"description": "The new resource", "schema": {"type": "string"}}}

OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "list_sources": {
        "get": {
            "summary": "Every source, with its last run (secrets masked)",
            "operationId": "listSources",
            "security": SECURED,
            "responses": {
                "200": _json(source_schemas.SourceListSchema, "The sources"),
                "401": "Unauthorized",
            },
        }
    },
    "create_source": {
        "post": {
            "summary": "Add a source (admins)",
            "operationId": "createSource",
            "security": SECURED,
            "requestBody": _body(source_schemas.SourceCreateSchema),
            "responses": {
                "201": _json(source_schemas.SourceSchema, "The new source", headers=_LOCATION),
                **_WRITE_ERRORS,
            },
        }
    },
    "get_source": {
        "get": {
            "summary": "One source (secrets masked)",
            "operationId": "getSource",
            "parameters": [_id("source_id")],
            "security": SECURED,
            "responses": {"200": _json(source_schemas.SourceSchema, "The source"), **_READ_ERRORS},
        }
    },
    "patch_source": {
        "patch": {
            "summary": "Change a source's settings, enable or disable it (admins)",
            "description": "A secret left out of `config`, or sent as the mask, keeps the stored secret.",
            "operationId": "patchSource",
            "parameters": [_id("source_id")],
            "security": SECURED,
            "requestBody": _body(source_schemas.SourcePatchSchema),
            "responses": {
                "200": _json(source_schemas.SourceSchema, "The changed source"),
                **_WRITE_ERRORS,
                "404": "NoSuchSource",
            },
        }
    },
    "start_run": {
        "post": {
            "summary": "Start a harvest of the source now (admins)",
            "description": "Answers at once with the run (status `running`); the harvest goes on in the "
            "background. Poll the run until its status is `succeeded`, `partial` or `failed`.",
            "operationId": "startRun",
            "parameters": [_id("source_id")],
            "security": SECURED,
            "requestBody": {
                "required": False,
                "content": {"application/json": {"schema": source_schemas.RunRequestSchema}},
            },
            "responses": {
                "202": _json(source_schemas.RunSchema, "The run, started", headers=_LOCATION),
                **_WRITE_ERRORS,
                "404": "NoSuchSource",
                "409": "Busy",
            },
        }
    },
    "test_connection": {
        "post": {
            "summary": "Test the source's connection with its stored settings (admins)",
            "description": "Builds the harvester and asks it to reach the source; nothing is harvested. "
            "Answers 200 whether or not the source could be reached: see `ok` and `message`.",
            "operationId": "testConnection",
            "parameters": [_id("source_id")],
            "security": SECURED,
            "responses": {
                "200": _json(source_schemas.ConnectionCheckSchema, "Whether the source could be read"),
                "401": "Unauthorized",
                "403": "Forbidden",
                "404": "NoSuchSource",
            },
        }
    },
    "list_runs": {
        "get": {
            "summary": "The source's runs, newest first",
            "operationId": "listRuns",
            "parameters": [
                _id("source_id"),
                {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
            ],
            "security": SECURED,
            "responses": {"200": _json(source_schemas.RunListSchema, "The runs"), **_READ_ERRORS},
        }
    },
    "get_run": {
        "get": {
            "summary": "One run, with its item errors grouped by message",
            "operationId": "getRun",
            "parameters": [_id("run_id")],
            "security": SECURED,
            "responses": {"200": _json(source_schemas.RunSchema, "The run"), **_READ_ERRORS},
        }
    },
    "confirm_run": {
        "post": {
            "summary": "Confirm the retirement a needs-review run held back (admins)",
            "operationId": "confirmRun",
            "parameters": [_id("run_id")],
            "security": SECURED,
            "responses": {
                "200": _json(source_schemas.RunSchema, "The run, with the assets marked gone counted"),
                **_WRITE_ERRORS,
                "404": "NoSuchSource",
                "409": "Busy",
            },
        }
    },
}
