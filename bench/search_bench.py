"""Search backend benchmark: index N synthetic assets, then time a mixed, faceted, access-filtered query set.

    python -m bench.search_bench --count 100000
    python -m bench.search_bench --count 1000000 --runs 200

Reports the index build rate and, per query type, p50/p95 latency (warm) with every facet and an access
filter (a middle clearance with one group), as a Markdown table: once with the facet cache off (every
search aggregates) and once with it on (repeated searches reuse the counts of the same index generation).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from catalogue.classification import ClassificationScheme
from harvesters.base import Record
from search.analysis import plain_tokens
from search.backend import AccessFilter, SearchBackend, SearchDocument, SearchRequest
from search.embedded import EmbeddedBackend
from search.embedded_storage import tantivy_version
from search.query import STOP_WORDS

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])
SAMPLE_EVERY = 97  # keep every n-th title of the first SAMPLE_UNTIL to choose the queries from
SAMPLE_UNTIL = 200_000
# The synthetic records carry no access groups: restrict every RESTRICTED_EVERY-th document to one of these,
# so the access filter has group restrictions to apply. The benchmark's principal is in the first group.
GROUPS = ("hr", "finance", "social-care", "legal", "audit")
RESTRICTED_EVERY = 10


def iter_records(count: int, seed: int) -> Iterator[tuple[str, Record]]:
    from bench.generate import iter_synthetic_records

    return iter_synthetic_records(count, seed)


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _groups(doc_id: int) -> tuple[str, ...]:
    if doc_id % RESTRICTED_EVERY:
        return ()
    return (GROUPS[(doc_id // RESTRICTED_EVERY) % len(GROUPS)],)


def to_document(doc_id: int, source: str, record: Record) -> SearchDocument:
    """The search document the indexer would make for this record (harvested values only)."""
    f = record.fields
    classification = SCHEME.normalise(f.get("classification")) if f.get("classification") else None
    classification = classification or SCHEME.lowest
    location = _text(f.get("location"))
    return SearchDocument(
        id=doc_id,
        version=1,
        title=str(f.get("title") or record.key),
        kind=str(f.get("kind") or "file"),
        classification=classification,
        classification_rank=SCHEME.effective_rank(classification),
        source=source,
        description=str(f.get("description") or ""),
        owner=_text(f.get("owner")),
        steward=_text(f.get("steward")),
        department=_text(f.get("department")),
        format=_text(f.get("format")),
        tags=tuple(str(t) for t in f.get("tags") or ()),
        access_groups=tuple(str(g) for g in f.get("access_groups") or ()) or _groups(doc_id),
        personal_data=_text(f.get("personal_data")),
        open_data_status=_text(f.get("open_data_status")) or "not_assessed",
        lifecycle=_text(f.get("lifecycle")) or "active",
        location=location,
        path=" ".join(p for p in (location, record.key) if p),
        columns=tuple(" ".join(filter(None, (c.name, c.comment))) for c in record.columns),
        modified=_when(f.get("modified_at_source")),
    )


@dataclass
class Feed:
    """Documents for the index, keeping a sample of titles to choose the queries from."""

    count: int
    seed: int
    titles: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[SearchDocument]:
        for doc_id, (source, record) in enumerate(iter_records(self.count, self.seed), start=1):
            document = to_document(doc_id, source, record)
            if doc_id % SAMPLE_EVERY == 0 and doc_id <= SAMPLE_UNTIL:
                self.titles.append(document.title)
            yield document


def generation_rate(count: int, seed: int) -> float:
    """Documents per second the synthetic source produces on its own (no indexing)."""
    started = time.perf_counter()
    produced = sum(1 for _ in Feed(count, seed))
    return produced / (time.perf_counter() - started)


def choose_queries(backend: SearchBackend, feed: Feed, access: AccessFilter) -> dict[str, str]:
    """One query per type, chosen from the data so each means what its name says."""
    words = Counter(
        w for t in feed.titles for w in set(plain_tokens(t)) if w not in STOP_WORDS and len(w) > 3
    )
    ranked = [w for w, _ in words.most_common()]
    totals = {w: _total(backend, w, access) for w in ranked[:5] + ranked[-40:]}
    common = max(totals, key=lambda w: totals[w])
    second = max((w for w in totals if w != common), key=lambda w: totals[w])
    rare = min((w for w in totals if totals[w] > 0), key=lambda w: totals[w])
    phrase = _phrase(feed.titles, common)
    return {
        "common term": common,
        "two terms": f"{common} {second}",
        "rare term": rare,
        "phrase": f'"{phrase}"',
        "prefix": f"{common[:3]}*",
        "browse (no query)": "",
    }


def _phrase(titles: Iterable[str], word: str) -> str:
    for title in titles:
        tokens = plain_tokens(title)
        if word in tokens[:-1] and len(tokens) > 1:
            i = tokens.index(word)
            return f"{tokens[i]} {tokens[i + 1]}"
    return word


def _total(backend: SearchBackend, query: str, access: AccessFilter) -> int:
    return backend.search(SearchRequest(access=access, query=query, per_page=1)).total


def time_queries(
    backend: SearchBackend, queries: dict[str, str], access: AccessFilter, runs: int
) -> dict[str, tuple[float, float, int]]:
    """name -> (p50 ms, p95 ms, total)."""
    timings: dict[str, tuple[float, float, int]] = {}
    for name, query in queries.items():
        request = SearchRequest(access=access, query=query, per_page=20, facet_size=20)
        for _ in range(5):  # warm the page cache and the searcher
            result = backend.search(request)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            result = backend.search(request)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
        timings[name] = (statistics.median(samples), p95, result.total)
    return timings


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="index folder (default: a temporary one, removed after)")
    parser.add_argument("--queries-only", action="store_true", help="reuse the index already in --dir")
    args = parser.parse_args(argv)
    if args.queries_only and args.dir is None:
        parser.error("--queries-only needs --dir")

    folder = args.dir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        run(args.count, args.seed, args.runs, folder / "index", build_first=not args.queries_only)
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Build:
    documents: int
    seconds: float
    source_rate: float  # docs/s the synthetic source makes on its own
    size: int  # bytes on disk

    @property
    def rate(self) -> float:
        return self.documents / self.seconds

    @property
    def index_rate(self) -> float:
        """The indexing rate with the source's own time taken out."""
        spare = 1 / self.rate - 1 / self.source_rate
        return 1 / spare if spare > 0 else float("inf")


