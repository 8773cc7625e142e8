"""Revision 0005_quick_xor_hash: a catalogue whose files carry `quickxor:...` in `content_hash` (as both
harvesters wrote it before) has the value moved to `quick_xor_hash`, in the harvested layer and the
effective column; a sha256 or a curated value stays where it is. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from catalogue.db import make_sessionmaker, upgrade
from catalogue.models import Asset
from tests.legacy_rows import store_at

QUICK_XOR = "quickxor:SgAAAAAAAAAAAAAAAQAAAAAAAAA="
SHA256 = "a" * 64


def _legacy_rows() -> dict[str, dict[str, Any]]:
    """Rows as revision 0003 stored them: the harvested layer, the curated one, the effective hash."""
    rows = {
        "legacy": ({"content_hash": QUICK_XOR, "size_bytes": 5}, {}, QUICK_XOR),
        "sha256": ({"content_hash": SHA256}, {}, SHA256),
        "curated": ({"content_hash": QUICK_XOR}, {"content_hash": SHA256}, SHA256),
    }
    return {
        key: {"harvested": harvested, "curated": curated, "content_hash": effective, "title": "t"}
        for key, (harvested, curated, effective) in rows.items()
    }


def test_quickxor_values_move_to_their_own_field(database_url: str) -> None:
    engine = store_at(database_url, "0003", _legacy_rows())
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        found = {a.key: a for a in session.scalars(select(Asset))}
    engine.dispose()

    legacy = found["legacy"]
    assert legacy.harvested == {"quick_xor_hash": QUICK_XOR, "size_bytes": 5}
    assert (legacy.content_hash, legacy.quick_xor_hash) == (None, QUICK_XOR)
    sha256 = found["sha256"]
    assert sha256.harvested == {"content_hash": SHA256}
    assert (sha256.content_hash, sha256.quick_xor_hash) == (SHA256, None)
    curated = found["curated"]  # an admin's value wins and stays; the source's quickXorHash moves
    assert curated.harvested == {"quick_xor_hash": QUICK_XOR}
    assert (curated.content_hash, curated.quick_xor_hash) == (SHA256, QUICK_XOR)
