"""Source secrets: a literal is stored encrypted with the instance key (Fernet); a reference,
`{"env": "NAME"}` or `{"file": "PATH"}`, is stored as it is and resolved when a harvest runs.

Which config fields are secrets is said by the harvester's config schema: its `load_only` fields. Stored
configs never hold a secret in clear; configs shown back (pages, API, CLI) show `MASK` or the reference.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from marshmallow import Schema

MASK = "••• (stored)"
ENCRYPTED = "encrypted"
REFERENCES = ("env", "file")


class SecretError(Exception):
    """A secret cannot be stored or resolved. The message names the field, never the secret."""


class SecretBox:
    """Encrypts and decrypts literals with a key derived from the instance's secret key."""

    def __init__(self, instance_key: str) -> None:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"catalogue source secrets"
        ).derive(instance_key.encode("utf-8"))
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str, name: str = "secret") -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError):
            raise SecretError(
                f"{name}: the stored secret cannot be decrypted with this instance's key; enter it again"
            ) from None


def secret_fields(schema: type[Schema] | Schema) -> list[str]:
    """The config keys that hold secrets: the schema's load-only fields."""
    instance = schema() if isinstance(schema, type) else schema
    return sorted(f.data_key or name for name, f in instance.fields.items() if f.load_only)


def _reference(name: str, value: Mapping[str, Any]) -> dict[str, str]:
    if len(value) == 1:
        (kind, target), *_ = value.items()
        if kind in REFERENCES and isinstance(target, str) and target.strip():
            return {kind: target.strip()}
    raise SecretError(f'{name}: give the secret as text, {{"env": "NAME"}} or {{"file": "PATH"}}')


def seal(
    config: Mapping[str, Any],
    names: Iterable[str],
    box: SecretBox,
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The config as stored: literals encrypted, references kept. A secret left out or sent as `MASK`
    keeps the previously stored one; null or "" removes it."""
    previous = previous or {}
    sealed = dict(config)
    for name in names:
        if name not in config or config[name] == MASK:
            if name in previous:
                sealed[name] = previous[name]
            elif name in config:
                raise SecretError(f"{name}: no secret is stored yet; enter it")
            continue
        value = config[name]
        if value is None or value == "":
            sealed.pop(name)
        elif isinstance(value, str):
            sealed[name] = {ENCRYPTED: box.encrypt(value)}
        elif isinstance(value, Mapping):
            sealed[name] = _reference(name, value)
        else:
            raise SecretError(f'{name}: give the secret as text, {{"env": "NAME"}} or {{"file": "PATH"}}')
    return sealed


def masked(config: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The config as the API shows it: stored literals as `MASK`, references as they are."""
    shown = dict(config)
    for name in names:
        if name in shown:
            value = shown[name]
            shown[name] = dict(value) if isinstance(value, Mapping) and ENCRYPTED not in value else MASK
    return shown


def describe(value: Any) -> str:
    """One stored secret as pages and the CLI show it: `MASK`, `env:NAME` or `file:PATH`."""
    if isinstance(value, Mapping):
        for kind in REFERENCES:
            if kind in value:
                return f"{kind}:{value[kind]}"
    return MASK


def resolve(
    config: Mapping[str, Any],
    names: Iterable[str],
    box: SecretBox,
    environ: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The config with its secrets in clear, for the harvester, and the clear values (to redact them
    from messages). Raises SecretError when a reference cannot be resolved."""
    environ = os.environ if environ is None else environ
    clear = dict(config)
    values: list[str] = []
    for name in names:
        value = config.get(name)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            raise SecretError(f"{name}: the stored secret is not in a known form; enter it again")
        if ENCRYPTED in value:
            text = box.decrypt(str(value[ENCRYPTED]), name)
        elif "env" in value:
            if value["env"] not in environ:
                raise SecretError(f"{name}: the environment variable {value['env']} is not set")
            text = environ[value["env"]]
        elif "file" in value:
            try:
                text = Path(value["file"]).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as error:
                raise SecretError(f"{name}: cannot read {value['file']}: {error.strerror}") from None
        else:
            raise SecretError(f"{name}: the stored secret is not in a known form; enter it again")
        clear[name] = text
        values.append(text)
    return clear, values


def redact(text: str, secrets: Iterable[str]) -> str:
    """The text with every secret value replaced (longest first, so one inside another goes too)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "•••")
    return text
