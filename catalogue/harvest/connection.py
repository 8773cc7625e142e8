"""Test a source's connection: build its harvester from the stored settings (secrets resolved) and ask it
to reach the source (`Harvester.check`), without harvesting anything. The answer never carries a secret:
the resolved values are redacted from any message."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from marshmallow import ValidationError

from catalogue.harvest import secrets
from catalogue.harvest.registry import HarvesterUnavailable, Registry, UnknownKind
from catalogue.models import Source
from harvesters.base import SourceError

log = logging.getLogger(__name__)

WORKS = "The connection works: the source can be read."


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_connection(
    source: Source,
    registry: Registry,
    box: secrets.SecretBox,
    environ: Mapping[str, str] | None = None,
) -> ConnectionCheck:
    try:
        cls = registry.load(source.kind)
    except (UnknownKind, HarvesterUnavailable) as error:
        return ConnectionCheck(False, str(error))
    names = secrets.secret_fields(cls.config_schema)
    try:
        clear, values = secrets.resolve(source.config or {}, names, box, environ)
    except secrets.SecretError as error:
        return ConnectionCheck(False, str(error))
    try:
        config = cls.config_schema().load(clear)
    except ValidationError as error:
        fields = ", ".join(sorted(map(str, error.messages))) if isinstance(error.messages, dict) else ""
        return ConnectionCheck(False, f"the source's settings cannot be used ({fields or 'see its page'})")
    harvester = None
    try:
        harvester = cls(config)
        harvester.check()
    except SourceError as error:
        return ConnectionCheck(False, secrets.redact(str(error), values) or "the source could not be read")
    except Exception as error:  # a harvester's bug or an unexpected failure: say what, never a secret
        text = secrets.redact(f"{type(error).__name__}: {error}", values)
        log.warning("connection test failed unexpectedly: %s", text, extra={"source": source.name})
        return ConnectionCheck(False, f"unexpected error: {text}")
    finally:
        if harvester is not None:
            try:
                harvester.close()
            except Exception as error:
                log.warning("closing the harvester failed: %s", type(error).__name__)
    return ConnectionCheck(True, WORKS)
