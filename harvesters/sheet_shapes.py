"""The shape of a spreadsheet (its sheets, header rows, sizes, macros, links), and whether it looks like
a "shadow database": a database kept as a spreadsheet or Access file outside the managed systems."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.etree import ElementTree

from harvesters import ooxml
from harvesters.doc_properties import DocumentFacts, guarded, read_opendocument

MANY_ROWS = 1000  # data rows in one sheet
MANY_COLUMNS = 30
SEVERAL_TABLES = 3  # sheets laid out as tables (a header row of names over rows of data)
HEADER_SCAN = 50  # rows searched for the first non-empty one
CSV_SNIFF = 64 * 1024  # bytes read to tell UTF-8 from Windows-1252
DIALECT_SAMPLE = 8 * 1024
DIALECT_LINES = 20
DELIMITERS = ",;\t|"
_VBA_OLE_NAME = "_VBA_PROJECT".encode("utf-16-le")


@dataclass
class SheetShape:
    name: str
    header: list[str] = field(default_factory=list)  # the first non-empty row ("" for blank cells)
    header_row: int = 0  # 1-based; 0 when the sheet is empty
    last_row: int = 0
    columns: int = 0

    @property
    def data_rows(self) -> int:
        return max(0, self.last_row - self.header_row) if self.header_row else 0

    @property
    def table_like(self) -> bool:
        names = [name for name in self.header if name]
        return len(names) >= 3 and self.data_rows >= 2


@dataclass
class WorkbookFacts:
    sheets: list[SheetShape] = field(default_factory=list)
    macros: bool = False
    external_links: bool = False
    document: DocumentFacts | None = None

    @property
    def largest(self) -> SheetShape | None:
        return max(self.sheets, key=lambda s: (s.data_rows, s.columns), default=None)


def _header(values: Any) -> list[str]:
    cells = ["" if value is None else " ".join(str(value).split()) for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


# ----- Excel (OOXML) ----------------------------------------------------------------------------------


def read_excel(handle: BinaryIO) -> WorkbookFacts:
    """Sheets, header rows, sizes, macros and links of an .xlsx/.xlsm/.xltx, read from its parts."""
    with zipfile.ZipFile(handle) as package:
        names = package.namelist()
        facts = WorkbookFacts(
            macros=any(name.lower().endswith("vbaproject.bin") for name in names),
            external_links=any(name.startswith("xl/externalLinks/") for name in names),
            document=ooxml.core_properties(package),
        )
        facts.sheets = [_excel_sheet(sheet) for sheet in ooxml.worksheets(package)]
    return facts


def _excel_sheet(sheet: ooxml.RawSheet) -> SheetShape:
    shape = SheetShape(name=sheet.name)
    if sheet.header_row:
        shape.header, shape.header_row = sheet.header, sheet.header_row
        shape.last_row = sheet.last_row
        shape.columns = max(sheet.last_column, len(sheet.header))
    return shape


# ----- OpenDocument spreadsheets ------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}


def read_ods(handle: BinaryIO) -> WorkbookFacts:
    """Streams content.xml: repeated rows and cells count, trailing empty ones do not."""
    facts = WorkbookFacts(document=read_opendocument(handle))
    handle.seek(0)
    with zipfile.ZipFile(handle) as package, package.open("content.xml") as content:
        facts.sheets = list(_ods_sheets(content))
    return facts


def _ods_sheets(content: Any) -> Iterator[SheetShape]:
    shape: SheetShape | None = None
    row_index = 0
    for event, element in ElementTree.iterparse(content, events=("start", "end")):  # noqa: S314 - expat limits entities
        if element.tag == f"{{{_TABLE}}}table":
            if event == "start":
                shape, row_index = SheetShape(name=element.get(f"{{{_TABLE}}}name", "")), 0
            elif shape is not None:
                element.clear()
                yield shape
                shape = None
        elif event == "end" and element.tag == f"{{{_TABLE}}}table-row" and shape is not None:
            repeated = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
            values, width = _ods_row(element)
            if width:
                if not shape.header_row:
                    shape.header, shape.header_row = _header(values), row_index + 1
                shape.last_row = row_index + repeated
                shape.columns = max(shape.columns, width)
            row_index += repeated
            element.clear()


def _ods_row(row: ElementTree.Element) -> tuple[list[str | None], int]:
    """The row's cell texts (for a header) and the position of its last non-empty cell."""
    values: list[str | None] = []
    column = width = 0
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeated = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
        content = "".join(cell.itertext()).strip()
        if content or cell.get(f"{{{_OFFICE}}}value-type") is not None:
            if len(values) < 1024:
                values.extend([None] * (column - len(values)) + [content] * min(repeated, 1024))
            width = column + repeated
        column += repeated
    return values, width


