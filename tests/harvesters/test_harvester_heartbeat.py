"""A harvester waiting out throttling beats the runner's heartbeat, so a long wait keeps the lease."""

from __future__ import annotations

import pytest

from harvesters import sharepoint
from harvesters.sharepoint import SharePointHarvester


def test_a_long_throttling_wait_beats_the_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(sharepoint.time, "sleep", slept.append)
    harvester = SharePointHarvester({"tenant_id": "t", "client_id": "c", "client_secret": "s"})
    beats: list[float] = []
    harvester.keep_alive_with(lambda: beats.append(sum(slept)))
    harvester.pause(100.0)
    assert slept == [30.0, 30.0, 30.0, 10.0]
    assert beats == [30.0, 60.0, 90.0, 100.0]  # one heartbeat after every slice of the wait


def test_a_lost_lease_stops_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharepoint.time, "sleep", lambda _seconds: None)
    harvester = SharePointHarvester({"tenant_id": "t", "client_id": "c", "client_secret": "s"})

    def lost() -> None:
        raise RuntimeError("the lease was lost")

    harvester.keep_alive_with(lost)
    with pytest.raises(RuntimeError, match="lease was lost"):
        harvester.pause(100.0)


def test_without_a_runner_the_heartbeat_does_nothing() -> None:
    SharePointHarvester({"tenant_id": "t", "client_id": "c", "client_secret": "s"}).heartbeat()
