"""Choose the search backend from a URL: `embedded:///absolute/path` or `http(s)://…` (Elasticsearch)."""

from __future__ import annotations

from pathlib import Path

from search.backend import SearchBackend, SearchError
from search.synonyms import SynonymSet

EMBEDDED_SCHEME = "embedded://"


def open_backend(url: str, synonyms: SynonymSet | None = None) -> SearchBackend:
    if url.startswith(EMBEDDED_SCHEME):
        path = Path(url[len(EMBEDDED_SCHEME) :])
        if not path.is_absolute():
            raise ValueError(
                f"the embedded search URL needs an absolute path (embedded:///path/to/index): {url!r}"
            )
        from search.embedded import EmbeddedBackend

        return EmbeddedBackend(path, synonyms)
    if url.startswith(("http://", "https://")):
        return _elasticsearch(url, synonyms)
    scheme = repr(url.split("://", 1)[0]) if "://" in url else "none"  # never echo a password in the URL
    raise ValueError(
        f"unknown search backend URL (scheme {scheme}): "
        "use embedded:///absolute/path, or http(s)://host:port for Elasticsearch"
    )


def _elasticsearch(url: str, synonyms: SynonymSet | None) -> SearchBackend:
    """The Elasticsearch backend (the optional `elasticsearch` extra). Nothing is sent to the cluster yet."""
    try:
        from search.elastic import ElasticsearchBackend
    except ImportError:
        raise SearchError(
            "the Elasticsearch backend needs the elasticsearch client: pip install 'catalogue[elasticsearch]'"
        ) from None
    return ElasticsearchBackend.from_url(url, synonyms)
