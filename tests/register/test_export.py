"""Exporting the register as a viewer may see it (.csv and .xlsx), and the round trip back through the
import."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from catalogue.access import Principal
from catalogue.fields import LAYERED_FIELDS
from catalogue.models import Asset, Source
from catalogue.register.exporter import HEADERS, export_file
from catalogue.register.importer import FAILED, IMPORTED, import_register
from harvesters.base import Record

from .support import add_people, write_xlsx

OFFICIAL = Principal("viewer", "OFFICIAL")
SECRET = Principal("admin", "SECRET", frozenset({"hr"}))


@pytest.fixture
def filled(catalogue: Any, tmp_path: Path) -> Any:
    """The register imported (two OFFICIAL entries, one OFFICIAL-SENSITIVE, one SECRET) and a harvested
    source alongside it with an OFFICIAL table and a SECRET one restricted to the hr group."""
    add_people(catalogue)
    import_register(catalogue.store, write_xlsx(tmp_path / "iar.xlsx"), user="jo", key_column="Ref")
    source = catalogue.store.ensure_source("finance-db", "database")
    catalogue.store.apply_records(
        source,
        [
            Record(
                "public.budget",
                {
                    "title": "Budget, 2025/26",
                    "kind": "table",
                    "classification": "OFFICIAL",
                    "row_count": 1200,
                    "modified_at_source": "2025-03-01T09:30:00+00:00",
                    "tags": ["budget", "finance"],
                    "description": "=SUM(A1:A9) is not a formula\nsecond line",
                },
            ),
            Record(
                "hr.salaries",
                {"title": "Salaries", "kind": "table", "classification": "SECRET", "access_groups": ["hr"]},
            ),
        ],
    )
    return catalogue


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def read_xlsx(path: Path) -> list[dict[str, Any]]:
    book = load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_official_export_leaves_out_what_an_official_viewer_may_not_see(
    filled: Any, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"out{suffix}"
    count = export_file(filled.store, OFFICIAL, path)
    rows = read_csv(path) if suffix == ".csv" else read_xlsx(path)
    assert count == len(rows) == 3
    assert {r["Title"] for r in rows} == {"Council tax accounts", "Parks bookings", "Budget, 2025/26"}
    assert list(rows[0]) == list(HEADERS)
    assert {r["Security classification"] for r in rows} == {"OFFICIAL"}


def test_a_secret_export_in_the_group_has_everything(filled: Any, tmp_path: Path) -> None:
    assert export_file(filled.store, SECRET, tmp_path / "all.csv") == 6
    assert export_file(filled.store, Principal("x", "SECRET"), tmp_path / "nogroup.csv") == 5


def test_export_values_and_types(filled: Any, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_file(filled.store, SECRET, path)
    rows = {r["Key"]: r for r in read_xlsx(path)}
    budget = rows["public.budget"]
    assert budget["Source"] == "finance-db"
    assert budget["Rows"] == 1200
    assert budget["Tags"] == "budget, finance"
    assert budget["Description"].startswith("=SUM(A1:A9)")  # text, not a formula
    assert budget["Modified at source"] == "2025-03-01T09:30:00+00:00"
    tax = rows["IAR-001"]
    assert tax["Review due"].date().isoformat() == "2025-04-01"  # a real date cell
    assert tax["Information asset owner"] == "Ann Lee"
    assert tax["Personal data"] == "personal"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_imports_back_with_the_same_values(filled: Any, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"all{suffix}"
    export_file(filled.store, SECRET, path)
    report = import_register(filled.store, path, user="jo", source="copy", key_column="Key")
    assert report.problems == []
    assert report.counts[IMPORTED] == 6
    assert report.counts[FAILED] == 0
    assert report.mapping.unmapped == ["ID", "Source", "Key"]
    with filled.sessions() as session:
        assets = session.scalars(select(Asset).join(Source).order_by(Asset.id)).all()
        original = {(a.source.name, a.key): a for a in assets if a.source.name != "copy"}
        copies = {a.key: a for a in assets if a.source.name == "copy"}
        for (_source, key), asset in original.items():
            copy = copies[key]
            for spec in LAYERED_FIELDS:
                assert getattr(copy, spec.name) == getattr(asset, spec.name), (key, spec.name)
            assert copy.tags == asset.tags
            assert copy.access_groups == asset.access_groups
    again = import_register(filled.store, path, user="jo", source="copy", key_column="Key")
    assert again.counts["unchanged"] == 6


def test_export_refuses_other_formats(filled: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        export_file(filled.store, SECRET, tmp_path / "out.json")


def test_an_export_reads_in_batches(filled: Any) -> None:
    from catalogue.register.exporter import export_rows

    rows = list(export_rows(filled.store, SECRET, batch_size=2))
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert len(rows) == 6


def test_csv_export_defuses_formulas_and_the_import_restores_them(catalogue: Any, tmp_path: Path) -> None:
    """A harvested file name can be anything a share user typed; a spreadsheet must not run it."""
    hostile = '=HYPERLINK("http://evil.example/","Budget")'
    source = catalogue.store.ensure_source("share", "filesystem")
    catalogue.store.apply_records(
        source, [Record("x.xlsx", {"title": hostile, "kind": "file", "classification": "OFFICIAL"})]
    )
    path = tmp_path / "out.csv"
    export_file(catalogue.store, SECRET, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["Title"] == "'" + hostile
    report = import_register(catalogue.store, path, user="jo", source="copy", key_column="Key")
    assert report.counts[IMPORTED] == 1
    with catalogue.sessions() as session:
        copy = session.scalars(select(Asset).join(Source).where(Source.name == "copy")).one()
        assert copy.title == hostile
