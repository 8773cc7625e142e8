"""Fixtures for the harvester tests: real Office, PDF and OpenDocument files made by their libraries, a
world-readable scratch folder, a non-root user, and a private Samba server."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import openpyxl
import pptx
import pytest
from pypdf import PdfWriter
from samba import SambaServer, SambaUnavailable, ensure_user, remove_user, start_samba, user_name
from sharepoint_fixtures import cat, farm, graph, waits  # noqa: F401 - the SharePoint tests' fixtures

REQUIRE_SERVICES = os.environ.get("CATALOGUE_REQUIRE_SERVICES") == "1"
CREATED = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def service_missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (CATALOGUE_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


# ----- real files ---------------------------------------------------------------------------------------


def write_pdf(path: Path, title: str = "", author: str = "", keywords: str = "", password: str = "") -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    meta = {"/Title": title, "/Author": author, "/Subject": "Quarterly figures", "/Keywords": keywords}
    writer.add_metadata({k: v for k, v in meta.items() if v} | {"/CreationDate": "D:20210304050607Z"})
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_docx(path: Path, title: str = "", author: str = "", keywords: str = "") -> Path:
    document = docx.Document()
    document.add_paragraph("Housing allocations policy.")
    props = document.core_properties
    props.title, props.author, props.keywords = title, author, keywords
    props.subject, props.last_modified_by, props.created = "Allocations", "Editor Person", CREATED
    document.save(str(path))
    return path


def write_pptx(path: Path, title: str = "") -> Path:
    deck = pptx.Presentation()
    deck.slides.add_slide(deck.slide_layouts[0]).shapes.title.text = "Hello"
    deck.core_properties.title = title
    deck.core_properties.author = "Presenter Person"
    deck.save(str(path))
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], title: str = "") -> Path:
    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.properties.title = title or None
    book.properties.creator = "Analyst Person"
    book.save(str(path))
    return path


def table(rows: int, columns: int, blank_rows: int = 0) -> list[list[Any]]:
    """A header row of names over `rows` rows of data, after `blank_rows` empty rows."""
    header = [f"Field {c}" for c in range(1, columns + 1)]
    return [[] for _ in range(blank_rows)] + [header] + [[r * c for c in range(columns)] for r in range(rows)]


def add_zip_members(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "a") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"'
)


def _odf_package(path: Path, mimetype: str, body: str, meta: str) -> Path:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    document = (
        f"<office:document-content {_ODF_NS}><office:body>{body}</office:body></office:document-content>"
    )
    content = head + document
    meta_xml = (
        f"{head}<office:document-meta {_ODF_NS}><office:meta>{meta}</office:meta></office:document-meta>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF requires
        package.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        package.writestr("meta.xml", meta_xml, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_odt(path: Path, title: str, author: str, keywords: Sequence[str]) -> Path:
    meta = (
        f"<dc:title>{title}</dc:title><meta:initial-creator>{author}</meta:initial-creator>"
        "<dc:creator>Last Editor</dc:creator><meta:creation-date>2020-01-02T03:04:05</meta:creation-date>"
        + "".join(f"<meta:keyword>{k}</meta:keyword>" for k in keywords)
    )
    body = "<office:text><text:p>Minutes of the meeting.</text:p></office:text>"
    return _odf_package(path, "application/vnd.oasis.opendocument.text", body, meta)


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[str]]], empty_tail: int = 0) -> Path:
    """Sheets of text cells; `empty_tail` trailing empty rows as one repeated row (as office suites do)."""
    tables = []
    for name, rows in sheets.items():
        cells = [
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
                for value in row
            )
            + '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
            for row in rows
        ]
        repeat = f'table:number-rows-repeated="{empty_tail}"'
        tail = f"<table:table-row {repeat}><table:table-cell/></table:table-row>" if empty_tail else ""
        tables.append(f'<table:table table:name="{name}">{"".join(cells)}{tail}</table:table>')
    body = f"<office:spreadsheet>{''.join(tables)}</office:spreadsheet>"
    meta = "<dc:title>Grants register</dc:title><meta:initial-creator>Grants Team</meta:initial-creator>"
    return _odf_package(path, "application/vnd.oasis.opendocument.spreadsheet", body, meta)


@pytest.fixture
def files() -> SimpleNamespace:
    """The file builders, for tests that make their own trees."""
    return SimpleNamespace(
        pdf=write_pdf,
        docx=write_docx,
        pptx=write_pptx,
        xlsx=write_xlsx,
        table=table,
        add_zip_members=add_zip_members,
        csv=write_csv,
        odt=write_odt,
        ods=write_ods,
    )


def build_council_tree(root: Path) -> Path:
    """A small departmental share: nested folders, documents of each kind, a duplicate, a big workbook."""
    (root / "Finance" / "Budgets" / "2024").mkdir(parents=True)
    (root / "HR").mkdir()
    write_pdf(root / "Finance" / "report.pdf", "Annual Report", "Finance Team", "budget; annual")
    write_docx(root / "HR" / "policy.docx", "Allocations Policy", "Policy Officer", "housing, policy")
    write_pptx(root / "HR" / "briefing.pptx", "Staff Briefing")
    write_odt(root / "HR" / "minutes.odt", "Board Minutes", "Clerk Person", ["minutes", "board"])
    write_xlsx(root / "Finance" / "Budgets" / "2024" / "small.xlsx", {"Budget": table(5, 4)}, "Budget 2024")
    write_xlsx(root / "Finance" / "Budgets" / "tenants.xlsx", {"Tenants": table(1500, 6)})
    write_csv(root / "Finance" / "payments.csv", table(20, 3))
    (root / "notes.txt").write_text("Shared notes\n", encoding="utf-8")
    shutil.copyfile(root / "Finance" / "report.pdf", root / "HR" / "report copy.pdf")
    return root


@pytest.fixture
def council_tree(open_dir: Path) -> Path:
    return build_council_tree(open_dir / "share")


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A scratch folder every user may enter (pytest's own tmp folders are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="catalogue-fs-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder, dirs, _ in os.walk(path):  # unlock folders a test made unreadable
            for name in dirs:
                if not os.path.islink(os.path.join(folder, name)):
                    with contextlib.suppress(OSError):
                        os.chmod(os.path.join(folder, name), 0o755)
        shutil.rmtree(path, ignore_errors=True)


# ----- a user without root's powers ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def test_user() -> Iterator[Any]:
    """The non-root Unix user whose permissions the tests exercise (and Samba serves the share to)."""
    try:
        user, created = ensure_user(user_name())
    except (OSError, subprocess.CalledProcessError) as error:
        service_missing(f"a non-root test user ({error})")
    yield user
    if created:
        remove_user(user.pw_name)


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Runs the block with `user`'s effective ids when the tests run as root (so permissions apply)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(user.pw_gid)
    os.seteuid(user.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


# ----- Samba ---------------------------------------------------------------------------------------------


def build_samba_tree(root: Path, user: Any) -> Path:
    """The share: nested folders, duplicates, an Office file, a folder the share user may not read, a
    file only its owner and group may read, and a symbolic link back up the tree (Samba follows it, so it
    looks like a folder)."""
    (root / "Planning" / "Applications" / "2024").mkdir(parents=True)
    (root / "Planning" / "Secret").mkdir()
    write_docx(root / "Planning" / "guidance.docx", "Planning Guidance", "Planning Team", "planning")
    write_xlsx(root / "Planning" / "Applications" / "register.xlsx", {"Register": table(1200, 5)})
    (root / "Planning" / "Applications" / "2024" / "plan.txt").write_text("site plan\n", encoding="utf-8")
    shutil.copyfile(root / "Planning" / "guidance.docx", root / "guidance copy.docx")
    (root / "Planning" / "Secret" / "hidden-plan.txt").write_text("secret\n", encoding="utf-8")
    (root / "Planning" / "Applications" / "2024" / "up").symlink_to("../..")
    (root / "Planning" / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")  # hidden by Samba
    (root / "Planning" / "café & co #1.txt").write_text("odd name\n", encoding="utf-8")
    deep = root / "Archive"
    for level in range(5):
        deep = deep / f"{level} {'a rather long folder name ' * 2}".strip()
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("deep\n", encoding="utf-8")
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            os.chown(os.path.join(folder, name), user.pw_uid, user.pw_gid, follow_symlinks=False)
    os.chown(root / "Planning" / "Secret", 0, 0)
    (root / "Planning" / "Secret").chmod(0o000)
    (root / "Planning" / "staff list.txt").write_text("names\n", encoding="utf-8")
    os.chown(root / "Planning" / "staff list.txt", user.pw_uid, user.pw_gid)
    (root / "Planning" / "staff list.txt").chmod(0o640)  # no one but its owner and group may read it
    return root


@pytest.fixture(scope="session")
def samba_share(test_user: Any) -> Iterator[SambaServer]:
    """One private smbd for the session, serving `build_samba_tree`."""
    base = Path(tempfile.mkdtemp(prefix="catalogue-share-"))
    base.chmod(0o755)
    share = build_samba_tree(base / "share", test_user)
    share.chmod(0o755)
    try:
        server = start_samba(share, test_user.pw_name)
    except (SambaUnavailable, OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(base, ignore_errors=True)
        service_missing(f"Samba ({error})")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
        (share / "Planning" / "Secret").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
