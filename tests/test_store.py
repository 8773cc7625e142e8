"""The store's service layer on real SQLite and PostgreSQL: curation wins, history, versions, access."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.db import make_engine, make_sessionmaker, upgrade
from catalogue.store import InvalidValue, NotFound, StaleVersion, Store
from harvesters.base import Column, Record

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], "OFFICIAL-SENSITIVE")
TOP = Principal("top", "SECRET", frozenset({"fraud-team"}))
OFFICIAL = Principal("reader", "OFFICIAL")
CURATOR = Principal("curator", "SECRET", role="curator")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield Store(make_sessionmaker(engine), SCHEME)
    engine.dispose()


def table(key: str = "public.permits", **fields: object) -> Record:
    base = {"title": "Parking permits", "kind": "table", "classification": "OFFICIAL", "owner": "Ann Lee"}
    return Record(
        key=key, fields={**base, **fields}, columns=[Column("permit_id", "integer", primary_key=True)]
    )


def test_harvest_creates_then_leaves_unchanged_records_alone(store: Store) -> None:
    source = store.ensure_source("parking-db", "database")
    first = store.apply_records(source, [table()])
    second = store.apply_records(source, [table()])
    assert (first.added, first.updated, first.unchanged) == (1, 0, 0)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 1)
    page = store.asset_page(first.changed_ids[0], TOP)
    assert page.asset.version == 1
    assert [c.name for c in page.columns] == ["permit_id"]
    assert len(store.history(page.asset.id, TOP)) == 1  # the creation only: no history noise


def test_curated_value_wins_over_later_harvest_and_source_value_is_kept(store: Store) -> None:
    source = store.ensure_source("parking-db", "database")
    asset_id = store.apply_records(source, [table()]).changed_ids[0]
    store.curate(asset_id, {"owner": "Bob Kaur", "classification": "OFFICIAL-SENSITIVE"}, CURATOR, 1)
    store.apply_records(source, [table(owner="Carol Jones", classification="OFFICIAL", description="new")])
    asset = store.asset_page(asset_id, TOP).asset
    assert asset.owner == "Bob Kaur"
    assert asset.classification == "OFFICIAL-SENSITIVE"  # a harvest never lowers a curated classification
    assert asset.harvested["owner"] == "Carol Jones"  # "source says"
    assert asset.description == "new"  # uncurated fields follow the source
    store.curate(asset_id, {"owner": None}, CURATOR, asset.version)  # clearing shows the source again
    assert store.asset_page(asset_id, TOP).asset.owner == "Carol Jones"


def test_stale_edit_is_refused_with_what_changed(store: Store) -> None:
    source = store.ensure_source("parking-db", "database")
    asset_id = store.apply_records(source, [table()]).changed_ids[0]
    store.curate(asset_id, {"description": "first edit"}, CURATOR, 1)
    with pytest.raises(StaleVersion) as refused:
        store.curate(asset_id, {"description": "second edit from an old page"}, CURATOR, 1)
    assert refused.value.current_version == 2
    assert [c.field for c in refused.value.changes] == ["description"]
    assert store.asset_page(asset_id, TOP).asset.description == "first edit"


def test_invalid_values_are_refused_and_nothing_changes(store: Store) -> None:
    source = store.ensure_source("parking-db", "database")
    asset_id = store.apply_records(source, [table()]).changed_ids[0]
    for bad in (
        {"classification": "TOP SECRET"},
        {"review_due": "next week"},
        {"nonsense": 1},
        {"personal_data": "maybe"},
        {"size_bytes": -3},
    ):
        with pytest.raises(InvalidValue):
            store.curate(asset_id, bad, CURATOR, 1)
    assert store.asset_page(asset_id, TOP).asset.version == 1


def test_hidden_assets_are_not_found_and_children_are_filtered(store: Store) -> None:
    source = store.ensure_source("fraud-db", "database")
    records = [
        Record("db", {"title": "Fraud database", "kind": "database", "classification": "OFFICIAL"}),
        Record("db.cases", {"title": "Cases", "kind": "table", "classification": "SECRET"}, parent_key="db"),
        Record(
            "db.public", {"title": "Leaflets", "kind": "table", "classification": "OFFICIAL"}, parent_key="db"
        ),
        Record(
            "db.team",
            {
                "title": "Team only",
                "kind": "table",
                "classification": "OFFICIAL",
                "access_groups": ["fraud-team"],
            },
            parent_key="db",
        ),
    ]
    ids = store.apply_records(source, records).changed_ids
    db_id, secret_id, _, team_id = ids
    with pytest.raises(NotFound):
        store.asset_page(secret_id, OFFICIAL)
    with pytest.raises(NotFound):
        store.asset_page(team_id, OFFICIAL)  # groups restrict even at the right clearance
    with pytest.raises(NotFound):
        store.history(secret_id, OFFICIAL)
    assert [c.title for c in store.asset_page(db_id, OFFICIAL).children] == ["Leaflets"]
    assert store.asset_page(db_id, OFFICIAL).children_total == 1
    assert store.asset_page(db_id, TOP).children_total == 3
    assert store.counts(OFFICIAL) == {"database": 1, "table": 1}
    assert store.asset_page(secret_id, TOP).parent.title == "Fraud database"


def test_unknown_classification_gets_the_restrictive_default(store: Store) -> None:
    source = store.ensure_source("share", "filesystem")
    asset_id = store.apply_records(source, [Record("a.txt", {"title": "A"})]).changed_ids[0]
    asset = store.asset_page(asset_id, TOP).asset
    assert asset.classification == "OFFICIAL-SENSITIVE"
    with pytest.raises(NotFound):
        store.asset_page(asset_id, OFFICIAL)


def test_history_records_old_and_new_values(store: Store) -> None:
    source = store.ensure_source("parking-db", "database")
    asset_id = store.apply_records(source, [table()]).changed_ids[0]
    store.apply_records(source, [table(title="Resident parking permits")])
    store.curate(asset_id, {"tags": ["parking", "permits"]}, CURATOR, 2)
    changes = store.history(asset_id, TOP)
    assert [(c.layer, c.field, c.old_value, c.new_value) for c in changes[:2]] == [
        ("curated", "tags", None, ["parking", "permits"]),
        ("harvested", "title", "Parking permits", "Resident parking permits"),
    ]
    assert changes[0].actor == "curator"
    assert changes[1].actor == "harvest:parking-db"
    assert store.asset_page(asset_id, TOP).asset.tags == ["parking", "permits"]


def test_owners_and_stewards_join_the_people_directory(store: Store) -> None:
    from sqlalchemy import select

    from catalogue.models import Person

    source = store.ensure_source("parking-db", "database")
    store.apply_records(source, [table(steward="Dee Patel"), table("public.pcn", owner="Ann Lee")])
    with store.sessions() as session:
        assert sorted(session.scalars(select(Person.name))) == ["Ann Lee", "Dee Patel"]
