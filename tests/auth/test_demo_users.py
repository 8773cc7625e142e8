"""`catalogue demo` makes one user of each role at several clearances, all signing in with the documented
demo password; the curator is the busiest owner they can see, so "My assets" has something in it."""

from __future__ import annotations

from sqlalchemy import select

from catalogue.demo.users import DEMO_PASSWORD, ensure_demo_users
from catalogue.models import User
from catalogue.runtime import Catalogue
from harvesters.base import Record

from .conftest import make_app, sign_in


def _more_assets(cat: Catalogue) -> None:
    source = cat.store.ensure_source("housing", "database")
    cat.store.apply_records(
        source,
        [
            Record(
                f"t{n}",
                {
                    "title": f"Rent ledger {n}",
                    "kind": "table",
                    "classification": "OFFICIAL-SENSITIVE",
                    "owner": "Head of Housing",
                    "department": "Housing",
                },
            )
            for n in range(3)
        ]
        + [
            Record(
                "s",
                {"title": "Secret plan", "kind": "table", "classification": "SECRET", "owner": "Spy Chief"},
            )
        ]
        + [
            Record(
                f"x{n}",
                {
                    "title": f"Restricted {n}",
                    "kind": "table",
                    "classification": "OFFICIAL",
                    "owner": "Group Owner",
                    "access_groups": ["audit"],
                },
            )
            for n in range(5)
        ],
    )


def test_demo_users_cover_every_role_and_sign_in_with_the_demo_password(cat: Catalogue) -> None:
    _more_assets(cat)
    logins = ensure_demo_users(cat)
    assert [(login.username, login.role, login.clearance) for login in logins] == [
        ("viewer-official", "viewer", "OFFICIAL"),
        ("curator-sensitive", "curator", "OFFICIAL-SENSITIVE"),
        ("opendata", "opendata", "OFFICIAL"),
        ("admin-secret", "admin", "SECRET"),
    ]
    curator = logins[1]
    assert curator.person == "Head of Housing"  # most assets within their clearance, unrestricted
    assert curator.departments == ("Housing",)
    assert logins[3].groups == ("audit", "hr")  # the admin sees the restricted entries too
    app = make_app(cat)
    for login in logins:
        client = app.test_client()
        assert sign_in(client, login.username, DEMO_PASSWORD).status_code == 303, login.username
    client = app.test_client()
    sign_in(client, "curator-sensitive", DEMO_PASSWORD)
    account = client.get("/account").get_data(as_text=True)
    assert "Head of Housing" in account
    assert "Housing" in account


def test_running_the_demo_again_keeps_existing_users(cat: Catalogue) -> None:
    ensure_demo_users(cat)
    with cat.sessions.begin() as db:
        db.scalars(select(User).where(User.username == "opendata")).one().clearance = "SECRET"
    ensure_demo_users(cat)
    with cat.sessions() as db:
        assert db.scalar(select(User.clearance).where(User.username == "opendata")) == "SECRET"
        assert len(list(db.scalars(select(User)))) == 4
