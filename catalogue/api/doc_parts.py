"""Pieces the API's OpenAPI operations share: paging parameters and how a caller authenticates."""

from __future__ import annotations

from typing import Any

SIGNED_IN: list[dict[str, list[str]]] = [{"bearerToken": []}, {"session": []}]


def paging_parameters(max_per_page: int) -> list[dict[str, Any]]:
    """`page` (from 1) and `per_page` (at most `max_per_page`) query parameters."""
    return [
        {"in": "query", "name": "page", "schema": {"type": "integer", "minimum": 1}},
        {
            "in": "query",
            "name": "per_page",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_per_page},
        },
    ]
