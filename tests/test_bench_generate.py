"""The synthetic catalogue generator used by the benchmarks."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import iter_synthetic_records, write_jsonl
from catalogue.classification import ClassificationScheme
from catalogue.fields import FIELDS_BY_NAME, Kind
from catalogue.merge import clean_layer
from harvesters.base import Record

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, Record]]:
    return list(iter_synthetic_records(20_000, seed=3))


@pytest.mark.parametrize("count", [0, 1, 399, 5_000])
def test_yields_exactly_the_count_asked(count: int) -> None:
    assert sum(1 for _ in iter_synthetic_records(count, seed=1)) == count


def test_is_lazy() -> None:
    first = list(islice(iter_synthetic_records(10**12, seed=1), 10))
    assert len(first) == 10


def test_keys_are_unique_and_parents_come_first(sample: list[tuple[str, Record]]) -> None:
    seen: set[tuple[str, str]] = set()
    for source, record in sample:
        assert (source, record.key) not in seen
        if record.parent_key is not None:
            assert (source, record.parent_key) in seen
        seen.add((source, record.key))


def test_ownership_is_skewed(sample: list[tuple[str, Record]]) -> None:
    owners = Counter(record.fields["owner"] for _, record in sample)
    counts = sorted(owners.values())
    assert len(owners) >= 100
    assert counts[-1] >= 10 * counts[len(counts) // 2]
    departments = Counter(record.fields["department"] for _, record in sample)
    assert departments.most_common(1)[0][1] >= 3 * sorted(departments.values())[len(departments) // 2]


def test_classifications_are_skewed_towards_official(sample: list[tuple[str, Record]]) -> None:
    levels = Counter(record.fields["classification"] for _, record in sample)
    assert set(levels) == set(SCHEME.levels)
    assert levels["OFFICIAL"] > levels["OFFICIAL-SENSITIVE"] > levels["SECRET"] > 0


def test_records_look_like_catalogue_records(sample: list[tuple[str, Record]]) -> None:
    kinds = Counter(record.fields["kind"] for _, record in sample)
    assert set(kinds) <= {k.value for k in Kind}
    assert len(kinds) >= 8
    with_columns = sum(1 for _, record in sample if record.columns)
    assert 0.2 < with_columns / len(sample) < 0.4
    for _, record in sample[:2000]:
        assert set(record.fields) <= set(FIELDS_BY_NAME)
        assert 10 <= len(record.fields["description"].split()) <= 40
        assert 3 <= len(record.fields["tags"]) <= 7
        assert set(clean_layer(record.fields, SCHEME)) == set(record.fields)
        assert all(c.name and c.comment for c in record.columns)
    mean_tags = sum(len(r.fields["tags"]) for _, r in sample) / len(sample)
    assert 4 <= mean_tags <= 6


def test_same_seed_same_records_other_seed_others() -> None:
    first = list(iter_synthetic_records(500, seed=8))
    assert first == list(iter_synthetic_records(500, seed=8))
    assert first != list(iter_synthetic_records(500, seed=9))


def test_writes_json_lines() -> None:
    out = io.StringIO()
    assert write_jsonl(300, 4, out) == 300
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 300
    assert {"source", "key", "parent_key", "fields"} <= set(rows[1])
    assert any("columns" in row for row in rows)
