"""The database harvester on the real PostgreSQL server: a fixture database with several schemas, comments,
keys, indexes, views and a materialized view, a login without rights on one schema and one table, and a
copy of one table in a second database."""

from __future__ import annotations

import os
import socket
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import service_missing
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from catalogue.access import Principal
from catalogue.config import load_settings
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from harvesters import database as database_module
from harvesters.base import ItemError, ItemRef, ListingGap, Record, SourceError
from harvesters.database import DatabaseHarvester

pytestmark = pytest.mark.postgres

ADMIN_URL = os.environ.get("CATALOGUE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SERVER = ADMIN_URL.rsplit("/", 1)[0]
PASSWORD = "Pg-harvest-S3cret!"

SCHEMA_SQL = """
CREATE SCHEMA housing;
COMMENT ON SCHEMA housing IS 'Council housing: tenancies and rents';
CREATE SCHEMA finance;
CREATE SCHEMA secret;
CREATE TABLE housing.tenants (
  id serial PRIMARY KEY,
  first_name text NOT NULL,
  surname text,
  email varchar(200),
  date_of_birth date,
  tenancy_reference varchar(20) DEFAULT 'none',
  notes text
);
COMMENT ON TABLE housing.tenants IS 'People holding a council tenancy';
COMMENT ON COLUMN housing.tenants.tenancy_reference IS 'Quoted on the orangutan letters';
COMMENT ON COLUMN housing.tenants.notes IS 'Free text from the housing officer';
CREATE TABLE housing.rents (
  id integer PRIMARY KEY,
  tenant_id integer REFERENCES housing.tenants (id),
  amount numeric(10, 2) NOT NULL,
  due date
);
CREATE INDEX rents_by_due ON housing.rents (due);
CREATE UNIQUE INDEX rents_tenant_due ON housing.rents (tenant_id, due);
INSERT INTO housing.rents SELECT g, NULL, 10, DATE '2024-01-01' + g FROM generate_series(1, 500) g;
CREATE VIEW housing.rent_view AS SELECT id, amount FROM housing.rents;
CREATE MATERIALIZED VIEW housing.rent_totals AS
  SELECT due, sum(amount) AS total FROM housing.rents GROUP BY due;
COMMENT ON MATERIALIZED VIEW housing.rent_totals IS 'Rent due per day';
CREATE TABLE housing.care_needs (tenant_id integer, medical_condition text, wheelchair boolean);
CREATE TABLE secret.accounts (id integer PRIMARY KEY, sort_code text);
CREATE TABLE finance.payments (id integer PRIMARY KEY, account_id integer REFERENCES secret.accounts (id));
CREATE TABLE finance.ledger (id integer PRIMARY KEY, amount numeric(12, 2));
CREATE TABLE finance.audit_log (id integer);
ANALYZE;
"""

COPY_SQL = """
CREATE SCHEMA archive;
CREATE TABLE archive.old_tenants (
  ID serial PRIMARY KEY,
  first_name text NOT NULL,
  surname text,
  email character varying(200),
  date_of_birth date,
  tenancy_reference varchar(20),
  notes text
);
"""


def _engine(database: str, **options: Any) -> Engine:
    return create_engine(f"{SERVER}/{database}", **options)


def _run(database: str, sql: str) -> None:
    engine = _engine(database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


@pytest.fixture(scope="module")
def pg() -> Iterator[dict[str, str]]:
    """The fixture databases and a login without rights on schema `secret` and table `finance.ledger`."""
    try:
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        service_missing(f"PostgreSQL at {ADMIN_URL} ({type(error).__name__})")
    suffix = uuid.uuid4().hex[:10]
    names = {"db": f"cat_dbh_{suffix}", "copy": f"cat_dbh_{suffix}_copy", "role": f"cat_dbh_{suffix}_reader"}
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{names["db"]}"'))
        connection.execute(text(f'CREATE DATABASE "{names["copy"]}"'))
        connection.execute(text(f"CREATE ROLE \"{names['role']}\" LOGIN PASSWORD '{PASSWORD}'"))
    try:
        _run(names["db"], SCHEMA_SQL)
        role = names["role"]
        _run(
            names["db"],
            f"""
            GRANT USAGE ON SCHEMA housing, finance TO "{role}";
            GRANT SELECT ON ALL TABLES IN SCHEMA housing TO "{role}";
            GRANT SELECT ON finance.payments, finance.audit_log TO "{role}";
            """,
        )
        _run(names["copy"], COPY_SQL)
        yield names
    finally:
        with admin.connect() as connection:
            for name in (names["db"], names["copy"]):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{names["role"]}"'))
        admin.dispose()


def harvest(database: str, **config: Any) -> tuple[list[Record], list[ListingGap], list[str]]:
    """All records (reading every listed item), listing gaps and item errors."""
    harvester = DatabaseHarvester({"url": f"{SERVER}/{database}", **config})
    records: list[Record] = []
    gaps: list[ListingGap] = []
    errors: list[str] = []
    try:
        for item in harvester.list_items():
            if isinstance(item, Record):
                records.append(item)
            elif isinstance(item, ListingGap):
                gaps.append(item)
            elif isinstance(item, ItemRef):
                try:
                    records.append(harvester.read_item(item))
                except ItemError as error:
                    errors.append(f"{error.key}: {error.message}")
    finally:
        harvester.close()
    return records, gaps, errors


def by_key(records: list[Record]) -> dict[str, Record]:
    return {r.key: r for r in records}


def test_catalogues_database_schemas_tables_views_with_columns_and_estimates(pg: dict[str, str]) -> None:
    records, gaps, errors = harvest(pg["db"])
    assert not gaps
    assert not errors
    found = by_key(records)
    database = found[pg["db"]]
    assert database.fields["kind"] == "database"
    assert database.fields["format"] == "PostgreSQL database"
    assert database.fields["size_bytes"] > 0
    assert "information_schema" not in found
    assert "pg_catalog" not in found
    assert "pg_toast" not in found
    assert {"housing", "finance", "secret", "public"} <= set(found)
    assert found["housing"].fields["description"] == "Council housing: tenancies and rents"
    assert found["housing"].parent_key == pg["db"]

    tenants = found["housing.tenants"]
    assert tenants.parent_key == "housing"
    assert tenants.fields["kind"] == "table"
    assert tenants.fields["format"] == "PostgreSQL table"
    assert tenants.fields["title"] == "tenants"
    assert tenants.fields["description"].startswith("People holding a council tenancy")
    assert tenants.fields["column_count"] == 7
    columns = {c.name: c for c in tenants.columns}
    assert [c.name for c in tenants.columns][:3] == ["id", "first_name", "surname"]
    assert columns["id"].primary_key
    assert not columns["id"].nullable
    assert columns["id"].default is not None
    assert "nextval" in columns["id"].default
    assert columns["first_name"].nullable is False
    assert columns["surname"].nullable is True
    assert columns["email"].data_type == "character varying(200)"
    assert columns["tenancy_reference"].default == "'none'::character varying"
    assert columns["tenancy_reference"].comment == "Quoted on the orangutan letters"

    rents = found["housing.rents"]
    assert rents.fields["row_count"] == 500  # reltuples after ANALYZE, not a COUNT(*)
    assert rents.fields["size_bytes"] > 0
    description = rents.fields["description"]
    assert "Primary key: id." in description
    assert "Foreign keys: tenant_id -> housing.tenants (id)." in description
    assert "rents_by_due (due)" in description
    assert "rents_tenant_due (tenant_id, due, unique)" in description
    assert "rents_pkey" not in description

    view = found["housing.rent_view"]
    assert view.fields["kind"] == "view"
    assert view.fields["format"] == "PostgreSQL view"
    assert [c.name for c in view.columns] == ["id", "amount"]
    assert "row_count" not in view.fields
    totals = found["housing.rent_totals"]
    assert totals.fields["kind"] == "view"
    assert totals.fields["format"] == "PostgreSQL materialized view"
    assert totals.fields["description"].startswith("Rent due per day")
    assert totals.fields["row_count"] == 500


def test_application_is_set_and_described(pg: dict[str, str]) -> None:
    records, _, _ = harvest(pg["db"], application="Northgate Housing")
    found = by_key(records)
    assert "Northgate Housing" in found[pg["db"]].fields["description"]
    for key in (pg["db"], "housing", "housing.rents"):
        assert found[key].fields["application"] == "Northgate Housing"


def test_personal_data_hints(pg: dict[str, str]) -> None:
    found = by_key(harvest(pg["db"])[0])
    tenants = found["housing.tenants"]
    assert tenants.fields["personal_data"] == "personal"
    assert "personal data" in tenants.fields["tags"]
    assert (
        "Columns that look like personal data: first_name, surname, email, date_of_birth"
        in (tenants.fields["description"])
    )
    assert found["housing.care_needs"].fields["personal_data"] == "special_category"
    assert "personal_data" not in found["housing.rents"].fields
    assert "personal data" not in found["housing.rents"].fields.get("tags", [])


def test_same_table_in_another_database_has_the_same_fingerprint(pg: dict[str, str]) -> None:
    original = by_key(harvest(pg["db"])[0])
    copy = by_key(harvest(pg["copy"])[0])
    fingerprint = original["housing.tenants"].fields["schema_fingerprint"]
    assert len(fingerprint) == 64
    assert copy["archive.old_tenants"].fields["schema_fingerprint"] == fingerprint
    assert original["housing.rents"].fields["schema_fingerprint"] != fingerprint


def test_include_and_exclude_patterns(pg: dict[str, str]) -> None:
    found = by_key(harvest(pg["db"], include_schemas=["hous*"], exclude_tables=["rent_*", "*.care_needs"])[0])
    assert set(found) == {pg["db"], "housing", "housing.tenants", "housing.rents"}
    found = by_key(harvest(pg["db"], exclude_schemas=["housing", "secret", "public"])[0])
    assert {k for k in found if "." in k} == {"finance.payments", "finance.ledger", "finance.audit_log"}
    found = by_key(harvest(pg["db"], include_tables=["finance.*"], exclude_tables=["audit_*"])[0])
    assert {k for k in found if "." in k} == {"finance.payments", "finance.ledger"}
    found = by_key(harvest(pg["db"], include_schemas=["pg_catalog"], include_tables=["pg_class"])[0])
    assert "pg_catalog.pg_class" in found  # a system schema only when named outright


def test_a_schema_and_a_table_the_user_may_not_read_are_skipped_with_a_gap(pg: dict[str, str]) -> None:
    records, gaps, errors = harvest(
        pg["db"], url=f"{SERVER.replace('postgres@', pg['role'] + '@')}/{pg['db']}"
    )
    assert not errors
    found = by_key(records)
    assert "housing.tenants" in found
    assert "finance.payments" in found
    assert "finance.audit_log" in found
    assert "secret.accounts" not in found
    assert "finance.ledger" not in found
    gap_keys = {g.key_prefix: g.message for g in gaps}
    assert set(gap_keys) == {"secret.accounts", "finance.ledger"}
    assert "may not be read" in gap_keys["secret.accounts"]
    assert "may not read" in gap_keys["finance.ledger"]
    assert any("secret may not be read" in w for w in found["secret"].warnings)
    payments = found["finance.payments"].fields["description"]
    assert "account_id -> secret.accounts (id) (not readable by the harvest user)" in payments


def test_a_relation_dropped_between_listing_and_reading_is_an_item_error(pg: dict[str, str]) -> None:
    _run(pg["db"], "CREATE TABLE housing.scratch (id integer); CREATE TABLE housing.scratch2 (id integer)")
    harvester = DatabaseHarvester({"url": f"{SERVER}/{pg['db']}", "include_schemas": ["housing"]})
    records: list[str] = []
    errors: list[str] = []
    try:
        for item in harvester.list_items():
            if isinstance(item, Record) and item.key == "housing":  # relations listed, details not yet
                _run(pg["db"], "DROP TABLE housing.scratch")
            if isinstance(item, ItemRef):
                try:
                    records.append(harvester.read_item(item).key)
                except ItemError as error:
                    errors.append(f"{error.key}: {error.message}")
    finally:
        harvester.close()
        _run(pg["db"], "DROP TABLE IF EXISTS housing.scratch, housing.scratch2")
    assert errors == ["housing.scratch: housing.scratch was dropped while the harvest was reading it"]
    assert "housing.scratch2" in records
    assert "housing.tenants" in records


def test_session_is_read_only_with_statement_and_lock_timeouts(pg: dict[str, str]) -> None:
    harvester = DatabaseHarvester({"url": f"{SERVER}/{pg['db']}", "statement_timeout_seconds": 2.5})
    try:
        connection = harvester.connection()
        assert connection.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "2500ms"
        assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "2500ms"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            connection.exec_driver_sql("CREATE TABLE housing.nope (id integer)")
    finally:
        harvester.close()


def test_a_table_locked_access_exclusive_does_not_stop_the_harvest(pg: dict[str, str]) -> None:
    locker = _engine(pg["db"])
    try:
        with locker.connect() as connection:
            connection.execute(text("LOCK TABLE housing.rents IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            found = by_key(harvest(pg["db"], statement_timeout_seconds=2)[0])
            assert time.monotonic() - started < 2
            assert found["housing.rents"].fields["row_count"] == 500  # catalogue reads take no table lock
            connection.rollback()
    finally:
        locker.dispose()


def test_a_lock_on_the_catalogue_times_out_with_a_clear_source_error(pg: dict[str, str]) -> None:
    harvester = DatabaseHarvester({"url": f"{SERVER}/{pg['db']}", "statement_timeout_seconds": 1})
    locker = _engine(pg["db"])
    try:
        harvester.connection()  # connected before the lock: the catalogue query is what waits
        with locker.connect() as connection:
            connection.execute(text("LOCK TABLE pg_catalog.pg_description IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(SourceError) as caught:
                list(harvester.list_items())
            assert time.monotonic() - started < 5
            connection.rollback()
    finally:
        harvester.close()
        locker.dispose()
    message = str(caught.value)
    assert "timeout" in message
    assert "the harvest's statement and lock timeout is 1 s" in message


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_database_that_is_down_is_a_source_error_without_the_password() -> None:
    url = f"postgresql+psycopg://reader@127.0.0.1:{_free_port()}/app"
    harvester = DatabaseHarvester({"url": url, "password": PASSWORD, "connect_timeout_seconds": 2})
    with pytest.raises(SourceError) as caught:
        list(harvester.list_items())
    harvester.close()
    message = str(caught.value)
    assert PASSWORD not in message
    assert "reader:***@127.0.0.1" in message
    assert "cannot connect" in message
    assert "OperationalError" in message


def test_the_password_comes_from_the_password_field_and_never_shows(pg: dict[str, str]) -> None:
    with pytest.raises(SourceError) as caught:
        DatabaseHarvester({"url": f"postgresql+psycopg://u:{PASSWORD}@127.0.0.1/db"})
    assert PASSWORD not in str(caught.value)
    assert "password field" in str(caught.value)
    role_url = f"{SERVER.replace('postgres@', pg['role'] + '@')}/{pg['db']}"
    harvester = DatabaseHarvester({"url": role_url, "password": PASSWORD})
    try:
        assert harvester.connection().exec_driver_sql("SELECT current_user").scalar() == pg["role"]
        assert PASSWORD not in harvester.shown_url
    finally:
        harvester.close()


def test_huge_schemas_are_read_in_bounded_chunks(pg: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Details are read chunk by chunk as the listing is consumed: a table dropped after the first chunk
    was handed out is found missing when its own chunk is read, and memory stays small."""
    statements = [
        f"CREATE TABLE bulk.t{i:04d} (id integer PRIMARY KEY, name text, email text)" for i in range(600)
    ]
    _run(pg["db"], "CREATE SCHEMA bulk;" + ";".join(statements))
    monkeypatch.setattr(database_module, "CHUNK", 100)
    harvester = DatabaseHarvester({"url": f"{SERVER}/{pg['db']}", "include_schemas": ["bulk"]})
    read: list[str] = []
    vanished: list[str] = []
    tracemalloc.start()
    try:
        for item in harvester.list_items():
            if isinstance(item, ItemRef):
                if item.key == "bulk.t0000":
                    _run(pg["db"], "DROP TABLE bulk.t0599")
                try:
                    read.append(harvester.read_item(item).key)
                except ItemError as error:
                    vanished.append(error.key)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        harvester.close()
        _run(pg["db"], "DROP SCHEMA bulk CASCADE")
    assert vanished == ["bulk.t0599"]
    assert len(read) == 599
    assert peak < 20 * 1024 * 1024


# ----- end to end: through the runner into a catalogue, then search -------------------------------------


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    values = {"data_dir": str(tmp_path / "data"), "secret_key": "test-instance-key"}
    catalogue = Catalogue.open(load_settings(environ={}, overrides=values), migrate=True)
    yield catalogue
    catalogue.close()


def test_harvest_through_the_runner_then_search_by_column_name_and_comment(
    cat: Catalogue, pg: dict[str, str]
) -> None:
    role_url = f"{SERVER.replace('postgres@', pg['role'] + '@')}/{pg['db']}"
    config = {"url": role_url, "password": PASSWORD, "application": "Housing system"}
    source = cat.sources.create("housing-db", "database", config, actor="test")
    assert PASSWORD not in str(cat.sources.get("housing-db").config)
    run = cat.harvest_runner().run(source)
    assert run.status == "partial", run.message  # the unreadable schema and table are listing gaps
    assert run.added >= 10
    assert run.failed == 0

    everyone = Principal("officer", cat.scheme.highest)
    by_column = search_assets(cat, everyone, SearchParams(query="tenancy_reference"))
    assert "tenants" in [hit.title for hit in by_column.hits]
    by_comment = search_assets(cat, everyone, SearchParams(query="orangutan"))
    assert [hit.title for hit in by_comment.hits] == ["tenants"]

    again = cat.harvest_runner().run(source)
    assert again.status == "partial"
    assert again.added == 0
    assert again.gone == 0

    down = f"postgresql+psycopg://{pg['role']}@127.0.0.1:{_free_port()}/{pg['db']}"
    cat.sources.edit("housing-db", "test", config={**config, "url": down, "connect_timeout_seconds": 2})
    failed = cat.harvest_runner().run(cat.sources.get("housing-db"))
    assert failed.status == "failed"
    assert failed.gone == 0
    assert PASSWORD not in (failed.message or "")
    assert "cannot connect" in (failed.message or "")
    still = search_assets(cat, everyone, SearchParams(query="orangutan"))
    assert [hit.title for hit in still.hits] == ["tenants"]
