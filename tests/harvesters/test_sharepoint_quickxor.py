"""quickXorHash: the C-backed package agrees with Microsoft's published algorithm and published test
vectors, however the bytes are fed; one read gives sha256 and quickXorHash; and the same bytes on a file
share and in SharePoint make one duplicate group."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import random
from pathlib import Path

import pytest
from graph_server import GraphServer
from quickxor_reference import quick_xor_base64
from quickxorhash import quickxorhash
from sharepoint_fixtures import Farm, Waits, add_source, harvest

from catalogue.access import Principal
from catalogue.duplicates import duplicate_groups
from catalogue.runtime import Catalogue
from harvesters import quickxor
from harvesters.file_hashes import hash_both
from harvesters.sharepoint_records import item_fields

# Published test vectors for QuickXorHash (input and hash, both base64), as used by rclone's tests.
VECTORS = [
    ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
    ("Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="),
    ("2fuxhBJXtpWFe8dOfdGeHw==", "O9tHLAghgSvYohKFyMMxnNCHaHg="),
    ("T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="),
    (
        "Mb7EGva2rEE5fENDL85P+BsapHEEjv2/siVhKjvAQe02feExVOQSkfmuYzU/kTF1MaKjPmKF/w+cbvwfdWL8aQ==",
        "n1anP5NfvD4XDYWIeRPW3ZkPv1Y=",
    ),
    (
        "jyibxJSzO6ZiZ0O1qe3tG/bvIAYssvukh9suIT5wEy1JBINVgPiqdsTW0cOpP0aUfP7mgqLfADkzI/m/GgCuVhr8oFLrOCoT"
        "x1/psBOWwhltCbhUx51Icm9aH8tY4Z3ccU+6BKpYQkLCy0B/A9Zc",
        "hZfLIilSITC6N3e3tQ/iSgEzkto=",
    ),
]


@pytest.mark.parametrize(("data", "expected"), VECTORS)
@pytest.mark.parametrize("block", [1, 7, 64, 160, 161, 100_000])
def test_the_package_and_the_reference_give_the_published_hashes(
    data: str, expected: str, block: int
) -> None:
    raw = base64.b64decode(data)
    hasher = quickxorhash()
    for start in range(0, len(raw), block):
        hasher.update(raw[start : start + block])
    assert base64.b64encode(hasher.digest()).decode() == expected
    assert quick_xor_base64(raw, block) == expected


def test_hash_stream_matches_the_reference_on_a_large_file() -> None:
    data = random.Random(7).randbytes(quickxor.CHUNK * 2 + 12_345)
    head = data[:8192]
    handle = io.BytesIO(data)
    handle.seek(len(head))
    digest, total = quickxor.hash_stream(handle, head)
    assert total == len(data)
    assert digest == "quickxor:" + quick_xor_base64(data, 999_983)
    assert quickxor.digest(data) == digest
    assert quickxor.from_graph(quick_xor_base64(data)) == digest


def test_one_read_gives_both_hashes() -> None:
    data = random.Random(11).randbytes(quickxor.CHUNK * 2 + 777)
    head = data[:8192]
    handle = io.BytesIO(data)
    handle.seek(len(head))
    hashes = hash_both(handle, head)
    assert hashes.sha256 == hashlib.sha256(data).hexdigest()
    assert hashes.quick_xor == "quickxor:" + quick_xor_base64(data, 65_537)
    assert hashes.size == len(data)
    assert handle.read() == b""  # the stream was read to its end, once


def test_graph_hashes_become_fields() -> None:
    sharepoint = {
        "id": "1",
        "name": "a.txt",
        "file": {"hashes": {"quickXorHash": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}},
    }
    assert item_fields(sharepoint)["quick_xor_hash"] == "quickxor:AAAAAAAAAAAAAAAAAAAAAAAAAAA="
    assert "content_hash" not in item_fields(sharepoint)
    digest = hashlib.sha256(b"a").hexdigest()
    personal = {  # OneDrive personal also gives sha1Hash and sha256Hash, in upper-case hex
        "id": "2",
        "name": "a.txt",
        "file": {
            "hashes": {"sha1Hash": "86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8", "sha256Hash": digest.upper()}
        },
    }
    assert item_fields(personal)["content_hash"] == digest
    assert "quick_xor_hash" not in item_fields(personal)
    odd = {"id": "3", "name": "a.txt", "file": {"hashes": {"sha256Hash": "not a hash", "quickXorHash": " "}}}
    assert "content_hash" not in item_fields(odd)
    assert "quick_xor_hash" not in item_fields(odd)


def test_the_same_bytes_on_a_share_and_in_sharepoint_are_one_duplicate_group(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits, tmp_path: Path
) -> None:
    budget = farm["budget"].content
    share = tmp_path / "share"
    (share / "Finance").mkdir(parents=True)
    (share / "Finance" / "budget copy.pdf").write_bytes(budget)
    (share / "Finance" / "other.pdf").write_bytes(os.urandom(64))
    file_source = cat.sources.create("share", "filesystem", {"root": str(share)}, actor="test")
    assert cat.harvest_runner().run(file_source).status == "succeeded"
    sharepoint = add_source(cat, graph)
    assert harvest(cat, sharepoint).status == "succeeded"

    admin = Principal(name="admin", clearance="SECRET", role="admin")
    groups, _total, _wasted = duplicate_groups(cat.sessions, cat.store.scheme, admin, "files")
    matching = [g for g in groups if {m.title for m in g.assets} == {"budget copy.pdf", "budget 2024.pdf"}]
    assert len(matching) == 1
    assert matching[0].key == hashlib.sha256(budget).hexdigest()  # the share file's sha256 names the group
    assert {m.source for m in matching[0].assets} == {"share", "sharepoint"}
    assert matching[0].wasted_bytes == len(budget)
