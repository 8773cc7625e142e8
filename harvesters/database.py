"""The database harvester: any database SQLAlchemy reaches, catalogued from its system catalogue.

It records the database (as an application's data store), its schemas, and every table, view and
materialized view with columns, keys, indexes, comments, the catalogue's row-count and size estimates and a
schema fingerprint (the normalised column set), so a table copied into another database shows up as a
likely duplicate. Columns that look like personal data give a suggested personal-data flag.

The catalogue is read in bulk by a per-dialect reader (`harvesters.db_catalogues`): a handful of queries
for the schemas and relations, then a few per chunk of `CHUNK` relations, so memory stays bounded on
databases with thousands of tables. Sessions are read only where the dialect allows it and carry their own
statement and lock timeouts; nothing is ever counted with COUNT(*).

Problems and what becomes of them:

- the database unreachable, the login refused, a catalogue query timing out -> SourceError (nothing is
  retired); its message names the URL with the password hidden and the error's class and first line;
- a schema or table the harvest user may not read -> skipped, reported as a listing gap (assets already
  catalogued there are kept);
- a relation dropped between listing and reading -> ItemError for that relation alone.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from harvesters.base import Column, Harvester, ItemError, ItemRef, Listed, ListingGap, Record, SourceError
from harvesters.db_catalogues import CatalogueReader, DatabaseInfo, Details, RelationInfo, reader_for
from harvesters.personal_data import hint_for

CHUNK = 1000  # relations whose details are read (and held) at once
VANISHED = "dropped while the harvest was reading it"
GLOB_CHARS = re.compile(r"[*?\[]")


class DatabaseConfigSchema(Schema):
    """Settings of a database source."""

    class Meta:
        unknown = RAISE

    url = fields.Str(
        required=True,
        metadata={
            "description": "SQLAlchemy URL without the password, e.g. "
            "postgresql+psycopg://reader@db:5432/app "
            "or sqlite:////data/app.db"
        },
    )
    password = fields.Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "Password of the harvest login", "secret": True},
    )
    include_schemas = fields.List(
        fields.Str(),
        load_default=list,
        metadata={"description": "Globs of schemas to catalogue (all but system schemas when empty)"},
    )
    exclude_schemas = fields.List(
        fields.Str(), load_default=list, metadata={"description": "Globs of schemas to leave out"}
    )
    include_tables = fields.List(
        fields.Str(),
        load_default=list,
        metadata={
            "description": "Globs of tables and views to catalogue (all when empty); a glob with a dot "
            "matches schema.table, one without matches the table name"
        },
    )
    exclude_tables = fields.List(
        fields.Str(), load_default=list, metadata={"description": "Globs of tables and views to leave out"}
    )
    statement_timeout_seconds = fields.Float(
        load_default=30.0,
        validate=validate.Range(min=0.001, max=3600),
        metadata={"description": "Longest a catalogue query or lock wait may take before the run gives up"},
    )
    connect_timeout_seconds = fields.Int(
        load_default=15,
        validate=validate.Range(min=1, max=600),
        metadata={"description": "Seconds to wait for the database server to accept a connection"},
    )
    application = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={
            "description": "Title of the application this database belongs to (set as the `application` "
            "field of the database and everything in it)"
        },
    )

    @validates("url")
    def _check_url(self, value: str, data_key: str) -> None:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValidationError(
                "not an SQLAlchemy URL (dialect+driver://user@host:port/database)"
            ) from None
        if url.password is not None:
            raise ValidationError("leave the password out of the URL and put it in the password field")
        try:
            reader_for(url.get_backend_name())
        except LookupError as error:
            raise ValidationError(str(error)) from None


# ----- schema fingerprints ----------------------------------------------------------------------------

TYPE_ALIASES = {
    "character varying": "varchar",
    "varchar2": "varchar",
    "nvarchar": "varchar",
    "nvarchar2": "varchar",
    "character": "char",
    "nchar": "char",
    "bpchar": "char",
    "int": "integer",
    "int4": "integer",
    "mediumint": "integer",
    "int2": "smallint",
    "int8": "bigint",
    "serial": "integer",
    "bigserial": "bigint",
    "bool": "boolean",
    "bit": "boolean",
    "decimal": "numeric",
    "number": "numeric",
    "double precision": "double",
    "float8": "double",
    "float4": "real",
    "datetime": "timestamp",
    "datetime2": "timestamp",
    "smalldatetime": "timestamp",
    "timestamp with time zone": "timestamptz",
    "datetimeoffset": "timestamptz",
    "time without time zone": "time",
    "longtext": "text",
    "mediumtext": "text",
    "tinytext": "text",
    "clob": "text",
    "nclob": "text",
    "ntext": "text",
    "bytea": "binary",
    "blob": "binary",
    "longblob": "binary",
    "mediumblob": "binary",
    "image": "binary",
    "uniqueidentifier": "uuid",
}
INTEGER_TYPES = {"tinyint", "smallint", "integer", "bigint"}
ARGLESS_TYPES = {
    "boolean",
    "text",
    "binary",
    "double",
    "real",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "date",
}


@functools.lru_cache(maxsize=4096)
def normalise_type(data_type: str) -> str:
    """A type name comparable across dialects: `character varying(40)` and `VARCHAR(40)` -> `varchar(40)`,
    `int(11)` and `int4` -> `integer`, `timestamp without time zone` and `datetime` -> `timestamp`."""
    text = " ".join(data_type.lower().split())
    if text in ("tinyint(1)", "bit(1)"):
        return "boolean"
    text = text.replace(" without time zone", "")
    for word in (" unsigned", " zerofill"):
        text = text.replace(word, "")
    base, _, tail = text.partition("(")
    args, _, rest = tail.partition(")")
    base, args, rest = base.strip(), args.replace(" ", ""), rest.strip()
    if rest == "with time zone" and base in ("timestamp", "time"):
        base, rest = base + "tz", ""
    base = TYPE_ALIASES.get(base, base)
    if base in INTEGER_TYPES or base in ARGLESS_TYPES:
        args = ""
    return base + (f"({args})" if args else "") + (f" {rest}" if rest else "")


def schema_fingerprint(columns: Sequence[Column]) -> str:
    """sha256 of the sorted (lower-case name, normalised type) pairs: equal for the same table anywhere."""
    pairs = sorted((c.name.lower(), normalise_type(c.data_type)) for c in columns)
    return hashlib.sha256(json.dumps(pairs, separators=(",", ":")).encode()).hexdigest()


# ----- the harvester ----------------------------------------------------------------------------------


def _matches(name: str, globs: Sequence[str]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, g.lower()) for g in globs)


class DatabaseHarvester(Harvester):
    """Schemas, tables and views of a database, from its system catalogue."""

    kind: ClassVar[str] = "database"
    title: ClassVar[str] = "Database"
    config_schema: ClassVar[type[Schema]] = DatabaseConfigSchema

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        try:
            settings: dict[str, Any] = DatabaseConfigSchema(unknown=EXCLUDE).load(dict(config))
        except ValidationError as error:
            messages = {k: v for k, v in error.messages_dict.items() if k != "password"}
            raise SourceError(f"invalid database settings: {messages}") from None
        self._settings = settings
        self._url = make_url(settings["url"])
        self._password: str | None = settings["password"]
        self.reader: CatalogueReader = reader_for(self._url.get_backend_name())
        self._engine: Engine | None = None
        self._connection: Connection | None = None
        self._db_key = ""
        mysql = self._url.get_backend_name() in ("mysql", "mariadb")
        if mysql and self._url.database and not settings["include_schemas"]:
            settings["include_schemas"] = [self._url.database]  # a MySQL database is one schema

    # ----- connection and errors ---------------------------------------------------------------------

    @property
    def shown_url(self) -> str:
        """The URL as it may appear in messages: never the password."""
        url = self._url.set(password=self._password) if self._password is not None else self._url
        return url.render_as_string(hide_password=True)

    def _redact(self, text: str) -> str:
        for secret in filter(None, (self._password, self._url.password)):
            text = text.replace(secret, "***")
        return text

    def _error(self, error: BaseException, doing: str) -> SourceError:
        original = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
        lines = str(original).strip().splitlines()
        first = lines[0].strip() if lines else ""
        reason = f"{type(original).__name__}: {first}" if first else type(original).__name__
        timeout = self._settings["statement_timeout_seconds"]
        lowered = first.lower()
        if any(w in lowered for w in ("timeout", "max_statement_time", "canceling statement", "lock wait")):
            reason += f" (the harvest's statement and lock timeout is {timeout:g} s)"
        return SourceError(self._redact(f"{self.reader.label} database {self.shown_url}: {doing}: {reason}"))

    @contextlib.contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (SQLAlchemyError, OSError) as error:
            raise self._error(error, doing) from None

    def _make_engine(self) -> Engine:
        url: URL = self._url
        if self._password is not None:
            url = url.set(password=self._password)
        backend = url.get_backend_name()
        timeout = self._settings["statement_timeout_seconds"]
        connect = self._settings["connect_timeout_seconds"]
        options: dict[str, Any] = {"poolclass": NullPool}
        if self.reader.autocommit:
            options["isolation_level"] = "AUTOCOMMIT"
        if backend == "postgresql":
            options["connect_args"] = {"connect_timeout": connect, "application_name": "catalogue harvest"}
        elif backend in ("mysql", "mariadb"):
            read_timeout = int(timeout) + connect  # the socket gives up if the server's own limit did not
            options["connect_args"] = {"connect_timeout": connect, "read_timeout": read_timeout}
        elif backend == "sqlite":
            path = Path(url.database or "")
            if not url.database or url.database == ":memory:" or not path.is_file():
                raise SourceError(f"SQLite database {self.shown_url}: no such database file")
            uri = path.resolve().as_uri() + "?mode=ro"
            options["creator"] = _sqlite_creator(uri, timeout)
        elif backend == "mssql":
            options["connect_args"] = {"timeout": connect}
        try:
            return create_engine(url, **options)
        except (ArgumentError, NoSuchModuleError, ImportError) as error:
            raise SourceError(
                self._redact(f"database {self.shown_url}: driver not available: {type(error).__name__}")
            ) from None

    def connection(self) -> Connection:
        """The harvest's read-only session (opened on first use)."""
        if self._connection is None:
            self._engine = self._make_engine()
            with self._guard("cannot connect"):
                self._connection = self._engine.connect()
            with self._guard("cannot prepare a read-only session"):
                self.reader.prepare(self._connection, self._settings["statement_timeout_seconds"])
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ----- selection ---------------------------------------------------------------------------------

    def _schema_selected(self, name: str) -> bool:
        include: list[str] = self._settings["include_schemas"]
        if self.reader.is_system_schema(name):
            return name in include  # only when named outright
        if include and not _matches(name, include):
            return False
        return not _matches(name, self._settings["exclude_schemas"])

    def _table_selected(self, relation: RelationInfo) -> bool:
        def hits(globs: Sequence[str]) -> bool:
            return any(_matches(relation.key if "." in g else relation.name, [g]) for g in globs)

        include: list[str] = self._settings["include_tables"]
        if include and not hits(include):
            return False
        return not hits(self._settings["exclude_tables"])

    # ----- listing -----------------------------------------------------------------------------------

    def list_items(self) -> Iterator[Listed]:
        connection = self.connection()
        with self._guard("cannot read the schemas"):
            database = self.reader.database(connection)
            schemas = self.reader.schemas(connection)
        db_key = self._db_key = database.name or self._url.database or self._url.host or "database"
        selected = [s for s in schemas if self._schema_selected(s.name)]
        with self._guard("cannot list the tables and views"):
            relations = self.reader.relations(connection, [s.name for s in selected])
        warnings = self._missing_schema_warnings([s.name for s in schemas])
        yield self._database_record(db_key, database, warnings)
        unreadable_schemas = {s.name for s in selected if not s.readable}
        for schema in selected:
            if schema.name == db_key:
                continue  # MySQL: the database and its schema are one thing
            schema_warnings = (
                (f"schema {schema.name} may not be read by the harvest user: its tables were skipped",)
                if not schema.readable
                else ()
            )
            yield Record(
                key=schema.name,
                parent_key=db_key,
                fields=self._fields(
                    title=schema.name,
                    kind="schema",
                    description=schema.comment,
                    format=f"{self.reader.label} schema",
                    location=self._location(db_key, schema.name),
                ),
                warnings=schema_warnings,
            )

        wanted: list[RelationInfo] = []
        unreadable: set[str] = set()
        for relation in relations:
            if not self._table_selected(relation):
                continue
            if relation.schema in unreadable_schemas:
                unreadable.add(relation.key)
                yield ListingGap(
                    relation.key, f"schema {relation.schema} may not be read by the harvest user"
                )
            elif not relation.readable:
                unreadable.add(relation.key)
                yield ListingGap(relation.key, "a table or view the harvest user may not read: skipped")
            else:
                wanted.append(relation)
        del relations
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            with self._guard("cannot read columns, keys and indexes"):
                details = self.reader.details(connection, chunk)
            for relation in chunk:
                parent = db_key if relation.schema == db_key else relation.schema
                found = details.get((relation.schema, relation.name))
                if found is None:
                    yield ItemRef(relation.key, parent, hint=VANISHED)
                    continue
                record = self._relation_record(relation, parent, found, unreadable)
                yield ItemRef(relation.key, parent, fingerprint=record.fingerprint, hint=record)

    def read_item(self, ref: ItemRef) -> Record:
        if isinstance(ref.hint, Record):
            return ref.hint
        if ref.hint == VANISHED:
            raise ItemError(ref.key, f"{ref.key} was {VANISHED}")
        raise ItemError(ref.key, "read during the listing only: harvest the source again")

    def check(self) -> None:
        connection = self.connection()
        with self._guard("cannot read the catalogue"):
            self.reader.database(connection)

    # ----- records -----------------------------------------------------------------------------------

    def _missing_schema_warnings(self, names: Sequence[str]) -> tuple[str, ...]:
        present = {n.lower() for n in names}
        missing = [
            n
            for n in self._settings["include_schemas"]
            if not GLOB_CHARS.search(n) and n.lower() not in present
        ]
        return tuple(f"schema {n} does not exist or may not be read by the harvest user" for n in missing)

    def _fields(self, **values: Any) -> dict[str, Any]:
        fields_ = {k: v for k, v in values.items() if v is not None and v != "" and k != "tags"}
        tags = list(values.get("tags") or [])
        if tags:
            fields_["tags"] = list(dict.fromkeys(tags))
        if self._settings["application"]:
            fields_["application"] = self._settings["application"]
        return fields_

    def _location(self, *parts: str) -> str:
        """Where the object lives: server, database and object names (never the login)."""
        if len(parts) > 1 and parts[0] == parts[1]:
            parts = parts[1:] if len(parts) > 2 else parts[:1]  # MySQL: the database is the schema
        if self._url.get_backend_name() == "sqlite":
            base = str(Path(self._url.database or "").resolve())
            return f"{base}#{'.'.join(parts[1:])}" if len(parts) > 1 else base
        host = self._url.host or "localhost"
        port = f":{self._url.port}" if self._url.port else ""
        return f"{self._url.get_backend_name()}://{host}{port}/" + "/".join(parts)

    def _database_record(self, key: str, database: DatabaseInfo, warnings: tuple[str, ...]) -> Record:
        application = self._settings["application"]
        lines = []
        if application:
            lines.append(f"Data store of the application {application}.")
        lines.append(
            f"{self.reader.label} database{f' (version {database.version})' if database.version else ''}."
        )
        if database.comment:
            lines.append(database.comment)
        return Record(
            key=key,
            fields=self._fields(
                title=key,
                kind="database",
                description="\n\n".join(lines),
                format=f"{self.reader.label} database",
                size_bytes=database.size_bytes,
                location=self._location(key),
            ),
            warnings=warnings,
        )

    def _relation_record(
        self, relation: RelationInfo, parent: str, details: Details, unreadable: set[str]
    ) -> Record:
        columns = details.columns
        lines = [relation.comment] if relation.comment else []
        if relation.kind not in ("table", "view"):
            lines.append(f"A {relation.kind}.")
        primary = [c.name for c in columns if c.primary_key]
        if primary:
            lines.append(f"Primary key: {', '.join(primary)}.")
        if details.foreign_keys:
            described = []
            for fk in details.foreign_keys:
                target = f"{fk.ref_schema}.{fk.ref_table}" if fk.ref_schema else fk.ref_table
                note = " (not readable by the harvest user)" if target in unreadable else ""
                described.append(f"{', '.join(fk.columns)} -> {target} ({', '.join(fk.ref_columns)}){note}")
            lines.append("Foreign keys: " + "; ".join(described) + ".")
        indexes = [i for i in details.indexes if not i.primary]
        if indexes:
            shown = [f"{i.name} ({', '.join(i.columns)}{', unique' if i.unique else ''})" for i in indexes]
            lines.append("Indexes: " + "; ".join(shown) + ".")
        tags: list[str] = []
        personal = None
        hint = hint_for(relation.name, columns)
        if hint is not None:
            lines.append(hint.describe())
            tags.append("personal data")
            personal = hint.level
        fields_ = self._fields(
            title=relation.name,
            kind="table" if relation.kind in ("table", "foreign table") else "view",
            description="\n\n".join(lines),
            format=f"{self.reader.label} {relation.kind}",
            location=self._location(self._db_key, relation.schema, relation.name),
            row_count=relation.row_estimate,
            size_bytes=relation.size_bytes,
            column_count=len(columns),
            schema_fingerprint=schema_fingerprint(columns) if columns else None,
            personal_data=personal,
            tags=tags,
        )
        digest = hashlib.sha256(
            json.dumps([fields_, [list(c.__dict__.values()) for c in columns]], default=str).encode()
        ).hexdigest()[:32]
        return Record(
            key=relation.key, parent_key=parent, fields=fields_, columns=tuple(columns), fingerprint=digest
        )


def _sqlite_creator(uri: str, timeout: float) -> Any:
    import sqlite3

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

    return connect
