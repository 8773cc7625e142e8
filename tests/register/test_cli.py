"""`catalogue import` and `catalogue export` through click's runner against the real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from catalogue.cli import main

from .support import add_people, write_csv, write_xlsx


@pytest.fixture
def cli(catalogue: Any, tmp_path: Path) -> Any:
    env = {"CATALOGUE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), env=env)

    return run


def test_import_prints_the_mapping_and_the_problems_and_exits_2(
    cli: Any, catalogue: Any, tmp_path: Path
) -> None:
    add_people(catalogue)
    path = write_xlsx(tmp_path / "iar.xlsx")
    result = cli("import", str(path), "--key", "Ref", "--as", "jo.clerk")
    assert result.exit_code == 2, result.output
    assert "Information asset" in result.output
    assert "title" in result.output
    assert "Comments" in result.output
    assert "not imported" in result.output
    assert "RESTRICTED" in result.output
    assert "31/02/2025" in result.output
    assert "Eve Green" in result.output
    assert "4 imported, 0 updated, 0 unchanged, 2 failed" in result.output


def test_import_of_good_rows_only_exits_0_and_a_dry_run_changes_nothing(
    cli: Any, catalogue: Any, tmp_path: Path
) -> None:
    add_people(catalogue)
    path = write_csv(tmp_path / "iar.csv", {(7, 5): "OFFICIAL", (9, 8): "28/02/2025"})
    dry = cli("import", str(path), "--key", "Ref", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "6 would be imported" in dry.output
    assert "dry run" in dry.output
    assert cli("import", str(path), "--key", "Ref").exit_code == 0
    again = cli("import", str(path))  # the key saved with the source
    assert again.exit_code == 0, again.output
    assert "0 imported, 0 updated, 6 unchanged, 0 failed" in again.output


def test_import_with_a_mapping_file_and_unusable_input(cli: Any, catalogue: Any, tmp_path: Path) -> None:
    add_people(catalogue)
    path = write_xlsx(tmp_path / "iar.xlsx")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Comments": "licence", "Keywords": None}), encoding="utf-8")
    result = cli("import", str(path), "--key", "Ref", "--mapping", f"@{mapping}", "--strict-owners")
    assert result.exit_code == 2, result.output
    assert "licence" in result.output
    again = cli("import", str(path), "--dry-run")  # the saved mapping keeps Keywords out
    assert "Keywords" in again.output
    assert "tags" not in again.output
    missing = cli("import", str(tmp_path / "nope.xlsx"))
    assert missing.exit_code == 1
    assert "no such file" in missing.output
    bad = cli("import", str(path), "--mapping", '{"IAO": "colour"}')
    assert bad.exit_code == 1
    assert "not a field" in bad.output
    notjson = cli("import", str(path), "--mapping", "[1]")
    assert notjson.exit_code == 2
    assert "--mapping" in notjson.output
    wrong = cli("import", str(path), "--sheet", "Notes")
    assert wrong.exit_code == 1
    assert "no column holds the title" in wrong.output


def test_nothing_imported_exits_1(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Asset name,Protective marking\nA,TOP SECRET\nB,RESTRICTED\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "0 imported, 0 updated, 0 unchanged, 2 failed" in result.output


def test_export_as_a_clearance(cli: Any, catalogue: Any, tmp_path: Path) -> None:
    add_people(catalogue)
    assert cli("import", str(write_xlsx(tmp_path / "iar.xlsx")), "--key", "Ref").exit_code == 2
    official = cli("export", str(tmp_path / "out.csv"))
    assert official.exit_code == 0, official.output
    assert "Exported 2 assets" in official.output
    assert "OFFICIAL" in official.output
    secret = cli("export", str(tmp_path / "out.xlsx"), "--clearance", "SECRET", "--group", "hr")
    assert secret.exit_code == 0
    assert "Exported 4 assets" in secret.output
    assert (tmp_path / "out.xlsx").stat().st_size > 0
    refused = cli("export", str(tmp_path / "out.csv"), "--clearance", "TOP")
    assert refused.exit_code == 1
    assert "not a classification" in refused.output
    wrong = cli("export", str(tmp_path / "out.pdf"))
    assert wrong.exit_code == 1
    assert ".csv or .xlsx" in wrong.output
