"""Single sign-on end to end: the real Authlib client against a local provider shaped like Entra ID.
The browser's part (following redirects) is played by `requests`, the app's part by Flask's test client;
the app's calls to the provider (discovery, token, JWKS) are real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.auth import users
from catalogue.config import ConfigError
from catalogue.models import AuditEvent, User
from catalogue.runtime import Catalogue
from catalogue.web import create_app

from .conftest import session_cookie
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider, running_provider

CALLBACK = "http://localhost/sign-in/oidc/callback"
CLAIM_MAP = {
    "Catalogue.Admin": {"role": "admin", "clearance": "SECRET"},
    "Catalogue.Curator": {"role": "curator"},
    "5e7f0a3b-hr-group-object-id": {"clearance": "OFFICIAL-SENSITIVE", "groups": ["hr"]},
}
ANN = {
    "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
    "oid": "00000000-0000-0000-66f3-3332eca7ea81",
    "preferred_username": "Ann.Lee@council.example",
    "name": "Ann Lee",
    "email": "ann.lee@council.example",
    "roles": ["Catalogue.Curator"],
    "groups": ["5e7f0a3b-hr-group-object-id"],
}


@pytest.fixture
def provider() -> Iterator[LocalProvider]:
    with running_provider() as local:
        local.redirect_uris.add(CALLBACK)
        local.person = dict(ANN)
        yield local


@pytest.fixture
def sso(cat: Catalogue, provider: LocalProvider) -> Catalogue:
    settings = cat.settings.with_overrides(
        oidc_authority=provider.authority,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_claim_map=CLAIM_MAP,
    )
    return Catalogue(settings, cat.engine)


@pytest.fixture
def sso_client(sso: Catalogue) -> FlaskClient:
    return create_app(sso, {"TESTING": True}).test_client()


def sign_in_with_provider(client: FlaskClient, next_page: str = "/") -> Any:
    """Press "Sign in with Microsoft", let the provider sign the person in, and come back."""
    start = client.get(f"/sign-in/oidc?next={next_page}")
    assert start.status_code == 302
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(
    sso_client: FlaskClient, client: FlaskClient
) -> None:
    assert "Sign in with Microsoft" in sso_client.get("/sign-in").get_data(as_text=True)
    assert "Sign in with Microsoft" not in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/sign-in/oidc").status_code == 404


def test_the_authorization_request_is_a_proper_code_flow_request(
    sso_client: FlaskClient, provider: LocalProvider
) -> None:
    location = sso_client.get("/sign-in/oidc").headers["Location"]
    assert location.startswith(f"{provider.base}/")
    query = parse_qs(urlsplit(location).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [CALLBACK]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert len(query["state"][0]) >= 20
    assert len(query["nonce"][0]) >= 20


def test_first_sign_in_creates_the_user_with_mapped_role_clearance_and_groups(
    sso_client: FlaskClient, sso: Catalogue, provider: LocalProvider, ids: dict[str, int]
) -> None:
    response = sign_in_with_provider(sso_client, "/search")
    assert response.status_code == 303
    assert response.headers["Location"] == "/search"
    assert session_cookie(sso_client)
    with sso.sessions() as db:
        user = db.scalars(select(User)).one()
        assert user.username == "ann.lee@council.example"
        assert user.display_name == "Ann Lee"
        assert (user.role, user.clearance, user.groups) == ("curator", "OFFICIAL-SENSITIVE", ["hr"])
        assert user.external_id == f"{provider.authority}|{ANN['sub']}"
        assert user.password_hash is None
        actions = [e.action for e in db.scalars(select(AuditEvent))]
    assert actions.count("user.create") == 1
    assert actions.count("user.signin") == 1
    # the session works like a password one: the user's clearance applies
    assert sso_client.get(f"/api/v1/assets/{ids['tenants']}").status_code == 200
    assert sso_client.get(f"/api/v1/assets/{ids['fraud']}").status_code == 404
    # the client authenticated at the token endpoint, and the code went there, not into a page
    assert provider.token_requests[0]["grant_type"] == "authorization_code"


def test_later_sign_ins_follow_the_provider_and_a_revoked_role_applies(
    sso_client: FlaskClient, sso: Catalogue, provider: LocalProvider, ids: dict[str, int]
) -> None:
    provider.person["roles"] = ["Catalogue.Admin"]
    sign_in_with_provider(sso_client)
    assert sso_client.get(f"/api/v1/assets/{ids['fraud']}").status_code == 200
    provider.person["roles"] = []
    provider.person["groups"] = []
    fresh = sso_client.application.test_client()
    sign_in_with_provider(fresh)
    with sso.sessions() as db:
        user = db.scalars(select(User)).one()  # the same user, not a second one
        assert (user.role, user.clearance, user.groups) == ("viewer", "OFFICIAL", [])
    assert fresh.get(f"/api/v1/assets/{ids['fraud']}").status_code == 404
    assert sso_client.get(f"/api/v1/assets/{ids['fraud']}").status_code == 404  # the older session too


def test_a_user_added_beforehand_is_linked_by_username(sso_client: FlaskClient, sso: Catalogue) -> None:
    with sso.sessions.begin() as db:
        users.add(
            db,
            sso.scheme,
            users.NewUser("ann.lee@council.example", "viewer", "OFFICIAL", person="Ann Lee"),
            "t",
        )
    sign_in_with_provider(sso_client)
    with sso.sessions() as db:
        user = db.scalars(select(User)).one()
        assert user.external_id is not None
        assert user.person is not None
        assert user.person.name == "Ann Lee"  # what the admin set is kept
        assert user.role == "curator"  # what the provider says is applied


def test_a_disabled_user_cannot_sign_in_with_the_provider(sso_client: FlaskClient, sso: Catalogue) -> None:
    sign_in_with_provider(sso_client)
    with sso.sessions.begin() as db:
        users.set_disabled(db, "ann.lee@council.example", True, "admin")
    fresh = sso_client.application.test_client()
    response = sign_in_with_provider(fresh)
    assert response.status_code == 401
    assert session_cookie(fresh) is None


@pytest.mark.parametrize("tamper", ["nonce", "signature", "audience"])
def test_an_id_token_that_does_not_verify_is_refused(
    sso_client: FlaskClient, sso: Catalogue, provider: LocalProvider, tamper: str
) -> None:
    provider.tamper = tamper
    response = sign_in_with_provider(sso_client)
    assert response.status_code == 401
    assert "Signing in with Microsoft did not work" in response.get_data(as_text=True)
    assert session_cookie(sso_client) is None
    with sso.sessions() as db:
        assert db.scalar(select(User)) is None
        failures = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "user.signin_failed")))
    assert len(failures) == 1


def test_a_callback_with_a_forged_state_is_refused(sso_client: FlaskClient, provider: LocalProvider) -> None:
    start = sso_client.get("/sign-in/oidc")
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    code = parse_qs(back.query)["code"][0]
    forged = sso_client.get(f"{back.path}?code={code}&state=forged-state")
    assert forged.status_code == 401
    assert session_cookie(sso_client) is None
    victim = sso_client.application.test_client()  # another browser, without the state
    assert victim.get(f"{back.path}?{back.query}").status_code == 401
    assert session_cookie(victim) is None


def test_the_provider_saying_no_is_a_polite_refusal(sso_client: FlaskClient) -> None:
    sso_client.get("/sign-in/oidc")
    response = sso_client.get("/sign-in/oidc/callback?error=access_denied&error_description=AADSTS50105")
    assert response.status_code == 401
    assert "Signing in with Microsoft did not work" in response.get_data(as_text=True)


def test_a_claim_map_naming_an_unknown_role_or_level_stops_the_app(sso: Catalogue) -> None:
    for bad in ({"x": {"role": "superuser"}}, {"x": {"clearance": "TOP"}}, {"x": "admin"}):
        broken = Catalogue(sso.settings.with_overrides(oidc_claim_map=bad), sso.engine)
        with pytest.raises(ConfigError, match="CATALOGUE_OIDC_CLAIM_MAP"):
            create_app(broken)


def test_the_claim_map_setting_reads_json(tmp_path: Any) -> None:
    from catalogue.config import load_settings

    settings = load_settings(
        environ={"CATALOGUE_OIDC_CLAIM_MAP": json.dumps(CLAIM_MAP)}, overrides={"data_dir": str(tmp_path)}
    )
    assert settings.oidc_claim_map == CLAIM_MAP
    with pytest.raises(ConfigError, match="must be a JSON object"):
        load_settings(environ={"CATALOGUE_OIDC_CLAIM_MAP": "[1]"}, overrides={"data_dir": str(tmp_path)})
