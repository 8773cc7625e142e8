"""PostgreSQL: pg_catalog read in bulk, without taking locks on the tables it describes.

Sizes are `relpages` (table, TOAST and indexes) times the block size and row counts are `reltuples`: both
are what the last VACUUM or ANALYZE recorded (`reltuples` is -1 before a table is first analysed), and
neither needs a lock, unlike `pg_total_relation_size`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import text
from sqlalchemy.engine import Connection

from harvesters.base import Column
from harvesters.db_catalogues import (
    CatalogueReader,
    DatabaseInfo,
    Details,
    ForeignKey,
    IndexInfo,
    RelationInfo,
    SchemaInfo,
)

KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}

DATABASE_SQL = """
SELECT current_database(), current_setting('server_version'),
       CASE WHEN has_database_privilege(d.oid, 'CONNECT') THEN pg_database_size(d.oid) END,
       COALESCE(shobj_description(d.oid, 'pg_database'), '')
FROM pg_database d WHERE d.datname = current_database()
"""

SCHEMAS_SQL = """
SELECT n.nspname, COALESCE(d.description, ''), has_schema_privilege(n.oid, 'USAGE')
FROM pg_namespace n
LEFT JOIN pg_description d
  ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
ORDER BY n.nspname
"""

RELATIONS_SQL = """
SELECT c.oid, n.nspname, c.relname, c.relkind, COALESCE(d.description, ''),
       c.reltuples::bigint,
       ((c.relpages + COALESCE(t.relpages, 0) + COALESCE(ix.pages, 0))::bigint
         * current_setting('block_size')::bigint),
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
LEFT JOIN (
  SELECT x.indrelid, sum(i.relpages) AS pages
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
  GROUP BY x.indrelid
) ix ON ix.indrelid = c.oid
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname = ANY(CAST(:schemas AS text[]))
ORDER BY n.nspname, c.relname
"""

COLUMNS_SQL = """
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       pg_get_expr(ad.adbin, ad.adrelid), COALESCE(d.description, '')
FROM pg_attribute a
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE a.attrelid = ANY(CAST(:oids AS oid[])) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

CONSTRAINTS_SQL = """
SELECT con.conrelid, con.conname, con.contype,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),
       fn.nspname, fc.relname,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)
FROM pg_constraint con
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.conrelid = ANY(CAST(:oids AS oid[])) AND con.contype IN ('p', 'f')
ORDER BY con.conrelid, con.conname
"""

INDEXES_SQL = """
SELECT x.indrelid, i.relname, x.indisunique, x.indisprimary,
       ARRAY(SELECT COALESCE(a.attname, '(expression)')
             FROM unnest(CAST(x.indkey AS int2[])) WITH ORDINALITY k(num, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num
             ORDER BY k.ord)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = ANY(CAST(:oids AS oid[]))
ORDER BY x.indrelid, i.relname
"""

EXISTING_SQL = "SELECT oid FROM pg_class WHERE oid = ANY(CAST(:oids AS oid[]))"


def session_statements(timeout_seconds: float) -> list[str]:
    milliseconds = max(1, int(timeout_seconds * 1000))
    return [
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        f"SET statement_timeout = {milliseconds}",
        f"SET lock_timeout = {milliseconds}",
    ]


class PostgresReader(CatalogueReader):
    label: str = "PostgreSQL"
    system_schemas: ClassVar[frozenset[str]] = frozenset({"pg_catalog", "information_schema", "pg_toast"})

    def is_system_schema(self, name: str) -> bool:
        return super().is_system_schema(name) or name.startswith(("pg_temp_", "pg_toast_temp_"))

    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        for statement in session_statements(timeout_seconds):
            connection.exec_driver_sql(statement)

    def database(self, connection: Connection) -> DatabaseInfo:
        row = connection.execute(text(DATABASE_SQL)).one()
        return DatabaseInfo(name=row[0], version=str(row[1]), size_bytes=row[2], comment=row[3] or "")

    def schemas(self, connection: Connection) -> list[SchemaInfo]:
        return [SchemaInfo(r[0], r[1], bool(r[2])) for r in connection.execute(text(SCHEMAS_SQL))]

    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]:
        if not schemas:
            return []
        rows = connection.execute(text(RELATIONS_SQL), {"schemas": list(schemas)})
        return [
            RelationInfo(
                schema=r[1],
                name=r[2],
                kind=KINDS[r[3]],
                comment=r[4],
                row_estimate=int(r[5]) if r[5] is not None and r[5] >= 0 and r[3] in "rpm" else None,
                size_bytes=int(r[6]) if r[3] in "rpm" and r[6] is not None else None,
                readable=bool(r[7]),
                ident=int(r[0]),
            )
            for r in rows
        ]

    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        by_oid = {int(r.ident): r for r in relations}
        if not by_oid:
            return {}
        oids = {"oids": list(by_oid)}
        found: dict[int, Details] = {oid: Details() for oid in by_oid}
        primary: dict[int, set[str]] = {}
        for oid, name, kind, columns, ref_schema, ref_table, ref_columns in connection.execute(
            text(CONSTRAINTS_SQL), oids
        ):
            if kind == "p":
                primary[oid] = set(columns)
            else:
                found[oid].foreign_keys.append(
                    ForeignKey(name, tuple(columns), ref_schema or "", ref_table or "", tuple(ref_columns))
                )
        for oid, name, data_type, nullable, default, comment in connection.execute(text(COLUMNS_SQL), oids):
            found[oid].columns.append(
                Column(name, data_type, bool(nullable), default, comment, name in primary.get(oid, ()))
            )
        for oid, name, unique, is_primary, columns in connection.execute(text(INDEXES_SQL), oids):
            found[oid].indexes.append(IndexInfo(name, tuple(columns), bool(unique), bool(is_primary)))
        existing = {int(r[0]) for r in connection.execute(text(EXISTING_SQL), oids)}
        return {
            (by_oid[oid].schema, by_oid[oid].name): details
            for oid, details in found.items()
            if oid in existing
        }
