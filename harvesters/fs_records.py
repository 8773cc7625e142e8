"""From a listed file or folder to its Record: file-system facts, content type and hash, document
properties, spreadsheet shape and shadow-database flags, owner and readers."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from typing import Any

from harvesters.base import Column, ItemError, Record
from harvesters.doc_properties import READERS as DOCUMENT_READERS
from harvesters.doc_properties import DocumentFacts, Unreadable, read_document
from harvesters.file_hashes import hash_both  # sha256 and quickXorHash in one read
from harvesters.fs_formats import (
    OOXML,
    SNIFF_BYTES,
    extension,
    is_encrypted_ooxml,
    kind_of,
    needs_sniffing,
    sniff,
    type_by_name,
)
from harvesters.fs_paths import name_text
from harvesters.fs_walker import Access, Entry, Walker, iso_from_ns
from harvesters.sheet_shapes import READERS as WORKBOOK_READERS
from harvesters.sheet_shapes import WorkbookFacts, read_workbook, shadow_database

# Flags at source (the `flags` field, searched as tags)
PROTECTED_FLAG = "password protected"
SHADOW_FLAG = "shadow database"  # followed by its reasons ("many rows", "macros"...)
OPEN_FLAG = "readable by everyone"  # everyone, or every account, may read it
_GONE = {errno.ENOENT, errno.ENOTDIR}


@dataclass(frozen=True)
class ContentRules:
    hash_contents: bool = True
    read_documents: bool = True
    max_file_size: int = 256 * 1024 * 1024
    sniff_all: bool = False  # libmagic for every file, not only those whose name gives no type

    def needs_bytes(self, name: str) -> bool:
        """Whether anything about this file needs its contents read. Plain text and the types without a
        reader (legacy Word, PowerPoint, Access) are not opened unless they are hashed or sniffed: on an
        SMB share each open is a round trip."""
        return (
            self.hash_contents
            or (self.read_documents and is_parsed(name))
            or needs_sniffing(name, self.sniff_all)
        )


def is_parsed(name: str) -> bool:
    """Whether reading documents looks inside this type: a property or workbook reader, or the
    password check of the Office formats."""
    ext = extension(name)
    return ext in DOCUMENT_READERS or ext in WORKBOOK_READERS or ext in OOXML


@dataclass
class Content:
    """What reading a file's bytes found out."""

    mime: str | None = None
    content_hash: str | None = None  # sha256, hex
    quick_xor_hash: str | None = None  # comparable with SharePoint's quickXorHash
    document: DocumentFacts | None = None
    workbook: WorkbookFacts | None = None
    protected: bool = False
    warnings: list[str] = field(default_factory=list)


def build_record(
    walker: Walker,
    entry: Entry,
    key: str,
    parent_key: str | None,
    *,
    is_root: bool = False,
    fingerprint: str = "",
    rules: ContentRules | None = None,
) -> Record:
    """The record for one listed item; ItemError when the item is gone."""
    rules = rules or ContentRules()
    warnings: list[str] = []
    kind = "share" if is_root else "folder" if entry.is_dir else kind_of(entry.name)
    fields: dict[str, Any] = {
        "title": name_text(entry.name),
        "kind": kind,
        "location": walker.location(entry),
        "created_at_source": iso_from_ns(entry.created_ns),
        "modified_at_source": iso_from_ns(entry.mtime_ns),
    }
    access = _access(walker, entry, warnings)
    columns: list[Column] = []
    notes: list[str] = []
    if not entry.is_dir:
        content = read_content(walker, entry, rules, key)
        warnings.extend(content.warnings)
        fields.update(
            size_bytes=entry.size,
            format=content.mime,
            content_hash=content.content_hash,
            quick_xor_hash=content.quick_xor_hash,
        )
        notes.extend(_apply_document(fields, content))
        columns = _apply_workbook(fields, content)
        notes.extend(_apply_shadow(fields, content, extension(entry.name)))
    fields["owner_at_source"] = access.owner
    fields["readable_at_source_by"] = list(access.readers)
    if access.everyone:
        fields["flags"] = [*fields.get("flags", []), OPEN_FLAG]
    if notes:
        fields["description"] = "\n\n".join(notes)
    return Record(
        key=key,
        fields={name: value for name, value in fields.items() if value not in (None, [], "")},
        parent_key=parent_key,
        columns=tuple(columns),
        fingerprint=fingerprint,
        warnings=tuple(warnings),
    )


