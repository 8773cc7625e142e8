"""Bulk edits through the pages and `POST /api/v1/assets/bulk`: the preview's counts, applying, skipping
assets changed since the preview, re-checking visibility and the policy for every id, "all results of this
search", the cap, and one audit event per asset plus a summary."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from werkzeug.datastructures import MultiDict

from .support import ADMIN, ANN, HOUSING_CURATOR, VIEWER, as_


def bulk(client: Any, body: dict[str, Any], headers: dict[str, str] = ANN) -> Any:
    return client.post("/api/v1/assets/bulk", json=body, headers=headers)


def record(client: Any, asset_id: int) -> dict[str, Any]:
    return client.get(f"/api/v1/assets/{asset_id}", headers=ADMIN).get_json()  # type: ignore[no-any-return]


def outcomes(response: Any) -> dict[int, str]:
    return {item["id"]: item["outcome"] for item in response.get_json()["items"]}


def test_a_dry_run_says_what_would_change_and_changes_nothing(client: Any, ids: dict[str, int]) -> None:
    selected = [ids[k] for k in ("tenancies", "rent", "repairs", "trees")]
    response = bulk(client, {"ids": selected, "set": {"steward": "Dee Okafor"}, "dry_run": True})
    assert response.status_code == 200
    body = response.get_json()
    assert body["dry_run"] is True
    assert body["bulk_id"] is None
    # Ann owns tenancies and rent and stewards repairs; the tree survey is Cara's
    assert outcomes(response) == {
        ids["tenancies"]: "change",
        ids["rent"]: "change",
        ids["repairs"]: "change",
        ids["trees"]: "refused",
    }
    assert body["counts"]["change"] == 3
    assert body["counts"]["refused"] == 1
    assert body["versions"] == {str(ids[k]): 1 for k in ("tenancies", "rent", "repairs")}
    assert all(record(client, i)["version"] == 1 for i in selected)


def test_applying_edits_each_asset_with_its_own_history_and_audit(
    client: Any, ids: dict[str, int], audit: Any
) -> None:
    selected = [ids["tenancies"], ids["rent"], ids["trees"]]
    body = {"ids": selected, "set": {"retention_period": "6 years"}, "add_tags": ["housing"]}
    response = bulk(client, body)
    assert response.status_code == 200
    result = response.get_json()
    assert outcomes(response) == {
        ids["tenancies"]: "changed",
        ids["rent"]: "changed",
        ids["trees"]: "refused",
    }
    assert record(client, ids["tenancies"])["curated"] == {
        "retention_period": "6 years",
        "tags": ["housing", "tenancy"],
    }
    assert record(client, ids["rent"])["tags"] == ["housing"]
    assert record(client, ids["trees"])["version"] == 1
    history = client.get(f"/api/v1/assets/{ids['rent']}/history", headers=ADMIN).get_json()["changes"]
    curated = sorted((c["field"], c["new"]) for c in history if c["layer"] == "curated")
    assert curated == [("retention_period", "6 years"), ("tags", ["housing"])]
    edits = audit("asset.edit")
    assert sorted(int(e.target_id) for e in edits) == sorted([ids["tenancies"], ids["rent"]])
    assert all(e.details["bulk"] == result["bulk_id"] for e in edits)
    rent = next(e for e in edits if int(e.target_id) == ids["rent"])
    assert rent.details["old"] == {"retention_period": None, "tags": None}
    assert rent.details["new"] == {"retention_period": "6 years", "tags": ["housing"]}
    [summary] = audit("asset.bulk_edit")
    assert summary.details["bulk"] == result["bulk_id"]
    assert summary.details["counts"]["changed"] == 2
    assert summary.details["counts"]["refused"] == 1
    assert summary.details["change"]["set"] == {"retention_period": "6 years"}
    # running it again changes nothing
    again = bulk(client, body)
    assert set(outcomes(again).values()) == {"unchanged", "refused"}


def test_assets_changed_since_the_dry_run_are_skipped_as_stale(client: Any, ids: dict[str, int]) -> None:
    selected = [ids["tenancies"], ids["rent"]]
    dry = bulk(
        client, {"ids": selected, "set": {"department": "Housing Services"}, "dry_run": True}
    ).get_json()
    # someone edits rent in between
    edited = client.patch(
        f"/api/v1/assets/{ids['rent']}", json={"description": "Rent"}, headers={**ANN, "If-Match": '"1"'}
    )
    assert edited.status_code == 200
    applied = bulk(
        client, {"ids": selected, "set": {"department": "Housing Services"}, "versions": dry["versions"]}
    )
    assert outcomes(applied) == {ids["tenancies"]: "changed", ids["rent"]: "stale"}
    rent = record(client, ids["rent"])
    assert rent["department"] == "Housing"  # not overwritten
    assert rent["description"] == "Rent"


def test_hidden_and_missing_ids_are_counted_never_named(client: Any, ids: dict[str, int]) -> None:
    low_ann = as_("curator", "OFFICIAL", person="Ann Lee")  # may not see the SECRET fraud cases
    selected = [ids["tenancies"], ids["fraud"], max(ids.values()) + 50]
    response = bulk(client, {"ids": selected, "set": {"steward": "X"}, "dry_run": True}, headers=low_ann)
    body = response.get_json()
    assert [item["id"] for item in body["items"]] == []  # tenancies is OFFICIAL-SENSITIVE: hidden too
    assert body["counts"]["not_found"] == 3
    response = bulk(client, {"ids": selected, "set": {"steward": "X"}}, headers=low_ann)
    assert record(client, ids["fraud"])["steward"] is None


def test_all_results_of_a_search_are_found_again_as_the_editor(client: Any, ids: dict[str, int]) -> None:
    search = {"q": "", "filters": {"department": ["Housing"]}}
    response = bulk(
        client, {"search": search, "set": {"steward": "Dee Okafor"}, "dry_run": True}, HOUSING_CURATOR
    )
    found = outcomes(response)
    assert set(found) == {ids[k] for k in ("housing", "tenancies", "rent", "repairs", "fraud")}
    assert set(found.values()) == {"change"}
    low = as_("curator", "OFFICIAL", departments=("Housing",))  # sees only the OFFICIAL ones
    response = bulk(client, {"search": search, "set": {"steward": "Dee Okafor"}, "dry_run": True}, low)
    assert set(outcomes(response)) == {ids["housing"], ids["repairs"]}


def test_a_selection_over_the_limit_is_refused_as_a_whole(app: Any, client: Any, ids: dict[str, int]) -> None:
    catalogue = app.extensions["catalogue"]
    catalogue.settings = catalogue.settings.with_overrides(bulk_edit_limit=2)
    response = bulk(client, {"ids": list(ids.values()), "set": {"steward": "X"}}, ADMIN)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "too_many"
    assert error["details"] == {"count": len(ids), "limit": 2}
    assert all(record(client, i)["version"] == 1 for i in ids.values())


def test_bad_requests(client: Any, ids: dict[str, int]) -> None:
    cases = [
        {"set": {"steward": "X"}},  # no selection
        {"ids": [1], "search": {"q": "x"}, "set": {"steward": "X"}},  # both
        {"ids": [ids["rent"]], "set": {"description": "not a bulk field"}},
        {"ids": [ids["rent"]], "set": {"classification": "TOP SECRET"}},
        {"ids": [ids["rent"]], "set": {}},  # nothing to do
        {"ids": [ids["rent"]], "set": {"steward": "X"}, "role": "admin"},  # mass assignment
    ]
    for body in cases:
        response = bulk(client, body)
        assert response.status_code == 400, body
        assert response.get_json()["error"]["code"] in ("invalid_value", "bad_request"), body
    assert bulk(client, {"ids": [ids["rent"]], "set": {"steward": "X"}}, VIEWER).status_code == 403
    assert record(client, ids["rent"])["version"] == 1


def test_lowering_a_classification_in_bulk_is_refused_for_curators(client: Any, ids: dict[str, int]) -> None:
    body = {"ids": [ids["tenancies"], ids["rent"]], "set": {"classification": "OFFICIAL"}}
    response = bulk(client, body)
    found = outcomes(response)
    assert found[ids["tenancies"]] == "refused"  # OFFICIAL-SENSITIVE -> OFFICIAL
    reason = next(i["reason"] for i in response.get_json()["items"] if i["id"] == ids["tenancies"])
    assert "lower" in reason
    # rent has no classification: the restrictive default (OFFICIAL-SENSITIVE) stands, so OFFICIAL lowers it
    assert found[ids["rent"]] == "refused"
    assert set(outcomes(bulk(client, body, ADMIN)).values()) == {"changed"}


# ----- the pages ---------------------------------------------------------------------------------------


def hidden_inputs(html: str) -> list[tuple[str, str]]:
    pairs = []
    for tag in re.findall(r'<input[^>]*type="hidden"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            pairs.append((name.group(1), unescape(value.group(1)) if value else ""))
    return pairs


def test_the_search_page_offers_selection_to_curators_only(client: Any, ids: dict[str, int]) -> None:
    page = client.get("/search?department=Housing", headers=ANN).get_data(as_text=True)
    assert 'form="bulk-edit"' in page
    assert f'value="{ids["tenancies"]}" form="bulk-edit"' in page
    assert "Edit all 5 results of this search" in page
    assert '<form method="post" action="/bulk-edit" id="bulk-edit"' in page
    assert 'name="department" value="Housing"' in page
    viewer = client.get("/search?department=Housing", headers=VIEWER).get_data(as_text=True)
    assert 'form="bulk-edit"' not in viewer


def test_select_preview_and_apply_through_the_pages(client: Any, ids: dict[str, int], audit: Any) -> None:
    selected = [("scope", "selected"), ("asset", str(ids["tenancies"])), ("asset", str(ids["trees"]))]
    start = client.post("/bulk-edit", data=MultiDict(selected), headers=ANN)
    assert start.status_code == 200
    assert "2 assets are selected" in start.get_data(as_text=True)

    data = [*selected, ("owner", ""), ("steward", "Dee Okafor"), ("add_tags", "social housing")]
    preview = client.post("/bulk-edit/preview", data=MultiDict(data), headers=ANN)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    summary = " ".join(
        re.sub(r"<[^>]+>", "", html.split("catalogue-bulk-summary")[1].split("</p>")[0]).split()
    )
    assert "1 asset will change; 0 are unchanged; 1 you may not edit" in summary
    carried = hidden_inputs(html)
    assert ("steward", "Dee Okafor") in carried
    assert json.loads(dict(carried)["versions"]) == {str(ids["tenancies"]): 1}
    assert record(client, ids["tenancies"])["version"] == 1

    done = client.post("/bulk-edit/apply", data=MultiDict(carried), headers=ANN)
    assert done.status_code == 200
    assert "1 asset changed" in done.get_data(as_text=True)
    changed = record(client, ids["tenancies"])
    assert changed["steward"] == "Dee Okafor"
    assert changed["tags"] == ["social housing", "tenancy"]
    assert len(audit("asset.bulk_edit")) == 1


def test_all_results_through_the_pages_and_a_stale_skip(client: Any, ids: dict[str, int]) -> None:
    selection = [("scope", "search"), ("q", ""), ("department", "Housing")]
    data = [*selection, ("retention_basis", "Housing Act 1985")]
    preview = client.post("/bulk-edit/preview", data=MultiDict(data), headers=HOUSING_CURATOR)
    carried = hidden_inputs(preview.get_data(as_text=True))
    assert len(json.loads(dict(carried)["versions"])) == 5
    client.patch(f"/api/v1/assets/{ids['rent']}", json={"steward": "Z"}, headers={**ADMIN, "If-Match": '"1"'})
    done = client.post("/bulk-edit/apply", data=MultiDict(carried), headers=HOUSING_CURATOR).get_data(
        as_text=True
    )
    assert "4 assets changed" in done
    assert "Skipped because someone changed them since the preview: <strong>1</strong>" in done
    assert record(client, ids["rent"])["retention_basis"] is None


def test_an_invalid_bulk_value_shows_the_form_again(client: Any, ids: dict[str, int]) -> None:
    data = [("scope", "selected"), ("asset", str(ids["rent"])), ("classification", "TOP SECRET")]
    response = client.post("/bulk-edit/preview", data=MultiDict(data), headers=ANN)
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    assert client.post("/bulk-edit", data=MultiDict(data[:2]), headers=VIEWER).status_code == 403
