""" "My assets" (`/my-assets`, `GET /api/v1/me/assets`): a curator's own assets and what needs attention."""

from __future__ import annotations

from typing import Any

from .support import ADMIN, ANN, HOUSING_CURATOR, VIEWER, as_


def mine(client: Any, headers: dict[str, str], **args: Any) -> dict[str, Any]:
    response = client.get("/api/v1/me/assets", query_string=args, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def test_a_curators_assets_with_attention_flags(client: Any, ids: dict[str, int]) -> None:
    found = mine(client, ANN)
    by_id = {item["id"]: item for item in found["results"]}
    assert set(by_id) == {ids["tenancies"], ids["rent"], ids["repairs"], ids["fraud"]}
    assert by_id[ids["repairs"]]["relation"] == "steward"
    assert by_id[ids["rent"]]["relation"] == "owner"
    assert by_id[ids["tenancies"]]["flags"] == ["review_overdue"]  # review due 1 January 2020
    assert by_id[ids["rent"]]["flags"] == ["no_classification", "no_description"]
    assert by_id[ids["repairs"]]["flags"] == []
    assert found["counts"] == {"no_classification": 1, "review_overdue": 1, "no_description": 1, "gone": 0}
    assert found["all_assets"] == found["total"] == 4


def test_filtering_by_flag_and_the_clearance_still_applies(client: Any, ids: dict[str, int]) -> None:
    assert [r["id"] for r in mine(client, ANN, flag="review_overdue")["results"]] == [ids["tenancies"]]
    low_ann = as_("curator", "OFFICIAL", person="Ann Lee")
    assert {r["id"] for r in mine(client, low_ann)["results"]} == {ids["repairs"]}  # the others are hidden
    parks = as_("curator", departments=("Parks",))
    found = mine(client, parks, flag="gone")
    assert [r["id"] for r in found["results"]] == [ids["trees"]]
    assert found["counts"]["gone"] == 1
    assert found["all_assets"] == 2


def test_a_curated_classification_clears_the_flag(client: Any, ids: dict[str, int]) -> None:
    patch = client.patch(
        f"/api/v1/assets/{ids['rent']}", json={"classification": "SECRET"}, headers={**ANN, "If-Match": '"1"'}
    )
    assert patch.status_code == 200
    assert mine(client, ANN)["counts"]["no_classification"] == 0


def test_bad_parameters_and_who_may_ask(client: Any, ids: dict[str, int]) -> None:
    bad = client.get("/api/v1/me/assets?flag=mine&per_page=0", headers=ANN)
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["details"]) == {"flag", "per_page"}
    assert client.get("/api/v1/me/assets", headers=VIEWER).status_code == 403
    assert mine(client, ADMIN)["results"] == []  # an admin named on no asset


def test_the_page(client: Any, ids: dict[str, int]) -> None:
    page = client.get("/my-assets", headers=HOUSING_CURATOR)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "5 in all" in html
    for title in ("Tenancies", "Rent accounts", "Repairs backlog", "Tenancy fraud cases", "Housing database"):
        assert title in html
    assert f'href="/assets/{ids["rent"]}/edit"' in html
    flagged = client.get("/my-assets?flag=no_description", headers=HOUSING_CURATOR).get_data(as_text=True)
    assert "Rent accounts" in flagged
    assert "Tenancies" not in flagged
    assert client.get("/my-assets", headers=VIEWER).status_code == 403


def test_the_navigation_offers_what_the_role_may_do(client: Any) -> None:
    curator = client.get("/search", headers=ANN).get_data(as_text=True)
    assert 'href="/my-assets"' in curator
    assert 'href="/admin/audit"' not in curator
    admin = client.get("/search", headers=ADMIN).get_data(as_text=True)
    assert 'href="/admin/audit"' in admin
    viewer = client.get("/search", headers=VIEWER).get_data(as_text=True)
    assert 'href="/my-assets"' not in viewer
