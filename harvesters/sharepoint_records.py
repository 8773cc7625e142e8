"""From Graph's JSON (sites, drives, driveItems, lists, permissions, retention labels) to Records.

Keys nest, so a listing gap on a site or library covers everything in it:
`{site-id}`, `{site-id}/drives/{drive-id}`, `{site-id}/drives/{drive-id}/items/{item-id}` and
`{site-id}/lists/{list-id}` (Graph ids never hold a `/`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harvesters.base import Column, Record
from harvesters.fs_formats import kind_of
from harvesters.quickxor import from_graph

# The broadest sharing first: how an item is shared, as its permissions' sharing links say.
SHARING_TAGS = {
    "anonymous": "shared: anyone with the link",
    "organization": "shared: organisation link",
    "users": "shared: specific people",
}
SHARING_ORDER = ("anonymous", "organization", "users")


def site_key(site_id: str) -> str:
    return site_id


def drive_key(site_id: str, drive_id: str) -> str:
    return f"{site_id}/drives/{drive_id}"


def item_key(site_id: str, drive_id: str, item_id: str) -> str:
    return f"{drive_key(site_id, drive_id)}/items/{item_id}"


def lists_prefix(site_id: str) -> str:
    return f"{site_id}/lists"


def list_key(site_id: str, list_id: str) -> str:
    return f"{lists_prefix(site_id)}/{list_id}"


def identity(value: Any) -> str | None:
    """A person, group or app from an identitySet: its display name, else its email."""
    if not isinstance(value, Mapping):
        return None
    for role in ("user", "group", "siteUser", "siteGroup", "application", "device"):
        who = value.get(role)
        if isinstance(who, Mapping):
            name = who.get("displayName") or who.get("email") or who.get("loginName")
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _common(resource: Mapping[str, Any], title: str | None, kind: str) -> dict[str, Any]:
    return {
        "title": title or _text(resource.get("name")) or str(resource.get("id", "")),
        "kind": kind,
        "location": _text(resource.get("webUrl")),
        "description": _text(resource.get("description")),
        "created_at_source": _text(resource.get("createdDateTime")),
        "modified_at_source": _text(resource.get("lastModifiedDateTime")),
        "created_by": identity(resource.get("createdBy")),
        "modified_by": identity(resource.get("lastModifiedBy")),
    }


def _record(key: str, fields: dict[str, Any], parent: str | None, **extra: Any) -> Record:
    kept = {name: value for name, value in fields.items() if value not in (None, "", [])}
    return Record(key=key, fields=kept, parent_key=parent, **extra)


def site_record(site: Mapping[str, Any], owner: str | None) -> Record:
    fields = _common(site, _text(site.get("displayName")), "site")
    fields["owner"] = owner
    return _record(site_key(str(site["id"])), fields, None)


def drive_record(site_id: str, drive: Mapping[str, Any]) -> Record:
    fields = _common(drive, None, "library")
    fields["owner"] = identity(drive.get("owner"))  # sizes are the files' own, as on a share
    return _record(drive_key(site_id, str(drive["id"])), fields, site_key(site_id))


def list_record(
    site_id: str, resource: Mapping[str, Any], item_count: int | None, fingerprint: str
) -> Record:
    columns = list_columns(resource.get("columns"))
    fields = _common(resource, _text(resource.get("displayName")), "list")
    fields["row_count"] = item_count
    fields["column_count"] = len(columns)
    template = (resource.get("list") or {}).get("template")
    fields["tags"] = [f"list template: {template}"] if isinstance(template, str) and template else []
    return _record(
        list_key(site_id, str(resource["id"])),
        fields,
        site_key(site_id),
        columns=tuple(columns),
        fingerprint=fingerprint,
    )


def is_catalogued_list(resource: Mapping[str, Any]) -> bool:
    """Lists people made: not hidden, not system lists, and not document libraries (those are drives)."""
    facet = resource.get("list")
    hidden, template = (
        (facet.get("hidden"), facet.get("template")) if isinstance(facet, Mapping) else (None, None)
    )
    return not hidden and "system" not in resource and template != "documentLibrary"


COLUMN_TYPES = (
    "text",
    "number",
    "dateTime",
    "boolean",
    "choice",
    "currency",
    "lookup",
    "personOrGroup",
    "calculated",
    "hyperlinkOrPicture",
    "geolocation",
    "term",
    "thumbnail",
    "contentApprovalStatus",
)


def list_columns(columns: Any) -> list[Column]:
    """A list's visible columns with their type (the columnDefinition facet that is set)."""
    found: list[Column] = []
    for column in columns if isinstance(columns, list) else []:
        if not isinstance(column, Mapping) or column.get("hidden"):
            continue
        data_type = next((name for name in COLUMN_TYPES if name in column), "")
        found.append(
            Column(
                name=str(column.get("displayName") or column.get("name") or ""),
                data_type=data_type,
                nullable=not column.get("required", False),
                comment=str(column.get("description") or ""),
            )
        )
    return found


