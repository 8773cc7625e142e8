"""What the store already holds for a source, kept compactly in memory for the length of one run.

An unchanged re-harvest of a share lists hundreds of thousands of items and reads none of them; it must
not cost a database round trip, or a row written, per item. At the start of a run the source's assets are
streamed once into three parallel arrays: a 64-bit hash of the key, the hash of the stored change marker
and the asset id (24 bytes an asset), and an open-addressing table (4 to 8 bytes an asset) finds a key's
position from its hash. Building the table is linear, where sorting the arrays for a binary search took
longer than the rest of the lookups together. Listed items are ticked off in a bitmap, so at the end of a
complete listing the assets not ticked are exactly the ones the source no longer has. Two keys with the
same hash (vanishingly rare) are kept apart by their full keys.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session, sessionmaker

from catalogue.models import Asset
from harvesters.base import ItemRef

_EMPTY = -1  # a free slot of the table
_NO_MARKER = hash(None)  # a stored marker of None never equals a listed one: the item is read again


# 64 bits of the key: Python's own string hash (fast, cached on the string, fixed within a run), bound
# directly rather than wrapped, as it runs twice per item; tests replace it to force collisions
key_hash: Callable[[str], int] = hash


class KnownItems:
    def __init__(self, rows: Iterable[Any]) -> None:
        """`rows`: (asset id, key, stored change marker) for every asset of the source."""
        hashes, markers, ids = array("q"), array("q"), array("q")
        for asset_id, key, marker in rows:
            hashes.append(key_hash(key))
            markers.append(hash(marker) if marker else _NO_MARKER)
            ids.append(asset_id)
        self.hashes, self.markers, self.ids = hashes, markers, ids
        self.seen = bytearray(len(ids))
        self.collisions: dict[str, int] = {}  # key -> position, for keys whose hash is not unique
        self._colliding_hashes: set[int] = set()
        # at most half full, so a lookup probes about two slots
        size = 1 << max(3, (2 * len(hashes) - 1).bit_length())
        self._mask = size - 1
        self._slots = array("i" if len(hashes) < 2**31 else "q", [_EMPTY]) * size
        self._fill_slots()

    def _fill_slots(self) -> None:
        hashes, slots, mask = self.hashes, self._slots, self._mask
        for position, hashed in enumerate(hashes):
            slot = hashed & mask
            while (other := slots[slot]) != _EMPTY:
                if hashes[other] == hashed:
                    self._colliding_hashes.add(hashed)
                slot = (slot + 1) & mask
            slots[slot] = position

    @classmethod
    def load(cls, sessions: sessionmaker[Session], source_id: int) -> KnownItems:
        assets = Asset.__table__.c
        query = select(assets.id, assets.key, assets.fingerprint).where(assets.source_id == source_id)
        with sessions() as session:
            connection = session.connection()
            if connection.dialect.name == "sqlite":
                known = cls(_sqlite_rows(connection, query))
            else:  # Core rows, streamed: the ORM's per-row bookkeeping would cost more than the run
                known = cls(connection.execute(query.execution_options(yield_per=10_000)))
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
        hashes, slots, mask = self.hashes, self._slots, self._mask
        slot = hashed & mask
        while (at := slots[slot]) != _EMPTY:
            if hashes[at] == hashed:
                return at
            slot = (slot + 1) & mask
        return -1

    def see(self, key: str) -> int:
        """Tick the key off as still at source; returns its position (-1: a new item)."""
        at = self.position(key)
        if at >= 0:
            self.seen[at] = 1
        return at

    def tick_changed(self, refs: Iterable[ItemRef], suffix: str, compare: bool = True) -> list[ItemRef]:
        """Tick every ref off; return those that must be read: new, or with a change marker (the ref's
        fingerprint followed by `suffix`) other than the stored one, or all of them when not `compare`.
        (One loop for the batch: an unchanged re-harvest runs it for every item.)"""
        position, seen, markers = self.position, self.seen, self.markers
        changed = []
        for ref in refs:
            at = position(ref.key)
            if at < 0:
                changed.append(ref)
                continue
            seen[at] = 1
            fingerprint = ref.fingerprint
            if not (compare and fingerprint and markers[at] == hash(fingerprint + suffix)):
                changed.append(ref)
        return changed

    def unseen_ids(self) -> list[int]:
        """Assets the run has not ticked off: after a complete listing, no longer at source."""
        return [self.ids[i] for i, ticked in enumerate(self.seen) if not ticked]

    def seen_ids(self) -> list[int]:
        return [self.ids[i] for i, ticked in enumerate(self.seen) if ticked]


def _sqlite_rows(connection: Connection, query: Select[Any]) -> Iterator[tuple[int, str, str | None]]:
    """The query's rows straight from the sqlite3 cursor, which steps through them as they are fetched:
    even Core's row objects cost a third of the fetch itself."""
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(10_000):
            yield from rows
    finally:
        cursor.close()
