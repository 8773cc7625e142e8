"""Builds the demo catalogue: the bundled demo sources go through the same store path as a harvest, then
a few curators' edits are applied on top, so the demo shows "source says" beside curated values."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from catalogue.access import Principal
from catalogue.runtime import Catalogue

if TYPE_CHECKING:
    from catalogue.demo.sources import DemoSource

DEMO_CURATOR = "demo-curator"


def has_assets(catalogue: Catalogue) -> bool:
    from sqlalchemy import func, select

    from catalogue.models import Asset

    with catalogue.sessions() as session:
        return bool(session.scalar(select(func.count()).select_from(Asset)))


def load_demo(catalogue: Catalogue, progress: Callable[[str, int], None] | None = None) -> int:
    """Fill an empty catalogue with the demo sources; returns the number of assets created."""
    from catalogue.demo.sources import build_demo_sources

    store = catalogue.store
    demo_sources = build_demo_sources()
    curator = Principal(
        DEMO_CURATOR, catalogue.scheme.highest, role="curator", groups=frozenset(_all_groups(demo_sources))
    )
    total = 0
    for demo in demo_sources:
        source = store.ensure_source(demo.name, demo.kind, demo.title)
        counts = store.apply_records(source, demo.records)
        total += counts.added
        ids = _ids_by_key(catalogue, source.id)
        for key, changes in demo.curated.items():
            asset_id = ids[key]
            version = _version(catalogue, asset_id)
            store.curate(asset_id, changes, curator, version)
        if progress:
            progress(demo.title, counts.added)
    return total


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
