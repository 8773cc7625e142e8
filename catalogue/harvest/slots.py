"""Claims on scheduled slots: every scheduler process fires a source's job at the same time, and the
first to insert the slot's row (`slot:source:<id>:<time>` in the lease table) runs it; the others skip it.

The source's lease alone is not enough: a run that ends quickly frees the source before a slower
scheduler fires, which would then run the same slot a second time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from catalogue.harvest.leases import new_holder
from catalogue.models import HarvestLease, utcnow

PREFIX = "slot:"


def slot_name(source_id: int, slot: datetime) -> str:
    return f"{PREFIX}source:{source_id}:{slot:%Y-%m-%dT%H:%M:%S}Z"


class SlotClaims:
    def __init__(self, sessions: sessionmaker[Session], keep: timedelta) -> None:
        self.sessions = sessions
        self.keep = keep  # how long a claim is kept: longer than any scheduler may still fire the slot
        self.holder = new_holder()

    def claim(self, source_id: int, slot: datetime) -> bool:
        """True for the first claim of this slot of this source (across processes), False after."""
        try:
            with self.sessions.begin() as session:
                session.execute(
                    insert(HarvestLease).values(
                        name=slot_name(source_id, slot),
                        holder=self.holder,
                        acquired_at=utcnow(),
                        expires_at=slot + self.keep,
                    )
                )
        except IntegrityError:
            return False
        return True

    def purge(self, now: datetime | None = None) -> int:
        """Drop the claims of slots no scheduler can fire any more."""
        with self.sessions.begin() as session:
            result = session.execute(
                delete(HarvestLease).where(
                    HarvestLease.name.startswith(PREFIX, autoescape=True),
                    HarvestLease.expires_at < (now or utcnow()),
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]
