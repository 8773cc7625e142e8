"""Both hashes of a file's bytes, from one read: sha256 (the content hash: cryptographic, so two files
with the same one hold the same bytes) and Microsoft's quickXorHash (what SharePoint and OneDrive give,
so a file on a share can be matched with its copy there; it is a checksum anyone can forge)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import BinaryIO

from quickxorhash import quickxorhash

from harvesters.fs_formats import CHUNK
from harvesters.quickxor import PREFIX


@dataclass(frozen=True)
class FileHashes:
    sha256: str  # hex, as `content_hash`
    quick_xor: str  # `quickxor:<base64>`, as `quick_xor_hash`
    size: int  # bytes read


def hash_both(handle: BinaryIO, head: bytes = b"") -> FileHashes:
    """The hashes of `head` plus the rest of the stream, read once, 1 MiB at a time."""
    sha256 = hashlib.sha256(head)
    quick_xor = quickxorhash()
    quick_xor.update(bytes(head))
    total = len(head)
    while chunk := handle.read(CHUNK):
        data = chunk if isinstance(chunk, bytes) else bytes(chunk)
        sha256.update(data)
        quick_xor.update(data)
        total += len(data)
    return FileHashes(
        sha256.hexdigest(), PREFIX + base64.b64encode(quick_xor.digest()).decode("ascii"), total
    )
