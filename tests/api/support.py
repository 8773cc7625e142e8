"""The API tests' catalogue: two sources, assets at every classification, one restricted to a group, and an
OFFICIAL asset whose parent is SECRET; and request headers for the test principals."""

from __future__ import annotations

from typing import Any

from harvesters.base import Column, Record

# who sees what (SECRET;hr sees everything)
OFFICIAL_KEYS = {"finance", "council_tax", "parking", "reports", "budget", "readme"}
ALL_KEYS = OFFICIAL_KEYS | {"fraud", "payroll", "housing", "investigations"}


def as_(clearance: str, *groups: str, role: str | None = None) -> dict[str, str]:
    """Request headers for the test principal loader."""
    headers = {"X-Test-Principal": clearance + (";" + ",".join(groups) if groups else "")}
    if role:
        headers["X-Test-Role"] = role
    return headers


EVERYONE = as_("SECRET", "hr")
READER = as_("OFFICIAL")
# a curator of Ann Lee's assets and of Finance's (the curation policy lets curators edit only those)
CURATOR = {**as_("SECRET", "hr", role="curator"), "X-Test-Person": "Ann Lee", "X-Test-Departments": "Finance"}


def _record(key: str, title: str, parent: str | None = None, **fields: Any) -> Record:
    columns = fields.pop("columns", ())
    return Record(key=key, parent_key=parent, fields={"title": title, **fields}, columns=columns)


DATABASE = [
    _record(
        "finance",
        "Finance warehouse",
        kind="database",
        classification="OFFICIAL",
        department="Finance",
        owner="Ann Lee",
    ),
    _record(
        "public.council_tax",
        "Council tax accounts",
        "finance",
        kind="table",
        classification="OFFICIAL",
        department="Finance",
        owner="Ann Lee",
        tags=["revenue", "council tax"],
        format="postgresql",
        location="postgresql://db.example/finance",
        personal_data="personal",
        modified_at_source="2024-03-01T09:30:00+00:00",
        description="Accounts of council tax payers",
        columns=[
            Column("account_id", "integer", nullable=False, primary_key=True),
            Column("balance", "numeric", nullable=True, default="0", comment="Amount owed"),
        ],
    ),
    _record(
        "public.parking_permits",
        "Parking permits",
        "finance",
        kind="table",
        classification="OFFICIAL",
        department="Transport",
        owner="Bob Kaur",
        tags=["parking"],
        modified_at_source="2023-01-15T12:00:00Z",
    ),
    _record(
        "public.fraud_cases",
        "Fraud investigations",
        "finance",
        kind="table",
        classification="SECRET",
        department="Finance",
        owner="Carol Jones",
        tags=["fraud"],
        modified_at_source="2024-06-01T08:00:00Z",
    ),
    _record(
        "public.payroll",
        "Payroll ledger",
        "finance",
        kind="table",
        classification="OFFICIAL",
        access_groups=["hr"],
        department="Human resources",
        owner="Dan Moss",
        modified_at_source="2021-05-05T10:00:00Z",
    ),
]

DRIVE = [
    _record("reports", "Reports", kind="folder", classification="OFFICIAL", department="Finance"),
    _record(
        "reports/budget-2024.xlsx",
        "Budget 2024",
        "reports",
        kind="spreadsheet",
        classification="OFFICIAL",
        department="Finance",
        owner="Ann Lee",
        tags=["revenue"],
        modified_at_source="2024-01-10T16:00:00Z",
        format="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    _record(
        "reports/housing-repairs.docx",
        "Housing repairs backlog",
        "reports",
        kind="document",
        classification="OFFICIAL-SENSITIVE",
        department="Housing",
        modified_at_source="2022-11-05T11:00:00Z",
    ),
    _record("secret", "Investigations folder", kind="folder", classification="SECRET", department="Audit"),
    _record(
        "secret/readme.txt",
        "Investigations readme",
        "secret",
        kind="file",
        classification="OFFICIAL",
        department="Audit",
    ),
]

SHORT_KEYS = {
    "public.council_tax": "council_tax",
    "public.parking_permits": "parking",
    "public.fraud_cases": "fraud",
    "public.payroll": "payroll",
    "reports/budget-2024.xlsx": "budget",
    "reports/housing-repairs.docx": "housing",
    "secret": "investigations",
    "secret/readme.txt": "readme",
}
