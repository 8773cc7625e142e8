"""User administration (the CLI, the demo and single sign-on call these) and the principal of a user.

Every change is recorded in the audit log in the same transaction; password hashes never are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from catalogue import roles
from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.auth import sessions
from catalogue.auth.oidc_claims import OidcIdentity
from catalogue.classification import ClassificationScheme
from catalogue.models import Person, User, UserDepartment


class UserError(ValueError):
    """A user that does not exist, already exists, or a value that cannot be used (`field` names the value,
    when one does)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UserNotFound(UserError):
    """No user with that username."""


class UserExists(UserError):
    """A user with that username already exists."""


class AdminLockout(UserError):
    """A change that would lock the admins out: an admin disabling or demoting themselves, or the last
    enabled admin being disabled or demoted."""


def normalise_username(username: str) -> str:
    """Usernames are compared without case or surrounding spaces (as Entra ID compares UPNs)."""
    name = username.strip().lower()
    if not name or len(name) > 200 or any(c.isspace() for c in name):
        raise UserError(f"{username!r} is not a usable username (no spaces, 1 to 200 characters)", "username")
    return name


def find(db: Session, username: str) -> User | None:
    return db.scalar(select(User).where(User.username == username.strip().lower()))


def get(db: Session, username: str) -> User:
    user = find(db, username)
    if user is None:
        raise UserNotFound(f"no user {username!r}")
    return user


def check_clearance(scheme: ClassificationScheme, clearance: str) -> str:
    if clearance not in scheme.levels:
        raise UserError(
            f"unknown clearance {clearance!r}: use one of {', '.join(scheme.levels)}", "clearance"
        )
    return clearance


def check_role(role: str) -> str:
    try:
        return roles.check_role(role)
    except ValueError as error:
        raise UserError(str(error), "role") from None


def person_named(db: Session, name: str) -> Person:
    """The person (an owner or steward) with this name, added to the directory if new."""
    name = " ".join(name.split())
    person = db.scalar(select(Person).where(Person.name == name))
    if person is None:
        person = Person(name=name)
        db.add(person)
        db.flush()
    return person


@dataclass(frozen=True)
class NewUser:
    username: str
    role: str
    clearance: str
    groups: tuple[str, ...] = ()
    password_hash: str | None = None
    person: str | None = None
    departments: tuple[str, ...] = ()
    display_name: str = ""
    email: str | None = None
    external_id: str | None = None


def add(db: Session, scheme: ClassificationScheme, new: NewUser, actor: str) -> User:
    username = normalise_username(new.username)
    if find(db, username) is not None:
        raise UserExists(f"user {username!r} already exists", "username")
    user = User(
        username=username,
        display_name=new.display_name or username,
        email=new.email,
        role=check_role(new.role),
        clearance=check_clearance(scheme, new.clearance),
        groups=_clean(new.groups),
        password_hash=new.password_hash,
        external_id=new.external_id,
        person_id=person_named(db, new.person).id if new.person else None,
        department_rows=[UserDepartment(department=d) for d in _clean(new.departments)],
    )
    db.add(user)
    db.flush()
    record_event(
        db,
        actor,
        "user.create",
        target_type="user",
        target_id=username,
        new={
            "role": user.role,
            "clearance": user.clearance,
            "groups": user.groups,
            "person": new.person,
            "departments": user.departments,
            "password": "set" if new.password_hash else "none",
        },
    )
    return user


def _clean(values: Iterable[str]) -> list[str]:
    return sorted({" ".join(v.split()) for v in values if v.strip()})


def set_role(db: Session, username: str, role: str, actor: str) -> User:
    user = get(db, username)
    old, user.role = user.role, check_role(role)
    record_event(db, actor, "user.role", target_type="user", target_id=user.username, old=old, new=user.role)
    return user


def set_clearance(
    db: Session, scheme: ClassificationScheme, username: str, clearance: str, actor: str
) -> User:
    user = get(db, username)
    old, user.clearance = user.clearance, check_clearance(scheme, clearance)
    record_event(
        db, actor, "user.clearance", target_type="user", target_id=user.username, old=old, new=user.clearance
    )
    return user


def set_groups(db: Session, username: str, groups: Iterable[str], actor: str) -> User:
    user = get(db, username)
    old, user.groups = list(user.groups), _clean(groups)
    record_event(
        db, actor, "user.groups", target_type="user", target_id=user.username, old=old, new=user.groups
    )
    return user


