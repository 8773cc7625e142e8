"""SQLite: sqlite_master and the pragma table-valued functions, one query each for all tables.

Row estimates come from `sqlite_stat1` (written by ANALYZE) and sizes from the `dbstat` table when SQLite
was built with it; otherwise they are left empty. SQLite has no comments and one schema, "main".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

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

RELATIONS_SQL = """
SELECT name, type FROM sqlite_master
WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY name
"""

COLUMNS_SQL = """
SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk
FROM sqlite_master m JOIN pragma_table_info(m.name) p
WHERE m.name IN :names ORDER BY m.name, p.cid
"""

FOREIGN_KEYS_SQL = """
SELECT m.name, f.id, f."from", f."table", f."to"
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE m.name IN :names ORDER BY m.name, f.id, f.seq
"""

INDEXES_SQL = """
SELECT m.name, il.name, il."unique", il.origin, ii.name
FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
WHERE m.name IN :names ORDER BY m.name, il.name, ii.seqno
"""

STATS_SQL = "SELECT tbl, stat FROM sqlite_stat1"  # the first number of every row is the table's row count
SIZES_SQL = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"


class SQLiteReader(CatalogueReader):
    label: str = "SQLite"

    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        connection.exec_driver_sql("PRAGMA query_only = ON")
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {max(1, int(timeout_seconds * 1000))}")

    def database(self, connection: Connection) -> DatabaseInfo:
        path = connection.engine.url.database or ""
        version = connection.exec_driver_sql("SELECT sqlite_version()").scalar()
        page_size = connection.exec_driver_sql("PRAGMA page_size").scalar() or 0
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
        return DatabaseInfo(
            name=Path(path).stem or "main", version=str(version), size_bytes=page_size * pages
        )

    def schemas(self, connection: Connection) -> list[SchemaInfo]:
        return [SchemaInfo("main")]

    def _optional(self, connection: Connection, sql: str) -> list[Any]:
        try:
            return list(connection.exec_driver_sql(sql))
        except DBAPIError:  # no sqlite_stat1 (never analysed) or no dbstat in this build
            return []

    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]:
        if "main" not in schemas:
            return []
        rows = list(connection.exec_driver_sql(RELATIONS_SQL))
        estimates: dict[str, int] = {}
        analysed = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).first()
        for table, stat in self._optional(connection, STATS_SQL) if analysed else []:
            first = str(stat).split(" ", 1)[0]
            if first.isdigit():
                estimates[table] = max(estimates.get(table, 0), int(first))
        sizes = {name: int(size) for name, size in self._optional(connection, SIZES_SQL)}
        return [
            RelationInfo(
                schema="main",
                name=name,
                kind="view" if kind == "view" else "table",
                row_estimate=estimates.get(name) if kind == "table" else None,
                size_bytes=sizes.get(name) if kind == "table" else None,
            )
            for name, kind in rows
        ]

    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        names = [r.name for r in relations if r.schema == "main"]
        if not names:
            return {}
        params = {"names": names}

        def run(sql: str) -> list[Any]:
            query = text(sql).bindparams(bindparam("names", expanding=True))
            return list(connection.execute(query, params))

        found: dict[str, Details] = {name: Details() for name in names}
        existing = set()
        for table, rows in group_rows(run(COLUMNS_SQL), 1).items():
            existing.add(table[0])
            found[table[0]].columns.extend(
                Column(r[1], r[2] or "", not r[3], r[4], "", bool(r[5])) for r in rows
            )
        for (table, _fk), rows in group_rows(run(FOREIGN_KEYS_SQL), 2).items():
            found[table].foreign_keys.append(
                ForeignKey(
                    f"fk_{table}_{_fk}",
                    tuple(r[2] for r in rows),
                    "main",
                    rows[0][3],
                    tuple(r[4] or "" for r in rows),
                )
            )
        for (table, name), rows in group_rows(run(INDEXES_SQL), 2).items():
            found[table].indexes.append(
                IndexInfo(
                    name, tuple(r[4] or "(expression)" for r in rows), bool(rows[0][2]), rows[0][3] == "pk"
                )
            )
        return {("main", name): details for name, details in found.items() if name in existing}