def sharing_scope(permissions: Iterable[Mapping[str, Any]]) -> str | None:
    """The broadest sharing its permissions show: a link's scope, or "users" for people granted access
    directly on the item (not inherited)."""
    scopes: set[str] = set()
    for permission in permissions:
        link = permission.get("link")
        if isinstance(link, Mapping) and isinstance(link.get("scope"), str):
            scopes.add(link["scope"])
        elif not permission.get("inheritedFrom") and (
            permission.get("grantedToV2") or permission.get("grantedToIdentitiesV2")
        ):
            roles = permission.get("roles") or []
            if "owner" not in roles:  # the site's owners hold every item: that is not sharing
                scopes.add("users")
    return next((scope for scope in SHARING_ORDER if scope in scopes), None)


def item_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """What a driveItem from a delta page says by itself."""
    name = _text(item.get("name")) or str(item.get("id", ""))
    is_folder = "folder" in item or "package" in item
    fields = _common(item, name, "folder" if is_folder else kind_of(name))
    file = item.get("file")
    if isinstance(file, Mapping):
        fields["format"] = _text(file.get("mimeType"))
        fields.update(_hashes(file.get("hashes")))
    if not is_folder and isinstance(item.get("size"), int):
        fields["size_bytes"] = item["size"]
    return fields


def _hashes(hashes: Any) -> dict[str, str]:
    """Graph's `hashes` facet as our fields: `quickXorHash` (SharePoint and OneDrive for Business give no
    other) and `sha256Hash` (OneDrive personal only), lower-case hex like the file-share harvester's."""
    if not isinstance(hashes, Mapping):
        return {}
    found: dict[str, str] = {}
    quick_xor = _text(hashes.get("quickXorHash"))
    if quick_xor:
        found["quick_xor_hash"] = from_graph(quick_xor)
    sha256 = (_text(hashes.get("sha256Hash")) or "").lower()
    if len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256):
        found["content_hash"] = sha256
    return found


def item_record(
    key: str,
    parent: str | None,
    item: Mapping[str, Any],
    *,
    fingerprint: str = "",
    scope: str | None = None,
    retention_label: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
) -> Record:
    fields = item_fields(item)
    tags: list[str] = []
    notes: list[str] = []
    shared = item.get("shared")
    if scope is None and isinstance(shared, Mapping) and shared.get("scope") in SHARING_TAGS:
        scope = str(shared["scope"])
    if scope in SHARING_TAGS:
        tags.append(SHARING_TAGS[scope])
        notes.append(f"Sharing at source: {SHARING_TAGS[scope].removeprefix('shared: ')}.")
    label = _text((retention_label or {}).get("name"))
    if label:
        tags.append(f"retention label: {label}")
        fields["retention_basis"] = f"SharePoint retention label: {label}"
    fields["tags"] = tags
    if notes:
        fields["description"] = " ".join(filter(None, [fields.get("description"), *notes]))
    return _record(key, fields, parent, fingerprint=fingerprint, warnings=tuple(warnings))