def set_departments(db: Session, username: str, departments: Iterable[str], actor: str) -> User:
    user = get(db, username)
    old = user.departments
    user.department_rows = [UserDepartment(department=d) for d in _clean(departments)]
    db.flush()
    record_event(
        db,
        actor,
        "user.departments",
        target_type="user",
        target_id=user.username,
        old=old,
        new=user.departments,
    )
    return user


def set_person(db: Session, username: str, person: str | None, actor: str) -> User:
    user = get(db, username)
    old = user.person.name if user.person else None
    user.person = person_named(db, person) if person else None
    record_event(db, actor, "user.person", target_type="user", target_id=user.username, old=old, new=person)
    return user


def set_password(db: Session, username: str, password_hash: str, actor: str) -> User:
    """Set a new password hash and end the user's sessions (a reset locks out whoever had them)."""
    user = get(db, username)
    user.password_hash = password_hash
    sessions.end_all(db, user.id)
    record_event(db, actor, "user.password", target_type="user", target_id=user.username)
    return user


def set_disabled(db: Session, username: str, disabled: bool, actor: str) -> User:
    """Disable (or enable) a user. A disabled user's sessions end; their tokens stop working while
    disabled (they work again if the user is enabled, unless revoked)."""
    user = get(db, username)
    user.disabled = disabled
    if disabled:
        sessions.end_all(db, user.id)
    record_event(
        db, actor, "user.disable" if disabled else "user.enable", target_type="user", target_id=user.username
    )
    return user


def set_details(db: Session, username: str, details: Mapping[str, str | None], actor: str) -> User:
    """Change a user's display name and/or email (the keys given; an empty display name is the username,
    an empty email none). One audit event with the old and new values of what changed, if anything did."""
    user = get(db, username)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if "display_name" in details:
        name = " ".join((details["display_name"] or "").split()) or user.username
        if name != user.display_name:
            old["display_name"], new["display_name"], user.display_name = user.display_name, name, name
    if "email" in details:
        email = (details["email"] or "").strip() or None
        if email != user.email:
            old["email"], new["email"], user.email = user.email, email, email
    if new:
        record_event(db, actor, "user.details", target_type="user", target_id=user.username, old=old, new=new)
    return user


TEXT_LIMITS = {"display_name": 300, "email": 300, "person": 300}


