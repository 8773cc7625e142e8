"""Fault injection: a harvest stopped (killed) or failing at the k-th step of listing, reading, writing a
batch or indexing leaves every earlier asset, curated value and id intact, retires nothing it should not,
leaves the index consistent with the store (or repairable by `reindex --repair`), and the next run
completes normally with the expected result."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

import pytest

from catalogue.access import Principal
from catalogue.harvest.runner import HarvestRunner
from catalogue.indexer import IndexBatcher, Indexer
from catalogue.models import Source
from catalogue.runtime import Catalogue
from catalogue.store import ApplyCounts, Store
from harvesters.base import Record
from search.backend import SearchDocument, SearchUnavailable

from .conftest import assets
from .feed import FEEDS, Feed, Killed

CURATOR = Principal("cur", "SECRET", role="curator")
BASE = 30
CHANGED = ("f/3.txt", "f/8.txt", "f/13.txt", "f/21.txt")
NEW = ("f/new-a.txt", "f/new-b.txt", "f/new-c.txt")
DROPPED = ("f/5.txt", "f/17.txt")  # 2 of 30: under the 10 % limit
CURATED = {"f/3.txt": {"owner": "Ann Lee"}, "f/5.txt": {"description": "Kept"}, "f/9.txt": {"tags": ["x"]}}


class Faults:
    """Where the next run stops: phase ("list", "read", "apply", "index") and step k, and with what."""

    def __init__(self) -> None:
        self.phase, self.k, self.error = "", 0, BaseException()
        self.counts: dict[str, int] = {}

    def arm(self, phase: str, k: int, error: BaseException) -> None:
        self.phase, self.k, self.error, self.counts = phase, k, error, {}

    def disarm(self) -> None:
        self.phase = ""

    def step(self, phase: str) -> None:
        self.counts[phase] = self.counts.get(phase, 0) + 1
        if phase == self.phase and self.counts[phase] == self.k:
            raise self.error


class FaultyStore(Store):
    """The real store, stopping before its k-th batch is written."""

    faults: Faults

    def apply_records(
        self,
        source: Source,
        records: Iterable[Record],
        run_id: int | None = None,
        batch_size: int = 500,
        *,
        cleaned: bool = False,
        batcher: IndexBatcher | None = None,
    ) -> ApplyCounts:
        self.faults.step("apply")
        return super().apply_records(source, records, run_id, batch_size, cleaned=cleaned, batcher=batcher)


class FaultyIndexer(Indexer):
    """The real indexer, stopping at its k-th update: after the store committed, before the index."""

    faults: Faults

    def update(self, documents: list[SearchDocument], ids: Iterable[int]) -> None:
        self.faults.step("index")
        super().update(documents, ids)


def faulty_runner(cat: Catalogue, faults: Faults) -> HarvestRunner:
    indexer = FaultyIndexer(cat.sessions, cat.search)
    indexer.faults = faults
    store = FaultyStore(cat.sessions, cat.scheme, indexer)
    store.faults = faults
    # index_batch=1: every written batch is indexed at once, so "index" faults land between batches
    return HarvestRunner(store, cat.secret_box, retire_limit=0.1, batch_size=3, index_batch=1)


class ListingFaults(Feed):
    """The feed's own steps (listing and reading) report to the shared fault plan."""

    faults: Faults

    def step(self, phase: str) -> None:
        self.faults.step(phase)


def prepare(cat: Catalogue, name: str, faults: Faults) -> tuple[Source, Feed, dict[str, Any]]:
    """A source harvested once, curated, then changed at source."""
    feed = ListingFaults(name)
    feed.faults = faults
    FEEDS[name] = feed
    feed.put("f", "Folder", kind="folder")
    for n in range(BASE - 1):
        feed.put(f"f/{n}.txt", f"File {n}", parent="f", fingerprint="1")
    source = cat.sources.create(name, "test-feed", {"feed": name}, actor="test")
    assert cat.harvest_runner().run(source).status == "succeeded"
    for key, values in CURATED.items():
        asset = assets(cat, source)[key]
        cat.store.curate(asset.id, values, CURATOR, asset.version)
    baseline = {k: (a.id, a.version, dict(a.curated)) for k, a in assets(cat, source).items()}
    for key in CHANGED:
        feed.put(key, f"{key} v2", parent="f", fingerprint="2")
    for key in NEW:
        feed.put(key, parent="f")
    feed.drop(*DROPPED)
    return source, feed, baseline


def check_intact(cat: Catalogue, source: Source, baseline: dict[str, Any]) -> None:
    found = assets(cat, source)
    for key, (asset_id, version, curated) in baseline.items():
        asset = found[key]
        assert (asset.id, asset.curated) == (asset_id, curated), key
        if key not in CHANGED and key not in DROPPED:
            assert asset.version == version, key  # untouched at source: not rewritten
        if key not in DROPPED:
            assert asset.lifecycle == "active", key
    assert set(found) <= set(baseline) | set(NEW)
    report = cat.indexer.drift()
    if not report.clean:  # stopped between the store and the index: `reindex --repair` mends it
        cat.indexer.repair(report)
        assert cat.indexer.drift().clean


def check_finished(cat: Catalogue, source: Source, baseline: dict[str, Any]) -> None:
    found = assets(cat, source)
    assert set(found) == set(baseline) | set(NEW)
    assert {k for k, a in found.items() if a.lifecycle == "gone"} == set(DROPPED)
    assert all(found[k].title == f"{k} v2" for k in CHANGED)
    assert all((found[k].id, found[k].curated) == (v[0], v[2]) for k, v in baseline.items())
    assert found["f/3.txt"].owner == "Ann Lee"
    assert found["f/5.txt"].description == "Kept"
    assert cat.indexer.drift().clean


STEPS = {"list": BASE + len(NEW) - len(DROPPED), "read": len(CHANGED) + len(NEW), "apply": 3, "index": 4}


@pytest.mark.parametrize("phase", sorted(STEPS))
def test_a_harvest_stopped_at_any_step_loses_nothing(cat: Catalogue, phase: str) -> None:
    chooser = random.Random(f"{phase}-2024")
    points = sorted({1, STEPS[phase], *chooser.sample(range(1, STEPS[phase] + 1), min(3, STEPS[phase]))})
    for k in points:
        faults = Faults()
        source, _feed, baseline = prepare(cat, f"{phase}-{k}", faults)
        error: BaseException = Killed() if k % 2 else RuntimeError("disk on fire")
        if phase == "index" and not k % 2:
            error = SearchUnavailable("search is down")
        faults.arm(phase, k, error)
        try:
            run = faulty_runner(cat, faults).run(source)
        except Killed:
            run = cat.sources.runs(source.id)[0]
        assert faults.counts[phase] >= k, "the fault was reached"
        assert run.status in ("failed", "succeeded"), (phase, k)
        if run.status == "failed":
            assert not run.needs_review
            assert run.gone == 0 or (phase, k) == ("index", STEPS["index"])  # stopped while retiring
        check_intact(cat, source, baseline)

        faults.disarm()
        after = faulty_runner(cat, faults).run(source)
        assert after.status == "succeeded", (phase, k, after.message)
        check_finished(cat, source, baseline)
