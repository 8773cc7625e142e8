"""The demo harvester: reads one of the bundled demo council systems, so the demo catalogue is built by
the same harvest runner as a real one (rules, defaults, change detection, runs and their reports).

The records come from `catalogue.demo.sources.build_demo_sources()`. Importing from `catalogue` breaks the
usual rule that harvesters stand alone, but that module is pure data (no database, Flask or search client),
so the rule's purpose holds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields

from harvesters.base import Harvester, Listed, SourceError

if TYPE_CHECKING:
    from catalogue.demo.sources import DemoSource

_lock = threading.Lock()
_built: dict[str, DemoSource] | None = None


def demo_sources() -> dict[str, DemoSource]:
    """The bundled demo sources by name, built once per process (the build is deterministic)."""
    global _built
    with _lock:
        if _built is None:
            from catalogue.demo.sources import build_demo_sources

            _built = {source.name: source for source in build_demo_sources()}
        return _built


class DemoConfigSchema(Schema):
    """Settings of a demo source."""

    class Meta:
        unknown = RAISE

    source = fields.Str(
        required=True,
        metadata={"description": "Name of one bundled demo system, e.g. planning-db or w-drive-finance"},
    )


class DemoHarvester(Harvester):
    """One bundled demo council system: its tables, folders, documents or register entries."""

    kind: ClassVar[str] = "demo"
    title: ClassVar[str] = "Demo council system"
    config_schema: ClassVar[type[Schema]] = DemoConfigSchema

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        try:
            settings: dict[str, Any] = DemoConfigSchema(unknown=EXCLUDE).load(dict(config))
        except ValidationError as error:
            raise SourceError(f"invalid demo settings: {error.messages}") from None
        self._name: str = settings["source"]

    def list_items(self) -> Iterator[Listed]:
        source = demo_sources().get(self._name)
        if source is None:
            known = ", ".join(sorted(demo_sources()))
            raise SourceError(f"there is no demo system called {self._name!r} (there are: {known})")
        yield from source.records
