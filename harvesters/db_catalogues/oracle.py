"""Oracle: the ALL_* dictionary views read in bulk (through python-oracledb). A "schema" is an owner.

Row counts are `ALL_TABLES.NUM_ROWS` and sizes `NUM_ROWS * AVG_ROW_LEN`, both from the optimiser
statistics (empty until gathered). The session runs `SET TRANSACTION READ ONLY`, a DDL lock timeout and
the driver's call timeout.
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

KINDS = {"TABLE": "table", "VIEW": "view", "MATERIALIZED VIEW": "materialized view"}

DATABASE_SQL = """
SELECT SYS_CONTEXT('USERENV', 'DB_NAME'), (SELECT MAX(version) FROM product_component_version) FROM dual
"""

SCHEMAS_SQL = "SELECT username FROM all_users ORDER BY username"

RELATIONS_SQL = """
SELECT o.owner, o.object_name, o.object_type, tc.comments, t.num_rows, t.num_rows * t.avg_row_len
FROM all_objects o
LEFT JOIN all_tab_comments tc ON tc.owner = o.owner AND tc.table_name = o.object_name
LEFT JOIN all_tables t ON t.owner = o.owner AND t.table_name = o.object_name
WHERE o.object_type IN ('TABLE', 'VIEW', 'MATERIALIZED VIEW') AND o.secondary = 'N'
  AND o.object_name NOT LIKE 'BIN$%' AND o.owner IN :schemas
ORDER BY o.owner, o.object_name
"""

COLUMNS_SQL = """
SELECT c.owner, c.table_name, c.column_name,
       c.data_type || CASE
         WHEN c.data_type IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR', 'RAW')
           THEN '(' || c.char_length || ')'
         WHEN c.data_type = 'NUMBER' AND c.data_precision IS NOT NULL
           THEN '(' || c.data_precision || ',' || NVL(c.data_scale, 0) || ')'
         ELSE '' END,
       c.nullable, c.data_default, cc.comments
FROM all_tab_columns c
LEFT JOIN all_col_comments cc
  ON cc.owner = c.owner AND cc.table_name = c.table_name AND cc.column_name = c.column_name
WHERE c.owner IN :schemas AND c.table_name IN :names
ORDER BY c.owner, c.table_name, c.column_id
"""

KEYS_SQL = """
SELECT k.owner, k.table_name, k.constraint_name, k.constraint_type, kc.column_name,
       r.owner, r.table_name, rc.column_name
FROM all_constraints k
JOIN all_cons_columns kc ON kc.owner = k.owner AND kc.constraint_name = k.constraint_name
LEFT JOIN all_constraints r ON r.owner = k.r_owner AND r.constraint_name = k.r_constraint_name
LEFT JOIN all_cons_columns rc
  ON rc.owner = r.owner AND rc.constraint_name = r.constraint_name AND rc.position = kc.position
