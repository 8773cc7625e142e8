"""Sign-in tests: a real catalogue (SQLite, or PostgreSQL where a test asks for `database_url`), the real
app with its real principal loader (no test header loader), users with real Argon2id hashes, a clock the
tests can move, and a helper that signs in through the sign-in form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.auth import passwords, users
from catalogue.auth.users import NewUser
from catalogue.auth.web import auth_of
from catalogue.runtime import Catalogue
from catalogue.web import create_app
from harvesters.base import Record
from tests.conftest import make_settings

PASSWORD = "correct horse battery staple"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One real hash, reused: Argon2id is slow on purpose."""
    return passwords.hash_password(PASSWORD)


@pytest.fixture
def auth_settings() -> dict[str, Any]:
    """Setting overrides for the catalogue under test (a test may change them before using `cat`)."""
    return {}


@pytest.fixture
def cat(tmp_path: Path, auth_settings: dict[str, Any]) -> Iterator[Catalogue]:
    """A migrated catalogue with anonymous browsing off and four assets: OFFICIAL, OFFICIAL-SENSITIVE,
    SECRET, and SECRET restricted to the hr group."""
    settings = make_settings(tmp_path / "data", **auth_settings)
    catalogue = Catalogue.open(settings, migrate=True)
    _seed(catalogue)
    yield catalogue
    catalogue.close()


@pytest.fixture
def pg_cat(tmp_path: Path, database_url: str) -> Iterator[Catalogue]:
    """The same catalogue on each real database engine (SQLite and PostgreSQL)."""
    settings = make_settings(tmp_path / "data", database_url=database_url)
    catalogue = Catalogue.open(settings, migrate=True)
    _seed(catalogue)
    yield catalogue
    catalogue.close()


def _seed(catalogue: Catalogue) -> None:
    source = catalogue.store.ensure_source("records", "database")
    catalogue.store.apply_records(
        source,
        [
            Record(
                "permits",
                {
                    "title": "Parking permits",
                    "kind": "table",
                    "classification": "OFFICIAL",
                    "owner": "Ann Lee",
                    "department": "Transport",
                },
            ),
            Record(
                "tenants",
                {
                    "title": "Tenant arrears",
                    "kind": "table",
                    "classification": "OFFICIAL-SENSITIVE",
                    "owner": "Bob Kaur",
                    "department": "Housing",
                },
            ),
            Record("fraud", {"title": "Fraud cases", "kind": "table", "classification": "SECRET"}),
            Record(
                "grievances",
                {
                    "title": "Staff grievances",
                    "kind": "table",
                    "classification": "SECRET",
                    "access_groups": ["hr"],
                },
            ),
        ],
    )


def asset_ids(catalogue: Catalogue) -> dict[str, int]:
    from sqlalchemy import select

    from catalogue.models import Asset

    with catalogue.sessions() as db:
        return {row[0]: row[1] for row in db.execute(select(Asset.key, Asset.id))}


@pytest.fixture
def ids(cat: Catalogue) -> dict[str, int]:
    return asset_ids(cat)


AddUser = Callable[..., Any]


def adder(catalogue: Catalogue, password_hash: str) -> AddUser:
    def add(username: str, role: str = "viewer", clearance: str = "OFFICIAL", **extra: Any) -> Any:
        with catalogue.sessions.begin() as db:
            new = NewUser(username, role, clearance, password_hash=password_hash, **extra)
            return users.add(db, catalogue.scheme, new, "test")

    return add


@pytest.fixture
def add_user(cat: Catalogue, password_hash: str) -> AddUser:
    """`add_user(name, role, clearance, groups=(...), person=..., departments=(...))`, password PASSWORD."""
    return adder(cat, password_hash)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def make_app(catalogue: Catalogue, clock: FakeClock | None = None) -> Flask:
    app = create_app(catalogue, {"TESTING": True})
    if clock is not None:
        auth_of(app).clock = clock
    return app


@pytest.fixture
def app(cat: Catalogue, clock: FakeClock) -> Flask:
    return make_app(cat, clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, **extra: str) -> Any:
    """Sign in through the form, as a browser does: get the page (and its token), post it back."""
    token = csrf_from(client.get("/sign-in").get_data(as_text=True))
    return client.post(
        "/sign-in", data={"username": username, "password": password, "csrf_token": token, **extra}
    )


def session_cookie(client: FlaskClient, name: str = "catalogue_session") -> str | None:
    cookie = client.get_cookie(name)
    return None if cookie is None else cookie.value


def page_csrf(client: FlaskClient, path: str = "/account") -> str:
    """The signed-in session's CSRF token, read from a page's form."""
    return csrf_from(client.get(path).get_data(as_text=True))
