"""The `catalogue sources …`, `catalogue harvest` and `catalogue harvesters` commands, through click's
runner against the real store: exit codes 0 / 1 / 2, summaries, and no secret ever printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from catalogue.cli import main
from catalogue.runtime import Catalogue

from .conftest import assets
from .feed import Feed

SECRET = "pa55-w0rd-never-shown"


@pytest.fixture
def cli(cat: Catalogue, database_url: str, tmp_path: Path) -> Any:
    env = {
        "CATALOGUE_DATA_DIR": str(tmp_path / "data"),
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_SECRET_KEY": "test-instance-key",
        "COLUMNS": "200",
    }

    def run(*args: str) -> Result:
        result = CliRunner().invoke(main, list(args), env=env)
        assert SECRET not in result.output
        return result

    return run


def test_add_list_show_edit_and_remove(cli: Any, feed: Feed, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"feed": feed.name, "token": SECRET}), encoding="utf-8")
    added = cli(
        "sources", "add", "share", "--kind", "test-feed", "--config", f"@{config}", "--title", "Shared drive",
        "--schedule", "0 2 * * *", "--defaults", '{"department": "Finance"}',
        "--rules", '[{"pattern": "HR/**", "set": {"department": "HR"}}]',
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Added source share (test-feed)" in added.output

    listed = cli("sources", "list")
    assert "share" in listed.output
    assert "never" in listed.output

    shown = cli("sources", "show", "share")
    assert shown.exit_code == 0, shown.output
    assert "••• (stored)" in shown.output
    assert '"department": "Finance"' in shown.output
    assert "HR/**" in shown.output

    edited = cli(
        "sources", "edit", "share", "--config", json.dumps({"feed": feed.name, "token": {"env": "TOK"}})
    )
    assert edited.exit_code == 0, edited.output
    assert "env:TOK" in cli("sources", "show", "share").output
    assert cli("sources", "disable", "share").exit_code == 0
    assert "no" in cli("sources", "list").output
    assert cli("sources", "enable", "share").exit_code == 0
    assert cli("sources", "remove", "share").exit_code == 0
    missing = cli("sources", "show", "share")
    assert missing.exit_code == 1
    assert "no source 'share'" in missing.output


def test_bad_input_ends_with_one_line_and_status_1(cli: Any, feed: Feed) -> None:
    bad_json = cli("sources", "add", "s", "--kind", "test-feed", "--config", "{feed:")
    assert bad_json.exit_code == 2
    assert "not valid JSON" in bad_json.output
    bad_kind = cli("sources", "add", "s", "--kind", "nope", "--config", "{}")
    assert bad_kind.exit_code == 1
    assert "no harvester of kind 'nope'" in bad_kind.output
    assert cli("sources", "edit", "nothing", "--title", "x").exit_code == 1


def test_harvest_exit_codes_and_summary(cli: Any, cat: Catalogue, feed: Feed) -> None:
    feed.token = SECRET
    config = json.dumps({"feed": feed.name, "token": SECRET})
    assert cli("sources", "add", "share", "--kind", "test-feed", "--config", config).exit_code == 0
    for n in range(3):
        feed.put(f"f{n}.txt")

    ok = cli("harvest", "share")
    assert ok.exit_code == 0, ok.output
    assert "succeeded" in ok.output
    assert len(assets(cat, cat.sources.get("share"))) == 3

    feed.put("locked.txt", error="permission denied")
    partial = cli("harvest", "share")
    assert partial.exit_code == 2, partial.output
    assert "partial" in partial.output
    assert "permission denied" in partial.output
    assert "locked.txt" in partial.output

    feed.token = "changed"
    failed = cli("harvest", "share", "--full")
    assert failed.exit_code == 1, failed.output
    assert "login refused for token •••" in failed.output

    cli("sources", "disable", "share")
    disabled = cli("harvest", "share")
    assert disabled.exit_code == 1
    assert "disabled" in disabled.output


def test_confirm_a_held_back_retirement(cli: Any, cat: Catalogue, feed: Feed) -> None:
    cli("sources", "add", "share", "--kind", "test-feed", "--config", json.dumps({"feed": feed.name}))
    feed.put("a.txt")
    feed.put("b.txt")
    assert cli("harvest", "share").exit_code == 0
    feed.drop("b.txt")
    held = cli("harvest", "share")
    assert held.exit_code == 0
    assert "Needs review" in held.output
    confirmed = cli("sources", "confirm", "share")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Marked 1 assets of share gone" in confirmed.output
    assert assets(cat, cat.sources.get("share"))["b.txt"].lifecycle == "gone"
    again = cli("sources", "confirm", "share")
    assert again.exit_code == 1
    assert "no retirement waiting" in again.output
