"""Reaching the Elasticsearch cluster: the search URL, the client, and its errors as safe messages.

URL: `http(s)://user:password@host:port/alias?option=value`. The alias (default `catalogue`) names the
index searches go to; `catalogue reindex` builds `alias__<time>` indices behind it. Options: `ca_certs`
(a CA bundle for https), `verify_certs` (true/false), `timeout` (seconds per request, default 10),
`shards` and `replicas` (of indices created from now on). Credentials go to the client apart from the host,
so they never appear in a message or a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import BulkIndexError, ScanError

from search.backend import SearchError, SearchUnavailable
from search.elastic_mapping import ALIAS_PATTERN

log = logging.getLogger(__name__)

DEFAULT_ALIAS = "catalogue"
DEFAULT_PORT = 9200
DEFAULT_TIMEOUT = 10.0
UNAVAILABLE = "Search is unavailable right now. Try again in a moment."
OPTIONS = ("ca_certs", "verify_certs", "timeout", "shards", "replicas")


@dataclass(frozen=True)
class ClusterAddress:
    host: str  # scheme://host:port, without credentials
    alias: str = DEFAULT_ALIAS
    username: str | None = None
    password: str | None = None
    ca_certs: str | None = None
    verify_certs: bool = True
    timeout: float = DEFAULT_TIMEOUT
    shards: int = 1
    replicas: int = 0

    def __repr__(self) -> str:  # never show the password, even in a debugger or a log
        return f"ClusterAddress(host={self.host!r}, alias={self.alias!r}, username={self.username!r})"


def parse_url(url: str) -> ClusterAddress:
    """Read a search URL. Raises ValueError with a message that does not repeat the password."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("the Elasticsearch URL must look like https://user:password@host:9200/alias")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise ValueError("the Elasticsearch URL has an invalid port") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    if not ALIAS_PATTERN.fullmatch(alias):
        raise ValueError(
            "the index alias in the Elasticsearch URL must be lower-case letters, digits and '-' "
            f"(got {alias!r})"
        )
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ValueError(
            f"unknown Elasticsearch URL option(s): {', '.join(unknown)} (known: {', '.join(OPTIONS)})"
        )
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        shards = int(options.get("shards", 1))
        replicas = int(options.get("replicas", 0))
    except ValueError:
        raise ValueError(
            "the Elasticsearch URL options timeout, shards and replicas must be numbers"
        ) from None
    if timeout <= 0 or shards < 1 or replicas < 0:
        raise ValueError("the Elasticsearch URL needs timeout > 0, shards >= 1 and replicas >= 0")
    verify = options.get("verify_certs", "true").lower()
    if verify not in ("true", "false"):
        raise ValueError("the Elasticsearch URL option verify_certs must be true or false")
    return ClusterAddress(
        host=f"{parts.scheme}://{host}:{port}",
        alias=alias,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        ca_certs=options.get("ca_certs") or None,
        verify_certs=verify == "true",
        timeout=timeout,
        shards=shards,
        replicas=replicas,
    )


def make_client(address: ClusterAddress) -> Elasticsearch:
    """A client for the cluster. It connects on its first request, so building one never fails because the
    cluster is down, and every request tries again: the app recovers by itself when the cluster returns."""
    auth = (address.username, address.password or "") if address.username else None
    extra: dict[str, object] = {}
    if address.ca_certs:
        extra["ca_certs"] = address.ca_certs
    if address.host.startswith("https://"):
        extra["verify_certs"] = address.verify_certs
    return Elasticsearch(
        address.host,
        basic_auth=auth,
        request_timeout=address.timeout,
        max_retries=2,
        retry_on_timeout=False,
        **extra,  # type: ignore[arg-type]
    )


def _reason(error: ApiError) -> str:
    """The cluster's error type and first line of reason, for the log (no stack trace, no credentials)."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    if isinstance(detail, dict):
        root = (detail.get("root_cause") or [detail])[0]
        if isinstance(root, dict):
            reason = (str(root.get("reason") or "").splitlines() or [""])[0]
            return f"{root.get('type')}: {reason}"
    return str(error.message)


def status_of(error: ApiError) -> int:
    return int(error.meta.status)


@contextmanager
def cluster_errors(message: str) -> Iterator[None]:
    """Turn the client's errors into SearchError (SearchUnavailable when the cluster cannot serve now) with
    `message` or UNAVAILABLE, both safe to show. The log keeps the cluster's reason."""
    try:
        yield
    except SearchError:
        raise
    except TransportError as error:  # refused, timed out, TLS, DNS: nothing answered
        log.warning("search cluster unreachable (%s): %s", message, type(error).__name__)
        raise SearchUnavailable(UNAVAILABLE) from None
    except ApiError as error:
        status = status_of(error)
        log.warning("search cluster answered HTTP %s (%s): %s", status, message, _reason(error))
        if status in (401, 403, 408, 429) or status >= 500:
            raise SearchUnavailable(UNAVAILABLE) from None
        raise SearchError(message) from None
    except (BulkIndexError, ScanError) as error:
        log.warning("search cluster refused part of a request (%s): %s", message, error)
        raise SearchError(message) from None
