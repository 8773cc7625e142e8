"""Fixtures for the leak tests: one generated catalogue per module, attacked through the web app.

The search suite's brute-force oracle (tests/search/oracle.py) is the reference for what a query may find."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SEARCH_TESTS = str(Path(__file__).resolve().parent.parent / "search")
if SEARCH_TESTS not in sys.path:
    sys.path.append(SEARCH_TESTS)  # `oracle`, as the search suite imports it

from leak_world import World, build_world  # noqa: E402

ROOT_CONFTEST = Path(__file__).resolve().parent.parent / "conftest.py"

DEFAULT_SEED = 20261124


@pytest.fixture(scope="session")
def leak_seed() -> int:
    """Fixed in CI; vary it with CATALOGUE_LEAK_SEED=<n> (or `random`)."""
    raw = os.environ.get("CATALOGUE_LEAK_SEED", "")
    if raw == "random":
        import secrets

        return secrets.randbelow(10**9)
    return int(raw) if raw else DEFAULT_SEED


@pytest.fixture(scope="session")
def root_conftest(pytestconfig: pytest.Config) -> Any:
    """tests/conftest.py as pytest loaded it (its `header_principal` loader and `make_settings`)."""
    for plugin in pytestconfig.pluginmanager.get_plugins():
        if Path(getattr(plugin, "__file__", "") or "").resolve() == ROOT_CONFTEST:
            return plugin
    raise LookupError(ROOT_CONFTEST)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, leak_seed: int, root_conftest: Any) -> Iterator[World]:
    from catalogue.runtime import Catalogue

    settings = root_conftest.make_settings(
        tmp_path_factory.mktemp("leaks") / "data", anonymous_clearance="OFFICIAL"
    )
    catalogue = Catalogue.open(settings, migrate=True)
    try:
        yield build_world(catalogue, leak_seed)
    finally:
        catalogue.close()


@pytest.fixture(scope="module")
def leak_client(world: World, root_conftest: Any) -> Any:
    from catalogue.web import create_app

    app = create_app(world.catalogue, {"TESTING": True}, principal_loader=root_conftest.header_principal)
    return app.test_client()


@pytest.fixture(scope="module")
def elastic_world(
    tmp_path_factory: pytest.TempPathFactory, leak_seed: int, root_conftest: Any
) -> Iterator[World]:
    """The same world behind the Elasticsearch backend, on the search suite's in-memory stand-in cluster
    (the real client over HTTP; see tests/search/elastic_standin.py)."""
    from elastic_standin import StandInCluster

    from catalogue.runtime import Catalogue

    cluster = StandInCluster()
    cluster.start()
    settings = root_conftest.make_settings(
        tmp_path_factory.mktemp("leaks-elastic") / "data",
        anonymous_clearance="OFFICIAL",
        search_url=cluster.url("leaks"),
    )
    catalogue = Catalogue.open(settings, migrate=True)
    try:
        catalogue.indexer.rebuild()  # creates the index and its alias before the first write
        world = build_world(catalogue, leak_seed)
        assert catalogue.indexer.drift().clean, "the stand-in index is not the store"
        yield world
    finally:
        catalogue.close()
        cluster.stop()


@pytest.fixture(scope="module")
def elastic_client(elastic_world: World, root_conftest: Any) -> Any:
    from catalogue.web import create_app

    app = create_app(
        elastic_world.catalogue, {"TESTING": True}, principal_loader=root_conftest.header_principal
    )
    return app.test_client()


@pytest.fixture
def fresh_world(tmp_path: Any, root_conftest: Any, leak_seed: int) -> Iterator[tuple[World, Any]]:
    """A world of its own, to change."""
    from catalogue.runtime import Catalogue
    from catalogue.web import create_app

    settings = root_conftest.make_settings(tmp_path / "data", anonymous_clearance="OFFICIAL")
    catalogue = Catalogue.open(settings, migrate=True)
    try:
        world = build_world(catalogue, leak_seed + 1)
        app = create_app(catalogue, {"TESTING": True}, principal_loader=root_conftest.header_principal)
        yield world, app.test_client()
    finally:
        catalogue.close()
