"""Without a server: the SQL Server and Oracle catalogue queries (shape, parameters, how their answers become
columns, keys and indexes), the session settings of every dialect, type normalisation, personal-data rules
and the source settings."""

from __future__ import annotations

import re

import pytest
from marshmallow import ValidationError
from sqlalchemy import text
from sqlalchemy.dialects import mssql, oracle
from sqlalchemy.sql.elements import TextClause

from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.secrets import secret_fields
from harvesters.base import Column
from harvesters.database import DatabaseConfigSchema, DatabaseHarvester, normalise_type, schema_fingerprint
from harvesters.db_catalogues import RelationInfo, reader_for
from harvesters.db_catalogues import mssql as mssql_catalogue
from harvesters.db_catalogues import mysql as mysql_catalogue
from harvesters.db_catalogues import oracle as oracle_catalogue
from harvesters.db_catalogues import postgresql as pg_catalogue
from harvesters.personal_data import hint_for, words

MSSQL_QUERIES = {
    "DATABASE_SQL": ((), 3),
    "SCHEMAS_SQL": ((), 3),
    "RELATIONS_SQL": (("schemas",), 8),
    "COLUMNS_SQL": (("ids",), 6),
    "FOREIGN_KEYS_SQL": (("ids",), 6),
    "INDEXES_SQL": (("ids",), 5),
    "EXISTING_SQL": (("ids",), 1),
}
ORACLE_QUERIES = {
    "DATABASE_SQL": ((), 2),
    "SCHEMAS_SQL": ((), 1),
    "RELATIONS_SQL": (("schemas",), 6),
    "COLUMNS_SQL": (("schemas", "names"), 7),
    "KEYS_SQL": (("schemas", "names"), 8),
    "INDEXES_SQL": (("schemas", "names"), 5),
    "EXISTING_SQL": (("schemas", "names"), 2),
}


