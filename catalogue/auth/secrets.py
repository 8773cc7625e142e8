"""Random secrets handed to a client (session ids, API tokens) and the digests stored in their place."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    """32 random bytes, URL-safe, with an optional recognisable prefix."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database keeps: the SHA-256 of the secret (a 256-bit random value needs no slow hash)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
