"""The whole catalogue on the Elasticsearch backend, talking to the in-memory stand-in cluster over HTTP:
`catalogue reindex` swaps the alias to a fresh index and deletes the old one, `--check` / `--repair` find and
fix drift, and a curated edit that raises a classification is hidden from the very next search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from elastic_standin import StandInCluster

from catalogue.access import Principal
from catalogue.cli import main
from catalogue.config import Settings, load_settings
from catalogue.runtime import Catalogue
from harvesters.base import Record
from search.backend import AccessFilter, SearchRequest

CURATOR = Principal("cur", "SECRET", role="curator")


@pytest.fixture
def cluster() -> Iterator[StandInCluster]:
    stand_in = StandInCluster()
    stand_in.start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def settings(tmp_path: Path, cluster: StandInCluster) -> Settings:
    overrides = {"data_dir": str(tmp_path / "data"), "search_url": cluster.url("register")}
    return load_settings(environ={}, overrides=overrides)


@pytest.fixture
def catalogue(settings: Settings) -> Iterator[Catalogue]:
    catalogue = Catalogue.open(settings, migrate=True)
    source = catalogue.store.ensure_source("parking-db", "database")
    catalogue.store.apply_records(
        source,
        [
            Record("permits", {"title": "Parking permits", "kind": "table", "classification": "OFFICIAL"}),
            Record("fraud", {"title": "Parking fraud cases", "kind": "table", "classification": "SECRET"}),
        ],
    )
    yield catalogue
    catalogue.close()


def cli(settings: Settings, *args: str) -> tuple[int, str]:
    env = {"COLUMNS": "200", "CATALOGUE_SEARCH_URL": settings.search_url}
    result = CliRunner().invoke(main, ["--data", str(settings.data_path), *args], env=env)
    return result.exit_code, result.output


def titles(catalogue: Catalogue, access: AccessFilter, query: str = "parking") -> list[str]:
    return sorted(h.title for h in catalogue.search.search(SearchRequest(access=access, query=query)).hits)


def test_writes_reach_the_cluster_and_access_applies(catalogue: Catalogue) -> None:
    assert titles(catalogue, AccessFilter(0)) == ["Parking permits"]
    assert titles(catalogue, AccessFilter(2)) == ["Parking fraud cases", "Parking permits"]


def test_reindex_builds_a_fresh_index_swaps_the_alias_and_drops_the_old(
    catalogue: Catalogue, settings: Settings, cluster: StandInCluster
) -> None:
    (first,) = cluster.aliases["register"]
    code, output = cli(settings, "reindex")
    assert (code, "Indexed 2 assets" in output) == (0, True), output
    (second,) = cluster.aliases["register"]
    assert second != first
    assert second.startswith("register__")
    assert sorted(cluster.indices) == [second], "the old index is deleted"
    assert titles(catalogue, AccessFilter(0)) == ["Parking permits"]
    code, output = cli(settings, "search", "parking")
    assert (code, "Parking permits" in output, "fraud" in output) == (0, True, False)


def test_drift_is_reported_and_repaired(catalogue: Catalogue, settings: Settings) -> None:
    permits = catalogue.search.search(SearchRequest(access=AccessFilter(0), query="permits")).hits[0].id
    catalogue.search.delete([permits])
    code, output = cli(settings, "reindex", "--check")
    assert code == 1
    assert "missing from index: 1" in output
    code, output = cli(settings, "reindex", "--repair")
    assert (code, "repaired" in output) == (0, True)
    code, output = cli(settings, "reindex", "--check")
    assert (code, "missing from index: 0, stale: 0, orphans: 0" in output) == (0, True)


def test_a_raised_classification_is_hidden_on_the_next_search(catalogue: Catalogue) -> None:
    (hit,) = catalogue.search.search(SearchRequest(access=AccessFilter(0), query="permits")).hits
    asset = catalogue.store.curate(hit.id, {"classification": "SECRET"}, CURATOR, expected_version=1)
    assert asset.classification == "SECRET"
    assert titles(catalogue, AccessFilter(0)) == []
    assert titles(catalogue, AccessFilter(2)) == ["Parking fraud cases", "Parking permits"]
