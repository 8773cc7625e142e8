"""Changes to a user apply on their very next request: disabling, a lower clearance, a new role. A hidden
asset answers exactly like a missing one, signed in as in anonymous browsing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.access import Principal
from catalogue.auth import users
from catalogue.models import AuditEvent, User
from catalogue.runtime import Catalogue

from .conftest import AddUser, page_csrf, sign_in
from .test_tokens import bearer, create_token


def test_a_disabled_user_is_locked_out_of_sessions_and_tokens_on_the_next_request(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    sign_in(client, "ann")
    token = create_token(client)
    script = client.application.test_client()
    assert script.get("/api/v1/search", headers=bearer(token)).status_code == 200
    with cat.sessions.begin() as db:
        users.set_disabled(db, "ann", True, "admin")
    assert client.get("/").headers["Location"].startswith("/sign-in")
    assert script.get("/api/v1/search", headers=bearer(token)).status_code == 401
    assert sign_in(client.application.test_client(), "ann").status_code == 401  # nor sign in again


def test_the_loader_refuses_a_user_disabled_directly_in_the_database(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    """The loader itself checks `disabled`: a user disabled by a direct database change is refused too."""
    user = add_user("ann")
    sign_in(client, "ann")
    with cat.sessions.begin() as db:
        stored = db.get(User, user.id)
        assert stored is not None
        stored.disabled = True
    assert client.get("/api/v1/search").status_code == 401


def test_a_revoked_clearance_applies_on_the_next_request(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, ids: dict[str, int]
) -> None:
    add_user("ann", clearance="SECRET")
    sign_in(client, "ann")
    assert client.get(f"/assets/{ids['fraud']}").status_code == 200
    assert client.get(f"/api/v1/assets/{ids['fraud']}").status_code == 200
    with cat.sessions.begin() as db:
        users.set_clearance(db, cat.scheme, "ann", "OFFICIAL", "admin")
    hidden, missing = client.get(f"/assets/{ids['fraud']}"), client.get("/assets/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data() == missing.get_data()  # hidden answers exactly like missing
    hidden_api, missing_api = (
        client.get(f"/api/v1/assets/{ids['fraud']}"),
        client.get("/api/v1/assets/987654"),
    )
    assert hidden_api.status_code == missing_api.status_code == 404
    assert hidden_api.get_data() == missing_api.get_data()
    assert client.get("/api/v1/search").get_json()["total"] == 1


def test_groups_open_restricted_assets(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, ids: dict[str, int]
) -> None:
    add_user("ann", clearance="SECRET")
    sign_in(client, "ann")
    assert client.get(f"/api/v1/assets/{ids['grievances']}").status_code == 404
    with cat.sessions.begin() as db:
        users.set_groups(db, "ann", ["hr"], "admin")
    assert client.get(f"/api/v1/assets/{ids['grievances']}").status_code == 200


def test_a_new_role_applies_on_the_next_request(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, ids: dict[str, int]
) -> None:
    add_user("ann", clearance="SECRET")
    sign_in(client, "ann")
    token = page_csrf(client)
    edit = {"json": {"description": "Checked"}, "headers": {"If-Match": "1", "X-CSRF-Token": token}}
    refused = client.patch(f"/api/v1/assets/{ids['permits']}", **edit)
    assert refused.status_code == 403
    with cat.sessions.begin() as db:
        users.set_role(db, "ann", "admin", "cli:root")
    assert client.patch(f"/api/v1/assets/{ids['permits']}", **edit).status_code == 200
    with cat.sessions() as db:
        events = [
            (e.actor, e.action, e.details) for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
    assert ("cli:root", "user.role", {"old": "viewer", "new": "admin"}) in events
    denied = [d for actor, action, d in events if action == "access.denied"]
    assert denied[0]["path"] == f"/api/v1/assets/{ids['permits']}"
    assert denied[0]["method"] == "PATCH"


def test_the_principal_carries_person_departments_and_groups(cat: Catalogue, add_user: AddUser) -> None:
    user = add_user(
        "ann",
        role="curator",
        clearance="OFFICIAL-SENSITIVE",
        groups=("hr", "finance"),
        person="Ann Lee",
        departments=("Transport", "Housing"),
    )
    with cat.sessions() as db:
        stored = users.get(db, "ann")
        principal = users.principal_for(stored)
    assert principal == Principal(
        name="ann",
        clearance="OFFICIAL-SENSITIVE",
        groups=frozenset({"hr", "finance"}),
        role="curator",
        user_id=user.id,
        person="Ann Lee",
        curated_departments=frozenset({"Transport", "Housing"}),
    )


def test_user_administration_refuses_bad_values(cat: Catalogue, add_user: AddUser) -> None:
    add_user("ann")
    with cat.sessions.begin() as db:
        with pytest.raises(users.UserError, match="already exists"):
            users.add(db, cat.scheme, users.NewUser("ANN", "viewer", "OFFICIAL"), "t")
        with pytest.raises(users.UserError, match="unknown role"):
            users.set_role(db, "ann", "superuser", "t")
        with pytest.raises(users.UserError, match="unknown clearance"):
            users.set_clearance(db, cat.scheme, "ann", "TOP SECRET", "t")
        with pytest.raises(users.UserError, match="no user"):
            users.set_disabled(db, "bob", True, "t")
        with pytest.raises(users.UserError, match="not a usable username"):
            users.add(db, cat.scheme, users.NewUser("two words", "viewer", "OFFICIAL"), "t")
