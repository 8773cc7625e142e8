"""Targeted attacks: a unique term that only a hidden asset carries, `field:value` typed into the box, sorts
on fields the user may not see, changes of classification and clearance taking effect on the next request,
caching headers, and 404 parity between hidden and missing assets on every asset route."""

from __future__ import annotations

import html
import itertools
import json
from datetime import UTC
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from leak_channels import CHANNELS
from leak_probe import Probe, assert_hidden_like_missing, headers_for, parse_page
from leak_queries import QueryCase
from leak_world import CURATOR_NAME, GROUPS, LEVELS, World, load_world
from markupsafe import escape

from catalogue.access import Principal
from search.analysis import sort_title

# READER sees no planted term: each is in an asset above OFFICIAL or restricted to groups
READER = Principal("reader", "OFFICIAL")
EVERYONE = Principal("everyone", "SECRET", frozenset(GROUPS))
ADMIN = Principal(CURATOR_NAME, "SECRET", frozenset(GROUPS), role="admin")
NOWHERE = "xjvqxjvqx"  # in no asset, and no typo away from any word


def _get(client: Any, principal: Principal, path: str, **args: Any) -> Any:
    return client.get(path, query_string=args, headers=headers_for(principal))


def _masked(response: Any, typed: str) -> str:
    """The answer with what was typed (raw, and as the page's own links encode it) replaced by one mark."""
    text = response.get_data(as_text=True)
    forms = {typed, quote(typed), quote_plus(typed), quote(typed, safe=""), json.dumps(typed)[1:-1]}
    forms |= {str(escape(form)) for form in forms} | {html.escape(form) for form in forms}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "{typed}")
    return text


def _like_nothing(
    client: Any, principal: Principal, path: str, typed: str, nothing: str, **args: Any
) -> None:
    """The answer for `typed` is the answer for a word that exists nowhere, byte for byte (once masked)."""
    found = _get(client, principal, path, q=typed, **args)
    baseline = _get(client, principal, path, q=nothing, **args)
    assert found.status_code == baseline.status_code
    assert _masked(found, typed) == _masked(baseline, nothing), f"{path}?q={typed} tells hidden from missing"


# ----- a unique term that exists only in a hidden asset --------------------------------------------------


def _nothing_like(term: str) -> str:
    return (NOWHERE * 3)[: len(term)]


@pytest.mark.parametrize("form", ["term", "typo", "prefix", "phrase", "exclusion", "or"])
def test_a_term_only_hidden_assets_carry_answers_like_a_word_that_exists_nowhere(
    world: World, leak_client: Any, form: str
) -> None:
    for term, asset_id in world.planted.items():
        assert asset_id not in world.visible(READER)
        typed, nothing = {
            "term": (term, _nothing_like(term)),
            "typo": (term[:-1] + "q", _nothing_like(term)),
            "prefix": (term[:4] + "*", NOWHERE[:4] + "*"),
            "phrase": (f'"{term} records"', f'"{_nothing_like(term)} records"'),
            "exclusion": (f"parking -{term}", f"parking -{_nothing_like(term)}"),
            "or": (f"{term} OR {NOWHERE}", f"{_nothing_like(term)} OR {NOWHERE}"),
        }[form]
        for path in ("/api/v1/search", "/search", "/api/v1/suggest"):
            _like_nothing(leak_client, READER, path, typed, nothing)
        _like_nothing(leak_client, READER, "/api/v1/search", typed, nothing, sort="title", per_page=5)
        if form in ("term", "prefix"):  # the asset carries it: someone cleared for it finds it
            owner_of_term = Principal("cleared", "SECRET", frozenset(world.assets[asset_id].access_groups))
            body = _get(leak_client, owner_of_term, "/api/v1/search", q=typed, per_page=100).get_json()
            assert asset_id in {hit["id"] for hit in body["results"]}


