"""`/users`: user administration for admins (list, add, read, change, disable), over `catalogue.auth.users`
like the CLI. Passwords are write-only: never answered, logged or audited (only that one was set)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from marshmallow import RAISE, Schema, fields

from catalogue import roles
from catalogue.access import Principal
from catalogue.api import schemas
from catalogue.api.blueprint import ApiError, bp, json_body, require_permission
from catalogue.api.doc_parts import SIGNED_IN
from catalogue.auth import passwords, users
from catalogue.auth.users import AdminLockout, NewUser, UserError, UserExists, UserNotFound
from catalogue.models import User
from catalogue.web.principals import current_catalogue

USER = "/users/<path:username>"


class UserSchema(Schema):
    username = fields.Str(required=True)
    display_name = fields.Str(required=True)
    email = fields.Str(required=True, allow_none=True)
    role = fields.Str(required=True, metadata={"description": ", ".join(roles.ROLES)})
    clearance = fields.Str(required=True, metadata={"description": "The highest classification they see"})
    groups = fields.List(fields.Str(), required=True, metadata={"description": "Access groups"})
    person = fields.Str(required=True, allow_none=True, metadata={"description": "Their owner/steward name"})
    departments = fields.List(
        fields.Str(), required=True, metadata={"description": "Departments they curate"}
    )
    disabled = fields.Bool(required=True)
    sign_in = fields.List(fields.Str(), required=True, metadata={"description": "password and/or sso"})
    created_at = fields.DateTime(required=True)
    last_signin_at = fields.DateTime(required=True, allow_none=True)


class UserListSchema(Schema):
    users = fields.List(fields.Nested(UserSchema), required=True, metadata={"description": "By username"})


_PASSWORD_HELP = (
    f"A local password (write-only; at least {passwords.MIN_LENGTH} characters). "
    "Leave it out for single sign-on only."
)


class UserPatchSchema(Schema):
    class Meta:
        unknown = RAISE

    display_name = fields.Str()
    email = fields.Str(allow_none=True)
    role = fields.Str(metadata={"description": ", ".join(roles.ROLES)})
    clearance = fields.Str(metadata={"description": "A level of the catalogue's classification scheme"})
    groups = fields.List(fields.Str())
    person = fields.Str(allow_none=True, metadata={"description": "Their name as an owner or steward"})
    departments = fields.List(fields.Str())
    disabled = fields.Bool(
        metadata={"description": "A disabled user's sessions end; their tokens stop working"}
    )
    password = fields.Str(
        load_only=True, metadata={"description": _PASSWORD_HELP + " Setting it ends their sessions."}
    )


class UserCreateSchema(UserPatchSchema):
    class Meta:
        unknown = RAISE

    username = fields.Str(required=True)
    role = fields.Str(required=True, metadata={"description": ", ".join(roles.ROLES)})
    clearance = fields.Str(required=True)
    password = fields.Str(load_only=True, metadata={"description": _PASSWORD_HELP})


def user_data(user: User) -> Any:
    return UserSchema().dump(
        {
            **{k: getattr(user, k) for k in ("username", "display_name", "email", "role", "clearance")},
            **{k: getattr(user, k) for k in ("disabled", "created_at", "last_signin_at")},
            "groups": list(user.groups or ()),
            "person": user.person.name if user.person else None,
            "departments": user.departments,
            "sign_in": users.sign_in_methods(user),
        }
    )


def check_user_admin() -> Principal:
    return require_permission(
        roles.MANAGE_USERS, sign_in="Sign in to manage users.", refused="Only admins may manage users."
    )


def _invalid(details: dict[str, str]) -> ApiError:
    return ApiError(400, "Some values cannot be used.", details, "invalid_value")


def _user_error(error: UserError) -> ApiError:
    if isinstance(error, UserNotFound):
        return ApiError(404, "No user with that username.", code="not_found")
    if isinstance(error, UserExists):
        return ApiError(409, str(error), {"username": str(error)}, "exists")
    if isinstance(error, AdminLockout):
        return ApiError(409, str(error), {error.field or "_schema": str(error)}, "admin_lockout")
    return _invalid({error.field or "_schema": str(error)})


def _password_hash(values: dict[str, Any]) -> str | None:
    """The hash of the password sent (taken out of `values`), or None when none was."""
    password = values.pop("password", None)
    if password is None:
        return None
    try:
        return passwords.hash_password(password)
    except passwords.WeakPassword as error:
        raise _invalid({"password": str(error)}) from None


@bp.get("/users")
def list_users() -> Any:
    check_user_admin()
    from sqlalchemy import select

    with current_catalogue().sessions() as db:
        return {"users": [user_data(u) for u in db.scalars(select(User).order_by(User.username))]}


@bp.post("/users")
def create_user() -> Any:
    principal = check_user_admin()
    values = json_body(UserCreateSchema())
    catalogue = current_catalogue()
    errors = users.field_errors(catalogue.scheme, values)
    if errors:
        raise _invalid(errors)
    password_hash = _password_hash(values)
    new = NewUser(
        username=values["username"],
        role=values["role"],
        clearance=values["clearance"],
        groups=tuple(values.get("groups", ())),
        password_hash=password_hash,
        person=values.get("person"),
        departments=tuple(values.get("departments", ())),
        display_name=values.get("display_name", ""),
        email=(values.get("email") or "").strip() or None,
    )
    try:
        with catalogue.sessions.begin() as db:
            user = users.add(db, catalogue.scheme, new, principal.name)
            if values.get("disabled"):
                users.set_disabled(db, user.username, True, principal.name)
            body, username = user_data(user), user.username
    except UserError as error:
        raise _user_error(error) from None
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_user", username=username)
    return response


@bp.get(USER)
def get_user(username: str) -> Any:
    check_user_admin()
    try:
        with current_catalogue().sessions() as db:
            return user_data(users.get(db, username))
    except UserError as error:
        raise _user_error(error) from None


@bp.patch(USER)
def patch_user(username: str) -> Any:
    principal = check_user_admin()
    values = json_body(UserPatchSchema())
    catalogue = current_catalogue()
    errors = users.field_errors(catalogue.scheme, values)
    if errors:
        raise _invalid(errors)
    try:
        with catalogue.sessions() as db:
            users.get(db, username)  # 404 before a costly hash
    except UserError as error:
        raise _user_error(error) from None
    password_hash = _password_hash(values)
    if password_hash:
        values["password_hash"] = password_hash
    try:
        with catalogue.sessions.begin() as db:
            users.update(db, catalogue.scheme, username, values, principal.name)
            return user_data(users.get(db, username))
    except UserError as error:
        raise _user_error(error) from None


def _json(schema: Any, description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}, **extra}


_USERNAME = {"in": "path", "name": "username", "required": True, "schema": {"type": "string"}}
_LOCATION = {"Location": {"description": "The new user", "schema": {"type": "string"}}}
_ADMIN_ERRORS = {"401": "Unauthorized", "403": "Forbidden"}

ERRORS = {
    "NoSuchUser": ("404", "No user with that username.", schemas.ErrorSchema),
    "UserConflict": (
        "409",
        "The username is taken (code `exists`), or the change would disable or demote the admin making it "
        "or the last enabled admin (`admin_lockout`).",
        schemas.ErrorSchema,
    ),
}

OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "list_users": {
        "get": {
            "summary": "Every user (admins)",
            "operationId": "listUsers",
            "security": SIGNED_IN,
            "responses": {"200": _json(UserListSchema, "The users"), **_ADMIN_ERRORS},
        }
    },
    "create_user": {
        "post": {
            "summary": "Add a user (admins)",
            "operationId": "createUser",
            "security": SIGNED_IN,
            "requestBody": {"required": True, "content": {"application/json": {"schema": UserCreateSchema}}},
            "responses": {
                "201": _json(UserSchema, "The new user", headers=_LOCATION),
                "400": "BadRequest",
                **_ADMIN_ERRORS,
                "409": "UserConflict",
            },
        }
    },
    "get_user": {
        "get": {
            "summary": "One user (admins)",
            "operationId": "getUser",
            "parameters": [_USERNAME],
            "security": SIGNED_IN,
            "responses": {"200": _json(UserSchema, "The user"), **_ADMIN_ERRORS, "404": "NoSuchUser"},
        }
    },
    "patch_user": {
        "patch": {
            "summary": "Change a user, enable or disable them, or set their password (admins)",
            "description": "Only the fields sent change, each change audited. A new password or disabling "
            "ends the user's sessions; a new role or clearance applies from their next request.",
            "operationId": "patchUser",
            "parameters": [_USERNAME],
            "security": SIGNED_IN,
            "requestBody": {"required": True, "content": {"application/json": {"schema": UserPatchSchema}}},
            "responses": {
                "200": _json(UserSchema, "The changed user"),
                "400": "BadRequest",
                **_ADMIN_ERRORS,
                "404": "NoSuchUser",
                "409": "UserConflict",
            },
        }
    },
}
SCHEMAS = {  # nested first
    "User": UserSchema,
    "UserList": UserListSchema,
    "UserCreate": UserCreateSchema,
    "UserPatch": UserPatchSchema,
}
