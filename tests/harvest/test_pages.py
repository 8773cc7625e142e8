"""The admin pages for sources: anyone signed in may look, only admins act; secrets never shown."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from catalogue.harvest.secrets import MASK
from catalogue.runtime import Catalogue

from .conftest import ADMIN, VIEWER, assets, wait_for_run
from .feed import Feed

SECRET = "page-s3cret-value"


def text(client: FlaskClient, url: str, headers: dict[str, str], status: int = 200) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    body = html.unescape(response.get_data(as_text=True))
    assert SECRET not in body
    return body


def add(cat: Catalogue, feed: Feed) -> int:
    feed.token = SECRET
    config = {"feed": feed.name, "token": SECRET}
    rules = [{"pattern": "Finance/**", "set": {"department": "Finance"}}]
    source = cat.sources.create("share", "test-feed", config, "t", defaults={"owner": "Ann Lee"}, rules=rules)
    return source.id


def test_the_list_shows_each_source_and_its_last_run(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source_id = add(cat, feed)
    feed.put("a.txt", error="permission denied")
    cat.harvest_runner().run(cat.sources.get(source_id))
    body = text(client, "/sources", VIEWER)
    assert 'href="/sources"' in body  # the navigation link
    assert f'href="/sources/{source_id}"' in body
    assert "Partial" in body
    assert "Add a source" not in body  # viewers do not get the admin's button
    assert "Add a source" in text(client, "/sources", ADMIN)
    assert client.get("/sources").headers["Location"].startswith("/sign-in")  # nobody signed in


def test_a_source_page_masks_secrets_and_shows_runs_with_grouped_errors(
    client: FlaskClient, cat: Catalogue, feed: Feed
) -> None:
    source_id = add(cat, feed)
    for n in range(7):
        feed.put(f"locked/{n}.doc", error=f"access denied to locked/{n}.doc")
    feed.put("ok.txt")
    cat.harvest_runner().run(cat.sources.get(source_id))
    body = text(client, f"/sources/{source_id}", ADMIN)  # a run's report is for admins
    viewer_body = text(client, f"/sources/{source_id}", VIEWER)
    assert "locked/0.doc" not in viewer_body
    assert MASK in body
    assert "Finance/**" in body
    assert "Department: Finance" in body
    assert "Ann Lee" in body
    assert "access denied to <item>" in body
    assert re.search(r"locked/0\.doc, locked/1\.doc, locked/2\.doc, locked/3\.doc, locked/4\.doc\s*<", body)
    assert "Harvest now" not in viewer_body
    assert "Harvest now" in body
    assert client.get("/sources/424242", headers=VIEWER).status_code == 404


def test_harvest_now_is_for_admins_and_runs_in_the_background(
    client: FlaskClient, cat: Catalogue, feed: Feed
) -> None:
    source_id = add(cat, feed)
    feed.put("a.txt")
    assert client.post(f"/sources/{source_id}/harvest", headers=VIEWER).status_code == 403
    started = client.post(f"/sources/{source_id}/harvest", headers=ADMIN)
    assert started.status_code == 303
    assert started.headers["Location"].endswith(f"/sources/{source_id}?notice=started")
    run = wait_for_run(cat, cat.sources.runs(source_id)[0].id)
    assert (run.status, run.trigger, run.added) == ("succeeded", "manual", 1)
    assert "Harvest started" in text(client, started.headers["Location"], ADMIN)
    assert "Succeeded" in text(client, f"/sources/{source_id}", VIEWER)


def test_disable_and_enable(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source_id = add(cat, feed)
    assert client.post(f"/sources/{source_id}/disable", headers=VIEWER).status_code == 403
    assert client.post(f"/sources/{source_id}/disable", headers=ADMIN).status_code == 303
    assert not cat.sources.get(source_id).enabled
    refused = client.post(f"/sources/{source_id}/harvest", headers=ADMIN)
    assert "This source is disabled" in text(client, refused.headers["Location"], ADMIN)
    client.post(f"/sources/{source_id}/enable", headers=ADMIN)
    assert cat.sources.get(source_id).enabled


def test_the_new_source_form(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    assert client.get("/sources/new", headers=VIEWER).status_code == 403
    chooser = text(client, "/sources/new", ADMIN)
    assert 'value="test-feed"' in chooser
    form = text(client, "/sources/new?kind=test-feed", ADMIN)
    assert 'name="config.feed"' in form
    bad = client.post(
        "/sources/new",
        data={"name": "share", "kind": "test-feed", "config.feed": feed.name, "rules": "[not json"},
        headers=ADMIN,
    )
    assert bad.status_code == 400
    assert "There is a problem" in bad.get_data(as_text=True)
    assert "Enter valid JSON" in bad.get_data(as_text=True)
    invalid = client.post("/sources/new", data={"name": "share", "kind": "test-feed"}, headers=ADMIN)
    assert invalid.status_code == 400
    assert 'href="#config-feed"' in invalid.get_data(as_text=True)
    created = client.post(
        "/sources/new",
        data={
            "name": "share",
            "kind": "test-feed",
            "title": "Shared drive",
            "config.feed": feed.name,
            "config.token": SECRET,
            "default_classification": "OFFICIAL",
            "default_department": "Corporate",
            "rules": '[{"pattern": "HR/**", "set": {"department": "HR"}}]',
            "enabled": "yes",
        },
        headers=ADMIN,
    )
    assert created.status_code == 303, created.get_data(as_text=True)
    source = cat.sources.get("share")
    assert (source.title, source.enabled) == ("Shared drive", True)
    assert source.defaults == {"classification": "OFFICIAL", "department": "Corporate"}
    assert SECRET not in str(source.config)
    assert "Source added" in text(client, created.headers["Location"], ADMIN)


def test_the_edit_form_keeps_the_secret_and_other_defaults(
    client: FlaskClient, cat: Catalogue, feed: Feed
) -> None:
    source_id = add(cat, feed)
    cat.sources.edit(source_id, "t", defaults={"owner": "Ann Lee", "steward": "Sam Steward"})
    stored = cat.sources.get(source_id).config["token"]
    form = text(client, f"/sources/{source_id}/edit", ADMIN)
    assert "leave blank to keep the stored secret" in form
    assert re.search(r'<input[^>]*name="config\.token"[^>]*value=""', form)
    saved = client.post(
        f"/sources/{source_id}/edit",
        data={
            "title": "Renamed",
            "config.feed": feed.name,
            "config.token": "",
            "rules": "[]",
            "default_owner": "",
        },
        headers=ADMIN,
    )
    assert saved.status_code == 303, saved.get_data(as_text=True)
    source = cat.sources.get(source_id)
    assert (source.title, source.enabled, source.rules) == ("Renamed", False, [])
    assert source.config["token"] == stored
    assert source.defaults == {"steward": "Sam Steward"}


def test_confirm_retirement_from_the_page(client: FlaskClient, cat: Catalogue, feed: Feed) -> None:
    source_id = add(cat, feed)
    feed.put("a.txt")
    runner = cat.harvest_runner()
    runner.run(cat.sources.get(source_id))
    feed.entries.clear()
    held = runner.run(cat.sources.get(source_id))
    body = text(client, f"/sources/{source_id}", ADMIN)
    assert "Needs review" in body
    assert "Confirm retirement" in body
    assert "Confirm retirement" not in text(client, f"/sources/{source_id}", VIEWER)
    url = f"/sources/{source_id}/runs/{held.id}/confirm"
    assert client.post(url, headers=VIEWER).status_code == 403
    confirmed = client.post(url, headers=ADMIN)
    assert confirmed.status_code == 303
    assert "Retirement confirmed" in text(client, confirmed.headers["Location"], ADMIN)
    assert assets(cat, cat.sources.get(source_id))["a.txt"].lifecycle == "gone"
    assert "Confirm retirement" not in text(client, f"/sources/{source_id}", ADMIN)
    assert client.post(f"/sources/{source_id}/runs/999999/confirm", headers=ADMIN).status_code == 404
