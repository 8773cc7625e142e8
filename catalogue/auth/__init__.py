"""Users and sign-in: local accounts (Argon2id passwords, rate-limited sign-in), single sign-on with
OpenID Connect, server-side sessions, API tokens, CSRF protection and the headers of signed-in pages.

`init_app(app, catalogue)` wires it all into the Flask app; `catalogue.auth.users` is the user
administration the CLI and the demo use."""

from __future__ import annotations

from flask import Flask

from catalogue.auth import csrf, oidc, production, redact, web
from catalogue.auth.service import Auth, Clock
from catalogue.runtime import Catalogue
from catalogue.web.principals import PrincipalLoader


def init_app(app: Flask, catalogue: Catalogue, loader: PrincipalLoader | None = None) -> PrincipalLoader:
    """Check production settings, wire sign-in into the app, and return the principal loader to use
    (the given one, for tests that bring their own, else sessions and API tokens)."""
    production.check_secret_key(catalogue.settings)
    auth = Auth(catalogue)
    if auth.production:
        app.config.update(SESSION_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
    web.init_app(app, auth)
    csrf.init_app(app)
    oidc.init_app(app, catalogue)
    redact.install()

    from catalogue.auth.views import bp

    app.register_blueprint(bp)
    return loader or web.principal_loader(auth)


__all__ = ["Auth", "Clock", "init_app"]
