"""Stuck runs: runs still marked "running" whose process died (the source's lease expired, or its holder
is a dead process on this host), or that have run longer than the harvest timeout. Both are marked
failed and their source freed, so the pages stop showing them as running and the next run can start.

A dead run is closed under the source's lease, by the same `HarvestStore.close_interrupted` the runner
uses when it starts. An overrunning run still holds the lease: its row is marked failed and the lease is
handed to a short-lived "stopped" holder. The run's own process notices at its next lease renewal (it gets
LeaseLost and stops); the stopped holder expires after that renewal is due, so no second run of the source
can start while the first might still be writing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalogue.harvest.leases import DEFAULT_TTL, STOPPED, Lease, LeaseHeld
from catalogue.harvest.report import RunStatus
from catalogue.harvest.runner import lease_name
from catalogue.models import HarvestLease, HarvestRun, utcnow
from catalogue.store_harvest import HarvestStore

log = logging.getLogger(__name__)

RUNNING = RunStatus.RUNNING.value
FAILED = RunStatus.FAILED.value


@dataclass(frozen=True)
class StuckRun:
    run_id: int
    source_id: int
    reason: str  # "interrupted" or "timeout"


class StuckRunSweeper:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        harvest_store: HarvestStore,
        timeout: timedelta | None,
        lease_ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        self.sessions, self.harvest_store = sessions, harvest_store
        self.timeout, self.lease_ttl = timeout, lease_ttl

    def sweep(self) -> list[StuckRun]:
        """Close every stuck run; returns what was closed."""
        with self.sessions() as session:
            rows = session.execute(
                select(HarvestRun.id, HarvestRun.source_id, HarvestRun.started_at).where(
                    HarvestRun.status == RUNNING
                )
            ).all()
        by_source: dict[int, list[tuple[int, datetime]]] = {}
        for run_id, source_id, started_at in rows:
            by_source.setdefault(source_id, []).append((run_id, started_at))
        closed: list[StuckRun] = []
        for source_id, runs in by_source.items():
            closed += self._sweep_source(source_id, runs)
        for stuck in closed:
            log.warning(
                "harvest run %s marked failed (%s)",
                stuck.run_id,
                "its process stopped" if stuck.reason == "interrupted" else "it ran past the harvest timeout",
                extra={"run_id": stuck.run_id, "source_id": stuck.source_id, "reason": stuck.reason},
            )
        return closed

    def _sweep_source(self, source_id: int, runs: Sequence[tuple[int, datetime]]) -> list[StuckRun]:
        lease = Lease(self.sessions, lease_name(source_id), self.lease_ttl)
        try:
            lease.acquire()  # succeeds only when the lease is free, expired, or its holder died here
        except LeaseHeld as held:
            return self._stop_overrun(source_id, runs, held.holder)
        try:
            with self.sessions() as session:  # only these: a run started after our look is not stuck
                still = set(
                    session.scalars(
                        select(HarvestRun.id).where(
                            HarvestRun.id.in_([r for r, _ in runs]), HarvestRun.status == RUNNING
                        )
                    )
                )
            if still:
                self.harvest_store.close_interrupted(source_id)
            return [StuckRun(run_id, source_id, "interrupted") for run_id in sorted(still)]
        finally:
            lease.release()

    def _stop_overrun(
        self, source_id: int, runs: Sequence[tuple[int, datetime]], holder: str
    ) -> list[StuckRun]:
        if self.timeout is None:
            return []
        now = utcnow()
        over = [run_id for run_id, started_at in runs if started_at < now - self.timeout]
        if not over:
            return []
        limit = int(self.timeout.total_seconds())
        with self.sessions.begin() as session:
            stopped = session.execute(
                update(HarvestLease)
                .where(HarvestLease.name == lease_name(source_id), HarvestLease.holder == holder)
                .values(
                    holder=(STOPPED + holder)[:300],
                    expires_at=now + self.lease_ttl / 2,  # the holder renews every third of the TTL
                )
            )
            if stopped.rowcount != 1:  # type: ignore[attr-defined]
                return []  # the run finished (or changed hands) meanwhile
            session.execute(
                update(HarvestRun)
                .where(HarvestRun.id.in_(over), HarvestRun.status == RUNNING)
                .values(
                    status=FAILED,
                    finished_at=now,
                    message=f"stopped: it ran longer than the harvest timeout of {limit} seconds",
                )
                .execution_options(synchronize_session=False)
            )
        return [StuckRun(run_id, source_id, "timeout") for run_id in over]
