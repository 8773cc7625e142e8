"""Elasticsearch backends for the contract suite: each on its own alias, removed with its indices after."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

from search.backend import SearchBackend
from search.elastic import ElasticsearchBackend
from search.elastic_bulk import BulkSettings
from search.elastic_mapping import index_pattern, template_name
from search.synonyms import SynonymSet


def unique_alias_url(url: str) -> str:
    """The cluster URL with a fresh alias of its own (keeping any query options)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/catalogue-test-{secrets.token_hex(4)}"))


def make_elastic_backend(url: str, synonyms: SynonymSet | None) -> ElasticsearchBackend:
    return ElasticsearchBackend.from_url(
        unique_alias_url(url), synonyms, bulk=BulkSettings(initial_backoff=0.2, max_retries=2)
    )


def drop_elastic_backend(backend: SearchBackend) -> None:
    """Delete every index behind the backend's alias and its template (by name: wildcard deletes are
    refused by default)."""
    assert isinstance(backend, ElasticsearchBackend)
    client = backend.client.options(ignore_status=404)
    names = sorted(client.indices.get(index=index_pattern(backend.alias)).body)
    for name in names:
        client.indices.delete(index=name)
    client.indices.delete_index_template(name=template_name(backend.alias))
    backend.close()
