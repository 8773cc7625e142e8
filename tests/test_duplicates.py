"""Duplicates: identical files (the same sha256, or a SharePoint file's quickXorHash matching share files'
sha256 group) and likely-identical tables (same schema fingerprint), grouped in SQL over the assets the
principal may see, on SQLite and PostgreSQL; the JSON API and the HTML page."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from sqlalchemy import update

from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.db import make_engine, make_sessionmaker, upgrade
from catalogue.duplicates import duplicate_groups
from catalogue.models import Asset
from catalogue.store import Store
from harvesters import quickxor
from harvesters.base import Record

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], "OFFICIAL-SENSITIVE")
OFFICIAL = Principal("reader", "OFFICIAL")
OFFICIAL_HR = Principal("hr-reader", "OFFICIAL", frozenset({"hr"}))
TOP = Principal("top", "SECRET", frozenset({"hr"}))
NOBODY = Principal("nobody", "UNKNOWN-LEVEL")

HASH_A = "sha256:aaaa"  # 3 copies of 1,000 bytes, one SECRET
HASH_B = "sha256:bbbb"  # 2 copies of 5,000 bytes, one SECRET
HASH_C = "sha256:cccc"  # 3 copies of 300 bytes, two restricted to hr
HASH_D = "sha256:dddd"  # a single copy
HASH_E = "sha256:eeee"  # 2 copies, one retired
FINGERPRINT = "cols:1234"  # 3 tables of 100, 400 and unknown bytes


def _file(key: str, content_hash: str, size: int, classification: str = "OFFICIAL", **extra: Any) -> Record:
    fields = {
        "title": f"File {key}",
        "kind": "file",
        "classification": classification,
        "content_hash": content_hash,
        "size_bytes": size,
        "location": f"\\\\files\\{key}",
        **extra,
    }
    return Record(key=key, fields=fields)


def _table(key: str, size: int | None) -> Record:
    fields = {"title": f"Table {key}", "kind": "table", "classification": "OFFICIAL"}
    fields["schema_fingerprint"] = FINGERPRINT
    if size is not None:
        fields["size_bytes"] = size
    return Record(key=key, fields=fields)


def fill(store: Store) -> dict[str, int]:
    """Two file sources and a database; short key -> asset id."""
    plan = {
        ("drive", "filesystem"): [
            _file("a1", HASH_A, 1000, modified_at_source="2024-03-01T09:00:00+00:00"),
            _file("a3", HASH_A, 1000, "SECRET"),
            _file("b1", HASH_B, 5000),
            _file("c1", HASH_C, 300),
            _file("d1", HASH_D, 9_999_999),
            _file("e1", HASH_E, 7000),
            _file("e2", HASH_E, 7000),
            _file("z1", "", 100),
            _file("z2", "", 100),
        ],
        ("sharepoint", "sharepoint"): [
            _file("a2", HASH_A, 1000, modified_at_source="2025-01-01T09:00:00+00:00"),
            _file("b2", HASH_B, 5000, "SECRET"),
            _file("c2", HASH_C, 300, access_groups=["hr"]),
            _file("c3", HASH_C, 300, access_groups=["hr"]),
        ],
        ("warehouse", "postgresql"): [_table("t1", 100), _table("t2", 400), _table("t3", None)],
    }
    ids: dict[str, int] = {}
    for (name, kind), records in plan.items():
        source = store.ensure_source(name, kind)
        counts = store.apply_records(source, records)
        ids.update(zip((r.key for r in records), counts.changed_ids, strict=True))
    with store.sessions.begin() as session:
        session.execute(update(Asset).where(Asset.id == ids["e2"]).values(lifecycle="retired"))
    return ids


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield Store(make_sessionmaker(engine), SCHEME)
    engine.dispose()


def groups_of(store: Store, principal: Principal, **options: Any) -> tuple[list[Any], int, int]:
    return duplicate_groups(store.sessions, store.scheme, principal, **options)


def summary(groups: list[Any]) -> list[tuple[str, int, int]]:
    return [(g.key, g.count, g.wasted_bytes) for g in groups]


# ----- the query, on each database ---------------------------------------------------------------------


def test_groups_ordered_by_waste_with_totals(store: Store) -> None:
    ids = fill(store)
    groups, total, wasted = groups_of(store, TOP)
    assert summary(groups) == [(HASH_B, 2, 5000), (HASH_A, 3, 2000), (HASH_C, 3, 600)]
    assert (total, wasted) == (3, 7600)
    a = groups[1]
    assert {m.id for m in a.assets} == {ids["a1"], ids["a2"], ids["a3"]}
    newest = a.assets[0]  # most recently modified first
    assert (newest.id, newest.source, newest.size_bytes) == (ids["a2"], "sharepoint", 1000)
    assert newest.modified is not None
    assert newest.modified.year == 2025
    assert newest.location == "\\\\files\\a2"
    assert newest.title == "File a2"


def test_hidden_copies_neither_appear_nor_count(store: Store) -> None:
    ids = fill(store)
    groups, total, wasted = groups_of(store, OFFICIAL)
    # A loses its SECRET copy; B and C fall below two visible members
    assert summary(groups) == [(HASH_A, 2, 1000)]
    assert (total, wasted) == (1, 1000)
    assert {m.id for m in groups[0].assets} == {ids["a1"], ids["a2"]}


def test_group_restriction(store: Store) -> None:
    fill(store)
    groups, total, wasted = groups_of(store, OFFICIAL_HR)
    assert summary(groups) == [(HASH_A, 2, 1000), (HASH_C, 3, 600)]
    assert (total, wasted) == (2, 1600)


def test_unknown_clearance_sees_nothing(store: Store) -> None:
    fill(store)
    assert groups_of(store, NOBODY) == ([], 0, 0)


def test_schema_fingerprint_groups(store: Store) -> None:
    ids = fill(store)
    groups, total, wasted = groups_of(store, OFFICIAL, kind="tables")
    # keep the largest (400); the others' known sizes are waste
    assert summary(groups) == [(FINGERPRINT, 3, 100)]
    assert (total, wasted) == (1, 100)
    assert {m.id for m in groups[0].assets} == {ids["t1"], ids["t2"], ids["t3"]}


def test_paging_keeps_totals(store: Store) -> None:
    fill(store)
    first, total, wasted = groups_of(store, TOP, page=1, per_page=2)
    second, total2, wasted2 = groups_of(store, TOP, page=2, per_page=2)
    beyond, total3, _ = groups_of(store, TOP, page=3, per_page=2)
    assert [g.key for g in first] == [HASH_B, HASH_A]
    assert [g.key for g in second] == [HASH_C]
    assert beyond == []
    assert total == total2 == total3 == 3
    assert wasted == wasted2 == 7600


def test_members_shown_are_capped_but_counted(store: Store) -> None:
    fill(store)
    groups, _, _ = groups_of(store, TOP, members_shown=1)
    assert [(g.count, len(g.assets)) for g in groups] == [(2, 1), (3, 1), (3, 1)]


def test_bad_arguments_are_refused(store: Store) -> None:
    for options in ({"kind": "folders"}, {"page": 0}, {"per_page": 0}, {"per_page": 101}):
        with pytest.raises(ValueError, match="must be"):
            groups_of(store, TOP, **options)


# ----- the API and the page ------------------------------------------------------------------------------

EVERYONE = {"X-Test-Principal": "SECRET;hr"}
READER = {"X-Test-Principal": "OFFICIAL"}


@pytest.fixture
def ids(catalogue: Any) -> dict[str, int]:
    return fill(catalogue.store)


def test_api_shape(client: Any, ids: dict[str, int]) -> None:
    response = client.get("/api/v1/duplicates", headers=EVERYONE)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.get_json()
    assert {k: body[k] for k in ("kind", "total_groups", "wasted_bytes", "page", "per_page")} == {
        "kind": "files",
        "total_groups": 3,
        "wasted_bytes": 7600,
        "page": 1,
        "per_page": 20,
    }
    assert [(g["key"], g["count"], g["wasted_bytes"]) for g in body["groups"]] == [
        (HASH_B, 2, 5000),
        (HASH_A, 3, 2000),
        (HASH_C, 3, 600),
    ]
    member = body["groups"][1]["assets"][0]
    assert set(member) == {"id", "title", "source", "location", "size_bytes", "modified", "url"}
    assert member["id"] == ids["a2"]
    assert member["url"] == f"/assets/{ids['a2']}"
    assert member["modified"].startswith("2025-01-01T09:00:00")

    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Duplicates", "components": document["components"]}
    OAS30Validator(schema).validate(body)
    assert "get" in document["paths"]["/api/v1/duplicates"]


def test_api_filters_by_access_and_pages(client: Any, ids: dict[str, int]) -> None:
    body = client.get("/api/v1/duplicates", headers=READER).get_json()
    assert (body["total_groups"], body["wasted_bytes"]) == (1, 1000)
    listed = {a["id"] for g in body["groups"] for a in g["assets"]}
    assert listed == {ids["a1"], ids["a2"]}

    body = client.get("/api/v1/duplicates?page=2&per_page=1", headers=EVERYONE).get_json()
    assert [g["key"] for g in body["groups"]] == [HASH_A]
    assert (body["page"], body["per_page"], body["total_groups"]) == (2, 1, 3)

    body = client.get("/api/v1/duplicates?kind=tables", headers=READER).get_json()
    assert body["kind"] == "tables"
    assert [(g["key"], g["count"], g["wasted_bytes"]) for g in body["groups"]] == [(FINGERPRINT, 3, 100)]


@pytest.mark.parametrize(
    ("query", "bad"),
    [
        ("kind=folders", "kind"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=101", "per_page"),
        ("per_page=-1", "per_page"),
        ("sort=size", "sort"),
    ],
)
def test_api_bad_parameters(client: Any, query: str, bad: str) -> None:
    response = client.get(f"/api/v1/duplicates?{query}", headers=EVERYONE)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_parameter"
    assert bad in error["details"]


def test_page_lists_groups_with_links(client: Any, ids: dict[str, int]) -> None:
    response = client.get("/duplicates", headers=READER)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Duplicates</h1>' in html
    assert f'href="/assets/{ids["a1"]}"' in html
    assert f'href="/assets/{ids["a2"]}"' in html
    assert f'href="/assets/{ids["a3"]}"' not in html  # the SECRET copy
    assert "File a3" not in html
    assert "File b2" not in html
    assert "1 group of duplicates" in html
    assert "1,000 bytes" in html
    assert 'href="/duplicates"' in html  # the service navigation


def test_page_tables_and_pagination(client: Any, ids: dict[str, int], monkeypatch: Any) -> None:
    html = client.get("/duplicates?kind=tables", headers=READER).get_data(as_text=True)
    assert "Table t1" in html
    assert "Schema fingerprint" in html
    assert 'aria-current="page">Tables with the same columns' in html

    monkeypatch.setattr("catalogue.web.pages.DUPLICATES_PER_PAGE", 1)
    html = client.get("/duplicates?page=2", headers=EVERYONE).get_data(as_text=True)
    assert "File a1" in html
    assert "File b1" not in html
    assert "govuk-pagination" in html
    assert "page=3" in html

    response = client.get("/duplicates?kind=nonsense&page=abc", headers=READER)
    assert response.status_code == 200


def test_home_links_to_duplicates(client: Any) -> None:
    html = client.get("/", headers=READER).get_data(as_text=True)
    assert 'href="/duplicates"' in html


def test_empty_files_are_not_duplicates(store: Store) -> None:
    fill(store)
    empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    source = store.ensure_source("drive", "filesystem")
    store.apply_records(source, [_file("empty1", empty, 0), _file("empty2", empty, 0)])
    groups, total, _ = groups_of(store, TOP)
    assert empty not in {g.key for g in groups}
    assert total == 3


# ----- sha256 and quickXorHash together ---------------------------------------------------------------


def _hashes(data: bytes) -> dict[str, str]:
    """What the file-share harvester records for these bytes."""
    return {"content_hash": hashlib.sha256(data).hexdigest(), "quick_xor_hash": quickxor.digest(data)}


def _copy(key: str, size: int, classification: str = "OFFICIAL", **hashes: str) -> Record:
    fields = {"title": f"File {key}", "kind": "file", "classification": classification, "size_bytes": size}
    return Record(key=key, fields={**fields, **hashes})


REPORT, MINUTES, SECRET_PLAN = b"annual report", b"minutes", b"secret plan"
FORGED_QUICK_XOR = quickxor.digest(b"forged")


def fill_mixed(store: Store) -> dict[str, int]:
    """Share files carry sha256 and quickXorHash; SharePoint files only quickXorHash."""
    plan = {
        ("share", "filesystem"): [
            _copy("report", 1000, **_hashes(REPORT)),
            _copy("report again", 1000, **_hashes(REPORT)),
            _copy("minutes", 200, **_hashes(MINUTES)),
            _copy("plan", 700, "SECRET", **_hashes(SECRET_PLAN)),
            # two different files whose quickXorHash was made to match: sha256 keeps them apart
            _copy(
                "forged 1",
                50,
                content_hash=hashlib.sha256(b"one").hexdigest(),
                quick_xor_hash=FORGED_QUICK_XOR,
            ),
            _copy(
                "forged 2",
                50,
                content_hash=hashlib.sha256(b"two").hexdigest(),
                quick_xor_hash=FORGED_QUICK_XOR,
            ),
        ],
        ("intranet", "sharepoint"): [
            _copy("report.pdf", 1000, quick_xor_hash=quickxor.digest(REPORT)),
            _copy("minutes.docx", 200, quick_xor_hash=quickxor.digest(MINUTES)),
            _copy("plan 1.docx", 700, quick_xor_hash=quickxor.digest(SECRET_PLAN)),
            _copy("plan 2.docx", 700, quick_xor_hash=quickxor.digest(SECRET_PLAN)),
            _copy("forged.txt", 50, quick_xor_hash=FORGED_QUICK_XOR),
        ],
    }
    ids: dict[str, int] = {}
    for (name, kind), records in plan.items():
        counts = store.apply_records(store.ensure_source(name, kind), records)
        ids.update(zip((r.key for r in records), counts.changed_ids, strict=True))
    return ids


def test_a_share_file_joins_its_sharepoint_copies(store: Store) -> None:
    ids = fill_mixed(store)
    groups, total, wasted = groups_of(store, TOP)
    by_key = {g.key: g for g in groups}
    report = by_key[hashlib.sha256(REPORT).hexdigest()]
    assert {m.id for m in report.assets} == {ids["report"], ids["report again"], ids["report.pdf"]}
    assert {m.source for m in report.assets} == {"share", "intranet"}
    assert (report.count, report.wasted_bytes) == (3, 2000)
    minutes = by_key[hashlib.sha256(MINUTES).hexdigest()]  # one share file and one SharePoint file
    assert {m.id for m in minutes.assets} == {ids["minutes"], ids["minutes.docx"]}
    plan = by_key[hashlib.sha256(SECRET_PLAN).hexdigest()]
    assert {m.id for m in plan.assets} == {ids["plan"], ids["plan 1.docx"], ids["plan 2.docx"]}
    assert (total, wasted) == (3, 2000 + 200 + 1400)


def test_different_sha256_are_never_one_group(store: Store) -> None:
    ids = fill_mixed(store)
    groups, _, _ = groups_of(store, TOP)
    forged = {ids["forged 1"], ids["forged 2"], ids["forged.txt"]}
    assert all(not forged & {m.id for m in g.assets} for g in groups)


def test_hidden_share_file_lends_nothing_to_visible_copies(store: Store) -> None:
    ids = fill_mixed(store)
    groups, total, wasted = groups_of(store, OFFICIAL)
    by_key = {g.key: g for g in groups}
    # the SECRET share file is hidden: its SharePoint copies group on their own quickXorHash, and its
    # sha256 (which only it carries) is not shown
    assert hashlib.sha256(SECRET_PLAN).hexdigest() not in by_key
    plan = by_key[quickxor.digest(SECRET_PLAN)]
    assert {m.id for m in plan.assets} == {ids["plan 1.docx"], ids["plan 2.docx"]}
    assert (plan.count, plan.wasted_bytes) == (2, 700)
    assert ids["plan"] not in {m.id for g in groups for m in g.assets}
    assert (total, wasted) == (3, 2000 + 200 + 700)


def test_visible_and_hidden_copies_count_only_the_visible(store: Store) -> None:
    ids = fill_mixed(store)
    source = store.ensure_source("intranet", "sharepoint")
    hidden = _copy("report secret.pdf", 1000, "SECRET", quick_xor_hash=quickxor.digest(REPORT))
    ids["report secret.pdf"] = store.apply_records(source, [hidden]).changed_ids[0]
    key = hashlib.sha256(REPORT).hexdigest()
    seen = {g.key: g for g in groups_of(store, OFFICIAL)[0]}[key]
    assert (seen.count, seen.wasted_bytes) == (3, 2000)
    assert ids["report secret.pdf"] not in {m.id for m in seen.assets}
    everything = {g.key: g for g in groups_of(store, TOP)[0]}[key]
    assert (everything.count, everything.wasted_bytes) == (4, 3000)


def _expected_file_groups(assets: list[dict[str, Any]], principal: Principal) -> dict[str, set[str]]:
    """The rule, by brute force over the assets the principal may see."""
    rank = {level: n for n, level in enumerate(SCHEME.levels)}
    clearance = rank.get(principal.clearance, -1)
    seen = [
        a
        for a in assets
        if rank[a["classification"]] <= clearance
        and (not a["groups"] or set(a["groups"]) & principal.groups)
        and a["active"]
        and a["size"] != 0
        and (a["sha"] or a["qx"])
    ]
    shas_of: dict[str, set[str]] = {}
    for a in seen:
        if a["sha"] and a["qx"]:
            shas_of.setdefault(a["qx"], set()).add(a["sha"])
    groups: dict[str, set[str]] = {}
    for a in seen:
        linked = shas_of.get(a["qx"], set())
        key = a["sha"] or (next(iter(linked)) if len(linked) == 1 else a["qx"])
        groups.setdefault(key, set()).add(a["key"])
    return {key: keys for key, keys in groups.items() if len(keys) >= 2}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_file_groups_match_the_rule_for_every_principal(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    shas = [hashlib.sha256(bytes([n])).hexdigest() for n in range(4)]
    quick_xors = [quickxor.digest(b"0"), quickxor.digest(b"1"), FORGED_QUICK_XOR, FORGED_QUICK_XOR]
    assets: list[dict[str, Any]] = []
    for n in range(60):
        content = rng.randrange(4)
        where = rng.choice(("share", "share", "sharepoint", "onedrive"))  # both, quickXorHash, sha256
        assets.append(
            {
                "key": f"f{n}",
                "source": where,
                "sha": shas[content] if where != "sharepoint" else None,
                "qx": quick_xors[content] if where != "onedrive" else None,
                "classification": rng.choice(("OFFICIAL", "OFFICIAL", "SECRET")),
                "groups": rng.choice(([], [], ["hr"])),
                "active": rng.random() > 0.1,
                "size": rng.choice((None, 0, 100, 2000)),
            }
        )
    ids: dict[str, int] = {}
    for where in ("share", "sharepoint", "onedrive"):
        records = [
            Record(
                key=a["key"],
                fields={
                    "title": a["key"],
                    "classification": a["classification"],
                    "access_groups": a["groups"],
                    **({"size_bytes": a["size"]} if a["size"] is not None else {}),
                    **({"content_hash": a["sha"]} if a["sha"] else {}),
                    **({"quick_xor_hash": a["qx"]} if a["qx"] else {}),
                },
            )
            for a in assets
            if a["source"] == where
        ]
        counts = store.apply_records(store.ensure_source(where, "filesystem"), records)
        ids.update(zip((r.key for r in records), counts.changed_ids, strict=True))
    retired = [ids[a["key"]] for a in assets if not a["active"]]
    with store.sessions.begin() as session:
        session.execute(update(Asset).where(Asset.id.in_(retired)).values(lifecycle="retired"))
    size = {a["key"]: a["size"] or 0 for a in assets}
    for principal in (OFFICIAL, OFFICIAL_HR, TOP, NOBODY):
        expected = _expected_file_groups(assets, principal)
        groups, total, wasted = groups_of(store, principal, per_page=100)
        got = {g.key: {m.id for m in g.assets} for g in groups}
        assert got == {key: {ids[k] for k in keys} for key, keys in expected.items()}, principal
        assert all(g.count == len(expected[g.key]) for g in groups)
        waste = {
            key: sum(size[k] for k in keys) - max(size[k] for k in keys) for key, keys in expected.items()
        }
        assert all(g.wasted_bytes == waste[g.key] for g in groups)
        assert (total, wasted) == (len(expected), sum(waste.values()))
