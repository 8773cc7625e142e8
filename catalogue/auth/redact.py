"""Keeps credentials out of log lines: the request log of the web server writes each URL, and the single
sign-on callback's URL carries the authorization code and state."""

from __future__ import annotations

import logging
import re

SECRET_PARAMETERS = re.compile(
    r"(?P<name>\b(?:code|state|id_token|access_token|refresh_token|token|password|session_state)=)[^&\s\"']+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    return SECRET_PARAMETERS.sub(r"\g<name>[redacted]", text)


class RedactSecrets(logging.Filter):
    """A logging filter that rewrites the message and its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(logger_name: str = "werkzeug") -> None:
    """Add the filter to a logger once."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())
