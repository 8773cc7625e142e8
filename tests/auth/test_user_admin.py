"""User administration by admins: the pages (`/admin/users...`) and the API (`/api/v1/users...`), over the
same service layer as the CLI. Only admins get in; every change is audited without passwords; an admin
cannot lock themselves (or everyone) out."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from sqlalchemy import select

from catalogue.auth import users
from catalogue.auth.users import AdminLockout, NewUser
from catalogue.models import AuditEvent, User
from catalogue.runtime import Catalogue

from .conftest import PASSWORD, AddUser, page_csrf, session_cookie, sign_in

NEW_PASSWORD = "a brand new passphrase 42"
PAGES = ("/admin/users", "/admin/new-user", "/admin/users/bob")


def admin_client(client: FlaskClient, add_user: AddUser) -> FlaskClient:
    """Ann, an admin, signed in; Bob, a viewer, exists."""
    add_user("ann", role="admin", clearance="SECRET")
    add_user("bob", clearance="OFFICIAL")
    assert sign_in(client, "ann").status_code == 303
    return client


def api_headers(client: FlaskClient) -> dict[str, str]:
    """A session-cookie API call needs the session's CSRF token in a header."""
    return {"X-CSRF-Token": page_csrf(client)}


def events(cat: Catalogue, prefix: str = "user.") -> list[AuditEvent]:
    """The audit events whose action starts with the prefix (sign-ins left out, unless the prefix is "")."""
    with cat.sessions() as db:
        query = select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id)
        return [e for e in db.scalars(query) if prefix == "" or not e.action.startswith("user.signin")]


def stored(cat: Catalogue, username: str) -> User | None:
    with cat.sessions() as db:
        return users.find(db, username)


def new_user_form(client: FlaskClient, **values: str) -> dict[str, str]:
    form = {
        "username": "carol",
        "display_name": "Carol Ng",
        "email": "carol@example.org",
        "role": "curator",
        "clearance": "OFFICIAL-SENSITIVE",
        "groups": "hr, finance",
        "person": "Carol Ng",
        "departments": "Housing",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
        "csrf_token": page_csrf(client, "/admin/new-user"),
    }
    return {**form, **values}


# Who may get in


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(client: FlaskClient, add_user: AddUser) -> None:
    add_user("bob")
    for path in PAGES:
        response = client.get(path)
        assert response.status_code in (302, 303, 401), path
        if response.status_code != 401:
            assert response.headers["Location"].startswith("/sign-in"), path
    assert client.get("/api/v1/users").status_code == 401
    assert client.get("/api/v1/users/bob").status_code == 401
    assert client.post("/api/v1/users", json={"username": "x"}).status_code == 401
    assert client.patch("/api/v1/users/bob", json={"role": "admin"}).status_code == 401
    assert stored_role(client, "bob") == "viewer"


def stored_role(client: FlaskClient, username: str) -> str | None:
    catalogue: Catalogue = client.application.extensions["catalogue"]
    user = stored(catalogue, username)
    return user.role if user else None


@pytest.mark.parametrize("role", ["viewer", "curator", "opendata"])
def test_other_roles_are_refused_every_page_and_route(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, role: str
) -> None:
    add_user("dan", role=role, clearance="SECRET")
    add_user("bob")
    sign_in(client, "dan")
    token = page_csrf(client)
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    form = {"username": "eve", "role": "admin", "clearance": "SECRET", "csrf_token": token}
    assert client.post("/admin/new-user", data=form).status_code == 403
    assert client.post("/admin/users/dan", data={**form, "action": "save"}).status_code == 403
    assert client.post("/admin/users/bob", data={"action": "disable", "csrf_token": token}).status_code == 403
    headers = {"X-CSRF-Token": token}
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    assert client.get("/api/v1/users/bob", headers=headers).status_code == 403
    created = client.post("/api/v1/users", json={"username": "eve", "role": "admin", "clearance": "SECRET"})
    assert client.post("/api/v1/users", json=form, headers=headers).status_code == 403
    assert created.status_code in (400, 403)
    patched = client.patch("/api/v1/users/dan", json={"role": "admin"}, headers=headers)
    assert patched.status_code == 403
    assert patched.get_json()["error"]["code"] == "forbidden"
    assert stored(cat, "eve") is None
    assert stored_role(client, "dan") == role
    assert not stored(cat, "bob").disabled  # type: ignore[union-attr]
    assert 'href="/admin/users"' not in client.get("/").get_data(as_text=True)


