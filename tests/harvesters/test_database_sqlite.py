"""The database harvester on real SQLite files: read only, bulk pragma queries, estimates from ANALYZE."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from harvesters.base import ItemError, ItemRef, ListingGap, Record, SourceError
from harvesters.database import DatabaseHarvester

DDL = """
CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email_address VARCHAR(200),
  uprn BIGINT,
  joined TEXT DEFAULT 'today'
);
CREATE TABLE bins (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER REFERENCES residents (id),
  colour VARCHAR(10) NOT NULL
);
CREATE INDEX bins_by_colour ON bins (colour);
CREATE UNIQUE INDEX bins_resident_colour ON bins (resident_id, colour);
CREATE VIEW blue_bins AS SELECT id, resident_id FROM bins WHERE colour = 'blue';
"""


def make_db(path: Path, rows: int = 50) -> Path:
    with sqlite3.connect(path) as connection:
        connection.executescript(DDL)
        connection.executemany(
            "INSERT INTO bins (id, resident_id, colour) VALUES (?, NULL, ?)",
            [(i, "blue" if i % 2 else "green") for i in range(rows)],
        )
        connection.execute("ANALYZE")
    connection.close()
    return path


def harvest(path: Path, **config: Any) -> tuple[dict[str, Record], list[ListingGap], list[str]]:
    harvester = DatabaseHarvester({"url": f"sqlite:///{path}", **config})
    records: dict[str, Record] = {}
    gaps: list[ListingGap] = []
    errors: list[str] = []
    try:
        for item in harvester.list_items():
            if isinstance(item, Record):
                records[item.key] = item
            elif isinstance(item, ListingGap):
                gaps.append(item)
            elif isinstance(item, ItemRef):
                try:
                    record = harvester.read_item(item)
                    records[record.key] = record
                except ItemError as error:
                    errors.append(error.key)
    finally:
        harvester.close()
    return records, gaps, errors


def test_catalogues_tables_views_columns_keys_and_estimates(tmp_path: Path) -> None:
    path = make_db(tmp_path / "waste.db")
    before = path.stat().st_mtime_ns, path.read_bytes()
    records, gaps, errors = harvest(path, application="Waste")
    assert not gaps
    assert not errors
    assert set(records) == {"waste", "main", "main.residents", "main.bins", "main.blue_bins"}
    database = records["waste"]
    assert database.fields["format"] == "SQLite database"
    assert database.fields["size_bytes"] > 0
    assert database.fields["location"] == str(path.resolve())
    assert database.fields["application"] == "Waste"
    assert records["main.bins"].fields["application"] == "Waste"
    bins = records["main.bins"]
    assert bins.parent_key == "main"
    assert bins.fields["format"] == "SQLite table"
    assert bins.fields["row_count"] == 50
    assert bins.fields["column_count"] == 3
    assert "Foreign keys: resident_id -> main.residents (id)." in bins.fields["description"]
    assert "bins_by_colour (colour)" in bins.fields["description"]
    assert "bins_resident_colour (resident_id, colour, unique)" in bins.fields["description"]
    columns = {c.name: c for c in records["main.residents"].columns}
    assert columns["id"].primary_key
    assert columns["name"].nullable is False
    assert columns["joined"].default == "'today'"
    assert columns["email_address"].data_type == "VARCHAR(200)"
    view = records["main.blue_bins"]
    assert view.fields["kind"] == "view"
    assert [c.name for c in view.columns] == ["id", "resident_id"]
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before  # read only


def test_personal_data_hint_and_same_fingerprint_in_another_file(tmp_path: Path) -> None:
    first, _, _ = harvest(make_db(tmp_path / "a.db"))
    second, _, _ = harvest(make_db(tmp_path / "b.db", rows=3))
    residents = first["main.residents"]
    assert residents.fields["personal_data"] == "personal"
    assert (
        "Columns that look like personal data: name, email_address, uprn" in residents.fields["description"]
    )
    assert residents.fields["schema_fingerprint"] == second["main.residents"].fields["schema_fingerprint"]
    assert "personal_data" not in first["main.bins"].fields


def test_include_and_exclude_tables(tmp_path: Path) -> None:
    records, _, _ = harvest(make_db(tmp_path / "w.db"), include_tables=["main.b*"], exclude_tables=["*_bins"])
    assert {k for k in records if "." in k} == {"main.bins"}
    records, _, _ = harvest(tmp_path / "w.db", exclude_schemas=["main"])
    assert set(records) == {"w"}


def test_a_missing_file_is_a_source_error_and_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such database file"):
        list(DatabaseHarvester({"url": f"sqlite:///{tmp_path / 'nope.db'}"}).list_items())
    assert not (tmp_path / "nope.db").exists()


def test_a_table_dropped_between_listing_and_reading(tmp_path: Path) -> None:
    path = make_db(tmp_path / "d.db")
    harvester = DatabaseHarvester({"url": f"sqlite:///{path}"})
    vanished: list[str] = []
    try:
        for item in harvester.list_items():
            if isinstance(item, Record) and item.key == "main":
                with sqlite3.connect(path) as connection:
                    connection.execute("DROP VIEW blue_bins")
                connection.close()
            if isinstance(item, ItemRef):
                try:
                    harvester.read_item(item)
                except ItemError as error:
                    vanished.append(error.key)
    finally:
        harvester.close()
    assert vanished == ["main.blue_bins"]


def test_a_locked_database_fails_within_the_timeout(tmp_path: Path) -> None:
    path = make_db(tmp_path / "l.db")
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            harvest(path, statement_timeout_seconds=0.5)
        assert time.monotonic() - started < 5
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert "database is locked" in str(caught.value)
