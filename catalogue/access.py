"""Who is asking, and the one predicate that decides what they may see: `visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, exists, false, or_, select

from catalogue.classification import ClassificationScheme
from catalogue.models import Asset, AssetAccessGroup
from search.backend import AccessFilter


@dataclass(frozen=True)
class Principal:
    """A person (or script) reading the catalogue: a clearance level and the groups they are in."""

    name: str
    clearance: str
    groups: frozenset[str] = field(default_factory=frozenset)
    role: str = "viewer"
    anonymous: bool = False
    user_id: int | None = None  # the signed-in user, when there is one
    person: str | None = None  # the name they carry as an owner or steward of assets
    curated_departments: frozenset[str] = field(default_factory=frozenset)  # departments granted to curate

    def access_filter(self, scheme: ClassificationScheme) -> AccessFilter:
        """The same rule as `visible_to`, in the form the search backends take."""
        rank = scheme.rank(self.clearance) if self.clearance in scheme.levels else -1
        return AccessFilter(max_rank=rank, groups=self.groups)


def visible_to(principal: Principal, scheme: ClassificationScheme) -> ColumnElement[bool]:
    """SQL filter: the asset's classification is within the principal's clearance and, if the asset is
    restricted to groups, the principal is in one of them."""
    if principal.clearance not in scheme.levels:
        return false()
    rank = scheme.rank(principal.clearance)
    in_group = exists(
        select(AssetAccessGroup.asset_id).where(
            AssetAccessGroup.asset_id == Asset.id, AssetAccessGroup.group.in_(sorted(principal.groups))
        )
    )
    group_ok = or_(Asset.restricted.is_(False), in_group) if principal.groups else Asset.restricted.is_(False)
    return and_(Asset.classification_rank <= rank, group_ok)
