"""Leases: one holder at a time for a named job, across processes, on SQLite and PostgreSQL alike.

A lease is a row. Taking it is one INSERT (the primary key refuses a second) or, when the row is there but
has expired or its holder's process is dead on this host, one conditional UPDATE; both are atomic on every
database. The holder renews it while working and deletes it when done.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from catalogue.models import HarvestLease, utcnow

DEFAULT_TTL = timedelta(minutes=5)
STOPPED = "stopped:"  # prefixes the holder of a lease taken from a run stopped for running too long


class LeaseHeld(Exception):
    """Someone else holds the lease."""

    def __init__(self, name: str, holder: str, expires_at: datetime | None) -> None:
        until = f" until {expires_at:%Y-%m-%d %H:%M:%S} UTC" if expires_at else ""
        super().__init__(f"{name} is held by {holder}{until}")
        self.name, self.holder, self.expires_at = name, holder, expires_at


class LeaseLost(Exception):
    """The lease expired and someone else took it: stop writing."""


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _dead_here(holder: str) -> bool:
    """The holder is a process on this host that no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


@dataclass
class Lease:
    sessions: sessionmaker[Session]
    name: str
    ttl: timedelta = DEFAULT_TTL
    holder: str = field(default_factory=new_holder)
    renewed_at: datetime | None = None
    _renew_after: float = 0.0  # monotonic time of the next real renewal (renew is called per item)

    def acquire(self) -> Lease:
        """Take the lease or raise LeaseHeld."""
        now = utcnow()
        try:
            with self.sessions.begin() as session:
                session.execute(
                    insert(HarvestLease).values(
                        name=self.name, holder=self.holder, acquired_at=now, expires_at=now + self.ttl
                    )
                )
        except IntegrityError:
            self._take_over(now)
        self._renewed(now)
        return self

    def _take_over(self, now: datetime) -> None:
        with self.sessions.begin() as session:
            current = session.execute(
                select(HarvestLease.holder, HarvestLease.expires_at).where(HarvestLease.name == self.name)
            ).first()
            if current is None:  # released meanwhile: try again from the start
                session.execute(
                    insert(HarvestLease).values(
                        name=self.name, holder=self.holder, acquired_at=now, expires_at=now + self.ttl
                    )
                )
                return
            holder, expires_at = current
            if expires_at > now and not _dead_here(holder):
                raise LeaseHeld(self.name, holder, expires_at)
            taken = session.execute(
                update(HarvestLease)
                .where(HarvestLease.name == self.name, HarvestLease.holder == holder)
                .values(holder=self.holder, acquired_at=now, expires_at=now + self.ttl)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                raise LeaseHeld(self.name, "another process", None)

    def renew(self, force: bool = False) -> None:
        """Push the expiry on (at most every third of the TTL, unless forced). Raises LeaseLost."""
        if not force and self.renewed_at is not None and time.monotonic() < self._renew_after:
            return
        now = utcnow()
        with self.sessions.begin() as session:
            kept = session.execute(
                update(HarvestLease)
                .where(HarvestLease.name == self.name, HarvestLease.holder == self.holder)
                .values(expires_at=now + self.ttl)
            )
            if kept.rowcount != 1:  # type: ignore[attr-defined]
                if session.scalar(select(HarvestLease.holder).where(HarvestLease.name == self.name)) == (
                    STOPPED + self.holder
                ):
                    raise LeaseLost("stopped: it ran longer than the harvest timeout")
                raise LeaseLost(f"the lease on {self.name} was lost (it expired and was taken over)")
        self._renewed(now)

    def _renewed(self, now: datetime) -> None:
        self.renewed_at = now
        self._renew_after = time.monotonic() + self.ttl.total_seconds() / 3

    def release(self) -> None:
        with self.sessions.begin() as session:
            session.execute(
                delete(HarvestLease).where(HarvestLease.name == self.name, HarvestLease.holder == self.holder)
            )
