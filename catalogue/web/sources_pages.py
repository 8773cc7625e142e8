"""The admin pages for sources: the list with each one's last run, a source's page (settings with
secrets masked, schedule and next run, rules, run history with grouped errors, a link to its assets), the
new and edit forms (the settings generated from the kind's config schema by `source_forms`), and the
actions (harvest now, test the connection, enable, disable, confirm a held-back retirement). Anyone
signed in may look; only admins change anything. Forms post back to the server: no script is needed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for
from marshmallow import Schema
from werkzeug.wrappers import Response

from catalogue.access import Principal
from catalogue.api.sources import start_harvest
from catalogue.harvest.connection import ConnectionCheck, check_connection
from catalogue.harvest.registry import REGISTRY, HarvesterUnavailable, UnknownKind
from catalogue.harvest.runner import SourceBusy, SourceDisabled
from catalogue.harvest.schedule import next_run
from catalogue.harvest.sources import InvalidSource, SourceNotFound, check_schedule
from catalogue.models import Source
from catalogue.runtime import Catalogue
from catalogue.store_harvest import RunNotReviewable
from catalogue.web import source_forms
from catalogue.web.principals import current_catalogue, require_principal
from catalogue.web.private import keep_private

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
    "unavailable": "This source's kind of harvester is not available here, so its settings cannot be edited.",
}


keep_private(bp)


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
    summaries = current_catalogue().sources.summaries(principal)
    return render_template("sources/index.html", summaries=summaries, is_admin=principal.role == "admin")


@bp.get(SOURCE)
def show(source_id: int) -> Any:
    principal = require_principal()
    return _show(current_catalogue(), _source(current_catalogue(), source_id), principal)


def _show(
    catalogue: Catalogue, source: Source, principal: Principal, check: ConnectionCheck | None = None
) -> str:
    runs = catalogue.sources.runs(source.id, RUNS_SHOWN)
    summary = next(s for s in catalogue.sources.summaries(principal) if s.source.id == source.id)
    return render_template(
        "sources/show.html",
        source=source,
        settings=source_forms.settings_rows(
            _known_fields(source.kind), catalogue.sources.shown_config(source)
        ),
        runs=runs,
        asset_count=summary.asset_count,
        next_run=next_run(source.schedule) if source.enabled else None,
        is_admin=principal.role == "admin",
        notice=NOTICES.get(request.args.get("notice", ""), ""),
        problem=PROBLEMS.get(request.args.get("problem", ""), ""),
        check=check,
    )


@bp.post(f"{SOURCE}/test")
def test_connection(source_id: int) -> Any:
    """Reach the source with its stored settings and say whether that works (nothing is harvested)."""
    principal = require_admin()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    return _show(catalogue, source, principal, check_connection(source, REGISTRY, catalogue.secret_box))


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
    kind = (request.values.get("kind") or "").strip()
    schema = _schema(kind) if kind else None
    if schema is None:  # first step: which kind of source
        problem = "Choose a kind of source" if kind or request.args.get("chosen") else ""
        return _kind_chooser(problem), 400 if problem else 200
    config_fields = source_forms.config_fields(schema)
    if request.method == "GET":
        shown = {"kind": kind, "enabled": "yes", "rules": "[]"}
        shown.update(source_forms.form_values(config_fields, None))
        return _form(catalogue, None, kind, config_fields, shown, {})
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    values = _parse(form, config_fields, errors)
    if not errors:
        try:
            source = catalogue.sources.create(
                form.get("name", "").strip(), kind, values.pop("config"), principal.name, **values
            )
            return _back(source.id, notice="added")
        except InvalidSource as error:
            errors.update(error.details)
    return _form(catalogue, None, kind, config_fields, _redisplay(form, config_fields), errors), 400


@bp.route(f"{SOURCE}/edit", methods=["GET", "POST"])
def edit(source_id: int) -> Any:
    principal = require_admin()
    catalogue = current_catalogue()
    source = _source(catalogue, source_id)
    schema = _schema(source.kind)
    if schema is None:
        return _back(source.id, problem="unavailable")
    config_fields = source_forms.config_fields(schema)
    if request.method == "GET":
        return _form(catalogue, source, source.kind, config_fields, _form_values(source, config_fields), {})
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    values = _parse(form, config_fields, errors, source.defaults or {})
    if not errors:
        try:
            catalogue.sources.edit(source.id, principal.name, **values)
            return _back(source.id, notice="saved")
        except InvalidSource as error:
            errors.update(error.details)
    stored = _form_values(source, config_fields)
    redisplay = _redisplay(form, config_fields)
    for field in config_fields:  # whether a secret is stored comes from the store, never from the form
        if field.secret:
            redisplay[field.name + ".stored"] = stored[field.name + ".stored"]
    return _form(catalogue, source, source.kind, config_fields, redisplay, errors), 400


def _known_fields(kind: str) -> list[source_forms.ConfigField] | None:
    schema = _schema(kind)
    return source_forms.config_fields(schema) if schema is not None else None


def _schema(kind: str) -> type[Schema] | None:
    try:
        return REGISTRY.load(kind).config_schema
    except (UnknownKind, HarvesterUnavailable):
        return None


def _form_values(source: Source, config_fields: list[source_forms.ConfigField]) -> dict[str, str]:
    values = {
        "title": source.title,
        "schedule": source.schedule or "",
        "enabled": "yes" if source.enabled else "",
        "rules": json.dumps(source.rules or [], indent=2, ensure_ascii=False),
    }
    values.update(source_forms.form_values(config_fields, source.config or {}))
    for name in DEFAULT_FIELDS:
        values[f"default_{name}"] = str((source.defaults or {}).get(name, ""))
    return values


def _redisplay(form: dict[str, str], config_fields: list[source_forms.ConfigField]) -> dict[str, str]:
    """What the form shows again after a problem: what was entered, except secrets (typed again)."""
    shown = dict(form)
    for field in config_fields:
        if field.secret:
            shown.pop(field.name, None)
    return shown


def _parse(
    form: dict[str, str],
    config_fields: list[source_forms.ConfigField],
    errors: dict[str, str],
    defaults: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The form's values as the source service takes them; problems go into `errors`."""
    values: dict[str, Any] = {
        "title": form.get("title", ""),
        "schedule": form.get("schedule") or None,
        "enabled": form.get("enabled") == "yes",
        "config": source_forms.parse_config(config_fields, form, errors),
    }
    try:  # checked here too, so that it is reported with the form's other problems
        check_schedule(values["schedule"])
    except InvalidSource as error:
        errors.update(error.details)
    try:
        values["rules"] = json.loads(form.get("rules") or "[]")
    except json.JSONDecodeError as error:
        errors["rules"] = f"Enter valid JSON ({error.msg} on line {error.lineno})"
    merged = dict(defaults or {})
    for name in DEFAULT_FIELDS:
        text = form.get(f"default_{name}", "").strip()
        if text:
            merged[name] = text
        else:
            merged.pop(name, None)
    values["defaults"] = merged
    return values


