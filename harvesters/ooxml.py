"""Reading an Excel workbook's shape and properties straight from its OOXML package.

openpyxl builds the whole workbook model (styles, themes, defined names) before it can say how many rows a
sheet has: about 7 ms for even a tiny file, more than everything else a file-share harvest does for it.
This reader takes only what the catalogue needs, streaming each part with the standard library:
`docProps/core.xml` for the properties, `xl/workbook.xml` and its relationships for the sheets, each
sheet's `<dimension>` and first non-empty row, and the shared strings that row refers to. Parts are read
through `zipfile`, which refuses nothing by itself, so each part's size is capped (zip bombs).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import IO
from xml.etree import ElementTree

from harvesters.doc_properties import DocumentFacts, Unreadable, keywords, parse_xml, text, utc

MAX_PART_BYTES = 512 * 1024 * 1024  # uncompressed; a sheet larger than this is not read
HEADER_SCAN = 50

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/metadata/core-properties"
_WORKSHEET = "/worksheet"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_ROW, _CELL, _VALUE = f"{{{_MAIN}}}row", f"{{{_MAIN}}}c", f"{{{_MAIN}}}v"
_DIMENSION, _SHARED_ITEM, _TEXT = f"{{{_MAIN}}}dimension", f"{{{_MAIN}}}si", f"{{{_MAIN}}}t"
_PHONETIC = f"{{{_MAIN}}}rPh"


class RawSheet:
    """One worksheet as the package describes it: its last row and column, and its header row."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.header: list[str] = []
        self.header_row = 0
        self.last_row = 0
        self.last_column = 0


def relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) for a part ("" for the package itself)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in package.NameToInfo:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in parse_xml(package, rels).iter(f"{{{_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def _part_of_type(package: zipfile.ZipFile, suffix: str, fallback: str) -> str:
    for kind, target in relationships(package, "").values():
        if kind.endswith(suffix):
            return target
    return fallback


def core_properties(package: zipfile.ZipFile) -> DocumentFacts:
    """Title, author, dates... from the package's core properties part (empty when there is none)."""
    part = _part_of_type(package, _CORE_PROPERTIES, "docProps/core.xml")
    if part not in package.NameToInfo:
        return DocumentFacts()
    root = parse_xml(package, part)

    def value(path: str) -> str | None:
        return text(root.findtext(path, namespaces=_CORE))

    return DocumentFacts(
        title=value("dc:title"),
        author=value("dc:creator"),
        last_modified_by=value("cp:lastModifiedBy"),
        subject=value("dc:subject"),
        description=value("dc:description"),
        keywords=keywords(root.findtext("cp:keywords", namespaces=_CORE)),
        created=_w3c_date(value("dcterms:created")),
        modified=_w3c_date(value("dcterms:modified")),
    )


def _w3c_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def worksheets(package: zipfile.ZipFile) -> list[RawSheet]:
    """Every worksheet (not chart sheets), in the workbook's order, with its shape."""
    book = _part_of_type(package, _OFFICE_DOCUMENT, "xl/workbook.xml")
    if book not in package.NameToInfo:
        raise Unreadable("the workbook part is missing")
    targets = relationships(package, book)
    shared = SharedStrings(package, book, targets)
    sheets: list[RawSheet] = []
    for entry in parse_xml(package, book).iter(f"{{{_MAIN}}}sheet"):
        kind, part = targets.get(entry.get(f"{{{_REL}}}id", ""), ("", ""))
        if not kind.endswith(_WORKSHEET) or part not in package.NameToInfo:
            continue
        sheet = RawSheet(entry.get("name", ""))
        _read_sheet(package, part, sheet, shared)
        sheets.append(sheet)
    return sheets


def _open_part(package: zipfile.ZipFile, part: str) -> IO[bytes]:
    info = package.getinfo(part)
    if info.file_size > MAX_PART_BYTES:
        raise Unreadable(f"{part} is too large to read")
    return package.open(info)


def _read_sheet(package: zipfile.ZipFile, part: str, sheet: RawSheet, shared: SharedStrings) -> None:
    """The dimension says where the data ends; the first non-empty row within HEADER_SCAN rows is the
    header. The sheet is streamed and left as soon as both are known."""
    dimension: tuple[int, int] | None = None
    rows_seen = 0
    with _open_part(package, part) as stream:
        for _event, element in ElementTree.iterparse(stream):  # noqa: S314 - expat limits entities
            tag = element.tag
            if tag == _DIMENSION:
                dimension = _dimension(element.get("ref", ""))
            elif tag == _ROW:
                rows_seen += 1
                number = int(element.get("r") or rows_seen)
                cells = _row_values(element, shared)
                if cells:
                    if not sheet.header_row and rows_seen <= HEADER_SCAN:
                        sheet.header, sheet.header_row = cells, number
                    sheet.last_row = number
                    sheet.last_column = max(sheet.last_column, len(cells))
                element.clear()
                if dimension is not None and (sheet.header_row or rows_seen >= HEADER_SCAN):
                    break
    if dimension is not None and sheet.header_row:
        sheet.last_row = max(sheet.last_row, dimension[0])
        sheet.last_column = max(sheet.last_column, dimension[1])


def _dimension(ref: str) -> tuple[int, int] | None:
    """ "A1:K2301" -> (2301, 11); None for a missing or single-cell A1 reference (often written empty)."""
    end = ref.rpartition(":")[2]
    match = _CELL_REF.fullmatch(end.upper())
    if match is None:
        return None
    row, column = int(match.group(2)), _column_number(match.group(1))
    return None if (row, column) == (1, 1) and ":" not in ref else (row, column)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _row_values(row: ElementTree.Element, shared: SharedStrings) -> list[str]:
    """The row's cells as text, placed by their references ("" for gaps), trailing empties dropped."""
    values: list[str] = []
    for cell in row.iter(_CELL):
        position = len(values) + 1
        match = _CELL_REF.fullmatch(cell.get("r", ""))
        if match is not None:
            position = _column_number(match.group(1))
        value = _cell_text(cell, shared)
        if position > len(values) + 1:
            values.extend([""] * (position - len(values) - 1))
        values.append(value)
    while values and not values[-1]:
        values.pop()
    return values


def _cell_text(cell: ElementTree.Element, shared: SharedStrings) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        raw = "".join(node.text or "" for node in cell.iter(_TEXT))
    else:
        raw = cell.findtext(_VALUE) or ""
        if kind == "s" and raw.strip().isdigit():
            raw = shared.get(int(raw))
        elif kind == "b":
            raw = "TRUE" if raw.strip() == "1" else "FALSE" if raw else ""
    return " ".join(raw.split())


class SharedStrings:
    """The workbook's shared string table, parsed only as far as the cells asked for need."""

    def __init__(self, package: zipfile.ZipFile, book: str, targets: dict[str, tuple[str, str]]) -> None:
        self._items: list[str] = []
        self._stream: Iterator[str] | None = None
        for kind, part in targets.values():
            if kind.endswith("/sharedStrings") and part in package.NameToInfo:
                self._stream = self._parse(package, part)

    def get(self, index: int) -> str:
        while index >= len(self._items) and self._stream is not None:
            try:
                self._items.append(next(self._stream))
            except StopIteration:
                self._stream = None
        return self._items[index] if index < len(self._items) else ""

    @staticmethod
    def _parse(package: zipfile.ZipFile, part: str) -> Iterator[str]:
        with _open_part(package, part) as stream:
            for _event, element in ElementTree.iterparse(stream):  # noqa: S314 - expat limits entities
                if element.tag == _SHARED_ITEM:
                    yield "".join(_item_texts(element))
                    element.clear()


def _item_texts(item: ElementTree.Element) -> Iterator[str]:
    """The text runs of a shared string, leaving out phonetic guides (furigana)."""
    for child in item:
        if child.tag == _TEXT:
            yield child.text or ""
        elif child.tag != _PHONETIC:
            for node in child.iter(_TEXT):
                yield node.text or ""
