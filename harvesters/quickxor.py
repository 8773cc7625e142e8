"""Content hashes that SharePoint and OneDrive can be compared with: Microsoft's quickXorHash.

Graph gives every file in SharePoint and OneDrive for Business a `quickXorHash` (base64 of 20 bytes) and no
other hash, so it is the one hash a file on a share and the same file in SharePoint can both have. Both
harvesters store it in the `quick_xor_hash` field as `quickxor:<base64>`, so the duplicates view groups the
same bytes wherever they are (a share's files also keep sha256 in `content_hash`: quickXorHash is a
checksum, not a cryptographic hash, see `harvesters.file_hashes`). The algorithm is computed by the
C-backed `quickxorhash` package (about as fast as hashlib's sha256 here); it is checked against
Microsoft's published algorithm in the tests.
"""

from __future__ import annotations

import base64
from typing import BinaryIO

from quickxorhash import quickxorhash

PREFIX = "quickxor:"
CHUNK = 1024 * 1024  # the C code walks each chunk 160 times with a stride: 1 MiB stays in cache


def from_graph(value: str) -> str:
    """The content hash for Graph's `hashes.quickXorHash` value."""
    return PREFIX + value.strip()


def digest(data: bytes) -> str:
    """The content hash of some bytes."""
    hasher = quickxorhash()
    hasher.update(bytes(data))
    return PREFIX + base64.b64encode(hasher.digest()).decode("ascii")


def hash_stream(handle: BinaryIO, head: bytes = b"") -> tuple[str, int]:
    """The content hash of `head` plus the rest of the stream, read 1 MiB at a time; returns (hash,
    bytes read)."""
    hasher = quickxorhash()
    hasher.update(bytes(head))
    total = len(head)
    while chunk := handle.read(CHUNK):
        hasher.update(bytes(chunk))
        total += len(chunk)
    return PREFIX + base64.b64encode(hasher.digest()).decode("ascii"), total
