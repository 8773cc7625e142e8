"""Health of the processes, for load balancers and container health checks.

The web process is healthy when its store answers and its search backend answers a query; the scheduler
when it has written its heartbeat lately. Answers name the part that is down, never a host, a URL or an
error's text (those can carry hostnames and credentials): the log has the details.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session, sessionmaker

from catalogue.harvest.leases import Lease, LeaseHeld, LeaseLost
from catalogue.models import HarvestLease, utcnow
from catalogue.runtime import Catalogue
from search.backend import AccessFilter, SearchRequest

log = logging.getLogger(__name__)

OK, DOWN = "ok", "down"
HEARTBEAT_PREFIX = "scheduler:"
HEARTBEAT_EVERY = timedelta(seconds=10)
HEARTBEAT_TTL = HEARTBEAT_EVERY * 3  # two missed beats are tolerated


@dataclass(frozen=True)
class Health:
    parts: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(state == OK for state in self.parts.values())

    def as_json(self) -> dict[str, str]:
        return {"status": OK if self.ok else DOWN, **self.parts}


def check_store(catalogue: Catalogue) -> str:
    try:
        with catalogue.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("health: the store does not answer (%s)", type(error).__name__)
        return DOWN
    return OK


def check_search(catalogue: Catalogue) -> str:
    """A query that may see nothing: it goes through the backend without reading any asset."""
    try:
        catalogue.search.search(SearchRequest(access=AccessFilter(max_rank=-1), per_page=1, facet_size=1))
    except Exception as error:
        log.warning("health: the search backend does not answer (%s)", type(error).__name__)
        return DOWN
    return OK


def web_health(catalogue: Catalogue) -> Health:
    return Health({"store": check_store(catalogue), "search": check_search(catalogue)})


# ----- the scheduler's heartbeat -------------------------------------------------------------------------


def heartbeat_name(host: str | None = None, pid: int | None = None) -> str:
    return f"{HEARTBEAT_PREFIX}{host or socket.gethostname()}:{pid or os.getpid()}"


class Heartbeat:
    """A scheduler process's row in the lease table (`scheduler:<host>:<pid>`), its expiry pushed on at
    every beat; it expires when the process stops beating."""

    def __init__(self, sessions: sessionmaker[Session], ttl: timedelta = HEARTBEAT_TTL) -> None:
        self.sessions = sessions
        self.lease = Lease(sessions, heartbeat_name(), ttl)

    def start(self) -> None:
        try:
            self.lease.acquire()
        except LeaseHeld:  # a row of this host and pid is a previous process's (a restarted container's)
            with self.sessions.begin() as session:
                session.execute(delete(HarvestLease).where(HarvestLease.name == self.lease.name))
            self.lease.acquire()

    def beat(self) -> None:
        try:
            self.lease.renew(force=True)
        except LeaseLost:  # removed meanwhile (say, purged while this process was stalled): write it again
            self.start()

    def stop(self) -> None:
        self.lease.release()


def scheduler_beats(
    sessions: sessionmaker[Session], host: str | None = None, now: datetime | None = None
) -> list[str]:
    """The schedulers with a fresh heartbeat (`scheduler:<host>:<pid>`), on one host or (None) any."""
    prefix = f"{HEARTBEAT_PREFIX}{host}:" if host else HEARTBEAT_PREFIX
    with sessions() as session:
        return list(
            session.scalars(
                select(HarvestLease.name).where(
                    HarvestLease.name.startswith(prefix, autoescape=True),
                    HarvestLease.expires_at > (now or utcnow()),
                )
            )
        )


def scheduler_health(catalogue: Catalogue, anywhere: bool = False) -> Health:
    """Healthy when a scheduler on this host (or, with `anywhere`, on any host) beat lately."""
    store = check_store(catalogue)
    if store != OK:
        return Health({"store": store, "scheduler": DOWN})
    beats = scheduler_beats(catalogue.sessions, None if anywhere else socket.gethostname())
    return Health({"store": OK, "scheduler": OK if beats else DOWN})


def purge_old_beats(sessions: sessionmaker[Session], older_than: timedelta = timedelta(hours=1)) -> int:
    """Remove the heartbeats of schedulers that stopped beating long ago."""
    with sessions.begin() as session:
        result = session.execute(
            delete(HarvestLease).where(
                HarvestLease.name.startswith(HEARTBEAT_PREFIX, autoescape=True),
                HarvestLease.expires_at < utcnow() - older_than,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
