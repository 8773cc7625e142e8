"""Bulk readers of database system catalogues, one module per dialect.

Each reader answers a handful of set-based queries per database (schemas, relations, then columns, keys
and indexes for a chunk of relations at a time), never one reflection round-trip per table and never a
COUNT(*): row counts and sizes are the estimates the system catalogue keeps.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy.engine import Connection

from harvesters.base import Column


@dataclass(frozen=True)
class DatabaseInfo:
    name: str
    version: str = ""
    size_bytes: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class SchemaInfo:
    name: str
    comment: str = ""
    readable: bool = True


@dataclass(frozen=True)
class RelationInfo:
    """One table, view or materialized view as the first listing query saw it."""

    schema: str
    name: str
    kind: str  # "table", "view", "materialized view", "foreign table"
    comment: str = ""
    row_estimate: int | None = None
    size_bytes: int | None = None
    readable: bool = True
    ident: Any = None  # the dialect's object id (PostgreSQL oid), when it has one

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class IndexInfo:
    name: str
    columns: tuple[str, ...]
    unique: bool = False
    primary: bool = False


@dataclass
class Details:
    """Columns, keys and indexes of one relation, read in bulk with its neighbours."""

    columns: list[Column] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[IndexInfo] = field(default_factory=list)


class CatalogueReader(abc.ABC):
    """Reads one dialect's system catalogue. Every method runs a fixed, small number of queries."""

    label: str = ""  # "PostgreSQL"
    system_schemas: ClassVar[frozenset[str]] = frozenset()
    autocommit: ClassVar[bool] = True  # each catalogue query its own short transaction

    def is_system_schema(self, name: str) -> bool:
        return name.lower() in self.system_schemas

    @abc.abstractmethod
    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        """Make the session read only where the dialect allows it and set its statement and lock timeouts."""

    @abc.abstractmethod
    def database(self, connection: Connection) -> DatabaseInfo: ...

    @abc.abstractmethod
    def schemas(self, connection: Connection) -> list[SchemaInfo]: ...

    @abc.abstractmethod
    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]: ...

    @abc.abstractmethod
    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        """Details of these relations keyed by (schema, name); a relation dropped since it was listed is
        missing from the answer."""


def group_rows(rows: Sequence[Sequence[Any]], width: int) -> dict[tuple[Any, ...], list[Sequence[Any]]]:
    """Rows grouped by their first `width` values, in order."""
    grouped: dict[tuple[Any, ...], list[Sequence[Any]]] = {}
    for row in rows:
        grouped.setdefault(tuple(row[:width]), []).append(row)
    return grouped


def reader_for(dialect_name: str) -> CatalogueReader:
    """The reader for an SQLAlchemy dialect name; raises LookupError for one not supported."""
    name = dialect_name.lower()
    if name == "postgresql":
        from harvesters.db_catalogues.postgresql import PostgresReader

        return PostgresReader()
    if name in ("mysql", "mariadb"):
        from harvesters.db_catalogues.mysql import MySQLReader

        return MySQLReader()
    if name == "sqlite":
        from harvesters.db_catalogues.sqlite import SQLiteReader

        return SQLiteReader()
    if name == "mssql":
        from harvesters.db_catalogues.mssql import SQLServerReader

        return SQLServerReader()
    if name == "oracle":
        from harvesters.db_catalogues.oracle import OracleReader

        return OracleReader()
    raise LookupError(f"no catalogue reader for the {dialect_name} dialect")
