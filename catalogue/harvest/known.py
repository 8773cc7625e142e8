"""What the store already holds for a source, kept compactly in memory for the length of one run.

An unchanged re-harvest of a share lists hundreds of thousands of items and reads none of them; it must
not cost a database round trip, or a row written, per item. At the start of a run the source's assets are
streamed once into three parallel arrays, sorted by a 64-bit hash of the key: the hash, the hash of the
stored change marker, and the asset id, 24 bytes an asset. Listed items are looked up by binary search and
ticked off in a bitmap, so at the end of a complete listing the assets not ticked are exactly the ones the
source no longer has. Two keys with the same hash (vanishingly rare) are kept apart by their full keys.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalogue.models import Asset

_NO_MARKER = hash(None)  # a stored marker of None never equals a listed one: the item is read again


def key_hash(key: str) -> int:
    """64 bits of the key (Python's own string hash: fast, cached on the string, fixed within a run)."""
    return hash(key)


class KnownItems:
    def __init__(self, rows: Iterable[Any]) -> None:
        """`rows`: (asset id, key, stored change marker) for every asset of the source."""
        hashes, markers, ids = array("q"), array("q"), array("q")
        for asset_id, key, marker in rows:
            hashes.append(key_hash(key))
            markers.append(hash(marker) if marker else _NO_MARKER)
            ids.append(asset_id)
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self.hashes = array("q", (hashes[i] for i in order))
        self.markers = array("q", (markers[i] for i in order))
        self.ids = array("q", (ids[i] for i in order))
        self.seen = bytearray(len(self.ids))
        self.collisions: dict[str, int] = {}  # key -> position, for keys whose hash is not unique
        self._colliding_hashes = {
            self.hashes[i] for i in range(1, len(self.hashes)) if self.hashes[i] == self.hashes[i - 1]
        }

    @classmethod
    def load(cls, sessions: sessionmaker[Session], source_id: int) -> KnownItems:
        assets = Asset.__table__.c
        with sessions() as session:
            # Core rows on the session's connection: the ORM's per-row bookkeeping would cost more than
            # the rest of an unchanged re-harvest.
            rows = session.connection().execute(
                select(assets.id, assets.key, assets.fingerprint)
                .where(assets.source_id == source_id)
                .execution_options(yield_per=10_000)
            )
            known = cls(rows)
            if known._colliding_hashes:
                known._separate_collisions(session)
        return known

    def _separate_collisions(self, session: Session) -> None:
        positions = {
            self.ids[i]: i for i in range(len(self.hashes)) if self.hashes[i] in self._colliding_hashes
        }
        for asset_id, key in session.execute(
            select(Asset.id, Asset.key).where(Asset.id.in_(list(positions)))
        ):
            self.collisions[key] = positions[asset_id]

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, key: str) -> int:
        """Where the key is in the arrays, or -1 when the store does not have it."""
        hashed = key_hash(key)
        if hashed in self._colliding_hashes:
            return self.collisions.get(key, -1)
        at = bisect_left(self.hashes, hashed)
        return at if at < len(self.hashes) and self.hashes[at] == hashed else -1

    def see(self, key: str) -> int:
        """Tick the key off as still at source; returns its position (-1: a new item)."""
        at = self.position(key)
        if at >= 0:
            self.seen[at] = 1
        return at

    def unchanged(self, at: int, marker: str) -> bool:
        """The stored change marker at this position equals `marker`."""
        return at >= 0 and bool(marker) and self.markers[at] == hash(marker)

    def unseen_ids(self) -> list[int]:
        """Assets the run has not ticked off: after a complete listing, no longer at source."""
        return [self.ids[i] for i, ticked in enumerate(self.seen) if not ticked]

    def seen_ids(self) -> list[int]:
        return [self.ids[i] for i, ticked in enumerate(self.seen) if ticked]
