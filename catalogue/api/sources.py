"""Sources and harvest runs: list, create, edit (enable, disable), start a run, read runs.

Reads need any principal; writes need the admin role. `POST /sources/<id>/runs` takes the source's lease
at once (409 when a run is under way), answers 202 with the new run, and harvests in a background thread
of this process; poll `GET /runs/<id>` until its status is no longer "running"."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import jsonify, request, url_for
from marshmallow import Schema

from catalogue.access import Principal
from catalogue.api.blueprint import ApiError, bp, json_body
from catalogue.api.source_schemas import (
    ConnectionCheckSchema,
    RunRequestSchema,
    RunSchema,
    SourceCreateSchema,
    SourcePatchSchema,
    SourceSchema,
)
from catalogue.harvest.connection import check_connection
from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.runner import PreparedRun, SourceBusy, SourceDisabled
from catalogue.harvest.schedule import next_run
from catalogue.harvest.sources import InvalidSource, SourceNotFound
from catalogue.models import HarvestRun, Source
from catalogue.runtime import Catalogue
from catalogue.store_harvest import RunNotReviewable
from catalogue.web.errors import error_response
from catalogue.web.principals import current_catalogue, require_principal

log = logging.getLogger(__name__)

MAX_ID = 2**63 - 1
SOURCE = f"/sources/<int(max={MAX_ID}):source_id>"
RUN = f"/runs/<int(max={MAX_ID}):run_id>"
ADMIN = "admin"


def check_admin(principal: Principal) -> None:
    """Refuse a change to sources by anyone but an admin."""
    if principal.anonymous:
        raise ApiError(401, "Sign in to change sources.", code="unauthorized")
    if principal.role != ADMIN:
        raise ApiError(403, "Only admins can change sources and start harvests.", code="forbidden")


@bp.errorhandler(SourceNotFound)
def _no_source(_error: SourceNotFound) -> Any:
    return error_response(404, "No source or run with that id.")


@bp.errorhandler(InvalidSource)
def _invalid_source(error: InvalidSource) -> Any:
    return error_response(400, "Some settings cannot be used.", error.details, "invalid_value")


@bp.errorhandler(SourceBusy)
def _busy(error: SourceBusy) -> Any:
    return error_response(409, str(error), code="busy")


@bp.errorhandler(SourceDisabled)
def _disabled(error: SourceDisabled) -> Any:
    return error_response(409, str(error), code="disabled")


@bp.errorhandler(RunNotReviewable)
def _not_reviewable(error: RunNotReviewable) -> Any:
    return error_response(409, str(error), code="not_reviewable")


def source_data(
    catalogue: Catalogue,
    source: Source,
    asset_count: int,
    last_run: HarvestRun | None,
    principal: Principal,
) -> Any:
    data = {
        **{k: getattr(source, k) for k in ("id", "name", "title", "kind", "enabled", "schedule")},
        **{k: getattr(source, k) for k in ("defaults", "rules", "created_at", "updated_at")},
        "config": catalogue.sources.masked_config(source),
        "asset_count": asset_count,
        "next_run": next_run(source.schedule) if source.enabled else None,
        "last_run": None,
    }
    shown = SourceSchema().dump(data)
    shown["last_run"] = run_data(last_run, principal) if last_run else None
    return shown


# What any reader may know of a run. Its counts and error samples also cover assets the reader may not see
# (and items whose classification nobody knows yet), so the full report is for admins.
RUN_SUMMARY = ("id", "source_id", "status", "trigger", "full", "started_at", "finished_at", "needs_review")


def run_data(run: HarvestRun, principal: Principal) -> Any:
    return (RunSchema() if principal.role == ADMIN else RunSchema(only=RUN_SUMMARY)).dump(run)


def _one(catalogue: Catalogue, source_id: int, principal: Principal) -> Any:
    for item in catalogue.sources.summaries(principal):
        if item.source.id == source_id:
            return source_data(catalogue, item.source, item.asset_count, item.last_run, principal)
    raise SourceNotFound(source_id)


def _body(schema: Schema) -> dict[str, Any]:
    return json_body(schema, "Some settings cannot be used.", empty_ok=True)


@bp.get("/sources")
def list_sources() -> Any:
    principal = require_principal()
    catalogue = current_catalogue()
    items = catalogue.sources.summaries(principal)
    return {
        "sources": [source_data(catalogue, i.source, i.asset_count, i.last_run, principal) for i in items]
    }


@bp.post("/sources")
def create_source() -> Any:
    principal = require_principal()
    check_admin(principal)
    values = _body(SourceCreateSchema())
    catalogue = current_catalogue()
    source = catalogue.sources.create(
        values.pop("name"), values.pop("kind"), values.pop("config"), principal.name, **values
    )
    response = jsonify(_one(catalogue, source.id, principal))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_source", source_id=source.id)
    return response


@bp.get(SOURCE)
def get_source(source_id: int) -> Any:
    principal = require_principal()
    return _one(current_catalogue(), source_id, principal)


@bp.patch(SOURCE)
def patch_source(source_id: int) -> Any:
    principal = require_principal()
    check_admin(principal)
    values = _body(SourcePatchSchema())
    catalogue = current_catalogue()
    catalogue.sources.edit(source_id, principal.name, **values)
    return _one(catalogue, source_id, principal)


@bp.post(f"{SOURCE}/runs")
def start_run(source_id: int) -> Any:
    principal = require_principal()
    check_admin(principal)
    options = _body(RunRequestSchema())
    catalogue = current_catalogue()
    prepared = start_harvest(catalogue, catalogue.sources.get(source_id), options["full"], "api")
    response = jsonify(run_data(catalogue.sources.run(prepared.run_id), principal))
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_run", run_id=prepared.run_id)
    return response


@bp.post(f"{SOURCE}/test-connection")
def test_connection(source_id: int) -> Any:
    """Reach the source with its stored settings (nothing is harvested): 200 with whether it worked."""
    principal = require_principal()
    check_admin(principal)
    catalogue = current_catalogue()
    check = check_connection(catalogue.sources.get(source_id), REGISTRY, catalogue.secret_box)
    return ConnectionCheckSchema().dump(check)


def start_harvest(catalogue: Catalogue, source: Source, full: bool, trigger: str) -> PreparedRun:
    """Take the lease and record the run here (so a busy source is refused at once), then harvest in a
    background thread. Shared by the API and the admin pages."""
    prepared = catalogue.harvest_runner().start(source, full=full, trigger=trigger)
    thread = threading.Thread(target=_execute, args=(prepared,), name=f"harvest-{source.name}", daemon=True)
    thread.start()
    return prepared


def _execute(prepared: PreparedRun) -> None:
    try:
        prepared.execute()
    except BaseException as error:  # the run records itself as failed; a thread has no one to tell
        log.error("harvest run %s stopped: %s", prepared.run_id, type(error).__name__)


@bp.get(f"{SOURCE}/runs")
def list_runs(source_id: int) -> Any:
    principal = require_principal()
    catalogue = current_catalogue()
    source = catalogue.sources.get(source_id)
    limit = request.args.get("limit", default=20, type=int) or 20
    runs = catalogue.sources.runs(source.id, max(1, min(limit, 200)))
    return {"runs": [run_data(run, principal) for run in runs]}


@bp.get(RUN)
def get_run(run_id: int) -> Any:
    principal = require_principal()
    return run_data(current_catalogue().sources.run(run_id), principal)


@bp.post(f"{RUN}/confirm")
def confirm_run(run_id: int) -> Any:
    principal = require_principal()
    check_admin(principal)
    catalogue = current_catalogue()
    catalogue.sources.run(run_id)  # 404 when there is no such run
    catalogue.harvest_runner().confirm_retirement(run_id, principal.name)
    return run_data(catalogue.sources.run(run_id), principal)
