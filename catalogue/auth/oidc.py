"""Single sign-on with OpenID Connect through Authlib's Flask client (Microsoft Entra ID is the documented
case: authority https://login.microsoftonline.com/<tenant>/v2.0). Authlib reads the provider's discovery
document, sends the user to its authorization endpoint with state and nonce, exchanges the code at its
token endpoint and verifies the ID token's signature (JWKS), issuer, audience, expiry and nonce."""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from catalogue.auth.oidc_claims import Grant, parse_claim_map
from catalogue.runtime import Catalogue

CLIENT_NAME = "oidc"
SCOPES = "openid profile email"
HTTP_TIMEOUT = 15  # seconds, for the discovery, JWKS and token requests


def enabled(catalogue: Catalogue) -> bool:
    s = catalogue.settings
    return bool(s.oidc_authority and s.oidc_client_id)


def metadata_url(authority: str) -> str:
    return authority.rstrip("/") + "/.well-known/openid-configuration"


def init_app(app: Flask, catalogue: Catalogue) -> None:
    """Register the provider when single sign-on is configured (and check its claim map now, so a bad map
    stops the app at start rather than at someone's sign-in)."""
    if not enabled(catalogue):
        return
    s = catalogue.settings
    grants = parse_claim_map(s.oidc_claim_map, catalogue.scheme)
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_id=s.oidc_client_id,
        client_secret=s.oidc_client_secret or None,
        server_metadata_url=metadata_url(s.oidc_authority),
        client_kwargs={"scope": SCOPES, "timeout": HTTP_TIMEOUT},
    )
    app.extensions["catalogue.oidc_grants"] = grants


def client() -> Any:
    """The registered Authlib client of the current app (None when single sign-on is off)."""
    oauth = current_app.extensions.get("authlib.integrations.flask_client")
    return None if oauth is None else oauth.create_client(CLIENT_NAME)


def grants() -> dict[str, Grant]:
    return current_app.extensions.get("catalogue.oidc_grants", {})  # type: ignore[no-any-return]


def claims_options(client: Any) -> dict[str, Any]:
    """What the ID token must say beyond its signature and nonce: Authlib checks the issuer by default but
    checks the audience only when told to, so both are stated here."""
    issuer = client.load_server_metadata().get("issuer")
    return {
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [client.client_id]},
    }