WHERE k.constraint_type IN ('P', 'R') AND k.owner IN :schemas AND k.table_name IN :names
ORDER BY k.owner, k.table_name, k.constraint_name, kc.position
"""

INDEXES_SQL = """
SELECT i.table_owner, i.table_name, i.index_name, i.uniqueness, ic.column_name
FROM all_indexes i
JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
WHERE i.table_owner IN :schemas AND i.table_name IN :names
ORDER BY i.table_owner, i.table_name, i.index_name, ic.column_position
"""

EXISTING_SQL = """
SELECT owner, object_name FROM all_objects
WHERE object_type IN ('TABLE', 'VIEW', 'MATERIALIZED VIEW') AND owner IN :schemas AND object_name IN :names
"""

ORACLE_SYSTEM_SCHEMAS = frozenset(
    {
        "sys",
        "system",
        "outln",
        "dbsnmp",
        "appqossys",
        "audsys",
        "ctxsys",
        "dvsys",
        "dvf",
        "gsmadmin_internal",
        "lbacsys",
        "mdsys",
        "ojvmsys",
        "olapsys",
        "orddata",
        "ordsys",
        "ordplugins",
        "si_informtn_schema",
        "wmsys",
        "xdb",
        "anonymous",
        "gsmcatuser",
        "gsmuser",
        "remote_scheduler_agent",
        "sysbackup",
        "sysdg",
        "syskm",
        "sysrac",
        "sys$umf",
        "xs$null",
        "dip",
        "oracle_ocm",
        "mddata",
        "ggsys",
        "gggsys",
        "dbsfwuser",
        "pdbadmin",
        "lbac",
        "apex_public_user",
        "flows_files",
    }
)


def query(sql: str) -> TextClause:
    return text(sql).bindparams(
        bindparam("schemas", expanding=True),
        *([bindparam("names", expanding=True)] if ":names" in sql else []),
    )


def session_statements(timeout_seconds: float) -> list[str]:
    return [
        f"ALTER SESSION SET DDL_LOCK_TIMEOUT = {max(1, int(timeout_seconds))}",
        "SET TRANSACTION READ ONLY",
    ]


def relations_from_rows(rows: Sequence[Sequence[Any]]) -> list[RelationInfo]:
    """A materialized view is listed both as itself and as its container table: keep the view."""
    kinds: dict[tuple[str, str], Sequence[Any]] = {}
    for row in rows:
        key = (row[0], row[1])
        if key not in kinds or row[2] == "MATERIALIZED VIEW":
            kinds[key] = row
    result = []
    for (owner, name), row in kinds.items():
        stored = row[2] != "VIEW"
        result.append(
            RelationInfo(
                schema=owner,
                name=name,
                kind=KINDS[row[2]],
                comment=row[3] or "",
                row_estimate=int(row[4]) if stored and row[4] is not None else None,
                size_bytes=int(row[5]) if stored and row[5] is not None else None,
            )
        )
    return result


def details_from_rows(
    relations: Sequence[RelationInfo],
    columns: Sequence[Sequence[Any]],
    keys: Sequence[Sequence[Any]],
    indexes: Sequence[Sequence[Any]],
    existing: Sequence[Sequence[Any]],
) -> dict[tuple[str, str], Details]:
    """Assemble the answers of the four detail queries (pure, so it is tested without a server)."""
    found: dict[tuple[str, str], Details] = {(r.schema, r.name): Details() for r in relations}
    primary: dict[tuple[str, str], set[str]] = {}
    for (owner, table, name), rows in group_rows(keys, 3).items():
        if (owner, table) not in found:
            continue
        if rows[0][3] == "P":
            primary[owner, table] = {r[4] for r in rows}
        else:
            found[owner, table].foreign_keys.append(
                ForeignKey(
                    name,
                    tuple(r[4] for r in rows),
                    rows[0][5] or "",
                    rows[0][6] or "",
                    tuple(r[7] or "" for r in rows),
                )
            )
    for (owner, table, name), rows in group_rows(indexes, 3).items():
        if (owner, table) in found:
            found[owner, table].indexes.append(
                IndexInfo(name, tuple(r[4] for r in rows), rows[0][3] == "UNIQUE")
            )
    for owner, table, name, data_type, nullable, default, comment in columns:
        if (owner, table) in found:
            found[owner, table].columns.append(
                Column(
                    name,
                    data_type,
                    nullable == "Y",
                    str(default).strip() if default is not None else None,
                    comment or "",
                    name in primary.get((owner, table), ()),
                )
            )
    alive = {(r[0], r[1]) for r in existing}
    return {key: details for key, details in found.items() if key in alive}


class OracleReader(CatalogueReader):
    label: str = "Oracle"
    system_schemas: ClassVar[frozenset[str]] = ORACLE_SYSTEM_SCHEMAS
    autocommit: ClassVar[bool] = False

    def is_system_schema(self, name: str) -> bool:
        return super().is_system_schema(name) or name.upper().startswith("APEX_")

    def prepare(self, connection: Connection, timeout_seconds: float) -> None:
        driver = connection.connection.driver_connection
        if driver is not None and hasattr(driver, "call_timeout"):
            driver.call_timeout = max(1, int(timeout_seconds * 1000))
        for statement in session_statements(timeout_seconds):
            connection.exec_driver_sql(statement)

    def database(self, connection: Connection) -> DatabaseInfo:
        name, version = connection.execute(text(DATABASE_SQL)).one()
        return DatabaseInfo(name=name, version=str(version or ""))

    def schemas(self, connection: Connection) -> list[SchemaInfo]:
        return [SchemaInfo(r[0]) for r in connection.execute(text(SCHEMAS_SQL))]

    def relations(self, connection: Connection, schemas: Sequence[str]) -> list[RelationInfo]:
        if not schemas:
            return []
        return relations_from_rows(list(connection.execute(query(RELATIONS_SQL), {"schemas": list(schemas)})))

    def details(
        self, connection: Connection, relations: Sequence[RelationInfo]
    ) -> dict[tuple[str, str], Details]:
        if not relations:
            return {}
        params = {
            "schemas": sorted({r.schema for r in relations}),
            "names": sorted({r.name for r in relations}),
        }

        def run(sql: str) -> list[Any]:
            return list(connection.execute(query(sql), params))

        return details_from_rows(
            relations, run(COLUMNS_SQL), run(KEYS_SQL), run(INDEXES_SQL), run(EXISTING_SQL)
        )
