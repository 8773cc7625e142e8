"""The harvest runner, one test per outcome, on SQLite and PostgreSQL with the embedded search index."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from catalogue.access import Principal
from catalogue.harvest.leases import Lease
from catalogue.harvest.runner import YOUNG_COLLECTION_EVERY, SourceBusy, SourceDisabled, lease_name
from catalogue.models import AuditEvent, HarvestLease, HarvestRun, Source, utcnow
from catalogue.runtime import Catalogue
from catalogue.store_harvest import RunNotReviewable
from harvesters.base import Listed

from .conftest import assets, history_count
from .feed import Feed, FeedHarvester, Killed

CURATOR = Principal("cur", "SECRET", role="curator")


def fill(feed: Feed, files: int = 3) -> None:
    feed.put("docs", "Documents", kind="folder")
    for n in range(files):
        feed.put(f"docs/file{n}.txt", f"File {n}", parent="docs", fingerprint=f"v1-{n}")


def test_first_run_adds_everything_links_parents_and_indexes(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    run = cat.harvest_runner().run(source)
    assert (run.status, run.added, run.updated, run.unchanged, run.gone, run.failed) == (
        "succeeded",
        4,
        0,
        0,
        0,
        0,
    )
    assert run.finished_at is not None
    assert not run.needs_review
    found = assets(cat, source)
    assert found["docs/file1.txt"].parent_id == found["docs"].id
    assert found["docs/file1.txt"].fingerprint.startswith("v1-1|")  # the source's marker + a settings digest
    assert {a.last_run_id for a in found.values()} == {run.id}
    assert cat.indexer.drift().clean
    assert cat.search.indexed_versions()[found["docs/file2.txt"].id] == 1


def test_unchanged_items_are_not_read_or_rewritten(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    first = runner.run(source)
    before, changes = assets(cat, source), history_count(cat)
    feed.reads.clear()
    again = runner.run(source)
    assert feed.reads == []
    assert (again.status, again.added, again.updated, again.unchanged) == ("succeeded", 0, 0, 4)
    after = assets(cat, source)
    assert {k: a.version for k, a in after.items()} == {k: a.version for k, a in before.items()}
    assert {k: a.updated_at for k, a in after.items()} == {k: a.updated_at for k, a in before.items()}
    assert history_count(cat) == changes
    # not even a "seen" stamp: the run that last read them stays recorded
    assert {(a.last_run_id, a.last_seen_at) for a in after.values()} == {
        (first.id, a.last_seen_at) for a in before.values()
    }


def test_a_changed_rule_reaches_unchanged_items_without_a_full_run(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    cat.sources.edit(source.name, "t", rules=[{"pattern": "docs/**", "set": {"department": "Planning"}}])
    feed.reads.clear()
    run = runner.run(source)
    assert sorted(feed.reads) == ["docs"] + [f"docs/file{n}.txt" for n in range(3)]  # each item once
    assert run.updated == 4  # `docs/**` matches the folder itself too
    assert {a.department for a in assets(cat, source).values()} == {"Planning"}
    feed.reads.clear()
    assert runner.run(source).unchanged == 4  # and once re-read, they are unchanged again
    assert feed.reads == []


def test_a_new_record_version_reads_everything_once(
    cat: Catalogue, source: Source, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    markers = {key: asset.fingerprint for key, asset in assets(cat, source).items()}
    feed.reads.clear()
    monkeypatch.setattr(FeedHarvester, "record_version", 2)  # what the harvester records has changed
    run = runner.run(source)
    assert sorted(feed.reads) == sorted(feed.entries)  # each item read once more
    assert (run.added, run.updated, run.unchanged) == (0, 0, 4)  # the same records: nothing rewritten
    after = assets(cat, source)
    assert {a.version for a in after.values()} == {1}
    assert all(after[key].fingerprint != marker for key, marker in markers.items())  # the new markers kept
    feed.reads.clear()
    assert runner.run(source).unchanged == 4  # and read once only
    assert feed.reads == []


def test_a_changed_item_is_read_again_and_updated(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    feed.put("docs/file1.txt", "File one, renamed", parent="docs", fingerprint="v2-1")
    feed.reads.clear()
    run = runner.run(source)
    assert feed.reads == ["docs/file1.txt"]
    assert (run.added, run.updated, run.unchanged) == (0, 1, 3)
    changed = assets(cat, source)["docs/file1.txt"]
    assert (changed.title, changed.version) == ("File one, renamed", 2)
    assert changed.fingerprint.startswith("v2-1|")
    assert cat.indexer.drift().clean


def test_full_run_reads_everything_but_rewrites_nothing_unchanged(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    feed.reads.clear()
    run = runner.run(source, full=True)
    assert sorted(feed.reads) == sorted(feed.entries)
    assert run.full
    assert (run.added, run.updated, run.unchanged) == (0, 0, 4)
    assert {a.version for a in assets(cat, source).values()} == {1}


def test_item_errors_make_a_partial_run_grouped_by_message(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed, files=2)
    for n in range(7):
        feed.put(f"locked/{n}.docx", error=f"permission denied: locked/{n}.docx")
    feed.put("odd.bin", error="unsupported format")
    feed.put("bad.txt", size_bytes=-5)  # a value the store refuses: an item error, not an abort
    run = cat.harvest_runner().run(source)
    assert (run.status, run.added, run.failed) == ("partial", 3, 9)
    groups = {e.message: e for e in run.errors}
    assert groups["permission denied: <item>"].count == 7
    assert len(groups["permission denied: <item>"].sample_keys) == 5
    assert groups["unsupported format"].sample_keys == ["odd.bin"]
    assert any("size_bytes" in m for m in groups)
    assert set(assets(cat, source)) == {"docs", "docs/file0.txt", "docs/file1.txt"}


def test_a_failed_read_never_retires_the_asset(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed, files=30)
    runner = cat.harvest_runner()
    runner.run(source)
    feed.put("docs/file3.txt", parent="docs", fingerprint="v2", error="sharing violation")
    run = runner.run(source)
    assert (run.status, run.gone, run.failed) == ("partial", 0, 1)
    assert assets(cat, source)["docs/file3.txt"].lifecycle == "active"


def test_source_failure_fails_the_run_and_changes_nothing(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    before, changes = assets(cat, source), history_count(cat)
    feed.down = "cannot connect to fs01: no route to host"
    run = runner.run(source)
    assert (run.status, run.added, run.gone) == ("failed", 0, 0)
    assert run.message == "cannot connect to fs01: no route to host"
    after = assets(cat, source)
    assert {k: (a.version, a.lifecycle, a.last_run_id) for k, a in after.items()} == {
        k: (a.version, a.lifecycle, a.last_run_id) for k, a in before.items()
    }
    assert history_count(cat) == changes
    assert cat.harvest_runner().run(source).status == "failed"  # the lease was freed: it can run again


def test_an_empty_listing_retires_nothing_and_needs_review(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    runner = cat.harvest_runner()
    runner.run(source)
    feed.entries.clear()
    run = runner.run(source)
    assert (run.status, run.gone, run.needs_review) == ("succeeded", 0, True)
    assert "listed nothing" in run.message
    assert {a.lifecycle for a in assets(cat, source).values()} == {"active"}


def test_over_the_limit_needs_review_and_an_admin_confirms(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed, files=9)  # 10 assets
    runner = cat.harvest_runner()
    runner.run(source)
    feed.drop("docs/file0.txt", "docs/file1.txt")  # 20 % > 10 %
    run = runner.run(source)
    assert (run.status, run.gone, run.needs_review) == ("succeeded", 0, True)
    assert "2 of 10" in run.message
    assert {a.lifecycle for a in assets(cat, source).values()} == {"active"}

    assert cat.harvest_runner().harvest_store.confirm_retirement(run.id, "admin-ann") == 2
    found = assets(cat, source)
    assert [k for k, a in found.items() if a.lifecycle == "gone"] == ["docs/file0.txt", "docs/file1.txt"]
    confirmed = cat.sources.run(run.id)
    assert (confirmed.gone, confirmed.reviewed_by) == (2, "admin-ann")
    assert cat.indexer.drift().clean
    with cat.sessions() as session:
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.actor == "admin-ann"))
    with pytest.raises(RunNotReviewable):
        cat.harvest_runner().harvest_store.confirm_retirement(run.id, "admin-ann")


def test_only_the_latest_run_can_be_confirmed(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed, files=4)
    runner = cat.harvest_runner()
    runner.run(source)
    feed.drop("docs/file0.txt")
    flagged = runner.run(source)
    assert flagged.needs_review
    runner.run(source)
    with pytest.raises(RunNotReviewable, match="latest"):
        runner.harvest_store.confirm_retirement(flagged.id, "admin")


def test_gone_keeps_curated_values_and_comes_back_when_it_reappears(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed, files=19)  # 20 assets: one missing is 5 %
    runner = cat.harvest_runner()
    runner.run(source)
    asset = assets(cat, source)["docs/file7.txt"]
    cat.store.curate(asset.id, {"owner": "Ann Lee", "description": "Kept by hand"}, CURATOR, asset.version)
    entry = feed.entries.pop("docs/file7.txt")

    run = runner.run(source)
    assert (run.status, run.gone, run.needs_review) == ("succeeded", 1, False)
    gone = assets(cat, source)["docs/file7.txt"]
    assert (gone.id, gone.lifecycle, gone.owner, gone.description) == (
        asset.id,
        "gone",
        "Ann Lee",
        "Kept by hand",
    )
    assert gone.curated == {"owner": "Ann Lee", "description": "Kept by hand"}
    assert cat.search.indexed_versions()[asset.id] == gone.version
    assert runner.run(source).gone == 0  # already gone: not again

    feed.entries[entry.key] = entry  # back, unchanged at source
    back_run = runner.run(source)
    back = assets(cat, source)["docs/file7.txt"]
    assert (back_run.updated, back.id, back.lifecycle, back.owner) == (1, asset.id, "active", "Ann Lee")
    assert "lifecycle" not in back.harvested
    assert cat.indexer.drift().clean


def test_a_listing_gap_protects_everything_under_it(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed, files=30)
    for n in range(3):
        feed.put(f"Restricted/{n}.xlsx")
    runner = cat.harvest_runner()
    runner.run(source)
    for n in range(3):
        feed.drop(f"Restricted/{n}.xlsx")
    feed.drop("docs/file0.txt")
    feed.gaps.append(("Restricted", "access denied"))
    run = runner.run(source)
    assert (run.status, run.gone) == ("partial", 1)
    assert run.gaps == ["Restricted"]
    assert [(e.message, e.sample_keys) for e in run.errors] == [
        ("could not list: access denied", ["Restricted"])
    ]
    lifecycles = {k: a.lifecycle for k, a in assets(cat, source).items()}
    assert lifecycles["docs/file0.txt"] == "gone"
    assert {lifecycles[f"Restricted/{n}.xlsx"] for n in range(3)} == {"active"}


def test_curated_fields_win_over_later_harvests(cat: Catalogue, source: Source, feed: Feed) -> None:
    feed.put("plan.docx", "Plan", department="Planning", fingerprint="a")
    runner = cat.harvest_runner()
    runner.run(source)
    asset = assets(cat, source)["plan.docx"]
    cat.store.curate(asset.id, {"department": "Regeneration"}, CURATOR, asset.version)
    feed.put("plan.docx", "Plan v2", department="Highways", fingerprint="b")
    runner.run(source)
    after = assets(cat, source)["plan.docx"]
    assert (after.department, after.title) == ("Regeneration", "Plan v2")
    assert after.harvested["department"] == "Highways"


def test_whole_records_from_the_listing_are_applied_without_a_read(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    feed.put("db", "Warehouse", kind="database", whole=True)
    feed.put("db/t1", "Table one", parent="db", kind="table", whole=True)
    run = cat.harvest_runner().run(source)
    assert (run.added, feed.reads) == (2, [])
    found = assets(cat, source)
    assert found["db/t1"].parent_id == found["db"].id


def test_warnings_are_recorded_without_failing_the_run(cat: Catalogue, source: Source, feed: Feed) -> None:
    feed.put("a.pdf", warnings=("text not extracted: encrypted PDF",))
    feed.put("b.pdf", warnings=("text not extracted: encrypted PDF",), whole=True)
    run = cat.harvest_runner().run(source)
    assert (run.status, run.added, run.failed) == ("succeeded", 2, 0)
    assert [(e.message, e.count, e.sample_keys) for e in run.errors] == [
        ("warning: text not extracted: encrypted PDF", 2, ["a.pdf", "b.pdf"])
    ]


def test_a_disabled_source_is_not_harvested(cat: Catalogue, source: Source) -> None:
    disabled = cat.sources.edit(source.name, "admin", enabled=False)
    with pytest.raises(SourceDisabled):
        cat.harvest_runner().run(disabled)


def test_a_second_concurrent_run_is_refused(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed)
    first = cat.harvest_runner().start(source)
    with pytest.raises(SourceBusy):
        cat.harvest_runner().start(source)
    assert first.execute().status == "succeeded"
    assert cat.harvest_runner().run(source).status == "succeeded"  # freed at the end


def test_an_expired_lease_is_taken_over(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed)
    with cat.sessions.begin() as session:
        past = utcnow() - timedelta(minutes=1)
        session.add(HarvestLease(name=lease_name(source.id), holder="elsewhere:1:x", expires_at=past))
    assert cat.harvest_runner().run(source).status == "succeeded"
    with cat.sessions() as session:
        assert session.scalars(select(HarvestLease)).all() == []


def test_a_live_lease_elsewhere_is_respected_and_a_dead_local_holder_is_not(
    cat: Catalogue, source: Source
) -> None:
    import socket

    future = utcnow() + timedelta(minutes=5)
    with cat.sessions.begin() as session:
        session.add(HarvestLease(name=lease_name(source.id), holder="elsewhere:1:x", expires_at=future))
    with pytest.raises(SourceBusy):
        cat.harvest_runner().run(source)
    with cat.sessions.begin() as session:
        lease = session.get(HarvestLease, lease_name(source.id))
        assert lease is not None
        lease.holder = f"{socket.gethostname()}:{2**22 + 12345}:gone"  # no such process here
    assert cat.harvest_runner().run(source).status == "succeeded"


def test_a_lease_renewal_after_a_takeover_is_refused(cat: Catalogue) -> None:
    from catalogue.harvest.leases import LeaseHeld, LeaseLost

    mine = Lease(cat.sessions, "job", ttl=timedelta(seconds=-1)).acquire()  # expires at once
    theirs = Lease(cat.sessions, "job").acquire()
    with pytest.raises(LeaseLost):
        mine.renew(force=True)
    with pytest.raises(LeaseHeld):
        Lease(cat.sessions, "job").acquire()
    mine.release()  # not its lease any more: no effect
    with pytest.raises(LeaseHeld):
        Lease(cat.sessions, "job").acquire()
    theirs.release()
    Lease(cat.sessions, "job").acquire()


def test_a_killed_run_is_closed_and_the_next_completes(cat: Catalogue, source: Source, feed: Feed) -> None:
    fill(feed, files=5)
    feed.stop_at = ("read", 3, Killed())
    with pytest.raises(Killed):
        cat.harvest_runner(batch_size=1).run(source)
    runs = cat.sources.runs(source.id)
    assert (runs[0].status, runs[0].message) == ("failed", "interrupted before it finished")
    feed.stop_at = None
    run = cat.harvest_runner().run(source)
    assert (run.status, len(assets(cat, source))) == ("succeeded", 6)


def test_a_run_left_running_by_a_dead_process_is_closed_by_the_next(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    with cat.sessions.begin() as session:
        session.add(HarvestRun(source_id=source.id, status="running"))
    run = cat.harvest_runner().run(source)
    runs = cat.sources.runs(source.id)
    assert [r.status for r in runs] == ["succeeded", "failed"]
    assert runs[1].message == "interrupted before it finished"
    assert run.id == runs[0].id


def test_a_harvester_heartbeat_renews_the_source_lease(
    cat: Catalogue, source: Source, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    renewals: list[bool] = []
    real_renew = Lease.renew

    def renew(self: Lease, force: bool = False) -> None:
        renewals.append(force)
        real_renew(self, force)

    def waiting_listing(self: FeedHarvester) -> Iterator[Listed]:
        renewals.clear()
        self.heartbeat()  # as a harvester waiting out throttling does
        assert renewals == [False]
        yield from original(self)

    original = FeedHarvester.list_items
    monkeypatch.setattr(Lease, "renew", renew)
    monkeypatch.setattr(FeedHarvester, "list_items", waiting_listing)
    feed.put("a.txt")
    assert cat.harvest_runner().run(source).status == "succeeded"


def test_the_collector_runs_less_often_during_a_run_and_as_before_after(
    cat: Catalogue, source: Source, feed: Feed
) -> None:
    fill(feed)
    before = gc.get_threshold()
    during: list[tuple[int, int, int]] = []
    feed.on_read = lambda: during.append(gc.get_threshold())
    assert cat.harvest_runner().run(source).status == "succeeded"
    assert during
    assert all(threshold[0] >= YOUNG_COLLECTION_EVERY for threshold in during)
    assert gc.get_threshold() == before
    feed.down = "gone"  # a failed run restores it too
    assert cat.harvest_runner().run(source).status == "failed"
    assert gc.get_threshold() == before


def test_a_harvester_reading_ahead_gets_the_next_batch_before_the_last_is_taken(
    cat: Catalogue, source: Source, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections.abc import Sequence

    from catalogue.harvest.runner import HarvestRunner
    from harvesters.base import ItemError, ItemRef, Record

    events: list[str] = []

    def eager_read_items(self: FeedHarvester, refs: Sequence[ItemRef]) -> Iterator[Record | ItemError]:
        events.append(f"start {refs[0].key}")  # read now, as the file share's worker processes do
        outcomes = [self.read_outcome(ref) for ref in refs]

        def taken() -> Iterator[Record | ItemError]:
            for outcome in outcomes:
                events.append(f"take {outcome.key}")
                yield outcome

        return taken()

    monkeypatch.setattr(FeedHarvester, "reads_ahead", True)
    monkeypatch.setattr(FeedHarvester, "read_items", eager_read_items)
    feed.put("d", "Folder", kind="folder")
    for n in range(11):
        feed.put(f"d/{n:02d}.txt", parent="d")
    runner = HarvestRunner(cat.store, cat.secret_box, batch_size=4, read_ahead=1)
    run = runner.run(source)
    assert run.status == "succeeded"
    assert run.added == 12
    starts = [i for i, event in enumerate(events) if event.startswith("start")]
    assert [events[i] for i in starts] == ["start d", "start d/03.txt", "start d/07.txt"]
    assert events.index("start d/03.txt") < events.index("take d")  # the next batch read first
    assert [e.removeprefix("take ") for e in events if e.startswith("take")] == list(feed.entries)
    stored = assets(cat, source)
    assert all(stored[f"d/{n:02d}.txt"].parent_id == stored["d"].id for n in range(11))
