"""Structured logs: one line per entry in both formats (control characters escaped), JSON entries with
time, level, logger, message and extras, and no secret in what a harvest logs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.config import load_settings
from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.scheduler import HarvestScheduler
from catalogue.logs import HANDLER_NAME, configure_logging
from catalogue.runtime import Catalogue
from tests.harvest.feed import FEEDS, Feed, FeedHarvester

SECRET = "log-s3cret-value"
HOSTILE = "share\r\n2024-01-01T00:00:00.000Z ERROR forged: entry\x1b[31m\u2028"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The root logger's output, in the format a test chooses with configure_logging(stream=...)."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    stream = io.StringIO()
    yield stream
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
    root.setLevel(level)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)


def test_json_entries_are_one_object_a_line(captured: io.StringIO) -> None:
    configure_logging("json", stream=captured)
    logging.getLogger("catalogue.test").info(
        "harvest of %s done", HOSTILE, extra={"source": HOSTILE, "run_id": 7}
    )
    lines = captured.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["time"].endswith("+00:00")
    assert (entry["level"], entry["logger"], entry["run_id"]) == ("INFO", "catalogue.test", 7)
    assert entry["message"].startswith("harvest of share\\x0d\\x0a2024-01-01")
    assert "\\x1b" in entry["message"]
    assert "\\u2028" in entry["source"]
    assert not any(c in lines[0] for c in "\r\x1b\u2028")


def test_text_lines_cannot_be_forged(captured: io.StringIO) -> None:
    configure_logging("text", stream=captured)
    log = logging.getLogger("catalogue.test")
    log.warning("listing %s failed", HOSTILE, extra={"source": "a\nb"})
    try:
        raise ValueError(HOSTILE)
    except ValueError:
        log.exception("boom")
    lines = captured.getvalue().splitlines()
    assert lines[0].endswith("source=a\\x0ab")
    assert "WARNING catalogue.test: listing share\\x0d\\x0a2024-01-01T00:00:00.000Z ERROR forged" in lines[0]
    assert [line for line in lines if "ERROR forged" in line and not line.startswith(" ")] == [lines[0]]
    assert all(line.startswith("    ") for line in lines[2:])  # the traceback, indented


def test_configuring_again_replaces_the_handler(captured: io.StringIO) -> None:
    configure_logging("text", stream=io.StringIO())
    configure_logging("json", stream=captured)
    assert [h.get_name() for h in logging.getLogger().handlers].count(HANDLER_NAME) == 1
    logging.getLogger("x").info("once")
    assert len(captured.getvalue().splitlines()) == 1
    with pytest.raises(ValueError, match="log format"):
        configure_logging("xml")


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_harvest_with_a_secret_logs_no_secret(
    captured: io.StringIO, tmp_path: Path, log_format: str
) -> None:
    configure_logging(log_format, level=logging.DEBUG, stream=captured)
    REGISTRY.register(FeedHarvester)
    FEEDS["logged"] = feed = Feed("logged", token=SECRET)
    settings = load_settings(environ={}, overrides={"data_dir": str(tmp_path), "secret_key": "k"})
    catalogue = Catalogue.open(settings, migrate=True)
    try:
        source = catalogue.sources.create(
            "logged", "test-feed", {"feed": "logged", "token": SECRET}, "t", schedule="* * * * * *"
        )
        feed.put("a.txt", error=f"cannot read with {SECRET}")
        feed.put("b.txt")
        scheduler = HarvestScheduler(catalogue)
        scheduler.refresh()
        scheduler.fire(source.id)  # logs the run's outcome, with the source and run id
        feed.stop_at = ("list", 1, RuntimeError(f"driver failed, password={SECRET}"))
        feed.steps.clear()
        catalogue.harvest_runner().run(catalogue.sources.get(source.id))  # logs the unexpected error
        assert feed.seen_config["token"] == SECRET  # the harvester did use it
    finally:
        catalogue.close()
        FEEDS.pop("logged", None)
        REGISTRY.unregister(FeedHarvester.kind)
    output = captured.getvalue()
    assert "scheduled harvest finished: partial" in output
    assert "failed unexpectedly" in output
    assert "•••" in output  # the secret, redacted
    assert SECRET not in output
