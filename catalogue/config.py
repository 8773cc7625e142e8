"""Every setting, declared once: name, type, default and help.

Values come from (highest first) explicit overrides, `CATALOGUE_*` environment variables, then the
instance config file (`catalogue.toml` in the data folder, or the file named by `CATALOGUE_CONFIG`).
The CLI help, README's configuration table (checked by a test) and the defaults all read `SETTINGS`.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    name: str  # lower-case key; the environment variable is CATALOGUE_<NAME>
    parse: Callable[[str], Any]
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"CATALOGUE_{self.name.upper()}"


def _text(value: str) -> str:
    return value.strip()


def _share(value: str) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError("must be a share between 0 and 1 (0.1 is 10 %)")
    return share


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _seconds(value: str) -> int:
    seconds = int(value)
    if seconds < 0:
        raise ValueError("must be a number of seconds, 0 or more")
    return seconds


def _bulk_edit_limit(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 10_000:  # a search pages through at most 10,000 results
        raise ValueError("must be a whole number from 1 to 10000")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be a whole number of at least 1")
    return number


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be a whole number, 0 or more")
    return number


def _environment(value: str) -> str:
    text = value.strip().lower()
    if text not in ("development", "production"):
        raise ValueError("must be development or production")
    return text


def _json_object(value: str) -> dict[str, Any]:
    try:
        data = json.loads(value) if value.strip() else {}
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("must be a JSON object")
    return data


def _log_format(value: str) -> str:
    text = value.strip().lower()
    if text not in ("text", "json"):
        raise ValueError("must be text or json")
    return text


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        _text,
        "catalogue-data",
        "Folder for the embedded defaults: the SQLite store, the search index, the instance config.",
    ),
    Setting(
        "database_url",
        _text,
        "",
        "SQLAlchemy URL of the store. Empty: SQLite in the data folder. "
        "Production: postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "search_url",
        _text,
        "",
        "Search backend. Empty: the embedded Tantivy index in the data folder; "
        "http(s)://... for Elasticsearch.",
    ),
    Setting(
        "secret_key",
        _text,
        "",
        "Key that signs sessions and encrypts stored secrets. Empty: a random key kept in the data folder.",
    ),
    Setting(
        "classifications",
        _list,
        ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"),
        "The classification scheme, lowest first, comma-separated.",
    ),
    Setting(
        "default_classification",
        _text,
        "OFFICIAL-SENSITIVE",
        "The restrictive classification given to an asset when neither its source nor a curator says.",
    ),
    Setting(
        "anonymous_clearance",
        _text,
        "",
        "If set, visitors who are not signed in browse as viewers with this clearance. Empty: off.",
    ),
    Setting(
        "synonyms_file",
        _text,
        "",
        "A text file of synonym groups, one group per line, comma-separated. Empty: the built-in list.",
    ),
    Setting(
        "retire_limit",
        _share,
        0.10,
        "Largest share (0 to 1) of a source's assets one harvest may mark gone at source; a run that would "
        "retire more is flagged for review instead.",
    ),
    Setting(
        "bulk_edit_limit",
        _bulk_edit_limit,
        1000,
        "Most assets one bulk edit may change (1 to 10000); a larger selection is refused, to be narrowed.",
    ),
    Setting(
        "log_format",
        _log_format,
        "text",
        "Log lines of the web, scheduler and command-line processes: text, or json (one object per line).",
    ),
    Setting(
        "harvest_timeout",
        _seconds,
        43200,
        "Seconds a harvest may run before the scheduler marks it failed and frees its source. 0: no limit.",
    ),
    Setting(
        "scheduler_misfire_grace",
        _seconds,
        3600,
        "Seconds a scheduled harvest may start late (scheduler down or source busy) and still run, once.",
    ),
    Setting(
        "scheduler_refresh",
        _seconds,
        30,
        "Seconds between the scheduler's readings of the sources (new and changed schedules are picked "
        "up) and its checks for stuck runs.",
    ),
    # ----- users and sign-in (catalogue.auth) -----
    Setting(
        "env",
        _environment,
        "development",
        "development or production. In production the app refuses to start without a secret key of at least "
        "32 characters, and its cookies are Secure (HTTPS only).",
    ),
    Setting(
        "session_idle_timeout",
        _positive_int,
        1800,
        "Seconds of inactivity after which a sign-in session ends.",
    ),
    Setting(
        "session_absolute_timeout",
        _positive_int,
        43200,
        "Seconds after sign-in at which a session ends however active it is.",
    ),
    Setting(
        "login_max_failures",
        _positive_int,
        5,
        "Failed sign-ins allowed per username within the lockout window (ten times as many per client "
        "address) before further attempts are refused until the window has passed.",
    ),
    Setting(
        "login_lockout_seconds",
        _positive_int,
        900,
        "The lockout window, in seconds, over which failed sign-ins are counted.",
    ),
    Setting(
        "trusted_proxies",
        _count,
        0,
        "Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are "
        "trusted (client address for sign-in limits, https for cookies and HSTS). 0: none.",
    ),
    Setting(
        "oidc_authority",
        _text,
        "",
        "OpenID Connect issuer for single sign-on, e.g. https://login.microsoftonline.com/<tenant>/v2.0 "
        "for Microsoft Entra ID (its discovery document is read from there). Empty: off.",
    ),
    Setting("oidc_client_id", _text, "", "The application (client) id registered with the OIDC provider."),
    Setting("oidc_client_secret", _text, "", "The client secret registered with the OIDC provider."),
    Setting(
        "oidc_claim_map",
        _json_object,
        {},
        'JSON: an app role or group id in the token\'s "roles" or "groups" claim -> what it grants, e.g. '
        '{"Catalogue.Admin": {"role": "admin", "clearance": "SECRET", "groups": ["HR"]}}.',
    ),
    Setting(
        "oidc_redirect_uri",
        _text,
        "",
        "The sign-in callback URL registered with the provider. Empty: this server's /sign-in/oidc/callback.",
    ),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of one catalogue instance."""

    values: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def data_path(self) -> Path:
        return Path(self.values["data_dir"]).expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        return self.values["database_url"] or f"sqlite:///{self.data_path / 'catalogue.db'}"

    @property
    def resolved_search_url(self) -> str:
        return self.values["search_url"] or f"embedded://{self.data_path / 'index'}"

    def with_overrides(self, **overrides: Any) -> Settings:
        return Settings({**self.values, **{k: v for k, v in overrides.items() if v is not None}})


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Resolve every setting from overrides, the environment and the instance config file."""
    environ = os.environ if environ is None else environ
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(overrides) - set(SETTINGS_BY_NAME)
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")

    data_dir = overrides.get("data_dir") or environ.get("CATALOGUE_DATA_DIR") or "catalogue-data"
    file_values = _read_config_file(environ.get("CATALOGUE_CONFIG") or Path(data_dir) / "catalogue.toml")

    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            values[setting.name] = overrides[setting.name]
            continue
        raw = environ.get(setting.env)
        if raw is None and setting.name in file_values:
            raw = str(file_values[setting.name])
        values[setting.name] = setting.default if raw is None else _parse(setting, raw)
    settings = Settings(values)
    _check(settings)
    return settings


def _parse(setting: Setting, raw: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise ConfigError(f"{setting.env}={raw!r}: {error}") from None


def _read_config_file(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None
    unknown = set(data) - set(SETTINGS_BY_NAME)
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
    return data


def _check(settings: Settings) -> None:
    levels = settings.classifications
    if not levels:
        raise ConfigError("CATALOGUE_CLASSIFICATIONS must name at least one level")
    if len(set(levels)) != len(levels):
        raise ConfigError("CATALOGUE_CLASSIFICATIONS names a level twice")
    for name in ("default_classification", "anonymous_clearance"):
        value = settings.values[name]
        if value and value not in levels:
            raise ConfigError(
                f"{SETTINGS_BY_NAME[name].env}={value!r} is not a level of the scheme ({', '.join(levels)})"
            )
