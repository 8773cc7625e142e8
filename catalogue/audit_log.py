"""Reading the audit log: search by actor, action, target and date range, newest first, and export as CSV.
The admin page (`/admin/audit`), its CSV download and `GET /api/v1/audit` all read `search_events`.

The log is append-only: this module only reads it, and nothing in the code updates or deletes an event.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, cast, exists, func, not_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from catalogue.access import Principal, visible_to
from catalogue.classification import ClassificationScheme
from catalogue.models import Asset, AuditEvent

MAX_PER_PAGE = 200
EXPORT_BATCH = 1000
CSV_HEADERS = ("id", "at", "actor", "action", "target_type", "target_id", "details")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BadAuditQuery(ValueError):
    """A filter that cannot be used; `details` maps the filter to what is wrong."""

    def __init__(self, details: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in details.items()))
        self.details = details


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""  # part of the actor's name, any case
    action: str = ""  # an action (`asset.edit`) or a family of them (`asset.`)
    target_type: str = ""
    target_id: str = ""
    since: date | None = None  # from this day (UTC), inclusive
    until: date | None = None  # to this day (UTC), inclusive
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AuditQuery:
        """Read the filters from a query string; raises BadAuditQuery for one that cannot be used."""
        errors: dict[str, str] = {}
        since = _day(args, "since", errors)
        until = _day(args, "until", errors)
        if since and until and since > until:
            errors["until"] = "must not be before since"
        page = _whole(args, "page", 1, 1, 100_000, errors)
        per_page = _whole(args, "per_page", 50, 1, MAX_PER_PAGE, errors)
        if errors:
            raise BadAuditQuery(errors)
        text = {
            k: str(args.get(k, "")).strip()[:300] for k in ("actor", "action", "target_type", "target_id")
        }
        return cls(since=since, until=until, page=page, per_page=per_page, **text)

    def as_args(self) -> dict[str, str]:
        """The filters (not the page) as query-string arguments, empty ones left out."""
        values = {
            "actor": self.actor,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {k: v for k, v in values.items() if v}


def _day(args: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    raw = str(args.get(name, "")).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "must be a date (YYYY-MM-DD)"
        return None


def _whole(
    args: Mapping[str, str], name: str, default: int, low: int, high: int, errors: dict[str, str]
) -> int:
    raw = str(args.get(name, "")).strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors[name] = f"must be a whole number from {low} to {high}"
        return default
    return int(raw)


@dataclass(frozen=True)
class AuditPage:
    total: int
    events: list[AuditEvent]


def _conditions(query: AuditQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.actor:
        conditions.append(func.lower(AuditEvent.actor).contains(query.actor.lower(), autoescape=True))
    if query.action.endswith("."):
        conditions.append(AuditEvent.action.startswith(query.action, autoescape=True))
    elif query.action:
        conditions.append(AuditEvent.action == query.action)
    if query.target_type:
        conditions.append(AuditEvent.target_type == query.target_type)
    if query.target_id:
        conditions.append(AuditEvent.target_id == query.target_id)
    if query.since:
        conditions.append(AuditEvent.at >= datetime.combine(query.since, time(), UTC))
    if query.until:
        conditions.append(AuditEvent.at < datetime.combine(query.until + timedelta(days=1), time(), UTC))
    return conditions


def readable_by(principal: Principal, scheme: ClassificationScheme) -> ColumnElement[bool]:
    """Events the reader may see: none about an asset hidden from them (an event names the asset and its
    old and new values), as every other channel leaves that asset out. An admin role is not a clearance.
    Events about an asset that no longer exists (its source was removed) are for the highest clearance."""
    same_asset = cast(Asset.id, String) == AuditEvent.target_id
    seen = exists(select(Asset.id).where(same_asset, visible_to(principal, scheme)))
    gone = not_(exists(select(Asset.id).where(same_asset)))
    about_asset = AuditEvent.target_type == "asset"
    readable = [AuditEvent.target_type.is_(None), not_(about_asset), seen]
    if principal.clearance == scheme.highest:
        readable.append(gone)
    return or_(*readable)


def search_events(
    sessions: sessionmaker[Session], query: AuditQuery, readable: ColumnElement[bool] | None = None
) -> AuditPage:
    """One page of matching events, newest first, with the exact total; `readable`: see `readable_by`."""
    where = [*_conditions(query), *([readable] if readable is not None else [])]
    with sessions() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
        events = list(
            session.scalars(
                select(AuditEvent)
                .where(*where)
                .order_by(AuditEvent.id.desc())
                .offset((query.page - 1) * query.per_page)
                .limit(query.per_page)
            )
        )
    return AuditPage(total, events)


def known_actions(sessions: sessionmaker[Session]) -> list[str]:
    """The actions recorded so far, for the search form's list."""
    with sessions() as session:
        return sorted(session.scalars(select(AuditEvent.action).distinct()))


def count_events(
    sessions: sessionmaker[Session], query: AuditQuery, readable: ColumnElement[bool] | None = None
) -> int:
    where = [*_conditions(query), *([readable] if readable is not None else [])]
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0


def event_record(event: AuditEvent) -> dict[str, Any]:
    """An event as the API and the CSV show it."""
    return {
        "id": event.id,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "details": event.details or {},
    }


def csv_chunks(
    sessions: sessionmaker[Session], query: AuditQuery, readable: ColumnElement[bool] | None = None
) -> Iterator[str]:
    """Every matching event (all pages), newest first, as CSV text in pieces. Read in batches by id, so a
    long log never sits in memory; details as JSON; formula-like text defused with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    yield "\ufeff" + _drain(buffer)
    where = [*_conditions(query), *([readable] if readable is not None else [])]
    before: int | None = None
    while True:
        with sessions() as session:
            batch_query = select(AuditEvent).where(*where).order_by(AuditEvent.id.desc()).limit(EXPORT_BATCH)
            if before is not None:
                batch_query = batch_query.where(AuditEvent.id < before)
            batch = list(session.scalars(batch_query))
        if not batch:
            return
        for event in batch:
            record = event_record(event)
            record["at"] = event.at.astimezone(UTC).isoformat()
            record["details"] = json.dumps(record["details"], ensure_ascii=False, sort_keys=True, default=str)
            writer.writerow([_defused(record[h]) for h in CSV_HEADERS])
        before = batch[-1].id
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _defused(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
