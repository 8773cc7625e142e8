"""Searching in a real browser: home → search → filter → asset page, with and without JavaScript, and the
search box's suggestions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from catalogue.access import Principal
from harvesters.base import Column, Record

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp")

RECORDS = [
    Record(
        "highways",
        {
            "title": "Highways warehouse",
            "kind": "database",
            "classification": "OFFICIAL",
            "department": "Transport",
            "owner": "Ann Lee",
        },
    ),
    Record(
        "public.parking_permits",
        {
            "title": "Parking permits",
            "kind": "table",
            "classification": "OFFICIAL",
            "department": "Transport",
            "owner": "Bob Kaur",
            "tags": ["parking", "permits"],
            "row_count": 120345,
            "description": "Resident and business parking permits issued by the council.",
            "location": "postgresql://db.example/highways",
            "modified_at_source": "2024-03-01T09:30:00Z",
        },
        "highways",
        [
            Column("permit_id", "integer", nullable=False, primary_key=True),
            Column("holder_name", "text", comment="Name on the permit"),
        ],
    ),
    Record(
        "public.parking_fines",
        {
            "title": "Parking fines",
            "kind": "table",
            "classification": "OFFICIAL",
            "department": "Transport",
            "owner": "Ann Lee",
            "tags": ["parking"],
            "description": "Penalty charge notices for parking.",
        },
        "highways",
    ),
    Record(
        "public.parking_wardens",
        {
            "title": "Civil enforcement officers",
            "kind": "table",
            "classification": "OFFICIAL",
            "department": "Human resources",
            "description": "Rota of parking wardens.",
        },
        "highways",
    ),
    Record(
        "public.parking_appeals",
        {
            "title": "Parking appeals tribunal",
            "kind": "table",
            "classification": "SECRET",
            "department": "Legal",
            "description": "Appeals against parking fines.",
        },
        "highways",
    ),
]


@pytest.fixture
def base_url(catalogue: Any, app: Any, live_server_url_for: Callable[[Any], str]) -> str:
    source = catalogue.store.ensure_source("highways-db", "database", title="Highways database")
    ids = catalogue.store.apply_records(source, RECORDS).changed_ids
    curator = Principal("cathy", "SECRET", role="curator")
    catalogue.store.curate(
        ids[1], {"owner": "Carol Curated", "tags": ["parking", "permits", "residents"]}, curator, 1
    )
    return live_server_url_for(app)


def watch_errors(page: Any) -> list[str]:
    """Script errors on the page (GOV.UK's inline body-class snippet, blocked by the CSP, is expected)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" not in message.text
            else None
        ),
    )
    return errors


def search_from_home(page: Any, base_url: str, screenshot: str = "") -> None:
    page.goto(base_url + "/")
    if screenshot:
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
    page.get_by_label("Search the catalogue").fill("parking")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?q=parking"))


def test_search_filter_and_open_an_asset(browser_page: Any, base_url: str) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    errors = watch_errors(page)
    search_from_home(page, base_url, screenshot="catalogue-home.png")
    results = page.locator(".catalogue-result")
    assert results.count() == 3
    assert page.locator("#results-count").inner_text().startswith("3 results for")
    assert "Parking appeals tribunal" not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "catalogue-search.png"), full_page=True)

    page.get_by_role("checkbox", name=re.compile(r"^Transport")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"department=Transport"))
    tag = " ".join(page.locator(".catalogue-filter-tag").inner_text().split())
    assert tag.startswith("Remove filter Department: Transport")
    assert page.locator(".catalogue-result").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "catalogue-search-filtered.png"), full_page=True)

    page.get_by_role("link", name="Parking permits").click()
    page.wait_for_url(re.compile(r"/assets/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Parking permits"
    expect(page.get_by_role("link", name="Highways warehouse").first).to_be_visible()
    says = [" ".join(text.split()) for text in page.locator(".catalogue-source-says").all_inner_texts()]
    assert "Source says: Bob Kaur" in says
    page.screenshot(path=str(SCREENSHOTS / "catalogue-asset.png"), full_page=True)
    page.screenshot(path=str(SCREENSHOTS / "catalogue-asset-top.png"))
    assert errors == []


def test_the_flow_works_without_javascript(browser_page_factory: Callable[..., Any], base_url: str) -> None:
    page = browser_page_factory(java_script_enabled=False)
    search_from_home(page, base_url)
    assert page.locator(".catalogue-result").count() == 3
    page.get_by_role("checkbox", name=re.compile(r"^Human resources")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"department=Human"))
    assert page.locator(".catalogue-result").count() == 1
    page.get_by_role("link", name=re.compile("Remove filter")).click()
    page.wait_for_url(re.compile(r"/search\?q=parking$"))
    assert page.locator(".catalogue-result").count() == 3


def test_suggestions_open_an_asset_from_the_keyboard(browser_page: Any, base_url: str) -> None:
    page = browser_page
    errors = watch_errors(page)
    page.goto(base_url + "/")
    box = page.get_by_role("combobox", name="Search the catalogue")
    box.press_sequentially("Parking per", delay=20)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert "Parking permits" in options.all_inner_texts()[0]
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(SCREENSHOTS / "catalogue-suggest.png"))
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/assets/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Parking permits"
    assert errors == []
