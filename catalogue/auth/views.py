"""The sign-in pages: sign in (password, or the identity provider), sign out, and the account page where
people manage their API tokens."""

from __future__ import annotations

import logging
from typing import Any

from authlib.common.errors import AuthlibBaseError
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from catalogue import roles
from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.auth import oidc, tokens
from catalogue.auth.oidc_claims import identity_from_claims
from catalogue.auth.service import SignIn, SignInStatus
from catalogue.auth.users import UserError
from catalogue.auth.web import (
    auth_of,
    clear_session_cookie,
    client_address,
    set_session_cookie,
)
from catalogue.models import User
from catalogue.web.principals import current_principal, require_principal

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

MAX_ID = 2**63 - 1
BAD_CREDENTIALS = "Enter a correct username and password. The password is case-sensitive."
LOCKED = "Too many failed attempts to sign in. Wait {minutes} minutes, then try again."
SSO_FAILED = "Signing in with Microsoft did not work. Try again, or ask the service desk."
NOTICES = {"signed_out": "You have signed out.", "expired": "Your session ended. Sign in again."}


def safe_next(target: str | None) -> str:
    """Only a path on this site: never `//host`, `/\\host` or a full URL (open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return "/"
    return target


def _signed_in_user() -> tuple[Principal, User]:
    principal = require_principal()
    if principal.anonymous or principal.user_id is None:
        abort(401)
    user = auth_of(current_app).user(principal.user_id)
    if user is None:
        abort(401)
    return principal, user


def _sign_in_page(error: str = "", status: int = 200, username: str = "") -> Any:
    context = {
        "error": error,
        "username": username,
        "next": safe_next(request.values.get("next")),
        "oidc": oidc.client() is not None,
        "notice": NOTICES.get(request.args.get("notice", ""), ""),
    }
    return render_template("auth/sign_in.html", **context), status


def _locked_message() -> str:
    seconds = int(auth_of(current_app).catalogue.settings.login_lockout_seconds)
    return LOCKED.format(minutes=max(1, -(-seconds // 60)))


def _signed_in(result: SignIn) -> Response:
    assert result.session_id is not None
    target = safe_next(request.values.get("next") or session.get("next"))
    session.clear()  # pre-sign-in state (CSRF token, OIDC state) goes with the old identity
    response = redirect(target, code=303)
    set_session_cookie(response, result.session_id)
    return response


@bp.get("/sign-in")
def sign_in_form() -> Any:
    principal = current_principal()
    if principal is not None and not principal.anonymous:
        return redirect(safe_next(request.args.get("next")), code=303)
    return _sign_in_page()


@bp.post("/sign-in")
def sign_in() -> Any:
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    if not username.strip() or not password:
        return _sign_in_page(BAD_CREDENTIALS, 400, username)
    auth = auth_of(current_app)
    result = auth.sign_in_with_password(
        username, password, client_address(), request.cookies.get(auth.cookie_name)
    )
    if result.status is SignInStatus.LOCKED:
        return _sign_in_page(_locked_message(), 429, username)
    if result.status is not SignInStatus.SIGNED_IN:
        return _sign_in_page(BAD_CREDENTIALS, 401, username)
    return _signed_in(result)


@bp.post("/sign-out")
def sign_out() -> Response:
    auth = auth_of(current_app)
    session_id = request.cookies.get(auth.cookie_name)
    if session_id:
        auth.sign_out(session_id)
    session.clear()
    response = redirect(url_for("auth.sign_in_form", notice="signed_out"), code=303)
    clear_session_cookie(response)
    return response


@bp.get("/sign-in/oidc")
def oidc_start() -> Any:
    client = oidc.client()
    if client is None:
        abort(404)
    settings = current_app.extensions["catalogue"].settings
    redirect_uri = settings.oidc_redirect_uri or url_for("auth.oidc_callback", _external=True)
    session["next"] = safe_next(request.args.get("next"))
    return client.authorize_redirect(redirect_uri)


@bp.get("/sign-in/oidc/callback")
def oidc_callback() -> Any:
    client = oidc.client()
    if client is None:
        abort(404)
    catalogue = current_app.extensions["catalogue"]
    auth = auth_of(current_app)
    try:
        token = client.authorize_access_token(claims_options=oidc.claims_options(client))
        identity = identity_from_claims(token["userinfo"], oidc.grants(), catalogue.scheme)
        result = auth.sign_in_with_identity(identity, client_address(), request.cookies.get(auth.cookie_name))
    except (AuthlibBaseError, JoseError, RequestException, UserError, ValueError, KeyError) as error:
        # the message names the error kind only: provider errors may quote the request
        log.warning("single sign-on failed: %s", type(error).__name__)
        with catalogue.sessions.begin() as db:
            record_event(
                db,
                "-",
                "user.signin_failed",
                method="oidc",
                reason=type(error).__name__,
                address=client_address(),
            )
        return _sign_in_page(SSO_FAILED, 401)
    if result.status is not SignInStatus.SIGNED_IN:
        return _sign_in_page(SSO_FAILED, 401)
    return _signed_in(result)


@bp.get("/account")
def account() -> Any:
    principal, user = _signed_in_user()
    return _account_page(principal, user)


def _account_page(
    principal: Principal, user: User, new_token: str = "", error: str = "", status: int = 200
) -> Any:
    with auth_of(current_app).catalogue.sessions() as db:
        user_tokens = tokens.of_user(db, user.id)
    return render_template(
        "auth/account.html",
        user=user,
        principal=principal,
        role_label=roles.ROLE_LABELS.get(user.role, user.role),
        tokens=user_tokens,
        new_token=new_token,
        error=error,
    ), status


@bp.post("/account/tokens")
def create_token() -> Any:
    principal, user = _signed_in_user()
    auth = auth_of(current_app)
    try:
        with auth.catalogue.sessions.begin() as db:
            row, raw = tokens.create(db, user, request.form.get("name", ""), auth.clock())
            record_event(
                db, user.username, "token.create", target_type="api_token", target_id=row.id, name=row.name
            )
    except ValueError as error:
        return _account_page(principal, user, error=str(error), status=400)
    return _account_page(principal, user, new_token=raw, status=201)


@bp.post(f"/account/tokens/<int(max={MAX_ID}):token_id>/revoke")
def revoke_token(token_id: int) -> Any:
    _principal, user = _signed_in_user()
    auth = auth_of(current_app)
    try:
        with auth.catalogue.sessions.begin() as db:
            row = tokens.revoke(db, token_id, auth.clock(), user_id=user.id)
            record_event(
                db, user.username, "token.revoke", target_type="api_token", target_id=row.id, name=row.name
            )
    except tokens.TokenNotFound:
        abort(404)
    return redirect(url_for("auth.account"), code=303)