def test_a_hidden_term_gives_no_hit_count_facet_suggestion_or_snippet(world: World, leak_client: Any) -> None:
    for term in world.planted:
        body = _get(leak_client, READER, "/api/v1/search", q=term).get_json()
        assert (body["total"], body["results"], body["fuzzy"]) == (0, [], False)
        assert all(buckets == [] for buckets in body["facets"].values())
        assert _get(leak_client, READER, "/api/v1/suggest", q=term[:5]).get_json()["suggestions"] == []
        page = _get(leak_client, READER, "/search", q=term)
        assert parse_page(page).totals == [0]
        assert not parse_page(page).result_ids
        assert "<mark>" not in page.get_data(as_text=True)
        assert "similar spellings" not in page.get_data(as_text=True)


def test_a_hidden_facet_value_is_never_offered(world: World, leak_client: Any) -> None:
    hidden_values = {
        value
        for asset_id in set(world.assets) - world.visible(READER)
        for value in (world.assets[asset_id].owner, world.assets[asset_id].department)
        if value
        and not any(
            value == world.assets[i].owner or value == world.assets[i].department
            for i in world.visible(READER)
        )
    }
    assert hidden_values, "the world has owners or departments only hidden assets carry"
    body = _get(leak_client, READER, "/api/v1/search", per_page=1).get_json()
    offered = {b["value"] for facet in ("owner", "department") for b in body["facets"][facet]}
    assert not offered & hidden_values
    for path in ("/", "/search"):
        text = _get(leak_client, READER, path).get_data(as_text=True)
        assert not [v for v in hidden_values if v in text]


# ----- field:value typed into the box ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "classification:SECRET",
        "classification:OFFICIAL-SENSITIVE",
        "access_groups:hr",
        "owner:Ms",
        "source:share",
    ],
)
def test_field_value_typed_into_the_box_is_read_as_words(world: World, leak_client: Any, typed: str) -> None:
    for principal in (READER, EVERYONE):
        probe = Probe(world, leak_client, principal)
        case = QueryCase(typed, per_page=100)
        expected = probe.expected_search(case, 20)
        body = _get(leak_client, principal, "/api/v1/search", q=typed, per_page=100).get_json()
        assert body["total"] == expected.total
        assert {hit["id"] for hit in body["results"]} == expected.ids
        probe.assert_visible(expected.ids, typed)
    if typed == "classification:SECRET":  # not a filter: far fewer than every SECRET asset
        secret = [i for i, a in world.assets.items() if a.classification == "SECRET"]
        body = _get(leak_client, EVERYONE, "/api/v1/search", q=typed).get_json()
        assert body["total"] < len(secret)


def test_owner_of_a_hidden_asset_typed_as_field_value_finds_nothing(world: World, leak_client: Any) -> None:
    owner_term = next(
        t for t in world.planted if (world.assets[world.planted[t]].owner or "").lower().endswith(t)
    )
    for path in ("/api/v1/search", "/search"):
        _like_nothing(leak_client, READER, path, f"owner:{owner_term}", f"owner:{_nothing_like(owner_term)}")


# ----- sorting on a field the user may not see ------------------------------------------------------------


@pytest.mark.parametrize(
    "sort", ["classification", "access_groups", "owner", "steward", "-classification", "id"]
)
def test_a_sort_on_another_field_is_refused_or_ignored(world: World, leak_client: Any, sort: str) -> None:
    refused = _get(leak_client, READER, "/api/v1/search", q="parking", sort=sort)
    assert refused.status_code == 400
    assert set(refused.get_json()["error"]["details"]) == {"sort"}
    for query in ("", "parking", "housing OR tax"):
        asked = parse_page(_get(leak_client, EVERYONE, "/search", q=query, sort=sort, per_page=20))
        relevance = parse_page(_get(leak_client, EVERYONE, "/search", q=query, per_page=20))
        assert asked.result_ids == relevance.result_ids  # the same order: nothing sorted by that field


