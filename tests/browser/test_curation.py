"""A curator signs in through the sign-in form in a real browser, edits an asset they own, sees their
change in the asset's history, and meets a conflict when someone else saved first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from catalogue.access import Principal
from catalogue.auth import passwords, users
from catalogue.auth.users import NewUser
from catalogue.runtime import Catalogue
from catalogue.web import create_app
from tests.conftest import make_settings
from tests.curation.support import load

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def site(
    tmp_path: Path, live_server_url_for: Callable[[Any], str]
) -> Iterator[tuple[str, Catalogue, dict[str, int]]]:
    """The curation catalogue with real sign-in (no test principal loader) and a curator, Ann Lee."""
    catalogue = Catalogue.open(make_settings(tmp_path / "data"), migrate=True)
    ids = load(catalogue)
    with catalogue.sessions.begin() as db:
        new = NewUser(
            "ann", "curator", "SECRET", password_hash=passwords.hash_password(PASSWORD), person="Ann Lee"
        )
        users.add(db, catalogue.scheme, new, "test")
    app = create_app(catalogue, {"TESTING": True})
    yield live_server_url_for(app), catalogue, ids
    catalogue.close()


def sign_in(page: Any, base_url: str, next_path: str) -> None:
    page.goto(f"{base_url}{next_path}")
    page.wait_for_url(re.compile(r"/sign-in"))  # not signed in: sent to sign in, and back afterwards
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_a_curator_signs_in_edits_an_asset_and_sees_the_history(
    browser_page: Any, site: tuple[str, Catalogue, dict[str, int]]
) -> None:
    base_url, _catalogue, ids = site
    page = browser_page
    sign_in(page, base_url, f"/assets/{ids['tenancies']}")

    page.locator(".catalogue-edit-link").click()
    page.wait_for_url(re.compile(rf"/assets/{ids['tenancies']}/edit$"))
    page.get_by_label("Steward", exact=True).fill("Dee Okafor")
    page.get_by_label("Lawful basis").fill("Public task")
    page.get_by_label("Personal data").select_option("special_category")
    page.locator("#review_due-year").fill("2027")  # review due: 1 January 2020 -> 1 January 2027
    page.get_by_role("button", name="Save changes").click()

    page.wait_for_url(re.compile(r"notice=saved"))
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    history = page.locator(".catalogue-history")
    rows = history.locator("tbody tr")
    text = " | ".join(rows.all_inner_texts())
    assert "Dee Okafor" in text
    assert "Public task" in text
    assert "Steward" in text
    assert "2027-01-01" in text
    assert "ann" in text  # who
    assert "Dee Okafor" in " ".join(page.locator(".catalogue-fields").all_inner_texts())


def test_a_conflicting_edit_shows_what_changed(
    browser_page: Any, site: tuple[str, Catalogue, dict[str, int]]
) -> None:
    base_url, catalogue, ids = site
    page = browser_page
    sign_in(page, base_url, f"/assets/{ids['repairs']}/edit")
    # while the form is open, the asset's owner saves a change
    bob = Principal("bob", "SECRET", role="curator", person="Bob Kaur")
    catalogue.store.curate(ids["repairs"], {"lawful_basis": "Legal obligation"}, bob, 1)

    page.get_by_label("Retention period").fill("2 years")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Someone else changed this asset while you were editing it")).to_be_visible()
    conflict = page.locator(".catalogue-conflict__changes").inner_text()
    assert "Lawful basis" in conflict
    assert "Legal obligation" in conflict
    assert "bob" in conflict
    assert page.get_by_label("Retention period").input_value() == "2 years"  # kept
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"notice=saved"))
    fields = " ".join(page.locator(".catalogue-fields").all_inner_texts())
    assert "Legal obligation" in fields  # nothing lost
    assert "2 years" in fields
