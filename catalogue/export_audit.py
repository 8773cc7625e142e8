"""The audit of an export: who took which part of the register (the query), in which format, and how many
rows. Recorded when the export starts, before the first byte leaves, so an interrupted download is still
on record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from catalogue.access import Principal, visible_to
from catalogue.audit import record_event
from catalogue.models import Asset
from catalogue.store import Store

EXPORT = "export.assets"


def record_export(
    store: Store,
    principal: Principal,
    file_format: str,
    query: Mapping[str, Any] | None = None,
    **details: Any,
) -> int:
    """Record the export of the assets this principal may see; returns how many rows it holds."""
    with store.sessions.begin() as session:
        rows = session.scalar(
            select(func.count()).select_from(Asset).where(visible_to(principal, store.scheme))
        )
        record_event(
            session,
            principal.name,
            EXPORT,
            target_type="register",
            format=file_format,
            query=dict(query or {}),
            rows=rows or 0,
            clearance=principal.clearance,
            **details,
        )
    return rows or 0
