"""The harvest runner: takes the source's lease, records a run, lists the source, reads what changed,
merges it into the store in batches (which indexes it), records item errors, and, only after a complete
listing, marks what the source no longer has as gone at source, unless that looks like a mistake.

Nothing is lost: every batch is its own transaction, so a run that stops at any point leaves every asset
it did not reach as it was; a stopped run retires nothing; the next run of the source closes the stopped
one, repairs the search index if needed, and completes normally.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from marshmallow import ValidationError
from sqlalchemy import select

from catalogue.harvest import checkpoints, secrets
from catalogue.harvest.known import KnownItems
from catalogue.harvest.leases import DEFAULT_TTL, Lease, LeaseHeld, LeaseLost
from catalogue.harvest.registry import REGISTRY, HarvesterUnavailable, Registry, UnknownKind
from catalogue.harvest.report import ErrorGroups, Progress, RunStatus
from catalogue.harvest.rules import RuleSet
from catalogue.indexer import IndexBatcher
from catalogue.merge import InvalidValue, clean_layer
from catalogue.models import HarvestRun, Source, utcnow
from catalogue.store import Store
from catalogue.store_harvest import HarvestStore, RunNotReviewable
from harvesters.base import (
    Deleted,
    Harvester,
    ItemError,
    ItemRef,
    ItemRefs,
    ListingGap,
    Record,
    SourceError,
)
from search.backend import SearchError

if TYPE_CHECKING:
    from datetime import timedelta

    from catalogue.runtime import Catalogue

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]


class SourceBusy(Exception):
    """A run of this source is already under way (another process or thread holds its lease)."""


class SourceDisabled(Exception):
    """The source is disabled: enable it to harvest it."""


def lease_name(source_id: int) -> str:
    return f"harvest:source:{source_id}"


class Reading(NamedTuple):
    refs: list[ItemRef]
    outcomes: Iterator[Record | ItemError]


@dataclass
class _State:
    progress: Progress = field(default_factory=Progress)
    errors: ErrorGroups = field(default_factory=ErrorGroups)
    gaps: list[str] = field(default_factory=list)
    refs: list[ItemRef] = field(default_factory=list)  # listed, waiting to be compared
    changed: list[ItemRef] = field(default_factory=list)  # compared, waiting to be read
    reading: Reading | None = None  # a batch whose reading has started, its outcomes not yet taken
    records: list[Record] = field(default_factory=list)  # read, waiting to be written
    known: KnownItems | None = None  # what the store holds for the source; ticks off what is listed
    secret_values: list[str] = field(default_factory=list)
    deleted: dict[str, None] = field(default_factory=dict)  # a change feed's deletions, in order
    batcher: IndexBatcher | None = None  # index updates waiting for one larger write
    needs_review: bool = False
    message: str = ""


class HarvestRunner:
    def __init__(
        self,
        store: Store,
        box: secrets.SecretBox,
        registry: Registry = REGISTRY,
        retire_limit: float = 0.10,
        batch_size: int = 1000,
        read_ahead: int = 5,
        index_batch: int = 10_000,
        index_seconds: float = 10.0,
        lease_ttl: timedelta = DEFAULT_TTL,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.store, self.box, self.registry = store, box, registry
        self.harvest_store = HarvestStore(store)
        self.retire_limit, self.batch_size, self.lease_ttl = retire_limit, batch_size, lease_ttl
        # write batches' worth of changed refs handed at once to a harvester that reads in parallel, so
        # that it reads ahead while this process stores what came back
        self.read_ahead = max(read_ahead, 1)
        self.index_batch, self.index_seconds = index_batch, index_seconds
        self.environ = environ

    @classmethod
    def of(cls, catalogue: Catalogue, **options: Any) -> HarvestRunner:
        options.setdefault("retire_limit", catalogue.settings.retire_limit)
        return cls(catalogue.store, catalogue.secret_box, **options)

    def run(
        self,
        source: Source,
        *,
        full: bool = False,
        trigger: str = "manual",
        progress: ProgressCallback | None = None,
    ) -> HarvestRun:
        """Harvest one source now. Raises SourceBusy or SourceDisabled before starting; otherwise the
        outcome is in the returned run (a source failure is a failed run, not an exception)."""
        return self.start(source, full=full, trigger=trigger).execute(progress)

    def start(self, source: Source, *, full: bool = False, trigger: str = "manual") -> PreparedRun:
        """Take the source's lease and record the run (status running); `execute` does the work."""
        source = self._current(source)
        if not source.enabled:
            raise SourceDisabled(f"source {source.name} is disabled; enable it to harvest it")
        lease = Lease(self.store.sessions, lease_name(source.id), self.lease_ttl)
        try:
            lease.acquire()
        except LeaseHeld:
            raise SourceBusy(f"a harvest of {source.name} is already running") from None
        try:
            repair = self.harvest_store.close_interrupted(source.id) > 0 or self._last_failed(source.id)
            with self.store.sessions.begin() as session:
                run = HarvestRun(
                    source_id=source.id, status=RunStatus.RUNNING.value, trigger=trigger, full=full
                )
                session.add(run)
                session.flush()
                run_id = run.id
        except BaseException:
            lease.release()
            raise
        return PreparedRun(self, source, run_id, lease, full, repair_index=repair)

    def _current(self, source: Source) -> Source:
        """The source as stored now: an edit made after the caller loaded it (a rule, a default, enabled)
        applies to this run."""
        with self.store.sessions() as session:
            current = session.get(Source, source.id)
            if current is None:
                raise SourceDisabled(f"source {source.name} no longer exists")
            return current

    def confirm_retirement(self, run_id: int, actor: str) -> int:
        """An admin confirms what a needs-review run held back: those assets are marked gone now (under
        the source's lease, so no harvest runs meanwhile). Raises RunNotReviewable, SourceBusy."""
        with self.store.sessions() as session:
            source_id = session.scalar(select(HarvestRun.source_id).where(HarvestRun.id == run_id))
        if source_id is None:
            raise RunNotReviewable(f"there is no run {run_id}")
        lease = Lease(self.store.sessions, lease_name(source_id), self.lease_ttl)
        try:
            lease.acquire()
        except LeaseHeld:
            raise SourceBusy("a harvest of this source is running; confirm when it has finished") from None
        try:
            return self.harvest_store.confirm_retirement(run_id, actor)
        finally:
            lease.release()

    def _last_failed(self, source_id: int) -> bool:
        """A failed run may have stopped between writing a batch and indexing it."""
        with self.store.sessions() as session:
            status = session.scalar(
                select(HarvestRun.status)
                .where(HarvestRun.source_id == source_id)
                .order_by(HarvestRun.id.desc())
                .limit(1)
            )
        return status == RunStatus.FAILED.value