def select_list_width(sql: str) -> int:
    """Columns in the outermost SELECT list (commas at parenthesis depth 0 before the first FROM)."""
    body = sql.strip()[len("SELECT") :]
    depth, width, i = 0, 1, 0
    while i < len(body):
        ch = body[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            width += 1
        elif depth == 0 and re.match(r"\sFROM\s", body[i : i + 6]):
            break
        i += 1
    return width


def bound_names(sql: str) -> set[str]:
    return set(re.findall(r"(?<![:\w]):([a-z_]+)\b", sql))


@pytest.mark.parametrize(("name", "expected"), MSSQL_QUERIES.items())
def test_sql_server_queries_have_their_parameters_and_columns(
    name: str, expected: tuple[tuple[str, ...], int]
) -> None:
    params, width = expected
    sql = getattr(mssql_catalogue, name)
    assert bound_names(sql) == set(params)
    assert select_list_width(sql) == width
    query: TextClause = mssql_catalogue.query(sql, *params) if params else text(sql)
    compiled = query.compile(dialect=mssql.dialect())
    assert set(compiled.params) == set(params)
    for param in params:
        assert f"__[POSTCOMPILE_{param}]" in str(compiled)  # expanded to one placeholder per value
    assert "COUNT(" not in sql.upper()
    assert not re.search(r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP)\b", sql.upper())


@pytest.mark.parametrize(("name", "expected"), ORACLE_QUERIES.items())
def test_oracle_queries_have_their_parameters_and_columns(
    name: str, expected: tuple[tuple[str, ...], int]
) -> None:
    params, width = expected
    sql = getattr(oracle_catalogue, name)
    assert bound_names(sql) == set(params)
    assert select_list_width(sql) == width
    query = oracle_catalogue.query(sql) if params else text(sql)
    compiled = query.compile(dialect=oracle.dialect())
    assert set(compiled.params) == set(params)
    assert "COUNT(" not in sql.upper()
    assert not re.search(r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP)\b", sql.upper())


def test_sql_server_rows_become_relations_and_details() -> None:
    tenants = mssql_catalogue.relation_from_row((11, "dbo", "tenants", "U ", "People", 1200, 65536, 1))
    view = mssql_catalogue.relation_from_row((12, "dbo", "v_tenants", "V ", None, None, None, 0))
    gone = mssql_catalogue.relation_from_row((13, "dbo", "scratch", "U ", None, 0, 0, 1))
    assert (tenants.kind, tenants.row_estimate, tenants.size_bytes, tenants.comment) == (
        "table",
        1200,
        65536,
        "People",
    )
    assert (view.kind, view.row_estimate, view.readable) == ("view", None, False)
    details = mssql_catalogue.details_from_rows(
        [tenants, view, gone],
        columns=[
            (11, "id", "int", False, None, None),
            (11, "email", "nvarchar(200)", True, "('')", "Contact email"),
            (12, "id", "int", False, None, None),
        ],
        foreign_keys=[(11, "fk_ward", "ward_id", "geo", "wards", "id")],
        indexes=[(11, "pk_tenants", True, True, "id"), (11, "ix_email", False, False, "email")],
        existing=[(11,), (12,)],
    )
    assert set(details) == {("dbo", "tenants"), ("dbo", "v_tenants")}  # scratch was dropped meanwhile
    found = details["dbo", "tenants"]
    assert found.columns[0] == Column("id", "int", False, None, "", True)
    assert found.columns[1] == Column("email", "nvarchar(200)", True, "('')", "Contact email", False)
    assert found.foreign_keys[0].ref_table == "wards"
    assert found.foreign_keys[0].columns == ("ward_id",)
    assert [i.name for i in found.indexes] == ["pk_tenants", "ix_email"]


def test_oracle_rows_become_relations_and_details() -> None:
    relations = oracle_catalogue.relations_from_rows(
        [
            ("HOUSING", "RENT_TOTALS", "TABLE", None, 10, 400),
            ("HOUSING", "RENT_TOTALS", "MATERIALIZED VIEW", "Totals", 10, 400),
            ("HOUSING", "TENANTS", "TABLE", "People", 300, 30000),
            ("HOUSING", "V_TENANTS", "VIEW", None, None, None),
        ]
    )
    kinds = {r.name: r.kind for r in relations}
    assert kinds == {"RENT_TOTALS": "materialized view", "TENANTS": "table", "V_TENANTS": "view"}
    tenants = next(r for r in relations if r.name == "TENANTS")
    assert (tenants.row_estimate, tenants.size_bytes, tenants.comment) == (300, 30000, "People")
    details = oracle_catalogue.details_from_rows(
        relations,
        columns=[
            ("HOUSING", "TENANTS", "ID", "NUMBER(10,0)", "N", None, None),
            ("HOUSING", "TENANTS", "SURNAME", "VARCHAR2(100)", "Y", "'x' ", "Family name"),
        ],
        keys=[
            ("HOUSING", "TENANTS", "TENANTS_PK", "P", "ID", None, None, None),
            ("HOUSING", "TENANTS", "TENANTS_WARD_FK", "R", "WARD_ID", "GEO", "WARDS", "ID"),
        ],
        indexes=[("HOUSING", "TENANTS", "TENANTS_PK", "UNIQUE", "ID")],
        existing=[("HOUSING", "TENANTS")],
    )
    assert set(details) == {("HOUSING", "TENANTS")}
    found = details["HOUSING", "TENANTS"]
    assert found.columns[0] == Column("ID", "NUMBER(10,0)", False, None, "", True)
    assert found.columns[1] == Column("SURNAME", "VARCHAR2(100)", True, "'x'", "Family name", False)
    assert found.foreign_keys[0].ref_schema == "GEO"
    assert found.foreign_keys[0].ref_columns == ("ID",)
    assert found.indexes[0].unique


def test_session_settings_per_dialect() -> None:
    assert pg_catalogue.session_statements(2.5) == [
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        "SET statement_timeout = 2500",
        "SET lock_timeout = 2500",
    ]
    maria = mysql_catalogue.session_statements(4, mariadb=True)
    assert "SET SESSION TRANSACTION READ ONLY" in maria
    assert "SET SESSION max_statement_time = 4.000" in maria
    assert "SET SESSION max_execution_time = 4000" in mysql_catalogue.session_statements(4, mariadb=False)
    assert mssql_catalogue.session_statements(3)[0] == "SET LOCK_TIMEOUT 3000"
    assert "SET TRANSACTION READ ONLY" in oracle_catalogue.session_statements(3)


def test_every_dialect_has_a_reader() -> None:
    labels = {
        name: reader_for(name).label
        for name in ("postgresql", "mysql", "mariadb", "sqlite", "mssql", "oracle")
    }
    assert labels["postgresql"] == "PostgreSQL"
    assert labels["mssql"] == "SQL Server"
    assert labels["oracle"] == "Oracle"
    with pytest.raises(LookupError):
        reader_for("firebird")
    assert reader_for("postgresql").is_system_schema("pg_toast_temp_3")
    assert reader_for("oracle").is_system_schema("SYS")
    assert not reader_for("oracle").is_system_schema("HOUSING")
    assert RelationInfo("s", "t", "table").key == "s.t"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("character varying(40)", "VARCHAR(40)"),
        ("int(11)", "integer"),
        ("int4", "INT"),
        ("bigint(20) unsigned", "int8"),
        ("timestamp without time zone", "datetime"),
        ("timestamp(6) with time zone", "timestamptz"),
        ("decimal(10,2)", "NUMERIC(10, 2)"),
        ("tinyint(1)", "boolean"),
        ("longtext", "text"),
        ("double precision", "double"),
    ],
)
def test_types_normalise_across_dialects(left: str, right: str) -> None:
    assert normalise_type(left) == normalise_type(right)


