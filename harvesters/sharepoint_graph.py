"""A small Microsoft Graph v1.0 client for reading: GET with an app-only token, paging by following
`@odata.nextLink` exactly as given, throttling (429/503 with `Retry-After`, else exponential backoff with
jitter), one token renewal on 401, and errors that say what happened without showing a URL's secrets.

Delta and next links carry bearer tokens in their path or query, so no URL is ever put in a message or a
log as it is: `describe()` keeps only the resource path up to `delta`.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

log = logging.getLogger(__name__)


class _HideUrlSecrets(logging.Filter):
    """urllib3 logs each request line at DEBUG; delta and next links carry tokens, so its URLs are cut
    to what `describe()` shows before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                describe(arg) if isinstance(arg, str) and arg.startswith(("/", "http")) else arg
                for arg in record.args
            )
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_HideUrlSecrets())

RETRIED = frozenset({429, 503, 500, 502, 504})  # throttled, or a passing server fault
Sleep = Callable[[float], None]


class GraphError(Exception):
    """Graph answered with an error (or could not be reached): `status` 0 means no answer at all."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class AccessDenied(GraphError):
    """403: the app may not read this site, library or list."""


class NotFound(GraphError):
    """404: it is not there (any more)."""


class ResyncRequired(GraphError):
    """410 Gone on a delta link: the change feed must be enumerated afresh (from `location` if given)."""

    def __init__(self, status: int, code: str, message: str, location: str | None) -> None:
        super().__init__(status, code, message)
        self.location = location


class AuthenticationFailed(GraphError):
    """No token could be had, or Graph refused a freshly renewed one."""


class TokenSource:
    """Hands out bearer tokens; `renew` forgets the cached one (it expired or was revoked)."""

    def token(self) -> str:
        raise NotImplementedError

    def renew(self) -> str:
        raise NotImplementedError


@dataclass
class RetryPolicy:
    max_attempts: int = 8  # tries of one request, the first included
    base_delay: float = 1.0  # first backoff without Retry-After; doubles each time
    max_delay: float = 60.0  # cap of one backoff without Retry-After
    max_retry_after: float = 240.0  # a longer Retry-After fails the run (it would outlive the source's lease)


def describe(url: str) -> str:
    """A URL as messages may show it: the path only, cut after `delta` (whose token is a secret)."""
    path = urlsplit(url).path
    cut = path.find("delta")
    return path[: cut + len("delta")] if cut >= 0 else path


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class GraphClient:
    def __init__(
        self,
        base_url: str,
        tokens: TokenSource,
        *,
        session: requests.Session | None = None,
        verify: bool | str = True,
        timeout: float = 60.0,
        sleep: Sleep = time.sleep,
        policy: RetryPolicy | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.session = session or requests.Session()
        self.verify, self.timeout, self.sleep = verify, timeout, sleep
        self.policy = policy or RetryPolicy()
        self.jitter = jitter
        origin = urlsplit(self.base_url)
        self._origin = (origin.scheme, origin.netloc.lower())

    def url(self, path: str) -> str:
        return path if path.startswith("https://") or path.startswith("http://") else self.base_url + path

    def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """One resource (or one page of a collection) as JSON."""
        url = self.url(path)
        self._check_origin(url)
        response = self._send(url, params)
        try:
            body = response.json()
        except ValueError:
            raise GraphError(response.status_code, "invalidJson", f"{describe(url)}: not JSON") from None
        if not isinstance(body, dict):
            raise GraphError(response.status_code, "invalidJson", f"{describe(url)}: not a JSON object")
        return body

    def pages(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every page of a collection, following `@odata.nextLink` exactly as given."""
        page = self.get(path, params)
        yield page
        while isinstance(next_link := page.get("@odata.nextLink"), str) and next_link:
            page = self.get(next_link)
            yield page

    def values(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every member of a collection, page after page."""
        for page in self.pages(path, params):
            yield from (v for v in page.get("value", []) if isinstance(v, dict))

    def close(self) -> None:
        self.session.close()

    # ----- one request, retried -----------------------------------------------------------------------

    def _check_origin(self, url: str) -> None:
        """A link to another host would be sent our token: refuse it."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) != self._origin:
            raise GraphError(0, "foreignLink", f"Graph returned a link to another host ({parts.netloc})")

    def _send(self, url: str, params: Mapping[str, str] | None) -> requests.Response:
        renewed = False
        token = self.tokens.token()
        for attempt in range(1, self.policy.max_attempts + 1):
            try:
                response = self.session.get(
                    url,
                    params=params,
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                    verify=self.verify,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.RequestException as error:
                if attempt == self.policy.max_attempts:
                    raise GraphError(0, "unreachable", f"{describe(url)}: {type(error).__name__}") from None
                self._wait(None, attempt, url, "no answer")
                continue
            status = response.status_code
            if status < 300:
                return response
            if status == 401 and not renewed:
                renewed = True
                log.info("Graph refused the token for %s; renewing it once", describe(url))
                token = self.tokens.renew()
                continue
            if status in RETRIED and attempt < self.policy.max_attempts:
                self._wait(retry_after(response.headers.get("Retry-After")), attempt, url, str(status))
                continue
            raise _error(response, url)
        raise GraphError(0, "unreachable", f"{describe(url)}: no answer")  # pragma: no cover - loop returns

    def _wait(self, asked: float | None, attempt: int, url: str, why: str) -> None:
        if asked is not None:
            if asked > self.policy.max_retry_after:
                raise GraphError(
                    429,
                    "throttled",
                    f"Graph asked to wait {asked:.0f} s before reading {describe(url)}, longer than "
                    f"{self.policy.max_retry_after:.0f} s: the harvest stops here and resumes next run",
                )
            delay = asked
        else:  # exponential backoff with full jitter, capped
            ceiling = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
            delay = ceiling * (0.5 + self.jitter() / 2)
        log.info("Graph %s on %s; waiting %.1f s (try %d)", why, describe(url), delay, attempt)
        self.sleep(delay)


def _error(response: requests.Response, url: str) -> GraphError:
    """The Graph error for a failed response, its message from the documented error body."""
    status = response.status_code
    code, message = "", ""
    try:
        body = response.json()
        error = body.get("error", {}) if isinstance(body, dict) else {}
        if isinstance(error, dict):
            code, message = str(error.get("code", "")), str(error.get("message", ""))
    except ValueError:
        pass
    text = (
        f"{describe(url)}: HTTP {status}" + (f" {code}" if code else "") + (f": {message}" if message else "")
    )
    if status == 401:
        return AuthenticationFailed(status, code, f"Graph refused a renewed token ({text})")
    if status == 403:
        return AccessDenied(status, code, text)
    if status == 404:
        return NotFound(status, code, text)
    if status == 410:
        return ResyncRequired(status, code, text, response.headers.get("Location"))
    return GraphError(status, code, text)
