"""Reading a register: the rows of a spreadsheet (.xlsx, first or named sheet) or a CSV file, under their
header row, and the dates people type into them.

The header row is the first row that looks like one: above it a register often has a title, merged across
the columns, and a blank line or two. Rows keep their number as the spreadsheet shows it, so a report can
point at them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from catalogue.register.mapping import guess_field, squash

_Raw = tuple[int, list[Any]]
SCAN_ROWS = 30  # rows searched for the header
SUFFIXES = (".xlsx", ".xlsm", ".csv")


class UnreadableRegister(ValueError):
    """A file that cannot be read as a register (wrong type, damaged, no such sheet, no header row)."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it (1 = the first line)
    values: dict[str, Any]  # header -> value (None when blank)

    @property
    def blank(self) -> bool:
        return all(v is None for v in self.values.values())


@dataclass
class Table:
    headers: list[str]
    header_row: int
    rows: Iterator[Row]


def read_register(path: str | Path, sheet: str | None = None, expected: Sequence[str] = ()) -> Table:
    """The table in a register file. `expected` (headers a given mapping names) helps find the header row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableRegister(f"{path.name}: not a register file (use .xlsx or .csv)")
    if not path.is_file():
        raise UnreadableRegister(f"{path}: no such file")
    if suffix == ".csv":
        if sheet:
            raise UnreadableRegister("--sheet is only for spreadsheets (.xlsx)")
        raw = _csv_rows(path)
    else:
        raw = _xlsx_rows(path, sheet)
    return _table(raw, {squash(h) for h in expected})


# ----- raw rows --------------------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            value = value[1:]  # the apostrophe our CSV export adds so spreadsheets don't run formulas
        value = value.strip()
        return value or None
    return value


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise UnreadableRegister(f"{path.name}: cannot be read as a spreadsheet ({error})") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = ", ".join(book.sheetnames)
            raise UnreadableRegister(f"{path.name} has no sheet {sheet!r} (it has {names})")
    except Exception:
        book.close()
        raise
    return _close_after(book.close, _sheet_rows(worksheet))


def _sheet_rows(worksheet: Any) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        yield number, [_clean(v) for v in row]


def _close_after(close: Callable[[], None], rows: Iterator[_Raw]) -> Iterator[_Raw]:
    try:
        yield from rows
    finally:
        close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel saves "CSV" as on a UK Windows PC
    try:
        dialect: Any = csv.Sniffer().sniff(text[:16384], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for number, row in enumerate(reader, start=1):
        yield number, [_clean(v) for v in row]


# ----- the header row --------------------------------------------------------------------------------------


def _header_score(cells: list[Any], expected: set[str]) -> tuple[int, int]:
    texts = [squash(str(c)) for c in cells if c is not None]
    known = sum(1 for t in texts if t in expected or guess_field(t) is not None)
    return known, len(texts)


def _table(raw: Iterator[tuple[int, list[Any]]], expected: set[str]) -> Table:
    scanned: list[tuple[int, list[Any]]] = []
    for number, cells in raw:
        if any(c is not None for c in cells):
            scanned.append((number, cells))
            if len(scanned) >= SCAN_ROWS:
                break
    if not scanned:
        raise UnreadableRegister("the file has no rows")
    scores = [_header_score(cells, expected) for _, cells in scanned]
    best = max(range(len(scanned)), key=lambda i: (scores[i][0], scores[i][1] >= 2, -i))
    if scores[best][0] == 0:  # nothing recognisable: the first row with more than one cell filled
        best = next((i for i, s in enumerate(scores) if s[1] >= 2), 0)
    header_number, header_cells = scanned[best]
    headers = _headers(header_cells)
    rest = scanned[best + 1 :]

    def rows() -> Iterator[Row]:
        for number, cells in _chain(rest, raw, header_number):
            values = {h: (cells[i] if i < len(cells) else None) for i, h in headers if h}
            yield Row(number, values)

    return Table([h for _, h in headers if h], header_number, rows())


def _chain(
    buffered: list[tuple[int, list[Any]]], raw: Iterator[tuple[int, list[Any]]], after: int
) -> Iterator[tuple[int, list[Any]]]:
    """The buffered rows below the header, then the rest of the file."""
    last = after
    for number, cells in buffered:
        yield number, cells
        last = number
    for number, cells in raw:
        if number > last:
            yield number, cells


def _headers(cells: list[Any]) -> list[tuple[int, str]]:
    """Column index -> header text; repeated headers get " (2)", " (3)"; blank ones are ''."""
    seen: dict[str, int] = {}
    headers: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        text = " ".join(str(cell).split()) if cell is not None else ""
        if text:
            count = seen.get(text.casefold(), 0) + 1
            seen[text.casefold()] = count
            if count > 1:
                text = f"{text} ({count})"
        headers.append((index, text))
    return headers


# ----- dates -----------------------------------------------------------------------------------------------

_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_date(value: Any) -> date | datetime | None:
    """A date (or date and time) from a spreadsheet cell: an Excel date, ISO 8601 text, or UK day/month/year
    text ("31/01/2025", "31-01-25", "31/01/2025 09:30"). None when the value is not a date."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return (
            datetime.fromisoformat(text.replace("Z", "+00:00"))
            if "T" in text or ":" in text
            else (date.fromisoformat(text))
        )
    except ValueError:
        pass
    match = _UK_DATE.match(text)
    if match is None:
        return None
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if year < 100:
        year += 2000
    try:
        if match[4] is not None:
            return datetime(year, month, day, int(match[4]), int(match[5]), int(match[6] or 0))
        return date(year, month, day)
    except ValueError:
        return None
