"""The package-level Excel reader agrees with openpyxl on workbooks openpyxl writes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from harvesters import ooxml
from harvesters.doc_properties import Unreadable
from harvesters.sheet_shapes import read_excel


def saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def varied_workbook() -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Tenancies"
    first["A3"], first["B3"], first["D3"] = "Ref", "Tenant name", "Start"  # header on row 3, a gap at C
    for n in range(1500):
        first.append([n, f"Tenant {n}", None, "2024-01-01"])
    wide = book.create_sheet("Wide")
    wide.append([f"Column {n}" for n in range(35)])
    wide.append(list(range(35)))
    book.create_sheet("Empty")
    rich = book.create_sheet("Rich")
    rich["A1"] = CellRichText(["Total ", TextBlock(InlineFont(b=True), "cost")])
    rich["B1"], rich["C1"], rich["D1"] = True, 12.5, "=1+1"
    rich.append(["x", "y", "z"])
    book.properties.title = "Housing register"
    book.properties.creator = "Ann Lee"
    book.properties.lastModifiedBy = "Bo Chan"
    book.properties.keywords = "housing; tenants"
    book.properties.created = datetime(2023, 5, 1, 9, 30)
    return saved(book)


def openpyxl_shape(data: bytes) -> list[tuple[str, int, int]]:
    """(name, max_row, max_column) as openpyxl reports them, worksheets only."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [(str(s.title), s.max_row or 0, s.max_column or 0) for s in book.worksheets]
    finally:
        book.close()


def test_sheets_rows_and_columns_match_openpyxl() -> None:
    data = varied_workbook()
    facts = read_excel(io.BytesIO(data))
    expected = [(name, rows, cols) for name, rows, cols in openpyxl_shape(data) if name != "Empty"]
    found = [(s.name, s.last_row, s.columns) for s in facts.sheets if s.header_row]
    assert found == expected
    assert [s.name for s in facts.sheets] == ["Tenancies", "Wide", "Empty", "Rich"]


def test_headers_keep_gaps_rich_text_and_typed_cells() -> None:
    facts = read_excel(io.BytesIO(varied_workbook()))
    by_name = {s.name: s for s in facts.sheets}
    assert (by_name["Tenancies"].header, by_name["Tenancies"].header_row) == (
        ["Ref", "Tenant name", "", "Start"],
        3,
    )
    assert by_name["Tenancies"].data_rows == 1500
    assert by_name["Rich"].header[:3] == ["Total cost", "TRUE", "12.5"]
    assert by_name["Empty"].header_row == 0
    assert by_name["Empty"].data_rows == 0
    assert facts.largest is not None
    assert facts.largest.name == "Tenancies"


def test_core_properties() -> None:
    facts = read_excel(io.BytesIO(varied_workbook()))
    document = facts.document
    assert document is not None
    assert (document.title, document.author, document.last_modified_by) == (
        "Housing register",
        "Ann Lee",
        "Bo Chan",
    )
    assert document.keywords == ["housing", "tenants"]
    assert document.created == datetime(2023, 5, 1, 9, 30, tzinfo=UTC)


def excel_style_workbook() -> bytes:
    """Written the way Excel writes: shared strings, a chart sheet, rich text runs."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("People")
    bold = book.add_format({"bold": True})
    sheet.write_rich_string(0, 0, "Full ", bold, "name")
    sheet.write_row(0, 1, ["Team", "Grade"])
    for n in range(1, 3001):
        sheet.write_row(n, 0, [f"person {n}", f"team {n % 7}", f"grade {n}"])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=People!$A$2:$A$5"})
    book.add_chartsheet("Chart").set_chart(chart)
    book.set_properties({"title": "Staff list", "author": "HR"})
    book.close()
    return buffer.getvalue()


def test_an_excel_style_workbook() -> None:
    facts = read_excel(io.BytesIO(excel_style_workbook()))
    assert [(s.name, s.header, s.data_rows, s.columns) for s in facts.sheets] == [
        ("People", ["Full name", "Team", "Grade"], 3000, 3)
    ]
    assert facts.document is not None
    assert (facts.document.title, facts.document.author) == ("Staff list", "HR")


def test_shared_strings_are_parsed_only_as_far_as_needed() -> None:
    with zipfile.ZipFile(io.BytesIO(excel_style_workbook())) as package:
        book_part = "xl/workbook.xml"
        strings = ooxml.SharedStrings(package, book_part, ooxml.relationships(package, book_part))
        assert strings.get(1) == "Team"
        assert len(strings._items) == 2  # the rest of the table is still unread
        assert strings.get(10_000_000) == ""


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda parts: parts.pop("xl/workbook.xml"), "workbook part is missing"),
        (lambda parts: parts.update({"xl/workbook.xml": b"<not xml"}), ""),
    ],
)
def test_a_damaged_package_is_unreadable(mangle: Any, reason: str) -> None:
    with zipfile.ZipFile(io.BytesIO(varied_workbook())) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    mangle(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    buffer.seek(0)
    with pytest.raises((Unreadable, SyntaxError)) as raised:  # ParseError is a SyntaxError
        read_excel(buffer)
    assert reason in str(raised.value)
