"""Duplicates: groups of active assets that are identical (the same `content_hash`, from any source) or
likely identical (the same `schema_fingerprint`), with the bytes the extra copies take up.

Access is applied in SQL before grouping, so a copy the principal may not see neither appears nor counts,
and a group with fewer than two visible members is not a group at all. Groups are formed, counted and
paged by the database (GROUP BY ... HAVING count >= 2); members are read only for the page shown.

Wasted bytes of a group: the total size of its members less its largest member (keep one copy, the rest is
waste). For identical files this is size x (count - 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from catalogue.access import Principal, visible_to
from catalogue.classification import ClassificationScheme
from catalogue.fields import Lifecycle
from catalogue.models import Asset, Source

DuplicateKind = Literal["files", "tables"]
KINDS: tuple[str, ...] = get_args(DuplicateKind)
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MEMBERS_SHOWN = 100  # members listed per group (the count is always the full count)

_KEY_COLUMNS: dict[str, Any] = {"files": Asset.content_hash, "tables": Asset.schema_fingerprint}


@dataclass(frozen=True)
class DuplicateMember:
    id: int
    title: str
    source: str
    location: str | None
    size_bytes: int | None
    modified: datetime | None


@dataclass(frozen=True)
class DuplicateGroup:
    key: str
    count: int
    wasted_bytes: int
    assets: list[DuplicateMember] = field(default_factory=list)


def key_column(kind: str) -> Any:
    """The column whose equal values make a group: the content hash (files) or schema fingerprint."""
    try:
        return _KEY_COLUMNS[kind]
    except KeyError:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}") from None


def _candidates(kind: str, principal: Principal, scheme: ClassificationScheme) -> ColumnElement[bool]:
    """Active assets the principal may see that have a key to group on."""
    key = key_column(kind)
    conditions = [key.is_not(None), key != "", Asset.lifecycle == Lifecycle.ACTIVE.value]
    if kind == "files":  # empty files are all "identical" and waste nothing: noise, not duplicates
        conditions.append(or_(Asset.size_bytes.is_(None), Asset.size_bytes > 0))
    return and_(*conditions, visible_to(principal, scheme))


def duplicate_groups(
    sessions: sessionmaker[Session],
    scheme: ClassificationScheme,
    principal: Principal,
    kind: str = "files",
    page: int = 1,
    per_page: int = 20,
    members_shown: int = MEMBERS_SHOWN,
) -> tuple[list[DuplicateGroup], int, int]:
    """One page of duplicate groups, biggest waste first, and the totals over all groups:
    `(groups, total_groups, total_wasted_bytes)`."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page must be between 1 and {MAX_PAGE}")
    key = key_column(kind)
    where = _candidates(kind, principal, scheme)
    size = func.coalesce(Asset.size_bytes, 0)
    count = func.count(Asset.id)
    wasted = (func.sum(size) - func.max(size)).label("wasted")
    grouped = (
        select(key.label("key"), count.label("count"), wasted)
        .where(where)
        .group_by(key)
        .having(count >= 2)
        .subquery("duplicate_groups")
    )
    with sessions() as session:
        totals = session.execute(
            select(func.count(), func.coalesce(func.sum(grouped.c.wasted), 0)).select_from(grouped)
        ).one()
        total_groups, total_wasted = int(totals[0]), int(totals[1])
        if total_groups == 0:
            return [], 0, 0
        rows = session.execute(
            select(grouped.c.key, grouped.c.count, grouped.c.wasted)
            .order_by(grouped.c.wasted.desc(), grouped.c.count.desc(), grouped.c.key)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        keys = [row[0] for row in rows]
        members = _members(session, kind, where, keys, members_shown) if keys else {}
    groups = [
        DuplicateGroup(group_key, int(n), int(waste or 0), members.get(group_key, []))
        for group_key, n, waste in rows
    ]
    return groups, total_groups, total_wasted


def _members(
    session: Session, kind: str, where: ColumnElement[bool], keys: list[str], limit: int
) -> dict[str, list[DuplicateMember]]:
    """The visible members of the given groups, newest first, at most `limit` per group."""
    key = key_column(kind)
    rank = (
        func.row_number()
        .over(partition_by=key, order_by=(Asset.modified_at_source.desc().nulls_last(), Asset.id))
        .label("rank")
    )
    ranked = (
        select(
            key.label("key"),
            Asset.id,
            Asset.title,
            Source.name.label("source"),
            Asset.location,
            Asset.size_bytes,
            Asset.modified_at_source,
            rank,
        )
        .join(Source, Source.id == Asset.source_id)
        .where(where, key.in_(keys))
        .subquery("members")
    )
    rows = session.execute(
        select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.key, ranked.c.rank)
    ).all()
    found: dict[str, list[DuplicateMember]] = defaultdict(list)
    for row in rows:
        found[row.key].append(
            DuplicateMember(
                row.id, row.title, row.source, row.location, row.size_bytes, row.modified_at_source
            )
        )
    return dict(found)
