"""Bulk writes to Elasticsearch where every item's outcome is checked.

`streaming_bulk` sends the actions in chunks and retries the items the cluster rejected for a passing reason
(429 too many requests, 502/503/504) with a growing pause. An item that still fails is collected in a
`BulkFailures` report, so the caller can say which documents were not written and why: none is lost silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch, helpers

from search.backend import SearchDocument
from search.elastic_mapping import to_source

RETRY_STATUSES = (429, 502, 503, 504)
REPORTED_FAILURES = 5  # ids and reasons named in a message


@dataclass(frozen=True)
class BulkSettings:
    chunk_size: int = 500
    max_retries: int = 3
    initial_backoff: float = 1.0  # seconds before the first retry; doubled for each later one
    request_timeout: float = 120.0


@dataclass
class BulkFailures:
    """Items the cluster refused after every retry: (document id, HTTP status, error type, reason)."""

    items: list[tuple[str, int, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def ids(self) -> list[str]:
        return [item[0] for item in self.items]

    def summary(self) -> str:
        """Ids and error types, safe to show (a reason may quote a document's values: that is logged)."""
        first = self.items[:REPORTED_FAILURES]
        shown = ", ".join(f"{i} ({kind}, HTTP {status})" for i, status, kind, _ in first)
        more = len(self.items) - len(first)
        return f"{len(self.items)} document(s) refused: ids {shown}" + (f" and {more} more" if more else "")

    def details(self) -> str:
        """Every failure with the cluster's reason, for the log."""
        return "; ".join(
            f"id {i}: {kind}: {reason} (HTTP {status})" for i, status, kind, reason in self.items
        )


def index_actions(index: str, documents: Iterable[SearchDocument]) -> Iterator[dict[str, Any]]:
    for document in documents:
        yield {"_op_type": "index", "_index": index, "_id": str(document.id), "_source": to_source(document)}


def delete_actions(index: str, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    for doc_id in ids:
        yield {"_op_type": "delete", "_index": index, "_id": str(int(doc_id))}


def failure_of(item: dict[str, Any]) -> tuple[str, int, str, str]:
    """(id, status, error type, first line of the reason) of a failed item; never a stack trace."""
    error = item.get("error")
    if isinstance(error, dict):
        kind, reason = str(error.get("type") or "error"), str(error.get("reason") or "")
    else:
        kind, reason = "error", str(error or item.get("result") or "failed")
    first_line = (reason.splitlines() or [""])[0][:300]
    return str(item.get("_id")), int(item.get("status") or 0), kind, first_line


def write(
    client: Elasticsearch, actions: Iterable[dict[str, Any]], settings: BulkSettings
) -> tuple[int, BulkFailures]:
    """Send the actions; returns how many succeeded and the ones that failed after retries.
    A delete of a document that is not there counts as done."""
    done = 0
    failures = BulkFailures()
    results = helpers.streaming_bulk(
        client.options(request_timeout=settings.request_timeout),
        actions,
        chunk_size=settings.chunk_size,
        max_retries=settings.max_retries,
        initial_backoff=settings.initial_backoff,
        retry_on_status=RETRY_STATUSES,
        raise_on_error=False,
        raise_on_exception=True,
    )
    for ok, result in results:
        operation, item = next(iter(result.items()))
        if ok or (operation == "delete" and item.get("status") == 404 and "error" not in item):
            done += 1
        else:
            failures.items.append(failure_of(item))
    return done, failures
