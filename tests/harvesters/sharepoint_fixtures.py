"""Fixtures for the SharePoint tests: the test Graph server with a small tenant, a catalogue, and the real
harvester (real msal, real requests) whose only change is that it records throttling waits instead of
sleeping through them. Test modules import the fixtures they use from here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from graph_server import GraphServer, Tenant
from sqlalchemy import select

from catalogue.config import load_settings
from catalogue.harvest.registry import REGISTRY
from catalogue.models import Asset, HarvestRun, Source
from catalogue.runtime import Catalogue
from harvesters.sharepoint import SharePointHarvester

ANON_LINK = {"id": "p1", "roles": ["read"], "link": {"scope": "anonymous", "type": "view"}}
ORG_LINK = {"id": "p2", "roles": ["read"], "link": {"scope": "organization", "type": "view"}}
DIRECT = {"id": "p3", "roles": ["write"], "grantedToV2": {"user": {"displayName": "Cat Dee"}}}
INHERITED = {
    "id": "p4",
    "roles": ["owner"],
    "grantedToV2": {"group": {"displayName": "Owners"}},
    "inheritedFrom": {},
}


class Stop(BaseException):
    """Stands in for the process dying mid-run (not an Exception, like KeyboardInterrupt)."""


@dataclass
class Waits:
    """What the harvester was asked to wait, and optionally a wait that kills the run."""

    seconds: list[float] = field(default_factory=list)
    stop_at: int | None = None  # the n-th wait raises Stop


class RecordingSharePoint(SharePointHarvester):
    """The real harvester; only its throttling waits are recorded rather than slept."""

    waits: ClassVar[Waits] = Waits()

    def pause(self, seconds: float) -> None:
        waits = type(self).waits
        waits.seconds.append(seconds)
        if waits.stop_at is not None and len(waits.seconds) >= waits.stop_at:
            raise Stop


@dataclass
class Farm:
    """The test tenant's named parts."""

    tenant: Tenant
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def build_farm(tenant: Tenant) -> Farm:
    farm = Farm(tenant)
    finance = farm.objects["finance"] = tenant.add_site("Finance", "Finance team")
    docs = farm.objects["docs"] = tenant.add_drive(finance, "Documents", owner="Finance Owners")
    budgets = farm.objects["budgets"] = tenant.put(docs, "Budgets", folder=True)
    farm.objects["budget"] = tenant.put(
        docs,
        "budget 2024.pdf",
        budgets,
        content=b"%PDF-1.4 budget 2024",
        created_by="Ann Lee",
        modified_by="Bob Cole",
    )
    farm.objects["notes"] = tenant.put(
        docs, "notes.txt", content=b"meeting notes\n", permissions=[ANON_LINK, INHERITED]
    )
    farm.objects["plan"] = tenant.put(
        docs,
        "plan.txt",
        budgets,
        content=b"the plan\n",
        permissions=[ORG_LINK],
        retention_label="Finance 7 years",
    )
    farm.objects["memo"] = tenant.put(docs, "memo.txt", budgets, content=b"memo\n", permissions=[DIRECT])
    for number in range(6):
        tenant.put(docs, f"invoice-{number}.txt", budgets, content=f"invoice {number}\n".encode())
    farm.objects["suppliers"] = tenant.add_list(
        finance,
        "Suppliers",
        "Suppliers",
        items=7,
        columns=[
            {"name": "Title", "displayName": "Supplier", "text": {}, "required": True},
            {"name": "Spend", "displayName": "Annual spend", "currency": {}, "description": "GBP"},
            {"name": "_Hidden", "displayName": "Hidden", "text": {}, "hidden": True},
        ],
    )
    tenant.add_list(finance, "Hidden", "Workflow tasks", hidden=True)
    tenant.add_list(finance, "SysList", "Master pages", system=True)
    tenant.add_list(finance, "Shared Documents", "Documents", template="documentLibrary")
    hr = farm.objects["hr"] = tenant.add_site("HR", "Human resources")
    hr_docs = farm.objects["hr_docs"] = tenant.add_drive(hr, "Policies", owner="HR Owners")
    for number in range(4):
        tenant.put(hr_docs, f"policy-{number}.txt", content=f"policy {number}\n".encode())
    tenant.add_site("Me", "Someone's OneDrive", personal=True)
    return farm


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[GraphServer]:
    with GraphServer(tmp_path) as server:
        yield server


@pytest.fixture
def farm(graph: GraphServer) -> Farm:
    return build_farm(graph.tenant)


@pytest.fixture
def waits() -> Iterator[Waits]:
    RecordingSharePoint.waits = Waits()
    REGISTRY.register(RecordingSharePoint, kind="sharepoint")
    yield RecordingSharePoint.waits
    REGISTRY.unregister("sharepoint")


@pytest.fixture
def cat(tmp_path: Path, database_url: str) -> Iterator[Catalogue]:
    values = {
        "data_dir": str(tmp_path / "data"),
        "database_url": database_url,
        "secret_key": "test-instance-key",
    }
    catalogue = Catalogue.open(load_settings(environ={}, overrides=values), migrate=True)
    yield catalogue
    catalogue.close()


def add_source(cat: Catalogue, graph: GraphServer, name: str = "sharepoint", **config: Any) -> Source:
    return cat.sources.create(name, "sharepoint", graph.config(**config), actor="test")


def harvest(cat: Catalogue, source: Source, **options: Any) -> HarvestRun:
    return cat.harvest_runner().run(source, **options)


def assets(cat: Catalogue, source: Source) -> dict[str, Asset]:
    with cat.sessions() as session:
        return {a.key: a for a in session.scalars(select(Asset).where(Asset.source_id == source.id))}


def stored_state(cat: Catalogue, source: Source) -> dict[str, Any]:
    with cat.sessions() as session:
        found = session.get(Source, source.id)
        assert found is not None
        return dict(found.state or {})
