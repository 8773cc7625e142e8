"""A harvester that takes a moment, for the scheduler tests: it lists `items` items and reads each in
`delay` seconds. It has no change markers, so every run reads every item (and takes as long)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import ClassVar

from marshmallow import RAISE, Schema, fields

from harvesters.base import Harvester, ItemRef, Listed, Record


class SlowSchema(Schema):
    class Meta:
        unknown = RAISE

    items = fields.Int(load_default=10, metadata={"description": "How many items the source has"})
    delay = fields.Float(load_default=0.1, metadata={"description": "Seconds each item takes to read"})


class SlowHarvester(Harvester):
    kind: ClassVar[str] = "test-slow"
    title: ClassVar[str] = "Slow test source"
    config_schema = SlowSchema

    def list_items(self) -> Iterator[Listed]:
        for n in range(self.config["items"]):
            yield ItemRef(f"item-{n:03}")

    def read_item(self, ref: ItemRef) -> Record:
        time.sleep(self.config["delay"])
        return Record(
            ref.key, {"title": f"Slow item {ref.key}", "kind": "file", "classification": "OFFICIAL"}
        )
