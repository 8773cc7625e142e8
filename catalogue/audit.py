"""The audit log: one append-only record per action (who, what, when in UTC, old and new values).

Every part that changes something, signs someone in, exports, or refuses access records it here, in the
same transaction as the change itself, so the log and the data cannot disagree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from catalogue.models import AuditEvent


def record_event(
    session: Session,
    actor: str,
    action: str,
    *,
    target_type: str | None = None,
    target_id: str | int | None = None,
    old: Any = None,
    new: Any = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the session's transaction. `action` is dotted (`asset.edit`, `user.signin`,
    `access.denied`); `old`/`new` hold the values before and after, when there are any."""
    if old is not None:
        details["old"] = old
    if new is not None:
        details["new"] = new
    event = AuditEvent(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        details=details,
    )
    session.add(event)
    return event
