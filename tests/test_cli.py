"""The `catalogue` command: init, search, reindex and their one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from catalogue.config import load_settings
from catalogue.runtime import Catalogue
from harvesters.base import Record


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    result = CliRunner().invoke(main, ["--data", str(folder), "init"])
    assert result.exit_code == 0, result.output
    catalogue = Catalogue.open(load_settings(environ={}, overrides={"data_dir": str(folder)}))
    source = catalogue.store.ensure_source("parking-db", "database")
    catalogue.store.apply_records(
        source,
        [
            Record("permits", {"title": "Parking permits", "kind": "table", "classification": "OFFICIAL"}),
            Record("fraud", {"title": "Parking fraud cases", "kind": "table", "classification": "SECRET"}),
        ],
    )
    catalogue.close()
    return folder


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data", str(data_dir), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_search_prints_only_what_the_clearance_allows(data_dir: Path) -> None:
    code, output = run(data_dir, "search", "parking")
    assert code == 0
    assert "Parking permits" in output
    assert "fraud" not in output
    assert "1 results" in output
    code, output = run(data_dir, "search", "parking", "--clearance", "SECRET")
    assert "Parking fraud cases" in output
    assert "2 results" in output


def test_search_filters_and_bad_input_fail_with_one_line(data_dir: Path) -> None:
    code, output = run(data_dir, "search", "parking", "--filter", "kind=view")
    assert code == 0
    assert "0 results" in output
    code, output = run(data_dir, "search", "parking", "--clearance", "TOP")
    assert code == 1
    assert "'TOP' is not a classification" in output
    code, output = run(data_dir, "search", "x", "--filter", "colour=red")
    assert code == 1
    assert "unknown parameter" in output


def test_reindex_check_finds_drift_and_repair_fixes_it(data_dir: Path) -> None:
    catalogue = Catalogue.open(load_settings(environ={}, overrides={"data_dir": str(data_dir)}))
    catalogue.search.delete([1])
    catalogue.close()
    code, output = run(data_dir, "reindex", "--check")
    assert code == 1
    assert "missing from index: 1" in output
    code, output = run(data_dir, "reindex", "--repair")
    assert code == 0
    code, output = run(data_dir, "reindex", "--check")
    assert (code, "missing from index: 0" in output) == (0, True)
    code, output = run(data_dir, "reindex")
    assert code == 0
    assert "Indexed 2 assets" in output


def test_commands_refuse_a_store_that_was_never_initialised(tmp_path: Path) -> None:
    code, output = run(tmp_path / "empty", "search", "parking")
    assert code == 1
    assert "run `catalogue init`" in output
    assert "Traceback" not in output


def test_every_command_has_help() -> None:
    for command in ("init", "serve", "demo", "reindex", "search", "sources", "harvest"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output
