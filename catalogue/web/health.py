"""`GET /health`: 200 `{"status": "ok", "store": "ok", "search": "ok"}` when the web process can serve, 503
with the part that is down otherwise. No sign-in needed, and nothing about assets, hosts or errors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from catalogue.health import web_health
from catalogue.web.principals import current_catalogue

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> Any:
    result = web_health(current_catalogue())
    response = jsonify(result.as_json())
    response.status_code = 200 if result.ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
