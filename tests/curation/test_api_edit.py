"""`PATCH /api/v1/assets/<id>` under the curation policy: per-asset rights, fields refused by name (mass
assignment), a stale version refused with what changed, and the new endpoints in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from .support import ADMIN, ANN, BOB, HOUSING_CURATOR, OFFICER, VIEWER, as_


def patch(
    client: Any, asset_id: int, body: dict[str, Any], headers: dict[str, str], version: str = '"1"'
) -> Any:
    return client.patch(f"/api/v1/assets/{asset_id}", json=body, headers={**headers, "If-Match": version})


def version_of(client: Any, asset_id: int) -> int:
    return client.get(f"/api/v1/assets/{asset_id}", headers=ADMIN).get_json()["version"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("headers", "body", "status", "refused"),
    [
        (ANN, {"steward": "Dee"}, 200, None),
        (HOUSING_CURATOR, {"steward": "Dee"}, 200, None),
        (BOB, {"steward": "Dee"}, 403, set()),
        (VIEWER, {"steward": "Dee"}, 403, set()),
        (OFFICER, {"licence": "OGL-UK-3.0", "open_data_status": "published"}, 200, None),
        (OFFICER, {"licence": "OGL-UK-3.0", "owner": "Mallory", "steward": "Eve"}, 403, {"owner", "steward"}),
        (ANN, {"steward": "Dee", "size_bytes": 10, "row_count": 3}, 403, {"size_bytes", "row_count"}),
        (ANN, {"classification": "OFFICIAL"}, 403, {"classification"}),
        (ADMIN, {"classification": "OFFICIAL", "size_bytes": 10}, 200, None),
    ],
    ids=[
        "owner",
        "department",
        "not-theirs",
        "viewer",
        "officer",
        "officer-owner",
        "measured",
        "lower",
        "admin",
    ],
)
def test_the_policy_through_the_api(
    client: Any, ids: dict[str, int], headers: dict[str, str], body: dict[str, Any], status: int, refused: Any
) -> None:
    response = patch(client, ids["tenancies"], body, headers)
    assert response.status_code == status
    if status == 200:
        assert version_of(client, ids["tenancies"]) == 2
        return
    assert response.get_json()["error"]["code"] == "forbidden"
    if refused:
        assert set(response.get_json()["error"]["details"]) == refused
    assert version_of(client, ids["tenancies"]) == 1  # nothing applied, not even the allowed fields


def test_hidden_is_404_before_any_policy(client: Any, ids: dict[str, int]) -> None:
    low_ann = as_("curator", "OFFICIAL", person="Ann Lee")
    assert patch(client, ids["fraud"], {"steward": "x"}, low_ann).status_code == 404


def test_a_stale_edit_is_a_409_listing_the_changes(client: Any, ids: dict[str, int]) -> None:
    assert patch(client, ids["repairs"], {"lawful_basis": "Public task"}, BOB).status_code == 200
    stale = patch(client, ids["repairs"], {"retention_period": "2 years"}, ANN)
    assert stale.status_code == 409
    details = stale.get_json()["error"]["details"]
    assert details["current_version"] == 2
    assert [(c["field"], c["old"], c["new"]) for c in details["changes"]] == [
        ("lawful_basis", None, "Public task")
    ]
    again = patch(client, ids["repairs"], {"retention_period": "2 years"}, ANN, version='"2"')
    assert again.status_code == 200
    assert again.get_json()["lawful_basis"] == "Public task"  # nothing lost


def test_the_new_endpoints_are_documented(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/assets/bulk"]
    assert "get" in paths["/api/v1/audit"]
    assert "get" in paths["/api/v1/me/assets"]
