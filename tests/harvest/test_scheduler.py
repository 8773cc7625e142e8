"""Two real `catalogue scheduler` processes against one store (SQLite and PostgreSQL), a source scheduled
every 4 seconds whose harvest takes about 1.5 s, and manual harvests through the API: every slot runs
once, every accepted trigger once, and no two runs of the source ever overlap."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from catalogue.harvest.registry import REGISTRY
from catalogue.models import HarvestRun
from catalogue.runtime import Catalogue

from .conftest import ADMIN
from .slow import SlowHarvester

TARGET = Path(__file__).with_name("scheduler_target.py")
PERIOD = 4  # seconds between slots
SCHEDULE = f"*/{PERIOD} * * * * *"


@pytest.fixture(autouse=True)
def slow_kind() -> Iterator[None]:
    REGISTRY.register(SlowHarvester)
    yield
    REGISTRY.unregister(SlowHarvester.kind)


def scheduler_env(data: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CATALOGUE_DATA_DIR": str(data),
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_SECRET_KEY": "test-instance-key",
        "CATALOGUE_LOG_FORMAT": "json",
        "CATALOGUE_SCHEDULER_REFRESH": "2",
    }


def wait_until(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def runs(cat: Catalogue, source_id: int) -> list[HarvestRun]:
    return sorted(cat.sources.runs(source_id, limit=200), key=lambda r: r.id)


def log_entries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def next_slot_after(moment: datetime) -> datetime:
    seconds = (moment.second // PERIOD + 1) * PERIOD
    return moment.replace(second=0, microsecond=0) + timedelta(seconds=seconds)


def test_two_schedulers_run_each_slot_once_and_never_overlap(
    cat: Catalogue, client: FlaskClient, tmp_path: Path, database_url: str
) -> None:
    source = cat.sources.create("slow", "test-slow", {"items": 15, "delay": 0.1}, "test", schedule=SCHEDULE)
    env = scheduler_env(tmp_path / "data", database_url)
    logs = [tmp_path / f"scheduler-{n}.log" for n in (1, 2)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(TARGET)], env=env, stdout=subprocess.DEVNULL, stderr=log.open("w")
        )
        for log in logs
    ]
    try:
        # a manual trigger while a scheduled run is under way is refused
        wait_until("a scheduled run", lambda: any(r.status == "running" for r in runs(cat, source.id)))
        busy = client.post(f"/api/v1/sources/{source.id}/runs", headers=ADMIN)
        assert busy.status_code == 409, busy.get_data(as_text=True)
        assert busy.get_json()["error"]["code"] == "busy"

        health = subprocess.run(
            [sys.executable, "-m", "catalogue.cli", "health", "--scheduler"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert health.returncode == 0, health.stdout + health.stderr
        assert json.loads(health.stdout) == {"status": "ok", "store": "ok", "scheduler": "ok"}

        # a manual run that covers the next slot: that slot waits for it, then runs once
        for _attempt in range(3):  # a loaded machine may start it too late, after the slot's own run
            wait_until(
                "the scheduled run to finish",
                lambda: all(r.status != "running" for r in runs(cat, source.id)),
            )
            slot = next_slot_after(datetime.now(UTC) + timedelta(seconds=1.5))  # time to start the run
            time.sleep(max(0.0, (slot - datetime.now(UTC)).total_seconds() - 0.8))
            manual = client.post(f"/api/v1/sources/{source.id}/runs", headers=ADMIN)
            if manual.status_code != 409:
                break
        assert manual.status_code == 202, manual.get_data(as_text=True)
        manual_id = manual.get_json()["id"]

        # one more slot after the one that waited
        after = slot + timedelta(seconds=PERIOD)
        wait_until(
            "the slots after the manual run",
            lambda: [r for r in runs(cat, source.id) if r.started_at >= after and r.finished_at],
            timeout=25,
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                raise

    assert [p.returncode for p in processes] == [0, 0], [log.read_text()[-2000:] for log in logs]
    entries = [(n, e) for n, log in enumerate(logs) for e in log_entries(log)]
    assert all(any(e["message"] == "scheduler started" for m, e in entries if m == n) for n in (0, 1))
    stopped = subprocess.run(
        [sys.executable, "-m", "catalogue.cli", "health", "--scheduler"],
        env=env,
        capture_output=True,
        timeout=30,
    )
    assert stopped.returncode == 1  # both stopped: their heartbeats are gone

    all_runs = runs(cat, source.id)
    assert all(r.status == "succeeded" for r in all_runs), [(r.id, r.status, r.message) for r in all_runs]
    # never two runs of the source at once
    for earlier, later in itertools.pairwise(all_runs):
        assert earlier.finished_at is not None
        assert later.started_at >= earlier.finished_at, (earlier.id, later.id)
    # the manual trigger ran once, the refused one not at all
    assert [r.id for r in all_runs if r.trigger == "api"] == [manual_id]
    # every scheduled run is one slot, each slot ran once (in either process), and no slot was missed
    finished = [e for _, e in entries if e["message"].startswith("scheduled harvest finished")]
    scheduled = [r.id for r in all_runs if r.trigger == "schedule"]
    assert sorted(e["run_id"] for e in finished) == scheduled
    slots = sorted(datetime.fromisoformat(e["slot"]) for e in finished)
    assert len(set(slots)) == len(slots), slots
    assert all(b - a == timedelta(seconds=PERIOD) for a, b in itertools.pairwise(slots)), slots
    assert slot in slots
    assert after in slots
    # the slot the manual run covered started after the manual run had finished
    manual_run = next(r for r in all_runs if r.id == manual_id)
    waited = next(e["run_id"] for e in finished if datetime.fromisoformat(e["slot"]) == slot)
    assert next(r for r in all_runs if r.id == waited).started_at >= manual_run.finished_at
