"""The channel table: every endpoint that shows assets, with what it may show a principal.

Each `Channel` names an endpoint and a check. A check makes the request as the probe's principal and
asserts that every id, count, facet bucket, suggestion and row in the answer belongs to what the brute-force
oracle says the principal may see (and, where the channel promises exactness, equals it). Every check also
scans the whole answer for the planted terms of assets the principal may not see.

Scopes: `query` checks run once per random query case, `asset` checks once per asset id tried (visible,
hidden or missing), `principal` checks once per principal. To cover a new endpoint, add a row to CHANNELS.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict

from leak_channels_curation import (
    api_audit,
    api_bulk_dry_run,
    api_my_assets,
    html_audit,
    html_bulk_preview,
    html_edit_page,
    html_my_assets,
)
from leak_probe import Channel, Probe, assert_hidden_like_missing, parse_page
from leak_queries import QueryCase

from search.backend import FACET_NAMES

HTML_FACET_SIZE = 25  # catalogue.web.search_view.FACET_SIZE
HTML_FACETS_SHOWN = 10  # catalogue.web.search_view.SHOWN_VALUES
API_FACET_SIZE = 20
HOME_DEPARTMENTS = 8


# ----- query channels ------------------------------------------------------------------------------------


def api_search(probe: Probe, case: QueryCase) -> None:
    response = probe.get("/api/v1/search", case.args())
    if not case.valid_sort:  # a sort on any other field is refused, whatever it is
        assert response.status_code == 400, response.status_code
        assert response.get_json()["error"]["details"] == {
            "sort": "must be one of relevance, modified, title"
        }
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    expected = probe.expected_search(case, API_FACET_SIZE)
    ids = [hit["id"] for hit in body["results"]]
    probe.assert_visible(ids, "results")
    assert set(ids) <= expected.ids, f"results the query does not match: {sorted(set(ids) - expected.ids)}"
    assert body["total"] == expected.total, (body["total"], expected.total)
    assert len(ids) == max(0, min(case.per_page, expected.total - (case.page - 1) * case.per_page))
    assert body["fuzzy"] == expected.fuzzy
    for facet in FACET_NAMES:
        got = [(b["value"], b["count"], b["selected"]) for b in body["facets"][facet]]
        want = [(b.value, b.count, b.selected) for b in expected.facets[facet]]
        assert got == want, f"facet {facet}: {got} != {want}"
    probe.assert_no_hidden_terms(response.get_data(as_text=True), case.typed)


def html_search(probe: Probe, case: QueryCase) -> None:
    response = probe.get("/search", case.args())
    assert response.status_code == 200, response.status_code
    page = parse_page(response)
    # the page reads a sort it does not offer as relevance: never an order by a field the user cannot see
    expected = probe.expected_search(case, HTML_FACET_SIZE, case.sort if case.valid_sort else "relevance")
    assert page.totals == [expected.total], (page.totals, expected.total)
    probe.assert_visible(page.result_ids, "results")
    probe.assert_visible(page.links, "links")
    assert page.selectable in ([], page.result_ids), "bulk edit checkboxes are not the results"
    edit_all = re.search(r"Edit all ([\d,]+) results", response.get_data(as_text=True))
    assert edit_all is None or int(edit_all.group(1).replace(",", "")) == expected.total
    assert set(page.result_ids) <= expected.ids
    assert len(page.result_ids) == max(
        0, min(case.per_page, expected.total - (case.page - 1) * case.per_page)
    )
    for facet in FACET_NAMES:
        buckets = expected.facets[facet]
        shown = buckets[:HTML_FACETS_SHOWN] + [b for b in buckets[HTML_FACETS_SHOWN:] if b.selected]
        want = [(b.value, b.count, b.selected) for b in shown]
        assert page.facets.get(facet, []) == want, f"facet {facet}: {page.facets.get(facet)} != {want}"
    probe.assert_no_hidden_terms(response.get_data(as_text=True), case.typed)


def api_suggest(probe: Probe, case: QueryCase) -> None:
    response = probe.get("/api/v1/suggest", [("q", case.query)])
    assert response.status_code == 200
    ids = [s["id"] for s in response.get_json()["suggestions"]]
    probe.assert_visible(ids, "suggestions")
    allowed = probe.world.oracle.suggestion_candidates(case.query[:200], probe.world.access(probe.principal))
    assert set(ids) <= allowed, f"suggestions outside the oracle's: {sorted(set(ids) - allowed)}"
    probe.assert_no_hidden_terms(response.get_data(as_text=True), case.typed)


# ----- asset channels ------------------------------------------------------------------------------------


def _visible_children(probe: Probe, asset_id: int) -> int:
    return sum(
        1 for child, parent in probe.world.parent_of.items() if parent == asset_id and child in probe.visible
    )


def html_asset(probe: Probe, asset_id: int) -> None:
    if asset_id not in probe.visible:
        assert_hidden_like_missing(probe, "/assets/{}", asset_id)
        return
    response = probe.get(f"/assets/{asset_id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    page = parse_page(response)
    probe.assert_visible(page.links, "parent, children, application and data store links")
    children = _visible_children(probe, asset_id)
    shown = re.search(r"Contains ([\d,]+) assets?", text)
    assert (int(shown.group(1).replace(",", "")) if shown else 0) == children
    parent = probe.world.parent_of[asset_id]
    if parent is not None and parent in probe.visible:
        assert parent in page.links, "the visible parent is not linked"
    probe.assert_no_hidden_terms(text)


def api_asset(probe: Probe, asset_id: int) -> None:
    if asset_id not in probe.visible:
        assert_hidden_like_missing(probe, "/api/v1/assets/{}", asset_id)
        return
    response = probe.get(f"/api/v1/assets/{asset_id}")
    assert response.status_code == 200
    body = response.get_json()
    parent = probe.world.parent_of[asset_id]
    assert (body["parent"] or {}).get("id") == (parent if parent in probe.visible else None)
    assert body["children_count"] == _visible_children(probe, asset_id)
    application = body["application_id"]
    if application is not None:
        probe.assert_visible([application], "application")
        assert application in probe.world.application_ids.get(body["application"], [])
    else:
        titles = probe.world.application_ids.get(body.get("application") or "", [])
        assert not set(titles) & probe.visible, "a visible application is not linked"
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


def api_history(probe: Probe, asset_id: int) -> None:
    if asset_id not in probe.visible:
        assert_hidden_like_missing(probe, "/api/v1/assets/{}/history", asset_id)
        return
    response = probe.get(f"/api/v1/assets/{asset_id}/history")
    assert response.status_code == 200
    assert response.get_json()["changes"], "every asset has at least its creation in its history"
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


# ----- principal channels --------------------------------------------------------------------------------


def home_page(probe: Probe) -> None:
    response = probe.get("/")
    assert response.status_code == 200
    page = parse_page(response)
    kinds = {d["data-kind"]: int(d["data-count"]) for d in page.data if "data-kind" in d}
    assert kinds == dict(Counter(probe.world.assets[i].kind for i in probe.visible))
    assert page.totals == ([len(probe.visible)] if probe.visible else [])
    departments = [(d["data-department"], int(d["data-count"])) for d in page.data if "data-department" in d]
    expected = probe.expected_search(QueryCase(per_page=1), HOME_DEPARTMENTS).facets["department"]
    assert departments == [(b.value, b.count) for b in expected]
    probe.assert_visible(page.links, "links")
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


def export_csv(probe: Probe) -> None:
    response = probe.get("/api/v1/export/assets.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    ids = [int(row["ID"]) for row in rows]
    assert len(ids) == len(set(ids))
    assert set(ids) == probe.visible, "the export is not exactly the visible register"
    probe.assert_no_hidden_terms(text)


def export_xlsx(probe: Probe) -> None:
    from openpyxl import load_workbook

    response = probe.get("/api/v1/export/assets.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    ids = [int(row[0]) for row in rows[1:]]  # type: ignore[arg-type]
    assert set(ids) == probe.visible
    assert len(ids) == len(set(ids))
    probe.assert_no_hidden_terms(" ".join(str(v) for row in rows for v in row if v is not None))


def _expected_duplicates(probe: Probe, kind: str) -> dict[str, set[int]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for asset_id in probe.visible:
        asset = probe.world.assets[asset_id]
        key = asset.content_hash if kind == "files" else asset.schema_fingerprint
        if not key or asset.lifecycle != "active":
            continue
        if kind == "files" and asset.size_bytes == 0:
            continue
        groups[key].add(asset_id)
    return {key: ids for key, ids in groups.items() if len(ids) >= 2}


def api_duplicates(probe: Probe) -> None:
    for kind in ("files", "tables"):
        response = probe.get("/api/v1/duplicates", [("kind", kind), ("per_page", "100")])
        assert response.status_code == 200
        body = response.get_json()
        expected = _expected_duplicates(probe, kind)
        got = {g["key"]: {a["id"] for a in g["assets"]} for g in body["groups"]}
        assert got == expected, f"{kind}: {got} != {expected}"
        assert body["total_groups"] == len(expected)
        assert all(g["count"] == len(expected[g["key"]]) for g in body["groups"])
        sizes = {i: probe.world.assets[i].size_bytes or 0 for ids in expected.values() for i in ids}
        wasted = sum(sum(sizes[i] for i in ids) - max(sizes[i] for i in ids) for ids in expected.values())
        assert body["wasted_bytes"] == wasted
        probe.assert_no_hidden_terms(response.get_data(as_text=True))


def html_duplicates(probe: Probe) -> None:
    for kind in ("files", "tables"):
        response = probe.get("/duplicates", [("kind", kind)])
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        page = parse_page(response)
        probe.assert_visible(page.links, "duplicate members")
        expected = _expected_duplicates(probe, kind)
        shown = re.search(r"([\d,]+) groups? of duplicates", text)
        assert (int(shown.group(1).replace(",", "")) if shown else 0) == len(expected)
        assert page.links == set().union(*expected.values())  # one page holds every group here
        probe.assert_no_hidden_terms(text)


def _expected_per_source(probe: Probe) -> dict[str, int]:
    return dict(Counter(probe.world.source_of[i] for i in probe.visible))


def api_sources(probe: Probe) -> None:
    response = probe.get("/api/v1/sources")
    assert response.status_code == 200
    sources = response.get_json()["sources"]
    expected = _expected_per_source(probe)
    assert {s["name"]: s["asset_count"] for s in sources} == {
        s["name"]: expected.get(s["name"], 0) for s in sources
    }
    for source in sources:
        one = probe.get(f"/api/v1/sources/{source['id']}")
        assert one.get_json()["asset_count"] == expected.get(source["name"], 0)
        runs = probe.get(f"/api/v1/sources/{source['id']}/runs")
        probe.assert_no_hidden_terms(runs.get_data(as_text=True))
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


def html_sources(probe: Probe) -> None:
    response = probe.get("/sources")
    assert response.status_code == 200
    page = parse_page(response)
    expected = _expected_per_source(probe)
    counts = {d["data-source"]: int(d["data-asset-count"]) for d in page.data if "data-source" in d}
    assert counts == {name: expected.get(name, 0) for name in counts}
    assert counts, "no source listed"
    for link in re.findall(r'href="(/sources/\d+)"', response.get_data(as_text=True)):
        shown = probe.get(link)
        text = shown.get_data(as_text=True)
        name = re.search(r"Name\s*</dt>\s*<dd[^>]*>\s*([^<\s]+)", text)
        assert name, "the source page does not name the source"
        counts = [int(d["data-asset-count"]) for d in parse_page(shown).data if "data-asset-count" in d]
        assert counts == ([expected[name.group(1)]] if expected.get(name.group(1)) else [])
        probe.assert_visible(parse_page(shown).links, "links")
        probe.assert_no_hidden_terms(text)
    probe.assert_no_hidden_terms(response.get_data(as_text=True))


CHANNELS: tuple[Channel, ...] = (
    Channel("GET /api/v1/search", "query", api_search, ("api.search",)),
    Channel("GET /search", "query", html_search, ("pages.search",)),
    Channel("GET /api/v1/suggest", "query", api_suggest, ("api.suggest",)),
    Channel("GET /assets/<id>", "asset", html_asset, ("pages.asset",)),
    Channel("GET /api/v1/assets/<id>", "asset", api_asset, ("api.get_asset",)),
    Channel("GET /api/v1/assets/<id>/history", "asset", api_history, ("api.asset_history",)),
    Channel("GET /", "principal", home_page, ("pages.home",)),
    Channel("GET /api/v1/export/assets.csv", "principal", export_csv, ("api.export_assets_csv",)),
    Channel("GET /api/v1/export/assets.xlsx", "principal", export_xlsx, ("api.export_assets_xlsx",)),
    Channel("GET /api/v1/duplicates", "principal", api_duplicates, ("api.duplicates",)),
    Channel("GET /duplicates", "principal", html_duplicates, ("pages.duplicates",)),
    Channel(
        "GET /api/v1/sources[/<id>[/runs]]",
        "principal",
        api_sources,
        ("api.list_sources", "api.get_source", "api.list_runs"),
    ),
    Channel("GET /sources[/<id>]", "principal", html_sources, ("sources.index", "sources.show")),
    Channel("GET /api/v1/me/assets", "principal", api_my_assets, ("api.me_assets",)),
    Channel("GET /my-assets", "principal", html_my_assets, ("curation.mine",)),
    Channel("GET /api/v1/audit", "principal", api_audit, ("api.audit_events",)),
    Channel("GET /admin/audit[.csv]", "principal", html_audit, ("audit.index", "audit.export")),
    Channel("POST /api/v1/assets/bulk (dry run)", "query", api_bulk_dry_run, ("api.bulk_edit",)),
    Channel("POST /bulk-edit[/preview]", "asset", html_bulk_preview, ("bulk.start", "bulk.preview")),
    Channel("GET /assets/<id>/edit", "asset", html_edit_page, ("curation.edit",)),
)
