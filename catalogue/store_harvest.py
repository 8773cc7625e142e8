"""The store's harvest-side writes: change markers, "seen" stamps, and soft retirement ("gone at source").

Retirement writes only the harvested layer (`lifecycle: gone`), so curated fields are untouched and the
asset comes back to active the next time its source lists it. Like every store write, it bumps the
asset's version, records history and refreshes the search index in the same call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from catalogue.audit import record_event
from catalogue.fields import Lifecycle
from catalogue.merge import FieldChange, apply_effective
from catalogue.models import Asset, HarvestRun, Source, utcnow
from catalogue.store import Store

GONE = Lifecycle.GONE.value
CHUNK = 500


class RunNotReviewable(Exception):
    """The run has no retirement waiting for an admin's confirmation."""


@dataclass(frozen=True)
class Candidate:
    id: int
    key: str


def under(key: str, prefixes: Iterable[str]) -> bool:
    """The key is one of the prefixes or inside one of them (a prefix "" covers everything)."""
    for prefix in prefixes:
        bare = prefix.rstrip("/")
        if not bare or key == bare or key.startswith(bare + "/"):
            return True
    return False


class HarvestStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.sessions = store.sessions

    def stamp_seen(self, ids: Sequence[int], run_id: int, now: datetime | None = None) -> None:
        """Record that this run saw these assets (no version, no history)."""
        now = now or utcnow()
        with self.sessions.begin() as session:
            for start in range(0, len(ids), CHUNK):
                session.execute(
                    update(Asset)
                    .where(Asset.id.in_(ids[start : start + CHUNK]))
                    .values(last_seen_at=now, last_run_id=run_id)
                    .execution_options(synchronize_session=False)
                )

    def active_among(self, ids: Sequence[int], gaps: Iterable[str] = ()) -> list[Candidate]:
        """Those of these assets not already gone and not under a listing gap: the run's candidates
        for retirement."""
        gaps = list(gaps)
        found: list[Candidate] = []
        with self.sessions() as session:
            for start in range(0, len(ids), CHUNK):
                rows = session.execute(
                    select(Asset.id, Asset.key, Asset.harvested).where(
                        Asset.id.in_(ids[start : start + CHUNK])
                    )
                )
                found.extend(
                    Candidate(asset_id, key)
                    for asset_id, key, harvested in rows
                    if (harvested or {}).get("lifecycle") != GONE and not under(key, gaps)
                )
        return sorted(found, key=lambda c: c.id)

    def active_count(self, source_id: int) -> int:
        with self.sessions() as session:
            query = select(func.count()).where(Asset.source_id == source_id, Asset.lifecycle != GONE)
            return session.scalar(query) or 0

    def candidates(self, source_id: int, run_id: int, gaps: Iterable[str] = ()) -> list[Candidate]:
        """Assets of the source not seen since this run, not yet gone, and not under a listing gap."""
        gaps = list(gaps)
        with self.sessions() as session:
            rows = session.execute(
                select(Asset.id, Asset.key, Asset.harvested)
                .where(
                    Asset.source_id == source_id,
                    or_(Asset.last_run_id.is_(None), Asset.last_run_id < run_id),
                )
                .order_by(Asset.id)
            )
            return [
                Candidate(asset_id, key)
                for asset_id, key, harvested in rows
                if (harvested or {}).get("lifecycle") != GONE and not under(key, gaps)
            ]

    def mark_gone(self, source: Source, ids: Sequence[int], run_id: int | None) -> int:
        """Soft-retire these assets in the harvested layer; returns how many changed."""
        marked = 0
        for start in range(0, len(ids), CHUNK):
            changed: list[int] = []
            with self.sessions.begin() as session:
                for asset in session.scalars(select(Asset).where(Asset.id.in_(ids[start : start + CHUNK]))):
                    if self._mark(session, asset, source, run_id):
                        changed.append(asset.id)
            marked += len(changed)
            if self.store.indexer is not None:
                self.store.indexer.try_refresh(changed)
        return marked

    def mark_keys_gone(self, source: Source, keys: Sequence[str], run_id: int | None) -> int:
        """Soft-retire the source's assets with these keys (a change feed's deletions)."""
        ids: list[int] = []
        with self.sessions() as session:
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                query = select(Asset.id).where(Asset.source_id == source.id, Asset.key.in_(chunk))
                ids.extend(session.scalars(query))
        return self.mark_gone(source, sorted(ids), run_id)

    def _mark(self, session: Session, asset: Asset, source: Source, run_id: int | None) -> bool:
        harvested = dict(asset.harvested or {})
        if harvested.get("lifecycle") == GONE:
            return False
        change = FieldChange("lifecycle", "harvested", harvested.get("lifecycle"), GONE)
        harvested["lifecycle"] = GONE
        asset.harvested = harvested
        asset.fingerprint = None  # when it comes back, it is read again
        asset.version += 1
        asset.updated_at = utcnow()
        apply_effective(asset, self.store.scheme)
        self.store.record_changes(session, asset, [change], f"harvest:{source.name}", run_id)
        return True

    def close_interrupted(self, source_id: int) -> int:
        """Runs of the source left "running" by a process that died; only called by the lease holder."""
        with self.sessions.begin() as session:
            result = session.execute(
                update(HarvestRun)
                .where(HarvestRun.source_id == source_id, HarvestRun.status == "running")
                .values(status="failed", finished_at=utcnow(), message="interrupted before it finished")
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def confirm_retirement(self, run_id: int, actor: str) -> int:
        """An admin's confirmation of a needs-review run: retire what it found missing and has not been
        seen since. Only the source's latest run can be confirmed, once. The caller holds the lease."""
        with self.sessions() as session:
            run = session.get(HarvestRun, run_id)
            if run is None:
                raise RunNotReviewable(f"there is no run {run_id}")
            latest = session.scalar(
                select(func.max(HarvestRun.id)).where(HarvestRun.source_id == run.source_id)
            )
            source = run.source
            if not run.needs_review or run.reviewed_at is not None or run.status == "failed":
                raise RunNotReviewable(f"run {run_id} has no retirement waiting for confirmation")
            if latest != run.id:
                raise RunNotReviewable(f"run {run_id} is not the source's latest run; confirm the latest")
            gaps = list(run.gaps or [])
        ids = [c.id for c in self.candidates(source.id, run_id, gaps)]
        marked = self.mark_gone(source, ids, run_id)
        with self.sessions.begin() as session:
            run = session.get(HarvestRun, run_id)
            assert run is not None
            run.reviewed_by, run.reviewed_at = actor, utcnow()
            run.gone += marked
            record_event(
                session,
                actor,
                "harvest.confirm_retirement",
                target_type="harvest_run",
                target_id=run_id,
                source=source.name,
                gone=marked,
            )
        return marked
