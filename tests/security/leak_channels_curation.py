"""Channels of the curation pages: a curator's own assets, the audit log, bulk edits and the edit form."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

from leak_probe import Probe, assert_hidden_like_missing, parse_page
from leak_queries import QueryCase


def _curator_of(probe: Probe) -> tuple[str, str]:
    """Who the probe's principal is as a curator: the owner named by a planted term (whose asset most may
    not see) and the department a planted term names, so their own lists are attacked too."""
    world = probe.world
    owner = next(
        world.assets[i].owner
        for i in world.planted.values()
        if (world.assets[i].owner or "").startswith("Ms ")
    )
    department = next(
        world.assets[i].department
        for i in world.planted.values()
        if (world.assets[i].department or "").endswith(" unit")
    )
    return str(owner), f"{department},Housing"


def _expected_mine(probe: Probe, person: str, departments: str) -> set[int]:
    wanted = {d.casefold() for d in departments.split(",")}
    return {
        i
        for i in probe.visible
        if person.casefold()
        in ((probe.world.assets[i].owner or "").casefold(), (probe.world.assets[i].steward or "").casefold())
        or (probe.world.assets[i].department or "").casefold() in wanted
    }


def _mine_headers(probe: Probe) -> dict[str, str] | None:
    role = probe.as_role("curator")
    if role is None:
        return None
    person, departments = _curator_of(probe)
    return {**role, "X-Test-Person": person, "X-Test-Departments": departments}


def api_my_assets(probe: Probe) -> None:
    headers = _mine_headers(probe)
    response = probe.get("/api/v1/me/assets", [("per_page", "200")], headers)
    if headers is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200, response.status_code
    body = response.get_json()
    expected = _expected_mine(probe, headers["X-Test-Person"], headers["X-Test-Departments"])
    assert {item["id"] for item in body["results"]} == expected
    assert body["total"] == body["all_assets"] == len(expected)
    probe.assert_no_hidden_terms(response.get_data(as_text=True), " ".join(headers.values()))


def html_my_assets(probe: Probe) -> None:
    headers = _mine_headers(probe)
    response = probe.get("/my-assets", None, headers)
    if headers is None:  # the anonymous visitor is sent to sign in
        assert response.status_code in (303, 401), response.status_code
        return
    assert response.status_code == 200
    page = parse_page(response)
    probe.assert_visible(page.links, "my assets")
    expected = _expected_mine(probe, headers["X-Test-Person"], headers["X-Test-Departments"])
    assert page.links <= expected
    probe.assert_no_hidden_terms(response.get_data(as_text=True), " ".join(headers.values()))


def _audit_asset_ids(events: list[dict[str, Any]]) -> set[int]:
    return {
        int(e["target_id"]) for e in events if e["target_type"] == "asset" and str(e["target_id"]).isdigit()
    }


def api_audit(probe: Probe) -> None:
    """The audit log, read by an admin of the probe's clearance: no event about an asset they may not see."""
    response = probe.get("/api/v1/audit", [("per_page", "200")], probe.as_role("admin"))
    if probe.principal.anonymous:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    events = response.get_json()["events"]
    probe.assert_visible(_audit_asset_ids(events), "audit events")
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


def html_audit(probe: Probe) -> None:
    for path in ("/admin/audit", "/admin/audit.csv"):
        response = probe.get(path, [("per_page", "200")], probe.as_role("admin"))
        if probe.principal.anonymous:
            assert response.status_code in (303, 401), response.status_code
            continue
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        probe.assert_visible(parse_page(response).links, "audit links")
        if path.endswith(".csv"):
            probe.assert_visible(
                _audit_asset_ids(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))), "audit rows"
            )
        probe.assert_no_hidden_terms(text)


BULK_CHANGE = {"owner": "Leak Tester"}


def api_bulk_dry_run(probe: Probe, case: QueryCase) -> None:
    """A bulk edit's dry run over a search: it plans exactly the search's visible results."""
    selection = {"q": case.query, "filters": {k: list(v) for k, v in case.filters.items()}}
    body = {"search": selection, "set": BULK_CHANGE, "dry_run": True}
    response = probe.client.post(
        "/api/v1/assets/bulk", json=body, headers={**probe.headers, **(probe.as_role("admin") or {})}
    )
    if probe.principal.anonymous:
        assert response.status_code == 401
        return
    expected = probe.expected_search(replace(case, page=1, per_page=100), 1, "title")
    if response.status_code == 400:  # more than the bulk edit limit: the count is of visible assets
        assert response.get_json()["error"]["details"]["count"] == expected.total
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    ids = {item["id"] for item in response.get_json()["items"]}
    probe.assert_visible(ids, "bulk plan")
    assert ids == expected.ids
    probe.assert_no_hidden_terms(response.get_data(as_text=True), case.typed)


def html_bulk_preview(probe: Probe, asset_id: int) -> None:
    """The bulk edit preview of one selected asset: a hidden one reads exactly as a missing one."""
    headers = {**probe.headers, **(probe.as_role("admin") or {})}

    def preview(chosen: int, path: str = "/bulk-edit/preview") -> Any:
        form = {"scope": "selected", "asset": str(chosen), **BULK_CHANGE}
        return probe.client.post(path, data=form, headers=headers)

    response = preview(asset_id)
    if probe.principal.anonymous:
        assert response.status_code in (303, 401)
        return
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    probe.assert_visible(parse_page(response).links, "bulk preview")
    if asset_id not in probe.visible:
        missing = probe.world.missing_id()
        for path in ("/bulk-edit/preview", "/bulk-edit"):  # the preview, and the values form before it
            hidden_text = preview(asset_id, path).get_data(as_text=True).replace(f'value="{asset_id}"', "")
            missing_text = preview(missing, path).get_data(as_text=True).replace(f'value="{missing}"', "")
            assert hidden_text == missing_text, f"{path} tells a hidden asset from a missing one"
    probe.assert_no_hidden_terms(text, BULK_CHANGE["owner"])


def html_edit_page(probe: Probe, asset_id: int) -> None:
    """A curator's edit form: hidden answers like missing; a visible one links and names only visible ones."""
    if asset_id not in probe.visible:
        admin = Probe(probe.world, probe.client, replace(probe.principal, role="admin"))
        if not probe.principal.anonymous:
            assert_hidden_like_missing(admin, "/assets/{}/edit", asset_id)
        return
    response = probe.get(f"/assets/{asset_id}/edit", None, probe.as_role("admin"))
    if probe.principal.anonymous:
        assert response.status_code in (303, 401, 403)
        return
    assert response.status_code == 200
    probe.assert_visible(parse_page(response).links, "edit form links")
    probe.assert_no_hidden_terms(response.get_data(as_text=True))
