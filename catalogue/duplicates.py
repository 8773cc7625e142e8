"""Duplicates: groups of active assets that are identical (files with the same content) or likely
identical (tables with the same `schema_fingerprint`), with the bytes the extra copies take up.

Files carry up to two hashes: `content_hash` (sha256, cryptographic: the same value means the same bytes)
and `quick_xor_hash` (Microsoft's quickXorHash, the only hash SharePoint gives; a checksum anyone can
forge). A file's group key is its sha256; a file with only a quickXorHash (a SharePoint file) takes the
sha256 of the files that share its quickXorHash, when they all have the same one, else its quickXorHash.
So a file on a share (which has both) and its copy in SharePoint are one group, while two files with
different sha256 are never grouped, even if their quickXorHash was made to match.

Access is applied in SQL before grouping, and the quickXorHash-to-sha256 links are drawn from visible
files only, so a copy the principal may not see neither appears, counts, nor lends its hash to a group;
a group with fewer than two visible members is not a group at all. Groups are formed, counted and paged by
the database (GROUP BY ... HAVING count >= 2); members are read only for the page shown.

Wasted bytes of a group: the total size of its members less its largest member (keep one copy, the rest is
waste). For identical files this is size x (count - 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import ColumnElement, Subquery, and_, distinct, func, or_, select
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


def _candidates(kind: str, principal: Principal, scheme: ClassificationScheme) -> ColumnElement[bool]:
    """Active assets the principal may see that have a key to group on."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    conditions = [Asset.lifecycle == Lifecycle.ACTIVE.value]
    if kind == "files":  # empty files are all "identical" and waste nothing: noise, not duplicates
        conditions.append(or_(Asset.content_hash != "", Asset.quick_xor_hash != ""))
        conditions.append(or_(Asset.size_bytes.is_(None), Asset.size_bytes > 0))
    else:
        conditions.append(Asset.schema_fingerprint != "")
    return and_(*conditions, visible_to(principal, scheme))


