"""CSRF: every state-changing request made with the session cookie needs the session's token (form field
or X-CSRF-Token header); the sign-in form needs its pre-session token; API-token calls need none."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import ApiToken, AuditEvent
from catalogue.runtime import Catalogue

from .conftest import PASSWORD, AddUser, page_csrf, session_cookie, sign_in


def test_a_form_post_without_the_token_is_refused_and_changes_nothing(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    sign_in(client, "ann")
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post("/account/tokens", data={"name": "forged", **data})
        assert response.status_code == 400
        assert "did not come from this site" in response.get_data(as_text=True)
    with cat.sessions() as db:
        assert db.scalar(select(ApiToken)) is None
        denied = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")))
    assert [e.details["reason"] for e in denied] == ["csrf token missing or wrong"] * 2
    assert (
        client.post("/account/tokens", data={"name": "real", "csrf_token": page_csrf(client)}).status_code
        == 201
    )


def test_sign_out_without_the_token_leaves_the_session_alone(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    sign_in(client, "ann")
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_the_api_with_a_session_cookie_needs_the_header(
    client: FlaskClient, add_user: AddUser, ids: dict[str, int]
) -> None:
    add_user("ann", role="admin", clearance="SECRET")
    sign_in(client, "ann")
    url = f"/api/v1/assets/{ids['permits']}"
    body = {"description": "Edited from a page's script"}
    refused = client.patch(url, json=body, headers={"If-Match": "1"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "bad_request"
    token = page_csrf(client)
    accepted = client.patch(url, json=body, headers={"If-Match": "1", "X-CSRF-Token": token})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    assert accepted.get_json()["description"] == "Edited from a page's script"


def test_the_token_changes_at_every_sign_in(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    sign_in(client, "ann")
    first = page_csrf(client)
    client.post("/sign-out", data={"csrf_token": first})
    sign_in(client, "ann")
    second = page_csrf(client)
    assert first != second
    assert client.post("/sign-out", data={"csrf_token": first}).status_code == 400  # the old one is dead


def test_the_sign_in_form_needs_its_token(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    response = client.post("/sign-in", data={"username": "ann", "password": PASSWORD})
    assert response.status_code == 400
    assert session_cookie(client) is None
    client.get("/sign-in")  # the browser now holds a pre-session token, but the form did not send it
    assert client.post("/sign-in", data={"username": "ann", "password": PASSWORD}).status_code == 400
    assert session_cookie(client) is None


def test_requests_with_an_api_token_need_no_csrf_token(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, ids: dict[str, int]
) -> None:
    add_user("ann", role="admin", clearance="SECRET")
    sign_in(client, "ann")
    created = client.post("/account/tokens", data={"name": "script", "csrf_token": page_csrf(client)})
    token = created.get_data(as_text=True).split('id="new-token" class="catalogue-code">')[1].split("<")[0]
    script = client.application.test_client()  # no cookies at all
    response = script.patch(
        f"/api/v1/assets/{ids['permits']}",
        json={"description": "From a script"},
        headers={"If-Match": "1", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200


def test_a_guessable_value_never_passes_for_a_missing_pre_session_token(
    client: FlaskClient, add_user: AddUser
) -> None:
    add_user("ann")
    for guess in ("", "missing", "None", "null"):
        data = {"username": "ann", "password": PASSWORD, "csrf_token": guess}
        assert client.post("/sign-in", data=data).status_code == 400
    assert session_cookie(client) is None


def test_every_post_form_in_the_templates_carries_the_token() -> None:
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    missing = []
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, re.DOTALL | re.IGNORECASE):
            if re.search(
                r'method="post"', form.group(0), re.IGNORECASE
            ) and "partials/csrf.html" not in form.group(1):
                missing.append(f"{path.relative_to(templates)}: {form.group(0)[:80]}")
    assert missing == []
