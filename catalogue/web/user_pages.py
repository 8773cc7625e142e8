"""User administration for admins: `/admin/users` (every user), `/admin/new-user` (add one) and
`/admin/users/<username>` (change one, set a new password, disable or enable them). The add form lives
outside `/admin/users/`, where any name could be someone's username (`new` included). Changes go through
`catalogue.auth.users` like the CLI's and the API's, each audited; passwords never are. Forms post back to
the server: no script is needed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from catalogue import roles
from catalogue.access import Principal
from catalogue.auth import passwords, users
from catalogue.auth.users import AdminLockout, NewUser, UserError
from catalogue.models import User
from catalogue.web.principals import current_catalogue, require_principal
from catalogue.web.private import keep_private

bp = Blueprint("users", __name__)

USER = "/admin/users/<path:username>"
OLD_ADD_FORM = "new"  # /admin/users/new: the add form's address before it moved
TEXT_FIELDS = ("username", "display_name", "email", "role", "clearance", "groups", "person", "departments")
MISMATCH = "The passwords do not match"
# What the page says after a change: chosen by key, so a link cannot put words on the page.
NOTICES = {
    "added": "User added.",
    "saved": "Changes saved.",
    "unchanged": "Nothing changed.",
    "disabled": "User disabled: their sessions have ended and their API tokens stop working.",
    "enabled": "User enabled: they can sign in again.",
}


keep_private(bp)


def require_user_admin() -> Principal:
    principal = require_principal()
    if principal.anonymous:
        abort(401)
    if not roles.may(principal.role, roles.MANAGE_USERS):
        abort(403, description="Only admins may manage users.")
    return principal


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _form_values(form: MultiDict[str, str]) -> dict[str, str]:
    return {name: form.get(name, "").strip() for name in TEXT_FIELDS}


def _changes(values: dict[str, str]) -> dict[str, Any]:
    """The form's values as `users.update` takes them."""
    return {
        "display_name": values["display_name"],
        "email": values["email"] or None,
        "role": values["role"],
        "clearance": values["clearance"],
        "groups": _split(values["groups"]),
        "person": values["person"] or None,
        "departments": _split(values["departments"]),
    }


def _password_hash(form: MultiDict[str, str], errors: dict[str, str]) -> str | None:
    """The hash of the new password typed twice; None when none was typed (or it cannot be used: then
    `errors` says why)."""
    password, confirmation = form.get("password", ""), form.get("password_confirm", "")
    if not password and not confirmation:
        return None
    if password != confirmation:
        errors["password_confirm"] = MISMATCH
        return None
    try:
        passwords.check_strength(password)
    except passwords.WeakPassword as error:
        errors["password"] = _sentence(str(error))
        return None
    if errors:
        return None  # not worth hashing a password for a form that goes back anyway
    return passwords.hash_password(password)


@bp.get("/admin/users")
def index() -> Any:
    require_user_admin()
    with current_catalogue().sessions() as db:
        rows = [_row(user) for user in db.scalars(select(User).order_by(User.username))]
    return render_template("users/index.html", users=rows, role_labels=roles.ROLE_LABELS)


def _row(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "clearance": user.clearance,
        "groups": list(user.groups or ()),
        "person": user.person.name if user.person else "",
        "departments": user.departments,
        "sign_in": users.sign_in_methods(user),
        "disabled": user.disabled,
    }


def _form_page(
    user: dict[str, Any] | None, values: dict[str, str], errors: dict[str, str], status: int
) -> Any:
    errors = {name: _sentence(message) for name, message in errors.items()}
    notice = NOTICES.get(request.args.get("notice", "")) if request.method == "GET" else None
    return (
        render_template(
            "users/form.html",
            user=user,
            values=values,
            errors=errors,
            error_links=[{"text": message, "href": f"#{name}"} for name, message in errors.items()],
            roles=[(role, roles.ROLE_LABELS[role]) for role in roles.ROLES],
            levels=current_catalogue().scheme.levels,
            notice=notice,
        ),
        status,
    )


@bp.route("/admin/new-user", methods=["GET", "POST"])
def new() -> Any:
    principal = require_user_admin()
    catalogue = current_catalogue()
    if request.method == "GET":
        blank = dict.fromkeys(TEXT_FIELDS, "")
        return _form_page(
            None, {**blank, "role": roles.VIEWER, "clearance": catalogue.scheme.levels[0]}, {}, 200
        )
    values = _form_values(request.form)
    changes = _changes(values)
    errors = users.field_errors(catalogue.scheme, {"username": values["username"], **changes})
    password_hash = _password_hash(request.form, errors)
    if not errors:
        new_user = NewUser(
            username=values["username"],
            role=changes["role"],
            clearance=changes["clearance"],
            groups=tuple(changes["groups"]),
            password_hash=password_hash,
            person=changes["person"],
            departments=tuple(changes["departments"]),
            display_name=changes["display_name"],
            email=changes["email"],
        )
        try:
            with catalogue.sessions.begin() as db:
                username = users.add(db, catalogue.scheme, new_user, principal.name).username
            return redirect(url_for("users.edit", username=username, notice="added"), 303)
        except UserError as error:
            errors[error.field or "username"] = str(error)
    return _form_page(None, values, errors, 400)


@bp.route(USER, methods=["GET", "POST"])
def edit(username: str) -> Any:
    principal = require_user_admin()
    catalogue = current_catalogue()
    with catalogue.sessions() as db:
        found = users.find(db, username)
        if found is None:
            if username == OLD_ADD_FORM:  # where the add form was: old links and bookmarks still work
                return redirect(url_for("users.new"), 308)
            abort(404, description="No user with that username.")
        user = _row(found)
    current = {
        **{k: user[k] for k in ("username", "display_name", "role", "clearance", "person")},
        "email": found.email or "",
        "groups": ", ".join(user["groups"]),
        "departments": ", ".join(user["departments"]),
    }
    if request.method == "GET":
        return _form_page(user, current, {}, 200)
    action = request.form.get("action", "save")
    errors: dict[str, str] = {}
    changes: dict[str, Any]
    if action in ("disable", "enable"):
        values, changes = current, {"disabled": action == "disable"}
    else:
        values = {**_form_values(request.form), "username": user["username"]}
        changes = _changes(values)
        errors = users.field_errors(catalogue.scheme, changes)
        password_hash = _password_hash(request.form, errors)
        if password_hash:
            changes["password_hash"] = password_hash
    status = 400
    if not errors:
        try:
            with catalogue.sessions.begin() as db:
                changed = users.update(db, catalogue.scheme, user["username"], changes, principal.name)
            notice = action + "d" if action in ("disable", "enable") else "saved" if changed else "unchanged"
            return redirect(url_for("users.edit", username=user["username"], notice=notice), 303)
        except AdminLockout as error:
            errors[error.field or "role"], status = str(error), 409
        except UserError as error:
            errors[error.field or "role"] = str(error)
    return _form_page(user, values, errors, status)
