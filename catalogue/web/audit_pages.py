"""The audit log for admins: `/admin/audit` (search by actor, action, target and date range, newest
first) and `/admin/audit.csv` (the same search, every page, as a download; the download is audited too)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for

from catalogue import roles
from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.audit_log import (
    AuditQuery,
    BadAuditQuery,
    count_events,
    csv_chunks,
    known_actions,
    readable_by,
    search_events,
)
from catalogue.web.principals import current_catalogue, require_principal
from catalogue.web.private import keep_private

bp = Blueprint("audit", __name__)


keep_private(bp)


def require_auditor() -> Principal:
    principal = require_principal()
    if principal.anonymous:
        abort(401)
    if not roles.may(principal.role, roles.READ_AUDIT):
        abort(403, description="Only admins may read the audit log.")
    return principal


@bp.get("/admin/audit")
def index() -> Any:
    principal = require_auditor()
    catalogue = current_catalogue()
    try:
        query = AuditQuery.from_args(request.args)
    except BadAuditQuery as error:
        return _page(AuditQuery(), None, error.details, status=400)
    found = search_events(catalogue.sessions, query, readable_by(principal, catalogue.scheme))
    return _page(query, found, {})


def _page(query: AuditQuery, found: Any, errors: dict[str, str], status: int = 200) -> Any:
    sessions = current_catalogue().sessions
    last = max(1, -(-found.total // query.per_page)) if found else 1
    actions = known_actions(sessions)
    return (
        render_template(
            "audit/index.html",
            query=query,
            found=found,
            errors=errors,
            values=request.args,
            actions=actions,
            families=sorted({a.split(".", 1)[0] + "." for a in actions if "." in a}),
            last_page=last,
            page_url=lambda n: _url("audit.index", {**query.as_args(), "page": str(n)}),
            csv_url=_url("audit.export", query.as_args()),
        ),
        status,
    )


def _url(endpoint: str, args: dict[str, str]) -> str:
    return url_for(endpoint) + ("?" + urlencode(args) if args else "")


@bp.get("/admin/audit.csv")
def export() -> Any:
    principal = require_auditor()
    catalogue = current_catalogue()
    sessions = catalogue.sessions
    try:
        query = AuditQuery.from_args(request.args)
    except BadAuditQuery as error:
        abort(400, description="; ".join(f"{k}: {v}" for k, v in error.details.items()))
    readable = readable_by(principal, catalogue.scheme)
    with sessions.begin() as session:
        rows = count_events(sessions, query, readable)
        record_event(session, principal.name, "audit.export", query=query.as_args(), rows=rows)
    response = Response(csv_chunks(sessions, query, readable), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
