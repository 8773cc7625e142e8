"""Fixtures for the curation tests: the catalogue of `support.py`, and its audit log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from catalogue.models import AuditEvent

from .support import load


@pytest.fixture
def ids(catalogue: Any) -> dict[str, int]:
    return load(catalogue)


@pytest.fixture
def audit(catalogue: Any) -> Any:
    """`audit(action=None)`: the audit events so far (optionally of one action), oldest first."""

    def events(action: str | None = None) -> list[AuditEvent]:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        with catalogue.sessions() as session:
            return list(session.scalars(query))

    return events