@dataclass
class PreparedRun:
    runner: HarvestRunner
    source: Source
    run_id: int
    lease: Lease
    full: bool
    repair_index: bool = False

    def __post_init__(self) -> None:
        self.marker_suffix = self._marker_suffix(record_version=1)  # set again once the harvester loads
        self.rules = RuleSet(self.source.rules or [])

    def _marker_suffix(self, record_version: int) -> str:
        settings: dict[str, Any] = {
            "config": self.source.config,
            "defaults": self.source.defaults,
            "rules": self.source.rules,
        }
        if record_version != 1:  # version 1 leaves the digest as it was before versions existed
            settings["record_version"] = record_version
        encoded = json.dumps(settings, sort_keys=True, default=str).encode()
        return "|" + hashlib.sha256(encoded).hexdigest()[:16]

    def _marker(self, fingerprint: str) -> str:
        """The change marker stored with an item: the source's own marker plus a digest of this source's
        config, defaults, rules and the harvester's record version, so changing a rule or upgrading what
        the harvester records re-reads (and re-rules) everything once."""
        return fingerprint + self.marker_suffix if fingerprint else ""

    def execute(self, progress: ProgressCallback | None = None) -> HarvestRun:
        state = _State()
        try:
            with fewer_collections():
                status, message = self._outcome(state, progress)
            self._finish(state, status, message)
        except BaseException:  # killed (Ctrl+C, a signal): record what we can, free the source, go on dying
            self._finish_quietly(state)
            raise
        finally:
            self._release()
        return self._reload()

    # ----- the run -----------------------------------------------------------------------------------

    def _outcome(self, state: _State, progress: ProgressCallback | None) -> tuple[RunStatus, str]:
        try:
            self._repair_index()
            harvester = self._harvester(state)
            self._resume(harvester, state)
            state.batcher = self._batcher()
            harvester.keep_alive_with(self.lease.renew)
            try:
                self._harvest(harvester, state, progress)
                complete, checkpoint = harvester.listing_is_complete(), harvester.checkpoint()
            finally:
                _close(harvester)
                if state.batcher is not None:  # what was written is indexed, even after a source error
                    state.batcher.flush()
            state.progress.phase = "retiring"
            if complete:
                self._retire(state)
            else:  # a change feed listed only changes: what it did not name is unchanged, not gone
                self._mark_deleted(state)
            self._keep_checkpoint(checkpoint, state)
        except SourceError as error:
            return RunStatus.FAILED, self._redact(state, str(error)) or "the source could not be read"
        except LeaseLost as error:
            return RunStatus.FAILED, str(error)
        except Exception as error:  # a bug here or in a harvester: the run fails, what it wrote stands
            text = self._redact(state, f"{type(error).__name__}: {error}")
            log.error("harvest of %s failed unexpectedly: %s", self.source.name, text)
            return RunStatus.FAILED, f"unexpected error: {text}"
        if state.progress.failed or state.gaps:
            return RunStatus.PARTIAL, state.message
        return RunStatus.SUCCEEDED, state.message

    def _batcher(self) -> IndexBatcher | None:
        indexer = self.runner.store.indexer
        if indexer is None:
            return None
        return IndexBatcher(indexer, self.runner.index_batch, self.runner.index_seconds)

    def _repair_index(self) -> None:
        """The last run of this source failed or was stopped: it may have written a batch without indexing
        it, and the items of that batch will not be written (so not indexed) again while unchanged."""
        indexer = self.runner.store.indexer
        if not self.repair_index or indexer is None:
            return
        try:
            report = indexer.drift()
            if not report.clean:
                indexer.repair(report)
        except SearchError as error:
            log.warning("search index not repaired (run `catalogue reindex --repair`): %s", error)

    def _harvester(self, state: _State) -> Harvester:
        try:
            cls = self.runner.registry.load(self.source.kind)
        except (UnknownKind, HarvesterUnavailable) as error:
            raise SourceError(str(error)) from None
        self.marker_suffix = self._marker_suffix(cls.record_version)
        names = secrets.secret_fields(cls.config_schema)
        try:
            clear, state.secret_values = secrets.resolve(
                self.source.config or {}, names, self.runner.box, self.runner.environ
            )
        except secrets.SecretError as error:
            raise SourceError(str(error)) from None
        try:
            config = cls.config_schema().load(clear)
        except ValidationError as error:
            raise SourceError(f"the source's configuration cannot be used: {error.messages}") from None
        return cls(config)

    def _harvest(self, harvester: Harvester, state: _State, progress: ProgressCallback | None) -> None:
        state.known = KnownItems.load(self.runner.store.sessions, self.source.id)
        renew, batch_size, counts = self.lease.renew, self.runner.batch_size, state.progress  # per item
        read_batch = batch_size * (self.runner.read_ahead if harvester.reads_ahead else 1)
        for listed in harvester.list_batches():
            renew()
            if isinstance(listed, ItemRefs | ItemRef):  # a run of refs (a folder's entries) or one
                refs = listed if isinstance(listed, ItemRefs) else (listed,)
                if state.deleted:
                    for ref in refs:
                        state.deleted.pop(ref.key, None)  # deleted, then back (from the recycle bin)
                counts.listed += len(refs)
                state.refs.extend(refs)
                if len(state.refs) >= batch_size:
                    self._compare(state)
                    if len(state.changed) >= read_batch:
                        self._read(harvester, state, ahead=harvester.reads_ahead)
            elif isinstance(listed, Record):
                state.deleted.pop(listed.key, None)
                state.progress.listed += 1
                self._read(harvester, state)  # earlier refs first: parents before children
                self._queue(listed, state)
            elif isinstance(listed, ListingGap):
                state.gaps.append(listed.key_prefix)
                state.errors.add(f"could not list: {self._redact(state, listed.message)}", listed.key_prefix)
            elif isinstance(listed, Deleted):  # after a complete listing, retired as not seen
                state.deleted[listed.key] = None
            else:
                raise TypeError(f"list_batches yielded {type(listed).__name__}")
            if progress:
                progress(state.progress)
        self._read(harvester, state)
        self._write(state)
        if progress:
            progress(state.progress)

    def _compare(self, state: _State) -> None:
        """Compare the listed refs' change markers with the stored ones. What changed waits to be read in
        larger batches (a harvester reading in worker processes reads ahead while this one stores); the
        unchanged refs are dropped at once, so an unchanged re-harvest keeps no more than a batch alive."""
        refs, state.refs = state.refs, []
        changed = self._known(state).tick_changed(refs, self.marker_suffix, compare=not self.full)
        state.changed.extend(changed)
        state.progress.unchanged += len(refs) - len(changed)

    def _read(self, harvester: Harvester, state: _State, *, ahead: bool = False) -> None:
        """Compare what is still waiting, then read everything that changed. With `ahead`, the reading of
        this batch starts and the outcomes of the one started before it are taken: a harvester that reads
        in worker processes reads the next batch while this process stores the last. Without it, every
        batch started is taken, in order (parents before children)."""
        self._compare(state)
        changed, state.changed = state.changed, []
        started = Reading(changed, harvester.read_items(changed)) if changed else None
        earlier, state.reading = state.reading, started if ahead else None
        if earlier is not None:
            self._take(earlier, state)
        if started is not None and not ahead:
            self._take(started, state)

    def _take(self, reading: Reading, state: _State) -> None:
        for ref, record in zip(reading.refs, reading.outcomes, strict=True):
            self.lease.renew()
            if isinstance(record, ItemError):
                self._item_failed(state, record.key or ref.key, record.message)
                continue
            state.progress.read += 1
            if not record.fingerprint and ref.fingerprint:
                record = replace(record, fingerprint=ref.fingerprint)
            self._queue(record, state)

    def _queue(self, record: Record, state: _State) -> None:
        """Rules and defaults applied and the values validated here, once: a bad value fails this item
        alone, and the store takes the layer as it is."""
        self._known(state).see(record.key)
        fields = self.rules.apply(record.key, record.fields)
        try:
            layer = clean_layer({**(self.source.defaults or {}), **fields}, self.runner.store.scheme)
        except InvalidValue as error:
            self._item_failed(state, record.key, str(error))
            return
        for warning in record.warnings:
            state.errors.add(f"warning: {self._redact(state, warning)}", record.key)
        state.records.append(replace(record, fields=layer, fingerprint=self._marker(record.fingerprint)))
        if len(state.records) >= self.runner.batch_size:
            self._write(state)

    def _item_failed(self, state: _State, key: str, message: str) -> None:
        state.progress.failed += 1
        state.errors.add(self._redact(state, message), key)
        self._known(state).see(key)  # it is still there at source: never retire it for a failed read

    def _write(self, state: _State) -> None:
        records, state.records = state.records, []
        if records:
            counts = self.runner.store.apply_records(
                self.source, records, self.run_id, len(records), cleaned=True, batcher=state.batcher
            )
            state.progress.added += counts.added
            state.progress.updated += counts.updated
            state.progress.unchanged += counts.unchanged

    @staticmethod
    def _known(state: _State) -> KnownItems:
        assert state.known is not None, "loaded when the listing starts"
        return state.known

    def _resume(self, harvester: Harvester, state: _State) -> None:
        """Hand the harvester the last successful run's checkpoint (none on a full run)."""
        stored = {} if self.full else checkpoints.load(self.source.state, self.runner.box)
        state.secret_values.extend(checkpoints.secret_strings(stored))
        harvester.resume_from(stored)

    def _keep_checkpoint(self, checkpoint: Mapping[str, Any] | None, state: _State) -> None:
        """Every record of the run is committed by now: store the harvester's new checkpoint."""
        if checkpoint is None:
            return
        state.secret_values.extend(checkpoints.secret_strings(checkpoint))
        checkpoints.save(self.runner.store.sessions, self.source.id, checkpoint, self.runner.box, self.run_id)

    def _mark_deleted(self, state: _State) -> None:
        """After an incremental listing: exactly the items the change feed reported deleted are gone."""
        if state.deleted:
            state.progress.gone += self.runner.harvest_store.mark_keys_gone(
                self.source, list(state.deleted), self.run_id
            )

    def _retire(self, state: _State) -> None:
        """After a complete listing: mark what was not seen as gone, unless that looks like a mistake."""
        store = self.runner.harvest_store
        known = self._known(state)
        candidates = store.active_among(known.unseen_ids(), state.gaps)
        if not candidates:
            return
        if state.progress.listed == 0 or len(candidates) / max(store.active_count(self.source.id), 1) > (
            self.runner.retire_limit
        ):
            # Held back for an admin: stamp what this run saw, so that a confirmation later retires
            # exactly what it did not see (and nothing listed since).
            store.stamp_seen(known.seen_ids(), self.run_id)
        if state.progress.listed == 0:
            state.needs_review = True
            state.message = (
                f"The source listed nothing: {len(candidates)} assets were not marked gone. "
                "Check the source; an admin can confirm the retirement."
            )
            return
        active = store.active_count(self.source.id)
        share = len(candidates) / active if active else 1.0
        if share > self.runner.retire_limit:
            state.needs_review = True
            state.message = (
                f"{len(candidates)} of {active} assets ({share:.0%}) were not found at source, more than "
                f"the limit of {self.runner.retire_limit:.0%}: none marked gone. "
                "An admin can confirm the retirement."
            )
            return
        state.progress.gone += store.mark_gone(self.source, [c.id for c in candidates], self.run_id)

    # ----- finishing ---------------------------------------------------------------------------------

    def _finish(self, state: _State, status: RunStatus, message: str) -> None:
        counts = state.progress
        with self.runner.store.sessions.begin() as session:
            run = session.get(HarvestRun, self.run_id)
            assert run is not None
            run.status, run.message, run.finished_at = status.value, message, utcnow()
            run.added, run.updated, run.unchanged = counts.added, counts.updated, counts.unchanged
            run.gone, run.failed = counts.gone, counts.failed
            run.needs_review = state.needs_review and status is not RunStatus.FAILED
            run.gaps = list(state.gaps)
            session.add_all(state.errors.rows(self.run_id))

    def _finish_quietly(self, state: _State) -> None:
        try:
            self._finish(state, RunStatus.FAILED, "interrupted before it finished")
        except Exception as error:  # the next run closes it instead
            log.warning("could not record the end of run %s: %s", self.run_id, error)

    def _release(self) -> None:
        try:
            self.lease.release()
        except Exception as error:  # it expires on its own
            log.warning("could not release the lease of %s: %s", self.source.name, error)

    def _reload(self) -> HarvestRun:
        from sqlalchemy.orm import selectinload

        with self.runner.store.sessions() as session:
            run = session.scalar(
                select(HarvestRun)
                .where(HarvestRun.id == self.run_id)
                .options(selectinload(HarvestRun.errors))
            )
            assert run is not None
            return run

    def _redact(self, state: _State, text: str) -> str:
        return secrets.redact(text, state.secret_values)


_collections_lock = threading.Lock()
_collections_held = 0
_collections_before: tuple[int, int, int] | None = None
YOUNG_COLLECTION_EVERY = 50_000  # allocations between collections of the youngest generation (Python: 700)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while harvesting.

    A listing allocates hundreds of thousands of short-lived refs, none in a reference cycle. With Python's
    default thresholds the collector scans the young objects every 700 allocations, and the older ones
    every hundred of those scans, which cost an unchanged re-harvest of a large share 7 to 10 % of its
    time. Runs in threads of one process share the setting; the last to finish restores it.
    """
    global _collections_held, _collections_before
    with _collections_lock:
        if _collections_held == 0:
            _collections_before = gc.get_threshold()
            young, middle, old = _collections_before
            gc.set_threshold(max(young, YOUNG_COLLECTION_EVERY), middle, old)
        _collections_held += 1
    try:
        yield
    finally:
        with _collections_lock:
            _collections_held -= 1
            if _collections_held == 0 and _collections_before is not None:
                gc.set_threshold(*_collections_before)


def _close(harvester: Harvester) -> None:
    try:
        harvester.close()
    except Exception as error:
        log.warning("closing the harvester failed: %s", error)
