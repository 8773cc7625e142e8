"""Every API read goes through visible_to: an OFFICIAL reader learns nothing about SECRET or group-restricted
assets from results, totals, facets, suggestions, records or history; hidden answers exactly like missing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from catalogue.web import create_app

from .support import EVERYONE, OFFICIAL_KEYS, READER, as_

SECRET_WORDS = ("Fraud", "fraud", "Carol Jones", "SECRET", "Investigations folder", "Payroll", "Dan Moss")


def get(client: Any, path: str, headers: dict[str, str] = READER, **params: Any) -> Any:
    return client.get(path, query_string=params, headers=headers)


def test_reader_sees_only_official_unrestricted_assets_in_results_totals_and_facets(
    client: Any, ids: dict[str, int]
) -> None:
    response = get(client, "/api/v1/search", per_page=100)
    body = response.get_json()
    assert body["total"] == len(OFFICIAL_KEYS)
    assert {h["id"] for h in body["results"]} == {ids[k] for k in OFFICIAL_KEYS}
    counts = {name: sum(b["count"] for b in buckets) for name, buckets in body["facets"].items()}
    assert counts["classification"] == counts["source"] == counts["kind"] == len(OFFICIAL_KEYS)
    assert [b["value"] for b in body["facets"]["classification"]] == ["OFFICIAL"]
    text = response.get_data(as_text=True)
    assert not [word for word in SECRET_WORDS if word in text]


@pytest.mark.parametrize("query", ["fraud", "Fraud investigations", "Carol", "payroll", "ledger"])
def test_hidden_assets_match_nothing(client: Any, ids: dict[str, int], query: str) -> None:
    body = get(client, "/api/v1/search", q=query).get_json()
    assert body["total"] == 0
    assert body["results"] == []
    assert all(b["count"] == 0 for buckets in body["facets"].values() for b in buckets)


def test_filtering_on_a_hidden_value_counts_zero(client: Any, ids: dict[str, int]) -> None:
    body = get(client, "/api/v1/search", classification="SECRET", owner="Carol Jones").get_json()
    assert body["total"] == 0
    assert {"value": "SECRET", "count": 0, "selected": True} in body["facets"]["classification"]
    assert {"value": "Carol Jones", "count": 0, "selected": True} in body["facets"]["owner"]


@pytest.mark.parametrize("prefix", ["Fra", "fraud", "Inv", "Payr"])
def test_suggest_never_offers_hidden_titles(client: Any, ids: dict[str, int], prefix: str) -> None:
    titles = [s["title"] for s in get(client, "/api/v1/suggest", q=prefix).get_json()["suggestions"]]
    assert not [t for t in titles if t in ("Fraud investigations", "Investigations folder", "Payroll ledger")]
    assert get(client, "/api/v1/suggest", headers=EVERYONE, q=prefix).get_json()["suggestions"]


@pytest.mark.parametrize("hidden", ["fraud", "investigations", "payroll", "housing"])
@pytest.mark.parametrize("suffix", ["", "/history"])
def test_a_hidden_asset_is_exactly_like_a_missing_one(
    client: Any, ids: dict[str, int], hidden: str, suffix: str
) -> None:
    seen = get(client, f"/api/v1/assets/{ids[hidden]}{suffix}")
    missing = get(client, f"/api/v1/assets/{max(ids.values()) + 1000}{suffix}")
    assert seen.status_code == missing.status_code == 404
    assert seen.get_data() == missing.get_data()
    assert seen.get_json()["error"]["code"] == "not_found"
    assert get(client, f"/api/v1/assets/{ids[hidden]}{suffix}", headers=EVERYONE).status_code == 200


def test_editing_a_hidden_asset_is_a_404_too(client: Any, ids: dict[str, int]) -> None:
    curator = as_("OFFICIAL", role="curator")
    seen = client.patch(
        f"/api/v1/assets/{ids['fraud']}", json={"owner": "x"}, headers={**curator, "If-Match": '"1"'}
    )
    missing = client.patch(
        f"/api/v1/assets/{max(ids.values()) + 1000}",
        json={"owner": "x"},
        headers={**curator, "If-Match": '"1"'},
    )
    assert seen.status_code == missing.status_code == 404
    assert seen.get_data() == missing.get_data()


def test_group_restricted_asset_needs_one_of_its_groups(client: Any, ids: dict[str, int]) -> None:
    payroll = f"/api/v1/assets/{ids['payroll']}"
    for outsider in (READER, as_("OFFICIAL", "finance"), as_("SECRET")):
        assert get(client, payroll, headers=outsider).status_code == 404
        assert get(client, "/api/v1/search", headers=outsider, q="payroll").get_json()["total"] == 0
    member = as_("OFFICIAL", "finance", "hr")
    assert get(client, payroll, headers=member).get_json()["title"] == "Payroll ledger"
    assert get(client, "/api/v1/search", headers=member, q="payroll").get_json()["total"] == 1
    titles = [
        s["title"] for s in get(client, "/api/v1/suggest", headers=member, q="Payr").get_json()["suggestions"]
    ]
    assert "Payroll ledger" in titles


def test_a_hidden_parent_and_hidden_children_are_not_shown(client: Any, ids: dict[str, int]) -> None:
    readme = get(client, f"/api/v1/assets/{ids['readme']}").get_json()
    assert readme["parent"] is None  # its folder is SECRET
    finance = f"/api/v1/assets/{ids['finance']}"
    assert get(client, finance).get_json()["children_count"] == 2  # not the fraud table or payroll
    assert get(client, finance, headers=EVERYONE).get_json()["children_count"] == 4


def test_anonymous_visitors_browse_at_the_anonymous_clearance(client: Any, ids: dict[str, int]) -> None:
    body = client.get("/api/v1/search").get_json()  # no principal header: anonymous OFFICIAL viewer
    assert body["total"] == len(OFFICIAL_KEYS)


@pytest.mark.parametrize(
    "path", ["/api/v1/search", "/api/v1/suggest?q=tax", "/api/v1/assets/1", "/api/v1/assets/1/history"]
)
def test_without_a_principal_every_read_is_a_401(app: Flask, ids: dict[str, int], path: str) -> None:
    closed = create_app(
        app.extensions["catalogue"], {"TESTING": True}, principal_loader=lambda _request: None
    )
    response = closed.test_client().get(path)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
