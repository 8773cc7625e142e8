"""The demo catalogue: big, varied, well-formed and deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from catalogue.classification import ClassificationScheme
from catalogue.demo.sources import DemoSource, build_demo_sources
from catalogue.fields import FIELDS_BY_NAME, Kind
from catalogue.merge import clean_layer
from harvesters.base import Record

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])
SOURCE_KINDS = {"database", "filesystem", "sharepoint", "register"}


@pytest.fixture(scope="module")
def sources() -> list[DemoSource]:
    return build_demo_sources()


@pytest.fixture(scope="module")
def records(sources: list[DemoSource]) -> list[Record]:
    return [record for source in sources for record in source.records]


def test_there_are_at_least_2000_records(records: list[Record]) -> None:
    assert len(records) >= 2000


def test_sources_have_unique_names_and_known_kinds(sources: list[DemoSource]) -> None:
    names = [s.name for s in sources]
    assert len(names) == len(set(names))
    assert {s.kind for s in sources} == SOURCE_KINDS
    assert all(s.title and s.records for s in sources)


def test_every_kind_is_present(records: list[Record]) -> None:
    kinds = Counter(r.fields["kind"] for r in records)
    assert set(kinds) == {k.value for k in Kind}


def test_at_least_20_departments(records: list[Record]) -> None:
    departments = {r.fields["department"] for r in records if "department" in r.fields}
    assert len(departments) >= 20


def test_at_least_100_owners_with_skewed_ownership(records: list[Record]) -> None:
    owners = Counter(r.fields["owner"] for r in records if "owner" in r.fields)
    assert len(owners) >= 100
    counts = sorted(owners.values())
    assert counts[-1] >= 5 * counts[len(counts) // 2]
    assert len({r.fields["steward"] for r in records if "steward" in r.fields}) >= 50


def test_every_classification_level_with_official_the_majority(records: list[Record]) -> None:
    levels = Counter(r.fields["classification"] for r in records if "classification" in r.fields)
    assert set(levels) == set(SCHEME.levels)
    total = sum(levels.values())
    assert levels["OFFICIAL"] / total > 0.6
    assert 0.15 < levels["OFFICIAL-SENSITIVE"] / total < 0.35
    assert 0.005 < levels["SECRET"] / total < 0.08


def test_restricted_assets_are_secret_or_sensitive(records: list[Record]) -> None:
    restricted = [r for r in records if r.fields.get("access_groups")]
    assert len(restricted) >= 10
    assert {"safeguarding-team", "fraud-team"} <= {g for r in restricted for g in r.fields["access_groups"]}


def test_keys_are_unique_within_each_source(sources: list[DemoSource]) -> None:
    for source in sources:
        keys = [r.key for r in source.records]
        assert len(keys) == len(set(keys)), source.name


def test_parents_exist_and_come_before_their_children(sources: list[DemoSource]) -> None:
    for source in sources:
        seen: set[str] = set()
        for record in source.records:
            assert record.parent_key is None or record.parent_key in seen, (source.name, record.key)
            seen.add(record.key)


PARENT_KINDS = {
    "schema": {"database"},
    "table": {"schema"},
    "view": {"schema"},
    "folder": {"share", "folder", "library"},
    "library": {"site"},
    "list": {"site"},
}


def test_parents_are_of_a_sensible_kind(sources: list[DemoSource]) -> None:
    for source in sources:
        kinds = {r.key: r.fields["kind"] for r in source.records}
        for record in source.records:
            kind = record.fields["kind"]
            parent = kinds.get(record.parent_key) if record.parent_key else None
            if kind in PARENT_KINDS:
                assert parent in PARENT_KINDS[kind], (source.name, record.key, parent)
            elif kind in ("file", "document", "spreadsheet"):
                assert parent in ("folder", "library"), (source.name, record.key, parent)
            else:
                assert parent is None, (source.name, record.key, parent)


def test_every_field_name_is_a_field_of_the_asset_record(sources: list[DemoSource]) -> None:
    for source in sources:
        for record in source.records:
            unknown = set(record.fields) - set(FIELDS_BY_NAME)
            assert not unknown, (source.name, record.key, unknown)


def test_curated_keys_are_records_and_fields(sources: list[DemoSource], records: list[Record]) -> None:
    curated = 0
    for source in sources:
        keys = {r.key for r in source.records}
        for key, values in source.curated.items():
            assert key in keys, (source.name, key)
            assert values, (source.name, key)
            assert set(values) <= set(FIELDS_BY_NAME), (source.name, key, set(values) - set(FIELDS_BY_NAME))
            curated += 1
    assert 0.05 < curated / len(records) < 0.2


def test_values_pass_the_merge_rules(sources: list[DemoSource]) -> None:
    for source in sources:
        for record in source.records:
            cleaned = clean_layer(record.fields, SCHEME)
            assert set(cleaned) == set(record.fields), (source.name, record.key)
        for values in source.curated.values():
            clean_layer(values, SCHEME)


DATETIME_FIELDS = ("created_at_source", "modified_at_source")
DATE_FIELDS = ("review_due", "disposal_due")


def test_dates_and_datetimes_parse(records: list[Record]) -> None:
    assert set(DATETIME_FIELDS + DATE_FIELDS) <= set(FIELDS_BY_NAME)
    checked = 0
    for record in records:
        for name in DATETIME_FIELDS:
            if name in record.fields:
                assert datetime.fromisoformat(record.fields[name]).tzinfo is not None, (record.key, name)
                checked += 1
        for name in DATE_FIELDS:
            if name in record.fields:
                date.fromisoformat(record.fields[name])
        created, modified = record.fields.get("created_at_source"), record.fields.get("modified_at_source")
        if created and modified:
            assert datetime.fromisoformat(created) <= datetime.fromisoformat(modified), record.key
    assert checked > 3000


def test_files_span_the_years(records: list[Record]) -> None:
    years = {
        datetime.fromisoformat(r.fields["created_at_source"]).year
        for r in records
        if r.fields["kind"] in ("file", "document", "spreadsheet")
    }
    assert set(range(2015, 2026)) <= years


def test_tables_have_realistic_columns(records: list[Record]) -> None:
    tables = [r for r in records if r.fields["kind"] == "table"]
    assert len(tables) >= 150
    for table in tables:
        assert 4 <= len(table.columns) <= 25, table.key
        assert table.fields["column_count"] == len(table.columns)
        assert table.fields["row_count"] > 0
    names = {c.name.lower() for t in tables for c in t.columns}
    assert {"forename", "surname", "date_of_birth", "email_address", "ni_number", "postcode", "uprn"} <= names
    assert sum(1 for t in tables if any(c.primary_key for c in t.columns)) > 0.9 * len(tables)


def test_some_files_are_duplicated(records: list[Record]) -> None:
    hashes = Counter(r.fields["content_hash"] for r in records if "content_hash" in r.fields)
    assert sum(1 for n in hashes.values() if n > 1) >= 20


def test_parking_is_found_in_many_kinds_and_departments(records: list[Record]) -> None:
    hits = [r for r in records if "parking" in " ".join(map(str, r.fields.values())).lower()]
    assert len(hits) >= 50
    assert len({r.fields["kind"] for r in hits}) >= 6
    assert len({r.fields.get("department") for r in hits}) >= 4
    exact = [r for r in records if r.fields["title"] == "Parking permits"]
    assert "table" in {r.fields["kind"] for r in exact}


def test_some_words_only_appear_in_column_names_or_comments(records: list[Record]) -> None:
    for word in ("registration mark", "asbestos", "microchip"):
        in_fields = [r.key for r in records if word in " ".join(map(str, r.fields.values())).lower()]
        in_columns = [
            r.key for r in records if any(word in f"{c.name} {c.comment}".lower() for c in r.columns)
        ]
        assert not in_fields, word
        assert in_columns, word


def test_some_records_are_incomplete(records: list[Record]) -> None:
    without_description = sum(1 for r in records if not r.fields.get("description")) / len(records)
    without_owner = sum(1 for r in records if not r.fields.get("owner")) / len(records)
    assert 0.08 < without_description < 0.3
    assert 0.03 < without_owner < 0.3


def test_open_data_is_mostly_not_assessed(records: list[Record]) -> None:
    statuses = Counter(r.fields.get("open_data_status", "not_assessed") for r in records)
    assert statuses["not_assessed"] > 0.6 * len(records)
    assert {"candidate", "published", "not_publishable"} <= set(statuses)
    assert all(
        r.fields.get("open_data_reason")
        for r in records
        if r.fields.get("open_data_status") == "not_publishable"
    )


def test_same_seed_same_catalogue_other_seed_another() -> None:
    first, again, other = build_demo_sources(11), build_demo_sources(11), build_demo_sources(12)
    assert first == again
    assert first != other
    assert [s.name for s in first] == [s.name for s in other]
