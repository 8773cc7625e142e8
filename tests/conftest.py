"""Shared fixtures: settings in a temp data folder, a migrated store on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from catalogue.config import Settings, load_settings

PG_ADMIN_URL = os.environ.get("CATALOGUE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_SERVICES = os.environ.get("CATALOGUE_REQUIRE_SERVICES") == "1"


def service_missing(what: str) -> None:
    """In CI (CATALOGUE_REQUIRE_SERVICES=1) a missing service fails the test; elsewhere it skips."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (CATALOGUE_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return load_settings(environ={}, overrides={"data_dir": str(data_dir), **overrides})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Creates a throwaway database on the real PostgreSQL server and yields its URL."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means the service is missing
        service_missing(f"PostgreSQL at {PG_ADMIN_URL} ({type(error).__name__})")
    name = f"catalogue_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store's URL on each real database engine; PostgreSQL tables are emptied after each test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url = request.getfixturevalue("postgres_server")
    yield url
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
