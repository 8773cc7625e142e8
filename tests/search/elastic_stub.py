"""A local HTTP server that answers the way an Elasticsearch 8 node does, for the real client to talk to.

It is not a search engine: each test says what the cluster answers (per method and path pattern), and the
server records every request so the test can check what the backend sent. Every answer carries the
`X-Elastic-Product: Elasticsearch` header the 8.x client requires, and errors have Elasticsearch's JSON shape.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from search.backend import FACET_NAMES


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    body: bytes
    authorization: str | None

    def json(self) -> Any:
        return json.loads(self.body)

    def ndjson(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.body.decode().splitlines() if line.strip()]


Answer = tuple[int, Any]
Responder = Callable[[Recorded], Answer]


def error_body(status: int, kind: str, reason: str) -> dict[str, Any]:
    cause = {"type": kind, "reason": reason}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


def ack() -> Answer:
    return 200, {"acknowledged": True}


def search_response(hits: list[dict[str, Any]] | None = None, total: int | None = None) -> dict[str, Any]:
    """A _search answer: the given `_source`s as hits, and empty facet aggregations."""
    found = hits or []
    empty = {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []}
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(found) if total is None else total, "relation": "eq"},
            "max_score": 1.0 if found else None,
            "hits": [
                {"_index": "catalogue__initial", "_id": str(s["id"]), "_score": 1.0, "_source": s}
                for s in found
            ],
        },
        "aggregations": {f: {"doc_count": len(found), "top": dict(empty)} for f in FACET_NAMES},
    }


def bulk_answer(request: Recorded, fail: Callable[[str, str], tuple[int, str] | None]) -> Answer:
    """A _bulk answer: `fail(operation, id)` gives (status, error type) for an item to refuse, else None."""
    lines = request.ndjson()
    items = []
    errors = False
    position = 0
    while position < len(lines):
        operation, meta = next(iter(lines[position].items()))
        position += 1 if operation == "delete" else 2
        refused = fail(operation, meta["_id"])
        item: dict[str, Any] = {"_index": meta.get("_index", "x"), "_id": meta["_id"]}
        if refused:
            errors = True
            status, kind = refused
            item.update(status=status, error={"type": kind, "reason": f"refused document [{meta['_id']}]"})
        else:
            item.update(status=201 if operation == "index" else 200, result="created")
        items.append({operation: item})
    return 200, {"took": 3, "errors": errors, "items": items}


class StubCluster:
    def __init__(self, port: int = 0) -> None:
        self.requests: list[Recorded] = []
        self.routes: list[tuple[str, re.Pattern[str], Responder]] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the client expects of a cluster
            wbufsize = -1  # headers and small bodies leave in one write
            disable_nagle_algorithm = True  # large bodies do not wait for the client's delayed ACK

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                path, _, query = self.path.partition("?")
                request = Recorded(
                    self.command, path, query, self.rfile.read(length), self.headers.get("Authorization")
                )
                with stub._lock:
                    stub.requests.append(request)
                status, body = stub.respond(request)
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]

    def on(self, method: str, pattern: str, responder: Responder) -> None:
        """Answer methods matching `method` on paths fully matching `pattern` (later rules win). The client
        sends bulk requests with PUT; `POST` here also matches PUT, as Elasticsearch takes either."""
        method = "POST|PUT" if method == "POST" else method
        self.routes.insert(0, (method, re.compile(pattern), responder))

    def respond(self, request: Recorded) -> Answer:
        for method, pattern, responder in self.routes:
            if re.fullmatch(method, request.method) and pattern.fullmatch(request.path):
                try:
                    return responder(request)
                except Exception:  # a bug in a test's responder: say so, as a cluster would with a 500
                    traceback.print_exc()
                    return 500, error_body(500, "stub_failure", f"{request.method} {request.path}")
        return 404, error_body(404, "index_not_found_exception", f"no such index [{request.path}]")

    def sent(self, method: str, pattern: str) -> list[Recorded]:
        with self._lock:
            methods = "POST|PUT" if method == "POST" else method
            return [
                r for r in self.requests if re.fullmatch(methods, r.method) and re.fullmatch(pattern, r.path)
            ]

    def url(self, alias: str = "catalogue", user: str = "elastic", password: str = "s3cret-pw") -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}/{alias}"

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def existing_index(stub: StubCluster, alias: str = "catalogue", index: str = "catalogue__old") -> None:
    """Routes of a cluster that has `index` behind `alias`, with the current mapping version."""
    from search.elastic_mapping import SCHEMA_VERSION

    stub.on("HEAD", f"/_alias/{alias}", lambda r: (200, None))
    stub.on("GET", f"/_alias/{alias}", lambda r: (200, {index: {"aliases": {alias: {}}}}))
    mapping = {index: {"mappings": {"_meta": {"schema_version": SCHEMA_VERSION}}}}
    stub.on("GET", f"/{alias}/_mapping", lambda r: (200, mapping))
    stub.on("POST", f"/{alias}/_refresh", lambda r: (200, {"_shards": {"total": 1, "successful": 1}}))
    stub.on("POST", r"/[^/]+/_refresh", lambda r: (200, {"_shards": {"total": 1, "successful": 1}}))
    stub.on("PUT", r"/_index_template/[^/]+", lambda r: ack())
    stub.on("PUT", rf"/{alias}__[^/]+", lambda r: (200, {"acknowledged": True, "index": r.path[1:]}))
    stub.on("PUT", rf"/{alias}__[^/]+/_settings", lambda r: ack())
    stub.on("POST", "/_aliases", lambda r: ack())
    stub.on("DELETE", rf"/{alias}__[^/]+", lambda r: ack())


@contextmanager
def running(port: int = 0) -> Iterator[StubCluster]:
    stub = StubCluster(port)
    stub.start()
    try:
        yield stub
    finally:
        stub.stop()
