"""Exporting the register as a viewer may see it: one row per visible asset, one column per field (by its
label) plus the asset's id, source and key, as .csv or .xlsx. Rows are read in batches (keyset pagination
on the id), filtered in SQL by `visible_to`, so a large register never sits in memory at once. The output
imports back through `catalogue.register.importer` with the guessed mapping and the key column."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from catalogue.access import Principal, visible_to
from catalogue.fields import LAYERED_FIELDS, FieldType
from catalogue.models import Asset, AssetAccessGroup, AssetTag, Source
from catalogue.store import Store

ID, SOURCE, KEY = "ID", "Source", "Key"
HEADERS: tuple[str, ...] = (ID, SOURCE, KEY, *(spec.label for spec in LAYERED_FIELDS))
BATCH = 1000
CHUNK = 64 * 1024
SHEET_TITLE = "Register"
FORMATS = (".csv", ".xlsx")

_LISTS = {"tags": AssetTag.tag, "access_groups": AssetAccessGroup.group}
_SCALARS = [spec for spec in LAYERED_FIELDS if spec.name not in _LISTS]


def export_rows(store: Store, principal: Principal, batch_size: int = BATCH) -> Iterator[list[Any]]:
    """The visible assets in id order, each a list of values in HEADERS order (None for no value; dates
    as dates, date-times as ISO 8601 text, lists as comma-separated text)."""
    visible = visible_to(principal, store.scheme)
    columns = [getattr(Asset, spec.name) for spec in _SCALARS]
    after = 0
    while True:
        with store.sessions() as session:
            rows = session.execute(
                select(Asset.id, Source.name, Asset.key, *columns)
                .join(Source, Source.id == Asset.source_id)
                .where(visible, Asset.id > after)
                .order_by(Asset.id)
                .limit(batch_size)
            ).all()
            if not rows:
                return
            ids = [row[0] for row in rows]
            lists = {
                name: _grouped(
                    session.execute(select(attr.class_.asset_id, attr).where(attr.class_.asset_id.in_(ids)))
                )
                for name, attr in _LISTS.items()
            }
        for row in rows:
            values = dict(zip((spec.name for spec in _SCALARS), row[3:], strict=True))
            for name, grouped in lists.items():
                values[name] = grouped.get(row[0])
            yield [
                row[0],
                row[1],
                row[2],
                *(_cell(spec.value_type, values[spec.name]) for spec in LAYERED_FIELDS),
            ]
        after = ids[-1]


def _grouped(pairs: Any) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for asset_id, value in pairs:
        grouped.setdefault(asset_id, []).append(value)
    return grouped


def _cell(value_type: FieldType, value: Any) -> Any:
    if value is None or value == [] or value == "":
        return None
    if value_type is FieldType.LIST:
        return ", ".join(sorted(value, key=str.casefold))
    if value_type is FieldType.DATETIME:
        return value.isoformat()
    return value


# ----- CSV -------------------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> Any:
    """Dates as ISO text; text that a spreadsheet would run as a formula (a harvested file name like
    `=HYPERLINK(...)`) gets a leading apostrophe, which the importer removes again."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(store: Store, principal: Principal, rows: Iterator[list[Any]] | None = None) -> Iterator[str]:
    """The register (or the given rows of it) as CSV text, in pieces; a byte-order mark first, so Excel
    reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows if rows is not None else export_rows(store, principal), start=1):
        writer.writerow([_csv_value(v) for v in row])
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# ----- Excel -----------------------------------------------------------------------------------------------


def write_xlsx(store: Store, principal: Principal, target: str | Path | IO[bytes]) -> int:
    """Write the register as a workbook (openpyxl's write-only mode: rows go straight to disk). Returns the
    number of assets written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in export_rows(store, principal):
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # text stays text: a value starting with "=" is not a formula
                cells.append(cell)
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    book.save(target)
    return count


def xlsx_chunks(store: Store, principal: Principal) -> Iterator[bytes]:
    """The workbook's bytes in pieces, written to a temporary file first (never held in memory)."""
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(store, principal, name)
        with open(name, "rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    finally:
        os.unlink(name)


# ----- to a file -------------------------------------------------------------------------------------------


def export_file(store: Store, principal: Principal, path: str | Path) -> int:
    """Write the register to a .csv or .xlsx file; returns the number of assets written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: export to a .csv or .xlsx file")
    if suffix == ".xlsx":
        return write_xlsx(store, principal, path)
    written = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal written
        for row in export_rows(store, principal):
            written += 1
            yield row

    with path.open("w", encoding="utf-8", newline="") as stream:
        for chunk in csv_chunks(store, principal, counted()):
            stream.write(chunk)
    return written
