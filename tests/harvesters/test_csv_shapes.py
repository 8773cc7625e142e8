"""CSV files: the delimiter is found from the first lines, and the shape counts the rows it splits."""

from __future__ import annotations

import csv
import io

import pytest

from harvesters.sheet_shapes import guess_delimiter, read_csv


def written(rows: list[list[str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


ROWS = [
    ["Ref", "Name", "Ward", "Amount"],
    *[[str(n), f"Tenant; {n}", "North, East", "12.50"] for n in range(30)],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_found_despite_quoted_others(delimiter: str) -> None:
    data = written(ROWS, delimiter)
    assert guess_delimiter(data.decode()) == delimiter
    shape = read_csv(io.BytesIO(data)).sheets[0]
    assert (shape.header, shape.data_rows, shape.columns) == (ROWS[0], 30, 4)


def test_a_single_column_file_falls_back_to_commas() -> None:
    assert guess_delimiter("name\nAnn\nBo\n") == ","
    shape = read_csv(io.BytesIO(b"name\nAnn\nBo\n")).sheets[0]
    assert (shape.header, shape.data_rows) == (["name"], 2)


def test_windows_1252_text_is_read() -> None:
    data = "Caf\u00e9;Co\u00fbt\nA;1\n".encode("cp1252")
    shape = read_csv(io.BytesIO(data)).sheets[0]
    assert shape.header == ["Caf\u00e9", "Co\u00fbt"]
