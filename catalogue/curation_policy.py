"""Who may edit which asset, and which fields each role may set: the one place that decides.

The rules (visibility comes first: nobody edits what they cannot see, and a hidden asset is a 404):

- **viewer**: edits nothing.
- **curator**: edits an asset when its effective owner or steward is the curator's own name
  (`Principal.person`), or its department is one they were granted (`Principal.curated_departments`).
  They may set every field except the facts a source measures (`MEASURED_FIELDS`), with two limits on
  values: they may raise a classification but not lower it (an admin decides a downgrade, since it shows
  the asset to more people), and they may not mark an asset's open data as published (that is the open-data
  officer's decision).
- **open-data officer**: sets the open-data fields (`OPEN_DATA_FIELDS`) of any asset they can see,
  including publishing it; nothing else.
- **admin**: edits every field of every asset they can see.

A field the role may not set is refused with its name (`EditRefused.fields`), never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalogue import roles
from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.fields import LAYERED_FIELDS, OpenDataStatus
from catalogue.merge import effective_layer, merge_curated
from catalogue.models import Asset

# Facts a source measures: only an admin corrects them, and only through the API.
MEASURED_FIELDS = frozenset(
    {
        "size_bytes",
        "row_count",
        "column_count",
        "created_at_source",
        "modified_at_source",
        "created_by",
        "modified_by",
        "owner_at_source",
        "readable_at_source_by",
        "flags",
        "content_hash",
        "quick_xor_hash",
        "schema_fingerprint",
    }
)
OPEN_DATA_FIELDS = frozenset({"open_data_status", "open_data_reason", "licence"})
ALL_FIELDS = frozenset(spec.name for spec in LAYERED_FIELDS)
CURATOR_FIELDS = ALL_FIELDS - MEASURED_FIELDS
# The fields the edit page offers (in declaration order); measured facts are left to the API.
FORM_FIELDS: tuple[str, ...] = tuple(spec.name for spec in LAYERED_FIELDS if spec.name in CURATOR_FIELDS)
# What a bulk edit may set on many assets at once.
BULK_FIELDS: tuple[str, ...] = (
    "owner",
    "steward",
    "department",
    "classification",
    "retention_period",
    "retention_basis",
    "disposal_action",
)

PUBLISHED = OpenDataStatus.PUBLISHED.value


class EditRefused(PermissionError):
    """The principal may not make this edit; `fields` names the fields refused (empty: the whole asset)."""

    def __init__(self, message: str, fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.fields = tuple(sorted(fields))


def _same_name(a: str | None, b: str | None) -> bool:
    """Names match ignoring case and spacing ("ann  lee" is "Ann Lee")."""
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def curates(principal: Principal, asset: Asset) -> bool:
    """A curator's own assets: they own or steward it, or it belongs to a department granted to them."""
    if _same_name(asset.owner, principal.person) or _same_name(asset.steward, principal.person):
        return True
    departments = {d.casefold() for d in principal.curated_departments}
    return asset.department is not None and asset.department.casefold() in departments


def settable_fields(principal: Principal, asset: Asset) -> frozenset[str]:
    """The fields this principal may set on this (visible) asset; empty when they may not edit it."""
    if principal.anonymous:
        return frozenset()
    role = principal.role
    if roles.may(role, roles.CURATE_ANY):
        return ALL_FIELDS
    allowed: frozenset[str] = frozenset()
    if roles.may(role, roles.ASSESS_OPEN_DATA):
        allowed |= OPEN_DATA_FIELDS
    if roles.may(role, roles.CURATE_OWN) and curates(principal, asset):
        allowed |= CURATOR_FIELDS
    return allowed


def may_edit(principal: Principal, asset: Asset) -> bool:
    return bool(settable_fields(principal, asset))


def may_curate_at_all(principal: Principal) -> bool:
    """Whether the role edits anything (it still depends on the asset): for showing edit links and pages."""
    if principal.anonymous:
        return False
    return any(
        roles.may(principal.role, a) for a in (roles.CURATE_OWN, roles.CURATE_ANY, roles.ASSESS_OPEN_DATA)
    )


def check_edit(
    principal: Principal, asset: Asset, changes: Mapping[str, Any], scheme: ClassificationScheme
) -> None:
    """Raise EditRefused unless the principal may make exactly this edit of this asset. Raises
    catalogue.merge.InvalidValue for a value no field can take."""
    allowed = settable_fields(principal, asset)
    if not allowed:
        raise EditRefused("You may not edit this asset.")
    refused = sorted(set(changes) - allowed)
    if refused:
        raise EditRefused(f"You may not set {', '.join(refused)}.", refused)
    if roles.may(principal.role, roles.CURATE_ANY):
        return
    before = effective_layer(asset.harvested or {}, asset.curated or {}, scheme)
    after = effective_layer(
        asset.harvested or {}, merge_curated(asset.curated or {}, changes, scheme), scheme
    )
    if "classification" in changes and scheme.effective_rank(after["classification"]) < scheme.effective_rank(
        before["classification"]
    ):
        raise EditRefused(
            f"Only an admin may lower a classification (from {before['classification']} "
            f"to {after['classification']}).",
            ["classification"],
        )
    publishing = after["open_data_status"] == PUBLISHED and before["open_data_status"] != PUBLISHED
    if publishing and not roles.may(principal.role, roles.ASSESS_OPEN_DATA):
        raise EditRefused(
            "Only an open-data officer or an admin may publish open data.", ["open_data_status"]
        )


def policy_summary(principal: Principal) -> str:
    """One sentence for pages: what this principal's role lets them edit."""
    role = principal.role
    if roles.may(role, roles.CURATE_ANY):
        return "As an admin you may edit every field of every asset you can see."
    if roles.may(role, roles.CURATE_OWN):
        return (
            "As a curator you may edit the assets you own or steward, and those of the departments granted "
            "to you. Lowering a classification needs an admin; publishing open data needs an open-data "
            "officer."
        )
    if roles.may(role, roles.ASSESS_OPEN_DATA):
        return "As an open-data officer you may set the open-data status, reason and licence of any asset."
    return "You may not edit assets."
