"""The database harvester on the real MariaDB server: an application database with comments, keys, indexes
and a view, a second database and a table the harvest login has no rights on."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import service_missing
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from harvesters.base import ItemError, ItemRef, ListingGap, Record, SourceError
from harvesters.database import DatabaseHarvester

ADMIN_URL = os.environ.get("CATALOGUE_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
SERVER = ADMIN_URL.rsplit("/", 1)[0]
HOST_PORT = SERVER.rsplit("@", 1)[1]
PASSWORD = "Maria-harvest-S3cret!"

TENANTS_DDL = """
CREATE TABLE {db}.tenants (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  first_name varchar(100) NOT NULL,
  surname varchar(100) COMMENT 'Family name',
  email varchar(200),
  post_code varchar(8) COMMENT 'Where the orangutan lives',
  notes text,
  KEY by_postcode (post_code)
) COMMENT = 'People holding a council tenancy'
"""


def _engine(database: str = "") -> Engine:
    return create_engine(f"{SERVER}/{database}", isolation_level="AUTOCOMMIT")


def _run(*statements: str) -> None:
    engine = _engine()
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(scope="module")
def maria() -> Iterator[dict[str, str]]:
    try:
        _run("SELECT 1")
    except Exception as error:
        service_missing(f"MariaDB at {ADMIN_URL} ({type(error).__name__})")
    suffix = uuid.uuid4().hex[:10]
    names = {"db": f"cat_dbh_{suffix}", "other": f"cat_dbh_{suffix}_s", "user": f"cat_dbh_{suffix}"}
    db, other, user = names["db"], names["other"], names["user"]
    try:
        _run(
            f"CREATE DATABASE {db}",
            f"CREATE DATABASE {other}",
            f"CREATE TABLE {other}.accounts (id int PRIMARY KEY, sort_code varchar(8)) ENGINE=InnoDB",
            TENANTS_DDL.format(db=db),
            f"""CREATE TABLE {db}.rents (
                  id int PRIMARY KEY, tenant_id int, amount decimal(10,2) NOT NULL, due date,
                  CONSTRAINT rents_tenant FOREIGN KEY (tenant_id) REFERENCES {db}.tenants (id),
                  UNIQUE KEY rents_tenant_due (tenant_id, due)
                ) COMMENT = 'Rent due'""",
            f"CREATE TABLE {db}.payments (id int PRIMARY KEY, account_id int,"
            f" CONSTRAINT payments_account FOREIGN KEY (account_id) REFERENCES {other}.accounts (id))",
            f"CREATE TABLE {db}.hidden (id int PRIMARY KEY)",
            f"CREATE VIEW {db}.rent_view AS SELECT id, amount FROM {db}.rents",
            f"INSERT INTO {db}.rents (id, amount, due) "
            f"SELECT seq, 10, DATE '2024-01-01' + INTERVAL seq DAY FROM {db}.seq_1_to_300",
            f"ANALYZE TABLE {db}.rents, {db}.tenants",
            f"CREATE USER '{user}'@'%' IDENTIFIED BY '{PASSWORD}'",
            f"CREATE USER '{user}'@'localhost' IDENTIFIED BY '{PASSWORD}'",
        )
        for host in ("%", "localhost"):
            _run(
                *(
                    f"GRANT SELECT ON {db}.{table} TO '{user}'@'{host}'"
                    for table in ("tenants", "rents", "payments", "rent_view")
                )
            )
        yield names
    finally:
        _run(
            f"DROP DATABASE IF EXISTS {db}",
            f"DROP DATABASE IF EXISTS {other}",
            f"DROP USER IF EXISTS '{user}'@'%'",
            f"DROP USER IF EXISTS '{user}'@'localhost'",
        )


def harvest(url: str, **config: Any) -> tuple[list[Record], list[ListingGap], list[str]]:
    harvester = DatabaseHarvester({"url": url, **config})
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
                    errors.append(error.key)
    finally:
        harvester.close()
    return records, gaps, errors


def by_key(records: list[Record]) -> dict[str, Record]:
    return {r.key: r for r in records}


def test_catalogues_the_database_tables_and_views(maria: dict[str, str]) -> None:
    db = maria["db"]
    records, gaps, errors = harvest(f"{SERVER}/{db}", application="Housing system")
    assert not gaps
    assert not errors
    found = by_key(records)
    assert set(found) == {db, *(f"{db}.{t}" for t in ("tenants", "rents", "payments", "hidden", "rent_view"))}
    database = found[db]
    assert database.fields["kind"] == "database"
    assert database.fields["format"] == "MariaDB database"
    assert "Housing system" in database.fields["description"]
    assert database.fields["size_bytes"] > 0

    tenants = found[f"{db}.tenants"]
    assert tenants.parent_key == db
    assert tenants.fields["format"] == "MariaDB table"
    assert tenants.fields["description"].startswith("People holding a council tenancy")
    assert "by_postcode (post_code)" in tenants.fields["description"]
    assert tenants.fields["application"] == "Housing system"
    columns = {c.name: c for c in tenants.columns}
    assert columns["id"].primary_key
    assert columns["id"].nullable is False
    assert columns["surname"].comment == "Family name"
    assert columns["surname"].nullable is True
    assert columns["surname"].default is None
    assert columns["email"].data_type == "varchar(200)"

    rents = found[f"{db}.rents"]
    assert rents.fields["row_count"] > 0  # the engine's estimate after ANALYZE TABLE
    assert rents.fields["size_bytes"] > 0
    assert f"tenant_id -> {db}.tenants (id)" in rents.fields["description"]
    assert "rents_tenant_due (tenant_id, due, unique)" in rents.fields["description"]
    view = found[f"{db}.rent_view"]
    assert view.fields["kind"] == "view"
    assert view.fields["format"] == "MariaDB view"
    assert [c.name for c in view.columns] == ["id", "amount"]


def test_personal_data_hints_and_fingerprint_matches_sqlite_copy(
    maria: dict[str, str], tmp_path: Path
) -> None:
    import sqlite3

    db = maria["db"]
    tenants = by_key(harvest(f"{SERVER}/{db}")[0])[f"{db}.tenants"]
    assert tenants.fields["personal_data"] == "personal"
    assert (
        "Columns that look like personal data: first_name, surname, email, post_code"
        in (tenants.fields["description"])
    )
    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as connection:
        connection.execute(
            "CREATE TABLE tenants (id INTEGER PRIMARY KEY, first_name VARCHAR(100) NOT NULL,"
            " surname VARCHAR(100), email VARCHAR(200), post_code VARCHAR(8), notes TEXT)"
        )
    copied = by_key(harvest(f"sqlite:///{copy}")[0])["main.tenants"]
    assert copied.fields["schema_fingerprint"] == tenants.fields["schema_fingerprint"]


def test_include_and_exclude_tables(maria: dict[str, str]) -> None:
    db = maria["db"]
    found = by_key(harvest(f"{SERVER}/{db}", include_tables=["rent*"], exclude_tables=["*_view"])[0])
    assert set(found) == {db, f"{db}.rents"}
    found = by_key(harvest(f"{SERVER}/{db}", include_schemas=[db, maria["other"]])[0])
    assert f"{maria['other']}.accounts" in found
    assert found[maria["other"]].fields["kind"] == "schema"
    found = by_key(harvest(f"{SERVER}/{db}", include_schemas=["cat_dbh_*"], exclude_schemas=[db])[0])
    assert f"{db}.rents" not in found


def test_a_database_and_a_table_the_user_may_not_read(maria: dict[str, str]) -> None:
    db, other, user = maria["db"], maria["other"], maria["user"]
    url = f"mysql+pymysql://{user}@{HOST_PORT}/{db}"
    records, gaps, errors = harvest(url, password=PASSWORD, include_schemas=[db, other])
    assert not errors
    assert not gaps
    found = by_key(records)
    assert f"{db}.hidden" not in found
    assert f"{other}.accounts" not in found
    assert {f"{db}.tenants", f"{db}.rents", f"{db}.payments", f"{db}.rent_view"} <= set(found)
    assert any(f"schema {other} does not exist or may not be read" in w for w in found[db].warnings)
    assert f"account_id -> {other}.accounts (id)" in found[f"{db}.payments"].fields["description"]


def test_a_table_dropped_between_listing_and_reading(maria: dict[str, str]) -> None:
    db = maria["db"]
    _run(f"CREATE TABLE {db}.scratch (id int)")
    harvester = DatabaseHarvester({"url": f"{SERVER}/{db}"})
    read: list[str] = []
    vanished: list[str] = []
    try:
        for item in harvester.list_items():
            if isinstance(item, Record) and item.key == db:
                _run(f"DROP TABLE {db}.scratch")
            if isinstance(item, ItemRef):
                try:
                    read.append(harvester.read_item(item).key)
                except ItemError as error:
                    vanished.append(error.key)
    finally:
        harvester.close()
        _run(f"DROP TABLE IF EXISTS {db}.scratch")
    assert vanished == [f"{db}.scratch"]
    assert f"{db}.tenants" in read


def test_session_is_read_only_with_a_statement_time_limit(maria: dict[str, str]) -> None:
    harvester = DatabaseHarvester({"url": f"{SERVER}/{maria['db']}", "statement_timeout_seconds": 3})
    try:
        connection = harvester.connection()
        assert connection.exec_driver_sql("SELECT @@session.tx_read_only").scalar() == 1
        assert float(connection.exec_driver_sql("SELECT @@session.max_statement_time").scalar()) == 3.0
        assert connection.exec_driver_sql("SELECT @@session.lock_wait_timeout").scalar() == 3
        with pytest.raises(DBAPIError, match="READ ONLY"):
            connection.exec_driver_sql(f"INSERT INTO {maria['db']}.hidden VALUES (1)")
    finally:
        harvester.close()


def test_a_write_locked_table_does_not_hang_the_harvest(maria: dict[str, str]) -> None:
    db = maria["db"]
    locker = _engine(db)
    with locker.connect() as connection:
        connection.exec_driver_sql(f"LOCK TABLES {db}.rents WRITE")
        try:
            started = time.monotonic()
            outcome = ""
            try:
                found = by_key(harvest(f"{SERVER}/{db}", statement_timeout_seconds=2)[0])
                outcome = "harvested" if f"{db}.rents" in found else "rents missing"
            except SourceError as error:  # the server made the catalogue query wait: a clear timeout
                outcome = "timeout" if "timeout" in str(error) else str(error)
            assert outcome in ("harvested", "timeout")
            assert time.monotonic() - started < 10
        finally:
            connection.exec_driver_sql("UNLOCK TABLES")
    locker.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_server_that_is_down_and_a_wrong_password_are_source_errors_without_the_password(
    maria: dict[str, str],
) -> None:
    harvester = DatabaseHarvester(
        {"url": f"mysql+pymysql://reader@127.0.0.1:{_free_port()}/app", "password": PASSWORD}
    )
    with pytest.raises(SourceError) as down:
        list(harvester.list_items())
    harvester.close()
    assert PASSWORD not in str(down.value)
    assert "reader:***@127.0.0.1" in str(down.value)
    assert "cannot connect" in str(down.value)
    wrong = DatabaseHarvester(
        {"url": f"mysql+pymysql://{maria['user']}@{HOST_PORT}/{maria['db']}", "password": PASSWORD + "x"}
    )
    with pytest.raises(SourceError) as refused:
        list(wrong.list_items())
    wrong.close()
    assert PASSWORD not in str(refused.value)
    assert "Access denied" in str(refused.value)
