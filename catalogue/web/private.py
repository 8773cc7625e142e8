"""Pages that show what the signed-in principal may see are never kept by a browser or a shared cache."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def keep_private(blueprint: Blueprint) -> None:
    """Every response of the blueprint says `Cache-Control: private, no-store`."""
    blueprint.after_request(_no_store)
