"""Sign-in rate limiting: failed password attempts are counted per username and per client address over
a window, in the database so that every web process sees the same counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalogue.models import LoginAttempt

ADDRESS_FACTOR = 10  # an office behind one address has many users: allow it more failures


@dataclass(frozen=True)
class LoginThrottle:
    max_failures: int
    window: timedelta

    def locked(self, db: Session, username: str, address: str, now: datetime) -> bool:
        """Whether attempts for this username, or from this address, are refused for now."""
        since = now - self.window
        failed = (
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))
        )
        by_user = db.scalar(failed.where(LoginAttempt.username == username)) or 0
        if by_user >= self.max_failures:
            return True
        by_address = db.scalar(failed.where(LoginAttempt.address == address)) or 0
        return by_address >= self.max_failures * ADDRESS_FACTOR

    def record(self, db: Session, username: str, address: str, succeeded: bool, now: datetime) -> None:
        """Count an attempt. A success clears the username's failures; rows past the window are pruned."""
        db.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - self.window))
        if succeeded:
            db.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
        else:
            db.add(LoginAttempt(at=now, username=username, address=address, succeeded=False))
