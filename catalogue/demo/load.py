"""Builds the demo catalogue by harvesting: each bundled demo council system becomes a source of kind
"demo" and goes through the real harvest runner, then a small real file share written to the data folder
is harvested by the file-share harvester (with a path rule), and finally a few curators' edits are applied
on top, so the demo shows "source says" beside curated values."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from catalogue.access import Principal
from catalogue.runtime import Catalogue
from catalogue.store import Store

if TYPE_CHECKING:
    from catalogue.demo.sources import DemoSource
    from catalogue.models import HarvestRun, Source

DEMO_CURATOR = "demo-curator"
DEMO_ACTOR = "demo-loader"
SHARE_SOURCE = "demo-w-drive"
SHARE_TITLE = "Council W: drive (Finance and Housing)"


class DemoLoadError(RuntimeError):
    """A demo source did not harvest cleanly."""


def has_assets(catalogue: Catalogue) -> bool:
    from sqlalchemy import func, select

    from catalogue.models import Asset

    with catalogue.sessions() as session:
        return bool(session.scalar(select(func.count()).select_from(Asset)))


def load_demo(catalogue: Catalogue, progress: Callable[[str, int], None] | None = None) -> int:
    """Fill an empty catalogue by harvesting the demo sources; returns the number of assets created."""
    from catalogue.demo.share import share_path, write_share
    from harvesters.demo import demo_sources

    demo = list(demo_sources().values())
    curator = Principal(
        DEMO_CURATOR, catalogue.scheme.highest, role="curator", groups=frozenset(_all_groups(demo))
    )
    runner = catalogue.harvest_runner()
    # Curations are indexed together after each source: one index commit instead of one per edit.
    unindexed = Store(catalogue.sessions, catalogue.scheme, None)
    total = 0
    for item in demo:
        source = catalogue.sources.create(
            item.name,
            "demo",
            {"source": item.name},
            actor=DEMO_ACTOR,
            title=item.title,
            defaults={},  # the demo systems' records carry their own values, gaps included
        )
        run = _harvest(runner, source)
        total += run.added
        ids = _ids_by_key(catalogue, source.id)
        for key, changes in item.curated.items():
            unindexed.curate(ids[key], changes, curator, _version(catalogue, ids[key]))
        catalogue.indexer.refresh([ids[key] for key in item.curated])
        if progress:
            progress(item.title, run.added)

    root = share_path(catalogue.settings.data_path)
    write_share(root)
    source = catalogue.sources.create(
        SHARE_SOURCE,
        "filesystem",
        {"root": str(root), "exclude": ["~$*", "Thumbs.db"]},
        actor=DEMO_ACTOR,
        title=SHARE_TITLE,
        defaults={"classification": catalogue.settings.classifications[0]},
        rules=_share_rules(catalogue),
    )
    run = _harvest(runner, source)
    total += run.added
    if progress:
        progress(SHARE_TITLE, run.added)
    return total


def _share_rules(catalogue: Catalogue) -> list[dict[str, Any]]:
    levels = catalogue.settings.classifications
    finance: dict[str, Any] = {"department": "Finance", "owner": "Chief Finance Officer"}
    if len(levels) > 1:
        finance["classification"] = levels[1]  # OFFICIAL-SENSITIVE in the usual scheme
    return [
        {"pattern": "Finance/**", "set": finance},
        {"pattern": "Housing/**", "set": {"department": "Housing", "owner": "Head of Housing"}},
    ]


def _harvest(runner: Any, source: Source) -> HarvestRun:
    run: HarvestRun = runner.run(source, trigger="demo")
    if run.status != "succeeded":
        raise DemoLoadError(f"harvesting demo source {source.name} {run.status}: {run.message}")
    return run


def _ids_by_key(catalogue: Catalogue, source_id: int) -> dict[str, int]:
    from sqlalchemy import select

    from catalogue.models import Asset

    with catalogue.sessions() as session:
        rows = session.execute(select(Asset.key, Asset.id).where(Asset.source_id == source_id))
        return {row[0]: row[1] for row in rows}


def _version(catalogue: Catalogue, asset_id: int) -> int:
    from catalogue.models import Asset

    with catalogue.sessions() as session:
        asset = session.get(Asset, asset_id)
        assert asset is not None
        return asset.version


def _all_groups(demo_sources: list[DemoSource]) -> set[str]:
    """Every access group the demo uses, so its curator may edit the restricted entries too."""
    groups: set[str] = set()
    for demo in demo_sources:
        for record in demo.records:
            groups.update(record.fields.get("access_groups") or ())
        for changes in demo.curated.values():
            curated_groups = changes.get("access_groups") or ()
            assert isinstance(curated_groups, list | tuple)
            groups.update(str(g) for g in curated_groups)
    return groups
