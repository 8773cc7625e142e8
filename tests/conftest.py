"""Shared fixtures: settings in a temp data folder, a migrated store on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from catalogue.config import Settings, load_settings

PG_ADMIN_URL = os.environ.get(
    "CATALOGUE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
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
    except Exception as error:
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


# ----- a catalogue and its web app --------------------------------------------------------------------


def header_principal(request_: object) -> object:
    """Test-only principal loader: `X-Test-Principal: CLEARANCE[;group,group]` (role from `X-Test-Role`,
    default viewer; the owner/steward name from `X-Test-Person`; departments granted to curate from
    `X-Test-Departments`, comma-separated), else the anonymous viewer."""
    from flask import current_app, request

    from catalogue.access import Principal

    raw = request.headers.get("X-Test-Principal")
    if raw is None:
        return current_app.extensions["catalogue"].anonymous_principal()
    clearance, _, groups = raw.partition(";")
    role = request.headers.get("X-Test-Role", "viewer")
    return Principal(
        name=f"test-{role}-{clearance}",
        clearance=clearance,
        role=role,
        groups=frozenset(g for g in groups.split(",") if g),
        person=request.headers.get("X-Test-Person") or None,
        curated_departments=frozenset(
            d.strip() for d in request.headers.get("X-Test-Departments", "").split(",") if d.strip()
        ),
    )


@pytest.fixture
def catalogue(settings: Settings) -> Iterator[object]:
    """An empty, migrated catalogue on the embedded defaults (SQLite + Tantivy) in a temp folder."""
    from catalogue.runtime import Catalogue

    cat = Catalogue.open(settings.with_overrides(anonymous_clearance="OFFICIAL"), migrate=True)
    yield cat
    cat.close()


@pytest.fixture
def app(catalogue: object) -> object:
    from catalogue.web import create_app

    return create_app(catalogue, {"TESTING": True}, principal_loader=header_principal)


@pytest.fixture
def client(app: object) -> object:
    return app.test_client()  # type: ignore[attr-defined]
