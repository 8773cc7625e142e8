"""Document properties (title, author, subject, keywords, dates) from PDF, Word, PowerPoint and
OpenDocument files. Each reader takes a seekable binary stream and raises `Unreadable` with a short,
stable reason when the file is damaged, encrypted or not what its name says."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO
from xml.etree import ElementTree

MAX_XML_BYTES = 4 * 1024 * 1024  # a document's meta.xml is a few kB; more is a zip bomb
DAMAGED = "the file is damaged or not of the type its name says"
PROTECTED = "the file is password-protected"


class Unreadable(Exception):
    """The file's properties could not be read; the message says why in a few stable words."""

    def __init__(self, reason: str, encrypted: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.encrypted = encrypted


@dataclass
class DocumentFacts:
    title: str | None = None
    author: str | None = None
    last_modified_by: str | None = None
    subject: str | None = None
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    created: datetime | None = None
    modified: datetime | None = None


def text(value: Any) -> str | None:
    """A property value as one trimmed line of text, or None."""
    if value is None:
        return None
    cleaned = " ".join(str(value).split())
    return cleaned or None


def keywords(value: Any) -> list[str]:
    """`"budget; housing, 2024"` -> ["budget", "housing", "2024"] (at most 20 of 100 characters each)."""
    found = [" ".join(part.split()) for part in re.split(r"[,;]", str(value or ""))]
    return [word[:100] for word in found if word][:20]


def utc(value: Any) -> datetime | None:
    """Aware UTC; libraries that give naive times (openpyxl, python-pptx) mean UTC."""
    if not isinstance(value, datetime):
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def core_facts(props: Any) -> DocumentFacts:
    """From python-docx's or python-pptx's core properties (the same OOXML core.xml)."""
    return DocumentFacts(
        title=text(props.title),
        author=text(props.author),
        last_modified_by=text(props.last_modified_by),
        subject=text(props.subject),
        description=text(props.comments),
        keywords=keywords(props.keywords),
        created=utc(props.created),
        modified=utc(props.modified),
    )


def read_pdf(handle: BinaryIO) -> DocumentFacts:
    from pypdf import PasswordType, PdfReader

    reader = PdfReader(handle, strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # files with only an owner password open with an empty one
        except Exception:  # unsupported algorithms, a missing crypto library: not opened either way
            opened = PasswordType.NOT_DECRYPTED
        if opened == PasswordType.NOT_DECRYPTED:
            raise Unreadable(PROTECTED, encrypted=True)
    info = reader.metadata
    if info is None:
        return DocumentFacts()
    return DocumentFacts(
        title=text(info.title),
        author=text(info.author),
        subject=text(info.subject),
        keywords=keywords(info.get("/Keywords")),
        created=utc(_quietly(lambda: info.creation_date)),
        modified=utc(_quietly(lambda: info.modification_date)),
    )


def _quietly(getter: Callable[[], Any]) -> Any:
    """A PDF date that does not parse is no date, not a failure."""
    try:
        return getter()
    except (ValueError, TypeError):
        return None


def read_word(handle: BinaryIO) -> DocumentFacts:
    import docx

    return core_facts(docx.Document(handle).core_properties)


def read_powerpoint(handle: BinaryIO) -> DocumentFacts:
    import pptx

    return core_facts(pptx.Presentation(handle).core_properties)


_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def read_opendocument(handle: BinaryIO) -> DocumentFacts:
    """From an ODF package's meta.xml, with the standard library."""
    with zipfile.ZipFile(handle) as package:
        if _odf_encrypted(package):
            raise Unreadable(PROTECTED, encrypted=True)
        root = parse_xml(package, "meta.xml")
    meta = root.find("office:meta", _ODF)
    if meta is None:
        return DocumentFacts()

    def value(path: str) -> str | None:
        return text(meta.findtext(path, namespaces=_ODF))

    return DocumentFacts(
        title=value("dc:title"),
        author=value("meta:initial-creator") or value("dc:creator"),
        last_modified_by=value("dc:creator"),
        subject=value("dc:subject"),
        description=value("dc:description"),
        keywords=[word for node in meta.findall("meta:keyword", _ODF) for word in keywords(node.text)],
        created=_iso(value("meta:creation-date")),
        modified=_iso(value("dc:date")),
    )


def _odf_encrypted(package: zipfile.ZipFile) -> bool:
    if "META-INF/manifest.xml" not in package.namelist():
        return False
    manifest = parse_xml(package, "META-INF/manifest.xml")
    return manifest.find(".//manifest:encryption-data", _ODF) is not None


def parse_xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """One XML member of a zip package, refusing oversized ones. Python's expat (>= 2.4) limits entity
    expansion and ElementTree never fetches external entities."""
    try:
        member = package.getinfo(name)
    except KeyError:
        raise Unreadable(DAMAGED) from None
    if member.file_size > MAX_XML_BYTES:
        raise Unreadable(f"{name} is too large to read")
    return ElementTree.fromstring(package.read(member))  # noqa: S314 - see the docstring


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return utc(datetime.fromisoformat(value))
    except ValueError:
        return None


READERS: dict[str, Callable[[BinaryIO], DocumentFacts]] = {
    "pdf": read_pdf,
    "docx": read_word,
    "pptx": read_powerpoint,
    "pptm": read_powerpoint,
    "ppsx": read_powerpoint,
    "odt": read_opendocument,
    "odp": read_opendocument,
}


def read_document(handle: BinaryIO, ext: str) -> DocumentFacts | None:
    """The document's properties, or None when there is no reader for this type."""
    reader = READERS.get(ext)
    if reader is None:
        return None
    facts: DocumentFacts = guarded(reader, handle)
    return facts


def guarded(reader: Callable[[BinaryIO], Any], handle: BinaryIO) -> Any:
    """Runs a parser of untrusted bytes: anything it raises becomes `Unreadable` with a stable reason.
    (OSError passes through: that is the stream failing, not the file's content.)"""
    try:
        return reader(handle)
    except (Unreadable, OSError):
        raise
    except Exception as error:  # third-party parsers raise anything on bad input
        raise Unreadable(failure_reason(error)) from error


def failure_reason(error: Exception) -> str:
    name = type(error).__name__
    if "Decrypt" in name or "Password" in name or "Encrypt" in name:
        return PROTECTED
    if isinstance(error, zipfile.BadZipFile | KeyError | ElementTree.ParseError | EOFError) or name in {
        "PackageNotFoundError",
        "InvalidFileException",
        "PdfReadError",
        "PdfStreamError",
        "EmptyFileError",
        "ValueError",
    }:
        return DAMAGED
    return f"{DAMAGED} ({name})"
