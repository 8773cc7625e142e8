"""The file share through the harvest runner: its settings as the runner hands them over, and reading in
worker processes (the same records as reading in the harvest process, errors carried back, a dead worker
survived)."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_council_tree, write_csv
from sqlalchemy import select

from catalogue.access import Principal
from catalogue.config import load_settings
from catalogue.curation import edit_asset
from catalogue.curation_policy import EditRefused
from catalogue.models import Asset, HarvestRun
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from harvesters import filesystem
from harvesters.base import ItemError, ItemRef, Record
from harvesters.filesystem import FileSystemHarvester
from harvesters.fs_parallel import ParallelReader
from harvesters.fs_records import OPEN_FLAG


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    settings = load_settings(environ={}, overrides={"data_dir": str(tmp_path / "data")})
    catalogue = Catalogue.open(settings, migrate=True)
    yield catalogue
    catalogue.close()


def harvested(cat: Catalogue, name: str, **config: Any) -> tuple[HarvestRun, dict[str, dict[str, Any]]]:
    source = cat.sources.create(name, "filesystem", {"hash_contents": True, **config}, actor="test")
    run = cat.harvest_runner().run(source)
    with cat.sessions() as session:
        rows = session.execute(select(Asset.key, Asset.harvested).where(Asset.source_id == source.id))
        return run, {key: dict(layer) for key, layer in rows}


def test_include_and_exclude_globs_reach_the_harvester_through_the_runner(
    cat: Catalogue, open_dir: Path
) -> None:
    tree = build_council_tree(open_dir / "share")
    run, layers = harvested(cat, "share", root=str(tree), exclude=["*.pdf", "HR/*.pptx"])
    assert run.status == "succeeded"
    assert "Finance/payments.csv" in layers
    assert not [key for key in layers if key.endswith((".pdf", ".pptx"))]

    run, layers = harvested(cat, "sheets", root=str(tree), include=["**/*.xlsx"])
    files = [key for key, layer in layers.items() if layer["kind"] not in ("folder", "share")]
    assert sorted(files) == ["Finance/Budgets/2024/small.xlsx", "Finance/Budgets/tenants.xlsx"]


def test_worker_processes_read_the_same_records_as_the_harvest_process(
    cat: Catalogue, open_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = build_council_tree(open_dir / "share")
    for n in range(30):  # enough files for several hand-overs
        write_csv(tree / "HR" / f"list {n:02d}.csv", [["ref", "name"], [n, f"person {n}"]])
    monkeypatch.setattr(filesystem, "PARALLEL_FROM", 1)  # the harvest process reads in workers from 1 file
    readers: list[ParallelReader] = []

    class WatchedReader(ParallelReader):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            readers.append(self)

    monkeypatch.setattr(filesystem, "ParallelReader", WatchedReader)

    in_process_run, in_process = harvested(cat, "here", root=str(tree), read_processes=0)
    assert not readers
    parallel_run, parallel = harvested(cat, "workers", root=str(tree), read_processes=2)
    assert [(reader.processes, reader.broken) for reader in readers] == [(2, False)]

    assert parallel_run.status == in_process_run.status
    assert parallel_run.added == in_process_run.added == len(in_process) > 40

    def comparable(layer: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in layer.items() if k != "accessed_at_source"}  # reading changes atime

    assert {k: comparable(v) for k, v in parallel.items()} == {
        k: comparable(v) for k, v in in_process.items()
    }
    assert parallel["Finance/report.pdf"]["title"] == "Annual Report"  # document properties read
    assert parallel["Finance/report.pdf"]["content_hash"] == parallel["HR/report copy.pdf"]["content_hash"]


def test_item_errors_come_back_from_a_worker_whole() -> None:
    error = pickle.loads(pickle.dumps(ItemError("HR/gone.txt", "the item was gone before it could be read")))
    assert (error.key, error.message) == ("HR/gone.txt", "the item was gone before it could be read")


def test_a_pool_that_cannot_start_leaves_the_reading_to_the_harvest_process(open_dir: Path) -> None:
    tree = build_council_tree(open_dir / "share")
    harvester = FileSystemHarvester({"root": str(tree)})
    refs = [item for item in harvester.list_items() if isinstance(item, ItemRef)]
    (tree / "notes.txt").unlink()  # read after listing: an ItemError, from the fallback

    reader = ParallelReader({"root": str(tree), "max_depth": -1}, 1)  # a worker cannot even start
    try:
        outcomes = list(reader.read(refs, harvester.read_outcome))
    finally:
        reader.close()
        harvester.close()

    assert reader.broken
    assert len(outcomes) == len(refs)
    by_key = dict(zip([ref.key for ref in refs], outcomes, strict=True))
    assert isinstance(by_key["notes.txt"], ItemError)
    assert isinstance(by_key["Finance/report.pdf"], Record)
    assert by_key["Finance/report.pdf"].fields["title"] == "Annual Report"


def test_after_an_upgrade_the_next_run_moves_the_access_at_source_out_of_the_description(
    cat: Catalogue, open_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Record version 1 put the owner and readers into the description. A catalogue that version left is
    read again once by the next run: the description loses them, their own fields gain them, and what a
    curator wrote stays."""
    tree = build_council_tree(open_dir / "share")
    monkeypatch.setattr(FileSystemHarvester, "record_version", 1)
    source = cat.sources.create("share", "filesystem", {"root": str(tree)}, actor="test")
    runner = cat.harvest_runner()
    assert runner.run(source).status == "succeeded"
    legacy = "Owner at source: root. Readable at source by: root, group root, everyone."
    with cat.sessions.begin() as session:  # as version 1 left every item: access in the description
        for asset in session.scalars(select(Asset).where(Asset.source_id == source.id)):
            layer = {k: v for k, v in asset.harvested.items() if not k.endswith("_at_source_by")}
            layer.pop("owner_at_source", None)
            asset.harvested = {**layer, "description": legacy}
            asset.description, asset.owner_at_source, asset.readable_at_source_by = legacy, None, []
            if asset.key == "notes.txt":
                asset.curated = {"description": "Meeting notes, kept by the clerk"}
                asset.description = "Meeting notes, kept by the clerk"
    with cat.sessions() as session:
        items = len(session.scalars(select(Asset.id).where(Asset.source_id == source.id)).all())
    assert runner.run(source).unchanged == items  # the same version: nothing is read again

    monkeypatch.setattr(FileSystemHarvester, "record_version", 2)
    run = runner.run(source)
    assert (run.status, run.added, run.unchanged) == ("succeeded", 0, 0)
    with cat.sessions() as session:
        found = {a.key: a for a in session.scalars(select(Asset).where(Asset.source_id == source.id))}
    assert run.updated == len(found) == items
    assert not [key for key, asset in found.items() if "Owner at source" in asset.description]
    assert {asset.owner_at_source for asset in found.values()} == {"root"}
    assert "root" in found["Finance/report.pdf"].readable_at_source_by
    assert "Quarterly figures" in found["Finance/report.pdf"].description  # the document's own words stay
    assert found["notes.txt"].description == "Meeting notes, kept by the clerk"  # curation wins
    assert "description" not in found["notes.txt"].harvested