def build(feed: Feed, path: Path) -> Build:
    source_rate = generation_rate(min(feed.count, 200_000), feed.seed)
    started = time.perf_counter()
    indexed = EmbeddedBackend(path).rebuild(feed)
    return Build(indexed, time.perf_counter() - started, source_rate, folder_size(path))


def run(count: int, seed: int, runs: int, path: Path, *, build_first: bool = True) -> None:
    feed = Feed(count, seed)
    if build_first:
        built = build(feed, path)
        print(f"## Search benchmark: {built.documents:,} documents (embedded, tantivy {tantivy_version()})\n")
        print(f"- index build (rebuild from the source): {built.seconds:.1f} s, {built.rate:,.0f} docs/s")
        print(
            f"  the source alone makes {built.source_rate:,.0f} docs/s, "
            f"so indexing alone runs at about {built.index_rate:,.0f} docs/s"
        )
        per_doc = built.size / max(built.documents, 1)
        print(f"- index size: {built.size / 1e6:,.0f} MB ({per_doc:,.0f} bytes/doc)")
    else:
        feed = Feed(min(count, SAMPLE_UNTIL), seed)
        sum(1 for _ in feed)  # only the sample of titles, to choose the queries from
        print(f"## Search benchmark: the index in {path} (embedded, tantivy {tantivy_version()})\n")
    report_queries(feed, path, runs)


def report_queries(feed: Feed, path: Path, runs: int) -> None:
    access = AccessFilter(max_rank=1, groups=frozenset({GROUPS[0]}))
    uncached_backend = EmbeddedBackend(path, facet_cache_size=0)
    queries = choose_queries(uncached_backend, feed, access)
    load = os.getloadavg()[0]
    uncached = time_queries(uncached_backend, queries, access, runs)
    cached = time_queries(EmbeddedBackend(path), queries, access, runs)
    print(
        f"- access filter: clearance OFFICIAL-SENSITIVE (rank 1 of 0-2) and group {GROUPS[0]!r} "
        f"(1 in {RESTRICTED_EVERY} documents is restricted to one of {len(GROUPS)} groups); "
        "10 facets; 20 hits with snippets"
    )
    print(f"- {runs} warm runs per query; load average when the queries started: {load:.2f}\n")
    print("| query | text | hits | p50 ms | p95 ms | p50 ms (facet cache) | p95 ms (facet cache) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, query in queries.items():
        p50, p95, total = uncached[name]
        c50, c95, _ = cached[name]
        print(f"| {name} | `{query}` | {total:,} | {p50:.1f} | {p95:.1f} | {c50:.1f} | {c95:.1f} |")


if __name__ == "__main__":
    main()
