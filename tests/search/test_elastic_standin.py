"""The contract suite, unchanged, on the Elasticsearch backend talking to the in-memory stand-in cluster
(elastic_standin.py) through the real client: the translation and the request flow checked against the
brute-force oracle. The same tests run on a live cluster when CATALOGUE_TEST_ELASTICSEARCH_URL is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elastic_standin import StandInCluster

# The contract tests, collected here a second time with this module's `backend` and `loaded_backend`.
from test_contract import *  # noqa: F403

from search.backend import SearchBackend, SearchDocument
from search.elastic import ElasticsearchBackend
from search.elastic_bulk import BulkSettings
from search.synonyms import SynonymSet


@pytest.fixture(scope="module")
def cluster() -> Iterator[StandInCluster]:
    stand_in = StandInCluster()
    stand_in.start()
    yield stand_in
    stand_in.stop()


def make(cluster: StandInCluster, alias: str, synonyms: SynonymSet) -> ElasticsearchBackend:
    return ElasticsearchBackend.from_url(cluster.url(alias), synonyms, bulk=BulkSettings(chunk_size=200))


@pytest.fixture(scope="module")
def loaded_backend(
    cluster: StandInCluster, corpus: list[SearchDocument], synonyms: SynonymSet
) -> Iterator[SearchBackend]:
    backend = make(cluster, "loaded", synonyms)
    backend.index(corpus)
    yield backend
    backend.close()


@pytest.fixture
def backend(
    cluster: StandInCluster, synonyms: SynonymSet, request: pytest.FixtureRequest
) -> Iterator[SearchBackend]:
    alias = "fresh-" + str(abs(hash(request.node.nodeid)))
    fresh = make(cluster, alias, synonyms)
    yield fresh
    fresh.close()
