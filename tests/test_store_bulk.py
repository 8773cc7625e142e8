"""Bulk inserts of a harvest's new assets, on real SQLite and PostgreSQL: what `insert_plain` writes reads
back exactly as SQLAlchemy's own insert, and concurrent harvests on SQLite never share an id."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from catalogue.classification import ClassificationScheme
from catalogue.db import make_engine, make_sessionmaker, upgrade
from catalogue.models import Asset, Source
from catalogue.store import Store
from catalogue.store_bulk import insert_plain
from harvesters.base import Record

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE"], "OFFICIAL")
NOW = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def asset_row(source_id: int, key: str, **values: Any) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "key": key,
        "parent_id": None,
        "version": 1,
        "harvested": {"title": "Rents é", "tags": ["b", "a"], "size_bytes": 12},
        "curated": {},
        "title": "Rents é",
        "description": "",
        "kind": "spreadsheet",
        "classification": "OFFICIAL",
        "classification_rank": 0,
        "restricted": False,
        "handling_markings": [],
        "readable_at_source_by": ["everyone"],
        "flags": ["shadow database"],
        "open_data_status": "not_assessed",
        "lifecycle": "active",
        "size_bytes": 12,
        "modified_at_source": NOW,
        "review_due": date(2027, 1, 31),
        "created_at": NOW,
        "updated_at": NOW,
        "last_seen_at": NOW,
        "fingerprint": "1:12",
        **values,
    }


def test_plain_inserts_read_back_as_sqlalchemy_writes_them(engine: Engine) -> None:
    with engine.begin() as connection:
        source_id = connection.execute(
            insert(Source).returning(Source.id),
            [{"name": "s", "kind": "filesystem", "title": "s", "config": {}, "defaults": {}, "rules": []}],
        ).scalar_one()
        connection.execute(insert(Asset), [asset_row(source_id, "by-core")])
        insert_plain(
            connection,
            Asset.__table__,  # type: ignore[arg-type]
            [asset_row(source_id, "by-plain-1"), asset_row(source_id, "by-plain-2", restricted=True)],
        )
    columns = [c for c in Asset.__table__.c if c.name not in ("id", "key", "restricted")]
    with engine.connect() as connection:
        rows = {row.key: row for row in connection.execute(select(Asset.__table__))}
    assert set(rows) == {"by-core", "by-plain-1", "by-plain-2"}
    for column in columns:
        assert getattr(rows["by-plain-1"], column.name) == getattr(rows["by-core"], column.name), column.name
    assert rows["by-plain-1"].harvested == {"title": "Rents é", "tags": ["b", "a"], "size_bytes": 12}
    assert rows["by-plain-1"].review_due == date(2027, 1, 31)
    assert (rows["by-plain-1"].restricted, rows["by-plain-2"].restricted) == (False, True)
    # what later queries compare against: the stored times sort and match as bound parameters do
    with engine.connect() as connection:
        matching = connection.scalars(select(Asset.key).where(Asset.last_seen_at == NOW)).all()
    assert sorted(matching) == ["by-core", "by-plain-1", "by-plain-2"]


def test_a_plain_insert_without_a_defaulted_column_is_refused(engine: Engine) -> None:
    row = asset_row(1, "k")
    del row["version"]  # has a Python-side default, which insert_plain does not apply
    with engine.begin() as connection, pytest.raises(ValueError, match="version"):
        insert_plain(connection, Asset.__table__, [row])  # type: ignore[arg-type]


def test_two_harvests_inserting_at_once_on_sqlite_never_share_an_id(tmp_path: Any) -> None:
    engines = [make_engine(f"sqlite:///{tmp_path / 'store.db'}") for _ in range(2)]
    upgrade(engines[0])
    stores = [Store(make_sessionmaker(engine), SCHEME) for engine in engines]
    sources = [stores[0].ensure_source(f"share-{n}", "filesystem") for n in range(2)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def harvest(n: int) -> None:
        records = [Record(f"f{n}", {"title": f"folder {n}", "kind": "folder"})]
        records += [
            Record(f"f{n}/file {i}", {"title": f"file {i}", "kind": "document"}, parent_key=f"f{n}")
            for i in range(600)
        ]
        start.wait()
        try:
            for at in range(0, len(records), 50):  # many small transactions, interleaving with the other
                stores[n].apply_records(sources[n], records[at : at + 50], batch_size=50)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=harvest, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with engines[0].connect() as connection:
        rows = connection.execute(select(Asset.id, Asset.key, Asset.source_id, Asset.parent_id)).all()
    assert len(rows) == 2 * 601
    assert len({row.id for row in rows}) == len(rows)
    folders = {row.key: row.id for row in rows if "/" not in row.key}
    for row in rows:
        if "/" in row.key:
            assert row.parent_id == folders[row.key.split("/")[0]]
            assert row.source_id == sources[int(row.key[1])].id
    for engine in engines:
        engine.dispose()