def test_sorting_by_title_or_date_orders_only_visible_values(world: World, leak_client: Any) -> None:
    """The first page of a sorted browse is the start of the visible assets in that order: a hidden asset
    neither takes a place nor moves one."""
    probe = Probe(world, leak_client, READER)
    for sort in ("title", "modified"):
        body = _get(leak_client, READER, "/api/v1/search", sort=sort, per_page=100).get_json()
        expected = probe.expected_search(QueryCase(sort=sort, per_page=100), 20)
        assert body["total"] == expected.total == len(probe.visible)
        hits = [world.assets[hit["id"]] for hit in body["results"]]
        probe.assert_visible([a.id for a in hits], sort)
        if sort == "title":
            assert [sort_title(a.title) for a in hits] == expected.title_order()[:100]
        else:
            got = [a.modified_at_source.replace(tzinfo=UTC) if a.modified_at_source else None for a in hits]
            assert got == expected.modified_order()[:100]


# ----- changes take effect on the next request -------------------------------------------------------------


def _every_channel(world: World, client: Any, principal: Principal, asset_id: int, title: str) -> None:
    probe = Probe(world, client, principal)
    cases = [QueryCase(title), QueryCase(title.split()[0] + "*"), QueryCase(""), QueryCase(title[:4])]
    for channel in CHANNELS:
        if channel.scope == "principal":
            channel.check(probe)
        for case in cases if channel.scope == "query" else [asset_id] if channel.scope == "asset" else []:
            channel.check(probe, case)


def test_raising_a_classification_hides_the_asset_on_the_next_request_everywhere(
    fresh_world: tuple[World, Any],
) -> None:
    world, client = fresh_world
    store = world.catalogue.store
    target = next(
        i for i in sorted(world.visible(READER)) if world.parent_of[i] is not None and world.assets[i].title
    )
    title = world.assets[target].title
    assert target in {h["id"] for h in _get(client, READER, "/api/v1/search", q=title).get_json()["results"]}
    assert _get(client, READER, f"/assets/{target}").status_code == 200
    for level in LEVELS[1:]:
        version = store.asset_page(target, ADMIN, children_limit=0).asset.version
        store.curate(target, {"classification": level}, ADMIN, version)
        after = load_world(
            world.catalogue,
            {t: f"{world.source_of[i]}/{world.assets[i].key}" for t, i in world.planted.items()},
        )
        assert target not in after.visible(READER)
        _every_channel(after, client, READER, target, title)
        assert _get(client, READER, f"/assets/{target}").status_code == 404
        hits = _get(client, READER, "/api/v1/search", q=title, per_page=100).get_json()["results"]
        assert target not in {h["id"] for h in hits}


def test_restricting_to_a_group_hides_the_asset_from_outsiders_on_the_next_request(
    fresh_world: tuple[World, Any],
) -> None:
    world, client = fresh_world
    store = world.catalogue.store
    target = next(i for i in sorted(world.visible(READER)) if world.assets[i].title)
    version = store.asset_page(target, ADMIN, children_limit=0).asset.version
    store.curate(target, {"access_groups": ["hr"]}, ADMIN, version)
    after = load_world(
        world.catalogue, {t: f"{world.source_of[i]}/{world.assets[i].key}" for t, i in world.planted.items()}
    )
    outsider, member = READER, Principal("member", "OFFICIAL", frozenset({"hr"}))
    _every_channel(after, client, outsider, target, world.assets[target].title)
    _every_channel(after, client, member, target, world.assets[target].title)
    assert _get(client, member, f"/api/v1/assets/{target}").status_code == 200
    assert _get(client, outsider, f"/api/v1/assets/{target}").status_code == 404


