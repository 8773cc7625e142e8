"""Synthetic catalogues for benchmarks: council-flavoured records, fast, in any number.

    python bench/generate.py --count 100000 --out synthetic.jsonl

`iter_synthetic_records(count, seed)` yields `(source_name, Record)` pairs lazily, so a million records never
sit in memory at once. Words, owners, departments, tags and columns come from the demo vocabulary, with
skewed (Zipf-like) frequencies as in a real register: a few owners, departments and tags account for most
assets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue.demo import vocabulary as v
from harvesters.base import Column, Record

LEVELS = v.CLASSIFICATIONS
LEVEL_WEIGHTS = (70, 25, 5)
PERSONAL = ("none", "personal", "special_category")
PERSONAL_WEIGHTS = (50, 40, 10)
EXTENSIONS = ("xlsx", "docx", "pdf", "csv", "msg", "pptx", "jpg", "zip")
EXTENSION_WEIGHTS = (36, 28, 20, 6, 4, 3, 2, 1)
SOURCE_KIND_WEIGHTS = {"filesystem": 55, "sharepoint": 20, "database": 20, "register": 5}
COLUMNS_SHARE = 0.58  # of tables, views, lists and spreadsheets: about 30% of all records
_WORD = re.compile(r"[a-z][a-z'-]{2,}")

# Skewed choices are read from pre-drawn sample tables indexed by random bits: one draw is one index.
_BITS = 16
_TABLE = 1 << _BITS
_MASK = _TABLE - 1
_STREAM_BITS = 20  # the description word stream holds 2**20 words


def _zipf(count: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def _table(rng: random.Random, items: Sequence[Any], weights: Sequence[float]) -> tuple[Any, ...]:
    return tuple(rng.choices(list(items), weights=weights, k=_TABLE))


@dataclass(frozen=True)
class _Vocabulary:
    """Pre-drawn tables of everything a synthetic record is made of."""

    words: tuple[str, ...]
    title_bases: tuple[str, ...]
    qualifiers: tuple[str, ...]
    owners: tuple[str, ...]
    stewards: tuple[str, ...]
    departments: tuple[str, ...]
    levels: tuple[str, ...]
    personal: tuple[str, ...]
    extensions: tuple[str, ...]
    tag_sets: tuple[tuple[str, ...], ...]
    column_sets: tuple[tuple[Column, ...], ...]
    table_names: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]
    moments: tuple[tuple[str, str], ...]
    sizes: tuple[int, ...]
    row_counts: tuple[int, ...]


def _texts() -> Iterator[str]:
    for theme in v.THEMES:
        yield theme.summary
    for system in v.SYSTEMS:
        yield system.description
        for tables in system.schemas.values():
            for table in tables:
                yield f"{table.title}. {table.description}"
    for entry in v.REGISTER_ENTRIES:
        yield entry.description
    for app in v.APPLICATIONS:
        yield app.description


def _title_bases() -> Iterator[str]:
    """Real titles from the vocabulary, with series placeholders dropped."""
    for share in (*v.SHARES, *v.SITES_SPECS):
        for folder in share.folders:
            for template in folder.files:
                name = template.partition(" | ")[0].rsplit(".", 1)[0]
                yield " ".join(re.sub(r"\{\w+\}|\*\d+| - ", " ", name).split())
    for system in v.SYSTEMS:
        for tables in system.schemas.values():
            yield from (table.title for table in tables)
    yield from (entry.title for entry in v.REGISTER_ENTRIES)
    yield from (app.title for app in v.APPLICATIONS)


_QUALIFIERS = (
    *(str(year) for year in range(2015, 2027)),
    *(f"{year}-{(year + 1) % 100:02d}" for year in range(2015, 2026)),
    *v.WARDS,
    *v.STREETS,
    "v2",
    "v3 FINAL",
    "DRAFT",
    "(copy)",
    "archive",
)


def _all_columns() -> tuple[Column, ...]:
    unique: dict[tuple[str, str], Column] = {}
    for system in v.SYSTEMS:
        for tables in system.schemas.values():
            for table in tables:
                for column in v.parse_columns(table.columns):
                    comment = column.comment or column.name.replace("_", " ").capitalize()
                    unique.setdefault((column.name, column.data_type), replace(column, comment=comment))
    return tuple(unique.values())


def _people(groups: dict[str, tuple[v.Person, ...]], rng: random.Random) -> list[str]:
    labels = [p.label for people in groups.values() for p in people]
    rng.shuffle(labels)  # so which owner is busiest is arbitrary, not alphabetical
    return labels


def _distinct(rng: random.Random, items: Sequence[str], weights: Sequence[float], k: int) -> tuple[str, ...]:
    """`k` different items drawn with the weights (popular ones still come up most)."""
    chosen: dict[str, None] = {}
    while len(chosen) < k:
        chosen.update(dict.fromkeys(rng.choices(items, weights=weights, k=k - len(chosen))))
    return tuple(chosen)


def _moment_pairs(rng: random.Random) -> tuple[tuple[str, str], ...]:
    start = datetime(2015, 1, 1, tzinfo=UTC)
    pairs = []
    for _ in range(1 << 13):
        created = start + timedelta(seconds=rng.randrange(11 * 365 * 86400))
        modified = min(created + timedelta(days=rng.expovariate(1 / 90)), datetime(2026, 1, 30, tzinfo=UTC))
        pairs.append(
            (created.replace(microsecond=0).isoformat(), modified.replace(microsecond=0).isoformat())
        )
    return tuple(pairs)


@cache
def _vocabulary() -> _Vocabulary:
    """Built once from the demo vocabulary with a fixed generator; records then only index into it."""
    rng = random.Random(2026)
    words = [w for text in _texts() for w in _WORD.findall(text.lower())]
    owners = _people(v.OWNERS, rng)
    stewards = _people(v.STEWARDS, rng)
    departments = [d.name for d in v.DEPARTMENTS]
    rng.shuffle(departments)
    tags = sorted({t for theme in v.THEMES for t in theme.tags} | set(v.GENERIC_TAGS))
    rng.shuffle(tags)
    tag_weights = _zipf(len(tags), 1.0)
    columns = _all_columns()
    sources = (
        *((s.source, "database") for s in v.SYSTEMS),
        *((s.source, "filesystem") for s in v.SHARES),
        *((s.source, "sharepoint") for s in v.SITES_SPECS),
        ("iar-register", "register"),
    )
    per_kind = Counter(kind for _, kind in sources)
    return _Vocabulary(
        words=tuple(rng.choices(words, k=(1 << _STREAM_BITS) + 64)),
        title_bases=tuple(dict.fromkeys(t for t in _title_bases() if t)),
        qualifiers=_QUALIFIERS,
        owners=_table(rng, owners, _zipf(len(owners), 1.1)),
        stewards=_table(rng, stewards, _zipf(len(stewards), 1.0)),
        departments=_table(rng, departments, _zipf(len(departments), 0.9)),
        levels=_table(rng, LEVELS, LEVEL_WEIGHTS),
        personal=_table(rng, PERSONAL, PERSONAL_WEIGHTS),
        extensions=_table(rng, EXTENSIONS, EXTENSION_WEIGHTS),
        tag_sets=tuple(_distinct(rng, tags, tag_weights, rng.randint(3, 7)) for _ in range(1 << 14)),
        column_sets=tuple(tuple(rng.sample(columns, rng.randint(4, 18))) for _ in range(1 << 12)),
        table_names=tuple(t.name for s in v.SYSTEMS for ts in s.schemas.values() for t in ts),
        sources=_table(rng, sources, [SOURCE_KIND_WEIGHTS[kind] / per_kind[kind] for _, kind in sources]),
        moments=_moment_pairs(rng),
        sizes=tuple(int(rng.lognormvariate(11.5, 1.6)) for _ in range(1 << 12)),
        row_counts=tuple(int(rng.lognormvariate(8, 2.5)) + 1 for _ in range(1 << 12)),
    )


# Children kinds under each container kind, with weights.
_CHILDREN: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "database": (("table", "view"), (85, 15)),
    "filesystem": (("spreadsheet", "document", "file", "folder"), (45, 35, 8, 12)),
    "sharepoint": (("document", "spreadsheet", "list", "folder"), (50, 35, 5, 10)),
    "register": (("register_entry", "application"), (80, 20)),
}
_CONTAINER = {"database": "schema", "filesystem": "share", "sharepoint": "site", "register": None}
_DATASETS = frozenset({"table", "view", "list", "spreadsheet"})
_FILES = frozenset({"document", "spreadsheet", "file"})
_MIME = dict(v.MIME_TYPES)


def iter_synthetic_records(count: int, seed: int = 1) -> Iterator[tuple[str, Record]]:
    """Yield `count` synthetic (source name, Record) pairs; keys are unique within each source."""
    rng = random.Random(seed)
    vocab = _vocabulary()
    produced = 0
    block = 0
    while produced < count:
        size = min(count - produced, rng.randint(20, 400))
        yield from _block(rng, vocab, block, produced, size)
        produced += size
        block += 1


def _block(
    rng: random.Random, vocab: _Vocabulary, block: int, first: int, size: int
) -> Iterator[tuple[str, Record]]:
    """One container (schema, share or site) and its children, all in one source."""
    source, source_kind = vocab.sources[rng.getrandbits(_BITS)]
    container = _CONTAINER[source_kind]
    parent: str | None = None
    number = first
    if container is not None:
        parent = f"{container}-{block}"
        fields = _fields(rng, vocab, container, number)
        yield source, Record(parent, fields)
        number += 1
        size -= 1
    kinds, weights = _CHILDREN[source_kind]
    for kind in rng.choices(kinds, weights=weights, k=size):
        fields = _fields(rng, vocab, kind, number)
        columns = (
            vocab.column_sets[rng.getrandbits(12)]
            if kind in _DATASETS and rng.random() < COLUMNS_SHARE
            else ()
        )
        if columns:
            fields["column_count"] = len(columns)
        yield source, Record(_key(kind, number, fields), fields, parent, columns)
        number += 1


def _key(kind: str, number: int, fields: dict[str, Any]) -> str:
    """A key shaped like the source's own (schema.table, a path, an item id), unique through `number`."""
    if kind in ("table", "view"):
        return fields["location"].rsplit("/", 1)[1]
    if kind in ("register_entry", "application"):
        return f"IAR-{number:07d}"
    if kind in _FILES:
        return fields["location"].split("\\", 3)[-1]
    return f"01{number:032X}"


