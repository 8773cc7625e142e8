"""The edit page (`/assets/<id>/edit`): the form generated from the field declarations, saving an edit,
validation messages, stale edits refused with what changed, and fields a role may not set refused."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from .support import ADMIN, ANN, BOB, HOUSING_CURATOR, OFFICER, VIEWER, as_


def form_of(client: Any, asset_id: int, headers: dict[str, str]) -> dict[str, Any]:
    """The form's hidden fields and its current text inputs, as a browser would submit them."""
    page = client.get(f"/assets/{asset_id}/edit", headers=headers)
    assert page.status_code == 200, page.status_code
    return form_from_html(page.get_data(as_text=True))


def save(client: Any, asset_id: int, data: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"/assets/{asset_id}/edit", data=data, headers=headers)


def record(client: Any, asset_id: int) -> dict[str, Any]:
    return client.get(f"/api/v1/assets/{asset_id}", headers=ADMIN).get_json()  # type: ignore[no-any-return]


def test_the_form_offers_the_fields_with_their_values(client: Any, ids: dict[str, int]) -> None:
    html = client.get(f"/assets/{ids['tenancies']}/edit", headers=ANN).get_data(as_text=True)
    labels = set(re.findall(r"<(?:label|legend)[^>]*>\s*([^<]+?)\s*</(?:label|legend)>", html))
    for label in (
        "Information asset owner",
        "Steward",
        "Department",
        "Security classification",
        "Handling markings",
        "Personal data",
        "Lawful basis",
        "Retention period",
        "Retention basis",
        "Disposal action",
        "Review due",
        "Description",
        "Tags",
        "Open data status",
        "Licence",
        "Lifecycle",
    ):
        assert label in labels, label
    assert 'name="csrf_token"' in html
    assert '<select class="govuk-select" id="classification" name="classification"' in html
    assert 'name="review_due-day"' in html
    assert '<textarea class="govuk-textarea" id="description" name="description"' in html
    assert 'name="version" value="1"' in html
    data = form_of(client, ids["tenancies"], ANN)
    assert data["owner"] == "Ann Lee"
    assert data["classification"] == "OFFICIAL-SENSITIVE"
    assert (data["review_due-day"], data["review_due-month"], data["review_due-year"]) == ("1", "1", "2020")
    assert data["tags"] == "tenancy"
    assert "size_bytes" not in data  # measured facts are not on the form


