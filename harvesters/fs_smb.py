"""The walker backend for SMB shares (`smbprotocol`'s `smbclient`), without mounting them.

Every call passes the port and a connection cache of this walker's own (smbclient's cache is keyed by
host and port and defaults to 445). Owner and readers come from the item's security descriptor, read with
a low-level QUERY_INFO request; SIDs are shown as they are, with names for the well-known ones (turning
domain SIDs into account names would need the LSA RPC service, which smbprotocol does not speak).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO, cast

import smbclient
from smbclient._io import SMBFileTransaction, SMBRawIO
from smbprotocol.exceptions import SMBException, SMBOSError
from smbprotocol.file_info import InfoType
from smbprotocol.header import NtStatus
from smbprotocol.open import FilePipePrinterAccessMask, SMB2QueryInfoRequest, SMB2QueryInfoResponse
from smbprotocol.security_descriptor import SMB2CreateSDBuffer

from harvesters.base import SourceError
from harvesters.fs_paths import SmbRoot
from harvesters.fs_walker import Access, Entry, FolderUnreadable, Vanished

_DIRECTORY, _HIDDEN, _SYSTEM, _REPARSE = 0x10, 0x2, 0x4, 0x400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_OWNER, _DACL = 0x1, 0x4  # OWNER_SECURITY_INFORMATION, DACL_SECURITY_INFORMATION
_READ_BITS = 0x1 | 0x80000000 | 0x10000000  # FILE_READ_DATA, GENERIC_READ, GENERIC_ALL
_INHERIT_ONLY = 0x08
_GONE = {
    NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
    NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,
    NtStatus.STATUS_NOT_FOUND,
    NtStatus.STATUS_NO_SUCH_FILE,
    NtStatus.STATUS_DELETE_PENDING,
    NtStatus.STATUS_FILE_CLOSED,
}
_DENIED = {NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_PRIVILEGE_NOT_HELD}
_SOURCE_LOST = {
    NtStatus.STATUS_BAD_NETWORK_NAME,
    NtStatus.STATUS_NETWORK_NAME_DELETED,
    NtStatus.STATUS_USER_SESSION_DELETED,
    NtStatus.STATUS_LOGON_FAILURE,
}
WELL_KNOWN_SIDS = {
    "S-1-1-0": "Everyone",
    "S-1-3-0": "Creator Owner",
    "S-1-5-7": "Anonymous Logon",
    "S-1-5-11": "Authenticated Users",
    "S-1-5-18": "SYSTEM",
    "S-1-5-32-544": "Administrators",
    "S-1-5-32-545": "Users",
    "S-1-5-32-546": "Guests",
}
DOMAIN_GROUPS = {"512": "Domain Admins", "513": "Domain Users", "514": "Domain Guests"}  # by RID
# Readers that mean everyone, or every account of the domain: a file one of them may read is open to
# all staff (and to guests or anonymous sessions where those are on).
BROAD_SIDS = {"S-1-1-0", "S-1-5-7", "S-1-5-11", "S-1-5-32-545", "S-1-5-32-546"}
BROAD_DOMAIN_RIDS = {"513", "514"}


class SmbWalker:
    """Lists and reads one SMB share below `root.path`."""

    def __init__(self, root: SmbRoot, username: str | None, password: str | None, timeout: int = 30) -> None:
        self.share_root = root
        self._cache: dict[str, Any] = {}
        self._kwargs: dict[str, Any] = {
            "port": root.port,
            "username": username,
            "password": password,
            "connection_cache": self._cache,
            "connection_timeout": timeout,
        }

    def root(self) -> Entry:
        unc = self.share_root.unc
        try:
            info = smbclient.stat(unc, **self._kwargs)
        except SMBOSError as error:
            if error.ntstatus in _GONE:
                raise SourceError(f"the share folder {unc} does not exist") from None
            if error.ntstatus == NtStatus.STATUS_LOGON_FAILURE:
                raise SourceError(f"the server of {unc} refused the user name or password") from None
            raise SourceError(f"the share {unc} cannot be read: {_status(error)}") from None
        except (SMBException, OSError, ValueError) as error:
            raise SourceError(f"cannot reach {unc} on port {self.share_root.port}: {_text(error)}") from None
        if not info.st_file_attributes & _DIRECTORY:
            raise SourceError(f"the root {unc} is not a folder")
        name = self.share_root.path[-1] if self.share_root.path else self.share_root.share
        return Entry(
            name=name,
            path=unc,
            is_dir=True,
            size=0,
            mtime_ns=int(info.st_mtime_ns),
            created_ns=int(info.st_ctime_ns),
            identity=(0, int(info.st_ino)),
        )

    def scan(self, folder: Entry) -> list[Entry]:
        try:
            with smbclient.scandir(folder.path, **self._kwargs) as entries:
                return [_entry(item.path, item.smb_info) for item in entries]
        except UnicodeDecodeError:
            raise FolderUnreadable("a name in this folder is not valid UTF-16") from None
        except Exception as error:
            raise _translate(error) from None

    def resolve(self, link: Entry) -> Entry:
        try:
            info = smbclient.stat(link.path, follow_symlinks=True, **self._kwargs)
        except Exception as error:
            raise _translate(error, gone=Vanished) from None
        is_dir = bool(info.st_file_attributes & _DIRECTORY)
        return Entry(
            name=link.name,
            path=link.path,
            is_dir=is_dir,
            size=0 if is_dir else int(info.st_size),
            mtime_ns=int(info.st_mtime_ns),
            created_ns=int(info.st_ctime_ns),
            identity=(0, int(info.st_ino)),
        )

    def stat(self, path: str) -> Entry:
        try:
            info = smbclient.stat(path, follow_symlinks=False, **self._kwargs)
        except Exception as error:
            raise _translate(error, gone=Vanished) from None
        attributes = int(info.st_file_attributes)
        is_dir = bool(attributes & _DIRECTORY)
        return Entry(
            name=path.rsplit("\\", 1)[-1],
            path=path,
            is_dir=is_dir,
            size=0 if is_dir else int(info.st_size),
            mtime_ns=int(info.st_mtime_ns),
            created_ns=int(info.st_ctime_ns),
            is_link=bool(attributes & _REPARSE),
            hidden=bool(attributes & (_HIDDEN | _SYSTEM)),
            identity=(0, int(info.st_ino)),
        )

    def child_path(self, folder_path: str, name: str) -> str:
        return f"{folder_path}\\{name}"

    @contextmanager
    def open(self, entry: Entry) -> Iterator[BinaryIO]:
        """Opened sharing read, write and delete, so people working on the file are not locked out."""
        try:
            handle = smbclient.open_file(entry.path, mode="rb", share_access="rwd", **self._kwargs)
        except Exception as error:
            raise _item_error(error) from None
        with handle:
            try:
                yield cast(BinaryIO, handle)
            except (SMBException, ConnectionError) as error:
                raise _item_error(error) from None

    def check_readable(self, entry: Entry) -> None:
        """Does nothing: over SMB only opening the file tells, a round trip each. A file whose security
        descriptor the harvest may not read is still reported, by `access`."""

    def access(self, entry: Entry) -> Access:
        """Owner and readers from the security descriptor (OSError when it may not be read)."""
        try:
            descriptor = self._security_descriptor(entry.path)
        except Exception as error:
            raise _item_error(error) from None
        owner = descriptor.get_owner()
        sids: set[str] = set()
        dacl = descriptor.get_dacl()
        for ace in dacl["aces"].get_value() if dacl is not None else ():
            if isinstance(ace, bytes) or ace["ace_type"].get_value() != 0:  # only ACCESS_ALLOWED
                continue
            if ace["ace_flags"].get_value() & _INHERIT_ONLY or not ace["mask"].get_value() & _READ_BITS:
                continue
            sids.add(str(ace["sid"].get_value()))
        return Access(
            owner=sid_name(str(owner)) if owner is not None else None,
            readers=tuple(sorted(sid_name(sid) for sid in sids)),
            everyone=any(is_broad(sid) for sid in sids),
        )

    def _security_descriptor(self, path: str) -> Any:
        raw = SMBRawIO(
            path,
            mode="r",
            share_access="rwd",
            desired_access=FilePipePrinterAccessMask.READ_CONTROL,
            **self._kwargs,
        )
        request = SMB2QueryInfoRequest()
        request["info_type"] = InfoType.SMB2_0_INFO_SECURITY
        request["output_buffer_length"] = 65536
        request["additional_information"] = _OWNER | _DACL
        request["file_id"] = raw.fd.file_id

        def receive(sent: Any) -> Any:
            response = SMB2QueryInfoResponse()
            response.unpack(raw.fd.connection.receive(sent)["data"].get_value())
            descriptor = SMB2CreateSDBuffer()
            descriptor.unpack(response["buffer"].get_value())
            return descriptor

        transaction = SMBFileTransaction(raw)
        transaction += (request, receive)
        transaction.commit()
        return transaction.results[0]

    def location(self, entry: Entry) -> str:
        return entry.path

    def close(self) -> None:
        smbclient.reset_connection_cache(fail_on_error=False, connection_cache=self._cache)


def sid_name(sid: str) -> str:
    known = WELL_KNOWN_SIDS.get(sid) or (DOMAIN_GROUPS.get(_rid(sid)) if _is_domain(sid) else None)
    return f"{known} ({sid})" if known else sid


def is_broad(sid: str) -> bool:
    """Whether this reader stands for everyone or for every account of a domain."""
    return sid in BROAD_SIDS or (_is_domain(sid) and _rid(sid) in BROAD_DOMAIN_RIDS)


def _is_domain(sid: str) -> bool:
    """A domain's account or group: S-1-5-21-<three sub-authorities>-<RID>."""
    parts = sid.split("-")
    return len(parts) == 8 and parts[:4] == ["S", "1", "5", "21"]