def test_a_curators_tags_never_hide_what_the_harvest_found(cat: Catalogue, open_dir: Path) -> None:
    """The harvest's findings (flags at source) are searched as tags beside a curator's tags, a curator
    may not edit them, and they follow the source when it changes."""
    tree = build_council_tree(open_dir / "share")
    report = tree / "Finance" / "report.pdf"
    source = cat.sources.create(
        "share", "filesystem", {"root": str(tree)}, actor="test", defaults={"department": "Finance"}
    )
    runner = cat.harvest_runner()
    assert runner.run(source).status == "succeeded"
    with cat.sessions() as session:
        asset = session.scalars(select(Asset).where(Asset.key == "Finance/report.pdf")).one()
    assert asset.flags == [OPEN_FLAG]
    curator = Principal("clerk", "SECRET", role="curator", curated_departments=frozenset({"Finance"}))
    with pytest.raises(EditRefused) as refused:
        edit_asset(cat.store, curator, asset.id, {"flags": []}, asset.version)
    assert refused.value.fields == ("flags",)
    edit_asset(cat.store, curator, asset.id, {"tags": ["budget"]}, asset.version)
    admin = Principal("admin", "SECRET", role="admin")

    def tagged(tag: str) -> set[int]:
        params = SearchParams.from_args({"tag": [tag], "per_page": ["100"]})
        return {hit.id for hit in search_assets(cat, admin, params).hits}

    assert asset.id in tagged("budget")
    assert asset.id in tagged(OPEN_FLAG)  # the curator's tags did not hide it

    report.chmod(0o640)  # no longer open to everyone: neither its size nor its modified time changes
    assert runner.run(cat.sources.get(source.id)).updated == 1  # the change time moved: read again
    with cat.sessions() as session:
        asset = session.scalars(select(Asset).where(Asset.key == "Finance/report.pdf")).one()
    assert (asset.flags, asset.tags) == ([], ["budget"])
    assert asset.id not in tagged(OPEN_FLAG)
    assert asset.id in tagged("budget")


def test_a_file_put_back_with_its_old_size_and_modified_time_is_read_again(
    cat: Catalogue, open_dir: Path
) -> None:
    """Copies that keep times (`cp -p`, a restore) can replace a file's contents without changing its
    size or modified time; its change time still moves, so the next run hashes it again."""
    tree = build_council_tree(open_dir / "share")
    notes = tree / "notes.txt"
    source = cat.sources.create("share", "filesystem", {"root": str(tree)}, actor="test")
    runner = cat.harvest_runner()
    assert runner.run(source).status == "succeeded"
    before = notes.stat()
    notes.write_bytes(bytes(reversed(notes.read_bytes())))  # other bytes, the same size
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notes.stat().st_mtime_ns == before.st_mtime_ns
    assert runner.run(cat.sources.get(source.id)).updated == 1
    with cat.sessions() as session:
        asset = session.scalars(select(Asset).where(Asset.key == "notes.txt")).one()
    assert asset.content_hash == hashlib.sha256(notes.read_bytes()).hexdigest()
    assert runner.run(cat.sources.get(source.id)).updated == 0
