"""A small real harvester for the tests: its source is a `Feed`, a list the test fills and changes. It
counts its reads, can refuse bad credentials, fail single items, report unlistable folders, and stop
(raise) at the k-th step of its listing or reading, for the fault-injection tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from marshmallow import Schema, fields

from harvesters.base import Harvester, ItemError, ItemRef, Listed, ListingGap, Record, SourceError

FEEDS: dict[str, Feed] = {}


class Killed(BaseException):
    """Stands in for the process dying (like KeyboardInterrupt, not an Exception)."""


@dataclass
class Entry:
    key: str
    fields: dict[str, Any]
    parent: str | None = None
    fingerprint: str = "v1"
    error: str | None = None  # the read fails with this ItemError message
    whole: bool = False  # listed as a whole Record (no read step)
    warnings: tuple[str, ...] = ()


@dataclass
class Feed:
    name: str
    entries: dict[str, Entry] = field(default_factory=dict)
    gaps: list[tuple[str, str]] = field(default_factory=list)
    token: str | None = None  # the credentials the source accepts
    down: str | None = None  # the source is unreachable with this message
    reads: list[str] = field(default_factory=list)
    stop_at: tuple[str, int, BaseException] | None = None  # ("list" | "read", k, what to raise)
    steps: dict[str, int] = field(default_factory=dict)
    seen_config: dict[str, Any] = field(default_factory=dict)
    on_read: Callable[[], None] | None = None  # called at each read

    def put(self, key: str, title: str | None = None, parent: str | None = None, **options: Any) -> Entry:
        extra = {k: options.pop(k) for k in ("fingerprint", "error", "whole", "warnings") if k in options}
        entry = Entry(key, {"title": title or key, "kind": "file", **options}, parent, **extra)
        self.entries[key] = entry
        return entry

    def drop(self, *keys: str) -> None:
        for key in keys:
            del self.entries[key]

    def step(self, phase: str) -> None:
        self.steps[phase] = self.steps.get(phase, 0) + 1
        if self.stop_at and self.stop_at[0] == phase and self.steps[phase] == self.stop_at[1]:
            raise self.stop_at[2]


class FeedSchema(Schema):
    feed = fields.Str(required=True, metadata={"description": "The name of the test feed to read"})
    token = fields.Str(load_only=True, metadata={"description": "The feed's credentials (a secret)"})
    label = fields.Str(metadata={"description": "Free text, shown back"})


class FeedHarvester(Harvester):
    kind: ClassVar[str] = "test-feed"
    title: ClassVar[str] = "Test feed"
    config_schema = FeedSchema

    @property
    def feed(self) -> Feed:
        return FEEDS[self.config["feed"]]

    def list_items(self) -> Iterator[Listed]:
        feed = self.feed
        feed.seen_config = dict(self.config)
        if feed.down:
            raise SourceError(feed.down)
        if feed.token is not None and self.config.get("token") != feed.token:
            raise SourceError(f"login refused for token {self.config.get('token')}")
        for prefix, message in feed.gaps:
            yield ListingGap(prefix, message)
        for entry in list(feed.entries.values()):
            feed.step("list")
            if entry.whole:
                yield Record(entry.key, entry.fields, entry.parent, (), entry.fingerprint, entry.warnings)
            else:
                yield ItemRef(entry.key, entry.parent, entry.fingerprint)

    def read_item(self, ref: ItemRef) -> Record:
        feed = self.feed
        feed.reads.append(ref.key)
        if feed.on_read is not None:
            feed.on_read()
        feed.step("read")
        entry = feed.entries[ref.key]
        if entry.error:
            raise ItemError(ref.key, entry.error)
        return Record(entry.key, entry.fields, entry.parent, (), entry.fingerprint, entry.warnings)
