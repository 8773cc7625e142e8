"""Database harvest benchmark: a fresh PostgreSQL database of many schemas, tables and commented columns,
harvested through the real runner into a temporary catalogue (store and search index).

    python -m bench.database_bench [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                   [--schemas 50] [--tables 40] [--columns 20] [--views 2]

Creates `catalogue_dbbench_<random>` on the server of --url (the database in --url is only used to create
and drop it), with SCHEMAS x TABLES tables of COLUMNS commented columns each, a primary key, a foreign key
to the previous table, an index and VIEWS views per schema, and ANALYZEs it. Then times the harvester
alone (catalogue read, nothing stored), a first harvest into a temporary catalogue and an unchanged
re-harvest, and prints wall times and the peak resident memory of this process. Target: the first harvest
under 5 s for 50 x 40 x 20. The database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import uuid

from sqlalchemy import create_engine, text

COLUMN_WORDS = ["reference", "amount", "status", "ward", "officer", "notes", "category", "opened", "closed"]


def schema_ddl(schema: int, tables: int, columns: int, views: int) -> str:
    name = f"dept_{schema:03d}"
    statements = [f"CREATE SCHEMA {name}", f"COMMENT ON SCHEMA {name} IS 'Department {schema}'"]
    for t in range(tables):
        table = f"{name}.record_{t:03d}"
        names = ["id"] + (["parent_id"] if t else [])
        names += [f"{COLUMN_WORDS[c % len(COLUMN_WORDS)]}_{c:02d}" for c in range(len(names), columns)]
        definitions = ["id integer PRIMARY KEY"]
        if t:
            definitions.append(f"parent_id integer REFERENCES {name}.record_{t - 1:03d} (id)")
        definitions += [f"{column} text" for column in names[len(definitions) :]]
        statements.append(f"CREATE TABLE {table} ({', '.join(definitions)})")
        statements.append(f"COMMENT ON TABLE {table} IS 'Case records, series {t}'")
        statements += [
            f"COMMENT ON COLUMN {table}.{column} IS 'Column {c} of series {t}'"
            for c, column in enumerate(names)
        ]
        statements.append(f"CREATE INDEX ON {table} ({names[-1]})")
    for v in range(views):
        statements.append(f"CREATE VIEW {name}.summary_{v} AS SELECT id FROM {name}.record_{v:03d}")
    return ";\n".join(statements)


def build(url: str, schemas: int, tables: int, columns: int, views: int) -> tuple[str, float]:
    name = f"catalogue_dbbench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    target = url.rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(target, isolation_level="AUTOCOMMIT")
    start = time.perf_counter()
    with engine.connect() as connection:
        for schema in range(schemas):
            connection.exec_driver_sql(schema_ddl(schema, tables, columns, views))
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return name, time.perf_counter() - start


def drop(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def read_only(url: str) -> float:
    """The harvester alone: list and read every item, nothing stored."""
    from harvesters.base import ItemRef
    from harvesters.database import DatabaseHarvester

    start = time.perf_counter()
    harvester = DatabaseHarvester({"url": url})
    try:
        for item in harvester.list_items():
            if isinstance(item, ItemRef):
                harvester.read_item(item)
    finally:
        harvester.close()
    return time.perf_counter() - start


def harvest(url: str) -> tuple[float, float, str, str]:
    from catalogue.config import load_settings
    from catalogue.runtime import Catalogue

    with tempfile.TemporaryDirectory(prefix="database-bench-") as data:
        settings = load_settings(environ={}, overrides={"data_dir": data, "secret_key": "bench-instance-key"})
        catalogue = Catalogue.open(settings, migrate=True)
        source = catalogue.sources.create("bench-db", "database", {"url": url}, actor="bench")
        runner = catalogue.harvest_runner()
        start = time.perf_counter()
        first = runner.run(source)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        again = runner.run(catalogue.sources.get(source.id))
        again_s = time.perf_counter() - start
        catalogue.close()
        return (
            first_s,
            again_s,
            f"{first.status}, added {first.added}, failed {first.failed} {first.message or ''}".strip(),
            f"{again.status}, unchanged {again.unchanged}, updated {again.updated}",
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--schemas", type=int, default=50)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--views", type=int, default=2)
    args = parser.parse_args()

    name, build_s = build(args.url, args.schemas, args.tables, args.columns, args.views)
    try:
        print(f"database {name} built in {build_s:.1f} s")
        target = args.url.rsplit("/", 1)[0] + f"/{name}"
        alone_s = read_only(target)
        first_s, again_s, first, again = harvest(target)
    finally:
        drop(args.url, name)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tables = args.schemas * args.tables
    relations = tables + args.schemas * args.views
    print(
        f"\n{args.schemas} schemas x {args.tables} tables x {args.columns} commented columns "
        f"(+ {args.schemas * args.views} views): {relations:,} relations, {tables * args.columns:,} columns\n"
    )
    print("| step | seconds | relations/s |")
    print("|---|---:|---:|")
    print(
        f"| catalogue read alone (harvester, nothing stored) | {alone_s:.2f} | {relations / alone_s:,.0f} |"
    )
    print(f"| first harvest (store + index) | {first_s:.2f} | {relations / first_s:,.0f} |")
    print(f"| unchanged re-harvest | {again_s:.2f} | {relations / again_s:,.0f} |")
    print(f"\nfirst run: {first}\nsecond run: {again}")
    print(f"peak memory (maxrss): {peak_mb:,.0f} MB")
    print(f"target: first harvest < 5 s ({'met' if first_s < 5 else 'missed'})")


if __name__ == "__main__":
    main()
