"""Log lines never carry credentials: the web server's request log redacts the single sign-on callback's
code and state (and any password or token in a query string)."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from catalogue.auth.redact import redact


def test_the_request_log_redacts_codes_and_tokens(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="werkzeug")
    line = "GET /sign-in/oidc/callback?code=0.AXkA-secret-code&state=Zq81xY&session_state=abc HTTP/1.1"
    logging.getLogger("werkzeug").info('%s - - "%s" %s -', "127.0.0.1", line, "303")
    assert "0.AXkA-secret-code" not in caplog.text
    assert "Zq81xY" not in caplog.text
    assert "/sign-in/oidc/callback?code=[redacted]&state=[redacted]" in caplog.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/x?password=hunter2&q=parking", "/x?password=[redacted]&q=parking"),
        ("/x?access_token=abc.def&id_token=ghi", "/x?access_token=[redacted]&id_token=[redacted]"),
        ("/search?q=code+of+conduct", "/search?q=code+of+conduct"),  # the word alone is not a parameter
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
