"""The HTML pages' catalogue: a highways database with tables at every classification (one restricted to a
group), and a shared drive with a licensing folder. Short names map to asset ids."""

from __future__ import annotations

from typing import Any

import pytest

from harvesters.base import Column, Record


def _record(key: str, title: str, parent: str | None = None, **fields: Any) -> Record:
    columns = fields.pop("columns", ())
    return Record(key=key, parent_key=parent, fields={"title": title, **fields}, columns=columns)


HIGHWAYS = [
    _record(
        "highways",
        "Highways warehouse",
        kind="database",
        classification="OFFICIAL",
        department="Transport",
        owner="Ann Lee",
        location="postgresql://reader:hunter2@db.example:5432/highways",
    ),
    _record(
        "public.parking_permits",
        "Parking permits",
        "highways",
        kind="table",
        classification="OFFICIAL",
        department="Transport",
        owner="Bob Kaur",
        tags=["parking", "permits"],
        description="Resident and business parking permits issued by the council.",
        modified_at_source="2024-03-01T09:30:00+00:00",
        row_count=120345,
        personal_data="personal",
        columns=[
            Column("permit_id", "integer", nullable=False, primary_key=True),
            Column("holder_name", "text", nullable=True, comment="Name on the permit"),
            Column("issued", "date", nullable=False, default="now()"),
        ],
    ),
    _record(
        "public.parking_fines",
        "Parking fines",
        "highways",
        kind="table",
        classification="OFFICIAL",
        department="Transport",
        owner="Ann Lee",
        tags=["parking", "enforcement"],
        description="Penalty charge notices for parking contraventions.",
        modified_at_source="2023-06-15T12:00:00Z",
    ),
    _record(
        "public.parking_wardens",
        "Civil enforcement officers",
        "highways",
        kind="table",
        classification="OFFICIAL",
        department="Human resources",
        owner="Dan Moss",
        description="Rota of parking wardens.",
        modified_at_source="2022-01-10T08:00:00Z",
    ),
    _record(
        "public.parking_appeals",
        "Parking appeals tribunal",
        "highways",
        kind="table",
        classification="SECRET",
        department="Legal",
        owner="Eve Hidden",
        tags=["parking"],
        description="Appeals against parking fines.",
    ),
    _record(
        "public.parking_payroll",
        "Parking payroll",
        "highways",
        kind="table",
        classification="OFFICIAL",
        access_groups=["hr"],
        department="Payroll office",
        owner="Fay Grouped",
        tags=["parking"],
    ),
]

DRIVE = [
    _record(
        "licensing",
        "Licensing",
        kind="folder",
        classification="OFFICIAL",
        department="Licensing",
        location="\\\\fs01\\licensing",
    ),
    _record(
        "licensing/taxi.xlsx",
        "Taxi licence register",
        "licensing",
        kind="spreadsheet",
        classification="OFFICIAL",
        department="Licensing",
        owner="Gil Ford",
        tags=["taxis", "licences"],
        size_bytes=2_516_582,
        format="application/vnd.ms-excel",
        location="https://sharepoint.example/sites/licensing/taxi.xlsx",
        created_at_source="2021-02-03T14:05:00Z",
        review_due="2025-04-01",
    ),
    _record(
        "licensing/premises.csv",
        "Premises licences",
        "licensing",
        kind="file",
        classification="OFFICIAL",
        department="Licensing",
        location="file:///srv/licensing/premises.csv",
    ),
]

SHORT = {
    "public.parking_permits": "permits",
    "public.parking_fines": "fines",
    "public.parking_wardens": "wardens",
    "public.parking_appeals": "appeals",
    "public.parking_payroll": "payroll",
    "licensing/taxi.xlsx": "taxi",
    "licensing/premises.csv": "premises",
}
HIDDEN = {"appeals", "payroll"}  # from an OFFICIAL visitor without groups


def load(catalogue: Any, records_by_source: dict[tuple[str, str], list[Record]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for (name, kind), records in records_by_source.items():
        source = catalogue.store.ensure_source(name, kind)
        counts = catalogue.store.apply_records(source, records)
        for record, asset_id in zip(records, counts.changed_ids, strict=True):
            found[SHORT.get(record.key, record.key)] = asset_id
    return found


@pytest.fixture
def ids(catalogue: Any) -> dict[str, int]:
    return load(catalogue, {("highways-db", "database"): HIGHWAYS, ("shared-drive", "filesystem"): DRIVE})