def test_saving_changes_only_what_was_changed_and_shows_history(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["tenancies"]
    data = form_of(client, asset_id, ANN)
    data.update(
        {
            "steward": "Dee Okafor",
            "tags": "tenancy, tenants",
            "review_due-year": "2027",
            "retention_period": "6 years after tenancy ends",
            "disposal_action": "destroy",
        }
    )
    response = save(client, asset_id, data, ANN)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{asset_id}?notice=saved")
    saved = record(client, asset_id)
    assert saved["version"] == 2
    assert saved["curated"] == {
        "steward": "Dee Okafor",
        "tags": ["tenancy", "tenants"],
        "review_due": "2027-01-01",
        "retention_period": "6 years after tenancy ends",
        "disposal_action": "destroy",
    }
    page = client.get(f"/assets/{asset_id}?notice=saved", headers=ANN).get_data(as_text=True)
    assert "Your changes were saved." in page
    history = page.split('id="history"')[1]
    assert "Dee Okafor" in history
    assert "test-curator-SECRET" in history
    assert "Steward" in history


def test_invalid_values_show_an_error_summary_and_keep_the_input(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["tenancies"]
    data = form_of(client, asset_id, ANN)
    data.update(
        {"review_due-day": "31", "review_due-month": "2", "steward": "Kept Input", "personal_data": "maybe"}
    )
    response = save(client, asset_id, data, ANN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Review due must be a real date" in html
    assert 'href="#review_due-day"' in html
    assert "Personal data" in html.split("There is a problem")[1].split("</ul>")[0]
    assert 'value="Kept Input"' in html
    assert record(client, asset_id)["version"] == 1


def test_a_stale_edit_is_refused_showing_what_changed_and_keeping_the_input(
    client: Any, ids: dict[str, int]
) -> None:
    asset_id = ids["repairs"]
    mine = form_of(client, asset_id, ANN)  # Ann (steward) opens the form
    theirs = form_of(client, asset_id, BOB)  # Bob (owner) opens it too, and saves first
    theirs.update({"lawful_basis": "Public task", "description": "Repairs reported by tenants."})
    assert save(client, asset_id, theirs, BOB).status_code == 302

    mine.update({"retention_period": "2 years", "description": "Ann's description."})
    response = save(client, asset_id, mine, ANN)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this asset while you were editing it" in html
    conflict = html.split("Changes since you opened the form")[1].split("</table>")[0]
    assert "Lawful basis" in conflict
    assert "Public task" in conflict
    assert "test-curator-SECRET" in conflict
    assert "You changed it too" in conflict  # the description, changed by both
    assert 'value="2 years"' in html  # Ann's input is kept...
    assert "Ann&#39;s description." in html or "Ann's description." in html
    assert 'value="Public task"' in html  # ...on top of Bob's saved values
    assert 'name="version" value="2"' in html
    after = record(client, asset_id)
    assert after["version"] == 2
    assert after["curated"]["description"] == "Repairs reported by tenants."

    # saving the merged form keeps Bob's lawful basis and applies Ann's changes
    again = form_from_html(html)
    assert save(client, asset_id, again, ANN).status_code == 302
    final = record(client, asset_id)
    assert final["lawful_basis"] == "Public task"
    assert (final["retention_period"], final["description"]) == ("2 years", "Ann's description.")


def form_from_html(html: str) -> dict[str, Any]:
    """The hidden fields and current text inputs of a form page, as a browser would submit them."""
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) == "checkbox"):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body.strip("\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = unescape(chosen.group(1)) if chosen else ""
    return data


def test_a_field_the_role_may_not_set_is_refused_not_dropped(
    client: Any, ids: dict[str, int], audit: Any
) -> None:
    asset_id = ids["tenancies"]
    data = form_of(client, asset_id, ANN)
    data["size_bytes"] = "123"  # a measured fact: not on the form, admin-only
    response = save(client, asset_id, data | {"steward": "Sneaky"}, ANN)
    assert response.status_code == 403
    assert "size_bytes" in response.get_data(as_text=True)
    assert record(client, asset_id)["version"] == 1
    [refused] = audit("asset.edit_refused")
    assert refused.target_id == str(asset_id)
    assert refused.details["fields"] == ["size_bytes"]
    assert [e.details["path"] for e in audit("access.denied")] == [f"/assets/{asset_id}/edit"]

    officer = form_of(client, asset_id, OFFICER)
    assert {k for k in officer if k not in ("csrf_token", "version", "original")} == {
        "open_data_status",
        "open_data_reason",
        "licence",
    }
    response = save(client, asset_id, officer | {"owner": "Mallory"}, OFFICER)
    assert response.status_code == 403
    assert "owner" in response.get_data(as_text=True)


def test_who_may_open_the_edit_page(client: Any, ids: dict[str, int], audit: Any) -> None:
    tenancies = f"/assets/{ids['tenancies']}/edit"
    assert client.get(tenancies, headers=ANN).status_code == 200
    assert client.get(tenancies, headers=BOB).status_code == 403  # not Bob's
    assert client.get(tenancies, headers=VIEWER).status_code == 403
    anonymous = client.get(tenancies)  # sent to sign in
    assert anonymous.status_code in (401, 303)
    assert anonymous.status_code == 401 or "sign-in" in anonymous.headers["Location"]
    assert client.get(tenancies, headers=ADMIN).status_code == 200
    assert client.get(tenancies, headers=OFFICER).status_code == 200
    # hidden (SECRET) is a 404, like a missing asset, even for its owner without clearance
    low_ann = as_("curator", "OFFICIAL", person="Ann Lee")
    assert client.get(f"/assets/{ids['fraud']}/edit", headers=low_ann).status_code == 404
    assert client.get(f"/assets/{max(ids.values()) + 99}/edit", headers=low_ann).status_code == 404
    assert [e.actor for e in audit("asset.edit_refused")] == ["test-curator-SECRET"]  # Bob
    assert [e.actor for e in audit("access.denied")] == ["test-curator-SECRET", "test-viewer-SECRET"]


def test_the_asset_page_offers_edit_only_to_those_allowed(client: Any, ids: dict[str, int]) -> None:
    page = f"/assets/{ids['tenancies']}"
    assert "catalogue-edit-link" in client.get(page, headers=ANN).get_data(as_text=True)
    assert "catalogue-edit-link" not in client.get(page, headers=BOB).get_data(as_text=True)
    assert "catalogue-edit-link" not in client.get(page, headers=VIEWER).get_data(as_text=True)


def test_use_the_source_value_clears_the_curated_value(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["tenancies"]
    data = form_of(client, asset_id, HOUSING_CURATOR)  # curates Housing's assets
    assert save(client, asset_id, data | {"owner": "Zed Curated"}, HOUSING_CURATOR).status_code == 302
    assert record(client, asset_id)["owner"] == "Zed Curated"
    html = client.get(f"/assets/{asset_id}/edit", headers=HOUSING_CURATOR).get_data(as_text=True)
    assert "Source says: Ann Lee" in html
    data = form_of(client, asset_id, HOUSING_CURATOR)
    data["revert"] = "owner"
    assert save(client, asset_id, data, HOUSING_CURATOR).status_code == 302
    reverted = record(client, asset_id)
    assert (reverted["owner"], "owner" in reverted["curated"]) == ("Ann Lee", False)


def test_an_unchanged_form_saves_nothing(client: Any, ids: dict[str, int], audit: Any) -> None:
    asset_id = ids["rent"]
    response = save(client, asset_id, form_of(client, asset_id, ANN), ANN)
    assert response.headers["Location"].endswith("notice=unchanged")
    assert record(client, asset_id)["version"] == 1
    assert audit("asset.edit") == []
    assert json.loads(form_of(client, asset_id, ANN)["original"])["owner"] == "Ann Lee"


def test_lowering_a_classification_is_refused_on_the_form(
    client: Any, ids: dict[str, int], audit: Any
) -> None:
    asset_id = ids["tenancies"]
    data = form_of(client, asset_id, ANN)
    response = save(client, asset_id, data | {"classification": "OFFICIAL", "steward": "Kept"}, ANN)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Only an admin may lower a classification" in html
    assert 'value="Kept"' in html
    assert record(client, asset_id)["version"] == 1
    assert audit("asset.edit_refused")[0].details["fields"] == ["classification"]
    raised = save(client, asset_id, form_of(client, asset_id, ANN) | {"classification": "SECRET"}, ANN)
    assert raised.status_code == 302
    assert record(client, asset_id)["classification"] == "SECRET"


def test_an_edit_that_hides_the_asset_from_its_editor_is_saved(client: Any, ids: dict[str, int]) -> None:
    asset_id = ids["rent"]
    data = form_of(client, asset_id, ANN) | {"access_groups": "finance-team"}
    response = save(client, asset_id, data, ANN)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my-assets?notice=hidden")
    member = as_("viewer", groups=("finance-team",))
    seen = client.get(f"/api/v1/assets/{asset_id}", headers=member).get_json()
    assert seen["access_groups"] == ["finance-team"]
    page = client.get("/my-assets?notice=hidden", headers=ANN).get_data(as_text=True)
    assert "The asset is now hidden from you" in page
    assert "Rent accounts" not in page
