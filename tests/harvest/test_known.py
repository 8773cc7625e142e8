"""The run's in-memory view of what the store holds for a source: lookups, ticks, and hash collisions."""

from __future__ import annotations

import pytest

from catalogue.harvest import known as known_module
from catalogue.harvest.known import KnownItems
from catalogue.models import Source
from catalogue.runtime import Catalogue
from harvesters.base import ItemRef

from .conftest import assets
from .feed import Feed


def harvested(cat: Catalogue, source: Source, feed: Feed, keys: list[str]) -> dict[str, int]:
    for key in keys:
        feed.put(key, fingerprint="1")
    assert cat.harvest_runner().run(source).status == "succeeded"
    return {key: asset.id for key, asset in assets(cat, source).items()}


def test_lookups_ticks_and_what_is_left(cat: Catalogue, source: Source, feed: Feed) -> None:
    ids = harvested(cat, source, feed, ["a.txt", "b.txt", "c.txt"])
    known = KnownItems.load(cat.sessions, source.id)
    assert len(known) == 3
    assert known.position("nowhere.txt") == -1
    assert known.see("a.txt") == known.position("a.txt") >= 0
    assert known.see("nowhere.txt") == -1
    known.see("c.txt")
    assert known.unseen_ids() == [ids["b.txt"]]
    assert sorted(known.seen_ids()) == sorted([ids["a.txt"], ids["c.txt"]])


def test_keys_sharing_a_hash_are_told_apart(
    cat: Catalogue, source: Source, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = harvested(cat, source, feed, ["x/1.txt", "x/2.txt", "y.txt"])
    monkeypatch.setattr(known_module, "key_hash", lambda key: 7 if key.startswith("x") else hash(key))
    known = KnownItems.load(cat.sessions, source.id)
    assert known.position("x/1.txt") != known.position("x/2.txt")
    assert known.position("x/3.txt") == -1  # same hash, not a key of the store
    known.see("x/2.txt")
    known.see("y.txt")
    assert known.unseen_ids() == [ids["x/1.txt"]]


def test_tick_changed_ticks_every_ref_and_returns_what_must_be_read(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    ids = harvested(cat, source, feed, ["a.txt", "b.txt", "c.txt"])
    stored = assets(cat, source)["a.txt"].fingerprint
    assert stored is not None
    assert stored.startswith("1|")
    suffix = stored[1:]  # the run's digest of the source's settings
    refs = [ItemRef("a.txt", None, "1"), ItemRef("b.txt", None, "2"), ItemRef("new.txt", None, "1")]
    known = KnownItems.load(cat.sessions, source.id)
    assert [ref.key for ref in known.tick_changed(refs, suffix)] == ["b.txt", "new.txt"]
    assert known.unseen_ids() == [ids["c.txt"]]

    again = KnownItems.load(cat.sessions, source.id)
    assert [ref.key for ref in again.tick_changed(refs, suffix, compare=False)] == [r.key for r in refs]
    assert [ref.key for ref in again.tick_changed([ItemRef("c.txt")], suffix)] == ["c.txt"]  # no marker
    assert again.unseen_ids() == []
