"""The scheduler process (`catalogue scheduler`): harvests each enabled source on its cron schedule.

APScheduler 3 keeps one job per scheduled source in memory (coalesced, one instance at a time, a grace
time for late starts), rebuilt from the store every `CATALOGUE_SCHEDULER_REFRESH` seconds, so sources
added, edited or disabled in the UI are picked up without a restart. Each job calls the same runner as the
CLI, the UI and the API. Several scheduler processes may run against one store:

- a slot (one fire time of one source) is claimed in the database, so it runs once, whichever process
  fires first (`catalogue.harvest.slots`);
- a run takes the source's lease, so a slot whose source is busy (a manual harvest, a long run) waits
  for it, up to the grace time; a later slot arriving meanwhile is merged into the waiting one;
- stuck runs (their process died, or they ran past `CATALOGUE_HARVEST_TIMEOUT`) are marked failed and their
  source freed (`catalogue.harvest.stuck`);
- each process writes a heartbeat (`catalogue health --scheduler`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from catalogue.harvest.runner import SourceBusy, SourceDisabled
from catalogue.harvest.schedule import InvalidSchedule, latest_slot, parse_schedule
from catalogue.harvest.slots import SlotClaims
from catalogue.harvest.sources import SourceNotFound
from catalogue.harvest.stuck import StuckRunSweeper
from catalogue.health import HEARTBEAT_EVERY, Heartbeat, purge_old_beats
from catalogue.models import Source, utcnow
from catalogue.runtime import Catalogue

log = logging.getLogger(__name__)

HARVEST_WORKERS = 4  # sources harvested at the same time by one scheduler process
BUSY_POLL = 1.0  # seconds between tries while a slot waits for its busy source


@dataclass(frozen=True)
class ScheduledSource:
    name: str
    schedule: str
    trigger: CronTrigger


def job_id(source_id: int) -> str:
    return f"source:{source_id}"


class HarvestScheduler:
    def __init__(self, catalogue: Catalogue, *, workers: int = HARVEST_WORKERS) -> None:
        settings = catalogue.settings
        self.catalogue = catalogue
        self.grace = timedelta(seconds=max(1, settings.scheduler_misfire_grace))
        self.refresh_every = max(1, int(settings.scheduler_refresh))
        timeout = timedelta(seconds=settings.harvest_timeout) if settings.harvest_timeout else None
        self.sweeper = StuckRunSweeper(catalogue.sessions, catalogue.harvest_runner().harvest_store, timeout)
        self.claims = SlotClaims(catalogue.sessions, keep=self.grace + timedelta(hours=1))
        self.heartbeat = Heartbeat(catalogue.sessions)
        self.scheduler = BackgroundScheduler(
            executors={
                "default": ThreadPoolExecutor(workers),
                "housekeeping": ThreadPoolExecutor(1),
                "heartbeat": ThreadPoolExecutor(1),
            },
            timezone=UTC,
        )
        self.sources: dict[int, ScheduledSource] = {}
        self.stopping = threading.Event()

    # ----- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Beat, read the sources (catching up on a slot missed within the grace time), start firing."""
        self.heartbeat.start()
        self.refresh(catch_up=True)
        self.scheduler.add_job(
            self.refresh,
            "interval",
            seconds=self.refresh_every,
            id="refresh",
            executor="housekeeping",
            coalesce=True,
            max_instances=1,
        )
        self.scheduler.add_job(
            self._beat,
            "interval",
            seconds=HEARTBEAT_EVERY.total_seconds(),
            id="heartbeat",
            executor="heartbeat",
            coalesce=True,
            max_instances=1,
        )
        self.scheduler.start()
        log.info("scheduler started", extra={"sources": len(self.sources)})

    def run_forever(self) -> None:
        """Start, then wait until `stop()` (a signal handler calls it)."""
        self.start()
        while not self.stopping.wait(1.0):
            pass
        self._shutdown()

    def stop(self) -> None:
        self.stopping.set()

    def _shutdown(self) -> None:
        """No new runs start; runs under way finish (the process exits after them)."""
        self.scheduler.shutdown(wait=False)
        try:
            self.heartbeat.stop()
        except Exception as error:  # it expires on its own
            log.warning("could not remove the heartbeat: %s", type(error).__name__)
        log.info("scheduler stopped")

    def _beat(self) -> None:
        try:
            self.heartbeat.beat()
        except Exception as error:  # the store is down: health says so, the next beat tries again
            log.warning("heartbeat not written: %s", type(error).__name__)

    # ----- the jobs ----------------------------------------------------------------------------------

    def refresh(self, catch_up: bool = False) -> None:
        """Rebuild the jobs from the sources; close stuck runs; drop old claims and heartbeats."""
        try:
            self._sync(catch_up)
            self.sweeper.sweep()
            self.claims.purge()
            purge_old_beats(self.catalogue.sessions)
        except Exception:  # the store is down, say: try again at the next refresh
            log.exception("scheduler refresh failed")

    def _sync(self, catch_up: bool) -> None:
        with self.catalogue.sessions() as session:
            rows = session.execute(
                select(Source.id, Source.name, Source.schedule).where(
                    Source.enabled.is_(True), Source.schedule.is_not(None)
                )
            ).all()
        wanted: dict[int, ScheduledSource] = {}
        for source_id, name, schedule in rows:
            if not schedule:
                continue
            try:
                wanted[source_id] = ScheduledSource(name, schedule, parse_schedule(schedule))
            except InvalidSchedule as error:
                log.warning("source not scheduled: %s", error, extra={"source": name})
        for source_id in set(self.sources) - set(wanted):
            gone = self.sources.pop(source_id)
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(job_id(source_id))
            log.info("source unscheduled", extra={"source": gone.name})
        for source_id, entry in wanted.items():
            current = self.sources.get(source_id)
            if current is not None and current.schedule == entry.schedule:
                continue
            self.sources[source_id] = entry
            first = self._missed_slot(entry) if catch_up else None
            with contextlib.suppress(JobLookupError):  # a changed schedule: the job is made anew
                self.scheduler.remove_job(job_id(source_id))
            self.scheduler.add_job(
                self.fire,
                entry.trigger,
                args=[source_id],
                id=job_id(source_id),
                name=f"harvest {entry.name}",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=int(self.grace.total_seconds()),
                **({"next_run_time": first} if first else {}),
            )
            log.info("source scheduled", extra={"source": entry.name, "schedule": entry.schedule})

    def _missed_slot(self, entry: ScheduledSource) -> datetime | None:
        """At start: fire at once for a slot that passed within the grace time while no scheduler ran (if
        one did, its claim on the slot stops a second run)."""
        if latest_slot(entry.trigger, utcnow(), self.grace) is None:
            return None
        return utcnow()

    def fire(self, source_id: int) -> None:
        """One slot of one source: claim it, then harvest (waiting for a busy source, up to the grace)."""
        entry = self.sources.get(source_id)
        if entry is None:
            return
        slot = latest_slot(entry.trigger, utcnow(), self.grace)
        if slot is None or not self.claims.claim(source_id, slot):
            return  # another scheduler has this slot
        while not self.stopping.is_set():
            try:
                source = self.catalogue.sources.get(source_id)
                run = self.catalogue.harvest_runner().run(source, trigger="schedule")
            except SourceBusy:
                next_slot = self._wait_for(source_id, entry, slot)
                if next_slot is None:
                    return
                slot = next_slot
                continue
            except (SourceDisabled, SourceNotFound) as error:
                log.info("scheduled harvest not run: %s", error, extra={"source": entry.name})
                return
            except Exception:
                log.exception("scheduled harvest could not start", extra={"source": entry.name})
                return
            log.info(
                "scheduled harvest finished: %s",
                run.status,
                extra={
                    "source": entry.name,
                    "run_id": run.id,
                    "slot": slot.isoformat(),
                    "status": run.status,
                },
            )
            return

    def _wait_for(self, source_id: int, entry: ScheduledSource, slot: datetime) -> datetime | None:
        """The source is busy: the slot to try again for after a pause (a newer slot that came meanwhile
        takes the waiting one's place), or None to give up."""
        now = utcnow()
        newer = latest_slot(entry.trigger, now, self.grace)
        if newer is not None and newer > slot:
            if not self.claims.claim(source_id, newer):
                log.info(
                    "scheduled slot merged into a newer one another scheduler runs",
                    extra={"source": entry.name, "slot": slot.isoformat()},
                )
                return None
            log.info(
                "scheduled slot merged into the next while the source is busy",
                extra={"source": entry.name, "slot": slot.isoformat(), "next": newer.isoformat()},
            )
            slot = newer
        if now - slot > self.grace:
            log.warning(
                "scheduled harvest skipped: the source was busy for longer than the grace time",
                extra={"source": entry.name, "slot": slot.isoformat()},
            )
            return None
        self.stopping.wait(BUSY_POLL)
        return slot
