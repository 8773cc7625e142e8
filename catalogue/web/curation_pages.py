"""The curation pages: an asset's edit form (`/assets/<id>/edit`) and a curator's "My assets". Who may edit
what is decided by `catalogue.curation_policy`; edits go through `catalogue.curation.edit_asset` like the
API's. Forms post back to the server: no script is needed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from catalogue import roles
from catalogue.access import Principal
from catalogue.curation import edit_asset, record_denial
from catalogue.curation_policy import (
    FORM_FIELDS,
    EditRefused,
    may_curate_at_all,
    policy_summary,
    settable_fields,
)
from catalogue.fields import FIELDS_BY_NAME
from catalogue.models import Asset, AssetChange
from catalogue.my_assets import FLAGS, my_assets
from catalogue.store import InvalidValue, NotFound, StaleVersion
from catalogue.web import edit_form
from catalogue.web.principals import current_catalogue, current_principal, require_principal
from catalogue.web.private import keep_private

bp = Blueprint("curation", __name__)

MAX_ID = 2**63 - 1
ASSET = f"/assets/<int(max={MAX_ID}):asset_id>"
MY_ASSETS_PER_PAGE = 50
# Chosen by key, so a link cannot put words on the page.
NOTICES = {"hidden": "Your changes were saved. The asset is now hidden from you, so it is not shown here."}


@bp.app_context_processor
def _navigation() -> dict[str, Any]:
    return {"curation_navigation": curation_navigation}


def curation_navigation(current_path: str) -> list[dict[str, Any]]:
    """Service navigation items for what this principal may do: "My assets", the audit log and users."""
    principal = current_principal()
    items: list[dict[str, Any]] = []
    if principal is None or principal.anonymous:
        return items
    if may_curate_at_all(principal):
        items.append(
            {"href": url_for("curation.mine"), "text": "My assets", "current": current_path == "/my-assets"}
        )
    if roles.may(principal.role, roles.READ_AUDIT):
        path = url_for("audit.index")
        items.append({"href": path, "text": "Audit log", "current": current_path == path})
    if roles.may(principal.role, roles.MANAGE_USERS):
        path = url_for("users.index")
        items.append(
            {
                "href": path,
                "text": "Users",
                "current": current_path == path,
                "active": current_path.startswith(path + "/"),
            }
        )
    return items


keep_private(bp)


def require_editor() -> Principal:
    """The principal, if their role edits anything at all; else a 401 or a 403."""
    principal = require_principal()
    if principal.anonymous:
        abort(401)
    if not may_curate_at_all(principal):
        abort(403, description="Your role may not edit assets.")
    return principal


def deny(principal: Principal, asset_id: int | None, reason: str, fields: tuple[str, ...] = ()) -> None:
    record_denial(current_catalogue().store.sessions, principal, "asset", asset_id, reason, fields)
    abort(403, description=reason[0].upper() + reason[1:] + ("" if reason.endswith(".") else "."))


def _asset(principal: Principal, asset_id: int) -> Asset:
    try:
        return current_catalogue().store.asset_page(asset_id, principal, children_limit=0).asset
    except NotFound:
        abort(404)


def _editable(principal: Principal, asset: Asset) -> list[str]:
    names = [n for n in FORM_FIELDS if n in settable_fields(principal, asset)]
    if not names:
        deny(principal, asset.id, "You may not edit this asset.")
    return names


@bp.get(f"{ASSET}/edit")
def edit(asset_id: int) -> Any:
    principal = require_editor()
    asset = _asset(principal, asset_id)
    names = _editable(principal, asset)
    return _form(principal, asset, names)


@bp.post(f"{ASSET}/edit")
def save(asset_id: int) -> Any:
    principal = require_editor()
    asset = _asset(principal, asset_id)
    names = _editable(principal, asset)
    catalogue = current_catalogue()
    submission = edit_form.read_submission(request.form, catalogue.scheme)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, description="The form is missing the version it was made from. Open the edit page again.")
    if submission.errors:
        return _form(principal, asset, names, submission, status=400)
    if not submission.changes:
        return redirect(url_for("pages.asset", asset_id=asset_id, notice="unchanged"))
    try:
        edit_asset(catalogue.store, principal, asset_id, submission.changes, version, channel="web")
    except EditRefused as refusal:  # recorded by edit_asset
        if not refusal.fields or not set(refusal.fields) <= set(names):
            abort(403, description=refusal.message)
        for name in refusal.fields:  # a value this person may not give (a lower classification): say so there
            submission.errors[name] = refusal.message
        return _form(principal, asset, names, submission, status=403)
    except InvalidValue as error:
        label = FIELDS_BY_NAME[error.field].label if error.field in FIELDS_BY_NAME else error.field
        submission.errors[error.field] = f"{label}: {error.message}"
        return _form(principal, asset, names, submission, status=400)
    except StaleVersion as stale:
        current = _asset(principal, asset_id)
        return _form(principal, current, names, submission, stale=stale, status=409)
    except NotFound:  # changed by someone else so that it is now hidden from this person
        abort(404)
    try:
        catalogue.store.asset_page(asset_id, principal, children_limit=0)
    except NotFound:  # the edit hid it from its editor (groups they are not in, a higher classification)
        return redirect(url_for("curation.mine", notice="hidden"))
    return redirect(url_for("pages.asset", asset_id=asset_id, notice="saved"))


def _form(
    principal: Principal,
    asset: Asset,
    names: list[str],
    submission: edit_form.Submission | None = None,
    stale: StaleVersion | None = None,
    status: int = 200,
) -> Any:
    scheme = current_catalogue().scheme
    shown: dict[str, Any] = {}
    if submission is not None:  # the person's own input is kept; a conflict keeps only what they changed
        kept = set(submission.changes) | set(submission.errors) if stale else set(submission.shown)
        shown = {k: v for k, v in submission.shown.items() if k in kept}
    errors = submission.errors if submission else {}
    context = {
        "asset": asset,
        "groups": edit_form.build_fields(asset, names, scheme, shown, errors),
        "errors": errors,
        "original": edit_form.original_json(asset, names, scheme),
        "stale": _conflicts(stale, submission) if stale else None,
        "policy": policy_summary(principal),
        "reverted": set(request.form.getlist("revert")) if submission else set(),
    }
    return render_template("curation/edit.html", **context), status


def _conflicts(stale: StaleVersion, submission: edit_form.Submission | None) -> list[dict[str, Any]]:
    """What changed since the form was opened: field, old, new, who and when; `both` when the person
    changed the same field."""
    mine = set(submission.changes) if submission else set()
    return [_conflict(change, change.field in mine) for change in stale.changes]


def _conflict(change: AssetChange, both: bool) -> dict[str, Any]:
    return {
        "field": change.field,
        "layer": change.layer,
        "old": change.old_value,
        "new": change.new_value,
        "actor": change.actor,
        "at": change.changed_at,
        "both": both,
    }


# ----- my assets ----------------------------------------------------------------------------------------


@bp.get("/my-assets")
def mine() -> Any:
    principal = require_editor()
    flag = request.args.get("flag", "")
    if flag not in FLAGS:
        flag = ""
    page = max(1, min(request.args.get("page", default=1, type=int) or 1, 10_000))
    catalogue = current_catalogue()
    result = my_assets(catalogue.store, principal, flag or None, page, MY_ASSETS_PER_PAGE)
    last = max(1, -(-result.total // MY_ASSETS_PER_PAGE))
    return render_template(
        "curation/my_assets.html",
        result=result,
        flag=flag,
        flags=FLAGS,
        page=page,
        last_page=last,
        page_url=lambda n: url_for("curation.mine", flag=flag or None, page=n),
        notice=NOTICES.get(request.args.get("notice", "")),
    )