def field_errors(scheme: ClassificationScheme, values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with each of these values (username, role, clearance, display_name, email, person,
    groups, departments) that `add` or `update` would refuse, by field; empty when they can be used."""
    errors: dict[str, str] = {}

    def clearance(value: str) -> str:
        return check_clearance(scheme, value)

    checks: dict[str, Callable[[str], str]] = {
        "username": normalise_username,
        "role": check_role,
        "clearance": clearance,
    }
    for name, check in checks.items():
        if name in values:
            try:
                check(values[name])
            except UserError as error:
                errors[name] = str(error)
    for name, limit in TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"at most {limit} characters"
    email = (values.get("email") or "").strip()
    if email and ("@" not in email or any(c.isspace() for c in email)):
        errors.setdefault("email", "not an email address (like name@example.org)")
    for name in ("groups", "departments"):
        if any(len(v) > 300 for v in values.get(name) or ()):
            errors[name] = "each at most 300 characters"
    return errors


# What `update` may change.
EDITABLE = frozenset(
    {
        "display_name",
        "email",
        "role",
        "clearance",
        "groups",
        "person",
        "departments",
        "password_hash",
        "disabled",
    }
)


def _may_manage(role: str) -> bool:
    return roles.may(role, roles.MANAGE_USERS)


def guard_admins(db: Session, user: User, actor: str, role: str, disabled: bool) -> None:
    """Refuse (AdminLockout) a change that takes user management away from an enabled admin when that
    admin is the one acting, or is the last enabled admin."""
    if not _may_manage(user.role) or user.disabled or (_may_manage(role) and not disabled):
        return
    if user.username == actor:
        raise AdminLockout(
            "You cannot disable yourself or remove your own admin role: ask another admin to do it.",
            "disabled" if disabled else "role",
        )
    others = [admin for admin in _locked_admins(db) if admin != user.id]
    if not others:
        raise AdminLockout(
            f"{user.username} is the last enabled admin: make another user an admin first.",
            "disabled" if disabled else "role",
        )


def _locked_admins(db: Session) -> list[int]:
    """The enabled admins' ids, read under a lock that every admin-removing change takes, so that two
    admins demoting each other at once cannot both pass the last-admin check: the second waits until the
    first commits, then reads the result. PostgreSQL and MariaDB lock the admins' rows (FOR UPDATE);
    SQLite has no row locks, so the transaction takes the database's write lock first."""
    if db.get_bind().dialect.name == "sqlite":
        db.execute(sql_update(User).where(false()).values(role=User.role))  # writes nothing, takes the lock
    admin_roles = [r for r in roles.ROLES if _may_manage(r)]
    query = select(User.id).where(User.role.in_(admin_roles), User.disabled.is_(False))
    return list(db.scalars(query.with_for_update()))


def update(
    db: Session, scheme: ClassificationScheme, username: str, changes: Mapping[str, Any], actor: str
) -> list[str]:
    """Apply the changes (keys from EDITABLE; `password_hash` already hashed) that differ from the user's
    values, each recorded by its own audit event; returns the names of the fields that changed.

    Everything is checked before anything changes: UserError (with its field) for a bad value,
    AdminLockout when an admin would disable or demote themselves or the last enabled admin."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise UserError(f"cannot change {', '.join(unknown)}", unknown[0])
    user = get(db, username)
    errors = field_errors(scheme, changes)
    if errors:
        field, message = next(iter(errors.items()))
        raise UserError(message, field)
    role = changes.get("role", user.role)
    disabled = bool(changes.get("disabled", user.disabled))
    guard_admins(db, user, actor, role, disabled)

    changed: list[str] = []
    details = {name: changes[name] for name in ("display_name", "email") if name in changes}
    if details:
        before = {"display_name": user.display_name, "email": user.email}
        set_details(db, user.username, details, actor)
        changed += [name for name, value in before.items() if getattr(user, name) != value]
    if role != user.role:
        set_role(db, user.username, role, actor)
        changed.append("role")
    if "clearance" in changes and changes["clearance"] != user.clearance:
        set_clearance(db, scheme, user.username, changes["clearance"], actor)
        changed.append("clearance")
    if "groups" in changes and _clean(changes["groups"] or ()) != sorted(user.groups or ()):
        set_groups(db, user.username, changes["groups"] or (), actor)
        changed.append("groups")
    if "person" in changes:
        person = " ".join((changes["person"] or "").split()) or None
        if person != (user.person.name if user.person else None):
            set_person(db, user.username, person, actor)
            changed.append("person")
    if "departments" in changes and _clean(changes["departments"] or ()) != user.departments:
        set_departments(db, user.username, changes["departments"] or (), actor)
        changed.append("departments")
    if changes.get("password_hash"):
        set_password(db, user.username, changes["password_hash"], actor)
        changed.append("password")
    if disabled != user.disabled:
        set_disabled(db, user.username, disabled, actor)
        changed.append("disabled")
    return changed


def sign_in_methods(user: User) -> list[str]:
    """How a user can sign in: "password" and/or "sso" (single sign-on)."""
    return [method for method, on in (("password", user.password_hash), ("sso", user.external_id)) if on]


def principal_for(user: User) -> Principal:
    """What a signed-in user may see and do, read afresh on every request (so a revoked clearance or a
    new role applies at once)."""
    return Principal(
        name=user.username,
        clearance=user.clearance,
        groups=frozenset(str(g) for g in user.groups or ()),
        role=user.role,
        user_id=user.id,
        person=user.person.name if user.person else None,
        curated_departments=frozenset(user.departments),
    )


def sync_identity(db: Session, scheme: ClassificationScheme, identity: OidcIdentity) -> User:
    """The user a single sign-on identity belongs to: found by its external id, else linked by username
    (a user added beforehand), else created. Role, clearance and groups follow the identity provider at
    every sign-in; changes are audited."""
    user = db.scalar(select(User).where(User.external_id == identity.external_id))
    if user is None:
        user = find(db, identity.username)
        if user is not None and user.external_id not in (None, identity.external_id):
            raise UserError(f"user {user.username!r} is linked to another single sign-on identity")
    if user is None:
        new = NewUser(
            username=identity.username,
            role=identity.role,
            clearance=identity.clearance,
            groups=identity.groups,
            display_name=identity.display_name,
            email=identity.email,
            external_id=identity.external_id,
        )
        return add(db, scheme, new, "oidc")
    user.external_id = identity.external_id
    user.display_name, user.email = identity.display_name, identity.email
    if user.role != identity.role:
        set_role(db, user.username, identity.role, "oidc")
    if user.clearance != identity.clearance:
        set_clearance(db, scheme, user.username, identity.clearance, "oidc")
    if sorted(user.groups or ()) != list(identity.groups):
        set_groups(db, user.username, identity.groups, "oidc")
    return user
