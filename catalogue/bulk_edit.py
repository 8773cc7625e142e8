"""Bulk edits: set owner, steward, department, classification, retention or tags on many assets at once.

A bulk edit is planned, then applied. The selection (ids someone ticked, or "every result of this
search") is always resolved again on the server as the person making the edit: ids are re-checked against
`visible_to` (hidden and missing look the same) and the curation policy, and a search is re-run under the
same access filter, never trusted from the client. The plan says, per asset, whether it would change, is
already as asked, or may not be edited by this person. Applying edits each asset on its own, through
`catalogue.curation.edit_asset`, with its own history entry, audit event and optimistic lock: an asset
changed by someone else since the plan (its version moved) is skipped and reported, never overwritten.
A summary event ties the per-asset events together. A selection larger than `CATALOGUE_BULK_EDIT_LIMIT`
is refused as a whole, so nobody edits "the first N" of a search by accident.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from catalogue.access import Principal, visible_to
from catalogue.audit import record_event
from catalogue.curation import edit_asset
from catalogue.curation_policy import BULK_FIELDS, EditRefused, check_edit
from catalogue.fields import FIELDS_BY_NAME
from catalogue.merge import InvalidValue, coerce, effective_layer
from catalogue.models import Asset
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from catalogue.store import NotFound, StaleVersion, Store
from search.backend import MAX_PER_PAGE

SUMMARY = "asset.bulk_edit"


class Outcome(StrEnum):
    CHANGE = "change"  # planned: would change
    CHANGED = "changed"  # applied
    UNCHANGED = "unchanged"  # already as asked
    REFUSED = "refused"  # this person may not make this edit here
    STALE = "stale"  # changed by someone else since the plan: skipped
    NOT_FOUND = "not_found"  # missing, or hidden from this person


class BulkTooLarge(ValueError):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            f"{count:,} assets are selected; a bulk edit changes at most {limit:,} at a time. "
            "Narrow the search or select fewer assets."
        )
        self.count, self.limit = count, limit


class EmptyBulkEdit(ValueError):
    """Nothing to set: no field value and no tag to add or remove."""


@dataclass(frozen=True)
class BulkChange:
    """What to do to every selected asset: field values to set (canonical form), tags to add and remove."""

    values: Mapping[str, Any] = field(default_factory=dict)
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        values: Mapping[str, Any],
        add_tags: Iterable[str],
        remove_tags: Iterable[str],
        store: Store,
    ) -> BulkChange:
        """Validated: only BULK_FIELDS, each value valid (InvalidValue names the field); empty values are
        left out (a bulk edit sets values, it does not clear them)."""
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name not in FIELDS_BY_NAME:
                raise InvalidValue(name, "is not a field of the asset record")
            if name not in BULK_FIELDS:
                raise InvalidValue(name, "cannot be set in a bulk edit")
            canonical = coerce(FIELDS_BY_NAME[name], value, store.scheme)
            if canonical is not None:
                cleaned[name] = canonical
        tags = FIELDS_BY_NAME["tags"]
        add = tuple(coerce(tags, list(add_tags), store.scheme) or ())
        remove = tuple(coerce(tags, list(remove_tags), store.scheme) or ())
        change = cls(cleaned, add, remove)
        if not (cleaned or add or remove):
            raise EmptyBulkEdit("Give at least one value to set, or a tag to add or remove.")
        return change

    def changes_for(self, asset: Asset, store: Store) -> dict[str, Any]:
        """The curated edit this change means for one asset: only the fields whose value would differ."""
        current = effective_layer(asset.harvested or {}, asset.curated or {}, store.scheme)
        changes = {k: v for k, v in self.values.items() if current.get(k) != v}
        if self.add_tags or self.remove_tags:
            tags = list(current.get("tags") or [])
            known = {t.casefold() for t in tags}
            tags += [t for t in self.add_tags if t.casefold() not in known]
            removed = {t.casefold() for t in self.remove_tags}
            tags = [t for t in tags if t.casefold() not in removed]
            if sorted(t.casefold() for t in tags) != sorted(t.casefold() for t in current.get("tags") or []):
                changes["tags"] = sorted(tags, key=str.casefold)
        return changes

    def describe(self) -> dict[str, Any]:
        """For the audit log and the pages."""
        return {
            "set": dict(self.values),
            "add_tags": list(self.add_tags),
            "remove_tags": list(self.remove_tags),
        }


@dataclass(frozen=True)
class Selection:
    """What was selected: explicit ids, or every result of a search (re-run here, as the editor)."""

    ids: tuple[int, ...] = ()
    search: SearchParams | None = None

    def describe(self) -> dict[str, Any]:
        if self.search is None:
            return {"ids": len(self.ids)}
        return {"query": self.search.query, "filters": {k: list(v) for k, v in self.search.filters.items()}}


def resolve(catalogue: Catalogue, principal: Principal, selection: Selection, limit: int) -> list[int]:
    """The selected asset ids (not yet checked for visibility: `plan` does). Raises BulkTooLarge."""
    if selection.search is None:
        ids = list(dict.fromkeys(selection.ids))
        if len(ids) > limit:
            raise BulkTooLarge(len(ids), limit)
        return ids
    params = SearchParams(selection.search.query, selection.search.filters, "title", 1, MAX_PER_PAGE)
    first = search_assets(catalogue, principal, params, facet_size=1)
    if first.total > limit:
        raise BulkTooLarge(first.total, limit)
    found = [hit.id for hit in first.hits]
    page = 1
    while len(found) < first.total:
        page += 1
        more = search_assets(catalogue, principal, replace(params, page=page), facet_size=1)
        if not more.hits:
            break
        found += [hit.id for hit in more.hits]
    return list(dict.fromkeys(found))


@dataclass
class PlanItem:
    id: int
    title: str
    version: int
    outcome: Outcome
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class BulkPlan:
    items: list[PlanItem]
    not_found: int  # ids given that are missing or hidden (counted, never named)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome is outcome)

    def counts(self) -> dict[str, int]:
        counts = {o.value: self.count(o) for o in Outcome}
        counts[Outcome.NOT_FOUND.value] += self.not_found
        return counts

    def versions(self) -> dict[int, int]:
        return {item.id: item.version for item in self.items if item.outcome is Outcome.CHANGE}


def plan(store: Store, principal: Principal, ids: Sequence[int], change: BulkChange) -> BulkPlan:
    """What the change would do to each selected asset this principal may see."""
    wanted = list(dict.fromkeys(ids))
    items: dict[int, PlanItem] = {}
    with store.sessions() as session:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(Asset).where(Asset.id.in_(chunk), visible_to(principal, store.scheme))
            for asset in session.scalars(query):
                items[asset.id] = _plan_item(store, principal, asset, change)
    ordered = [items[i] for i in wanted if i in items]
    return BulkPlan(ordered, len(wanted) - len(ordered))


def _plan_item(store: Store, principal: Principal, asset: Asset, change: BulkChange) -> PlanItem:
    changes = change.changes_for(asset, store)
    item = PlanItem(asset.id, asset.title, asset.version, Outcome.CHANGE, changes)
    if not changes:
        item.outcome = Outcome.UNCHANGED
        return item
    try:
        check_edit(principal, asset, changes, store.scheme)
    except EditRefused as refusal:
        item.outcome, item.reason = Outcome.REFUSED, refusal.message
    return item


@dataclass
class BulkResult:
    bulk_id: str
    plan: BulkPlan


def apply(
    store: Store,
    principal: Principal,
    ids: Sequence[int],
    change: BulkChange,
    versions: Mapping[int, int] | None = None,
    selection: Selection | None = None,
    channel: str = "web",
) -> BulkResult:
    """Apply the change asset by asset. `versions` (id -> version, from the preview the person saw): an
    asset whose version has moved since is skipped as stale. Returns the plan with each item's outcome."""
    bulk_id = uuid.uuid4().hex[:12]
    current = plan(store, principal, ids, change)
    changed: list[int] = []
    for item in current.items:
        if item.outcome is not Outcome.CHANGE:
            continue
        expected = versions.get(item.id, -1) if versions is not None else item.version
        item.outcome = _apply_one(store, principal, item, expected, bulk_id, channel)
        if item.outcome is Outcome.CHANGED:
            changed.append(item.id)
    if changed and store.indexer is not None:
        store.indexer.try_refresh(changed)  # one index update for the whole edit
    with store.sessions.begin() as session:
        record_event(
            session,
            principal.name,
            SUMMARY,
            bulk=bulk_id,
            channel=channel,
            counts=current.counts(),
            change=change.describe(),
            selection=(selection or Selection(tuple(ids))).describe(),
        )
    return BulkResult(bulk_id, current)


def _apply_one(
    store: Store, principal: Principal, item: PlanItem, expected: int, bulk_id: str, channel: str
) -> Outcome:
    try:
        edit_asset(
            store, principal, item.id, item.changes, expected, index_now=False, bulk=bulk_id, channel=channel
        )
    except StaleVersion:
        item.reason = "changed by someone else since the preview"
        return Outcome.STALE
    except EditRefused as refusal:
        item.reason = refusal.message
        return Outcome.REFUSED
    except NotFound:
        return Outcome.NOT_FOUND
    return Outcome.CHANGED
