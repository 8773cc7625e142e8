"""The `catalogue users ...` and `catalogue tokens ...` commands: local accounts, roles, clearances and
API tokens. Every change is recorded in the audit log as `cli:<your login>`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from catalogue import roles
from catalogue.audit import record_event
from catalogue.auth import passwords, tokens, users
from catalogue.auth.users import NewUser
from catalogue.cli_harvest import _actor, _open, refuse_cleanly
from catalogue.models import User, utcnow
from catalogue.runtime import Catalogue
from catalogue.terminal import console, errors

ROLE_CHOICE = click.Choice(roles.ROLES)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists both work: --group HR --group Finance, or HR,Finance."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@contextmanager
def _transaction(ctx: click.Context) -> Iterator[tuple[Catalogue, Session]]:
    """The configured catalogue and one database transaction, closed however the command ends."""
    catalogue = _open(ctx)
    try:
        with catalogue.sessions.begin() as db:
            yield catalogue, db
    finally:
        catalogue.close()


@click.group("users")
def users_group() -> None:
    """Local user accounts: add, list, and change roles and clearances."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, default=roles.VIEWER, show_default=True)
@click.option("--clearance", required=True, help="The highest classification they may see.")
@click.option("--group", "--groups", "groups", multiple=True, help="An access group; repeatable or a,b.")
@click.option("--person", help="Their name as an owner or steward of assets (for 'My assets' and editing).")
@click.option("--department", "--departments", "departments", multiple=True, help="A department they curate.")
@click.option("--display-name", default="", help="Their full name (default: the username).")
@click.option("--email", help="Their email address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (scripts).")
@click.option("--no-password", is_flag=True, help="No local password: they sign in with single sign-on.")
@click.pass_context
@refuse_cleanly
def add_user(
    ctx: click.Context,
    username: str,
    role: str,
    clearance: str,
    groups: tuple[str, ...],
    person: str | None,
    departments: tuple[str, ...],
    display_name: str,
    email: str | None,
    password_stdin: bool,
    no_password: bool,
) -> None:
    """Add a user. The password is asked for twice (or read from standard input with --password-stdin)."""
    password_hash = None if no_password else passwords.hash_password(_read_password(password_stdin))
    catalogue = _open(ctx)
    new = NewUser(
        username=username,
        role=role,
        clearance=clearance,
        groups=_split(groups),
        password_hash=password_hash,
        person=person,
        departments=_split(departments),
        display_name=display_name,
        email=email,
    )
    with catalogue.sessions.begin() as db:
        user = users.add(db, catalogue.scheme, new, _actor())
        console.print(f"Added user {escape(user.username)} ({user.role}, clearance {user.clearance}).")
    catalogue.close()


@users_group.command("list")
@click.pass_context
@refuse_cleanly
def list_users(ctx: click.Context) -> None:
    """List users with their role, clearance, groups and state."""
    from sqlalchemy import select

    catalogue = _open(ctx)
    table = Table(title="Users")
    for column in (
        "username",
        "name",
        "role",
        "clearance",
        "groups",
        "person",
        "departments",
        "sign-in",
        "state",
    ):
        table.add_column(column, overflow="fold")
    with catalogue.sessions() as db:
        for user in db.scalars(select(User).order_by(User.username)):
            table.add_row(
                escape(user.username),
                escape(user.display_name),
                user.role,
                user.clearance,
                escape(", ".join(user.groups or ())),
                escape(user.person.name) if user.person else "",
                escape(", ".join(user.departments)),
                ", ".join(m for m, on in (("password", user.password_hash), ("sso", user.external_id)) if on),
                "disabled" if user.disabled else "active",
            )
    console.print(table)
    catalogue.close()


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_context
@refuse_cleanly
def set_role(ctx: click.Context, username: str, role: str) -> None:
    """Change a user's role (it applies from their next request)."""
    with _transaction(ctx) as (_catalogue, db):
        users.set_role(db, username, role, _actor())
    console.print(f"{escape(username)} is now {role}.")


@users_group.command("set-clearance")
@click.argument("username")
@click.argument("clearance")
@click.pass_context
@refuse_cleanly
def set_clearance(ctx: click.Context, username: str, clearance: str) -> None:
    """Change a user's clearance (it applies from their next request)."""
    with _transaction(ctx) as (catalogue, db):
        users.set_clearance(db, catalogue.scheme, username, clearance, _actor())
    console.print(f"{escape(username)} now has clearance {clearance}.")


