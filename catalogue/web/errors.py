"""Error responses: JSON `{"error": {"code", "message", "details"}}` under /api/, friendly pages elsewhere.
Never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request was not understood.",
    401: "You need to sign in to see the catalogue.",
    403: "You do not have permission to do that.",
    404: "Page not found.",
    405: "That method is not allowed here.",
    409: "The record changed while you were editing it.",
    413: "The upload is too large.",
    429: "Too many requests. Wait a moment and try again.",
    500: "Something went wrong on our side.",
    503: "The service is temporarily unavailable.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(
    status: int, message: str | None = None, details: Any = None, code: str | None = None
) -> Any:
    message = message or MESSAGES.get(status, "Error")
    if wants_json():
        body = {"error": {"code": code or _code(status), "message": message, "details": details or {}}}
        response = jsonify(body)
        response.status_code = status
        return response
    template = "errors/404.html" if status == 404 else "errors/error.html"
    return render_template(template, status=status, message=message, details=details), status


def _code(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        429: "too_many_requests",
        503: "unavailable",
    }.get(status, "error")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        status = error.code or 500
        description = error.description if status not in (404, 500) else None
        # werkzeug's stock description adds nothing to our message; a description raised on purpose does
        return error_response(status, description if description != type(error).description else None)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        log.exception("unhandled error on %s", request.path.replace("\r", " ").replace("\n", " "))
        return error_response(500)


__all__ = ["error_response", "init_app", "wants_json"]
