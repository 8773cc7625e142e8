"""The embedded (Tantivy) index schema, and SearchDocuments to and from its documents.

Change SCHEMA_VERSION whenever a field, tokenizer or stored layout changes: an index written under another
version is refused with a message telling the operator to run `catalogue reindex`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

import tantivy

from search.analysis import (
    PLAIN_TOKENIZER,
    STEM_TOKENIZER,
    normalise_title,
    plain_analyzer,
    sort_title,
    stem_analyzer,
)
from search.backend import FACET_FIELDS, TEXT_FIELD_BOOSTS, SearchDocument

SCHEMA_VERSION = 1

ALL_PLAIN = "all_plain"  # every text field, unstemmed: prefixes and typo tolerance
TITLE_PLAIN = "title_plain"  # the title, unstemmed: suggestions
TITLE_EXACT = "title_exact"  # the normalised title as one term: exact-title matches
TITLE_SORT = "title_sort"
MODIFIED = "modified"  # microseconds since the epoch; absent when unknown
ACCESS_KEY = "access_key"  # who may see it, as one term: see access_key()
DISPLAY = "display"  # stored JSON: what a hit shows

# Facet columns are dense: a document without a value stores MISSING, because Tantivy aggregates a column
# with a value in every document several times faster than a sparse one. For the same reason a multi-valued
# facet (tags) is counted from VALUE_SLOTS dense columns (a document's first values, one per column) plus
# one sparse overflow column that is only aggregated when some document has more values than that.
MISSING = ""
VALUE_SLOTS = 6
_FIELD_TYPES = {f.name: str(f.type) for f in fields(SearchDocument)}
MULTI_VALUED_FACETS = frozenset(f for f, a in FACET_FIELDS.items() if _FIELD_TYPES[a].startswith("tuple"))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def facet_field(facet: str) -> str:
    """The indexed field a facet's filter looks values up in."""
    return f"facet_{facet}"


def slot_fields(facet: str) -> list[str]:
    """The dense fast columns a facet's counts are aggregated from."""
    if facet in MULTI_VALUED_FACETS:
        return [f"{facet_field(facet)}_{slot}" for slot in range(VALUE_SLOTS)]
    return [facet_field(facet)]


def overflow_field(facet: str) -> str:
    return f"{facet_field(facet)}_more"


# (document attribute, filter field, dense value columns of a multi-valued facet, its overflow column)
_FACET_COLUMNS = [
    (
        attribute,
        facet_field(facet),
        slot_fields(facet) if facet in MULTI_VALUED_FACETS else [],
        overflow_field(facet),
    )
    for facet, attribute in FACET_FIELDS.items()
]


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("version", fast=True)
    for name in TEXT_FIELD_BOOSTS:
        builder.add_text_field(name, tokenizer_name=STEM_TOKENIZER, index_option="position")
    builder.add_text_field(ALL_PLAIN, tokenizer_name=PLAIN_TOKENIZER, index_option="basic")
    builder.add_text_field(TITLE_PLAIN, tokenizer_name=PLAIN_TOKENIZER, index_option="basic")
    builder.add_text_field(TITLE_EXACT, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TITLE_SORT, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field(MODIFIED, fast=True)
    builder.add_text_field(ACCESS_KEY, tokenizer_name="raw", index_option="basic")
    for facet in FACET_FIELDS:
        multi = facet in MULTI_VALUED_FACETS
        builder.add_text_field(facet_field(facet), fast=not multi, tokenizer_name="raw", index_option="basic")
        if multi:
            for name in [*slot_fields(facet), overflow_field(facet)]:
                builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field(DISPLAY, stored=True)
    return builder.build()


def register_tokenizers(index: tantivy.Index) -> None:
    """Tokenizers are not stored in the index: every opened Index needs them before it writes."""
    index.register_tokenizer(STEM_TOKENIZER, stem_analyzer())
    index.register_tokenizer(PLAIN_TOKENIZER, plain_analyzer())


def access_key(rank: int, groups: Iterable[str]) -> str:
    """Who may see a document, as one term: its rank and its (sorted) groups, e.g. `[1,["finance","hr"]]`.
    Exactly one per document, so the keys a principal holds and the ones it does not split the index."""
    members = sorted({g for g in groups if g})
    if not members:
        return f"[{rank},[]]"  # the common case, without the encoder
    return json.dumps([rank, members], separators=(",", ":"), ensure_ascii=False)


def read_access_key(key: str) -> tuple[int, frozenset[str]] | None:
    try:
        rank, groups = json.loads(key)
        return int(rank), frozenset(str(g) for g in groups)
    except (ValueError, TypeError):
        return None


def to_micros(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def context_values(document: SearchDocument) -> list[str]:
    return [v for v in (document.owner, document.steward, document.department, document.application) if v]


def text_values(document: SearchDocument) -> dict[str, list[str]]:
    """Each searchable text field's values (one value per tag, column and context entry)."""
    return {
        "title": [document.title],
        "tags": [t for t in document.tags if t],
        "description": [document.description] if document.description else [],
        "columns": [c for c in document.columns if c],
        "path": [document.path] if document.path else [],
        "context": context_values(document),
    }


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned("id", document.id)
    doc.add_unsigned("version", document.version)
    everything: list[str] = []
    for name, values in text_values(document).items():
        for value in values:
            doc.add_text(name, value)
        everything.extend(values)
    doc.add_text(ALL_PLAIN, "\n".join(everything))  # no positions: one value holds the same terms
    exact = normalise_title(document.title)
    doc.add_text(TITLE_PLAIN, document.title)
    doc.add_text(TITLE_EXACT, exact)
    doc.add_text(TITLE_SORT, exact or sort_title(document.title))
    if document.modified is not None:
        doc.add_integer(MODIFIED, to_micros(document.modified))
    doc.add_text(ACCESS_KEY, access_key(document.classification_rank, document.access_groups))
    _add_facets(doc, document)
    doc.add_bytes(DISPLAY, _display(document))
    return doc


def _add_facets(doc: tantivy.Document, document: SearchDocument) -> None:
    for attribute, name, slots, overflow in _FACET_COLUMNS:
        value = getattr(document, attribute)
        if not slots:
            doc.add_text(name, value or MISSING)
            continue
        values = [v for v in dict.fromkeys(value or ()) if v]
        for item in values:
            doc.add_text(name, item)
        for slot, column in enumerate(slots):
            doc.add_text(column, values[slot] if slot < len(values) else MISSING)
        for item in values[VALUE_SLOTS:]:
            doc.add_text(overflow, item)


DISPLAY_FIELDS = (
    "title",
    "kind",
    "classification",
    "source",
    "owner",
    "department",
    "location",
    "modified",
    "description",
    "path",
)
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode


def _display(document: SearchDocument) -> bytes:
    """The stored values a hit shows, as a JSON list in DISPLAY_FIELDS order (compact, quick to encode)."""
    modified = document.modified.isoformat() if document.modified else None
    values = [getattr(document, name) for name in DISPLAY_FIELDS[:7]]
    return _ENCODE([*values, modified, document.description, document.path]).encode("utf-8")


def read_display(doc: tantivy.Document) -> dict[str, Any]:
    raw = doc.get_first(DISPLAY)
    values = json.loads(bytes(raw)) if raw is not None else []
    shown: dict[str, Any] = dict(zip(DISPLAY_FIELDS, values, strict=False))
    shown["id"] = int(doc.get_first("id") or 0)
    return shown
