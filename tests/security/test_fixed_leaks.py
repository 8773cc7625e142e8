"""One test per leak found by the attack and fixed, each failing before its fix; and the leak still open."""

from __future__ import annotations

import csv
import io
from typing import Any

from leak_probe import headers_for, parse_page
from leak_world import GROUPS, World

from catalogue.access import Principal
from catalogue.models import HarvestRun, RunError, Source

READER = Principal("reader", "OFFICIAL")
EVERYONE = Principal("everyone", "SECRET", frozenset(GROUPS))


def _as(principal: Principal, role: str = "viewer") -> dict[str, str]:
    return {**headers_for(principal), "X-Test-Role": role}


def _per_source(world: World, principal: Principal) -> dict[str, int]:
    counts = dict.fromkeys(set(world.source_of.values()), 0)
    for asset_id in world.visible(principal):
        counts[world.source_of[asset_id]] += 1
    return counts


def test_a_sources_asset_count_counts_only_what_the_reader_may_see(world: World, leak_client: Any) -> None:
    """Leak fixed: `SourceService.summaries` counted every asset of a source, hidden ones too, on the API's
    source list and record and on the sources pages."""
    assert _per_source(world, READER) != _per_source(world, EVERYONE)
    for principal in (READER, EVERYONE):
        expected = _per_source(world, principal)
        sources = leak_client.get("/api/v1/sources", headers=_as(principal)).get_json()["sources"]
        assert {s["name"]: s["asset_count"] for s in sources} == expected
        for source in sources:
            one = leak_client.get(f"/api/v1/sources/{source['id']}", headers=_as(principal)).get_json()
            assert one["asset_count"] == expected[source["name"]]
            page = parse_page(leak_client.get(f"/sources/{source['id']}", headers=_as(principal)))
            count = expected[source["name"]]
            assert [int(d["data-asset-count"]) for d in page.data if "data-asset-count" in d] == (
                [count] if count else []  # "None yet"
            )
        index = parse_page(leak_client.get("/sources", headers=_as(principal)))
        shown = {d["data-source"]: int(d["data-asset-count"]) for d in index.data if "data-source" in d}
        assert shown == expected


def _event_assets(rows: list[dict[str, Any]]) -> set[int]:
    return {int(r["target_id"]) for r in rows if r["target_type"] == "asset"}


def test_the_audit_log_shows_an_admin_no_event_about_an_asset_they_may_not_see(
    world: World, leak_client: Any
) -> None:
    """Leak fixed: the audit log (page, CSV and API) listed every asset edit, with the asset's title and
    its old and new values, to any admin whatever their clearance and groups."""

    def events_about(principal: Principal) -> set[int]:
        query = {"per_page": 200}
        return _event_assets(
            leak_client.get("/api/v1/audit", query_string=query, headers=_as(principal, "admin")).get_json()[
                "events"
            ]
        )

    everything = events_about(EVERYONE)
    assert len(everything) >= len(world.assets) // 6 - 1  # the curated edits are all there
    for principal in (READER, Principal("hr", "SECRET", frozenset({"hr"}))):
        headers = _as(principal, "admin")
        visible = world.visible(principal)
        about = events_about(principal)
        assert about == everything & visible  # every event about a visible asset, none about a hidden one
        assert about < everything
        text = leak_client.get("/admin/audit.csv", headers=headers).get_data(as_text=True).lstrip("\ufeff")
        assert _event_assets(list(csv.DictReader(io.StringIO(text)))) == about
        page = leak_client.get("/admin/audit", query_string={"per_page": 200}, headers=headers)
        titles = {world.assets[i].title for i in everything - visible} - {
            world.assets[i].title for i in visible
        }
        assert not [t for t in titles if t in page.get_data(as_text=True)]


def test_events_about_assets_of_a_removed_source_are_for_the_highest_clearance(
    fresh_world: tuple[World, Any],
) -> None:
    """Leak fixed: once an asset is gone from the store, no visibility rule can be applied to it, so its
    events (title, old and new values) would be shown to every admin."""
    world, client = fresh_world
    removed = {i for i, source in world.source_of.items() if source == "other-share"}
    world.catalogue.sources.remove("other-share", "test", delete_assets=True)

    def events_about(principal: Principal) -> set[int]:
        headers = _as(principal, "admin")
        body = client.get("/api/v1/audit", query_string={"per_page": 200}, headers=headers).get_json()
        return _event_assets(body["events"])

    edited = events_about(Principal("top", "SECRET")) & removed
    assert edited, "some assets of the removed source had curated edits"
    for lower in (READER, Principal("sensitive", "OFFICIAL-SENSITIVE", frozenset(GROUPS))):
        assert not events_about(lower) & removed


def test_a_run_report_tells_a_reader_nothing_about_assets_they_may_not_see(
    world: World, leak_client: Any
) -> None:
    """Leak fixed: a harvest run's counts (which include hidden assets) and its error samples (keys of
    items, hidden ones too) were shown to every reader, on the API and the source's page. Readers now see a
    run's status and times; the full report is for admins."""
    hidden = sorted(set(world.assets) - world.visible(READER))[0]
    source_name = world.source_of[hidden]
    every_asset = sum(1 for s in world.source_of.values() if s == source_name)
    key = world.assets[hidden].key
    with world.catalogue.sessions.begin() as session:
        source = session.query(Source).filter_by(name=source_name).one()
        run = HarvestRun(source_id=source.id, status="partial", added=every_asset, failed=1)
        run.errors = [RunError(message="could not read", count=1, sample_keys=[key])]
        session.add(run)
        session.flush()
        source_id, run_id = source.id, run.id
    reports = [
        f"/api/v1/sources/{source_id}/runs",
        f"/api/v1/runs/{run_id}",
        f"/api/v1/sources/{source_id}",
        "/api/v1/sources",
        f"/sources/{source_id}",
    ]
    for path in reports:
        seen = leak_client.get(path, headers=_as(READER)).get_data(as_text=True)
        assert key not in seen, path
        assert '"added"' not in seen, path
        assert "Added" not in seen, path
        assert key in leak_client.get(path, headers=_as(READER, "admin")).get_data(as_text=True), path
    run_seen = leak_client.get(f"/api/v1/runs/{run_id}", headers=_as(READER)).get_json()
    assert (run_seen["id"], run_seen["status"]) == (run_id, "partial")
