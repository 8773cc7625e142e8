"""The sources and runs endpoints of the JSON API: roles, masking, starting runs (409 when busy),
runs newest first with grouped errors, confirmation, and the documented shapes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator

from catalogue.harvest.runner import lease_name
from catalogue.harvest.secrets import MASK
from catalogue.models import HarvestLease, utcnow
from catalogue.runtime import Catalogue

from .conftest import ADMIN, VIEWER, assets, wait_for_run
from .feed import Feed

SECRET = "api-s3cret-value"


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()  # type: ignore[no-any-return]


def conforms(document: dict[str, Any], component: str, instance: Any) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    OAS30Validator(schema).validate(instance)


def create(client: FlaskClient, feed: Feed, **extra: Any) -> dict[str, Any]:
    body = {"name": "share", "kind": "test-feed", "config": {"feed": feed.name, "token": SECRET}, **extra}
    response = client.post("/api/v1/sources", json=body, headers=ADMIN)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def test_reads_need_a_principal_and_writes_an_admin(client: FlaskClient, feed: Feed) -> None:
    assert client.get("/api/v1/sources").status_code == 401
    assert client.get("/api/v1/sources", headers=VIEWER).get_json() == {"sources": []}
    body = {"name": "share", "kind": "test-feed", "config": {"feed": feed.name}}
    refused = client.post("/api/v1/sources", json=body, headers=VIEWER)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "forbidden"
    source = create(client, feed)
    assert (
        client.patch(f"/api/v1/sources/{source['id']}", json={"title": "x"}, headers=VIEWER).status_code
        == 403
    )
    assert client.post(f"/api/v1/sources/{source['id']}/runs", headers=VIEWER).status_code == 403


def test_create_shows_the_config_masked(client: FlaskClient, feed: Feed, document: dict[str, Any]) -> None:
    created = create(client, feed, defaults={"owner": "Ann Lee"}, schedule="0 3 * * *")
    assert created["config"] == {"feed": feed.name, "token": MASK}
    assert (created["defaults"], created["schedule"], created["last_run"]) == (
        {"owner": "Ann Lee"},
        "0 3 * * *",
        None,
    )
    conforms(document, "Source", created)
    listed = client.get("/api/v1/sources", headers=VIEWER)
    conforms(document, "SourceList", listed.get_json())
    assert SECRET not in listed.get_data(as_text=True)
    one = client.get(f"/api/v1/sources/{created['id']}", headers=VIEWER)
    assert one.get_json()["name"] == "share"
    assert client.get("/api/v1/sources/999999", headers=VIEWER).status_code == 404


def test_bad_settings_get_400_with_details(client: FlaskClient, feed: Feed) -> None:
    bad = client.post("/api/v1/sources", json={"name": "s", "kind": "test-feed", "config": {}}, headers=ADMIN)
    assert bad.status_code == 400
    assert "config.feed" in bad.get_json()["error"]["details"]
    unknown = client.post(
        "/api/v1/sources",
        json={"name": "s", "kind": "test-feed", "config": {"feed": "x"}, "x": 1},
        headers=ADMIN,
    )
    assert unknown.status_code == 400
    assert "x" in unknown.get_json()["error"]["details"]


def test_patch_edits_enables_and_keeps_secrets(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source = create(client, feed)
    stored = cat.sources.get("share").config["token"]
    url = f"/api/v1/sources/{source['id']}"
    patched = client.patch(
        url, json={"config": {"feed": feed.name, "token": MASK}, "enabled": False}, headers=ADMIN
    )
    assert patched.status_code == 200, patched.get_data(as_text=True)
    assert patched.get_json()["enabled"] is False
    client.patch(url, json={"config": {"feed": feed.name, "label": "no token sent"}}, headers=ADMIN)
    assert cat.sources.get("share").config["token"] == stored
    disabled = client.post(f"{url}/runs", headers=ADMIN)
    assert disabled.status_code == 409
    assert disabled.get_json()["error"]["code"] == "disabled"


def test_a_run_started_through_the_api(
    client: FlaskClient, cat: Catalogue, feed: Feed, document: dict[str, Any]
) -> None:
    feed.token = SECRET
    feed.put("a.txt")
    feed.put("b.txt", error=f"denied with {SECRET}")
    source = create(client, feed)
    started = client.post(f"/api/v1/sources/{source['id']}/runs", json={"full": True}, headers=ADMIN)
    assert started.status_code == 202, started.get_data(as_text=True)
    assert started.headers["Location"].endswith(f"/api/v1/runs/{started.get_json()['id']}")
    assert started.get_json()["status"] in ("running", "partial")
    finished = wait_for_run(cat, started.get_json()["id"])
    assert (finished.status, finished.full, finished.added, finished.failed) == ("partial", True, 1, 1)

    run = client.get(f"/api/v1/runs/{finished.id}", headers=ADMIN)
    conforms(document, "Run", run.get_json())
    assert run.get_json()["errors"] == [{"message": "denied with •••", "count": 1, "sample_keys": ["b.txt"]}]
    assert SECRET not in run.get_data(as_text=True)
    summary = client.get(f"/api/v1/runs/{finished.id}", headers=VIEWER).get_json()  # the report is for admins
    conforms(document, "Run", summary)
    assert (summary["status"], "errors" in summary, "added" in summary) == ("partial", False, False)
    assert client.get("/api/v1/runs/424242", headers=VIEWER).status_code == 404

    second = client.post(f"/api/v1/sources/{source['id']}/runs", headers=ADMIN)
    wait_for_run(cat, second.get_json()["id"])
    runs = client.get(f"/api/v1/sources/{source['id']}/runs", headers=VIEWER).get_json()
    conforms(document, "RunList", runs)
    assert [r["id"] for r in runs["runs"]] == [second.get_json()["id"], finished.id]
    shown = client.get(f"/api/v1/sources/{source['id']}", headers=VIEWER).get_json()
    assert shown["last_run"]["id"] == second.get_json()["id"]
    assert shown["asset_count"] == 0  # counts only what the reader may see: the asset is above OFFICIAL
    assert client.get(f"/api/v1/sources/{source['id']}", headers=ADMIN).get_json()["asset_count"] == 1


def test_a_second_run_while_one_is_running_gets_409(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source = create(client, feed)
    with cat.sessions.begin() as session:
        future = utcnow() + timedelta(minutes=5)
        session.add(HarvestLease(name=lease_name(source["id"]), holder="web-2:99:abc", expires_at=future))
    busy = client.post(f"/api/v1/sources/{source['id']}/runs", headers=ADMIN)
    assert busy.status_code == 409
    assert busy.get_json()["error"]["code"] == "busy"
    assert client.get(f"/api/v1/sources/{source['id']}/runs", headers=VIEWER).get_json() == {"runs": []}


def test_an_admin_confirms_a_held_back_retirement(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source = create(client, feed)
    feed.token = SECRET
    feed.put("a.txt")
    feed.put("b.txt")
    runner = cat.harvest_runner()
    runner.run(cat.sources.get("share"))
    feed.entries.clear()
    held = runner.run(cat.sources.get("share"))
    assert held.needs_review
    assert client.post(f"/api/v1/runs/{held.id}/confirm", headers=VIEWER).status_code == 403
    confirmed = client.post(f"/api/v1/runs/{held.id}/confirm", headers=ADMIN)
    assert confirmed.status_code == 200
    assert (confirmed.get_json()["gone"], confirmed.get_json()["reviewed_by"]) == (2, "test-admin")
    assert {a.lifecycle for a in assets(cat, cat.sources.get(source["id"])).values()} == {"gone"}
    again = client.post(f"/api/v1/runs/{held.id}/confirm", headers=ADMIN)
    assert again.status_code == 409
    assert client.post("/api/v1/runs/987654/confirm", headers=ADMIN).status_code == 404
