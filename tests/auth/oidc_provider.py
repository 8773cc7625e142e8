"""A local OpenID Connect provider shaped like Microsoft Entra ID (v2.0 endpoints), for testing single
sign-on with Authlib's real client: a discovery document, a JWKS with an RSA key, an authorization
endpoint that signs in a chosen person and redirects back with a code, and a token endpoint that checks
the client's credentials and the code and issues an RS256-signed ID token carrying the nonce.

`tamper` makes it misbehave as an attacker-controlled or broken provider would: "nonce" (an ID token for
another sign-in), "signature" (signed with a key not in the JWKS), "audience" (issued to another app,
naming this one as the authorized party).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

TENANT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
CLIENT_ID = "6f1e2d3c-catalogue-client"
CLIENT_SECRET = "local-provider-client-secret"  # the test provider's own


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uint(number: int) -> str:
    return b64url(number.to_bytes((number.bit_length() + 7) // 8, "big"))


@dataclass
class LocalProvider:
    base: str = ""
    person: dict[str, Any] = field(default_factory=dict)  # claims of whoever signs in next
    tamper: str | None = None
    redirect_uris: set[str] = field(default_factory=set)
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def authority(self) -> str:
        return f"{self.base}/{TENANT}/v2.0"

    # ----- the endpoints -------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        routes = {
            f"/{TENANT}/v2.0/.well-known/openid-configuration": self.discovery,
            f"/{TENANT}/discovery/v2.0/keys": self.jwks,
            f"/{TENANT}/oauth2/v2.0/authorize": self.authorize,
            f"/{TENANT}/oauth2/v2.0/token": self.token,
        }
        handler = routes.get(request.path)
        response = handler(request) if handler else self._json({"error": "not_found"}, 404)
        return response(environ, start_response)

    def discovery(self, _request: Request) -> Response:
        return self._json(
            {
                "issuer": self.authority,
                "authorization_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/authorize",
                "token_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/token",
                "jwks_uri": f"{self.base}/{TENANT}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "response_modes_supported": ["query", "fragment", "form_post"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "private_key_jwt",
                    "client_secret_basic",
                ],
                "claims_supported": [
                    "sub",
                    "iss",
                    "aud",
                    "exp",
                    "iat",
                    "nonce",
                    "name",
                    "preferred_username",
                    "email",
                    "oid",
                    "tid",
                    "roles",
                    "groups",
                ],
                "tenant_region_scope": "EU",
            }
        )

    def jwks(self, _request: Request) -> Response:
        numbers = self.key.public_key().public_numbers()
        return self._json(
            {
                "keys": [
                    {
                        "kty": "RSA",
                        "use": "sig",
                        "kid": self.kid,
                        "n": _uint(numbers.n),
                        "e": _uint(numbers.e),
                    }
                ]
            }
        )

    def authorize(self, request: Request) -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("redirect_uri") not in self.redirect_uris:
            return self._json(
                {"error": "invalid_request", "error_description": "AADSTS50011: redirect_uri"}, 400
            )
        if args.get("response_type") != "code" or "openid" not in args.get("scope", "").split():
            return self._json({"error": "unsupported_response_type"}, 400)
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "nonce": args.get("nonce"),
            "redirect_uri": args["redirect_uri"],
            "person": dict(self.person),
        }
        query = urlencode(
            {"code": code, "state": args.get("state", ""), "session_state": secrets.token_hex(8)}
        )
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def token(self, request: Request) -> Response:
        form = request.form
        self.token_requests.append(dict(form))
        client_id, client_secret = self._client_credentials(request)
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return self._json({"error": "invalid_client"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)  # one use only
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._json({"error": "invalid_grant"}, 400)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._json({"error": "invalid_grant", "error_description": "redirect_uri mismatch"}, 400)
        return self._json(
            {
                "token_type": "Bearer",
                "scope": "openid profile email",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": secrets.token_urlsafe(32),
                "id_token": self.id_token(grant["person"], grant["nonce"]),
            }
        )

    # ----- helpers -------------------------------------------------------------------------------------

    def id_token(self, person: dict[str, Any], nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "ver": "2.0",
            "iss": self.authority,
            "aud": "another-app" if self.tamper == "audience" else CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "tid": TENANT,
            "nonce": "someone-elses-nonce" if self.tamper == "nonce" else nonce,
            **({"azp": CLIENT_ID} if self.tamper == "audience" else {}),
            **person,
        }
        header = {"typ": "JWT", "alg": "RS256", "kid": self.kid}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        key = rsa.generate_private_key(65537, 2048) if self.tamper == "signature" else self.key
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{b64url(signature)}"

    @staticmethod
    def _client_credentials(request: Request) -> tuple[str | None, str | None]:
        if request.authorization and request.authorization.type == "basic":
            return request.authorization.username, request.authorization.password
        return request.form.get("client_id"), request.form.get("client_secret")

    @staticmethod
    def _json(body: Any, status: int = 200) -> Response:
        return Response(json.dumps(body), status=status, mimetype="application/json")


@contextmanager
def running_provider() -> Iterator[LocalProvider]:
    provider = LocalProvider()
    server = make_server("127.0.0.1", 0, provider, threaded=True)
    provider.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
