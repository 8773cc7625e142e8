"""The Elasticsearch index design: analysis, mappings, the index template, and documents in and out.

Text is analysed the way the embedded backend and the contract oracle analyse it (search/analysis.py): split
at every character that is not a letter or digit, lower-cased, accents folded, then English (Snowball,
"porter2") stemming for the searchable fields, or no stemming for prefix, typo-tolerant and suggestion
matching. Values that need Python's exact rules (the normalised title, the title sort key) are computed here
and stored as keywords, so both backends compare the same strings.

Synonyms are expanded by the query parser (search/query.py) from the configured synonym list, not by an
analyser: that keeps `-pcn` and `"pcn"` meaning exactly what they mean with the embedded backend.

Change SCHEMA_VERSION whenever a field or analyser changes; `catalogue reindex` builds an index with the new
template and swaps the alias to it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from search.analysis import normalise_title, sort_title
from search.backend import FACET_FIELDS, TEXT_FIELD_BOOSTS, SearchDocument, SearchHit

SCHEMA_VERSION = 1

ALL_PLAIN = "all_plain"  # every text field, unstemmed (copy_to): prefixes and typo tolerance
TITLE_PLAIN = "title.plain"  # the title, unstemmed: suggestions and the same-word bonus
TITLE_EXACT = "title_exact"  # the normalised title, one keyword: exact-title matches
TITLE_SORT = "title_sort"  # the A to Z key (search.analysis.sort_title)
MODIFIED = "modified"
RANK = "classification_rank"
GROUPS = "access_groups"
SHOWN = "shown"  # what a hit displays that is not searched: kept in _source, not indexed

STEM_ANALYZER = "catalogue_stem"
PLAIN_ANALYZER = "catalogue_plain"
KEYWORD_LIMIT = 4_096  # longer keyword values are not indexed (Lucene refuses terms over 32 KB)
MAX_WORD_CHARS = 8_000  # at most 4 bytes a character: under Lucene's term limit

# Rust's char::is_alphanumeric (Tantivy's simple tokenizer) is Unicode Alphabetic or Numeric.
WORD_SEPARATORS = r"[^\p{IsAlphabetic}\p{N}]+"

ALIAS_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
INDEX_SEPARATOR = "__"  # {alias}__{stamp}: an alias has no "_", so no two aliases' patterns overlap


def facet_field(facet: str) -> str:
    """The keyword field a facet's filter and counts use."""
    return f"facets.{facet}"


def index_pattern(alias: str) -> str:
    return f"{alias}{INDEX_SEPARATOR}*"


def template_name(alias: str) -> str:
    return f"{alias}-template"


ANALYSIS: dict[str, Any] = {
    "tokenizer": {"catalogue_words": {"type": "pattern", "pattern": WORD_SEPARATORS}},
    "filter": {
        "catalogue_english": {"type": "stemmer", "language": "porter2"},
        # Lucene refuses a whole document holding a term over 32,766 bytes (a pasted blob, say): cut such
        # words instead. Tantivy keeps words up to 65,530 bytes, so only absurd words differ.
        "catalogue_cap": {"type": "truncate", "length": MAX_WORD_CHARS},
    },
    "analyzer": {
        STEM_ANALYZER: {
            "type": "custom",
            "tokenizer": "catalogue_words",
            "filter": ["lowercase", "asciifolding", "catalogue_english", "catalogue_cap"],
        },
        PLAIN_ANALYZER: {
            "type": "custom",
            "tokenizer": "catalogue_words",
            "filter": ["lowercase", "asciifolding", "catalogue_cap"],
        },
    },
}


def _text_field(name: str) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "text", "analyzer": STEM_ANALYZER, "copy_to": ALL_PLAIN}
    if name == "title":
        field["fields"] = {"plain": {"type": "text", "analyzer": PLAIN_ANALYZER}}
    return field


def _keyword() -> dict[str, Any]:
    return {"type": "keyword", "ignore_above": KEYWORD_LIMIT}


MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "_meta": {"schema_version": SCHEMA_VERSION},
    "properties": {
        "id": {"type": "long"},
        "version": {"type": "long"},
        **{name: _text_field(name) for name in TEXT_FIELD_BOOSTS},
        ALL_PLAIN: {
            "type": "text",
            "analyzer": PLAIN_ANALYZER,
            "index_options": "docs",
            "index_prefixes": {"min_chars": 2, "max_chars": 5},
        },
        TITLE_EXACT: _keyword(),
        TITLE_SORT: _keyword(),
        MODIFIED: {"type": "date"},
        RANK: {"type": "integer"},
        GROUPS: {"type": "keyword"},
        "facets": {"properties": {facet: _keyword() for facet in FACET_FIELDS}},
        SHOWN: {"type": "object", "enabled": False},
    },
}


def index_settings(shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """One primary shard keeps facet counts exact and holds tens of millions of catalogue entries."""
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "max_result_window": 10_000,
        "analysis": ANALYSIS,
    }


def template_body(alias: str, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """The index template every versioned index behind `alias` is created from."""
    return {
        "index_patterns": [index_pattern(alias)],
        "priority": 200,  # above the built-in templates (100), should a pattern ever meet one
        "template": {"settings": index_settings(shards, replicas), "mappings": MAPPINGS},
        "_meta": {"schema_version": SCHEMA_VERSION, "description": "catalogue search index"},
    }


# -- documents -----------------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def context_values(document: SearchDocument) -> list[str]:
    return [v for v in (document.owner, document.steward, document.department, document.application) if v]


def to_source(document: SearchDocument) -> dict[str, Any]:
    """The indexed JSON of one document."""
    modified = _utc(document.modified).isoformat() if document.modified is not None else None
    facets: dict[str, Any] = {}
    for facet in FACET_FIELDS:
        values = document.facet_values(facet)
        if values:
            facets[facet] = list(values) if facet == "tag" else values[0]
    source: dict[str, Any] = {
        "id": document.id,
        "version": document.version,
        "title": document.title,
        "tags": [t for t in document.tags if t],
        "description": document.description,
        "columns": [c for c in document.columns if c],
        "path": document.path,
        "context": context_values(document),
        TITLE_EXACT: normalise_title(document.title),
        TITLE_SORT: normalise_title(document.title) or sort_title(document.title),
        RANK: document.classification_rank,
        GROUPS: sorted({g for g in document.access_groups if g}),
        "facets": facets,
        SHOWN: {
            "kind": document.kind,
            "classification": document.classification,
            "source": document.source,
            "owner": document.owner,
            "department": document.department,
            "location": document.location,
            "modified": modified,
        },
    }
    if modified is not None:
        source[MODIFIED] = modified
    return source


HIT_SOURCE_FIELDS = ["id", "title", "description", "path", SHOWN]


def to_hit(source: dict[str, Any], score: float, snippet: str) -> SearchHit:
    shown = {**(source.get(SHOWN) or {}), "id": source["id"], "title": source.get("title")}
    return SearchHit.from_shown(shown, score, snippet)