@users_group.command("set-groups")
@click.argument("username")
@click.argument("groups", nargs=-1)
@click.pass_context
@refuse_cleanly
def set_groups(ctx: click.Context, username: str, groups: tuple[str, ...]) -> None:
    """Replace a user's access groups (none given: no groups)."""
    with _transaction(ctx) as (_catalogue, db):
        user = users.set_groups(db, username, _split(groups), _actor())
        console.print(f"{escape(username)} is in: {escape(', '.join(user.groups)) or 'no groups'}.")


@users_group.command("set-curation")
@click.argument("username")
@click.option("--person", help="Their name as an owner or steward ('' for none).")
@click.option("--department", "--departments", "departments", multiple=True, help="A department they curate.")
@click.pass_context
@refuse_cleanly
def set_curation(ctx: click.Context, username: str, person: str | None, departments: tuple[str, ...]) -> None:
    """Set whose assets a curator edits: their person name and the departments granted to them."""
    with _transaction(ctx) as (_catalogue, db):
        if person is not None:
            users.set_person(db, username, person or None, _actor())
        users.set_departments(db, username, _split(departments), _actor())
    console.print(f"Changed what {escape(username)} curates.")


@users_group.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (scripts).")
@click.pass_context
@refuse_cleanly
def set_password(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Set a user's password; their open sessions end."""
    password_hash = passwords.hash_password(_read_password(password_stdin))
    with _transaction(ctx) as (_catalogue, db):
        users.set_password(db, username, password_hash, _actor())
    console.print(f"Password of {escape(username)} changed; their sessions have ended.")


@users_group.command("disable")
@click.argument("username")
@click.pass_context
@refuse_cleanly
def disable(ctx: click.Context, username: str) -> None:
    """Disable a user: their sessions end and their API tokens stop working at once."""
    with _transaction(ctx) as (_catalogue, db):
        users.set_disabled(db, username, True, _actor())
    console.print(f"Disabled {escape(username)}.")


@users_group.command("enable")
@click.argument("username")
@click.pass_context
@refuse_cleanly
def enable(ctx: click.Context, username: str) -> None:
    """Enable a disabled user again."""
    with _transaction(ctx) as (_catalogue, db):
        users.set_disabled(db, username, False, _actor())
    console.print(f"Enabled {escape(username)}.")


@click.group("tokens")
def tokens_group() -> None:
    """API tokens for scripts (sent as `Authorization: Bearer <token>`)."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for.")
@click.pass_context
@refuse_cleanly
def create_token(ctx: click.Context, username: str, name: str) -> None:
    """Create a token for a user and print it (the only time it is shown)."""
    catalogue = _open(ctx)
    with catalogue.sessions.begin() as db:
        user = users.get(db, username)
        row, raw = tokens.create(db, user, name, utcnow())
        record_event(
            db,
            _actor(),
            "token.create",
            target_type="api_token",
            target_id=row.id,
            user=user.username,
            name=row.name,
        )
        token_id = row.id
    errors.print(f"Token {token_id} for {escape(username)} (shown once; store it safely):", highlight=False)
    click.echo(raw)
    catalogue.close()


@tokens_group.command("list")
@click.argument("username", required=False)
@click.pass_context
@refuse_cleanly
def list_tokens(ctx: click.Context, username: str | None) -> None:
    """List tokens (of one user, or everyone's): never the tokens themselves."""
    from sqlalchemy import select

    from catalogue.models import ApiToken

    catalogue = _open(ctx)
    table = Table(title="API tokens")
    for column in ("id", "user", "name", "ends with", "created", "last used", "state"):
        table.add_column(column, overflow="fold")
    with catalogue.sessions() as db:
        query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
        if username:
            query = query.where(User.id == users.get(db, username).id)
        for token, owner in db.execute(query):
            table.add_row(
                str(token.id),
                escape(owner),
                escape(token.name),
                f"...{token.hint}",
                f"{token.created_at:%Y-%m-%d %H:%M}",
                f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never",
                "revoked" if token.revoked_at else "active",
            )
    console.print(table)
    catalogue.close()


@tokens_group.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**63 - 1))
@click.pass_context
@refuse_cleanly
def revoke_token(ctx: click.Context, token_id: int) -> None:
    """Revoke a token: it stops working on its next request."""
    catalogue = _open(ctx)
    try:
        with catalogue.sessions.begin() as db:
            row = tokens.revoke(db, token_id, utcnow())
            record_event(
                db, _actor(), "token.revoke", target_type="api_token", target_id=row.id, name=row.name
            )
    except tokens.TokenNotFound as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        sys.exit(1)
    console.print(f"Revoked token {token_id}.")
    catalogue.close()


def register(main: click.Group) -> None:
    main.add_command(users_group)
    main.add_command(tokens_group)
