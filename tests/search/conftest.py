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
from search.factory import open_backend
from search.synonyms import SynonymSet

ELASTICSEARCH_URL = os.environ.get("CATALOGUE_TEST_ELASTICSEARCH_URL", "")

# HOOK (Elasticsearch): when CATALOGUE_TEST_ELASTICSEARCH_URL is set, every backend test also runs against
# Elasticsearch; `make_backend` must then return that backend on a fresh, uniquely named index and
# `drop_backend` delete the index.
BACKENDS = ["embedded", *(["elasticsearch"] if ELASTICSEARCH_URL else [])]


def make_backend(kind: str, folder: Path, synonyms: SynonymSet | None) -> SearchBackend:
    if kind == "embedded":
        return EmbeddedBackend(folder / "index", synonyms)
    # HOOK (Elasticsearch): give each backend its own index here (a unique name or prefix).
    return open_backend(ELASTICSEARCH_URL, synonyms)


def drop_backend(backend: SearchBackend) -> None:
    backend.close()


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
