"""The embedded index on disk: versioned folders, an atomic `current` pointer, and the writer lock.

Layout of the configured folder::

    current                      the name of the live index folder (replaced atomically)
    index-<time>-<random>/       a Tantivy index, with catalogue-index.json (schema and Tantivy versions)

A rebuild fills a new folder and then replaces `current`, so searches keep working on the old one meanwhile.
Every process notices a new `current` or a new commit (a changed meta.json) before its next search.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from search.backend import SearchError
from search.embedded_schema import SCHEMA_VERSION, build_schema, register_tokenizers

log = logging.getLogger(__name__)

POINTER = "current"
MARKER = "catalogue-index.json"
REINDEX_HINT = "run `catalogue reindex` to rebuild it"


class IncompatibleIndex(SearchError):
    """The folder holds an index this version cannot use; `catalogue reindex` replaces it."""


def tantivy_version() -> str:
    """The library's version number ("0.27.0"); its __version__ reads "tantivy v0.27.0, index_format v7"."""
    described = str(getattr(tantivy, "__version__", ""))
    found = re.search(r"(\d+\.\d+\.\d+)", described)
    return found.group(1) if found else described or "unknown"


def _format_series(version: str) -> str:
    """Tantivy's on-disk format may change with any minor release before 1.0: compare major.minor."""
    found = re.search(r"(\d+)\.(\d+)", version)
    return f"{found.group(1)}.{found.group(2)}" if found else version


@dataclass(frozen=True)
class Stamp:
    """Identifies one version of a file cheaply (it is replaced, never edited, when it changes)."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return cls(info.st_ino, info.st_size, info.st_mtime_ns)


class IndexFolder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pointer = root / POINTER

    def live_name(self) -> str | None:
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SearchError(f"cannot read the search index pointer ({error.strerror})") from None
        if not name or "/" in name or "\\" in name or name in {".", ".."}:
            raise IncompatibleIndex(f"the search index pointer in {self.root} is damaged; {REINDEX_HINT}")
        return name

    def open_live(self) -> tuple[str, tantivy.Index]:
        """The live index (creating an empty one in a new or empty folder)."""
        for _ in range(3):
            name = self.live_name() or self._start()
            if (self.root / name).is_dir() or self.live_name() == name:
                break
            # another process replaced the index and removed this folder just now: read the pointer again
        return name, self.open(self.root / name)

    def _start(self) -> str:
        """A first, empty index in a new or empty folder."""
        self._refuse_foreign_content()
        self.root.mkdir(parents=True, exist_ok=True)
        return self.publish_first(self.create().name)

    def _refuse_foreign_content(self) -> None:
        if not self.root.exists():
            return
        entries = [p.name for p in self.root.iterdir()]
        if "meta.json" in entries or any(not n.startswith(("index-", ".")) for n in entries):
            raise IncompatibleIndex(
                f"{self.root} does not hold an index this version can read; {REINDEX_HINT}"
            )

    def open(self, folder: Path) -> tantivy.Index:
        self.check_marker(folder)
        try:
            if not tantivy.Index.is_compatible(str(folder)):
                raise IncompatibleIndex(
                    f"the search index was written by another Tantivy version; {REINDEX_HINT}"
                )
            index = tantivy.Index.open(str(folder))
        except SearchError:
            raise
        except Exception as error:
            log.warning("cannot open the search index at %s: %s", folder, error)
            raise IncompatibleIndex(f"the search index cannot be opened; {REINDEX_HINT}") from None
        register_tokenizers(index)
        return index

    @staticmethod
    def check_marker(folder: Path) -> None:
        try:
            marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IncompatibleIndex(
                f"the search index at {folder} has no version marker; {REINDEX_HINT}"
            ) from None
        if marker.get("schema_version") != SCHEMA_VERSION:
            raise IncompatibleIndex(
                f"the search index has schema version {marker.get('schema_version')}, this version needs "
                f"{SCHEMA_VERSION}; {REINDEX_HINT}"
            )
        if _format_series(str(marker.get("tantivy"))) != _format_series(tantivy_version()):
            raise IncompatibleIndex(
                f"the search index was written by Tantivy {marker.get('tantivy')}, this is "
                f"{tantivy_version()}; {REINDEX_HINT}"
            )

    def create(self) -> Path:
        """A new, empty index folder with its version marker (not live until published)."""
        folder = self.root / f"index-{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        index = tantivy.Index(build_schema(), path=str(folder), reuse=False)
        del index
        marker = {"schema_version": SCHEMA_VERSION, "tantivy": tantivy_version()}
        (folder / MARKER).write_text(json.dumps(marker), encoding="utf-8")
        return folder

    def publish_first(self, name: str) -> str:
        """Make `name` live unless another process got there first; returns the live name."""
        staged = self.root / f".{POINTER}-{uuid.uuid4().hex}"
        staged.write_text(name, encoding="utf-8")
        try:
            os.link(staged, self.pointer)  # fails if the pointer exists: first writer wins
        except FileExistsError:
            shutil.rmtree(self.root / name, ignore_errors=True)
            name = self.live_name() or name
        finally:
            staged.unlink(missing_ok=True)
        return name

    def publish(self, name: str) -> str | None:
        """Make `name` live now; returns the folder that was live before."""
        previous = self.live_name()
        staged = self.root / f".{POINTER}-{uuid.uuid4().hex}"
        with staged.open("w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staged, self.pointer)
        return previous

    def remove(self, name: str) -> None:
        shutil.rmtree(self.root / name, ignore_errors=True)


@dataclass(frozen=True)
class WriterSettings:
    heap_bytes: int = 64_000_000
    threads: int = 1
    lock_timeout: float = 15.0  # seconds to wait for another writer (another process) to finish


def with_writer(
    index: tantivy.Index, settings: WriterSettings, work: Callable[[tantivy.IndexWriter], None]
) -> None:
    """Run `work` with the index writer, commit, and release the writer. Waits (bounded, with backoff) while
    another writer, in this or another process, holds the lock."""
    writer = _acquire(index, settings)
    try:
        work(writer)
        writer.commit()
    except BaseException:
        _safely(writer.rollback)
        raise
    finally:
        writer.wait_merging_threads()  # also releases the lock


def _acquire(index: tantivy.Index, settings: WriterSettings) -> tantivy.IndexWriter:
    deadline = time.monotonic() + settings.lock_timeout
    delay = 0.02
    while True:
        try:
            return index.writer(settings.heap_bytes, settings.threads)
        except ValueError as error:
            if "LockBusy" not in str(error):
                raise
        if time.monotonic() >= deadline:
            raise SearchError(
                "the search index is busy (another process is writing to it); try again shortly"
            )
        time.sleep(min(delay, max(deadline - time.monotonic(), 0.001)))
        delay = min(delay * 2, 0.5)


def _safely(action: Callable[[], object]) -> None:
    try:
        action()
    except Exception:  # the original error matters more than a failed rollback
        log.debug("rollback failed", exc_info=True)
