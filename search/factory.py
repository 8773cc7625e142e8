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
        raise SearchError("the Elasticsearch backend is not installed yet")
    raise ValueError(
        f"unknown search backend URL {url!r}: "
        "use embedded:///absolute/path, or http(s)://host:port for Elasticsearch"
    )
