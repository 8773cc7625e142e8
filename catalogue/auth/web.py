"""How sign-in plugs into the Flask app: the principal loader (API token, else session, else anonymous),
the session cookie, the response headers of signed-in pages, the sign-in redirect, and auditing refusals."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, current_app, g, redirect, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.auth.service import Auth
from catalogue.web.errors import error_response, wants_json
from catalogue.web.principals import PrincipalLoader

HSTS = "max-age=31536000; includeSubDomains"
EXTENSION = "catalogue.auth"


def auth_of(app: Flask) -> Auth:
    return app.extensions[EXTENSION]  # type: ignore[no-any-return]


def principal_loader(auth: Auth) -> PrincipalLoader:
    """An `Authorization: Bearer` token when the request has one (and nothing else: a bad token is a 401,
    never anonymous access); else the session cookie; else the anonymous viewer, when that is on."""

    def load(req: Request) -> Principal | None:
        header = req.headers.get("Authorization")
        if header is not None:
            kind, _, token = header.partition(" ")
            principal = auth.principal_for_token(token.strip()) if kind.lower() == "bearer" else None
            if principal is None:
                g.rejected_credential = "API token unknown, revoked, or its user disabled"
            return principal
        session_id = req.cookies.get(auth.cookie_name)
        if session_id:
            principal = auth.principal_for_session(session_id)
            if principal is not None:
                return principal
        return auth.catalogue.anonymous_principal()

    return load


def secure_request() -> bool:
    return request.is_secure or auth_of(current_app).production


def set_session_cookie(response: Response, session_id: str) -> None:
    auth = auth_of(current_app)
    g.new_session_id = session_id
    response.set_cookie(
        auth.cookie_name, session_id, httponly=True, secure=secure_request(), samesite="Lax", path="/"
    )


def clear_session_cookie(response: Response) -> None:
    auth = auth_of(current_app)
    response.delete_cookie(auth.cookie_name, path="/", secure=secure_request(), httponly=True, samesite="Lax")


def client_address() -> str:
    return (request.remote_addr or "-")[:100]


def record_denied(reason: str) -> None:
    """Audit a refused request (its own transaction: the refusal is recorded whatever else happens)."""
    principal = g.get("principal")
    actor = principal.name if principal is not None else "-"
    with auth_of(current_app).catalogue.sessions.begin() as db:
        record_event(
            db,
            actor,
            "access.denied",
            method=request.method,
            path=request.path[:500],
            reason=reason,
            address=client_address(),
        )


def _after(response: Response) -> Response:
    """Refusals are audited; nothing dynamic is cached; HSTS over https and in production."""
    if response.status_code == 403:
        record_denied("forbidden")
    elif response.status_code == 401 and g.get("rejected_credential"):
        record_denied(g.rejected_credential)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "private, no-store"
    if secure_request():
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _unauthorised(error: HTTPException) -> Any:
    """Someone not signed in asks for a page: send a browser to sign in (and back); the API, and any
    request with an Authorization header, get the JSON or page 401."""
    if wants_json() or "Authorization" in request.headers:
        return error_response(401)
    target = request.full_path.rstrip("?") if request.method == "GET" else "/"
    return redirect(url_for("auth.sign_in", next=target), code=303)


def init_app(app: Flask, auth: Auth) -> None:
    app.extensions[EXTENSION] = auth
    trusted = int(auth.catalogue.settings.trusted_proxies)
    if trusted:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted, x_port=trusted, x_prefix=trusted
        )
    app.after_request(_after)
    app.register_error_handler(401, _unauthorised)
    app.jinja_env.globals["signed_in_principal"] = signed_in_principal


def signed_in_principal() -> Principal | None:
    """For the page header: the signed-in principal, or None for anonymous visitors."""
    from catalogue.web.principals import current_principal

    principal = current_principal()
    return None if principal is None or principal.anonymous else principal
