"""Log hygiene: text someone typed (a title) cannot start a new log line or forge an entry, in either log
format; and an edit's log line carries no secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from catalogue.logs import JsonFormatter, TextFormatter

from .support import ADMIN, ANN

FORGED = "Rent\r\nFAKE LOG LINE level=ERROR\x1b[31m"


@pytest.fixture(params=["text", "json"])
def log_stream(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter() if request.param == "text" else JsonFormatter())
    logger = logging.getLogger("catalogue")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def test_a_title_with_a_line_break_stays_on_one_log_line(
    client: Any, ids: dict[str, int], log_stream: io.StringIO
) -> None:
    response = client.patch(
        f"/api/v1/assets/{ids['rent']}", json={"title": FORGED}, headers={**ANN, "If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert (
        client.get(f"/api/v1/assets/{ids['rent']}", headers=ADMIN).get_json()["title"]
        == "Rent FAKE LOG LINE level=ERROR\x1b[31m"
    )
    lines = [line for line in log_stream.getvalue().splitlines() if "asset edited" in line]
    assert len(lines) == 1
    assert not any(line.startswith("FAKE LOG LINE") for line in log_stream.getvalue().splitlines())
    assert "\x1b" not in log_stream.getvalue()
    line = lines[0]
    if line.startswith("{"):
        entry = json.loads(line)
        assert entry["title"].startswith("Rent")
        assert "FAKE LOG LINE" in entry["title"]
    else:
        assert "title=Rent" in line
        assert "\\x1b" in line


def test_raw_line_breaks_in_logged_text_are_escaped(log_stream: io.StringIO) -> None:
    """The store already folds a title's whitespace; the formatters escape whatever reaches a log line."""
    logging.getLogger("catalogue.curation").info("asset edited", extra={"title": "Rent\r\nFAKE LOG LINE"})
    written = log_stream.getvalue().splitlines()
    assert len(written) == 1
    assert "FAKE LOG LINE" in written[0]
    assert "\r" not in log_stream.getvalue()
    assert "x0d" in written[0]
    assert "x0a" in written[0]
