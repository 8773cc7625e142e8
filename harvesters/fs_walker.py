"""What the file-share harvester needs from a file system, whichever protocol reaches it.

A walker backend (`fs_local.LocalWalker`, `fs_smb.SmbWalker`) lists one folder at a time and opens files;
`walk()` here turns that into the harvester's listing: parents before children, each real folder once,
unreadable folders reported as gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from typing import BinaryIO, Protocol

from harvesters.base import ItemRef, ItemRefs, ListingGap, SourceError
from harvesters.fs_paths import ROOT_KEY, Selection, gap_prefix, name_text


@dataclass(slots=True)
class Entry:
    """One file or folder as a listing saw it. `path` is the backend's own path (native text, which
    may hold surrogate-escaped bytes locally); `identity` tells two names of one folder apart.
    Treated as read-only; not frozen because a frozen dataclass takes twice as long to build, and a
    walk builds one per item."""

    name: str
    path: str
    is_dir: bool
    size: int
    mtime_ns: int
    created_ns: int | None = None
    is_link: bool = False  # a symbolic link, junction or other reparse point
    hidden: bool = False  # the Windows hidden or system attribute
    identity: tuple[int, int] | None = None
    posix: tuple[int, int, int] | None = field(default=None, compare=False)  # uid, gid, mode
    # What the change marker watches besides the size, when not the modified time: on POSIX the inode's
    # change time, which a write, a chmod or a chown moves (and a file put back with its old modified time)
    changed_ns: int | None = None


@dataclass(frozen=True)
class Access:
    """Who owns an item and who may read it, as the source's permissions say."""

    owner: str | None = None
    readers: tuple[str, ...] = ()
    everyone: bool = False  # readable by everyone, or by every account (see the walkers)


class FolderUnreadable(Exception):
    """This folder may not be listed (permission denied, a broken link...); the walk goes on."""


class Vanished(Exception):
    """The item was there when its parent was listed and is gone now."""


class Walker(Protocol):
    """One file system reached by some protocol. Methods raise SourceError when the source as a whole
    is gone (unmounted, connection lost), FolderUnreadable or Vanished for one item."""

    def root(self) -> Entry:
        """The root folder; SourceError when it does not exist, is not a folder or cannot be reached."""
        ...

    def scan(self, folder: Entry) -> list[Entry]:
        """The entries of one folder, without `.` and `..`, links not followed."""
        ...

    def resolve(self, link: Entry) -> Entry:
        """What a link points to (its target's type, size and identity, under the link's name)."""
        ...

    def stat(self, path: str) -> Entry:
        """A fresh look at one path (links not followed)."""
        ...

    def child_path(self, folder_path: str, name: str) -> str:
        """The path of `name` (as a key shows it) in a folder."""
        ...

    def open(self, entry: Entry) -> AbstractContextManager[BinaryIO]:
        """The file's bytes (seekable). OSError subclasses for item problems."""
        ...

    def check_readable(self, entry: Entry) -> None:
        """Raises OSError (PermissionError) when the file could not be opened for reading, where the
        protocol tells without a round trip; otherwise does nothing. Files whose contents nothing needs
        are not opened, yet a harvest still reports the ones it may not read."""
        ...

    def access(self, entry: Entry) -> Access: ...

    def location(self, entry: Entry) -> str:
        """Where people find the item: an absolute path or a UNC path, as valid text."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class WalkRules:
    selection: Selection = field(default_factory=Selection)
    include_hidden: bool = False
    follow_links: bool = False
    max_depth: int | None = None


def fingerprint(entry: Entry) -> str:
    """The change marker of an item (the walk inlines it)."""
    changed = entry.changed_ns or entry.mtime_ns
    return f"{changed}:{entry.size}" if not entry.is_dir else f"{changed}"


def iso_from_ns(ns: int | None) -> str | None:
    if ns is None:
        return None
    moment = datetime.fromtimestamp(ns // 1_000_000_000, UTC).replace(microsecond=(ns // 1000) % 1_000_000)
    return moment.isoformat()


def walk(walker: Walker, rules: WalkRules) -> Iterator[ItemRef | ListingGap]:
    """Depth first, names in order, parents before children; each real folder visited once. Each
    ItemRef carries its Entry as the hint."""
    for listed in walk_folders(walker, rules):
        if isinstance(listed, ItemRefs):
            yield from listed
        else:
            yield listed


def walk_folders(walker: Walker, rules: WalkRules) -> Iterator[ItemRefs | ListingGap]:
    """`walk`, with each folder's entries yielded together as one ItemRefs (a share has hundreds of
    thousands of entries, and the runner takes a batch in one step)."""
    root = walker.root()
    yield ItemRefs([ItemRef(ROOT_KEY, None, fingerprint(root), root)])
    visited = {root.identity} if root.identity else set()
    keeps_file, hide = rules.selection.keeps_file, not rules.include_hidden
    stack: list[tuple[Entry, str, int]] = [(root, ROOT_KEY, 0)] if rules.max_depth != 0 else []
    while stack:
        folder, key, depth = stack.pop()
        try:
            entries = walker.scan(folder)
        except FolderUnreadable as error:
            if key == ROOT_KEY:
                raise SourceError(f"the root folder cannot be listed: {error}") from None
            yield ListingGap(gap_prefix(key), f"folder not listed: {error}")
            continue
        except Vanished:
            walker.root()  # raises SourceError when the whole source went away; else the folder did
            continue
        below: list[tuple[Entry, str, int]] = []
        refs = ItemRefs()
        append = refs.append
        prefix = gap_prefix(key)
        entries.sort(key=_by_name)
        for entry in entries:
            name = entry.name
            entry_key = prefix + (name if name.isascii() else name_text(name))  # child_key, inlined
            if entry.is_dir or entry.is_link or (hide and (entry.hidden or name.startswith("."))):
                kept = _kept(walker, rules, entry, entry_key)
                if kept is None:
                    continue
            elif keeps_file(entry_key):  # a plain file: _kept inlined
                marker = f"{entry.changed_ns or entry.mtime_ns}:{entry.size}"  # fingerprint(), inlined
                append(ItemRef(entry_key, key, marker, entry))
                continue
            else:
                continue
            if kept.is_dir:
                if kept.identity is not None and kept.identity in visited:
                    continue  # a second name for a folder already walked (link loop, bind mount)
                if kept.identity is not None:
                    visited.add(kept.identity)
                if rules.max_depth is None or depth + 1 < rules.max_depth:
                    below.append((kept, entry_key, depth + 1))
            append(ItemRef(entry_key, key, fingerprint(kept), kept))
        if refs:
            yield refs
        stack.extend(reversed(below))


_by_name = attrgetter("name")


def _kept(walker: Walker, rules: WalkRules, entry: Entry, key: str) -> Entry | None:
    """The entry to list (a link's target when links are followed), or None to leave it out."""
    if not rules.include_hidden and (entry.name.startswith(".") or entry.hidden):
        return None
    if entry.is_link:
        if not rules.follow_links:
            return None
        try:
            entry = walker.resolve(entry)
        except (FolderUnreadable, Vanished):
            return None  # a broken link
    if entry.is_dir:
        return entry if rules.selection.keeps_folder(key) else None
    return entry if rules.selection.keeps_file(key) else None
