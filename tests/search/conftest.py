"""Fixtures for the search contract suite: backends to test, a generated corpus and its oracle.

Every test taking `backend` or `loaded_backend` runs once per backend in BACKENDS.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import generate_corpus
from oracle import Oracle

from search.backend import SearchBackend, SearchDocument
from search.embedded import EmbeddedBackend
from search.synonyms import SynonymSet

ELASTICSEARCH_URL = os.environ.get("CATALOGUE_TEST_ELASTICSEARCH_URL", "")

# When CATALOGUE_TEST_ELASTICSEARCH_URL is set (http(s)://user:password@host:port), every backend test also
# runs against that cluster, each backend on a fresh alias of its own, deleted with its indices afterwards.
BACKENDS = ["embedded", *(["elasticsearch"] if ELASTICSEARCH_URL else [])]


def make_backend(kind: str, folder: Path, synonyms: SynonymSet | None) -> SearchBackend:
    if kind == "embedded":
        return EmbeddedBackend(folder / "index", synonyms)
    from elastic_support import make_elastic_backend

    return make_elastic_backend(ELASTICSEARCH_URL, synonyms)


def drop_backend(backend: SearchBackend) -> None:
    if isinstance(backend, EmbeddedBackend):
        backend.close()
        return
    from elastic_support import drop_elastic_backend

    drop_elastic_backend(backend)


@pytest.fixture(scope="session")
def synonyms() -> SynonymSet:
    return SynonymSet.built_in()


@pytest.fixture(scope="session")
def corpus() -> list[SearchDocument]:
    return generate_corpus()


@pytest.fixture(scope="session")
def oracle(corpus: list[SearchDocument], synonyms: SynonymSet) -> Oracle:
    return Oracle(corpus, synonyms)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded_backend(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    corpus: list[SearchDocument],
    synonyms: SynonymSet,
) -> Iterator[SearchBackend]:
    """A backend holding the corpus (shared by the read-only tests of a module)."""
    backend = make_backend(request.param, tmp_path_factory.mktemp("loaded"), synonyms)
    backend.index(corpus)
    yield backend
    drop_backend(backend)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path, synonyms: SynonymSet) -> Iterator[SearchBackend]:
    """An empty backend of its own."""
    fresh = make_backend(request.param, tmp_path, synonyms)
    yield fresh
    drop_backend(fresh)
