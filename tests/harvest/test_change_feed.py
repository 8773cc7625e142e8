"""The runner's side of change feeds: an incremental listing retires only what it says was deleted; the
harvester's checkpoint is stored sealed, only after a run's records are committed, kept when a run fails,
not handed back on a full run, and redacted from run messages."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from marshmallow import Schema, fields

from catalogue.harvest import checkpoints
from catalogue.harvest.registry import REGISTRY
from catalogue.models import Source
from catalogue.runtime import Catalogue
from harvesters.base import Deleted, Harvester, Listed, Record, SourceError

from .conftest import assets


@dataclass
class Feed:
    """What the next run lists: records, deletions, whether that is everything, and its checkpoint."""

    records: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    complete: bool = False
    cursor: str = "https://feed.example/changes?token=cursor-0001-secret"
    fail_with: str | None = None
    resumed_from: list[Mapping[str, Any]] = field(default_factory=list)


class FeedSchema(Schema):
    name = fields.Str(required=True, metadata={"description": "Unused"})


class ChangeFeedHarvester(Harvester):
    kind: ClassVar[str] = "test-change-feed"
    title: ClassVar[str] = "Test change feed"
    config_schema = FeedSchema
    feed: ClassVar[Feed] = Feed()

    def resume_from(self, checkpoint: Mapping[str, Any]) -> None:
        self.feed.resumed_from.append(dict(checkpoint))

    def list_items(self) -> Iterator[Listed]:
        for key in self.feed.records:
            yield Record(key, {"title": key, "kind": "file"})
        for key in self.feed.deleted:
            yield Deleted(key)
        if self.feed.fail_with:
            raise SourceError(self.feed.fail_with)

    def checkpoint(self) -> Mapping[str, Any] | None:
        return {"cursor": self.feed.cursor}

    def listing_is_complete(self) -> bool:
        return self.feed.complete


@pytest.fixture
def feed() -> Iterator[Feed]:
    ChangeFeedHarvester.feed = Feed()
    REGISTRY.register(ChangeFeedHarvester)
    yield ChangeFeedHarvester.feed
    REGISTRY.unregister(ChangeFeedHarvester.kind)


@pytest.fixture
def source(cat: Catalogue, feed: Feed) -> Source:
    source = cat.sources.create("changes", ChangeFeedHarvester.kind, {"name": "x"}, actor="test")
    feed.records = [f"item-{n}" for n in range(20)]
    feed.complete = True
    assert cat.harvest_runner().run(source).status == "succeeded"
    return source


def lifecycles(cat: Catalogue, source: Source) -> dict[str, str]:
    return {key: asset.lifecycle for key, asset in assets(cat, source).items()}


def stored(cat: Catalogue, source: Source) -> dict[str, Any]:
    with cat.sessions() as session:
        found = session.get(Source, source.id)
        assert found is not None
        return dict(found.state or {})


def test_an_incremental_listing_retires_only_what_it_says_was_deleted(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    feed.records, feed.deleted, feed.complete = ["item-1", "item-new"], ["item-2", "item-3", "item-4"], False
    run = cat.harvest_runner().run(source)
    assert run.status == "succeeded"
    states = lifecycles(cat, source)
    assert [k for k, v in states.items() if v == "gone"] == ["item-2", "item-3", "item-4"]
    assert states["item-new"] == "active"
    assert states["item-9"] == "active"  # not in the feed: unchanged, not gone
    assert (run.gone, run.needs_review) == (3, False)


def test_a_deletion_listed_again_later_in_the_feed_stands(cat: Catalogue, source: Source, feed: Feed) -> None:
    feed.complete = False

    class Restored(ChangeFeedHarvester):
        def list_items(self) -> Iterator[Listed]:
            yield Deleted("item-5")
            yield Record("item-5", {"title": "item-5", "kind": "file"})  # restored from the recycle bin
            yield Deleted("item-6")

    REGISTRY.register(Restored, kind=ChangeFeedHarvester.kind)
    assert cat.harvest_runner().run(source).gone == 1
    states = lifecycles(cat, source)
    assert (states["item-5"], states["item-6"]) == ("active", "gone")


def test_a_complete_listing_ignores_deletions_and_retires_what_it_did_not_list(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    feed.records = [f"item-{n}" for n in range(1, 20)]  # item-0 went; 1 of 20 is within the retire limit
    feed.deleted = ["item-7"]  # listed too: a complete listing's own word wins
    run = cat.harvest_runner().run(source)
    states = lifecycles(cat, source)
    assert (states["item-0"], states["item-7"], run.gone) == ("gone", "active", 1)


def test_the_checkpoint_is_stored_sealed_and_handed_back(cat: Catalogue, source: Source, feed: Feed) -> None:
    state = stored(cat, source)
    assert "cursor-0001-secret" not in json.dumps(state)
    assert checkpoints.load(state, cat.secret_box) == {"cursor": feed.cursor}
    feed.complete = False
    feed.cursor = "https://feed.example/changes?token=cursor-0002-secret"
    cat.harvest_runner().run(source)
    assert feed.resumed_from[-1] == {"cursor": "https://feed.example/changes?token=cursor-0001-secret"}
    assert checkpoints.load(stored(cat, source), cat.secret_box) == {"cursor": feed.cursor}


def test_a_full_run_starts_from_no_checkpoint(cat: Catalogue, source: Source, feed: Feed) -> None:
    cat.harvest_runner().run(source, full=True)
    assert feed.resumed_from[-1] == {}


def test_a_failed_run_keeps_the_old_checkpoint_and_redacts_it(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    before = stored(cat, source)["checkpoint"]
    feed.cursor = "https://feed.example/changes?token=cursor-0003-secret"
    feed.fail_with = "the feed broke at https://feed.example/changes?token=cursor-0001-secret"
    run = cat.harvest_runner().run(source)
    assert run.status == "failed"
    assert "cursor-0001-secret" not in run.message
    assert "the feed broke" in run.message
    assert stored(cat, source)["checkpoint"] == before


def test_an_unreadable_checkpoint_means_a_fresh_start(cat: Catalogue, source: Source, feed: Feed) -> None:
    with cat.sessions.begin() as session:
        found = session.get(Source, source.id)
        assert found is not None
        found.state = {**(found.state or {}), "checkpoint": {"encrypted": "not-a-fernet-token"}}
    assert cat.harvest_runner().run(source).status == "succeeded"
    assert feed.resumed_from[-1] == {}
