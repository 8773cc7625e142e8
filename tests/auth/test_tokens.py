"""API tokens: created on the account page and shown once, stored as a digest, work as
`Authorization: Bearer`, record their last use, and stop working when revoked."""

from __future__ import annotations

import hashlib
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import ApiToken, AuditEvent
from catalogue.runtime import Catalogue

from .conftest import AddUser, FakeClock, page_csrf, sign_in

NEW_TOKEN = re.compile(r'id="new-token" class="catalogue-code">([^<]+)<')


def create_token(client: FlaskClient, name: str = "nightly export") -> str:
    response = client.post("/account/tokens", data={"name": name, "csrf_token": page_csrf(client)})
    assert response.status_code == 201
    match = NEW_TOKEN.search(response.get_data(as_text=True))
    assert match
    return match.group(1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_shown_once_stored_as_a_digest_and_works_as_its_user(
    client: FlaskClient, cat: Catalogue, clock: FakeClock, add_user: AddUser
) -> None:
    add_user("ann", clearance="OFFICIAL-SENSITIVE")
    sign_in(client, "ann")
    token = create_token(client)
    assert token.startswith("cat_")
    assert token not in client.get("/account").get_data(as_text=True)  # never shown again
    with cat.sessions() as db:
        row = db.scalars(select(ApiToken)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert row.last_used_at is None
        assert token not in repr([(e.action, e.details) for e in db.scalars(select(AuditEvent))])

    script = client.application.test_client()
    response = script.get("/api/v1/search", headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    titles = {hit["title"] for hit in response.get_json()["results"]}
    assert titles == {"Parking permits", "Tenant arrears"}  # ann's clearance, not anonymous, not SECRET
    with cat.sessions() as db:
        assert db.scalars(select(ApiToken.last_used_at)).one() == clock.now


def test_a_revoked_token_fails_on_its_next_request(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    sign_in(client, "ann")
    token = create_token(client)
    script = client.application.test_client()
    assert script.get("/api/v1/search", headers=bearer(token)).status_code == 200
    with cat.sessions() as db:
        token_id = db.scalars(select(ApiToken.id)).one()
    response = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": page_csrf(client)})
    assert response.status_code == 303
    refused = script.get("/api/v1/search", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert "Revoked" in client.get("/account").get_data(as_text=True)
    with cat.sessions() as db:
        actions = [(e.action, e.details.get("reason")) for e in db.scalars(select(AuditEvent))]
    assert ("token.create", None) in actions
    assert ("token.revoke", None) in actions
    assert ("access.denied", "API token unknown, revoked, or its user disabled") in actions


def test_a_bad_token_is_a_401_even_when_anonymous_browsing_is_on(client: FlaskClient, cat: Catalogue) -> None:
    open_catalogue = Catalogue(cat.settings.with_overrides(anonymous_clearance="OFFICIAL"), cat.engine)
    from catalogue.web import create_app

    anonymous_ok = create_app(open_catalogue, {"TESTING": True}).test_client()
    assert anonymous_ok.get("/api/v1/search").status_code == 200  # anonymous is on
    for header in ("Bearer cat_not-a-real-token", "Basic YW5uOnBhc3N3b3Jk", "Bearer "):
        response = anonymous_ok.get("/api/v1/search", headers={"Authorization": header})
        assert response.status_code == 401
    page = anonymous_ok.get("/", headers={"Authorization": "Bearer cat_nope"})
    assert page.status_code == 401  # a script is told, not sent to a sign-in page


def test_nobody_revokes_another_users_token(client: FlaskClient, cat: Catalogue, add_user: AddUser) -> None:
    add_user("ann")
    add_user("bob")
    sign_in(client, "ann")
    token = create_token(client)
    with cat.sessions() as db:
        token_id = db.scalars(select(ApiToken.id)).one()
    other = client.application.test_client()
    sign_in(other, "bob")
    response = other.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": page_csrf(other)})
    assert response.status_code == 404
    assert client.application.test_client().get("/api/v1/search", headers=bearer(token)).status_code == 200


def test_a_token_needs_a_name(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    sign_in(client, "ann")
    response = client.post("/account/tokens", data={"name": "  ", "csrf_token": page_csrf(client)})
    assert response.status_code == 400
    assert "give the token a name" in response.get_data(as_text=True)