def test_a_lowered_clearance_takes_effect_on_the_next_request(world: World, leak_client: Any) -> None:
    """The same person, cleared SECRET on one request and OFFICIAL on the next (the loader reads the
    principal afresh every request; nothing about what they saw before is kept)."""
    secret_only = sorted(world.visible(Principal("s", "SECRET")) - world.visible(READER))
    target = secret_only[0]
    before = Principal("same person", "SECRET")
    assert _get(leak_client, before, f"/api/v1/assets/{target}").status_code == 200
    assert _get(leak_client, before, "/api/v1/search").get_json()["total"] == len(world.visible(before))
    after = Principal("same person", "OFFICIAL")
    assert _get(leak_client, after, f"/api/v1/assets/{target}").status_code == 404
    assert _get(leak_client, after, f"/assets/{target}").status_code == 404
    body = _get(leak_client, after, "/api/v1/search", per_page=1).get_json()
    assert body["total"] == len(world.visible(after))
    assert [b["value"] for b in body["facets"]["classification"]] == ["OFFICIAL"]


# ----- caching and 404 parity on every route ----------------------------------------------------------------


def _routes(client: Any) -> list[Any]:
    return [
        rule
        for rule in client.application.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    ]


def _path(rule: Any, ids: dict[str, int]) -> str | None:
    try:
        return str(rule.build({name: ids.get(name, 1) for name in rule.arguments}, append_unknown=False)[1])
    except Exception:
        return None


def test_every_page_and_api_answer_to_a_signed_in_principal_is_private_and_not_stored(
    world: World, leak_client: Any
) -> None:
    visible = sorted(world.visible(EVERYONE))
    hidden = sorted(set(world.assets) - world.visible(READER))
    checked = 0
    for principal, asset_id in ((EVERYONE, visible[0]), (READER, hidden[0]), (READER, world.missing_id())):
        for role in ("viewer", "admin"):
            headers = {**headers_for(principal), "X-Test-Role": role}
            for rule in _routes(leak_client):
                path = _path(rule, {"asset_id": asset_id, "source_id": 1, "run_id": 1})
                if path is None:
                    continue
                response = leak_client.get(path, headers=headers)
                cache = response.headers.get("Cache-Control", "")
                assert {"private", "no-store"} <= {p.strip() for p in cache.split(",")}, (
                    f"{path} ({response.status_code}) as {principal.name}/{role}: Cache-Control {cache!r}"
                )
                checked += 1
    assert checked > 30


def test_every_asset_route_answers_a_hidden_id_exactly_like_a_missing_one(
    world: World, leak_client: Any
) -> None:
    asset_rules = [rule for rule in _routes(leak_client) if "asset_id" in rule.arguments]
    assert {"/assets/<int:asset_id>", "/api/v1/assets/<int(max=9223372036854775807):asset_id>"} <= {
        r.rule for r in asset_rules
    }
    people = [("OFFICIAL", ()), ("SECRET", ("hr",)), ("", ())]
    for (clearance, groups), role in itertools.product(people, ("viewer", "curator", "admin")):
        probe = Probe(world, leak_client, Principal("p", clearance, frozenset(groups), role=role))
        hidden = sorted(set(world.assets) - probe.visible)[:5]
        for rule in asset_rules:
            template = _path(rule, {"asset_id": 987654321})
            assert template is not None
            template = template.replace("987654321", "{}")
            for asset_id in hidden:
                # a page the role may not open at all may refuse both alike (403); otherwise 404
                expected = None if role == "viewer" else 404
                assert_hidden_like_missing(probe, template, asset_id, expected)


# ----- every endpoint is attacked, or declared to show no asset --------------------------------------------

