"""Security headers, caching of signed-in responses, the sign-in redirect, and production's refusal to
start with a weak secret key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from catalogue.cli import main
from catalogue.config import ConfigError
from catalogue.runtime import Catalogue
from catalogue.web import create_app

from .conftest import AddUser, sign_in

STRONG_KEY = "q8Vd2LmX7pR4tZ1nB6cF3hJ9kW0sY5aE"


def test_pages_carry_the_security_headers(client: FlaskClient) -> None:
    for url in ("/sign-in", "/api/v1/search"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert "script-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
        assert "Strict-Transport-Security" not in headers  # plain http in development


def test_hsts_over_https(client: FlaskClient) -> None:
    headers = client.get("/sign-in", base_url="https://catalogue.example").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_signed_in_pages_and_api_responses_are_never_cached(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    sign_in(client, "ann")
    for url in ("/", "/search?q=parking", "/account", "/api/v1/search", "/sign-in"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "private, no-store", url
    assert "no-store" not in (client.get("/static/catalogue.css").headers.get("Cache-Control") or "")


def test_without_anonymous_browsing_pages_redirect_to_sign_in_and_the_api_answers_401(
    client: FlaskClient,
) -> None:
    page = client.get("/assets/1")
    assert page.status_code == 303
    assert page.headers["Location"] == "/sign-in?next=/assets/1"
    api = client.get("/api/v1/search")
    assert api.status_code == 401
    assert api.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_off_the_site(client: FlaskClient, add_user: AddUser, target: str) -> None:
    add_user("ann")
    assert sign_in(client, "ann", next=target).headers["Location"] == "/"


@pytest.mark.parametrize("key", ["", "short", "change-me", "a" * 40])
def test_production_refuses_to_start_with_a_default_or_weak_secret_key(cat: Catalogue, key: str) -> None:
    production = Catalogue(cat.settings.with_overrides(env="production", secret_key=key), cat.engine)
    with pytest.raises(ConfigError, match="CATALOGUE_SECRET_KEY"):
        create_app(production)


def test_production_starts_with_a_strong_key_and_sends_hsts(cat: Catalogue) -> None:
    production = Catalogue(cat.settings.with_overrides(env="production", secret_key=STRONG_KEY), cat.engine)
    app = create_app(production, {"TESTING": True})
    headers = app.test_client().get("/sign-in").headers
    assert "Strict-Transport-Security" in headers
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_serve_refuses_with_one_line_in_production_with_a_short_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert CliRunner().invoke(main, ["--data", str(data), "init"]).exit_code == 0
    env = {"CATALOGUE_ENV": "production", "CATALOGUE_SECRET_KEY": "too-short"}
    result = CliRunner().invoke(main, ["--data", str(data), "serve", "--port", "1"], env=env)
    assert result.exit_code == 1
    assert "CATALOGUE_SECRET_KEY is too short" in result.output
    assert "Traceback" not in result.output