def _fields(rng: random.Random, vocab: _Vocabulary, kind: str, number: int) -> dict[str, Any]:
    """Every field of one record, from one draw of 200 random bits sliced into indexes."""
    r = rng.getrandbits(200)
    start = r & 0xFFFFF
    words = " ".join(vocab.words[start : start + 10 + ((r >> 20) & 31) % 31])
    title = vocab.title_bases[((r >> 116) & _MASK) % len(vocab.title_bases)]
    if (r >> 132) & 15 < 11:
        title = f"{title} {vocab.qualifiers[((r >> 136) & 255) % len(vocab.qualifiers)]}"
    created, modified = vocab.moments[(r >> 89) & 8191]
    fields: dict[str, Any] = {
        "title": title,
        "description": f"{words[0].upper()}{words[1:]}.",
        "kind": kind,
        "tags": list(vocab.tag_sets[(r >> 102) & 16383]),
        "created_at_source": created,
        "modified_at_source": modified,
        "owner": vocab.owners[(r >> 25) & _MASK],
        "department": vocab.departments[(r >> 41) & _MASK],
        "classification": vocab.levels[(r >> 57) & _MASK],
        "personal_data": vocab.personal[(r >> 73) & _MASK],
    }
    if (r >> 144) & 1:
        fields["steward"] = vocab.stewards[(r >> 145) & _MASK]
    if kind in _FILES:
        extension = vocab.extensions[(r >> 161) & _MASK]
        fields["title"] = f"{title}.{extension}"
        fields["format"] = _MIME[extension]
        fields["size_bytes"] = vocab.sizes[(r >> 177) & 4095]
        fields["location"] = f"\\\\fs01\\Shared\\{number:07d} {title}.{extension}"
    elif kind in ("table", "view"):
        table = vocab.table_names[(r >> 189) % len(vocab.table_names)]
        fields["location"] = f"postgresql://db01/app/app.{table}_{number}"
        fields["row_count"] = vocab.row_counts[(r >> 177) & 4095]
    return fields