# Endpoints that show no asset (or only the caller's own input), each with why. A new endpoint must be added
# either to leak_channels.CHANNELS or here, so nobody adds a channel the attack does not cover.
ASSETLESS = {
    "static": "files of the front end",
    "health.health": "store and search status only (its search query may see nothing)",
    "api.openapi_document": "the API's description",
    "api.get_run": "a run: its report is for admins (test_fixed_leaks)",
    "api.create_source": "admin write; answers the source (its asset count as api.get_source)",
    "api.patch_source": "admin write; answers the source (its asset count as api.get_source)",
    "api.start_run": "admin write; answers the run",
    "api.confirm_run": "admin write; answers the run",
    "api.test_connection": "admin: the source system answers, not the catalogue",
    "api.patch_asset": "tested in tests/api/test_access.py (hidden and missing answer alike)",
    "sources.new": "admin form",
    "sources.edit": "admin form for a source's settings",
    "sources.enable": "admin write, redirects",
    "sources.disable": "admin write, redirects",
    "sources.harvest": "admin write, redirects",
    "sources.confirm": "admin write, redirects",
    "sources.test_connection": "admin: the source system answers, not the catalogue",
    "curation.save": "write; test_a_bulk_or_single_edit_of_a_hidden_asset_changes_and_tells_nothing",
    "bulk.apply_edit": "write; test_a_bulk_or_single_edit_of_a_hidden_asset_changes_and_tells_nothing",
    "auth.account": "the user's own account and tokens",
    "auth.create_token": "the user's own tokens",
    "auth.revoke_token": "the user's own tokens",
    "auth.sign_in_form": "sign-in",
    "auth.sign_in": "sign-in",
    "auth.sign_out": "sign-out",
    "auth.oidc_start": "sign-in",
    "auth.oidc_callback": "sign-in",
    "users.index": "admin: users, their roles and clearances (no assets)",
    "users.new": "admin form to add a user",
    "users.edit": "admin form for a user's settings",
    "api.list_users": "admin: users, their roles and clearances (no assets)",
    "api.create_user": "admin write; answers the user",
    "api.get_user": "admin: one user's settings",
    "api.patch_user": "admin write; answers the user",
}


def test_every_endpoint_is_attacked_or_declared_to_show_no_asset(leak_client: Any) -> None:
    endpoints = {rule.endpoint for rule in leak_client.application.url_map.iter_rules()}
    attacked = {endpoint for channel in CHANNELS for endpoint in channel.endpoints}
    assert attacked <= endpoints, f"channels name endpoints that do not exist: {attacked - endpoints}"
    uncovered = endpoints - attacked - set(ASSETLESS)
    assert not uncovered, f"add these to leak_channels.CHANNELS, or to ASSETLESS with a reason: {uncovered}"


def test_a_bulk_or_single_edit_of_a_hidden_asset_changes_and_tells_nothing(
    fresh_world: tuple[World, Any],
) -> None:
    world, client = fresh_world
    curator = Principal("curator", "OFFICIAL", role="admin")
    hidden = sorted(set(world.assets) - world.visible(curator))[:5]
    missing = world.missing_id()
    versions = {i: world.assets[i].version for i in hidden}
    headers = headers_for(curator)
    for ids in ([*hidden], [missing]):
        body = {"ids": ids, "set": {"owner": "Mallory"}, "dry_run": False}
        answer = client.post("/api/v1/assets/bulk", json=body, headers=headers).get_json()
        assert answer["items"] == []
        assert answer["counts"]["not_found"] == len(ids)
    for asset_id in (hidden[0], missing):
        form = {"scope": "selected", "asset": str(asset_id), "owner": "Mallory", "versions": "{}"}
        page = client.post("/bulk-edit/apply", data=form, headers=headers)
        assert page.status_code == 200
        assert f"/assets/{asset_id}" not in page.get_data(as_text=True)
        saved = client.post(
            f"/assets/{asset_id}/edit", data={"owner": "Mallory", "version": "1"}, headers=headers
        )
        assert saved.status_code == 404
    probe = Probe(world, client, curator)
    assert_hidden_like_missing(probe, "/assets/{}/edit", hidden[0])
    store = world.catalogue.store
    for asset_id in hidden:
        asset = store.asset_page(asset_id, ADMIN, children_limit=0).asset
        assert (asset.version, asset.owner) == (versions[asset_id], world.assets[asset_id].owner)
