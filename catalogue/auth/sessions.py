"""Server-side sign-in sessions: the cookie carries a random id, the table only its digest.

A session ends when it is idle longer than the idle timeout, when it is older than the absolute timeout,
when its user signs out (the row is deleted, so a replayed cookie finds nothing), or when its user is
disabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalogue.auth.secrets import digest, new_secret
from catalogue.models import User, UserSession


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta

    @property
    def touch_every(self) -> timedelta:
        """How stale `last_seen_at` may get before a request writes it (saves a write per request)."""
        return min(timedelta(minutes=1), self.idle / 10)

    def expired(self, row: UserSession, now: datetime) -> bool:
        return now - row.last_seen_at >= self.idle or now - row.created_at >= self.absolute


def start(db: Session, user: User, method: str, now: datetime) -> str:
    """A new session for the user; returns the id for the cookie (never stored)."""
    raw = new_secret()
    db.add(UserSession(id_hash=digest(raw), user_id=user.id, method=method, created_at=now, last_seen_at=now))
    return raw


def find(db: Session, raw: str, policy: SessionPolicy, now: datetime) -> UserSession | None:
    """The live session with this id (its `last_seen_at` refreshed), or None. An expired one is deleted."""
    row = db.scalar(select(UserSession).where(UserSession.id_hash == digest(raw)))
    if row is None:
        return None
    if policy.expired(row, now):
        db.delete(row)
        return None
    if now - row.last_seen_at >= policy.touch_every:
        row.last_seen_at = now
    return row


def end(db: Session, raw: str) -> UserSession | None:
    """Delete the session with this id; returns it (None if there was none)."""
    row = db.scalar(select(UserSession).where(UserSession.id_hash == digest(raw)))
    if row is not None:
        db.delete(row)
    return row


def end_all(db: Session, user_id: int) -> int:
    """Delete every session of a user (disabled, or signed out everywhere); returns how many."""
    result = db.execute(delete(UserSession).where(UserSession.user_id == user_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
