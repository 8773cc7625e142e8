"""The OpenAPI document is valid, documents every route of the API blueprint, and describes what the
endpoints really return."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from catalogue.api import bp
from catalogue.api.openapi import openapi_path
from catalogue.fields import LAYERED_FIELDS
from search.backend import FACET_NAMES

from .support import CURATOR, EVERYONE


@pytest.fixture
def document(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def conforms(document: dict[str, Any], component: str, instance: Any) -> None:
    """Raises if the instance does not match the document's schema component."""
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    OAS30Validator(schema).validate(instance)


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_route_of_the_blueprint_is_documented(app: Flask, document: dict[str, Any]) -> None:
    routes = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(f"{bp.name}.")]
    assert routes
    for rule in routes:
        path = openapi_path(rule.rule)
        assert path in document["paths"], rule.rule
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path].get(method.lower())
            assert operation, f"{method} {rule.rule} is not documented"
            assert operation["responses"]
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    routed = {
        (openapi_path(r.rule), m.lower()) for r in routes for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert documented == routed


def test_the_search_parameters_and_asset_fields_are_described(document: dict[str, Any]) -> None:
    parameters = {p["name"] for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert parameters == {"q", "sort", "page", "per_page", *FACET_NAMES}
    asset = document["components"]["schemas"]["Asset"]["properties"]
    assert {spec.name for spec in LAYERED_FIELDS} <= set(asset)
    patch = document["paths"]["/api/v1/assets/{asset_id}"]["patch"]
    assert {p["name"] for p in patch["parameters"]} == {"asset_id", "If-Match"}
    assert {"400", "401", "403", "404", "409", "428"} <= set(patch["responses"])
    assert "Error" in document["components"]["schemas"]


def test_real_responses_match_the_documented_schemas(
    client: Any, ids: dict[str, int], document: dict[str, Any]
) -> None:
    asset = f"/api/v1/assets/{ids['council_tax']}"
    patched = client.patch(
        asset, json={"owner": "Bob Kaur", "review_due": "2030-01-31"}, headers={**CURATOR, "If-Match": '"1"'}
    )
    conforms(document, "Asset", patched.get_json())
    conforms(document, "Asset", client.get(asset, headers=EVERYONE).get_json())
    conforms(document, "History", client.get(f"{asset}/history", headers=EVERYONE).get_json())
    search = client.get("/api/v1/search", query_string={"kind": "table"}, headers=EVERYONE).get_json()
    conforms(document, "SearchResult", search)
    conforms(document, "Suggestions", client.get("/api/v1/suggest?q=par", headers=EVERYONE).get_json())
    conforms(document, "Error", client.get("/api/v1/search?page=0", headers=EVERYONE).get_json())
    stale = client.patch(asset, json={"owner": "x"}, headers={**CURATOR, "If-Match": '"1"'}).get_json()
    conforms(document, "Conflict", stale)
