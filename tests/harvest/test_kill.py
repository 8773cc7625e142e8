"""A harvest process killed outright (SIGKILL: no cleanup at all) mid-run: what it wrote stays intact and
consistent, its lease is taken over at once (its holder is dead on this host), and the next run closes
the dead run, repairs the index and completes normally."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from catalogue.models import HarvestLease
from catalogue.runtime import Catalogue

from .conftest import assets
from .feed import FEEDS, Feed
from .kill_target import ITEMS, fill

TARGET = Path(__file__).with_name("kill_target.py")


@pytest.fixture
def feed_name() -> Iterator[str]:
    name = f"killed-{os.getpid()}"
    yield name
    FEEDS.pop(name, None)


def test_a_killed_harvest_process_loses_nothing(
    cat: Catalogue, tmp_path: Path, database_url: str, feed_name: str
) -> None:
    name = feed_name
    FEEDS[name] = feed = Feed(name)
    fill(feed)
    source = cat.sources.create(name, "test-feed", {"feed": name}, actor="t")
    process = subprocess.Popen(
        [sys.executable, str(TARGET), str(tmp_path / "data"), database_url, name],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while len(assets(cat, source)) < 10:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            assert time.monotonic() < deadline, "the harvest did not get going"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    written = assets(cat, source)
    assert 10 <= len(written) < ITEMS
    assert {a.lifecycle for a in written.values()} == {"active"}
    with cat.sessions() as session:
        assert session.scalar(select(HarvestLease.holder)).split(":")[1] == str(process.pid)
    assert cat.sources.runs(source.id)[0].status == "running"

    run = cat.harvest_runner().run(source)
    assert run.status == "succeeded", run.message
    assert [r.status for r in cat.sources.runs(source.id)] == ["succeeded", "failed"]
    after = assets(cat, source)
    assert len(after) == ITEMS
    assert all(after[k].id == a.id and after[k].version == 1 for k, a in written.items())
    assert cat.indexer.drift().clean
