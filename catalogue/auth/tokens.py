"""API tokens for scripts: shown once at creation, stored as a digest, revocable, last use recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.auth.secrets import digest, new_secret
from catalogue.models import ApiToken, User

PREFIX = "cat_"  # makes a leaked token recognisable to secret scanners
TOUCH_EVERY = timedelta(minutes=1)
MAX_NAME = 200


class TokenNotFound(LookupError):
    """No token with that id (or not one of this user's)."""


def create(db: Session, user: User, name: str, now: datetime) -> tuple[ApiToken, str]:
    """A new token for the user; returns the row and the token itself (the only time it is seen)."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("give the token a name (what script or purpose it is for)")
    if len(name) > MAX_NAME:
        raise ValueError(f"a token name may have at most {MAX_NAME} characters")
    raw = new_secret(PREFIX)
    row = ApiToken(user_id=user.id, name=name, token_hash=digest(raw), hint=raw[-4:], created_at=now)
    db.add(row)
    db.flush()
    return row, raw


def find_user(db: Session, raw: str, now: datetime) -> User | None:
    """The user a live (unrevoked) token belongs to, or None; records when it was last used."""
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw), ApiToken.revoked_at.is_(None)))
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
    return db.get(User, row.user_id)


def of_user(db: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first, revoked ones included."""
    return list(db.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())))


def revoke(db: Session, token_id: int, now: datetime, user_id: int | None = None) -> ApiToken:
    """Revoke a token (only one of `user_id`'s when given). Revoking twice is harmless."""
    row = db.get(ApiToken, token_id)
    if row is None or (user_id is not None and row.user_id != user_id):
        raise TokenNotFound(f"no API token with id {token_id}")
    if row.revoked_at is None:
        row.revoked_at = now
    return row
