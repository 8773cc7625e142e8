"""`GET`/`PATCH /api/v1/assets/<id>` and its history: the full record, curated edits with If-Match,
conflicts, invalid values, who may edit, and edits reaching search at once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from catalogue.fields import LAYERED_FIELDS

from .support import CURATOR, EVERYONE, READER, as_

RECORD_KEYS = {spec.name for spec in LAYERED_FIELDS} | {
    "id",
    "source",
    "key",
    "parent",
    "application_id",
    "version",
    "harvested",
    "curated",
    "columns",
    "children_count",
    "created_at",
    "updated_at",
    "url",
}


def patch(
    client: Any,
    asset_id: int,
    body: Any,
    version: str | None = '"1"',
    headers: dict[str, str] = CURATOR,
) -> Any:
    extra = {"If-Match": version} if version is not None else {}
    return client.patch(f"/api/v1/assets/{asset_id}", json=body, headers={**headers, **extra})


def test_the_full_record(client: Any, ids: dict[str, int]) -> None:
    response = client.get(f"/api/v1/assets/{ids['council_tax']}", headers=EVERYONE)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Cache-Control"] == "private, no-store"
    record = response.get_json()
    assert set(record) == RECORD_KEYS
    assert (record["id"], record["source"], record["key"]) == (
        ids["council_tax"],
        "finance-db",
        "public.council_tax",
    )
    assert record["parent"] == {"id": ids["finance"], "title": "Finance warehouse"}
    assert (record["version"], record["children_count"]) == (1, 0)
    assert (record["title"], record["kind"], record["owner"]) == ("Council tax accounts", "table", "Ann Lee")
    assert record["tags"] == ["council tax", "revenue"]
    assert record["access_groups"] == []
    assert (record["classification"], record["personal_data"], record["lifecycle"]) == (
        "OFFICIAL",
        "personal",
        "active",
    )
    assert datetime.fromisoformat(record["modified_at_source"]) == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert record["harvested"]["owner"] == "Ann Lee"
    assert record["harvested"]["modified_at_source"].startswith("2024-03-01T09:30:00")
    assert record["curated"] == {}
    assert record["columns"] == [
        {
            "name": "account_id",
            "data_type": "integer",
            "nullable": False,
            "default": None,
            "comment": "",
            "primary_key": True,
        },
        {
            "name": "balance",
            "data_type": "numeric",
            "nullable": True,
            "default": "0",
            "comment": "Amount owed",
            "primary_key": False,
        },
    ]
    assert record["url"].endswith(f"/{ids['council_tax']}")
    assert datetime.fromisoformat(record["created_at"]).tzinfo is not None


def test_a_curated_edit_wins_keeps_the_source_value_and_reaches_search(
    client: Any, ids: dict[str, int]
) -> None:
    asset_id = ids["council_tax"]
    response = patch(client, asset_id, {"owner": "Bob Kaur", "tags": ["revenue", "billing"]})
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    record = response.get_json()
    assert (record["version"], record["owner"], record["tags"]) == (2, "Bob Kaur", ["billing", "revenue"])
    assert record["curated"] == {"owner": "Bob Kaur", "tags": ["billing", "revenue"]}
    assert record["harvested"]["owner"] == "Ann Lee"
    assert client.get(f"/api/v1/assets/{asset_id}", headers=READER).get_json() == record
    found = client.get("/api/v1/search", query_string={"owner": "Bob Kaur", "q": "billing"}, headers=READER)
    assert [h["id"] for h in found.get_json()["results"]] == [asset_id]
    assert found.get_json()["results"][0]["owner"] == "Bob Kaur"


def test_null_clears_a_curated_value_and_a_bare_version_is_accepted(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["council_tax"]
    assert patch(client, asset_id, {"owner": "Bob Kaur"}, version="1").status_code == 200
    cleared = patch(client, asset_id, {"owner": None}, version='W/"2"').get_json()
    assert (cleared["version"], cleared["owner"], cleared["curated"]) == (3, "Ann Lee", {})


def test_raising_the_classification_hides_the_asset_on_the_next_request(
    client: Any, ids: dict[str, int]
) -> None:
    asset_id = ids["council_tax"]
    before = client.get("/api/v1/search", query_string={"q": "council"}, headers=READER).get_json()
    assert before["total"] == 1
    assert patch(client, asset_id, {"classification": "secret"}).get_json()["classification"] == "SECRET"
    after = client.get("/api/v1/search", query_string={"q": "council"}, headers=READER).get_json()
    assert after["total"] == 0
    assert client.get(f"/api/v1/assets/{asset_id}", headers=READER).status_code == 404
    assert client.get("/api/v1/suggest", query_string={"q": "Council"}, headers=READER).get_json() == {
        "suggestions": []
    }
    assert (
        client.get("/api/v1/search", query_string={"q": "council"}, headers=EVERYONE).get_json()["total"] == 1
    )


def test_an_edit_that_hides_the_asset_from_its_editor_is_saved(client: Any, ids: dict[str, int]) -> None:
    response = patch(client, ids["budget"], {"access_groups": ["planning"]})
    assert response.status_code == 204
    assert response.headers["ETag"] == '"2"'
    assert client.get(f"/api/v1/assets/{ids['budget']}", headers=as_("SECRET", "planning")).status_code == 200


def test_an_edit_without_if_match_is_a_428(client: Any, ids: dict[str, int]) -> None:
    response = patch(client, ids["council_tax"], {"owner": "Bob Kaur"}, version=None)
    assert response.status_code == 428
    assert response.get_json()["error"]["code"] == "precondition_required"


@pytest.mark.parametrize("version", ["abc", "*", '"1", "2"', "", "1.0", "99999999999999999999999"])
def test_an_unreadable_if_match_is_a_400(client: Any, ids: dict[str, int], version: str) -> None:
    response = patch(client, ids["council_tax"], {"owner": "Bob Kaur"}, version=version)
    assert response.status_code == 400
    assert "If-Match" in response.get_json()["error"]["details"]


def test_a_stale_edit_is_a_409_saying_what_changed(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["council_tax"]
    assert patch(client, asset_id, {"description": "first edit"}).status_code == 200
    response = patch(
        client, asset_id, {"description": "edit from an old page"}, headers=as_("SECRET", role="admin")
    )
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "stale_version"
    assert error["details"]["current_version"] == 2
    [change] = error["details"]["changes"]
    assert {k: change[k] for k in ("field", "layer", "old", "new", "actor", "version")} == {
        "field": "description",
        "layer": "curated",
        "old": None,
        "new": "first edit",
        "actor": "test-curator-SECRET",
        "version": 2,
    }
    assert datetime.fromisoformat(change["at"]).tzinfo is not None
    assert (
        client.get(f"/api/v1/assets/{asset_id}", headers=EVERYONE).get_json()["description"] == "first edit"
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"classification": "TOP SECRET"}, {"classification"}),
        ({"review_due": "next week"}, {"review_due"}),
        ({"personal_data": "maybe"}, {"personal_data"}),
        ({"size_bytes": -3}, {"size_bytes"}),
        ({"size_bytes": "12"}, {"size_bytes"}),
        ({"title": 5}, {"title"}),
        ({"tags": "revenue"}, {"tags"}),
        ({"tags": ["ok", 3]}, {"tags"}),
        ({"nonsense": 1}, {"nonsense"}),
        ({"id": 7, "version": 9}, {"id", "version"}),
        ({"owner": "Bob Kaur", "harvested": {"owner": "x"}}, {"harvested"}),
        ({"size_bytes": "x", "nonsense": 1, "kind": "spaceship"}, {"size_bytes", "nonsense", "kind"}),
    ],
)
def test_invalid_values_are_a_400_per_field_and_change_nothing(
    client: Any, ids: dict[str, int], body: dict[str, Any], fields: set[str]
) -> None:
    response = patch(client, ids["council_tax"], body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_value"
    assert set(error["details"]) == fields
    assert all(isinstance(message, str) and message for message in error["details"].values())
    assert client.get(f"/api/v1/assets/{ids['council_tax']}", headers=EVERYONE).get_json()["version"] == 1


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"owner"', b"null", b"{not json", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_400(client: Any, ids: dict[str, int], raw: bytes) -> None:
    response = client.patch(
        f"/api/v1/assets/{ids['council_tax']}",
        data=raw,
        content_type="application/json",
        headers={**CURATOR, "If-Match": '"1"'},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("headers", "status"),
    [(READER, 403), (as_("SECRET", role="viewer"), 403), (as_("SECRET", role="opendata"), 403), ({}, 401)],
)
def test_only_curators_and_admins_may_edit(
    client: Any, ids: dict[str, int], headers: dict[str, str], status: int
) -> None:
    response = patch(client, ids["council_tax"], {"owner": "Mallory"}, headers=headers)
    assert response.status_code == status
    assert (
        client.get(f"/api/v1/assets/{ids['council_tax']}", headers=EVERYONE).get_json()["owner"] == "Ann Lee"
    )
    admin = patch(client, ids["council_tax"], {"owner": "Erin Admin"}, headers=as_("OFFICIAL", role="admin"))
    assert admin.status_code == 200


def test_history_lists_every_change_newest_first(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["council_tax"]
    patch(client, asset_id, {"owner": "Bob Kaur"})
    response = client.get(f"/api/v1/assets/{asset_id}/history", headers=EVERYONE)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    changes = response.get_json()["changes"]
    assert all(set(c) == {"at", "actor", "layer", "field", "old", "new", "version"} for c in changes)
    assert [(c["layer"], c["field"], c["version"]) for c in changes] == [
        ("curated", "owner", 2),
        ("created", "*", 1),
    ]
    assert (changes[0]["old"], changes[0]["new"], changes[0]["actor"]) == (
        None,
        "Bob Kaur",
        "test-curator-SECRET",
    )
    assert changes[1]["actor"] == "harvest:finance-db"
