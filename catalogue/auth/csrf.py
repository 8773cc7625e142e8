"""Cross-site request forgery protection.

Every POST, PUT, PATCH and DELETE that arrives with the session cookie must carry the session's token,
as the form field `csrf_token` or the header `X-CSRF-Token`. The token is an HMAC of the session id under
the secret key, so it changes at every sign-in and needs no storage. The sign-in form, posted before there
is a session, carries a random token kept in Flask's signed cookie. Requests with an `Authorization`
header (API tokens) carry no ambient credential and need no token.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, abort, current_app, g, request, session

from catalogue.auth.secrets import new_secret
from catalogue.auth.web import auth_of, record_denied

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PRE_SESSION_KEY = "csrf"
# Endpoints protected even without a session cookie (they create one).
ALWAYS_PROTECTED = frozenset({"auth.sign_in"})
REFUSED = "The form had expired or did not come from this site. Go back, reload the page and try again."


def session_token(secret_key: str, session_id: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()


def _cookie_session_id() -> str | None:
    return request.cookies.get(auth_of(current_app).cookie_name)


def csrf_token() -> str:
    """The token for forms on this page (a Jinja global)."""
    session_id = g.get("new_session_id") or _cookie_session_id()
    if session_id:
        return session_token(_secret_key(), session_id)
    if PRE_SESSION_KEY not in session:
        session[PRE_SESSION_KEY] = new_secret()
    return str(session[PRE_SESSION_KEY])


def _expected() -> str | None:
    """The token this request must carry; None when it needs none, "" when it needs one but none can
    match (a sign-in form posted without the pre-session cookie)."""
    if request.method not in UNSAFE_METHODS or "Authorization" in request.headers:
        return None
    session_id = _cookie_session_id()
    if session_id:
        return session_token(_secret_key(), session_id)
    if request.endpoint in ALWAYS_PROTECTED:
        return str(session.get(PRE_SESSION_KEY) or "")
    return None


def protect() -> None:
    """before_request: refuse an unsafe request whose token is missing or wrong (400), and audit it."""
    expected = _expected()
    if expected is None:
        return
    given = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        record_denied("csrf token missing or wrong")
        abort(400, REFUSED)


def init_app(app: Flask) -> None:
    app.before_request(protect)
    app.jinja_env.globals["csrf_token"] = csrf_token


def _secret_key() -> str:
    key = current_app.secret_key or ""
    return key.decode() if isinstance(key, bytes) else key
