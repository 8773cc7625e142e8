"""What a harvest run reports: its outcome, its running counts, and its item errors grouped by message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from catalogue.models import RunError

SAMPLE_KEYS = 5
MAX_GROUPS = 100
OTHER = "other errors (too many different messages to list)"


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"  # finished, but some items or parts of the source could not be read
    FAILED = "failed"  # the source could not be read (or the run was interrupted): nothing retired


@dataclass
class Progress:
    """Running counts, handed to the progress callback as the run goes."""

    phase: str = "listing"
    listed: int = 0
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    gone: int = 0


@dataclass
class ErrorGroup:
    message: str
    count: int = 0
    sample_keys: list[str] = field(default_factory=list)


class ErrorGroups:
    """Item errors by message (the item's own key taken out, so one cause makes one group), each with a
    count and up to five sample keys; past MAX_GROUPS messages, the rest share one group."""

    def __init__(self) -> None:
        self.groups: dict[str, ErrorGroup] = {}

    def add(self, message: str, key: str) -> None:
        text = " ".join(message.replace(key, "<item>").split()) if key else " ".join(message.split())
        text = text[:2000] or "unknown error"
        if text not in self.groups and len(self.groups) >= MAX_GROUPS:
            text = OTHER
        group = self.groups.setdefault(text, ErrorGroup(text))
        group.count += 1
        if len(group.sample_keys) < SAMPLE_KEYS and key not in group.sample_keys:
            group.sample_keys.append(key)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def rows(self, run_id: int) -> list[RunError]:
        ordered = sorted(self.groups.values(), key=lambda g: (-g.count, g.message))
        return [
            RunError(run_id=run_id, message=g.message, count=g.count, sample_keys=g.sample_keys)
            for g in ordered
        ]
