"""A council's register as councils keep them: a title merged across the top, a note, a blank line, then the
header; UK dates typed as text and as Excel dates, Yes/No for personal data, a blank row, and two bad rows
(an unknown classification on row 7, an impossible date on row 9)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from catalogue.models import Person

HEADER = [
    "Ref",
    "Information asset",
    "Description",
    "IAO",
    "Service",
    "Protective marking",
    "Contains personal data",
    "Retention period",
    "Review date",
    "Format",
    "Keywords",
    "Comments",
]

# spreadsheet row number -> the row's cells (None: a blank row)
ROWS: dict[int, list[Any] | None] = {
    5: [
        "IAR-001",
        "Council tax accounts",
        "Accounts of council tax payers",
        "Ann Lee",
        "Finance",
        "OFFICIAL",
        "Yes",
        "6 years after closure",
        "01/04/2025",
        "Database",
        "revenue; council tax",
        "checked 2024",
    ],
    6: [
        "IAR-002",
        "Planning applications",
        "Applications and decisions",
        "Bob Smith",
        "Planning",
        "official sensitive",
        "No",
        "Permanent",
        datetime(2025, 6, 30),
        "Paper",
        None,
        None,
    ],
    7: [
        "IAR-003",
        "Fraud case files",
        "Investigations",
        "Cat Jones",
        "Audit",
        "RESTRICTED",
        "Yes",
        "7 years",
        "15/09/2025",
        "Paper",
        None,
        None,
    ],
    8: None,
    9: [
        "IAR-004",
        "Housing waiting list",
        "Applicants for social housing",
        "Dan Brown",
        "Housing",
        "OFFICIAL-SENSITIVE",
        "yes",
        "2 years",
        "31/02/2025",
        "Database",
        None,
        None,
    ],
    10: [
        "IAR-005",
        "Staff payroll",
        "Salaries and deductions",
        "Eve Green",
        "Human Resources",
        "SECRET",
        "Special category",
        "7 years",
        "2026-01-15",
        "Application",
        "pay, staff",
        None,
    ],
    11: [
        "IAR-006",
        "Parks bookings",
        "Bookings of pitches and pavilions",
        "Ann Lee",
        "Parks",
        "Official",
        "No",
        "1 year",
        "30/11/2025",
        "Spreadsheet",
        None,
        None,
    ],
}
GOOD_ROWS = {"IAR-001": 5, "IAR-002": 6, "IAR-005": 10, "IAR-006": 11}
PEOPLE = ("Ann Lee", "Bob Smith", "Cat Jones", "Dan Brown")


def add_people(catalogue: Any, names: tuple[str, ...] = PEOPLE) -> None:
    with catalogue.sessions.begin() as session:
        session.add_all(Person(name=name) for name in names)


def rows(changes: dict[tuple[int, int], Any] | None = None) -> dict[int, list[Any] | None]:
    """ROWS with some cells changed: (row number, column index) -> value."""
    copied = {n: (list(r) if r is not None else None) for n, r in ROWS.items()}
    for (number, column), value in (changes or {}).items():
        row = copied[number]
        assert row is not None
        row[column] = value
    return copied


def write_xlsx(path: Path, changes: dict[tuple[int, int], Any] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IAR 2025"
    sheet["A1"] = "Anytown Borough Council: Information Asset Register"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A2"] = "Maintained by Information Governance. Last reviewed March 2025."
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    for column, text in enumerate(HEADER, start=1):
        sheet.cell(row=4, column=column, value=text)
    for number, cells in rows(changes).items():
        for column, value in enumerate(cells or [], start=1):
            sheet.cell(row=number, column=column, value=value)
    notes = book.create_sheet("Notes")
    notes["A1"] = "Not the register"
    book.save(path)
    return path


def write_csv(path: Path, changes: dict[tuple[int, int], Any] | None = None, delimiter: str = ",") -> Path:
    """The same register as CSV (no title rows): line 1 is the header, so row n of the sheet is line n-3."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(HEADER)
        for cells in rows(changes).values():
            values = [v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in cells or []]
            writer.writerow(values)
    return path
