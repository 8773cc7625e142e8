"""The audit events of a curated edit: the edit itself with the old and new value of every field, and a
classification change and a publication as actions of their own, so each can be searched for."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from catalogue.audit import record_event
from catalogue.fields import OpenDataStatus
from catalogue.merge import FieldChange
from catalogue.models import Asset

EDIT = "asset.edit"
CLASSIFICATION = "asset.classification"
PUBLICATION = "asset.publish"
PUBLISHED = OpenDataStatus.PUBLISHED.value


def audit_edit(
    session: Session,
    actor: str,
    asset: Asset,
    diff: list[FieldChange],
    before: tuple[str, str],
    **details: Any,
) -> None:
    """Record an edit already applied to `asset`; `before` is its effective (classification, open-data
    status) before the edit."""
    common: dict[str, Any] = {"target_type": "asset", "target_id": asset.id, "version": asset.version}
    record_event(
        session,
        actor,
        EDIT,
        old={c.field: c.old for c in diff},
        new={c.field: c.new for c in diff},
        title=asset.title,
        **common,
        **details,
    )
    old_classification, old_status = before
    if asset.classification != old_classification:
        audit_classification(session, actor, asset, old_classification, **details)
    if asset.open_data_status == PUBLISHED and old_status != PUBLISHED:
        record_event(
            session,
            actor,
            PUBLICATION,
            old=old_status,
            new=PUBLISHED,
            licence=asset.licence,
            **common,
            **details,
        )


def audit_classification(session: Session, actor: str, asset: Asset, old: str, **details: Any) -> None:
    """The asset's effective classification changed from `old` (by a person, or by its source)."""
    record_event(
        session,
        actor,
        CLASSIFICATION,
        target_type="asset",
        target_id=asset.id,
        old=old,
        new=asset.classification,
        version=asset.version,
        **details,
    )
