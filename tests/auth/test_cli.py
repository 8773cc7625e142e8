"""`catalogue users ...` and `catalogue tokens ...`: the accounts they make sign in, the tokens they print
work against the API, and bad input gets one line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from catalogue.cli import main
from catalogue.models import AuditEvent, User
from catalogue.runtime import Catalogue
from tests.conftest import make_settings

from .conftest import PASSWORD, make_app, sign_in


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert CliRunner().invoke(main, ["--data", str(folder), "init"]).exit_code == 0
    return folder


def run(data: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(data), *args], input=stdin, env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def open_catalogue(data: Path) -> Catalogue:
    return Catalogue.open(make_settings(data))


def test_users_add_list_and_sign_in(data: Path) -> None:
    code, out, _ = run(
        data,
        "users",
        "add",
        "Ann",
        "--role",
        "curator",
        "--clearance",
        "OFFICIAL-SENSITIVE",
        "--group",
        "hr,finance",
        "--person",
        "Ann Lee",
        "--department",
        "Housing",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, out
    assert "Added user ann (curator, clearance OFFICIAL-SENSITIVE)" in out
    code, out, _ = run(data, "users", "list")
    assert code == 0
    row = next(line for line in out.splitlines() if "│ ann" in line)
    for value in ("curator", "OFFICIAL-SENSITIVE", "finance, hr", "Ann Lee", "Housing", "password", "active"):
        assert value in row
    catalogue = open_catalogue(data)
    client = make_app(catalogue).test_client()
    assert sign_in(client, "ann").status_code == 303
    catalogue.close()


def test_the_password_is_prompted_twice_and_must_be_long_enough(data: Path) -> None:
    code, _, err = run(data, "users", "add", "bob", "--clearance", "OFFICIAL", stdin="short\nshort\n")
    assert code == 1
    assert "at least 12 characters" in err
    code, out, _ = run(
        data, "users", "add", "bob", "--clearance", "OFFICIAL", stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert code == 0, out
    with open_catalogue(data).sessions() as db:
        stored = db.scalars(select(User.password_hash)).one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_set_role_set_clearance_disable_and_their_audit(data: Path) -> None:
    run(data, "users", "add", "ann", "--clearance", "OFFICIAL", "--password-stdin", stdin=PASSWORD)
    assert run(data, "users", "set-role", "ann", "admin")[0] == 0
    assert run(data, "users", "set-clearance", "ann", "SECRET")[0] == 0
    assert run(data, "users", "disable", "ann")[0] == 0
    catalogue = open_catalogue(data)
    with catalogue.sessions() as db:
        user = db.scalars(select(User)).one()
        assert (user.role, user.clearance, user.disabled) == ("admin", "SECRET", True)
        actions = [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        actors = {e.actor for e in db.scalars(select(AuditEvent))}
    assert actions == ["user.create", "user.role", "user.clearance", "user.disable"]
    assert all(actor.startswith("cli") for actor in actors)
    assert sign_in(make_app(catalogue).test_client(), "ann").status_code == 401
    catalogue.close()
    assert run(data, "users", "enable", "ann")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "set-role", "nobody", "admin"), "no user 'nobody'"),
        (("users", "set-clearance", "ann", "TOP"), "unknown clearance 'TOP'"),
        (("users", "add", "ann", "--clearance", "OFFICIAL", "--no-password"), "already exists"),
        (("users", "add", "carl", "--clearance", "TOP", "--no-password"), "unknown clearance"),
        (("tokens", "revoke", "42"), "no API token with id 42"),
        (("tokens", "create", "nobody", "--name", "x"), "no user 'nobody'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(data: Path, args: tuple[str, ...], message: str) -> None:
    run(data, "users", "add", "ann", "--clearance", "OFFICIAL", "--no-password")
    code, _, err = run(data, *args)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_tokens_create_prints_a_working_token_once_and_revoke_stops_it(data: Path) -> None:
    run(data, "users", "add", "ann", "--clearance", "SECRET", "--no-password")
    code, out, err = run(data, "tokens", "create", "ann", "--name", "nightly export")
    assert code == 0
    token = out.strip()
    assert token.startswith("cat_")
    assert "shown once" in err  # the message goes to stderr, the token alone to stdout
    catalogue = open_catalogue(data)
    api = make_app(catalogue).test_client()
    assert api.get("/api/v1/search", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    code, out, _ = run(data, "tokens", "list", "ann")
    assert "nightly export" in out
    assert token not in out
    assert f"...{token[-4:]}" in out
    assert run(data, "tokens", "revoke", "1")[0] == 0
    assert api.get("/api/v1/search", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with catalogue.sessions() as db:
        audit = repr([(e.action, e.details) for e in db.scalars(select(AuditEvent))])
    assert "token.create" in audit
    assert "token.revoke" in audit
    assert token not in audit
    catalogue.close()


def test_set_curation_links_a_person_and_departments(data: Path) -> None:
    run(data, "users", "add", "ann", "--role", "curator", "--clearance", "OFFICIAL", "--no-password")
    assert (
        run(data, "users", "set-curation", "ann", "--person", "Ann Lee", "--department", "Finance,Housing")[0]
        == 0
    )
    with open_catalogue(data).sessions() as db:
        user = db.scalars(select(User)).one()
        assert user.person is not None
        assert user.person.name == "Ann Lee"
        assert user.departments == ["Finance", "Housing"]
