"""Logging for the web, scheduler and command-line processes: `text` lines for people, or `json` (one
object per line: time in UTC, level, logger, message, and extras such as `source` and `run_id`) for a log
collector (CATALOGUE_LOG_FORMAT).

Log text may carry what users typed (a source's name, a path on a share): in both formats every control
character is escaped, so no value can start a new log line or forge an entry. Secrets are kept out of
messages where they arise (the harvest runner redacts the values it resolves); nothing here sees them.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

FORMATS = ("text", "json")
HANDLER_NAME = "catalogue"

# every attribute a LogRecord has of its own: anything else was passed in `extra=`
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """Control characters (newlines included) as visible escapes: one log entry stays one line."""
    return _CONTROL.sub(_escaped, text)


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The values passed to the log call with `extra=`, in the order given."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return escape(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": escape(record.getMessage()),
        }
        for key, value in extras(record).items():
            entry.setdefault(key, _clean(value))
        if record.exc_info:
            entry["exception"] = escape(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`2024-03-01T09:30:00.123Z INFO logger: message key=value`, in UTC; a traceback follows indented."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        line = f"{moment}.{int(record.msecs):03d}Z {record.levelname} {record.name}: "
        line += escape(record.getMessage())
        for key, value in extras(record).items():
            line += f" {key}={_clean(value)}"
        if record.exc_info:
            trace = self.formatException(record.exc_info)
            line += "".join(f"\n    {escape(part)}" for part in trace.splitlines())
        return line


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record comes (test runners and tools swap it)."""

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        pass


def configure_logging(
    log_format: str = "text", level: int = logging.INFO, stream: IO[str] | None = None
) -> None:
    """Send the root logger's records to stderr (or `stream`) in the chosen format. Called once by each
    process; calling it again replaces the handler it added before."""
    if log_format not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream) if stream is not None else StderrHandler()
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    # APScheduler says "Running job ..." at INFO for every run: our own lines say more, with the run id
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "Context impl ..." on every command
