"""Sign-in is rate-limited per username and per client address, in the database (so every web process
counts the same attempts), with a lockout window; every attempt is audited without the password."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.auth.throttle import ADDRESS_FACTOR
from catalogue.models import AuditEvent, LoginAttempt
from catalogue.runtime import Catalogue

from .conftest import PASSWORD, AddUser, FakeClock, make_app, session_cookie, sign_in

WRONG = "definitely-not-the-password"


def test_too_many_failures_lock_the_username_until_the_window_passes(
    client: FlaskClient, clock: FakeClock, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    limit = cat.settings.login_max_failures
    for _ in range(limit):
        assert sign_in(client, "ann", WRONG).status_code == 401
    locked = sign_in(client, "ann", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert session_cookie(client) is None
    clock.advance(seconds=cat.settings.login_lockout_seconds - 1)
    assert sign_in(client, "ann", PASSWORD).status_code == 429
    clock.advance(seconds=2)
    assert sign_in(client, "ann", PASSWORD).status_code == 303


def test_the_lockout_holds_across_processes(cat: Catalogue, clock: FakeClock, add_user: AddUser) -> None:
    """Two app instances (as two web workers) share the count through the database."""
    add_user("ann")
    first, second = make_app(cat, clock).test_client(), make_app(cat, clock).test_client()
    limit = cat.settings.login_max_failures
    for attempt in range(limit):
        sign_in(first if attempt % 2 else second, "ann", WRONG)
    assert sign_in(first, "ann", PASSWORD).status_code == 429
    assert sign_in(second, "ann", PASSWORD).status_code == 429


def test_a_success_clears_the_failures_of_that_username(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    limit = cat.settings.login_max_failures
    for _ in range(limit - 1):
        sign_in(client, "ann", WRONG)
    assert sign_in(client, "ann", PASSWORD).status_code == 303
    with cat.sessions() as db:
        assert db.scalar(select(LoginAttempt).where(LoginAttempt.username == "ann")) is None


@pytest.mark.parametrize("auth_settings", [{"login_max_failures": 2}])
def test_one_address_guessing_many_usernames_is_locked_out(
    cat: Catalogue, client: FlaskClient, add_user: AddUser
) -> None:
    add_user("ann")
    for number in range(2 * ADDRESS_FACTOR):  # one failure for each of many usernames, from one address
        assert sign_in(client, f"user{number}", WRONG).status_code == 401
    assert sign_in(client, "ann", PASSWORD).status_code == 429
    other_address = client.application.test_client()
    token_page = other_address.get("/sign-in", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert token_page.status_code == 200
    response = sign_in_from(other_address, "10.0.0.9", "ann")
    assert response.status_code == 303  # ann herself is not locked: only that address is


def sign_in_from(client: FlaskClient, address: str, username: str) -> object:
    from .conftest import csrf_from

    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/sign-in", environ_base=environ).get_data(as_text=True))
    return client.post(
        "/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        environ_base=environ,
    )


def test_sign_ins_are_audited_and_no_password_reaches_the_audit_log_or_the_logs(
    client: FlaskClient, cat: Catalogue, add_user: AddUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    add_user("ann")
    sign_in(client, "ann", WRONG)
    sign_in(client, "nobody", WRONG)
    sign_in(client, "ann", PASSWORD)
    with cat.sessions() as db:
        events = list(
            db.scalars(select(AuditEvent).where(AuditEvent.action.like("user.sign%")).order_by(AuditEvent.id))
        )
    assert [(e.actor, e.action, e.details.get("reason")) for e in events] == [
        ("ann", "user.signin_failed", "wrong password"),
        ("nobody", "user.signin_failed", "unknown user"),
        ("ann", "user.signin", None),
    ]
    assert all(e.details["address"] == "127.0.0.1" for e in events)
    everything = repr([(e.actor, e.details) for e in events]) + caplog.text
    assert WRONG not in everything
    assert PASSWORD not in everything
