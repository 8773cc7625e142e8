"""Server-side sessions: a new id at every sign-in, only its digest stored, sign-out deletes it (a replayed
cookie gets nothing), idle and absolute timeouts, and cookie flags."""

from __future__ import annotations

import hashlib
from typing import Any

from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import User, UserSession
from catalogue.runtime import Catalogue

from .conftest import PASSWORD, AddUser, FakeClock, adder, make_app, page_csrf, session_cookie, sign_in


def _signed_in(client: FlaskClient) -> bool:
    """Whether the client is signed in (the home page, not the sign-in redirect)."""
    return client.get("/").status_code == 200


def test_sign_in_redirects_back_and_signs_the_session_in(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    assert client.get("/search?q=parking").headers["Location"] == "/sign-in?next=/search?q%3Dparking"
    response = sign_in(client, "ANN ", next="/search?q=parking")  # usernames ignore case and spaces
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=parking"
    assert _signed_in(client)
    assert "ann" in client.get("/").get_data(as_text=True)


def test_sign_in_works_on_each_database(pg_cat: Catalogue, password_hash: str) -> None:
    adder(pg_cat, password_hash)("ann")
    client = make_app(pg_cat).test_client()
    assert sign_in(client, "ann").status_code == 303
    assert _signed_in(client)
    with pg_cat.sessions() as db:
        assert db.scalar(select(UserSession.method)) == "password"


def test_only_the_digest_of_the_session_id_is_stored(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    sign_in(client, "ann")
    raw = session_cookie(client)
    assert raw
    assert len(raw) >= 43  # 32 random bytes
    with cat.sessions() as db:
        stored = list(db.scalars(select(UserSession.id_hash)))
    assert stored == [hashlib.sha256(raw.encode()).hexdigest()]


def test_every_sign_in_gets_a_new_session_id_and_ends_the_old_one(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    add_user("bob")
    sign_in(client, "ann")
    first = session_cookie(client)
    # the same browser signs in again, as someone else, without signing out
    token = page_csrf(client)
    client.post("/sign-in", data={"username": "bob", "password": PASSWORD, "csrf_token": token})
    second = session_cookie(client)
    assert first
    assert second
    assert first != second
    with cat.sessions() as db:
        assert (
            db.scalar(
                select(UserSession).where(UserSession.id_hash == hashlib.sha256(first.encode()).hexdigest())
            )
            is None
        )
    client.set_cookie("catalogue_session", first)
    assert not _signed_in(client)  # the old id is dead


def test_a_session_id_planted_before_sign_in_is_not_kept(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    client.set_cookie("catalogue_session", "planted-by-an-attacker")
    sign_in(client, "ann")
    assert session_cookie(client) != "planted-by-an-attacker"


def test_sign_out_deletes_the_session_so_a_replayed_cookie_fails(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    add_user("ann")
    sign_in(client, "ann")
    cookie = session_cookie(client)
    response = client.post("/sign-out", data={"csrf_token": page_csrf(client)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in?notice=signed_out"
    assert session_cookie(client) is None
    with cat.sessions() as db:
        assert db.scalar(select(UserSession)) is None
    assert cookie
    client.set_cookie("catalogue_session", cookie)  # replay the stolen cookie
    assert client.get("/").headers["Location"].startswith("/sign-in")
    assert client.get("/api/v1/search").status_code == 401


def test_a_session_idle_past_the_idle_timeout_ends(
    client: FlaskClient, clock: FakeClock, add_user: AddUser, cat: Catalogue
) -> None:
    idle = cat.settings.session_idle_timeout
    add_user("ann")
    sign_in(client, "ann")
    clock.advance(seconds=idle - 1)
    assert _signed_in(client)  # activity keeps it alive...
    clock.advance(seconds=idle - 1)
    assert _signed_in(client)  # ...for another idle period from the last request
    clock.advance(seconds=idle)
    assert not _signed_in(client)
    with cat.sessions() as db:
        assert db.scalar(select(UserSession)) is None  # the expired row is gone


def test_a_session_ends_at_the_absolute_timeout_however_active(
    client: FlaskClient, clock: FakeClock, add_user: AddUser, cat: Catalogue
) -> None:
    absolute = cat.settings.session_absolute_timeout
    step = cat.settings.session_idle_timeout // 2
    add_user("ann")
    sign_in(client, "ann")
    elapsed = 0
    while elapsed + step < absolute:
        clock.advance(seconds=step)
        elapsed += step
        assert _signed_in(client)
    clock.advance(seconds=absolute - elapsed)
    assert not _signed_in(client)


def test_session_cookie_flags(client: FlaskClient, add_user: AddUser) -> None:
    add_user("ann")
    header = sign_in(client, "ann").headers.get_all("Set-Cookie")
    cookie = next(h for h in header if h.startswith("catalogue_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in development; see the production test


def test_production_cookies_are_secure_and_host_prefixed(cat: Catalogue, password_hash: str) -> None:
    production = Catalogue(
        cat.settings.with_overrides(env="production", secret_key="k" * 8 + "9f2Qx7Lm4Np1Rs8Tv3Wy6Za0Bc5De2"),
        cat.engine,
    )
    adder(production, password_hash)("ann")
    client = make_app(production).test_client()
    response = sign_in(client, "ann")
    cookie = next(h for h in response.headers.get_all("Set-Cookie") if "catalogue_session=" in h)
    assert cookie.startswith("__Host-catalogue_session=")
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sign_in_upgrades_a_hash_made_with_weaker_parameters(
    client: FlaskClient, cat: Catalogue, add_user: AddUser
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    add_user("ann")
    with cat.sessions.begin() as db:
        db.scalars(select(User)).one().password_hash = weak
    assert sign_in(client, "ann").status_code == 303
    with cat.sessions() as db:
        stored = db.scalars(select(User.password_hash)).one()
    assert stored is not None
    assert stored != weak
    assert "m=65536" in stored


def test_signed_in_pages_show_who_and_a_sign_out_form(
    app: Flask, client: FlaskClient, add_user: AddUser
) -> None:
    add_user("ann", display_name="Ann Lee")
    sign_in(client, "ann")
    html = client.get("/search").get_data(as_text=True)
    assert 'id="account-link"' in html
    assert ">ann" in html.replace("Signed in as </span>", ">")
    form = html[html.index('action="/sign-out"') - 60 : html.index('id="sign-out"')]
    assert 'method="post"' in form
    assert 'name="csrf_token"' in form


def test_a_bad_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, add_user: AddUser
) -> None:
    add_user("ann")
    wrong_password: Any = sign_in(client, "ann", "not the password at all")
    no_such_user: Any = sign_in(client, "nobody", PASSWORD)
    assert wrong_password.status_code == no_such_user.status_code == 401
    message = "Enter a correct username and password"
    assert message in wrong_password.get_data(as_text=True)
    assert message in no_such_user.get_data(as_text=True)
    assert session_cookie(client) is None