# ------------------------------------------------------------------------------------------------------------
# Command line
# ------------------------------------------------------------------------------------------------------------


def _column_json(column: Column) -> dict[str, Any]:
    return {
        "name": column.name,
        "data_type": column.data_type,
        "comment": column.comment,
        "primary_key": column.primary_key,
    }


def write_jsonl(count: int, seed: int, out: IO[str]) -> int:
    """Write `count` records as JSON lines; returns the number written."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    cached: dict[int, dict[str, Any]] = {}
    written = 0
    for source, record in iter_synthetic_records(count, seed):
        columns = [cached.setdefault(id(c), _column_json(c)) for c in record.columns]
        row = {"source": source, "key": record.key, "parent_key": record.parent_key, "fields": record.fields}
        if columns:
            row["columns"] = columns
        out.write(dumps(row))
        out.write("\n")
        written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic council catalogue as JSON lines.")
    parser.add_argument("--count", type=int, default=100_000, help="number of records (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default="-", help="output file, or - for standard output")
    parser.add_argument("--no-write", action="store_true", help="only generate and time, write nothing")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count cannot be negative")
    started = time.perf_counter()
    _vocabulary()
    setup = time.perf_counter() - started
    started = time.perf_counter()
    if args.no_write:
        written = sum(1 for _ in iter_synthetic_records(args.count, args.seed))
    elif args.out == "-":
        try:
            written = write_jsonl(args.count, args.seed, sys.stdout)
        except BrokenPipeError:  # the reader (head, less) stopped early
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter quiet at exit
            return 0
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            written = write_jsonl(args.count, args.seed, out)
    elapsed = time.perf_counter() - started
    rate = written / elapsed if elapsed else float("inf")
    print(
        f"{written} records in {elapsed:.2f}s ({rate:,.0f} records/s; vocabulary built in {setup:.2f}s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