def test_fingerprint_ignores_case_and_order_but_not_types() -> None:
    one = [Column("ID", "int4"), Column("Email", "character varying(200)")]
    two = [Column("email", "VARCHAR(200)"), Column("id", "INTEGER")]
    assert schema_fingerprint(one) == schema_fingerprint(two)
    assert schema_fingerprint(one) != schema_fingerprint([Column("id", "integer"), Column("email", "text")])


def test_personal_data_rules() -> None:
    assert words("dateOfBirth") == "date of birth"
    assert words("NI_Number") == "ni number"
    hint = hint_for(
        "tenancies", [Column("id"), Column("tenantNINO"), Column("PostCode"), Column("x", comment="UPRN")]
    )
    assert hint is not None
    assert hint.level == "personal"
    assert hint.columns == ("tenantNINO", "PostCode", "x")
    assert hint.reasons == ("NI number", "postcode", "UPRN")
    assert hint_for("wards", [Column("name"), Column("population")]) is None  # a bare name is a place here
    residents = hint_for("residents", [Column("name")])
    assert residents is not None
    assert residents.columns == ("name",)
    special = hint_for("clients", [Column("client_id"), Column("disability_type")])
    assert special is not None
    assert special.level == "special_category"
    assert hint_for("admissions", [Column("hospital"), Column("count")]) is None  # no person in sight
    assert hint_for("contacts", [Column("mobile")]) is not None
    email = hint_for("x", [Column("email_address")])
    assert email is not None
    assert email.reasons == ("email",)


def test_settings_reject_unknown_keys_and_passwords_in_the_url() -> None:
    schema = DatabaseConfigSchema()
    loaded = schema.load({"url": "postgresql+psycopg://reader@db/app", "password": "pw"})
    assert loaded["statement_timeout_seconds"] == 30.0
    assert loaded["include_schemas"] == []
    assert "password" not in schema.dump(loaded)
    assert secret_fields(DatabaseConfigSchema) == ["password"]
    for name, field in schema.fields.items():
        assert field.metadata.get("description"), name
    with pytest.raises(ValidationError, match="Unknown field"):
        schema.load({"url": "sqlite:///x.db", "colour": "red"})
    with pytest.raises(ValidationError) as caught:
        schema.load({"url": "postgresql://reader:hunter2@db/app"})
    assert "hunter2" not in str(caught.value.messages)
    with pytest.raises(ValidationError):
        schema.load({"url": "firebird://db/app"})


def test_registered_under_the_entry_point() -> None:
    assert REGISTRY.load("database") is DatabaseHarvester
