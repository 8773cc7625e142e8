"""The walker backend for local and mounted folders (`os.scandir`)."""

from __future__ import annotations

import errno
import grp
import os
import pwd
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from harvesters.base import SourceError
from harvesters.fs_paths import name_from_text, name_text
from harvesters.fs_walker import Access, Entry, FolderUnreadable, Vanished

_GONE = {errno.ENOENT, errno.ENOTDIR}
_EFFECTIVE_IDS = os.access in os.supports_effective_ids
_HIDDEN_OR_SYSTEM = 0x2 | 0x4  # FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM (Windows only)


class LocalWalker:
    """Lists and reads a local folder tree. Paths are `str` with undecodable bytes surrogate-escaped,
    which the `os` functions turn back into the same bytes."""

    def __init__(self, root: str, follow_links: bool = False) -> None:
        self.root_path = root
        self.follow_links = follow_links
        self._users: dict[int, str] = {}  # looked up once per walk: a share has few owners, many files
        self._groups: dict[int, str] = {}

    def root(self) -> Entry:
        try:
            info = os.stat(self.root_path)
        except FileNotFoundError:
            raise SourceError(f"the root folder {self._shown(self.root_path)} does not exist") from None
        except OSError as error:
            raise SourceError(f"the root folder {self._shown(self.root_path)}: {_reason(error)}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise SourceError(f"the root {self._shown(self.root_path)} is not a folder")
        return _entry(os.path.basename(self.root_path) or self.root_path, self.root_path, info)

    def scan(self, folder: Entry) -> list[Entry]:
        try:
            with os.scandir(folder.path) as entries:
                return self._entries(entries)
        except OSError as error:
            if error.errno in _GONE:
                raise Vanished(_reason(error)) from None
            raise FolderUnreadable(_reason(error)) from None

    @staticmethod
    def _entries(entries: Iterator[os.DirEntry[str]]) -> list[Entry]:
        found: list[Entry] = []
        append, is_file, plain = found.append, stat.S_ISREG, _PLAIN_STAT
        for item in entries:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue  # gone between readdir and stat
            mode = info.st_mode
            if plain and is_file(mode):  # _entry for a file, inlined: a walk lists hundreds of thousands
                posix = (info.st_uid, info.st_gid, mode)
                append(
                    Entry(
                        item.name,
                        item.path,
                        False,
                        info.st_size,
                        info.st_mtime_ns,
                        None,
                        False,
                        False,
                        None,
                        posix,
                        info.st_ctime_ns,
                    )
                )
            elif stat.S_ISREG(mode) or stat.S_ISDIR(mode):
                found.append(_entry(item.name, item.path, info))
            elif stat.S_ISLNK(mode):
                found.append(_entry(item.name, item.path, info, is_link=True))
            # sockets, pipes and devices are not information assets (and a pipe would block a read)
        return found

    def resolve(self, link: Entry) -> Entry:
        try:
            info = os.stat(link.path)
        except OSError as error:
            raise Vanished(_reason(error)) from None
        if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
            raise Vanished("the link points to neither a file nor a folder")
        return _entry(link.name, link.path, info)

    def stat(self, path: str) -> Entry:
        try:
            info = os.lstat(path)
        except OSError as error:
            raise Vanished(_reason(error)) from None
        return _entry(os.path.basename(path), path, info, is_link=stat.S_ISLNK(info.st_mode))

    def child_path(self, folder_path: str, name: str) -> str:
        return os.path.join(folder_path, name_from_text(name))

    @contextmanager
    def open(self, entry: Entry) -> Iterator[BinaryIO]:
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        if not self.follow_links:
            flags |= getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(entry.path, flags)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise OSError(errno.EINVAL, "no longer a regular file")
            handle = os.fdopen(descriptor, "rb")
        except BaseException:
            os.close(descriptor)
            raise
        with handle:
            yield handle

    def check_readable(self, entry: Entry) -> None:
        # the effective ids, as open() uses: a harvest may run with another user's effective ids
        if not os.access(entry.path, os.R_OK, effective_ids=_EFFECTIVE_IDS):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), entry.path)

    def access(self, entry: Entry) -> Access:
        if entry.posix is None:
            return Access()
        uid, gid, mode = entry.posix
        owner = self._user(uid)
        readers = [owner] if mode & stat.S_IRUSR else []
        if mode & stat.S_IRGRP:
            readers.append(f"group {self._group(gid)}")
        everyone = bool(mode & stat.S_IROTH)
        if everyone:
            readers.append("everyone")
        return Access(owner=owner, readers=tuple(readers), everyone=everyone)

    def _user(self, uid: int) -> str:
        if uid not in self._users:
            self._users[uid] = _user_name(uid)
        return self._users[uid]

    def _group(self, gid: int) -> str:
        if gid not in self._groups:
            self._groups[gid] = _group_name(gid)
        return self._groups[gid]

    def location(self, entry: Entry) -> str:
        return name_text(entry.path)

    def close(self) -> None:
        """Nothing to release."""

    @staticmethod
    def _shown(path: str) -> str:
        return repr(name_text(path))


_HAS_BIRTH_TIME = hasattr(os.stat_result, "st_birthtime")  # not on Linux: checked once, not per item
_HAS_ATTRIBUTES = hasattr(os.stat_result, "st_file_attributes")  # Windows only
_PLAIN_STAT = not (_HAS_BIRTH_TIME or _HAS_ATTRIBUTES)  # Linux: a file's Entry needs nothing more
_CTIME_IS_CHANGE = os.name == "posix"  # on Windows st_ctime is the creation time


def _entry(name: str, path: str, info: os.stat_result, is_link: bool = False) -> Entry:
    mode = info.st_mode
    is_dir = stat.S_ISDIR(mode) and not is_link
    return Entry(
        name,
        path,
        is_dir,
        0 if is_dir else info.st_size,
        info.st_mtime_ns,
        _birth_ns(info) if _HAS_BIRTH_TIME else None,
        is_link,
        bool(info.st_file_attributes & _HIDDEN_OR_SYSTEM) if _HAS_ATTRIBUTES else False,  # type: ignore[attr-defined]
        (info.st_dev, info.st_ino) if is_dir else None,  # only folders need telling apart (link loops)
        (info.st_uid, info.st_gid, mode),
        info.st_ctime_ns if _CTIME_IS_CHANGE else None,
    )


def _birth_ns(info: os.stat_result) -> int | None:
    birth = getattr(info, "st_birthtime_ns", None) or getattr(info, "st_birthtime", None)
    if birth is None:
        return None
    return int(birth if isinstance(birth, int) else birth * 1_000_000_000)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"gid {gid}"


def _reason(error: OSError) -> str:
    """The error's text without the path (the key says which item it was)."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or type(error).__name__
