"""The asset record's fields, declared once.

Every layered field (one a harvest may say and a curator may override) is listed here with its type and
label. The models, the merge rules, the API schemas, the asset page and the search documents all read this
declaration, so a field added here appears everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What an asset is."""

    DATABASE = "database"
    SCHEMA = "schema"
    TABLE = "table"
    VIEW = "view"
    SHARE = "share"
    FOLDER = "folder"
    FILE = "file"
    DOCUMENT = "document"
    SPREADSHEET = "spreadsheet"
    SITE = "site"
    LIBRARY = "library"
    LIST = "list"
    APPLICATION = "application"
    REGISTER_ENTRY = "register_entry"


class PersonalData(StrEnum):
    NONE = "none"
    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"


class OpenDataStatus(StrEnum):
    NOT_ASSESSED = "not_assessed"
    CANDIDATE = "candidate"
    APPROVED = "approved"
    PUBLISHED = "published"
    NOT_PUBLISHABLE = "not_publishable"


class Lifecycle(StrEnum):
    ACTIVE = "active"
    GONE = "gone"  # gone at source: soft, restorable
    RETIRED = "retired"


class DisposalAction(StrEnum):
    DESTROY = "destroy"
    REVIEW = "review"
    TRANSFER_TO_ARCHIVE = "transfer_to_archive"
    ANONYMISE = "anonymise"


class FieldType(StrEnum):
    STRING = "string"  # short text, one line
    TEXT = "text"  # long text
    INTEGER = "integer"
    DATETIME = "datetime"  # aware, stored as UTC
    DATE = "date"
    LIST = "list"  # list of short strings
    CHOICE = "choice"  # one of an enum's values
    CLASSIFICATION = "classification"  # a level of the configured scheme


class Group(StrEnum):
    DESCRIBED = "described"
    GOVERNED = "governed"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    group: Group
    value_type: FieldType
    choices: type[StrEnum] | None = None
    help: str = ""


_D, _G = Group.DESCRIBED, Group.GOVERNED
_S, _T, _I = FieldType.STRING, FieldType.TEXT, FieldType.INTEGER
_DT, _DA, _L, _C = FieldType.DATETIME, FieldType.DATE, FieldType.LIST, FieldType.CHOICE

LAYERED_FIELDS: tuple[FieldSpec, ...] = (
    # described
    FieldSpec("title", "Title", _D, _S),
    FieldSpec("description", "Description", _D, _T),
    FieldSpec("kind", "Kind", _D, _C, Kind),
    FieldSpec("location", "Location", _D, _S, help="URI, UNC path or URL where the asset lives"),
    FieldSpec("format", "Format", _D, _S, help="MIME type or format name"),
    FieldSpec("size_bytes", "Size (bytes)", _D, _I),
    FieldSpec("row_count", "Rows", _D, _I),
    FieldSpec("column_count", "Columns", _D, _I),
    FieldSpec("created_at_source", "Created at source", _D, _DT),
    FieldSpec("modified_at_source", "Modified at source", _D, _DT),
    FieldSpec("created_by", "Created by", _D, _S),
    FieldSpec("modified_by", "Modified by", _D, _S),
    FieldSpec(
        "owner_at_source",
        "Owner at source",
        _D,
        _S,
        help="The account that owns the item where it is kept: a user or group name, or a Windows SID",
    ),
    FieldSpec(
        "readable_at_source_by",
        "Readable at source by",
        _D,
        _L,
        help="Who the item's permissions where it is kept let read it ('everyone' for anyone at all)",
    ),
    FieldSpec("content_hash", "Content hash", _D, _S),
    FieldSpec(
        "quick_xor_hash",
        "QuickXorHash",
        _D,
        _S,
        help="Microsoft's quickXorHash of the bytes: SharePoint's only hash, so shares compute it too",
    ),
    FieldSpec("schema_fingerprint", "Schema fingerprint", _D, _S),
    FieldSpec("tags", "Tags", _D, _L),
    FieldSpec(
        "flags",
        "Flags at source",
        _D,
        _L,
        help="What a harvester found out about the item (a shadow database and why, password-protected, "
        "readable by everyone): searched and filtered as tags, and never hidden by a curator's tags",
    ),
    FieldSpec("vendor", "Vendor", _D, _S, help="Who supplies the application"),
    FieldSpec("hosting", "Hosting", _D, _S, help="For example 'On premises' or 'Supplier cloud'"),
    FieldSpec(
        "application",
        "Application",
        _D,
        _S,
        help="Title of the application this asset belongs to (a data store's application)",
    ),
    # governed
    FieldSpec("owner", "Information asset owner", _G, _S),
    FieldSpec("steward", "Steward", _G, _S),
    FieldSpec("department", "Department", _G, _S),
    FieldSpec("business_owner", "Business owner", _G, _S),
    FieldSpec("technical_owner", "Technical owner", _G, _S),
    FieldSpec("classification", "Security classification", _G, FieldType.CLASSIFICATION),
    FieldSpec("handling_markings", "Handling markings", _G, _L),
    FieldSpec(
        "access_groups",
        "Access groups",
        _G,
        _L,
        help="Empty: everyone cleared for the classification may see it",
    ),
    FieldSpec("personal_data", "Personal data", _G, _C, PersonalData),
    FieldSpec("lawful_basis", "Lawful basis", _G, _S),
    FieldSpec("retention_period", "Retention period", _G, _S, help="For example '6 years after closure'"),
    FieldSpec("retention_basis", "Retention basis", _G, _S),
    FieldSpec("disposal_action", "Disposal action", _G, _C, DisposalAction),
    FieldSpec("disposal_due", "Disposal due", _G, _DA),
    FieldSpec("review_due", "Review due", _G, _DA),
    FieldSpec("open_data_status", "Open data status", _G, _C, OpenDataStatus),
    FieldSpec("open_data_reason", "Why not publishable", _G, _T),
    FieldSpec("licence", "Licence", _G, _S),
    FieldSpec("lifecycle", "Lifecycle", _G, _C, Lifecycle),
)

FIELDS_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in LAYERED_FIELDS}
LIST_FIELDS = frozenset(s.name for s in LAYERED_FIELDS if s.value_type is FieldType.LIST)

# Values an asset has when neither layer says anything (classification's default is configuration).
FIELD_DEFAULTS: dict[str, object] = {
    "kind": Kind.FILE.value,
    "personal_data": None,
    "open_data_status": OpenDataStatus.NOT_ASSESSED.value,
    "lifecycle": Lifecycle.ACTIVE.value,
}

FACET_LABELS: dict[str, str] = {
    "kind": "Kind",
    "department": "Department",
    "owner": "Owner",
    "classification": "Classification",
    "source": "Source",
    "format": "Format",
    "tag": "Tag",
    "personal_data": "Personal data",
    "open_data_status": "Open data status",
    "lifecycle": "Lifecycle",
}

# Human labels for enum values shown in facets and pages.
VALUE_LABELS: dict[str, str] = {
    "register_entry": "Register entry",
    "special_category": "Special category",
    "not_assessed": "Not assessed",
    "not_publishable": "Not publishable",
    "gone": "Gone at source",
    "transfer_to_archive": "Transfer to archive",
    "none": "None",
}


def value_label(value: str | None) -> str:
    """A readable label for a stored enum value ("not_assessed" -> "Not assessed")."""
    if value is None:
        return ""
    return VALUE_LABELS.get(value, value.replace("_", " ").capitalize() if value.islower() else value)
