"""Harvester checkpoints: the state a change-feed harvester resumes from (delta links per drive, say).

A checkpoint may carry secrets (a Graph delta link is a bearer URL), so it is stored in `Source.state`
under `checkpoint` only as one Fernet token sealed with the instance's secret box, and every string in it
is redacted from run messages. The runner stores a new checkpoint only after every record it covers is
committed; a run that fails keeps the old one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy.orm import Session, sessionmaker

from catalogue.harvest.secrets import SecretBox, SecretError
from catalogue.models import Source, utcnow

log = logging.getLogger(__name__)

STATE_KEY = "checkpoint"
MIN_SECRET_LENGTH = 8  # shorter query values ("latest", ids) are not worth redacting


def load(state: Mapping[str, Any] | None, box: SecretBox) -> dict[str, Any]:
    """The stored checkpoint in clear, or {} when there is none or it cannot be opened (a changed
    instance key): the harvester then starts afresh with a full listing."""
    sealed = (state or {}).get(STATE_KEY)
    if not isinstance(sealed, Mapping) or not isinstance(sealed.get("encrypted"), str):
        return {}
    try:
        opened = json.loads(box.decrypt(sealed["encrypted"], "checkpoint"))
    except (SecretError, ValueError) as error:
        log.warning("the stored harvest checkpoint is unusable, so this run lists everything: %s", error)
        return {}
    return opened if isinstance(opened, dict) else {}


def save(
    sessions: sessionmaker[Session],
    source_id: int,
    checkpoint: Mapping[str, Any],
    box: SecretBox,
    run_id: int,
) -> None:
    """Store the checkpoint sealed in the source's state, leaving the state's other keys as they are."""
    sealed = {
        "encrypted": box.encrypt(json.dumps(checkpoint, sort_keys=True)),
        "run_id": run_id,
        "saved_at": utcnow().isoformat(),
    }
    with sessions.begin() as session:
        source = session.get(Source, source_id, with_for_update=True)
        if source is None:
            return
        source.state = {**(source.state or {}), STATE_KEY: sealed}


def secret_strings(checkpoint: Mapping[str, Any]) -> list[str]:
    """Every string of the checkpoint and, for URLs, each longer query value (a delta token), so
    messages can be redacted of them whole or in part."""
    found: list[str] = []
    for text in _strings(checkpoint):
        found.append(text)
        if "?" in text:
            found.extend(v for _, v in parse_qsl(urlsplit(text).query) if len(v) >= MIN_SECRET_LENGTH)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
