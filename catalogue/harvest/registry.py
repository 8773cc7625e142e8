"""The harvester registry: every kind registered under the entry-point group `catalogue.harvesters`
(built-ins included), loaded lazily. A kind whose import fails (a missing optional dependency, say) is kept
as unavailable with the reason, so the rest of the catalogue still starts.

Tests and embedding code may add kinds with `register()` (a class, or a lazy "module:Class" target).
"""

from __future__ import annotations

import importlib.metadata
import threading
from dataclasses import dataclass

from harvesters.base import Harvester

GROUP = "catalogue.harvesters"


class UnknownKind(LookupError):
    """No harvester is registered under this kind."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no harvester of kind {kind!r} is registered")
        self.kind = kind


class HarvesterUnavailable(Exception):
    """The kind is registered but cannot be loaded here; the message says why."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"harvester {kind!r} is unavailable: {reason}")
        self.kind = kind
        self.reason = reason


@dataclass(frozen=True)
class HarvesterInfo:
    """A registered kind as listings show it."""

    kind: str
    title: str
    available: bool
    reason: str = ""
    target: str = ""  # where it comes from ("module:Class")

    @property
    def label(self) -> str:
        return self.title if self.available else f"unavailable: {self.reason}"


class Registry:
    def __init__(self, group: str = GROUP) -> None:
        self.group = group
        self._lock = threading.Lock()
        self._targets: dict[str, importlib.metadata.EntryPoint | type[Harvester]] | None = None
        self._extra: dict[str, importlib.metadata.EntryPoint | type[Harvester]] = {}
        self._loaded: dict[str, type[Harvester] | HarvesterUnavailable] = {}

    def register(self, harvester: type[Harvester] | str, kind: str | None = None) -> None:
        """Add a kind outside the entry points: a class, or a "module:Class" target imported on first use
        (then `kind` is required)."""
        if isinstance(harvester, str):
            if not kind:
                raise ValueError("register a 'module:Class' target with its kind")
            target: importlib.metadata.EntryPoint | type[Harvester] = importlib.metadata.EntryPoint(
                kind, harvester, self.group
            )
        else:
            kind, target = kind or harvester.kind, harvester
        with self._lock:
            self._extra[kind] = target
            self._loaded.pop(kind, None)

    def unregister(self, kind: str) -> None:
        with self._lock:
            self._extra.pop(kind, None)
            self._loaded.pop(kind, None)

    def _all_targets(self) -> dict[str, importlib.metadata.EntryPoint | type[Harvester]]:
        if self._targets is None:
            self._targets = {ep.name: ep for ep in importlib.metadata.entry_points(group=self.group)}
        return {**self._targets, **self._extra}

    def kinds(self) -> list[str]:
        with self._lock:
            return sorted(self._all_targets())

    def load(self, kind: str) -> type[Harvester]:
        """The harvester class of a kind. Raises UnknownKind or HarvesterUnavailable."""
        with self._lock:
            loaded = self._loaded.get(kind)
            if loaded is None:
                target = self._all_targets().get(kind)
                if target is None:
                    raise UnknownKind(kind)
                loaded = self._loaded[kind] = _load(kind, target)
        if isinstance(loaded, HarvesterUnavailable):
            raise loaded
        return loaded

    def available(self) -> list[HarvesterInfo]:
        """Every registered kind: its title when it loads, else the reason it does not."""
        infos = []
        for kind in self.kinds():
            target = self._all_targets().get(kind)
            where = target.value if isinstance(target, importlib.metadata.EntryPoint) else _name(target)
            try:
                cls = self.load(kind)
            except HarvesterUnavailable as error:
                infos.append(HarvesterInfo(kind, kind, False, error.reason, where))
            except UnknownKind:  # unregistered meanwhile
                continue
            else:
                infos.append(HarvesterInfo(kind, cls.title, True, "", where))
        return infos


def _name(target: object) -> str:
    return f"{getattr(target, '__module__', '?')}:{getattr(target, '__qualname__', '?')}"


def _load(
    kind: str, target: importlib.metadata.EntryPoint | type[Harvester]
) -> type[Harvester] | HarvesterUnavailable:
    try:
        cls = target.load() if isinstance(target, importlib.metadata.EntryPoint) else target
    except ImportError as error:  # the usual case: an optional dependency is not installed
        name = getattr(error, "name", None)
        reason = f"needs the Python package {name!r}" if name else str(error)
        return HarvesterUnavailable(kind, reason)
    except Exception as error:  # a broken plugin must not stop the catalogue from starting
        return HarvesterUnavailable(kind, f"{type(error).__name__}: {error}")
    problem = _check(cls)
    if problem:
        return HarvesterUnavailable(kind, problem)
    return cls


def _check(cls: object) -> str:
    if not (isinstance(cls, type) and issubclass(cls, Harvester)):
        return "not a Harvester class"
    for attribute in ("kind", "title", "config_schema"):
        if not hasattr(cls, attribute):
            return f"{cls.__name__} has no {attribute}"
    return ""


REGISTRY = Registry()
register = REGISTRY.register
unregister = REGISTRY.unregister
available = REGISTRY.available
load = REGISTRY.load
