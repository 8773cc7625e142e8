"""The API's blueprint, its error mapping and its response headers. Views raise; this turns what they raise
into DESIGN's JSON error (`{"error": {"code", "message", "details"}}`), never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, g, request
from marshmallow import Schema, ValidationError

from catalogue import roles
from catalogue.access import Principal
from catalogue.api.schemas import ChangeSchema
from catalogue.searching import BadSearch
from catalogue.store import InvalidValue, NotFound, StaleVersion
from catalogue.web.errors import error_response
from catalogue.web.principals import require_principal
from search.backend import SearchError

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__)

# Hidden and missing assets get this same body, so a 404 says nothing about what exists.
ASSET_NOT_FOUND = "No asset with that id."


class ApiError(Exception):
    """An error a view reports to the client as it is."""

    def __init__(self, status: int, message: str, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details, self.code = status, message, details, code


def require_permission(action: str, *, sign_in: str, refused: str) -> Principal:
    """The signed-in principal whose role allows `action`; ApiError 401 (`sign_in`) for no one signed in,
    403 (`refused`) for a role that does not allow it."""
    principal = require_principal()
    if principal.anonymous:
        raise ApiError(401, sign_in, code="unauthorized")
    if not roles.may(principal.role, action):
        raise ApiError(403, refused, code="forbidden")
    return principal


def json_body(
    schema: Schema, invalid: str = "Some values cannot be used.", empty_ok: bool = False
) -> dict[str, Any]:
    """The request's JSON object loaded through `schema`; ApiError 400 for anything else (`empty_ok`: no
    body at all is an empty object)."""
    body = request.get_json(force=True, silent=True)
    if body is None and empty_ok and not request.get_data():
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object.", code="bad_request")
    try:
        return schema.load(body)  # type: ignore[no-any-return]
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        details = {k: " ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in messages.items()}
        raise ApiError(400, invalid, details, "invalid_value") from None


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Any:
    return error_response(error.status, error.message, error.details, error.code)


@bp.errorhandler(NotFound)
def _not_found(_error: NotFound) -> Any:
    return error_response(404, ASSET_NOT_FOUND)


@bp.errorhandler(BadSearch)
def _bad_search(error: BadSearch) -> Any:
    return error_response(400, "Some search parameters cannot be used.", error.details, "bad_parameter")


@bp.errorhandler(InvalidValue)
def _invalid_value(error: InvalidValue) -> Any:
    return error_response(400, "Some values cannot be used.", {error.field: error.message}, "invalid_value")


@bp.errorhandler(StaleVersion)
def _stale(error: StaleVersion) -> Any:
    details = {
        "current_version": error.current_version,
        "changes": ChangeSchema(many=True).dump(error.changes),
    }
    message = "The asset has changed since the version you edited. Review the changes and try again."
    return error_response(409, message, details, "stale_version")


@bp.errorhandler(SearchError)
def _search_failed(error: SearchError) -> Any:
    log.warning("search failed: %s", error)
    return error_response(
        503, "Search is not available right now. Try again in a moment.", code="unavailable"
    )


@bp.after_request
def _private(response: Response) -> Response:
    """What one principal may see is never cached for another."""
    if g.get("principal") is not None:
        response.headers["Cache-Control"] = "private, no-store"
    return response
