"""Who is making this request. The loader is pluggable: anonymous browsing by default (when enabled),
sign-in sessions and API tokens plug in here."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Request, abort, current_app, g, request

from catalogue.access import Principal
from catalogue.runtime import Catalogue

PrincipalLoader = Callable[[Request], Principal | None]


def anonymous_loader(catalogue: Catalogue) -> PrincipalLoader:
    """Visitors are anonymous viewers at CATALOGUE_ANONYMOUS_CLEARANCE, or nobody when it is off."""

    def load(_request: Request) -> Principal | None:
        return catalogue.anonymous_principal()

    return load


def init_app(app: Flask, loader: PrincipalLoader) -> None:
    app.extensions["catalogue.principal_loader"] = loader


def current_principal() -> Principal | None:
    if "principal" not in g:
        g.principal = current_app.extensions["catalogue.principal_loader"](request)
    return g.principal  # type: ignore[no-any-return]


def require_principal() -> Principal:
    """The principal, or a 401 (sign-in required) when there is none."""
    principal = current_principal()
    if principal is None:
        abort(401)
    return principal


def current_catalogue() -> Catalogue:
    return current_app.extensions["catalogue"]  # type: ignore[no-any-return]
