"""The bulk edit pages: from the search page's selection (ticked results, or every result of the search)
to a form of values to set, a preview ("N assets will change; M are unchanged; K you may not edit"), and
the result. The selection travels as ids or as the search itself, and is resolved again, as the editor, at
every step (`catalogue.bulk_edit`). Forms post back to the server: no script is needed."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, render_template, request
from werkzeug.datastructures import MultiDict

from catalogue import roles
from catalogue.access import Principal
from catalogue.bulk_edit import (
    BulkChange,
    BulkTooLarge,
    EmptyBulkEdit,
    Outcome,
    Selection,
    apply,
    plan,
    resolve,
)
from catalogue.curation_policy import BULK_FIELDS
from catalogue.fields import FIELDS_BY_NAME, FieldType, value_label
from catalogue.merge import InvalidValue
from catalogue.searching import SearchParams
from catalogue.web.principals import current_catalogue, require_principal
from catalogue.web.private import keep_private
from search.backend import FACET_NAMES, SearchError

bp = Blueprint("bulk", __name__)

PREVIEW_SHOWN = 100  # assets listed by name on the preview and result pages


keep_private(bp)


def require_bulk_editor() -> Principal:
    principal = require_principal()
    if principal.anonymous:
        abort(401)
    if not (roles.may(principal.role, roles.CURATE_OWN) or roles.may(principal.role, roles.CURATE_ANY)):
        abort(403, description="Only curators and admins may edit assets in bulk.")
    return principal


def read_selection(form: MultiDict[str, str]) -> Selection:
    """The selection a form carries: `scope=search` with the search's `q` and facet values, or `asset` ids."""
    if form.get("scope") == "search":
        args = {name: form.getlist(name) for name in ("q", *FACET_NAMES) if form.getlist(name)}
        return Selection(search=SearchParams.from_args(args, strict=False))
    ids = []
    for raw in form.getlist("asset"):
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            ids.append(int(raw))
    return Selection(ids=tuple(dict.fromkeys(ids)))


def selection_fields(selection: Selection) -> list[tuple[str, str]]:
    """Hidden fields that carry the selection to the next step."""
    if selection.search is None:
        return [("scope", "selected"), *(("asset", str(i)) for i in selection.ids)]
    pairs = [("scope", "search"), ("q", selection.search.query)]
    pairs += [(name, value) for name, values in selection.search.filters.items() for value in values]
    return pairs


def read_change(form: MultiDict[str, str]) -> tuple[dict[str, Any], list[str], list[str]]:
    values = {name: form.get(name, "").strip() for name in BULK_FIELDS if form.get(name, "").strip()}
    add = [t.strip() for t in form.get("add_tags", "").split(",") if t.strip()]
    remove = [t.strip() for t in form.get("remove_tags", "").split(",") if t.strip()]
    return values, add, remove


def _form_fields() -> list[dict[str, Any]]:
    scheme = current_catalogue().scheme
    found = []
    for name in BULK_FIELDS:
        spec = FIELDS_BY_NAME[name]
        item: dict[str, Any] = {"name": name, "label": spec.label, "help": spec.help, "items": None}
        if spec.value_type is FieldType.CLASSIFICATION:
            item["items"] = [(level, level) for level in scheme.levels]
        elif spec.choices is not None:
            item["items"] = [(c.value, value_label(c.value)) for c in spec.choices]
        found.append(item)
    return found


def _ids(principal: Principal, selection: Selection) -> list[int]:
    catalogue = current_catalogue()
    return resolve(catalogue, principal, selection, int(catalogue.settings.bulk_edit_limit))


@bp.post("/bulk-edit")
def start() -> Any:
    """The values form, for what was selected on the search page."""
    principal = require_bulk_editor()
    selection = read_selection(request.form)
    return _values_form(principal, selection, {}, status=200)


def _values_form(principal: Principal, selection: Selection, errors: dict[str, str], status: int) -> Any:
    count, problem = None, ""
    try:
        count = len(_ids(principal, selection))
    except BulkTooLarge as error:
        problem = str(error)
    except SearchError:
        problem = "Search is not available right now, so the results cannot be selected. Try again soon."
    return (
        render_template(
            "curation/bulk_form.html",
            count=count,
            problem=problem,
            errors=errors,
            values=request.form,
            fields=_form_fields(),
            hidden=selection_fields(selection),
            from_search=selection.search is not None,
        ),
        status if not problem else 400,
    )


@bp.post("/bulk-edit/preview")
def preview() -> Any:
    principal = require_bulk_editor()
    selection = read_selection(request.form)
    store = current_catalogue().store
    try:
        change = BulkChange.of(*read_change(request.form), store)
        ids = _ids(principal, selection)
    except InvalidValue as error:
        return _values_form(principal, selection, {error.field: error.message}, status=400)
    except EmptyBulkEdit as error:
        return _values_form(principal, selection, {"owner": str(error)}, status=400)
    except (BulkTooLarge, SearchError):
        return _values_form(principal, selection, {}, status=400)
    planned = plan(store, principal, ids, change)
    return render_template(
        "curation/bulk_preview.html",
        plan=planned,
        counts=planned.counts(),
        change=change,
        shown=[i for i in planned.items if i.outcome is not Outcome.UNCHANGED][:PREVIEW_SHOWN],
        hidden=[
            *selection_fields(selection),
            *_change_fields(request.form),
            ("versions", json.dumps(planned.versions(), separators=(",", ":"))),
        ],
    )


def _change_fields(form: MultiDict[str, str]) -> list[tuple[str, str]]:
    names = (*BULK_FIELDS, "add_tags", "remove_tags")
    return [(name, form.get(name, "")) for name in names if form.get(name, "").strip()]


@bp.post("/bulk-edit/apply")
def apply_edit() -> Any:
    principal = require_bulk_editor()
    selection = read_selection(request.form)
    store = current_catalogue().store
    try:
        change = BulkChange.of(*read_change(request.form), store)
        ids = _ids(principal, selection)
    except (InvalidValue, EmptyBulkEdit, BulkTooLarge, SearchError):
        return _values_form(principal, selection, {}, status=400)
    result = apply(store, principal, ids, change, _versions(request.form.get("versions", "")), selection)
    return render_template(
        "curation/bulk_result.html",
        result=result,
        counts=result.plan.counts(),
        skipped=[i for i in result.plan.items if i.outcome in (Outcome.STALE, Outcome.REFUSED)][
            :PREVIEW_SHOWN
        ],
        changed=[i for i in result.plan.items if i.outcome is Outcome.CHANGED][:PREVIEW_SHOWN],
    )


def _versions(raw: str) -> dict[int, int]:
    """The versions the preview showed; anything unreadable counts as none (every asset is then stale,
    so nothing is overwritten on a guess)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    versions = {}
    for key, value in data.items():
        if str(key).isdigit() and isinstance(value, int):
            versions[int(key)] = value
    return versions
