"""What kind of file something is: its catalogue kind, its MIME type, its content hash."""

from __future__ import annotations

import mimetypes

import magic

CHUNK = 1024 * 1024
SNIFF_BYTES = 8192

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docm": "application/vnd.ms-word.document.macroEnabled.12",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "odt": "application/vnd.oasis.opendocument.text",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
    "ppsx": "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain",
}
SPREADSHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    "xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "mdb": "application/x-msaccess",
    "accdb": "application/x-msaccess",
}
# Types libmagic gives containers and plain text; the extension says more about these.
_GENERIC = {
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
    "application/x-ole-storage",
    "application/cdfv2",
    "application/vnd.ms-office",
    "application/encrypted",
    "application/x-empty",
    "inode/x-empty",
    "text/plain",
}
OOXML = {"docx", "docm", "dotx", "pptx", "pptm", "ppsx", "xlsx", "xlsm", "xltx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def extension(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return suffix.lower() if dot and stem else ""


def kind_of(name: str) -> str:
    """The catalogue kind of a file: document, spreadsheet or file."""
    ext = extension(name)
    if ext in SPREADSHEET_TYPES:
        return "spreadsheet"
    if ext in DOCUMENT_TYPES:
        return "document"
    return "file"


# Common on shares, unknown to Python's mimetypes table.
OTHER_TYPES = {
    "log": "text/plain",
    "md": "text/markdown",
    "msg": "application/vnd.ms-outlook",
    "ini": "text/plain",
    "cfg": "text/plain",
    "yml": "application/yaml",
    "yaml": "application/yaml",
}


def type_by_name(name: str) -> str | None:
    ext = extension(name)
    if not ext:
        return None
    return (
        DOCUMENT_TYPES.get(ext)
        or SPREADSHEET_TYPES.get(ext)
        or OTHER_TYPES.get(ext)
        or mimetypes.guess_type(f"x.{ext}", strict=False)[0]
    )


def sniff(head: bytes, name: str) -> str | None:
    """The MIME type from the first bytes (libmagic), or from the name where the bytes only say "a zip",
    "text"..."""
    by_name = type_by_name(name)
    try:
        by_content = magic.from_buffer(head, mime=True).lower() if head else None
    except magic.MagicException:
        by_content = None
    if by_content is None or by_content in _GENERIC:
        return by_name or by_content
    return by_content


def needs_sniffing(name: str, sniff_all: bool) -> bool:
    """Whether the bytes must be read to type the file. A name with a known extension is typed by it:
    libmagic costs about half a millisecond a file, more than the rest of a harvest's work on it."""
    return sniff_all or type_by_name(name) is None


def is_encrypted_ooxml(head: bytes, name: str) -> bool:
    """Password-protected Word, Excel and PowerPoint files are OLE containers under an OOXML name."""
    return extension(name) in OOXML and head.startswith(OLE_MAGIC)
