"""The live contract: the same harvester against a real Microsoft 365 tenant, when one is configured.

Set CATALOGUE_TEST_SHAREPOINT_TENANT_ID, CATALOGUE_TEST_SHAREPOINT_CLIENT_ID, and either
CATALOGUE_TEST_SHAREPOINT_CLIENT_SECRET or CATALOGUE_TEST_SHAREPOINT_CERTIFICATE_FILE (a PEM with the
private key and certificate); optionally CATALOGUE_TEST_SHAREPOINT_SITE_URL (keeps the run to one site),
CATALOGUE_TEST_SHAREPOINT_AUTHORITY_URL and CATALOGUE_TEST_SHAREPOINT_GRAPH_URL (national clouds).
Without them these tests skip: a live service is the one thing this suite cannot bring up itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from harvesters.base import ItemRef, Listed, ListingGap, Record
from harvesters.sharepoint import SharePointHarvester

PREFIX = "CATALOGUE_TEST_SHAREPOINT_"
MOST = 300  # listed items read per run: enough to see every kind, bounded on a big tenant


def live_config() -> dict[str, Any]:
    env = {
        name.removeprefix(PREFIX).lower(): value
        for name, value in os.environ.items()
        if name.startswith(PREFIX)
    }
    if not (
        env.get("tenant_id")
        and env.get("client_id")
        and (env.get("client_secret") or env.get("certificate_file"))
    ):
        pytest.skip(
            f"no live tenant configured ({PREFIX}TENANT_ID, _CLIENT_ID, _CLIENT_SECRET or _CERTIFICATE_FILE)"
        )
    config: dict[str, Any] = {"tenant_id": env["tenant_id"], "client_id": env["client_id"]}
    if env.get("certificate_file"):
        config["certificate"] = Path(env["certificate_file"]).read_text(encoding="utf-8")
    else:
        config["client_secret"] = env["client_secret"]
    for key in ("authority_url", "graph_url"):
        if env.get(key):
            config[key] = env[key]
    if env.get("site_url"):
        config["sites"] = [env["site_url"]]
    return config


@pytest.fixture
def harvester() -> Iterator[SharePointHarvester]:
    found = SharePointHarvester(live_config())
    yield found
    found.close()


def read_some(harvester: SharePointHarvester) -> list[Listed]:
    """Up to MOST listed items, each ItemRef read into its Record."""
    read: list[Listed] = []
    for listed in islice(harvester.list_items(), MOST):
        read.append(harvester.read_item(listed) if isinstance(listed, ItemRef) else listed)
    return read


def test_live_the_app_can_sign_in_and_list_sites(harvester: SharePointHarvester) -> None:
    harvester.check()


def test_live_sites_libraries_and_files_come_back_as_records(harvester: SharePointHarvester) -> None:
    listed = read_some(harvester)
    records = [r for r in listed if isinstance(r, Record)]
    kinds = {r.fields.get("kind") for r in records}
    assert "site" in kinds, [str(g) for g in listed if isinstance(g, ListingGap)]
    assert all(str(r.fields.get("location", "https://")).startswith("https://") for r in records)
    files = [r for r in records if r.fields.get("quick_xor_hash")]
    assert all(str(r.fields["quick_xor_hash"]).startswith("quickxor:") for r in files)


def test_live_a_complete_listing_then_an_incremental_one() -> None:
    first = SharePointHarvester(live_config())
    try:
        for listed in first.list_items():
            if isinstance(listed, ItemRef):
                continue  # the contract under test is the feed, not each item's extra reads
        assert first.listing_is_complete()
        checkpoint = first.checkpoint()
    finally:
        first.close()
    assert checkpoint, "nothing to resume from"
    assert checkpoint["drives"], "no library was readable"
    assert all(d["delta"] for d in checkpoint["drives"].values())
    second = SharePointHarvester(live_config())
    try:
        second.resume_from(checkpoint)
        changes = list(second.list_items())
        assert not second.listing_is_complete()
        assert not any(isinstance(c, ListingGap) and "resync" in c.message for c in changes)
    finally:
        second.close()
