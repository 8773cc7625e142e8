"""Engines, sessions and schema migrations (Alembic, run programmatically)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaOutOfDate(Exception):
    """The database was created by another version of catalogue: run `catalogue init` to migrate it."""


def make_engine(url: str) -> Engine:
    """An engine for the store; SQLite gets WAL, foreign keys and a busy timeout for concurrent processes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision."""
    command.upgrade(alembic_config(engine), "heads")


def head_revisions() -> frozenset[str]:
    """The newest revision of each branch (one, once branches are merged)."""
    script = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    return frozenset(script.get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def check_schema(engine: Engine) -> None:
    """Refuse to run against a store whose schema is not the one this code expects."""
    current, heads = current_revisions(engine), head_revisions()
    if current != heads:
        state = "is empty" if not current else f"is at revision {', '.join(sorted(current))}"
        wanted = ", ".join(sorted(heads))
        raise SchemaOutOfDate(f"the catalogue database {state}; run `catalogue init` to bring it to {wanted}")
