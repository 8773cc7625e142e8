"""What every harvester produces: records, and the two kinds of error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of a table, view or spreadsheet sheet."""

    name: str
    data_type: str = ""
    nullable: bool | None = None
    default: str | None = None
    comment: str = ""
    primary_key: bool = False


@dataclass(frozen=True)
class Record:
    """One asset as its source describes it.

    `key` is stable within the source (a path relative to the share root, `schema.table`, a Graph item id).
    `fields` holds harvested values of the layered fields named in `catalogue.fields` (JSON-friendly:
    strings, numbers, lists of strings, ISO 8601 dates and datetimes).
    """

    key: str
    fields: Mapping[str, Any]
    parent_key: str | None = None
    columns: Sequence[Column] = field(default_factory=tuple)


class SourceError(Exception):
    """The source as a whole cannot be read (unreachable, bad credentials): the run aborts."""


class ItemError(Exception):
    """One item could not be read; the run records it and goes on."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
