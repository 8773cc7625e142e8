"""Where a file-share source lives, and how its items are named and selected.

Keys are paths relative to the root with `/` separators; the root itself is `ROOT_KEY` ("/"). Names are
kept as the source gives them, except bytes that are not valid UTF-8 (possible on POSIX file systems),
which become `\\xNN` text so that a key is always valid text and the same name always gives the same key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import unquote, urlsplit

ROOT_KEY = "/"
SMB_PORT = 445


class RootError(ValueError):
    """The configured root is not a path or share this harvester understands."""


@dataclass(frozen=True)
class SmbRoot:
    """`\\\\host\\share\\path` on `port`; `path` is a list of folder names below the share."""

    host: str
    share: str
    path: tuple[str, ...]
    port: int = SMB_PORT

    @property
    def unc(self) -> str:
        """The UNC path of the root (the port is not part of UNC paths)."""
        return "\\".join([f"\\\\{self.host}", self.share, *self.path])


@dataclass(frozen=True)
class LocalRoot:
    """A local or mounted folder."""

    path: str


def parse_root(root: str) -> SmbRoot | LocalRoot:
    """Reads `smb://host[:port]/share/path`, `\\\\host\\share\\path` or a local path."""
    text = root.strip()
    if not text:
        raise RootError("root is empty")
    if text.lower().startswith("smb://"):
        return _parse_smb_url(text)
    if text.startswith("\\\\"):
        parts = [part for part in text[2:].split("\\") if part]
        if len(parts) < 2:
            raise RootError(f"{root!r} names no share: use \\\\host\\share\\path")
        return SmbRoot(host=parts[0], share=parts[1], path=tuple(parts[2:]))
    if "://" in text:
        raise RootError(f"{root!r}: only local paths, smb:// URLs and \\\\host\\share paths are supported")
    return LocalRoot(path=os.path.abspath(os.path.expanduser(text)))


def _parse_smb_url(text: str) -> SmbRoot:
    url = urlsplit(text)
    try:
        port = url.port or SMB_PORT
    except ValueError:
        raise RootError(f"{text!r} has an invalid port") from None
    parts = [unquote(part) for part in url.path.split("/") if part]
    if not url.hostname or not parts:
        raise RootError(f"{text!r} names no host or share: use smb://host[:port]/share/path")
    if url.username or url.password:
        raise RootError("put the user name and password in their own settings, not in the root URL")
    return SmbRoot(host=url.hostname, share=parts[0], path=tuple(parts[1:]), port=port)


def name_text(name: str | bytes) -> str:
    """A file name as valid text: undecodable bytes become `\\xNN` (reproducibly)."""
    if isinstance(name, str) and name.isascii():
        return name  # the common case: nothing to escape (surrogate escapes are never ASCII)
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    return raw.decode("utf-8", "backslashreplace")


def name_from_text(text: str) -> str:
    """The native (surrogate-escaped) name back from `name_text`."""
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))
    return os.fsdecode(raw)


def gap_prefix(key: str) -> str:
    """The key prefix of everything below the folder `key`."""
    return "" if key == ROOT_KEY else f"{key}/"


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """`**` spans folders, `*` and `?` stay within one name, `[...]` is a character class."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def glob_match(key: str, pattern: str) -> bool:
    """Case-insensitive glob on a key. A pattern without `/` matches the last name at any depth
    (`~$*`, `*.tmp`); one with `/` matches the whole key (`Finance/**/*.xlsx`)."""
    return _matcher([pattern])(key)


@dataclass(frozen=True)
class Selection:
    """Which items a listing keeps. `include` selects files (folders are always walked, so that
    `**/*.xlsx` finds workbooks anywhere); `exclude` drops files and whole folders."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()

    @cached_property
    def _excluded(self) -> Callable[[str], bool]:
        return _matcher(self.exclude)

    @cached_property
    def _included(self) -> Callable[[str], bool]:
        return _matcher(self.include)

    def keeps_folder(self, key: str) -> bool:
        return not self._excluded(key)

    @cached_property
    def keeps_file(self) -> Callable[[str], bool]:
        """Whether a file's key is kept (a function built once: a walk calls it for every file)."""
        excluded, included = self._excluded, self._included
        if not self.include:
            return lambda key: not excluded(key)
        return lambda key: not excluded(key) and included(key)


def _matcher(patterns: Sequence[str]) -> Callable[[str], bool]:
    """One function testing a key against every pattern as `glob_match` does, compiled once into (at
    most) two regular expressions: a walk tests every item it lists."""
    cleaned = [pattern.strip().strip("/") for pattern in patterns]
    by_name = _alternation([pattern for pattern in cleaned if pattern and "/" not in pattern])
    by_key = _alternation([pattern for pattern in cleaned if "/" in pattern])

    def matches(key: str) -> bool:
        if by_name is not None and by_name(key[key.rfind("/") + 1 :]) is not None:
            return True
        return by_key is not None and by_key(key) is not None

    return matches


def _alternation(patterns: Sequence[str]) -> Callable[[str], re.Match[str] | None] | None:
    """The `fullmatch` of a regular expression matching any of the globs (None for no globs)."""
    if not patterns:
        return None
    either = "|".join(f"(?:{_glob_regex(pattern).pattern})" for pattern in patterns)
    return re.compile(either, re.IGNORECASE | re.DOTALL).fullmatch
