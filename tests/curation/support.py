"""The curation tests' catalogue: a housing database and a shared drive, with owners, stewards and
departments to tell a curator's own assets from other people's; and request headers for test principals."""

from __future__ import annotations

from typing import Any

from harvesters.base import Record


def as_(
    role: str = "viewer",
    clearance: str = "SECRET",
    *,
    person: str | None = None,
    departments: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
) -> dict[str, str]:
    """Request headers for the test principal loader (tests/conftest.py: header_principal)."""
    headers = {
        "X-Test-Principal": clearance + (";" + ",".join(groups) if groups else ""),
        "X-Test-Role": role,
    }
    if person:
        headers["X-Test-Person"] = person
    if departments:
        headers["X-Test-Departments"] = ",".join(departments)
    return headers


ANN = as_("curator", person="Ann Lee")  # owns tenancies and rent; stewards repairs
BOB = as_("curator", person="Bob Kaur")  # owns repairs
HOUSING_CURATOR = as_("curator", person="Nobody Named", departments=("Housing",))
OFFICER = as_("opendata")
ADMIN = as_("admin")
VIEWER = as_("viewer")


def _record(key: str, title: str, parent: str | None = None, **fields: Any) -> Record:
    return Record(key=key, parent_key=parent, fields={"title": title, **fields})


HOUSING = [
    _record("housing", "Housing database", kind="database", classification="OFFICIAL", department="Housing"),
    _record(
        "public.tenancies",
        "Tenancies",
        "housing",
        kind="table",
        classification="OFFICIAL-SENSITIVE",
        department="Housing",
        owner="Ann Lee",
        description="Council tenancies and tenants.",
        tags=["tenancy"],
        review_due="2020-01-01",
    ),
    _record(
        "public.rent",
        "Rent accounts",
        "housing",
        kind="table",
        department="Housing",
        owner="Ann Lee",
    ),
    _record(
        "public.repairs",
        "Repairs backlog",
        "housing",
        kind="table",
        classification="OFFICIAL",
        department="Housing",
        owner="Bob Kaur",
        steward="Ann Lee",
        description="Outstanding repairs.",
    ),
    _record(
        "public.fraud",
        "Tenancy fraud cases",
        "housing",
        kind="table",
        classification="SECRET",
        department="Housing",
        owner="Ann Lee",
        description="Investigations.",
    ),
]
DRIVE = [
    _record(
        "parks/trees.csv",
        "Tree survey",
        kind="file",
        classification="OFFICIAL",
        department="Parks",
        owner="Cara Green",
        description="Every council tree.",
        lifecycle="gone",
    ),
    _record(
        "parks/budget.xlsx",
        "Parks budget",
        kind="spreadsheet",
        classification="OFFICIAL",
        department="Parks",
        owner="Cara Green",
        description="Parks spending.",
    ),
]
SHORT = {
    "public.tenancies": "tenancies",
    "public.rent": "rent",
    "public.repairs": "repairs",
    "public.fraud": "fraud",
    "parks/trees.csv": "trees",
    "parks/budget.xlsx": "budget",
}


def load(catalogue: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for (name, kind), records in {
        ("housing-db", "database"): HOUSING,
        ("drive", "filesystem"): DRIVE,
    }.items():
        source = catalogue.store.ensure_source(name, kind)
        counts = catalogue.store.apply_records(source, records)
        for record, asset_id in zip(records, counts.changed_ids, strict=True):
            found[SHORT.get(record.key, record.key)] = asset_id
    return found
