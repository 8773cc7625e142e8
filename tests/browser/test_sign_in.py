"""Signing in and out in a real browser (Debian's chromium): the redirect to sign in and back, the
header's name and "Sign out", a wrong password's error, and a signed-out session that stays dead."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from catalogue.auth import passwords, users
from catalogue.auth.users import NewUser
from catalogue.runtime import Catalogue
from catalogue.web import create_app
from harvesters.base import Record
from tests.conftest import make_settings

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def site(tmp_path: Path, live_server_url_for: Callable[[Any], str]) -> Iterator[str]:
    """A catalogue with anonymous browsing off, one asset, and a user ann; served with real sign-in."""
    catalogue = Catalogue.open(make_settings(tmp_path / "data"), migrate=True)
    source = catalogue.store.ensure_source("records", "database")
    catalogue.store.apply_records(
        source,
        [Record("permits", {"title": "Parking permits", "kind": "table", "classification": "OFFICIAL"})],
    )
    with catalogue.sessions.begin() as db:
        new = NewUser("ann", "viewer", "OFFICIAL", password_hash=passwords.hash_password(PASSWORD))
        users.add(db, catalogue.scheme, new, "test")
    yield live_server_url_for(create_app(catalogue, {"TESTING": True}))
    catalogue.close()


def sign_in(page: Any, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


@pytest.mark.parametrize("javascript", [True, False])
def test_sign_in_and_out(site: str, browser_page_factory: Callable[..., Any], javascript: bool) -> None:
    page = browser_page_factory(java_script_enabled=javascript)
    problems: list[str] = []
    # script errors and CSP violations; the refused sign-in's 401 status is expected
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )

    page.goto(f"{site}/search?q=parking")
    assert page.url == f"{site}/sign-in?next=/search?q%3Dparking"

    sign_in(page, "ann", "not the password at all")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Enter a correct username and password" in page.locator(".govuk-error-summary").inner_text()

    sign_in(page, "ann", PASSWORD)
    page.wait_for_url(f"{site}/search?q=parking")
    assert "Parking permits" in page.content()
    assert page.locator("#account-link").inner_text().strip().endswith("ann")
    cookie = next(c for c in page.context.cookies() if c["name"] == "catalogue_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"

    page.click("#sign-out")
    page.wait_for_url(f"{site}/sign-in?notice=signed_out")
    assert "You have signed out." in page.content()
    assert not [c for c in page.context.cookies() if c["name"] == "catalogue_session"]

    page.context.add_cookies([cookie])  # replay the old session id
    page.goto(f"{site}/search?q=parking")
    assert page.url.startswith(f"{site}/sign-in")
    assert problems == []  # no script errors, no CSP violations