def _rid(sid: str) -> str:
    return sid.rsplit("-", 1)[-1]


def _entry(path: str, info: Any) -> Entry:
    attributes = int(info.file_attributes)
    is_dir = bool(attributes & _DIRECTORY)
    return Entry(
        name=str(info.file_name),
        path=path,
        is_dir=is_dir,
        size=0 if is_dir else int(info.end_of_file),
        mtime_ns=_ns(info.last_write_time),
        created_ns=_ns(info.creation_time),
        is_link=bool(attributes & _REPARSE),
        hidden=bool(attributes & (_HIDDEN | _SYSTEM)),
        identity=(0, int(info.file_id)),
    )


def _ns(moment: datetime) -> int:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return ((aware - _EPOCH) // _MICROSECOND) * 1000


def _translate(error: Exception, gone: type[Exception] = Vanished) -> Exception:
    """An smbprotocol or socket error as the walk's kind of error."""
    if isinstance(error, SMBOSError):
        if error.ntstatus in _SOURCE_LOST:
            return SourceError(f"the share went away: {_status(error)}")
        if error.ntstatus in _GONE:
            return gone(_status(error))
        if error.ntstatus in _DENIED:
            return FolderUnreadable("permission denied")
        return FolderUnreadable(_status(error))
    if isinstance(error, SMBException | ConnectionError | socket.timeout | OSError | ValueError):
        return SourceError(f"the share went away: {_text(error)}")
    return error


def _item_error(error: Exception) -> Exception:
    """For reading one item: the standard OSError for its NTSTATUS, SourceError when the share is gone."""
    translated = _translate(error)
    if isinstance(translated, Vanished):
        return FileNotFoundError(errno.ENOENT, "no such file")
    if isinstance(translated, FolderUnreadable) and isinstance(error, SMBOSError):
        if error.ntstatus in _DENIED:
            return PermissionError(errno.EACCES, "permission denied")
        return OSError(errno.EIO, _status(error))
    return translated


def _status(error: SMBOSError) -> str:
    for name, value in vars(NtStatus).items():
        if name.startswith("STATUS_") and value == error.ntstatus:
            return str(name)
    return f"NTSTATUS {error.ntstatus:#010x}"


def _text(error: BaseException) -> str:
    return str(error) or type(error).__name__