# ----- CSV, legacy Excel ---------------------------------------------------------------------------------


def read_csv(handle: BinaryIO) -> WorkbookFacts:
    head = handle.read(CSV_SNIFF)
    handle.seek(0)
    encoding = "utf-8-sig" if _is_utf8(head) else "cp1252"
    delimiter = guess_delimiter(head[:DIALECT_SAMPLE].decode(encoding, errors="replace"))
    shape = SheetShape(name="")
    wrapper = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    try:
        for index, row in enumerate(csv.reader(wrapper, delimiter=delimiter), start=1):
            width = len(_header(row))
            if not width:
                continue
            if not shape.header_row:
                shape.header, shape.header_row = _header(row), index
            shape.last_row, shape.columns = index, max(shape.columns, width)
    finally:
        wrapper.detach()
    return WorkbookFacts(sheets=[shape])


def guess_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines most consistently (comma when none does).

    The standard library's `csv.Sniffer` counts every ASCII character on every line, about 1 ms a file;
    a share holds thousands of small CSV files, and only these four delimiters occur in practice.
    """
    lines = [line for line in sample.splitlines()[:DIALECT_LINES] if line.strip()]
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        counts = [line.count(candidate) for line in lines]
        usual = max(set(counts), key=counts.count, default=0)
        if usual == 0:
            continue
        score = (counts.count(usual), usual)  # lines agreeing, then fields per line
        if score > best_score:
            best, best_score = candidate, score
    return best


def _is_utf8(head: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
    except UnicodeDecodeError:
        return False
    return True


def read_legacy_excel(handle: BinaryIO) -> WorkbookFacts:
    """.xls (BIFF in an OLE container): no sheet reader here, but VBA macros show as a stream name."""
    tail = b""
    while chunk := handle.read(1024 * 1024):
        if _VBA_OLE_NAME in tail + chunk:
            return WorkbookFacts(macros=True)
        tail = chunk[-len(_VBA_OLE_NAME) :]
    return WorkbookFacts()


READERS = {
    "xlsx": read_excel,
    "xlsm": read_excel,
    "xltx": read_excel,
    "ods": read_ods,
    "csv": read_csv,
    "tsv": read_csv,
    "xls": read_legacy_excel,
}


def read_workbook(handle: BinaryIO, ext: str) -> WorkbookFacts | None:
    """The spreadsheet's shape, or None when there is no reader for this type (Access files)."""
    reader = READERS.get(ext)
    if reader is None:
        return None
    facts: WorkbookFacts = guarded(reader, handle)
    return facts


# ----- shadow databases --------------------------------------------------------------------------------


def shadow_database(ext: str, facts: WorkbookFacts | None) -> list[tuple[str, str]]:
    """Why this file looks like a shadow database: (tag, phrase) pairs, empty when it does not. The
    name alone flags Access files and macro-enabled workbooks, even when their contents were not read."""
    reasons: list[tuple[str, str]] = []
    if ext in {"mdb", "accdb"}:
        reasons.append(("access database", "it is an Access database"))
    if facts is None:
        return [*reasons, ("macros", "it contains macros")] if ext == "xlsm" else reasons
    largest = facts.largest
    if largest is not None and largest.data_rows > MANY_ROWS:
        where = f" of sheet '{largest.name}'" if largest.name else ""
        reasons.append(("many rows", f"{largest.data_rows:,} rows{where}"))
    widest = max(facts.sheets, key=lambda s: s.columns, default=None)
    if widest is not None and widest.columns > MANY_COLUMNS:
        where = f" in sheet '{widest.name}'" if widest.name else ""
        reasons.append(("many columns", f"{widest.columns} columns{where}"))
    tables = sum(1 for sheet in facts.sheets if sheet.table_like)
    if tables >= SEVERAL_TABLES:
        reasons.append(("several tables", f"{tables} sheets laid out as tables"))
    if facts.macros or ext == "xlsm":
        reasons.append(("macros", "it contains macros"))
    if facts.external_links:
        reasons.append(("external links", "it links to other workbooks"))
    return reasons
