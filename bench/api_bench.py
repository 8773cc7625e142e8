"""Search over HTTP: the same query set as bench/search_bench.py, through `GET /api/v1/search`.

    python -m bench.search_bench --count 1000000 --dir /tmp/bench-1m     # builds and keeps the index
    python -m bench.api_bench --dir /tmp/bench-1m --count 1000000        # serves it and times the API

The folder becomes a catalogue data folder: the index in DIR/index and an empty migrated store beside it
(`/api/v1/search` answers from the index alone; the store is read for asset pages). The server is
`catalogue serve` in its own process; the client sends the requests one at a time over loopback, every
one asking for 20 hits with snippets and all 10 facets. The visitor is anonymous at OFFICIAL-SENSITIVE
(the backend benchmark's principal also has a group; anonymous visitors have none).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench.search_bench import SAMPLE_UNTIL, Feed, choose_queries
from catalogue.config import load_settings
from catalogue.runtime import Catalogue
from search.backend import AccessFilter
from search.embedded import EmbeddedBackend


def wait_for(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer within {timeout:.0f} s")


def time_api(port: int, query: str, runs: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, total) of GET /api/v1/search for this query."""
    path = "/api/v1/search?" + urllib.parse.urlencode({"q": query, "per_page": 20})
    samples: list[float] = []
    total = 0
    for i in range(runs + 5):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}: {body[:200]!r}")
        if i >= 5:  # the first few warm the caches
            samples.append(elapsed)
        total = json.loads(body)["total"]
    samples.sort()
    return statistics.median(samples), samples[round(0.95 * len(samples)) - 1], total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="folder holding the benchmark's index/")
    parser.add_argument("--count", type=int, default=100_000, help="documents the index was built with")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--port", type=int, default=5099)
    args = parser.parse_args(argv)

    settings = load_settings(overrides={"data_dir": str(args.dir)})
    Catalogue.open(settings, migrate=True).close()
    feed = Feed(min(args.count, SAMPLE_UNTIL), args.seed)
    sum(1 for _ in feed)  # the sample of titles the backend benchmark chooses its queries from
    queries = choose_queries(EmbeddedBackend(args.dir / "index"), feed, AccessFilter(max_rank=1))

    env = {**os.environ, "CATALOGUE_ANONYMOUS_CLEARANCE": "OFFICIAL-SENSITIVE"}
    command = [
        sys.executable,
        "-m",
        "catalogue.cli",
        "--data",
        str(args.dir),
        "serve",
        "--port",
        str(args.port),
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(args.port)
        print(f"## /api/v1/search over HTTP: {args.count:,} documents, {args.runs} runs per query\n")
        print(f"- load average when the queries started: {os.getloadavg()[0]:.2f}\n")
        print("| query | text | hits | p50 ms | p95 ms |")
        print("|---|---|---:|---:|---:|")
        for name, query in queries.items():
            p50, p95, total = time_api(args.port, query, args.runs)
            print(f"| {name} | `{query}` | {total:,} | {p50:.1f} | {p95:.1f} |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