def _access(walker: Walker, entry: Entry, warnings: list[str]) -> Access:
    try:
        return walker.access(entry)
    except OSError as error:
        warnings.append(f"owner and permissions not read: {_reason(error)}")
        return Access()


def read_content(walker: Walker, entry: Entry, rules: ContentRules, key: str) -> Content:
    """Sniffs the type, hashes and parses a file within the size limit. A file that vanished is an
    ItemError; one that cannot be read is still catalogued, with a warning."""
    content = Content(mime=type_by_name(entry.name))
    try:
        if not rules.needs_bytes(entry.name):
            walker.check_readable(entry)  # not opened, but one the harvest may not read is reported
            return content
        with walker.open(entry) as handle:
            head = handle.read(SNIFF_BYTES)
            if needs_sniffing(entry.name, rules.sniff_all):
                content.mime = sniff(head, entry.name)
            if entry.size > rules.max_file_size:
                return content
            if rules.hash_contents:
                hashes = hash_both(handle, head)
                content.content_hash, content.quick_xor_hash = hashes.sha256, hashes.quick_xor
                if hashes.size != entry.size:
                    content.warnings.append(
                        "the file changed while it was read; the next harvest reads it again"
                    )
            if rules.read_documents and is_parsed(entry.name):
                handle.seek(0)
                _parse(handle, entry.name, head, content)
    except OSError as error:
        if error.errno in _GONE:
            raise ItemError(key, "the file was gone before it could be read") from None
        content.warnings.append(f"contents not read: {_reason(error)}")
    return content


def _parse(handle: Any, name: str, head: bytes, content: Content) -> None:
    ext = extension(name)
    if is_encrypted_ooxml(head, name):
        content.protected = True
        content.warnings.append("properties not read: the file is password-protected")
        return
    try:
        if kind_of(name) == "spreadsheet":
            content.workbook = read_workbook(handle, ext)
            content.document = content.workbook.document if content.workbook else None
        else:
            content.document = read_document(handle, ext)
    except Unreadable as error:
        content.protected = error.encrypted
        content.warnings.append(f"properties not read: {error.reason}")


def _apply_document(fields: dict[str, Any], content: Content) -> list[str]:
    """Document properties into the fields; returns sentences for the description."""
    if content.protected:
        fields["flags"] = [PROTECTED_FLAG]
    facts = content.document
    if facts is not None:
        fields["title"] = facts.title or fields["title"]
        fields["created_by"] = facts.author
        fields["modified_by"] = facts.last_modified_by
        if facts.created is not None:
            fields["created_at_source"] = facts.created.isoformat()
        fields["tags"] = list(facts.keywords)
    if facts is None:
        return []
    return [sentence for sentence in (facts.subject, facts.description) if sentence]


def _apply_workbook(fields: dict[str, Any], content: Content) -> list[Column]:
    largest = content.workbook.largest if content.workbook else None
    if content.workbook is None or largest is None:
        return []
    fields["row_count"] = largest.data_rows
    fields["column_count"] = largest.columns
    return [
        Column(name=name or f"Column {index}", data_type="")
        for index, name in enumerate(largest.header, start=1)
    ]


def _apply_shadow(fields: dict[str, Any], content: Content, ext: str) -> list[str]:
    reasons = shadow_database(ext, content.workbook)
    if not reasons:
        return []
    fields["flags"] = [*fields.get("flags", []), SHADOW_FLAG, *(flag for flag, _ in reasons)]
    return [f"Looks like a database kept as a spreadsheet: {'; '.join(phrase for _, phrase in reasons)}."]


def _reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (error.strerror or type(error).__name__).lower()
