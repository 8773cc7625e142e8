"""SQL Server: the sys catalogue views read in bulk (through pyodbc or pymssql).

Row counts are `sys.partitions.rows` of the heap or clustered index and sizes the allocated pages: both
kept by SQL Server without scanning. Comments are `MS_Description` extended properties. The session sets
`LOCK_TIMEOUT` and reads under READ COMMITTED; SQL Server has no read-only session setting, so the
harvest login should have only VIEW DEFINITION (and SELECT where row estimates are wanted).
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

KINDS = {"U": "table", "V": "view"}

DATABASE_SQL = """
SELECT DB_NAME(), CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),
       (SELECT SUM(CAST(f.size AS bigint)) * 8192 FROM sys.database_files f)
"""

SCHEMAS_SQL = """
SELECT s.name, CAST(ep.value AS nvarchar(4000)),
       HAS_PERMS_BY_NAME(QUOTENAME(s.name), 'SCHEMA', 'SELECT')
FROM sys.schemas s
LEFT JOIN sys.extended_properties ep
  ON ep.class = 3 AND ep.major_id = s.schema_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
ORDER BY s.name
"""

RELATIONS_SQL = """
SELECT o.object_id, s.name, o.name, o.type, CAST(ep.value AS nvarchar(4000)),
       (SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)),
       (SELECT SUM(CAST(a.total_pages AS bigint)) * 8192
          FROM sys.partitions p JOIN sys.allocation_units a ON a.container_id = p.partition_id
          WHERE p.object_id = o.object_id),
       HAS_PERMS_BY_NAME(QUOTENAME(s.name) + '.' + QUOTENAME(o.name), 'OBJECT', 'SELECT')
FROM sys.objects o
JOIN sys.schemas s ON s.schema_id = o.schema_id
LEFT JOIN sys.extended_properties ep
  ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0 AND s.name IN :schemas
ORDER BY s.name, o.name
"""

COLUMNS_SQL = """
SELECT c.object_id, c.name,
       t.name + CASE
         WHEN t.name IN ('varchar', 'char', 'varbinary', 'binary')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length AS varchar(10)) END + ')'
         WHEN t.name IN ('nvarchar', 'nchar')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max'
                           ELSE CAST(c.max_length / 2 AS varchar(10)) END + ')'
         WHEN t.name IN ('decimal', 'numeric')
           THEN '(' + CAST(c.precision AS varchar(10)) + ',' + CAST(c.scale AS varchar(10)) + ')'
         ELSE '' END,
       c.is_nullable, dc.definition, CAST(ep.value AS nvarchar(4000))
FROM sys.columns c
JOIN sys.types t ON t.user_type_id = c.user_type_id
LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
LEFT JOIN sys.extended_properties ep
  ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
WHERE c.object_id IN :ids
ORDER BY c.object_id, c.column_id
"""

FOREIGN_KEYS_SQL = """
SELECT fk.parent_object_id, fk.name, pc.name, rs.name, ro.name, rc.name
FROM sys.foreign_keys fk
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.objects ro ON ro.object_id = fkc.referenced_object_id
JOIN sys.schemas rs ON rs.schema_id = ro.schema_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE fk.parent_object_id IN :ids
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id
"""

INDEXES_SQL = """
SELECT i.object_id, i.name, i.is_unique, i.is_primary_key, c.name
FROM sys.indexes i
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.object_id IN :ids AND i.name IS NOT NULL AND ic.is_included_column = 0
ORDER BY i.object_id, i.name, ic.key_ordinal
"""

EXISTING_SQL = "SELECT object_id FROM sys.objects WHERE object_id IN :ids"


def query(sql: str, *expanding: str) -> TextClause:
    return text(sql).bindparams(*(bindparam(name, expanding=True) for name in expanding))


def session_statements(timeout_seconds: float) -> list[str]:
    return [
        f"SET LOCK_TIMEOUT {max(1, int(timeout_seconds * 1000))}",
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET DEADLOCK_PRIORITY LOW",
    ]


def relation_from_row(row: Sequence[Any]) -> RelationInfo:
    object_id, schema, name, kind, comment, rows, size, readable = row
    table = str(kind).strip() == "U"
    return RelationInfo(
        schema=schema,
        name=name,
        kind=KINDS.get(str(kind).strip(), "table"),
        comment=comment or "",
        row_estimate=int(rows) if table and rows is not None else None,
        size_bytes=int(size) if table and size is not None else None,
        readable=readable is None or bool(readable),
        ident=int(object_id),
    )


def details_from_rows(
    relations: Sequence[RelationInfo],
    columns: Sequence[Sequence[Any]],
    foreign_keys: Sequence[Sequence[Any]],
    indexes: Sequence[Sequence[Any]],
    existing: Sequence[Sequence[Any]],
) -> dict[tuple[str, str], Details]:
    """Assemble the answers of the four detail queries (pure, so it is tested without a server)."""
    by_id = {int(r.ident): r for r in relations}
    found = {ident: Details() for ident in by_id}
    primary: dict[int, set[str]] = {}
    for (ident, name), rows in group_rows(indexes, 2).items():
        if ident in found:
            found[ident].indexes.append(
                IndexInfo(name, tuple(r[4] for r in rows), bool(rows[0][2]), bool(rows[0][3]))
            )
            if rows[0][3]:
                primary[ident] = {r[4] for r in rows}
    for (ident, name), rows in group_rows(foreign_keys, 2).items():
        if ident in found:
            found[ident].foreign_keys.append(
                ForeignKey(name, tuple(r[2] for r in rows), rows[0][3], rows[0][4], tuple(r[5] for r in rows))
            )
    for ident, name, data_type, nullable, default, comment in columns:
        if ident in found:
            found[ident].columns.append(
                Column(
                    name, data_type, bool(nullable), default, comment or "", name in primary.get(ident, ())
                )
            )
    alive = {int(r[0]) for r in existing}
    return {(by_id[i].schema, by_id[i].name): d for i, d in found.items() if i in alive}


class SQLServerReader(CatalogueReader):
    label: str = "SQL Server"
    system_schemas: ClassVar[frozenset[str]] = frozenset(
        {
            "sys",
            "information_schema",
            "guest",
            "db_owner",
            "db_accessadmin",
            "db_securityadmin",
            "db_ddladmin",
            "db_backupoperator",
            "db_datareader",
            "db_datawriter",
            "db_denydatareader",
            "db_denydatawriter",
        }
    )
    autocommit: ClassVar[bool] = False

    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        for statement in session_statements(timeout_seconds):
            connection.exec_driver_sql(statement)

    def database(self, connection: Connection) -> DatabaseInfo:
        name, version, size = connection.execute(text(DATABASE_SQL)).one()
        return DatabaseInfo(
            name=name, version=str(version), size_bytes=int(size) if size is not None else None
        )

    def schemas(self, connection: Connection) -> list[SchemaInfo]:
        return [
            SchemaInfo(r[0], r[1] or "", r[2] is None or bool(r[2]))
            for r in connection.execute(text(SCHEMAS_SQL))
        ]

    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]:
        if not schemas:
            return []
        rows = connection.execute(query(RELATIONS_SQL, "schemas"), {"schemas": list(schemas)})
        return [relation_from_row(r) for r in rows]

    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        if not relations:
            return {}
        params = {"ids": [int(r.ident) for r in relations]}

        def run(sql: str) -> list[Any]:
            return list(connection.execute(query(sql, "ids"), params))

        return details_from_rows(
            relations, run(COLUMNS_SQL), run(FOREIGN_KEYS_SQL), run(INDEXES_SQL), run(EXISTING_SQL)
        )
