"""The scheduler's parts on SQLite and PostgreSQL: cron schedules, slot claims, stuck runs, the jobs rebuilt
from the sources, firing a slot, and the heartbeat."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from catalogue.cli import main
from catalogue.harvest.leases import Lease, LeaseHeld
from catalogue.harvest.runner import SourceBusy, lease_name
from catalogue.harvest.schedule import InvalidSchedule, latest_slot, next_run, normalise, parse_schedule
from catalogue.harvest.scheduler import HarvestScheduler, job_id
from catalogue.harvest.slots import SlotClaims
from catalogue.harvest.sources import InvalidSource
from catalogue.harvest.stuck import StuckRunSweeper
from catalogue.health import Heartbeat, scheduler_beats, scheduler_health
from catalogue.models import HarvestLease, Source
from catalogue.runtime import Catalogue

from .feed import Feed

# ----- schedules ----------------------------------------------------------------------------------------


def test_cron_weekdays_are_cron_numbers_not_apschedulers() -> None:
    monday_noon = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)  # a Monday, in GMT (UK time = UTC in March)
    assert next_run("0 9 * * 0", monday_noon) == datetime(2024, 3, 10, 9, 0, tzinfo=UTC)  # Sunday
    assert next_run("0 9 * * 7", monday_noon) == datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
    assert next_run("0 9 * * 1-5", monday_noon) == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert next_run("0 9 * * 0-1", monday_noon) == datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
    assert next_run("0 13 * * mon", monday_noon) == datetime(2024, 3, 4, 13, 0, tzinfo=UTC)


def test_schedules_are_uk_time_and_may_have_seconds() -> None:
    summer = datetime(2024, 7, 1, 0, 0, tzinfo=UTC)
    assert next_run("0 2 * * *", summer) == datetime(2024, 7, 1, 1, 0, tzinfo=UTC)  # 2am BST
    assert next_run("*/15 * * * * *", summer) == summer
    assert normalise("  0  2 * *   * ") == "0 2 * * *"
    assert normalise("") is None
    for bad in ("0 2 * *", "0 2 * * * * *", "61 * * * *", "0 2 * * 9", "every day"):
        with pytest.raises(InvalidSchedule):
            parse_schedule(bad)


def test_the_latest_slot_is_the_last_fire_time_not_after_now() -> None:
    trigger = parse_schedule("*/4 * * * * *")
    now = datetime(2024, 3, 4, 12, 0, 9, 500000, tzinfo=UTC)
    assert latest_slot(trigger, now, timedelta(hours=1)) == datetime(2024, 3, 4, 12, 0, 8, tzinfo=UTC)
    nightly = parse_schedule("0 2 * * *")
    assert latest_slot(nightly, now, timedelta(hours=1)) is None  # 2am is more than an hour ago
    assert latest_slot(nightly, now, timedelta(days=1)) == datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def test_the_service_refuses_a_bad_schedule(cat: Catalogue, feed: Feed) -> None:
    with pytest.raises(InvalidSource) as refused:
        cat.sources.create("feed", "test-feed", {"feed": feed.name}, "t", schedule="0 2 31 2 * *")
    assert "schedule" in refused.value.details
    source = cat.sources.create("feed", "test-feed", {"feed": feed.name}, "t", schedule="0  2 * * 1-5")
    assert source.schedule == "0 2 * * 1-5"


# ----- slot claims and stuck runs ------------------------------------------------------------------------


def test_a_slot_is_claimed_once_across_claimants(cat: Catalogue) -> None:
    slot = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)
    first, second = SlotClaims(cat.sessions, timedelta(hours=1)), SlotClaims(cat.sessions, timedelta(hours=1))
    assert first.claim(7, slot)
    assert not second.claim(7, slot)
    assert second.claim(8, slot)  # another source
    assert second.claim(7, slot + timedelta(days=1))  # another slot
    assert first.purge(now=slot + timedelta(minutes=30)) == 0
    assert first.purge(now=slot + timedelta(hours=2)) == 2  # the claims of the first day only
    assert first.claim(7, slot)  # purged: claimable again (long after any scheduler could fire it)


def test_a_run_whose_process_died_is_failed_and_its_source_freed(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    feed.put("a.txt")
    prepared = cat.harvest_runner().start(source)
    with cat.sessions.begin() as session:  # its holder: a process of this host that no longer runs
        session.execute(
            update(HarvestLease)
            .where(HarvestLease.name == lease_name(source.id))
            .values(holder=f"{socket.gethostname()}:999999999:dead")
        )
    sweeper = StuckRunSweeper(cat.sessions, cat.harvest_runner().harvest_store, timeout=None)
    closed = sweeper.sweep()
    assert [(s.run_id, s.reason) for s in closed] == [(prepared.run_id, "interrupted")]
    run = cat.sources.run(prepared.run_id)
    assert (run.status, run.message) == ("failed", "interrupted before it finished")
    with cat.sessions() as session:
        assert session.scalar(select(HarvestLease).where(HarvestLease.name == lease_name(source.id))) is None
    assert sweeper.sweep() == []
    assert cat.harvest_runner().run(source).status == "succeeded"


def test_a_live_run_is_left_alone_until_it_passes_the_timeout(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    feed.put("a.txt")
    ttl = timedelta(seconds=1.5)
    prepared = cat.harvest_runner(lease_ttl=ttl).start(source)
    patient = StuckRunSweeper(cat.sessions, cat.harvest_runner().harvest_store, timedelta(hours=1), ttl)
    assert patient.sweep() == []
    assert cat.sources.run(prepared.run_id).status == "running"

    strict = StuckRunSweeper(cat.sessions, cat.harvest_runner().harvest_store, timedelta(0), ttl)
    assert [(s.run_id, s.reason) for s in strict.sweep()] == [(prepared.run_id, "timeout")]
    run = cat.sources.run(prepared.run_id)
    assert run.status == "failed"
    assert "harvest timeout" in run.message
    with pytest.raises(SourceBusy):  # until the run's process has had its chance to notice
        cat.harvest_runner(lease_ttl=ttl).start(source)
    time.sleep(ttl.total_seconds() / 3 + 0.05)
    finished = prepared.execute()  # it renews its lease, finds it lost, and stops without writing
    assert finished.status == "failed"
    assert finished.message == "stopped: it ran longer than the harvest timeout"
    assert finished.added == 0
    time.sleep(ttl.total_seconds() / 2)
    assert cat.harvest_runner(lease_ttl=ttl).run(source).status == "succeeded"


def test_harvest_now_from_the_cli_respects_the_lease(
    cat: Catalogue, source: Source, feed: Feed, tmp_path: Path, database_url: str
) -> None:
    feed.put("a.txt")
    env = {
        "CATALOGUE_DATA_DIR": str(tmp_path / "data"),
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_SECRET_KEY": "test-instance-key",
    }
    under_way = cat.harvest_runner().start(source, trigger="schedule")
    refused = CliRunner().invoke(main, ["harvest", source.name], env=env)
    assert refused.exit_code == 1
    assert "already running" in refused.output
    under_way.execute()
    done = CliRunner().invoke(main, ["harvest", source.name], env=env)
    assert done.exit_code == 0, done.output
    assert [r.trigger for r in cat.sources.runs(source.id)] == ["manual", "schedule"]
    cat.sources.edit(source.id, "t", schedule="0 2 * * *")
    shown = CliRunner().invoke(main, ["sources", "show", source.name], env=env)
    assert "schedule: 0 2 * * *" in shown.output
    assert "next harvest: " in shown.output


# ----- the scheduler's jobs ------------------------------------------------------------------------------


def test_jobs_follow_the_sources(cat: Catalogue, feed: Feed) -> None:
    scheduler = HarvestScheduler(cat)
    plain = cat.sources.create("plain", "test-feed", {"feed": feed.name}, "t")
    nightly = cat.sources.create("nightly", "test-feed", {"feed": feed.name}, "t", schedule="0 2 * * *")
    scheduler.refresh()
    assert scheduler.scheduler.get_job(job_id(plain.id)) is None
    job = scheduler.scheduler.get_job(job_id(nightly.id))
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
    assert str(job.trigger) == str(parse_schedule("0 2 * * *"))

    cat.sources.edit(nightly.id, "t", schedule="30 6 * * 1-5")
    cat.sources.edit(plain.id, "t", schedule="0 3 * * *")
    scheduler.refresh()
    assert str(scheduler.scheduler.get_job(job_id(nightly.id)).trigger) == str(parse_schedule("30 6 * * 1-5"))
    assert scheduler.scheduler.get_job(job_id(plain.id)) is not None

    cat.sources.edit(nightly.id, "t", enabled=False)
    cat.sources.edit(plain.id, "t", schedule="")
    scheduler.refresh()
    assert scheduler.scheduler.get_jobs() == []


def test_a_fired_slot_runs_once_and_waits_for_a_busy_source(cat: Catalogue, feed: Feed) -> None:
    feed.put("a.txt")
    source = cat.sources.create("feed", "test-feed", {"feed": feed.name}, "t", schedule="*/4 * * * * *")
    first, second = HarvestScheduler(cat), HarvestScheduler(cat)
    first.refresh()
    second.refresh()
    wait_for_slot_start()
    first.fire(source.id)
    second.fire(source.id)  # the same slot, from another scheduler: not run again
    assert [(r.trigger, r.status) for r in cat.sources.runs(source.id)] == [("schedule", "succeeded")]

    wait_for_slot_start()
    manual = cat.harvest_runner().start(source)  # a manual harvest holds the source
    waiting = threading.Thread(target=second.fire, args=(source.id,))
    waiting.start()
    time.sleep(1.0)
    assert waiting.is_alive()
    assert len(cat.sources.runs(source.id)) == 2
    manual.execute()
    waiting.join(timeout=10)
    runs = cat.sources.runs(source.id)
    assert [r.trigger for r in runs] == ["schedule", "manual", "schedule"]
    assert runs[0].started_at >= runs[1].finished_at


def wait_for_slot_start() -> None:
    """Until just after a */4 seconds slot, so that a test's steps fall within one slot."""
    now = datetime.now(UTC)
    time.sleep(4 - (now.second % 4) - now.microsecond / 1e6 + 0.05)


# ----- heartbeat -----------------------------------------------------------------------------------------


def test_the_heartbeat_says_whether_a_scheduler_runs_here(cat: Catalogue) -> None:
    assert not scheduler_health(cat).ok
    beat = Heartbeat(cat.sessions, ttl=timedelta(seconds=30))
    beat.start()
    assert scheduler_beats(cat.sessions, socket.gethostname()) == [beat.lease.name]
    assert scheduler_health(cat).as_json() == {"status": "ok", "store": "ok", "scheduler": "ok"}
    assert scheduler_beats(cat.sessions, "another-host") == []
    assert scheduler_beats(cat.sessions, now=datetime.now(UTC) + timedelta(seconds=31)) == []  # gone stale
    beat.beat()
    with pytest.raises(LeaseHeld):  # one row per process
        Lease(cat.sessions, beat.lease.name).acquire()
    again = Heartbeat(cat.sessions)  # the same host and pid: a restarted process takes the row over
    again.start()
    beat.beat()  # the old holder's row was taken: it writes its beat again rather than failing
    assert scheduler_beats(cat.sessions) == [beat.lease.name]
    beat.stop()
    assert scheduler_health(cat).as_json() == {"status": "down", "store": "ok", "scheduler": "down"}
