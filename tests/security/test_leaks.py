"""The randomised leak test: principals of every clearance x group mix attack a generated catalogue through
every channel in leak_channels.CHANNELS with random queries, facet filters, sorts and pages, and random
asset ids (visible, hidden, missing). Every id, count, facet bucket, suggestion and export row must belong
to the brute-force oracle's visible set.

The seed is printed on failure; `CATALOGUE_LEAK_SEED=<n>` (or `random`) replays or varies it.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

from leak_channels import CHANNELS
from leak_probe import Channel, Probe
from leak_queries import QueryMaker
from leak_world import World, principals

QUERIES_PER_PRINCIPAL = 28
ASSETS_PER_PRINCIPAL = 14
MIN_COMBINATIONS = 5_000
ELASTIC_QUERIES = 6
ELASTIC_ASSETS = 4


def _run(channel: Channel, probe: Probe, seed: int, case: Any = None) -> None:
    try:
        if channel.scope == "principal":
            channel.check(probe)
        else:
            channel.check(probe, case)
    except AssertionError as error:
        raise AssertionError(
            f"LEAK via {channel.name} (seed {seed}; replay with CATALOGUE_LEAK_SEED={seed})\n"
            f"principal: {probe.principal}\ncase: {case!r}\n{error}"
        ) from error


def attack(world: World, client: Any, seed: int, queries: int, assets: int) -> Counter[str]:
    """Every principal through every channel: `queries` random query cases and `assets` random asset ids
    each. Returns the combinations run per channel (and prints them with their time)."""
    rng = random.Random(seed)
    maker = QueryMaker(world, rng)
    everyone = sorted(world.assets)
    combinations: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    started = time.perf_counter()
    for principal in principals():
        probe = Probe(world, client, principal)
        cases = [maker.case() for _ in range(queries)]
        asset_ids = [*rng.sample(everyone, assets - 1), world.missing_id() + 1]
        for channel in CHANNELS:
            begun = time.perf_counter()
            if channel.scope == "principal":
                _run(channel, probe, seed)
                combinations[channel.name] += 1
            else:
                for case in cases if channel.scope == "query" else asset_ids:
                    _run(channel, probe, seed, case)
                    combinations[channel.name] += 1
            seconds[channel.name] += time.perf_counter() - begun
    elapsed = time.perf_counter() - started
    total = sum(combinations.values())
    print(f"\nleak test: seed {seed}, {total} user x query x endpoint combinations in {elapsed:.1f} s")
    for name, count in combinations.items():
        print(f"  {count:6d}  {seconds[name]:5.1f} s  {name}")
    assert set(combinations) == {channel.name for channel in CHANNELS}, "a channel in the table was not run"
    return combinations


def test_no_channel_shows_a_principal_anything_outside_the_oracles_visible_set(
    world: World, leak_client: Any, leak_seed: int
) -> None:
    combinations = attack(world, leak_client, leak_seed, QUERIES_PER_PRINCIPAL, ASSETS_PER_PRINCIPAL)
    assert sum(combinations.values()) >= MIN_COMBINATIONS


def test_the_same_attack_through_the_elasticsearch_backend(
    elastic_world: World, elastic_client: Any, leak_seed: int
) -> None:
    """Fewer combinations: the stand-in cluster evaluates every query document by document in Python."""
    combinations = attack(elastic_world, elastic_client, leak_seed, ELASTIC_QUERIES, ELASTIC_ASSETS)
    assert sum(combinations.values()) >= 1_000