def test_the_pages_are_private_and_admins_see_the_navigation_link(
    client: FlaskClient, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store"
    assert 'href="/admin/users"' in client.get("/").get_data(as_text=True)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users/bob"' in listing
    assert 'href="/admin/new-user"' in listing
    assert "Password" in listing
    assert "Active" in listing
    assert client.get("/admin/users/nobody").status_code == 404


# Adding users


def test_an_admin_adds_a_user_with_the_form_and_they_can_sign_in(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    response = client.post("/admin/new-user", data=new_user_form(client, username=" Carol "))
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/admin/users/carol")
    carol = stored(cat, "carol")
    assert carol is not None
    assert (carol.role, carol.clearance, carol.groups) == ("curator", "OFFICIAL-SENSITIVE", ["finance", "hr"])
    assert (carol.person.name if carol.person else None, carol.departments) == ("Carol Ng", ["Housing"])
    assert carol.email == "carol@example.org"
    assert carol.display_name == "Carol Ng"
    assert "User added." in client.get(response.headers["Location"]).get_data(as_text=True)
    fresh = client.application.test_client()
    assert sign_in(fresh, "carol", NEW_PASSWORD).status_code == 303
    assert fresh.get("/my-assets").status_code == 200  # a curator, on their very first request
    created = [e for e in events(cat) if e.action == "user.create" and e.target_id == "carol"]
    assert created
    assert created[0].actor == "ann"
    assert created[0].details["new"]["password"] == "set"


def test_a_user_named_new_has_their_own_page_and_the_old_add_address_still_leads_to_the_form(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    old = client.get("/admin/users/new")
    assert old.status_code == 308  # no user named new yet: the add form's old address
    assert old.headers["Location"] == "/admin/new-user"
    response = client.post("/admin/new-user", data=new_user_form(client, username="new"))
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/admin/users/new")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "Disable this user" in page  # their page, not the add form
    assert 'action="/admin/users/new"' in page
    form = {
        "action": "save",
        "display_name": "Newton",
        "role": "viewer",
        "clearance": "OFFICIAL",
        "csrf_token": page_csrf(client, "/admin/users/new"),
    }
    assert client.post("/admin/users/new", data=form).status_code == 303
    renamed = stored(cat, "new")
    assert renamed is not None
    assert renamed.display_name == "Newton"


def test_a_user_added_without_a_password_signs_in_only_with_single_sign_on(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    form = new_user_form(client, password="", password_confirm="")
    assert client.post("/admin/new-user", data=form).status_code == 303
    carol = stored(cat, "carol")
    assert carol is not None
    assert carol.password_hash is None
    assert sign_in(client.application.test_client(), "carol", "").status_code != 303


def test_the_form_shows_each_error_at_its_field_and_keeps_the_input(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    response = client.post(
        "/admin/new-user",
        data=new_user_form(
            client, clearance="TOP-DRAWER", role="overlord", password_confirm="something else"
        ),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Unknown clearance &#39;TOP-DRAWER&#39;" in page
    assert 'href="#clearance"' in page
    assert "Unknown role &#39;overlord&#39;" in page
    assert 'href="#role"' in page
    assert "The passwords do not match" in page
    assert 'href="#password_confirm"' in page
    assert 'value="Carol Ng"' in page
    assert 'value="hr, finance"' in page
    assert NEW_PASSWORD not in page  # but never a password
    weak = client.post(
        "/admin/new-user", data=new_user_form(client, password="short", password_confirm="short")
    )
    assert weak.status_code == 400
    assert "A password needs at least 12 characters" in weak.get_data(as_text=True)
    duplicate = client.post("/admin/new-user", data=new_user_form(client, username="BOB"))
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.get_data(as_text=True)
    assert stored(cat, "carol") is None
    assert stored_role(client, "bob") == "viewer"
    assert [e.target_id for e in events(cat, "user.create")] == ["ann", "bob"]  # only the fixtures'


def test_an_admin_adds_a_user_with_the_api_and_never_sees_a_password(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    body = {
        "username": "carol",
        "role": "opendata",
        "clearance": "OFFICIAL",
        "groups": ["finance"],
        "departments": ["Housing"],
        "person": "Carol Ng",
        "email": "carol@example.org",
        "password": NEW_PASSWORD,
    }
    response = client.post("/api/v1/users", json=body, headers=api_headers(client))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.headers["Location"] == "/api/v1/users/carol"
    data = response.get_json()
    assert data["role"] == "opendata"
    assert data["sign_in"] == ["password"]
    assert data["groups"] == ["finance"]
    assert not {"password", "password_hash"} & set(data)
    assert NEW_PASSWORD not in response.get_data(as_text=True)
    one = client.get("/api/v1/users/carol").get_json()
    assert one == data
    listed = client.get("/api/v1/users").get_json()["users"]
    assert [u["username"] for u in listed] == ["ann", "bob", "carol"]
    assert all("password_hash" not in u for u in listed)
    assert sign_in(client.application.test_client(), "carol", NEW_PASSWORD).status_code == 303
    document = client.get("/api/v1/openapi.json").get_json()
    for component, instance in (("User", data), ("UserList", {"users": listed})):
        schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
        OAS30Validator(schema).validate(instance)


def test_the_api_refuses_bad_values_unknown_keys_and_unknown_users(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    headers = api_headers(client)
    base = {"username": "carol", "role": "viewer", "clearance": "OFFICIAL"}

    def post(**changes: Any) -> Any:
        return client.post("/api/v1/users", json={**base, **changes}, headers=headers)

    unknown_key = post(is_superuser=True)
    assert unknown_key.status_code == 400
    assert "is_superuser" in unknown_key.get_json()["error"]["details"]
    assert "clearance" in post(clearance="TOP-DRAWER").get_json()["error"]["details"]
    assert "role" in post(role="overlord").get_json()["error"]["details"]
    weak = post(password="short")
    assert weak.status_code == 400
    assert "password" in weak.get_json()["error"]["details"]
    assert post(username="has space").status_code == 400
    assert post(email="not an address").status_code == 400
    duplicate = post(username="Bob")
    assert duplicate.status_code == 409
    assert duplicate.get_json()["error"]["code"] == "exists"
    assert stored(cat, "carol") is None
    assert client.get("/api/v1/users/nobody").status_code == 404
    assert client.patch("/api/v1/users/nobody", json={"role": "admin"}, headers=headers).status_code == 404
    bad_patch = client.patch("/api/v1/users/bob", json={"username": "robert"}, headers=headers)
    assert bad_patch.status_code == 400
    assert client.patch("/api/v1/users/bob", json={"clearance": "NOPE"}, headers=headers).status_code == 400
    assert client.patch("/api/v1/users/bob", json=["role"], headers=headers).status_code == 400
    assert stored(cat, "bob").clearance == "OFFICIAL"  # type: ignore[union-attr]
    assert [e.action for e in events(cat)] == ["user.create", "user.create"]  # only the fixtures'


# Changing users


def test_a_new_role_and_clearance_apply_on_the_users_next_request(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, ids: dict[str, int]
) -> None:
    admin_client(client, add_user)
    bob = client.application.test_client()
    sign_in(bob, "bob")
    assert bob.get(f"/api/v1/assets/{ids['tenants']}").status_code == 404
    assert bob.get("/admin/users").status_code == 403
    form = {
        "action": "save",
        "display_name": "Bob Kaur",
        "role": "admin",
        "clearance": "OFFICIAL-SENSITIVE",
        "csrf_token": page_csrf(client, "/admin/users/bob"),
    }
    response = client.post("/admin/users/bob", data=form)
    assert response.status_code == 303
    assert bob.get(f"/api/v1/assets/{ids['tenants']}").status_code == 200
    assert bob.get("/admin/users").status_code == 200
    patched = client.patch("/api/v1/users/bob", json={"clearance": "OFFICIAL"}, headers=api_headers(client))
    assert patched.status_code == 200
    assert patched.get_json()["clearance"] == "OFFICIAL"
    assert bob.get(f"/api/v1/assets/{ids['tenants']}").status_code == 404


def test_only_changed_fields_are_audited_with_old_and_new_values_and_never_a_password(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    before = len(events(cat))
    form = {
        "action": "save",
        "display_name": "bob",  # unchanged (the username is the display name)
        "email": "",
        "role": "curator",
        "clearance": "OFFICIAL",  # unchanged
        "groups": "hr",
        "person": "",
        "departments": "",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
        "csrf_token": page_csrf(client, "/admin/users/bob"),
    }
    assert client.post("/admin/users/bob", data=form).status_code == 303
    changed = events(cat)[before:]
    assert sorted(e.action for e in changed) == ["user.groups", "user.password", "user.role"]
    role = next(e for e in changed if e.action == "user.role")
    assert (role.details["old"], role.details["new"], role.actor) == ("viewer", "curator", "ann")
    groups = next(e for e in changed if e.action == "user.groups")
    assert (groups.details["old"], groups.details["new"]) == ([], ["hr"])
    assert sign_in(client.application.test_client(), "bob", NEW_PASSWORD).status_code == 303

    again = client.post("/admin/users/bob", data={**form, "password": "", "password_confirm": ""})
    assert "notice=unchanged" in again.headers["Location"]
    assert len(events(cat)) == before + 3  # saving the same values records nothing

    api = client.patch(
        "/api/v1/users/bob",
        json={"email": "bob@example.org", "display_name": "Bob Kaur", "password": PASSWORD},
        headers=api_headers(client),
    )
    assert api.status_code == 200
    assert PASSWORD not in api.get_data(as_text=True)
    details = next(e for e in events(cat) if e.action == "user.details")
    assert details.details["old"] == {"display_name": "bob", "email": None}
    assert details.details["new"] == {"display_name": "Bob Kaur", "email": "bob@example.org"}
    with cat.sessions() as db:
        hashes = [u.password_hash for u in db.scalars(select(User)) if u.password_hash]
    logged = json.dumps([e.details for e in events(cat, "")])
    for secret in (PASSWORD, NEW_PASSWORD, *hashes):
        assert secret not in logged


def test_a_new_password_ends_the_users_sessions(client: FlaskClient, add_user: AddUser) -> None:
    admin_client(client, add_user)
    bob = client.application.test_client()
    sign_in(bob, "bob")
    assert bob.get("/").status_code == 200
    response = client.patch("/api/v1/users/bob", json={"password": NEW_PASSWORD}, headers=api_headers(client))
    assert response.status_code == 200
    assert bob.get("/").headers["Location"].startswith("/sign-in")
    assert sign_in(client.application.test_client(), "bob", PASSWORD).status_code == 401


def test_disabling_ends_the_users_sessions_and_stops_sign_in_until_enabled(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    bob = client.application.test_client()
    sign_in(bob, "bob")
    assert bob.get("/").status_code == 200
    token = page_csrf(client, "/admin/users/bob")
    response = client.post("/admin/users/bob", data={"action": "disable", "csrf_token": token})
    assert response.status_code == 303
    assert "their sessions have ended" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert bob.get("/").headers["Location"].startswith("/sign-in")
    assert sign_in(client.application.test_client(), "bob").status_code == 401
    assert "Disabled" in client.get("/admin/users").get_data(as_text=True)
    assert client.get("/api/v1/users/bob").get_json()["disabled"] is True
    assert client.post("/admin/users/bob", data={"action": "enable", "csrf_token": token}).status_code == 303
    assert sign_in(client.application.test_client(), "bob").status_code == 303
    assert [e.action for e in events(cat)][-2:] == ["user.disable", "user.enable"]


# Not locking the admins out


def test_an_admin_cannot_disable_or_demote_themselves(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    add_user("dora", role="admin", clearance="SECRET")  # another admin: the rule is about oneself
    token = page_csrf(client, "/admin/users/ann")
    disabled = client.post("/admin/users/ann", data={"action": "disable", "csrf_token": token})
    assert disabled.status_code == 409
    assert "You cannot disable yourself" in disabled.get_data(as_text=True)
    form = {"action": "save", "role": "viewer", "clearance": "SECRET", "csrf_token": token}
    demoted = client.post("/admin/users/ann", data=form)
    assert demoted.status_code == 409
    assert "remove your own admin role" in demoted.get_data(as_text=True)
    api = client.patch("/api/v1/users/ann", json={"role": "curator"}, headers=api_headers(client))
    assert api.status_code == 409
    assert api.get_json()["error"]["code"] == "admin_lockout"
    assert (
        client.patch("/api/v1/users/ann", json={"disabled": True}, headers=api_headers(client)).status_code
        == 409
    )
    ann = stored(cat, "ann")
    assert ann is not None
    assert (ann.role, ann.disabled) == ("admin", False)
    assert client.get("/admin/users").status_code == 200  # still an admin, still signed in
    # another admin may be demoted while an admin remains
    assert (
        client.patch("/api/v1/users/dora", json={"role": "viewer"}, headers=api_headers(client)).status_code
        == 200
    )


def test_the_last_enabled_admin_cannot_be_disabled_or_demoted(cat: Catalogue, add_user: AddUser) -> None:
    add_user("ann", role="admin", clearance="SECRET")
    add_user("dora", role="admin", clearance="SECRET")
    with cat.sessions.begin() as db:
        users.update(db, cat.scheme, "dora", {"disabled": True}, "cli:root")  # ann remains
    for change in ({"disabled": True}, {"role": "viewer"}):
        with pytest.raises(AdminLockout, match="last enabled admin"), cat.sessions.begin() as db:
            users.update(db, cat.scheme, "ann", change, "cli:root")
    ann = stored(cat, "ann")
    assert ann is not None
    assert (ann.role, ann.disabled) == ("admin", False)
    with cat.sessions.begin() as db:
        users.update(db, cat.scheme, "dora", {"disabled": False}, "cli:root")
        users.update(db, cat.scheme, "ann", {"role": "viewer"}, "cli:root")  # now dora remains
    assert stored_role_of(cat, "ann") == "viewer"


def stored_role_of(cat: Catalogue, username: str) -> str | None:
    user = stored(cat, username)
    return user.role if user else None


# CSRF


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    admin_client(client, add_user)
    form = new_user_form(client)
    del form["csrf_token"]
    assert client.post("/admin/new-user", data=form).status_code == 400
    assert client.post("/admin/users/bob", data={"action": "disable"}).status_code == 400
    assert (
        client.post("/admin/users/bob", data={"action": "disable", "csrf_token": "forged"}).status_code == 400
    )
    assert (
        client.post(
            "/api/v1/users", json={"username": "carol", "role": "viewer", "clearance": "OFFICIAL"}
        ).status_code
        == 400
    )
    assert client.patch("/api/v1/users/bob", json={"disabled": True}).status_code == 400
    assert stored(cat, "carol") is None
    bob = stored(cat, "bob")
    assert bob is not None
    assert not bob.disabled
    assert session_cookie(client) is not None  # still signed in: the refusal was the token's


def test_two_admins_demoting_each_other_at_once_leave_one_admin(pg_cat: Catalogue) -> None:
    """The last-admin check and the change it allows are one step: the second demotion waits for the
    first to commit, then sees that its target is the last admin (on SQLite and PostgreSQL)."""
    with pg_cat.sessions.begin() as db:
        for name in ("ann", "bob"):
            users.add(db, pg_cat.scheme, NewUser(name, role="admin", clearance="OFFICIAL"), "setup")
    first_checked, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def ann_demotes_bob() -> None:
        with pg_cat.sessions.begin() as db:
            users.update(db, pg_cat.scheme, "bob", {"role": "viewer"}, "ann")
            first_checked.set()
            release.wait(10)  # not committed yet

    def bob_demotes_ann() -> None:
        try:
            with pg_cat.sessions.begin() as db:
                users.update(db, pg_cat.scheme, "ann", {"role": "viewer"}, "bob")
            outcome["second"] = "done"
        except AdminLockout as error:
            outcome["second"] = error

    first = threading.Thread(target=ann_demotes_bob)
    first.start()
    assert first_checked.wait(10)
    second = threading.Thread(target=bob_demotes_ann)
    second.start()
    second.join(0.5)  # unguarded, the second change would be done by now; guarded, it waits
    release.set()
    first.join(10)
    second.join(30)
    assert isinstance(outcome["second"], AdminLockout)
    with pg_cat.sessions() as db:
        admins = db.scalars(select(User.username).where(User.role == "admin")).all()
    assert admins == ["ann"]
