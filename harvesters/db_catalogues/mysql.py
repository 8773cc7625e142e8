"""MariaDB and MySQL: information_schema read in bulk. A "schema" here is a MySQL database.

`TABLE_ROWS` is the storage engine's estimate (InnoDB samples it) and `DATA_LENGTH + INDEX_LENGTH` its size.
information_schema shows only what the harvest user has some privilege on, so a database or table it may
not read is simply absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import TextClause

from harvesters.base import Column
from harvesters.db_catalogues import (
    CatalogueReader,
    DatabaseInfo,
    Details,
    ForeignKey,
    IndexInfo,
    RelationInfo,
    SchemaInfo,
    group_rows,
)

KINDS = {"BASE TABLE": "table", "SYSTEM VERSIONED": "table", "VIEW": "view"}

DATABASE_SQL = """
SELECT DATABASE(), VERSION(),
       (SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE())
"""

SCHEMAS_SQL = "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME"

RELATIONS_SQL = """
SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN :schemas AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')
ORDER BY TABLE_SCHEMA, TABLE_NAME
"""

COLUMNS_SQL = """
SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT,
       COLUMN_KEY
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA IN :schemas AND TABLE_NAME IN :names
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION
"""

FOREIGN_KEYS_SQL = """
SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,
       REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA IN :schemas AND TABLE_NAME IN :names AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
"""

INDEXES_SQL = """
SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA IN :schemas AND TABLE_NAME IN :names
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
"""

EXISTING_SQL = """
SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN :schemas AND TABLE_NAME IN :names
"""


def _query(sql: str, *names: str) -> TextClause:
    return text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))


def _default(value: str | None) -> str | None:
    """MariaDB shows a column without a default as the text NULL."""
    return None if value is None or value == "NULL" else value


def session_statements(timeout_seconds: float, mariadb: bool) -> list[str]:
    seconds = max(1, int(timeout_seconds))
    statements = [
        "SET SESSION TRANSACTION READ ONLY",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        f"SET SESSION lock_wait_timeout = {seconds}",
        f"SET SESSION innodb_lock_wait_timeout = {seconds}",
    ]
    if mariadb:
        statements.append(f"SET SESSION max_statement_time = {max(timeout_seconds, 0.001):.3f}")
    else:
        statements.append(f"SET SESSION max_execution_time = {max(1, int(timeout_seconds * 1000))}")
    return statements


class MySQLReader(CatalogueReader):
    label: str = "MariaDB"
    system_schemas: ClassVar[frozenset[str]] = frozenset(
        {"information_schema", "mysql", "performance_schema", "sys"}
    )

    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        mariadb = bool(getattr(connection.dialect, "is_mariadb", False))
        self.label = "MariaDB" if mariadb else "MySQL"
        for statement in session_statements(timeout_seconds, mariadb):
            connection.exec_driver_sql(statement)

    def database(self, connection: Connection) -> DatabaseInfo:
        name, version, size = connection.execute(text(DATABASE_SQL)).one()
        return DatabaseInfo(
            name=name or "", version=str(version), size_bytes=int(size) if size is not None else None
        )

    def schemas(self, connection: Connection) -> list[SchemaInfo]:
        return [SchemaInfo(r[0]) for r in connection.execute(text(SCHEMAS_SQL))]

    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]:
        if not schemas:
            return []
        rows = connection.execute(_query(RELATIONS_SQL, "schemas"), {"schemas": list(schemas)})
        return [
            RelationInfo(
                schema=r[0],
                name=r[1],
                kind=KINDS.get(r[2], "table"),
                comment="" if r[2] == "VIEW" else (r[3] or ""),
                row_estimate=int(r[4]) if r[4] is not None and r[2] != "VIEW" else None,
                size_bytes=int(r[5]) if r[5] is not None and r[2] != "VIEW" else None,
            )
            for r in rows
        ]

    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        if not relations:
            return {}
        wanted = {(r.schema, r.name) for r in relations}
        params: dict[str, Any] = {
            "schemas": sorted({r.schema for r in relations}),
            "names": sorted({r.name for r in relations}),
        }
        found: dict[tuple[str, str], Details] = {key: Details() for key in wanted}
        for (schema, table), rows in group_rows(
            connection.execute(_query(COLUMNS_SQL, "schemas", "names"), params).all(), 2
        ).items():
            if (schema, table) in found:
                found[schema, table].columns.extend(
                    Column(r[2], r[3], r[4] == "YES", _default(r[5]), r[6] or "", r[7] == "PRI") for r in rows
                )
        for (schema, table, name), rows in group_rows(
            connection.execute(_query(FOREIGN_KEYS_SQL, "schemas", "names"), params).all(), 3
        ).items():
            if (schema, table) in found:
                found[schema, table].foreign_keys.append(
                    ForeignKey(
                        name, tuple(r[3] for r in rows), rows[0][4], rows[0][5], tuple(r[6] for r in rows)
                    )
                )
        for (schema, table, name), rows in group_rows(
            connection.execute(_query(INDEXES_SQL, "schemas", "names"), params).all(), 3
        ).items():
            if (schema, table) in found:
                found[schema, table].indexes.append(
                    IndexInfo(name, tuple(r[4] for r in rows), not rows[0][3], name == "PRIMARY")
                )
        existing = {
            (r[0], r[1]) for r in connection.execute(_query(EXISTING_SQL, "schemas", "names"), params)
        }
        return {key: details for key, details in found.items() if key in existing}
