"""A curator's own assets (owned, stewarded, or in a department granted to them) and what needs their
attention: no classification, review overdue, no description, gone at source. The "My assets" page and
`GET /api/v1/me/assets` both read `my_assets`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select

from catalogue.access import Principal, visible_to
from catalogue.fields import Lifecycle
from catalogue.models import Asset, utcnow
from catalogue.store import Store

FLAGS: dict[str, str] = {
    "no_classification": "No classification",
    "review_overdue": "Review overdue",
    "no_description": "No description",
    "gone": "Gone at source",
}
MAX_ASSETS = 20_000  # a curator's list is read whole to count the flags; more than this is cut short


@dataclass(frozen=True)
class MyAsset:
    id: int
    title: str
    kind: str
    owner: str | None
    steward: str | None
    department: str | None
    classification: str
    review_due: date | None
    lifecycle: str
    version: int
    relation: str  # owner, steward or department: why it is theirs
    flags: tuple[str, ...]


@dataclass
class MyAssetsResult:
    total: int  # assets matching the flag filter
    all_assets: int  # all of the curator's assets
    counts: dict[str, int]  # assets per flag
    items: list[MyAsset] = field(default_factory=list)  # the requested page
    truncated: bool = False  # more than MAX_ASSETS: counts cover the first MAX_ASSETS


def ownership(principal: Principal) -> ColumnElement[bool]:
    """SQL: assets the principal owns or stewards, or whose department was granted to them."""
    conditions: list[ColumnElement[bool]] = []
    if principal.person:
        name = " ".join(principal.person.split()).lower()
        conditions += [func.lower(Asset.owner) == name, func.lower(Asset.steward) == name]
    departments = sorted({d.lower() for d in principal.curated_departments})
    if departments:
        conditions.append(func.lower(Asset.department).in_(departments))
    return or_(*conditions) if conditions else false()


def my_assets(
    store: Store,
    principal: Principal,
    flag: str | None = None,
    page: int = 1,
    per_page: int = 50,
    today: date | None = None,
) -> MyAssetsResult:
    today = today or utcnow().date()
    query = (
        select(Asset)
        .where(visible_to(principal, store.scheme), ownership(principal))
        .order_by(func.lower(Asset.title), Asset.id)
        .limit(MAX_ASSETS + 1)
    )
    with store.sessions() as session:
        assets = [_summary(a, principal, today) for a in session.scalars(query)]
    truncated = len(assets) > MAX_ASSETS
    assets = assets[:MAX_ASSETS]
    counts = {name: sum(1 for a in assets if name in a.flags) for name in FLAGS}
    chosen = [a for a in assets if flag is None or flag in a.flags]
    start = (page - 1) * per_page
    return MyAssetsResult(len(chosen), len(assets), counts, chosen[start : start + per_page], truncated)


def _summary(asset: Asset, principal: Principal, today: date) -> MyAsset:
    return MyAsset(
        id=asset.id,
        title=asset.title,
        kind=asset.kind,
        owner=asset.owner,
        steward=asset.steward,
        department=asset.department,
        classification=asset.classification,
        review_due=asset.review_due,
        lifecycle=asset.lifecycle,
        version=asset.version,
        relation=_relation(asset, principal),
        flags=attention_flags(asset, today),
    )


def _relation(asset: Asset, principal: Principal) -> str:
    person = " ".join((principal.person or "").split()).casefold()
    if person and (asset.owner or "").casefold() == person:
        return "owner"
    if person and (asset.steward or "").casefold() == person:
        return "steward"
    return "department"


def attention_flags(asset: Asset, today: date) -> tuple[str, ...]:
    """What needs a curator's attention on this asset, as FLAGS keys."""
    layers: list[dict[str, Any]] = [asset.harvested or {}, asset.curated or {}]
    found = []
    if not any(layer.get("classification") for layer in layers):
        found.append("no_classification")  # the catalogue's restrictive default stands in for it
    if asset.review_due is not None and asset.review_due < today:
        found.append("review_overdue")
    if not (asset.description or "").strip():
        found.append("no_description")
    if asset.lifecycle == Lifecycle.GONE.value:
        found.append("gone")
    return tuple(found)
