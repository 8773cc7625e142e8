"""The Flask application: HTML pages (GOV.UK Frontend) and the JSON API, both over the service layer."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from catalogue import auth
from catalogue.config import load_settings
from catalogue.fields import FACET_LABELS, value_label
from catalogue.logs import configure_logging
from catalogue.runtime import Catalogue
from catalogue.web import errors, principals
from catalogue.web.principals import PrincipalLoader


def resource_dir(name: str) -> Path:
    """`templates` or `static`: inside the installed package (a wheel), else at the checkout's root."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"cannot find the {name} folder next to {package}")


def create_app(
    catalogue: Catalogue | None = None,
    test_config: Mapping[str, Any] | None = None,
    principal_loader: PrincipalLoader | None = None,
) -> Flask:
    """Build the app for a catalogue (by default the one configured by CATALOGUE_* settings)."""
    if catalogue is None:  # the production factory (a WSGI server): this process's logging too
        settings = load_settings()
        configure_logging(settings.log_format)
        catalogue = Catalogue.open(settings)
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=catalogue.secret_key(),
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["catalogue"] = catalogue
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(resource_dir("templates"))),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.globals.update(facet_labels=FACET_LABELS, value_label=value_label)

    # sign-in (sessions, API tokens, CSRF, single sign-on); tests may bring their own principal loader
    principals.init_app(app, auth.init_app(app, catalogue, principal_loader))
    errors.init_app(app)

    from catalogue.api import bp as api_bp
    from catalogue.web.audit_pages import bp as audit_bp
    from catalogue.web.bulk_pages import bp as bulk_bp
    from catalogue.web.curation_pages import bp as curation_bp
    from catalogue.web.health import bp as health_bp
    from catalogue.web.pages import bp as pages_bp
    from catalogue.web.sources_pages import bp as sources_bp
    from catalogue.web.user_pages import bp as users_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(sources_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(curation_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.after_request(_security_headers)
    return app


# GOV.UK Frontend's page template carries one fixed inline script (it marks the body as JS-capable);
# it is allowed by its hash, and no other inline script runs.
GOVUK_TEMPLATE_SCRIPT = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' {GOVUK_TEMPLATE_SCRIPT}; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _security_headers(response: Any) -> Any:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    return response
