"""The demo catalogue is built by harvesting: every bundled demo system through the real runner, plus a real
file share written to the data folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalogue.access import Principal
from catalogue.demo.load import SHARE_SOURCE, load_demo
from catalogue.models import Asset, HarvestRun, Source
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from harvesters.demo import demo_sources
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    data = tmp_path_factory.mktemp("demo-load") / "data"
    catalogue = Catalogue.open(make_settings(data), migrate=True)
    seen: list[tuple[str, int]] = []
    created = load_demo(catalogue, lambda title, n: seen.append((title, n)))
    catalogue.demo_created = created  # type: ignore[attr-defined]
    catalogue.demo_progress = seen  # type: ignore[attr-defined]
    yield catalogue
    catalogue.close()


def share_assets(demo: Catalogue) -> list[Asset]:
    with demo.sessions() as session:
        source = session.scalar(select(Source).where(Source.name == SHARE_SOURCE))
        assert source is not None
        return list(session.scalars(select(Asset).where(Asset.source_id == source.id)))


def test_every_demo_source_was_harvested_successfully(demo: Catalogue) -> None:
    with demo.sessions() as session:
        sources = {s.name: s for s in session.scalars(select(Source))}
        statuses = dict(session.execute(select(HarvestRun.source_id, HarvestRun.status)).all())
    assert set(demo_sources()) | {SHARE_SOURCE} == set(sources)
    for name, source in sources.items():
        assert source.kind == ("filesystem" if name == SHARE_SOURCE else "demo")
        assert statuses[source.id] == "succeeded", name
    assert len(demo.demo_progress) == len(sources)  # type: ignore[attr-defined]


def test_the_demo_has_at_least_2000_assets(demo: Catalogue) -> None:
    with demo.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Asset))
    assert count is not None
    assert count >= 2000
    assert demo.demo_created == count  # type: ignore[attr-defined]


def test_the_file_share_was_harvested_from_disk(demo: Catalogue) -> None:
    assets = share_assets(demo)
    root = demo.settings.data_path / "demo-share"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert len(files) >= 40
    by_key = {a.key: a for a in assets}
    for path in files:
        assert path.relative_to(root).as_posix() in by_key
    shadow = [a for a in assets if "shadow database" in a.flags and a.kind == "spreadsheet"]
    assert any((a.row_count or 0) > 1000 for a in shadow)
    hashes = Counter(a.content_hash for a in assets if a.content_hash)
    assert any(n >= 2 for n in hashes.values())


def test_the_share_says_what_everyone_may_read_at_source(demo: Catalogue) -> None:
    by_key = {a.key: a for a in share_assets(demo)}
    open_to_all = {key for key, asset in by_key.items() if "readable by everyone" in asset.flags}
    closed = {
        "Finance/Counter fraud",
        "Finance/Counter fraud/Fraud referral log.xlsx",
        "Housing/Allocations/Housing register extract.csv",
        "Housing/Homelessness/Temporary accommodation placements.xlsx",
    }
    assert closed <= set(by_key)
    assert not closed & open_to_all
    assert set(by_key) - closed == open_to_all  # folders included
    assert "everyone" not in by_key["Housing/Allocations/Housing register extract.csv"].readable_at_source_by

    # the home page's "everyone may read at source" search finds them, and only what the searcher may see
    params = SearchParams.from_args({"tag": ["readable by everyone"], "per_page": ["100"]})
    found = search_assets(demo, Principal("dpo", "SECRET"), params)
    assert found.total == len(open_to_all)
    assert {hit.id for hit in found.hits} == {by_key[key].id for key in open_to_all}
    official = search_assets(demo, Principal("visitor", "OFFICIAL"), params)
    assert official.total == len([key for key in open_to_all if not key.startswith("Finance")])


def test_the_share_path_rule_applies(demo: Catalogue) -> None:
    finance = [a for a in share_assets(demo) if a.key.startswith("Finance/")]
    assert finance
    assert all(a.department == "Finance" and a.classification == "OFFICIAL-SENSITIVE" for a in finance)


def test_curated_values_sit_beside_what_the_source_says(demo: Catalogue) -> None:
    with demo.sessions() as session:
        curated = [a for a in session.scalars(select(Asset)) if a.curated]
    assert curated
    differs = [
        a
        for a in curated
        for name, value in a.curated.items()
        if name in (a.harvested or {}) and a.harvested[name] != value
    ]
    assert differs


@pytest.mark.parametrize("name", ["planning-db", SHARE_SOURCE])
def test_a_second_harvest_changes_nothing(demo: Catalogue, name: str) -> None:
    source = demo.sources.get(name)
    run = demo.harvest_runner().run(source)
    assert run.status == "succeeded"
    assert (run.added, run.updated, run.gone, run.failed) == (0, 0, 0, 0)
    with demo.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Asset).where(Asset.source_id == source.id))
    assert run.unchanged == count


def test_a_demo_source_that_does_not_exist_fails_its_run(tmp_path: Path) -> None:
    catalogue = Catalogue.open(make_settings(tmp_path / "data"), migrate=True)
    try:
        source = catalogue.sources.create("nowhere", "demo", {"source": "no-such-system"}, actor="test")
        run = catalogue.harvest_runner().run(source)
        assert run.status == "failed"
        assert "no-such-system" in run.message
    finally:
        catalogue.close()
