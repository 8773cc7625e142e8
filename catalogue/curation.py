"""Curated edits as a service: the policy check, the edit with optimistic locking, and the audit of a
refusal. The edit page, the JSON API and the bulk edit all call `edit_asset`, so they cannot drift."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.curation_policy import EditRefused, check_edit
from catalogue.models import Asset
from catalogue.store import Store

log = logging.getLogger(__name__)

# The 403 itself is recorded as `access.denied` for every request (catalogue.auth.web); this event says
# which edit of which asset was refused, and which fields.
REFUSED = "asset.edit_refused"


def edit_asset(
    store: Store,
    principal: Principal,
    asset_id: int,
    changes: Mapping[str, Any],
    expected_version: int,
    index_now: bool = True,
    **audit_details: Any,
) -> Asset:
    """Apply a person's edit if the policy allows it. Raises NotFound (missing or hidden), EditRefused
    (recorded in the audit log), StaleVersion or InvalidValue; nothing is written unless it succeeds."""

    def authorize(asset: Asset) -> None:
        check_edit(principal, asset, changes, store.scheme)

    try:
        asset = store.curate(
            asset_id, changes, principal, expected_version, authorize, index_now, **audit_details
        )
    except EditRefused as refusal:
        record_denial(store.sessions, principal, "asset", asset_id, refusal.message, refusal.fields)
        log.info(
            "edit refused", extra={"actor": principal.name, "asset": asset_id, "reason": refusal.message}
        )
        raise
    # the title is user-supplied text: the log formatters (catalogue.logs) escape control characters in it
    log.info(
        "asset edited",
        extra={"actor": principal.name, "asset": asset_id, "title": asset.title, "fields": sorted(changes)},
    )
    return asset


def record_denial(
    sessions: sessionmaker[Session],
    principal: Principal,
    target_type: str,
    target_id: int | str | None,
    reason: str,
    fields: Iterable[str] = (),
) -> None:
    """A refused edit, in a transaction of its own (the refused one wrote nothing)."""
    with sessions.begin() as session:
        record_event(
            session,
            principal.name,
            REFUSED,
            target_type=target_type,
            target_id=target_id,
            role=principal.role,
            reason=reason,
            fields=list(fields),
        )
