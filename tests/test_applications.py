"""Applications and their data stores: the layered fields, a database harvested as an application's data
store, search by the application's name, the asset page's links both ways, access, and the migration."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select

from catalogue.access import Principal
from catalogue.config import load_settings
from catalogue.merge import InvalidValue
from catalogue.models import Asset, Base, Source
from catalogue.runtime import Catalogue
from catalogue.web import create_app
from harvesters.base import Record
from search.backend import SearchRequest
from tests.conftest import header_principal

APP = "Waste Collections (Bartec)"
CURATOR = Principal("cur", "SECRET", role="curator")
OFFICIAL = {"X-Test-Principal": "OFFICIAL"}
SECRET = {"X-Test-Principal": "SECRET"}


def make_db(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.executescript(
            "CREATE TABLE rounds (id INTEGER PRIMARY KEY, day TEXT);"
            "CREATE TABLE bins (id INTEGER PRIMARY KEY, colour TEXT);"
        )
    connection.close()
    return path


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    values = {"data_dir": str(tmp_path / "data"), "anonymous_clearance": "OFFICIAL"}
    catalogue = Catalogue.open(load_settings(environ={}, overrides=values), migrate=True)
    yield catalogue
    catalogue.close()


@pytest.fixture
def client(cat: Catalogue) -> Any:
    return create_app(cat, {"TESTING": True}, principal_loader=header_principal).test_client()


def add_application(cat: Catalogue, key: str, title: str, **fields: Any) -> Source:
    register = cat.store.ensure_source("register", "register")
    values = {"title": title, "kind": "application", "vendor": "Bartec", "classification": "OFFICIAL"}
    record = Record(key, {**values, **fields})
    cat.store.apply_records(register, [record])
    return register


def harvest_database(cat: Catalogue, tmp_path: Path, application: str = APP) -> dict[str, Asset]:
    path = make_db(tmp_path / "waste.db")
    config = {"url": f"sqlite:///{path}", "application": application}
    defaults = {"classification": "OFFICIAL"}
    source = cat.sources.create("waste-db", "database", config, actor="test", defaults=defaults)
    run = cat.harvest_runner().run(source)
    assert run.status == "succeeded", run.gaps
    with cat.sessions() as session:
        return {a.key: a for a in session.scalars(select(Asset).where(Asset.source_id == source.id))}


def asset_id(cat: Catalogue, kind: str, title: str) -> int:
    with cat.sessions() as session:
        found = session.scalar(select(Asset.id).where(Asset.kind == kind, Asset.title == title))
    assert found is not None
    return found


def text(client: Any, url: str, headers: dict[str, str]) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_application_fields_validate_and_show_what_the_source_says(cat: Catalogue, client: Any) -> None:
    add_application(
        cat,
        "APP-1",
        APP,
        hosting="On-premises",
        business_owner="Ann Lee (Head of Waste)",
        technical_owner="Raj Patel (ICT Applications Manager)",
    )
    app_id = asset_id(cat, "application", APP)
    with pytest.raises(InvalidValue):
        cat.store.curate(app_id, {"vendor": ["not", "text"]}, CURATOR, expected_version=1)
    asset = cat.store.curate(app_id, {"vendor": "  Bartec   Municipal "}, CURATOR, expected_version=1)
    assert asset.vendor == "Bartec Municipal"
    assert (asset.hosting, asset.business_owner) == ("On-premises", "Ann Lee (Head of Waste)")
    page = text(client, f"/assets/{app_id}", SECRET)
    for label in ("Vendor", "Hosting", "Business owner", "Technical owner", "Application"):
        assert label in page
    assert "Bartec Municipal" in page
    assert "Source says:" in page
    assert "Raj Patel (ICT Applications Manager)" in page


def test_a_database_linked_to_an_application(cat: Catalogue, client: Any, tmp_path: Path) -> None:
    add_application(cat, "APP-1", APP)
    found = harvest_database(cat, tmp_path)
    assert {a.application for a in found.values()} == {APP}
    assert found["main.bins"].kind == "table"
    assert all("application:" not in t for a in found.values() for t in a.tags)

    access = CURATOR.access_filter(cat.scheme)
    result = cat.search.search(SearchRequest(access=access, query="Waste Collections", per_page=50))
    hits = {hit.id for hit in result.hits}
    assert {found["waste"].id, found["main.bins"].id, found["main.rounds"].id} <= hits

    app_id = asset_id(cat, "application", APP)
    table = text(client, f"/assets/{found['main.bins'].id}", OFFICIAL)
    assert f'<a class="govuk-link" href="/assets/{app_id}">{APP}</a>' in table
    application = text(client, f"/assets/{app_id}", OFFICIAL)
    assert "Data stores" in application
    assert f'href="/assets/{found["waste"].id}">waste</a>' in application
    assert f'href="/assets/{found["main.bins"].id}"' not in application  # databases only

    body = client.get(f"/api/v1/assets/{found['main.bins'].id}", headers=OFFICIAL).get_json()
    assert (body["application"], body["application_id"]) == (APP, app_id)
    assert client.get(f"/api/v1/assets/{app_id}", headers=OFFICIAL).get_json()["application_id"] is None


def test_a_secret_application_is_not_linked_or_listed_for_an_official_viewer(
    cat: Catalogue, client: Any, tmp_path: Path
) -> None:
    add_application(cat, "APP-1", APP, classification="SECRET")
    found = harvest_database(cat, tmp_path)
    app_id = asset_id(cat, "application", APP)
    table = text(client, f"/assets/{found['main.bins'].id}", OFFICIAL)
    assert f"/assets/{app_id}" not in table
    assert APP in table  # the name, as plain text
    body = client.get(f"/api/v1/assets/{found['main.bins'].id}", headers=OFFICIAL).get_json()
    assert body["application_id"] is None
    assert f"/assets/{app_id}" in text(client, f"/assets/{found['main.bins'].id}", SECRET)
    assert client.get(f"/assets/{app_id}", headers=OFFICIAL).status_code == 404


def test_a_secret_data_store_is_not_listed_on_the_application_page(
    cat: Catalogue, client: Any, tmp_path: Path
) -> None:
    add_application(cat, "APP-1", APP)
    found = harvest_database(cat, tmp_path)
    database = found["waste"]
    cat.store.curate(database.id, {"classification": "SECRET"}, CURATOR, expected_version=database.version)
    app_id = asset_id(cat, "application", APP)
    assert f'href="/assets/{database.id}"' not in text(client, f"/assets/{app_id}", OFFICIAL)
    assert f'href="/assets/{database.id}"' in text(client, f"/assets/{app_id}", SECRET)
    page = cat.store.asset_page(app_id, CURATOR)
    assert [a.id for a in page.data_stores] == [database.id]


def test_an_application_from_a_source_default(cat: Catalogue) -> None:
    add_application(cat, "APP-1", APP)
    defaults = {"application": APP, "classification": "OFFICIAL"}
    source = cat.store.ensure_source("files", "filesystem", defaults=defaults)
    cat.store.apply_records(source, [Record("rounds.csv", {"title": "Rounds", "kind": "file"})])
    rounds = asset_id(cat, "file", "Rounds")
    page = cat.store.asset_page(rounds, CURATOR)
    assert page.asset.application == APP
    assert page.application is not None
    assert page.application.title == APP


def test_migrations_match_the_models(database_url: str) -> None:
    from catalogue.db import upgrade

    engine = create_engine(database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
