"""The admin pages for sources: the list with each one's last run, a source's page (settings with
secrets masked, rules, run history with grouped errors), the new and edit forms, and the actions
(harvest now, enable, disable, confirm a held-back retirement). Anyone signed in may look; only admins
change anything. Forms post back to the server: no script is needed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from catalogue.access import Principal
from catalogue.api.sources import start_harvest
from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.runner import SourceBusy, SourceDisabled
from catalogue.harvest.sources import InvalidSource, SourceNotFound
from catalogue.models import Source
from catalogue.runtime import Catalogue
from catalogue.store_harvest import RunNotReviewable
from catalogue.web.principals import current_catalogue, require_principal

bp = Blueprint("sources", __name__)

MAX_ID = 2**63 - 1
SOURCE = f"/sources/<int(max={MAX_ID}):source_id>"
DEFAULT_FIELDS = ("owner", "department", "classification", "retention_period")
RUNS_SHOWN = 20

# What the page says after an action: chosen by key, so a link cannot put words on the page.
NOTICES = {
    "added": "Source added.",
    "saved": "Source saved.",
    "started": "Harvest started. Reload this page to follow it.",
    "enabled": "Source enabled.",
    "disabled": "Source disabled: it will not be harvested until enabled.",
    "confirmed": "Retirement confirmed: the assets the run did not find are marked gone at source.",
}
PROBLEMS = {
    "busy": "A harvest of this source is already running. Try again when it has finished.",
    "disabled": "This source is disabled. Enable it to harvest it.",
    "not_reviewable": "That run has no retirement waiting for confirmation (only the latest run can be "
    "confirmed).",
}


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def require_admin() -> Principal:
    principal = require_principal()
    if principal.anonymous:
        abort(401)
    if principal.role != "admin":
        abort(403)
    return principal


def _source(catalogue: Catalogue, source_id: int) -> Source:
    try:
        return catalogue.sources.get(source_id)
    except SourceNotFound:
        abort(404)


@bp.get("/sources")
def index() -> Any:
    principal = require_principal()
    summaries = current_catalogue().sources.summaries()
    return render_template("sources/index.html", summaries=summaries, is_admin=principal.role == "admin")


@bp.get(SOURCE)
def show(source_id: int) -> Any:
    principal = require_principal()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    runs = catalogue.sources.runs(source.id, RUNS_SHOWN)
    summary = next(s for s in catalogue.sources.summaries() if s.source.id == source.id)
    return render_template(
        "sources/show.html",
        source=source,
        config=catalogue.sources.shown_config(source),
        runs=runs,
        asset_count=summary.asset_count,
        is_admin=principal.role == "admin",
        notice=NOTICES.get(request.args.get("notice", ""), ""),
        problem=PROBLEMS.get(request.args.get("problem", ""), ""),
    )


def _back(source_id: int, notice: str = "", problem: str = "") -> Response:
    args = {k: v for k, v in (("notice", notice), ("problem", problem)) if v}
    query = f"?{urlencode(args)}" if args else ""
    return redirect(url_for("sources.show", source_id=source_id) + query, code=303)


@bp.post(f"{SOURCE}/harvest")
def harvest(source_id: int) -> Any:
    require_admin()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    try:
        start_harvest(catalogue, source, request.form.get("full") == "yes", "manual")
    except SourceBusy:
        return _back(source_id, problem="busy")
    except SourceDisabled:
        return _back(source_id, problem="disabled")
    return _back(source_id, notice="started")


@bp.post(f"{SOURCE}/enable")
def enable(source_id: int) -> Any:
    principal = require_admin()
    current_catalogue().sources.edit(_source(current_catalogue(), source_id).id, principal.name, enabled=True)
    return _back(source_id, notice="enabled")


@bp.post(f"{SOURCE}/disable")
def disable(source_id: int) -> Any:
    principal = require_admin()
    current_catalogue().sources.edit(
        _source(current_catalogue(), source_id).id, principal.name, enabled=False
    )
    return _back(source_id, notice="disabled")


@bp.post(f"{SOURCE}/runs/<int(max={MAX_ID}):run_id>/confirm")
def confirm(source_id: int, run_id: int) -> Any:
    principal = require_admin()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    if run_id not in {r.id for r in catalogue.sources.runs(source.id, RUNS_SHOWN)}:
        abort(404)
    try:
        catalogue.harvest_runner().confirm_retirement(run_id, principal.name)
    except RunNotReviewable:
        return _back(source_id, problem="not_reviewable")
    except SourceBusy:
        return _back(source_id, problem="busy")
    return _back(source_id, notice="confirmed")


# ----- the new and edit forms ------------------------------------------------------------------------


@bp.route("/sources/new", methods=["GET", "POST"])
def new() -> Any:
    principal = require_admin()
    catalogue = current_catalogue()
    if request.method == "GET":
        return _form(catalogue, None, {"enabled": "yes", "config": "{}", "rules": "[]"}, {})
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    values = _parse(form, errors)
    if not errors:
        try:
            source = catalogue.sources.create(
                form.get("name", "").strip(),
                form.get("kind", ""),
                values.pop("config"),
                principal.name,
                **values,
            )
            return _back(source.id, notice="added")
        except InvalidSource as error:
            errors.update(error.details)
    return _form(catalogue, None, form, errors), 400


@bp.route(f"{SOURCE}/edit", methods=["GET", "POST"])
def edit(source_id: int) -> Any:
    principal = require_admin()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    if request.method == "GET":
        return _form(catalogue, source, _form_values(catalogue, source), {})
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    values = _parse(form, errors, source.defaults or {})
    if not errors:
        try:
            catalogue.sources.edit(source.id, principal.name, **values)
            return _back(source.id, notice="saved")
        except InvalidSource as error:
            errors.update(error.details)
    return _form(catalogue, source, form, errors), 400


def _form_values(catalogue: Catalogue, source: Source) -> dict[str, str]:
    values = {
        "title": source.title,
        "schedule": source.schedule or "",
        "enabled": "yes" if source.enabled else "",
        "config": json.dumps(catalogue.sources.masked_config(source), indent=2, ensure_ascii=False),
        "rules": json.dumps(source.rules or [], indent=2, ensure_ascii=False),
    }
    for name in DEFAULT_FIELDS:
        values[f"default_{name}"] = str((source.defaults or {}).get(name, ""))
    return values


def _parse(
    form: dict[str, str], errors: dict[str, str], defaults: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The form's values as the source service takes them; JSON problems go into `errors`."""
    values: dict[str, Any] = {
        "title": form.get("title", ""),
        "schedule": form.get("schedule") or None,
        "enabled": form.get("enabled") == "yes",
    }
    for name in ("config", "rules"):
        try:
            values[name] = json.loads(form.get(name) or ("{}" if name == "config" else "[]"))
        except json.JSONDecodeError as error:
            errors[name] = f"Enter valid JSON ({error.msg} on line {error.lineno})"
    merged = dict(defaults or {})
    for name in DEFAULT_FIELDS:
        text = form.get(f"default_{name}", "").strip()
        if text:
            merged[name] = text
        else:
            merged.pop(name, None)
    values["defaults"] = merged
    return values


def _form(catalogue: Catalogue, source: Source | None, values: dict[str, str], errors: dict[str, str]) -> str:
    kinds = [info for info in REGISTRY.available() if info.available]
    return render_template(
        "sources/form.html",
        source=source,
        values=values,
        errors=errors,
        kinds=kinds,
        unavailable=[info for info in REGISTRY.available() if not info.available],
        levels=catalogue.scheme.levels,
    )