def _kind_chooser(problem: str) -> str:
    infos = REGISTRY.available()
    return render_template(
        "sources/kind.html",
        kinds=[info for info in infos if info.available],
        unavailable=[info for info in infos if not info.available],
        problem=problem,
    )


def _form(
    catalogue: Catalogue,
    source: Source | None,
    kind: str,
    config_fields: list[source_forms.ConfigField],
    values: dict[str, str],
    errors: dict[str, str],
) -> str:
    return render_template(
        "sources/form.html",
        source=source,
        kind=kind,
        kind_title=next((i.title for i in REGISTRY.available() if i.kind == kind), kind),
        config_fields=config_fields,
        values=values,
        errors=errors,
        error_links=_error_links(errors, config_fields),
        levels=catalogue.scheme.levels,
    )


FORM_IDS = {"name": "name", "kind": "name", "title": "title", "schedule": "schedule", "rules": "rules"}


def _error_links(
    errors: dict[str, str], config_fields: list[source_forms.ConfigField]
) -> list[dict[str, str]]:
    """The error summary: each problem with its field's label, linking to the field."""
    fields = {f.name: f for f in config_fields}
    links = []
    for key, message in errors.items():
        field = next((f for name, f in fields.items() if key == name or key.startswith(name + ".")), None)
        if field is not None:
            href = field.id
            text = f"{field.label}: {message}"
        else:
            href = FORM_IDS.get(key.split(".")[0], "default_owner" if key == "defaults" else "title")
            text = f"{key.capitalize()}: {message}"
        links.append({"text": text, "href": f"#{href}"})
    return links
