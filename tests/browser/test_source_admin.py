"""An admin adds a file-share source through the generated form in a real browser, tests its connection,
harvests it, and finds its assets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from catalogue.access import Principal
from catalogue.web import create_app

pytestmark = pytest.mark.browser

ADMIN = Principal("ada", "SECRET", role="admin")


@pytest.fixture
def base_url(catalogue: Any, live_server_url_for: Callable[[Any], str]) -> str:
    app = create_app(catalogue, {"TESTING": True}, principal_loader=lambda _request: ADMIN)
    return live_server_url_for(app)


def test_add_a_file_share_and_harvest_it(browser_page: Any, base_url: str, tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "Finance").mkdir(parents=True)
    (share / "Finance" / "budget-2024.csv").write_text("month,amount\njan,10\n", encoding="utf-8")
    (share / "minutes.txt").write_text("Minutes of the meeting\n", encoding="utf-8")
    page = browser_page

    page.goto(base_url + "/sources")
    page.get_by_role("button", name="Add a source").click()
    page.get_by_label("File share").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sources/new\?.*kind=filesystem"))

    page.get_by_label("Name", exact=True).fill("finance-share")
    page.get_by_label("Root", exact=True).fill(str(share))
    page.get_by_label("Exclude (optional)").fill("*.tmp\n~$*")
    assert page.get_by_label("Hash contents").is_checked()
    assert page.get_by_label("Secret").input_value() == ""
    page.get_by_label("Schedule (optional)").fill("0 2 * * *")
    page.get_by_role("button", name="Add source").click()

    page.wait_for_url(re.compile(r"/sources/\d+\?notice=added"))
    expect(page.get_by_text("Source added.")).to_be_visible()
    assert page.locator("#next-run").inner_text().startswith("Next harvest: ")

    page.get_by_role("button", name="Test connection").click()
    expect(page.get_by_text("The connection works")).to_be_visible()  # waits for the page to come back

    page.get_by_role("button", name="Harvest now").click()
    page.wait_for_url(re.compile(r"notice=started"))
    for _ in range(100):  # the harvest goes on in the background: reload until it has finished
        if page.locator(".govuk-table").get_by_text("Succeeded").count():
            break
        page.wait_for_timeout(100)
        page.reload()
    assert page.locator(".govuk-table").get_by_text("Succeeded").count() == 1

    page.get_by_role("link", name=re.compile(r"\d+ assets")).click()
    page.wait_for_url(re.compile(r"/search\?source=finance-share"))
    expect(page.get_by_role("link", name="budget-2024.csv")).to_be_visible()