def _grouped(kind: str, where: ColumnElement[bool]) -> Subquery:
    """Every group with two members or more: `(key, count, wasted)`. Files are first folded by their
    (sha256, quickXorHash) pair, so the keys are worked out once per distinct content, not per file."""
    size = func.coalesce(Asset.size_bytes, 0)
    if kind == "tables":
        folded = (
            select(
                Asset.schema_fingerprint.label("key"),
                func.count(Asset.id).label("n"),
                func.sum(size).label("total"),
                func.max(size).label("largest"),
            )
            .where(where)
            .group_by(Asset.schema_fingerprint)
            .subquery("folded")
        )
    else:
        pairs = (  # a CTE: read twice below, worked out once
            select(
                Asset.content_hash.label("sha256"),
                Asset.quick_xor_hash.label("quick_xor"),
                func.count(Asset.id).label("n"),
                func.sum(size).label("total"),
                func.max(size).label("largest"),
            )
            .where(where)
            .group_by(Asset.content_hash, Asset.quick_xor_hash)
            .cte("pairs")
        )
        sha256, quick_xor = func.nullif(pairs.c.sha256, ""), func.nullif(pairs.c.quick_xor, "")
        links = (
            select(quick_xor.label("quick_xor"), func.min(sha256).label("sha256"))
            .where(sha256.is_not(None), quick_xor.is_not(None))
            .group_by(quick_xor)
            .having(func.count(distinct(sha256)) == 1)
            .subquery("links")
        )
        folded = (
            select(
                func.coalesce(sha256, links.c.sha256, quick_xor).label("key"),
                pairs.c.n,
                pairs.c.total,
                pairs.c.largest,
            )
            .select_from(pairs)
            .outerjoin(links, and_(sha256.is_(None), links.c.quick_xor == quick_xor))
            .subquery("folded")
        )
    count = func.sum(folded.c.n)
    return (
        select(
            folded.c.key,
            count.label("count"),
            (func.sum(folded.c.total) - func.max(folded.c.largest)).label("wasted"),
        )
        .group_by(folded.c.key)
        .having(count >= 2)
        .subquery("duplicate_groups")
    )


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
    where = _candidates(kind, principal, scheme)
    grouped = _grouped(kind, where)
    with sessions() as session:
        page_rows = session.execute(  # the totals ride along on each row: one pass over the groups
            select(
                grouped.c.key,
                grouped.c.count,
                grouped.c.wasted,
                func.count().over().label("total_groups"),
                func.sum(grouped.c.wasted).over().label("total_wasted"),
            )
            .order_by(grouped.c.wasted.desc(), grouped.c.count.desc(), grouped.c.key)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        if page_rows:
            total_groups, total_wasted = int(page_rows[0].total_groups), int(page_rows[0].total_wasted or 0)
        else:  # past the last page (or no groups at all): the totals alone
            totals = session.execute(
                select(func.count(), func.coalesce(func.sum(grouped.c.wasted), 0)).select_from(grouped)
            ).one()
            total_groups, total_wasted = int(totals[0]), int(totals[1])
        keys = [row.key for row in page_rows]
        members = _members(session, _member_keys(session, kind, where, keys), keys, members_shown)
    groups = [
        DuplicateGroup(key, int(n), int(waste or 0), members.get(key, []))
        for key, n, waste, _groups, _wasted in page_rows
    ]
    return groups, total_groups, total_wasted


def _member_keys(session: Session, kind: str, where: ColumnElement[bool], keys: list[str]) -> Subquery:
    """The members of the groups with these keys: `(id, key)`, found through the hash indexes. A file's
    key is worked out as in `_grouped`, from every visible file that shares its quickXorHash."""
    if kind == "tables" or not keys:
        return (
            select(Asset.id, Asset.schema_fingerprint.label("key"))
            .where(where, Asset.schema_fingerprint.in_(keys))
            .subquery("keyed")
        )
    near = or_(Asset.content_hash.in_(keys), Asset.quick_xor_hash.in_(keys))
    quick_xors = session.scalars(
        select(Asset.quick_xor_hash).where(where, near, Asset.quick_xor_hash != "").distinct()
    ).all()
    files = (  # the files near these groups, with every file sharing a quickXorHash with them
        select(
            Asset.id,
            func.nullif(Asset.content_hash, "").label("sha256"),
            func.nullif(Asset.quick_xor_hash, "").label("quick_xor"),
        )
        .where(where, or_(near, Asset.quick_xor_hash.in_(sorted(quick_xors))))
        .cte("near_files")
    )
    links = (
        select(files.c.quick_xor, func.min(files.c.sha256).label("sha256"))
        .where(files.c.sha256.is_not(None), files.c.quick_xor.is_not(None))
        .group_by(files.c.quick_xor)
        .having(func.count(distinct(files.c.sha256)) == 1)
        .subquery("links")
    )
    key = func.coalesce(files.c.sha256, links.c.sha256, files.c.quick_xor)
    return (
        select(files.c.id, key.label("key"))
        .select_from(files)
        .outerjoin(links, and_(files.c.sha256.is_(None), links.c.quick_xor == files.c.quick_xor))
        .where(key.in_(keys))
        .subquery("keyed")
    )


def _members(
    session: Session, keyed: Subquery, keys: list[str], limit: int
) -> dict[str, list[DuplicateMember]]:
    """The visible members of the given groups, newest first, at most `limit` per group."""
    if not keys:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=keyed.c.key, order_by=(Asset.modified_at_source.desc().nulls_last(), Asset.id))
        .label("rank")
    )
    ranked = (
        select(
            keyed.c.key.label("key"),
            Asset.id,
            Asset.title,
            Source.name.label("source"),
            Asset.location,
            Asset.size_bytes,
            Asset.modified_at_source,
            rank,
        )
        .join_from(keyed, Asset, Asset.id == keyed.c.id)
        .join(Source, Source.id == Asset.source_id)
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
