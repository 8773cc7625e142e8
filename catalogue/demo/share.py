"""The demo file share: a small but real "W drive" of two departments, written to disk so the demo can
harvest it with the file-share harvester (Word documents with their properties, workbooks including a
shadow database and a macro-enabled tracker, PDFs, CSV extracts, and one document saved in two places).
Most of it is readable by everyone at source; a few folders and files of personal data are not.

`write_share(target)` is deterministic: the same files, contents, modified times and permissions every
time, so a second harvest of a rewritten share changes nothing (it reads every file again, though:
rewriting a file moves its change time, which the file-share harvester watches).
"""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SHARE_FOLDER = "demo-share"
BASE = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
MONTHS = ["April", "May", "June", "July", "August", "September"]
SHADOW_ROWS = 1_240
# Kept from everyone else at source (owner and group only); the rest of the share is readable by everyone
RESTRICTED = (
    "Finance/Counter fraud",
    "Housing/Allocations/Housing register extract.csv",
    "Housing/Homelessness/Temporary accommodation placements.xlsx",
)

Writer = Callable[[Path], None]


def share_path(data_dir: Path) -> Path:
    return data_dir / SHARE_FOLDER


def write_share(target: Path, seed: int = 2026) -> list[Path]:
    """Write the demo share into `target` (replacing what is there); returns the files written."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written: list[Path] = []
    for index, (relative, writer) in enumerate(_plan(rng)):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        writer(path)
        stamp = (BASE + timedelta(days=index * 3, minutes=index * 7)).timestamp()
        os.utime(path, (stamp, stamp))
        written.append(path)
    folders = sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts))
    for path in [*written, *folders, target]:
        path.chmod(_mode(path.relative_to(target).as_posix(), path.is_dir()))
    for folder in [*folders, target]:
        os.utime(folder, (BASE.timestamp(), BASE.timestamp()))
    return written


def _mode(relative: str, is_dir: bool) -> int:
    """The same permissions whatever the umask: open to everyone, but for the restricted paths."""
    restricted = any(relative == path or relative.startswith(f"{path}/") for path in RESTRICTED)
    return (0o750 if is_dir else 0o640) if restricted else (0o755 if is_dir else 0o644)


# ----- what goes where ----------------------------------------------------------------------------------


def _plan(rng: random.Random) -> list[tuple[str, Writer]]:
    plan: list[tuple[str, Writer]] = []
    fin, hou = "Finance", "Housing"
    for year in ("2024-25", "2025-26"):
        for quarter in range(1, 5):
            plan.append(
                (
                    f"{fin}/Budgets/{year}/Budget monitoring {year} Q{quarter}.xlsx",
                    _budget(rng, year, quarter),
                )
            )
        plan.append(
            (
                f"{fin}/Budgets/{year}/Budget book {year}.docx",
                _docx(
                    f"Budget book {year}",
                    "J. Okafor",
                    "Revenue and capital budgets approved by Full Council.",
                    "budget, revenue, capital",
                    [f"The council's net revenue budget for {year}.", "Service budgets by directorate."],
                ),
            )
        )
    for month in MONTHS:
        plan.append((f"{fin}/Creditors/Supplier payments over 500 - {month} 2025.csv", _payments(rng, month)))
    plan += [
        (f"{fin}/Debt recovery/Debtors master list.xlsx", _shadow_database(rng)),
        (f"{fin}/Debt recovery/Sundry debt tracker.xlsm", _tracker(rng)),
        (f"{fin}/Debt recovery/Write-off approvals 2025.csv", _write_offs(rng)),
        (
            f"{fin}/Audit/Internal audit report - Procurement cards.pdf",
            _pdf("Internal audit report: procurement cards", "Internal Audit", "audit, procurement cards"),
        ),
        (
            f"{fin}/Audit/Statement of accounts 2024-25.pdf",
            _pdf("Statement of accounts 2024-25", "Chief Finance Officer", "accounts, statutory"),
        ),
        (f"{fin}/Policies/Financial regulations.docx", _FIN_REGS),
        (
            f"{fin}/Policies/Contract procedure rules.pdf",
            _pdf("Contract procedure rules", "Procurement", "procurement, contracts"),
        ),
        (
            f"{fin}/Policies/Anti-fraud and corruption strategy.docx",
            _docx(
                "Anti-fraud and corruption strategy",
                "Counter Fraud Team",
                "How the council prevents, detects and responds to fraud.",
                "fraud, corruption, whistleblowing",
                ["Zero tolerance of fraud.", "Reporting concerns."],
            ),
        ),
        (f"{fin}/Counter fraud/Fraud referral log.xlsx", _referrals(rng)),
        (f"{hou}/Allocations/Housing register extract.csv", _register(rng)),
        (
            f"{hou}/Allocations/Allocations policy 2025.docx",
            _docx(
                "Housing allocations policy 2025",
                "Housing Options",
                "Who qualifies for social housing and how homes are let.",
                "allocations, housing register, choice based lettings",
                ["Eligibility and qualification.", "Banding and priority."],
            ),
        ),
        (f"{hou}/Repairs/Responsive repairs tracker.xlsx", _repairs(rng)),
        (f"{hou}/Repairs/Void properties.csv", _voids(rng)),
        (
            f"{hou}/Tenancy/Tenancy agreement template.docx",
            _docx(
                "Secure tenancy agreement",
                "Tenancy Services",
                "The standard agreement signed by new secure tenants.",
                "tenancy, agreement, template",
                ["Your rights as a tenant.", "Our obligations as your landlord."],
            ),
        ),
        (
            f"{hou}/Tenancy/Tenant handbook.pdf",
            _pdf("Tenant handbook", "Tenancy Services", "tenants, handbook, repairs"),
        ),
        (f"{hou}/Homelessness/Temporary accommodation placements.xlsx", _placements(rng)),
        (
            f"{hou}/Homelessness/Homelessness strategy 2023-2028.docx",
            _docx(
                "Homelessness and rough sleeping strategy 2023-2028",
                "Housing Options",
                "Priorities for preventing homelessness.",
                "homelessness, rough sleeping, strategy",
                ["Prevention first.", "Ending rough sleeping."],
            ),
        ),
        (f"{hou}/Policies/Financial regulations.docx", _FIN_REGS),  # the same file saved twice
    ]
    for number, month in enumerate(MONTHS, start=1):
        plan.append(
            (
                f"{hou}/Meetings/2025/Housing management team minutes {number:02d} {month}.docx",
                _docx(
                    f"Housing management team minutes - {month} 2025",
                    "Housing Business Support",
                    "Minutes of the monthly housing management team meeting.",
                    "minutes, housing management team",
                    [f"Present: {', '.join(rng.sample(_PEOPLE, 4))}.", "Actions from the last meeting."],
                ),
            )
        )
        plan.append((f"{hou}/Performance/Rent arrears {month} 2025.csv", _arrears(rng, month)))
    return plan


_PEOPLE = [
    "A. Patel",
    "B. Nowak",
    "C. Hughes",
    "D. Mensah",
    "E. O'Brien",
    "F. Khan",
    "G. Lewis",
    "H. Zhang",
    "I. Murphy",
    "K. Evans",
]
_STREETS = [
    "Albert Road",
    "Mill Lane",
    "Station Street",
    "Church Walk",
    "Park View",
    "Canal Side",
    "Elm Grove",
]
_SUPPLIERS = ["Amey", "Kier", "Veolia", "Capita", "Civica", "Jacobs", "Biffa", "Mitie", "Serco", "Sodexo"]


# ----- writers ------------------------------------------------------------------------------------------


def _docx(title: str, author: str, subject: str, keywords: str, paragraphs: list[str]) -> Writer:
    def write(path: Path) -> None:
        from docx import Document

        document = Document()
        document.add_heading(title, 1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        props = document.core_properties
        props.title, props.author, props.subject, props.keywords = title, author, subject, keywords
        props.last_modified_by = author
        props.created = datetime(2023, 6, 1, 10, 0)
        props.modified = datetime(2025, 3, 14, 16, 30)
        props.revision = 3
        document.save(str(path))

    return write


def _once(writer: Writer) -> Writer:
    """A writer that writes its bytes once and copies them after, so the copies are identical."""
    cache: dict[str, bytes] = {}

    def write(path: Path) -> None:
        if "bytes" not in cache:
            writer(path)
            cache["bytes"] = path.read_bytes()
        else:
            path.write_bytes(cache["bytes"])

    return write


_FIN_REGS = _once(
    _docx(
        "Financial regulations",
        "Chief Finance Officer",
        "The rules for managing the council's money.",
        "financial regulations, governance",
        ["Responsibilities of chief officers.", "Budget virement limits.", "Income and expenditure."],
    )
)


def _pdf(title: str, author: str, keywords: str) -> Writer:
    def write(path: Path) -> None:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.add_metadata(
            {
                "/Title": title,
                "/Author": author,
                "/Keywords": keywords,
                "/Subject": title,
                "/CreationDate": "D:20240912093000Z",
                "/ModDate": "D:20250110141500Z",
            }
        )
        with path.open("wb") as handle:
            writer.write(handle)

    return write


def _workbook(sheets: dict[str, list[list[object]]], props: tuple[str, str] | None = None) -> Writer:
    def write(path: Path) -> None:
        from openpyxl import Workbook

        book = Workbook()
        first = True
        for name, rows in sheets.items():
            sheet = book.active if first else book.create_sheet()
            assert sheet is not None
            sheet.title = name
            first = False
            for row in rows:
                sheet.append(row)
        if props:
            book.properties.title, book.properties.creator = props
        book.properties.created = book.properties.modified = datetime(2024, 5, 2, 8, 0)
        book.save(str(path))

    return write


def _csv(header: list[str], rows: Sequence[Sequence[object]]) -> Writer:
    def write(path: Path) -> None:
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")

    return write


def _day(rng: random.Random, start: date = date(2024, 4, 1), span: int = 540) -> date:
    return start + timedelta(days=rng.randrange(span))


def _budget(rng: random.Random, year: str, quarter: int) -> Writer:
    services = ["Adult social care", "Children's services", "Highways", "Waste", "Housing", "Libraries"]
    rows: list[list[object]] = [["Service", "Budget", "Forecast", "Variance"]]
    for service in services:
        budget = rng.randrange(2_000_000, 40_000_000, 1000)
        forecast = budget + rng.randrange(-500_000, 900_000, 1000)
        rows.append([service, budget, forecast, forecast - budget])
    return _workbook(
        {f"Q{quarter}": rows}, (f"Budget monitoring {year} Q{quarter}", "Finance Business Partner")
    )


def _payments(rng: random.Random, month: str) -> Writer:
    rows = [
        [
            f"{_day(rng).isoformat()}",
            rng.choice(_SUPPLIERS),
            rng.choice(["Highways", "Waste", "ICT"]),
            f"{rng.uniform(500, 90_000):.2f}",
        ]
        for _ in range(rng.randrange(25, 60))
    ]
    return _csv(["Date", "Supplier", "Service", "Amount"], rows)


def _shadow_database(rng: random.Random) -> Writer:
    header: list[object] = ["Debtor ref", "Name", "Address", "Invoice", "Raised", "Amount", "Status"]
    rows: list[list[object]] = [header]
    for n in range(SHADOW_ROWS):
        rows.append(
            [
                f"SD{100000 + n}",
                f"{rng.choice(_PEOPLE)} Ltd" if n % 3 == 0 else rng.choice(_PEOPLE),
                f"{rng.randrange(1, 200)} {rng.choice(_STREETS)}",
                f"INV-{rng.randrange(10**6, 10**7)}",
                _day(rng),
                round(rng.uniform(20, 12_000), 2),
                rng.choice(["Open", "Reminder", "Final notice", "Legal", "Paid"]),
            ]
        )
    notes: list[list[object]] = [["Note"], ["Kept by the debt team since the old system was switched off."]]
    return _workbook({"Debtors": rows, "Notes": notes}, ("Debtors master list", "Debt Recovery Team"))


def _tracker(rng: random.Random) -> Writer:
    rows: list[list[object]] = [["Case", "Debtor", "Stage", "Next action"]]
    rows += [[f"C{n:04d}", rng.choice(_PEOPLE), rng.randrange(1, 5), _day(rng)] for n in range(80)]
    return _workbook({"Tracker": rows}, ("Sundry debt tracker", "Debt Recovery Team"))


def _write_offs(rng: random.Random) -> Writer:
    rows = [
        [f"SD{rng.randrange(100000, 101240)}", f"{rng.uniform(5, 3000):.2f}", rng.choice(_PEOPLE)]
        for _ in range(40)
    ]
    return _csv(["Debtor ref", "Amount", "Approved by"], rows)


def _referrals(rng: random.Random) -> Writer:
    rows: list[list[object]] = [["Referral", "Received", "Type", "Officer", "Outcome"]]
    kinds = ["Blue badge", "Council tax discount", "Tenancy", "Procurement", "Payroll"]
    rows += [
        [f"FR{n:03d}", _day(rng), rng.choice(kinds), rng.choice(_PEOPLE), rng.choice(["Open", "NFA"])]
        for n in range(150)
    ]
    return _workbook({"Referrals": rows}, ("Fraud referral log", "Counter Fraud Team"))


def _register(rng: random.Random) -> Writer:
    rows = [
        [f"HR{n:05d}", rng.choice("ABCD"), rng.randrange(1, 5), _day(rng).isoformat()] for n in range(300)
    ]
    return _csv(["Application", "Band", "Bedrooms needed", "Registered"], rows)


def _repairs(rng: random.Random) -> Writer:
    rows: list[list[object]] = [["Job", "Address", "Trade", "Priority", "Raised", "Completed"]]
    for n in range(400):
        raised = _day(rng)
        rows.append(
            [
                f"J{n:05d}",
                f"{rng.randrange(1, 200)} {rng.choice(_STREETS)}",
                rng.choice(["Plumbing", "Electrical", "Roofing", "Joinery"]),
                rng.choice(["P1", "P2", "P3"]),
                raised,
                raised + timedelta(days=rng.randrange(1, 40)),
            ]
        )
    return _workbook({"Jobs": rows}, ("Responsive repairs tracker", "Repairs Team"))


def _voids(rng: random.Random) -> Writer:
    rows = [
        [f"{rng.randrange(1, 200)} {rng.choice(_STREETS)}", _day(rng).isoformat(), rng.randrange(5, 90)]
        for _ in range(60)
    ]
    return _csv(["Address", "Void from", "Days void"], rows)


def _placements(rng: random.Random) -> Writer:
    rows: list[list[object]] = [["Household", "Placed", "Type", "Nightly cost"]]
    rows += [
        [f"HH{n:04d}", _day(rng), rng.choice(["B&B", "Hostel", "Private"]), rng.randrange(40, 120)]
        for n in range(220)
    ]
    return _workbook({"Placements": rows}, ("Temporary accommodation placements", "Housing Options"))


def _arrears(rng: random.Random, month: str) -> Writer:
    rows = [
        [f"T{rng.randrange(10000, 99999)}", f"{rng.uniform(50, 4000):.2f}", rng.randrange(1, 30)]
        for _ in range(rng.randrange(80, 140))
    ]
    return _csv(["Tenancy", "Arrears", "Weeks"], rows)
