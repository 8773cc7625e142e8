"""Fixtures for the harvest runner: a catalogue on SQLite and PostgreSQL (with the embedded search index),
the test-feed harvester registered for the test, and helpers to read assets back."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.access import Principal
from catalogue.config import load_settings
from catalogue.harvest.registry import REGISTRY
from catalogue.models import Asset, AssetChange, HarvestRun, Source
from catalogue.runtime import Catalogue
from catalogue.web import create_app

from .feed import FEEDS, Feed, FeedHarvester


@pytest.fixture(autouse=True)
def feed_kind() -> Iterator[None]:
    REGISTRY.register(FeedHarvester)
    yield
    REGISTRY.unregister(FeedHarvester.kind)


@pytest.fixture
def feed() -> Iterator[Feed]:
    name = f"feed-{uuid.uuid4().hex[:8]}"
    FEEDS[name] = Feed(name)
    yield FEEDS[name]
    FEEDS.pop(name, None)


def open_catalogue(data: Path, database_url: str, **overrides: Any) -> Catalogue:
    values = {"data_dir": str(data), "database_url": database_url, "secret_key": "test-instance-key"}
    settings = load_settings(environ={}, overrides={**values, **overrides})
    return Catalogue.open(settings, migrate=True)


@pytest.fixture
def cat(tmp_path: Path, database_url: str) -> Iterator[Catalogue]:
    catalogue = open_catalogue(tmp_path / "data", database_url)
    yield catalogue
    catalogue.close()


@pytest.fixture
def source(cat: Catalogue, feed: Feed) -> Source:
    return cat.sources.create("feed", "test-feed", {"feed": feed.name}, actor="test")


def assets(cat: Catalogue, source: Source) -> dict[str, Asset]:
    with cat.sessions() as session:
        rows = session.scalars(select(Asset).where(Asset.source_id == source.id))
        return {a.key: a for a in rows}


def history_count(cat: Catalogue) -> int:
    with cat.sessions() as session:
        return len(session.scalars(select(AssetChange.id)).all())


# ----- the web app over that catalogue -----------------------------------------------------------------

ADMIN = {"X-Test-Principal": "SECRET", "X-Test-Role": "admin"}
VIEWER = {"X-Test-Principal": "OFFICIAL"}


def principal_from_headers(_request: object) -> Principal | None:
    """`X-Test-Principal: CLEARANCE` with the role from `X-Test-Role` (default viewer); else nobody."""
    from flask import request

    clearance = request.headers.get("X-Test-Principal")
    if clearance is None:
        return None
    role = request.headers.get("X-Test-Role", "viewer")
    return Principal(name=f"test-{role}", clearance=clearance, role=role)


@pytest.fixture
def app(cat: Catalogue) -> Flask:
    return create_app(cat, {"TESTING": True}, principal_loader=principal_from_headers)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def wait_for_run(cat: Catalogue, run_id: int, timeout: float = 30.0) -> HarvestRun:
    """Polls the run until it has finished (runs started by the API or a page go on in a thread)."""
    deadline = time.monotonic() + timeout
    while True:
        run = cat.sources.run(run_id)
        if run.status != "running":
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id} still running after {timeout} s")
        time.sleep(0.02)
