"""Which column of a register holds which field: a guess from the header names, or a saved mapping.

A mapping is a plain dict, header -> field name (JSON-friendly, so it can be kept in the register source's
config). Headers are matched case-, spacing- and punctuation-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from catalogue.fields import FIELDS_BY_NAME, LAYERED_FIELDS

# Words councils' registers use for the fields (besides the fields' own names and labels).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "asset",
        "asset name",
        "asset title",
        "name",
        "information asset",
        "information asset name",
        "name of asset",
        "system",
        "system name",
    ),
    "description": (
        "purpose",
        "description of asset",
        "asset description",
        "summary",
        "what is it",
        "notes",
    ),
    "kind": ("kind of asset", "asset kind"),
    "location": ("where held", "where is it held", "where stored", "storage location", "url", "path", "link"),
    "format": ("format", "file format", "media", "medium", "paper or electronic", "electronic or paper"),
    "tags": ("keywords", "keyword", "tags", "subject", "subjects"),
    "owner": (
        "iao",
        "information asset owner",
        "owner",
        "asset owner",
        "information owner",
        "responsible officer",
    ),
    "steward": ("information asset administrator", "iaa", "administrator", "custodian", "data steward"),
    "department": ("service", "directorate", "service area", "team", "business area", "division"),
    "classification": (
        "protective marking",
        "security classification",
        "classification",
        "gsc",
        "government security classification",
        "marking",
        "security marking",
    ),
    "handling_markings": ("handling", "handling caveat", "descriptor", "caveats"),
    "access_groups": ("access restricted to", "restricted to", "access groups"),
    "personal_data": (
        "contains personal data",
        "personal data",
        "personal information",
        "pii",
        "personal data yes no",
        "includes personal data",
    ),
    "lawful_basis": (
        "lawful basis",
        "legal basis",
        "lawful basis for processing",
        "gdpr lawful basis",
        "article 6 basis",
    ),
    "retention_period": ("retention", "retention period", "how long kept", "retention schedule"),
    "retention_basis": ("retention authority", "retention reason", "basis for retention"),
    "disposal_action": ("disposal", "disposal method", "action at end of retention", "disposal arrangements"),
    "disposal_due": ("disposal date", "date for disposal", "destroy by"),
    "review_due": ("review date", "next review", "date of next review", "review", "next review date"),
    "open_data_status": ("open data", "published as open data", "open data status"),
    "licence": ("licence", "license", "licensing"),
    "created_by": ("created by", "author"),
    "created_at_source": ("date created", "created"),
    "modified_at_source": ("last updated", "date modified", "last modified"),
}


def squash(header: str) -> str:
    """The form headers are compared in: lower case letters and digits, single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(header).lower()).split())


def _lookup() -> dict[str, str]:
    words: dict[str, str] = {}
    for spec in LAYERED_FIELDS:  # names and labels first: an exported register maps back exactly
        words[squash(spec.name)] = spec.name
        words[squash(spec.label)] = spec.name
    for name, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            words.setdefault(squash(synonym), name)
    return words


WORDS = _lookup()


def guess_field(header: str) -> str | None:
    """The field a header most likely means, or None."""
    return WORDS.get(squash(header)) if header else None


@dataclass
class ColumnMapping:
    """A mapping in use: header -> field, and the headers it leaves out."""

    columns: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


class MappingError(ValueError):
    """A mapping that names a field the asset record does not have, or maps two columns to one field."""


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Header -> field for every header that looks like a field; the first header wins a field."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = guess_field(header)
        if name is not None and name not in taken:
            mapping[header] = name
            taken.add(name)
    return mapping


def resolve_mapping(headers: Iterable[str], given: Mapping[str, str | None] | None = None) -> ColumnMapping:
    """The mapping for these headers: the given one (matched insensitively; a header mapped to None or ""
    is left out), with every other header guessed. Raises MappingError for a bad given mapping."""
    headers = [h for h in headers if h]
    given = dict(given or {})
    for header, name in given.items():
        if name and name not in FIELDS_BY_NAME:
            raise MappingError(f"column {header!r}: {name!r} is not a field of the asset record")
    chosen = {squash(h): n for h, n in given.items()}
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:  # the given mapping first, so a guess cannot take its fields
        key = squash(header)
        if key in chosen:
            name = chosen[key]
            if name:
                if name in taken:
                    raise MappingError(f"two columns are mapped to {name!r}")
                columns[header] = name
                taken.add(name)
    for header in headers:
        if squash(header) in chosen:
            continue
        name = guess_field(header)
        if name is not None and name not in taken:
            columns[header] = name
            taken.add(name)
    ordered = {h: columns[h] for h in headers if h in columns}
    return ColumnMapping(ordered, [h for h in headers if h not in columns])
