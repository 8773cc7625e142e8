"""The source admin pages end to end, through the Flask test client: the settings form generated from each
kind's config schema, secrets that are never shown back and never overwritten by an edit, the connection
test, schedules with their next run, and a source's runs and assets."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from marshmallow import Schema, fields, validate

from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.secrets import MASK
from catalogue.runtime import Catalogue
from catalogue.web.source_forms import config_fields, form_values, parse_config, settings_rows

from .conftest import ADMIN, VIEWER
from .feed import Feed

SECRET = "form-s3cret-value"


class FormInputs(HTMLParser):
    """The values a browser would submit for the page's form with this action (the submit button aside)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.values):
            self.values[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def submitted(page: str, action: str) -> dict[str, str]:
    parser = FormInputs(action)
    parser.feed(page)
    return {k: v.removeprefix("\n") for k, v in parser.values.items()}


def page(client: FlaskClient, url: str, headers: dict[str, str] = ADMIN, status: int = 200) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    body = response.get_data(as_text=True)
    assert SECRET not in body
    return body


def samples(tmp_path: Path, feed: Feed) -> dict[str, dict[str, str]]:
    """Values for the required settings of each kind installed here (a new kind needs its sample)."""
    (tmp_path / "share").mkdir(exist_ok=True)
    return {
        "filesystem": {"config.root": str(tmp_path / "share"), "config.password": SECRET},
        "database": {"config.url": f"sqlite:///{tmp_path / 'app.db'}", "config.password": SECRET},
        "demo": {"config.source": "planning-db"},
        "sharepoint": {
            "config.tenant_id": "contoso.onmicrosoft.com",
            "config.client_id": "11111111-2222-3333-4444-555555555555",
            "config.client_secret": SECRET,
            "config.sites": "https://contoso.sharepoint.com/sites/finance\n\nhttps://contoso.sharepoint.com/sites/hr",
        },
        "test-feed": {"config.feed": feed.name, "config.token": SECRET},
    }


def test_the_form_of_every_kind_is_generated_from_its_schema(
    client: FlaskClient, cat: Catalogue, feed: Feed, tmp_path: Path
) -> None:
    kinds = [info.kind for info in REGISTRY.available() if info.available]
    values = samples(tmp_path, feed)
    assert set(kinds) <= set(values), "add a sample for the new kind"
    assert {"filesystem", "database", "sharepoint", "test-feed"} <= set(kinds)
    chooser = page(client, "/sources/new")
    for kind in kinds:
        assert f'value="{kind}"' in chooser
        form = page(client, f"/sources/new?kind={kind}")
        for field in config_fields(REGISTRY.load(kind).config_schema):
            assert f'name="{field.name}"' in form, (kind, field.key)
            assert field.hint.split(".")[0] in html.unescape(form), (kind, field.key)
            if field.secret:
                assert 'type="password"' in form
        data = {**submitted(form, "/sources/new"), "name": f"src-{kind}", **values[kind]}
        created = client.post("/sources/new", data=data, headers=ADMIN)
        assert created.status_code == 303, (kind, created.get_data(as_text=True)[:3000])
        source = cat.sources.get(f"src-{kind}")
        assert source.kind == kind
        assert SECRET not in str(source.config)
        assert "Source added" in page(client, created.headers["Location"])
    sharepoint = cat.sources.get("src-sharepoint")
    assert sharepoint.config["sites"] == [
        "https://contoso.sharepoint.com/sites/finance",
        "https://contoso.sharepoint.com/sites/hr",
    ]
    assert sharepoint.config["read_permissions"] is True  # a checkbox ticked by the schema's default
    assert "timeout" not in sharepoint.config  # left empty: the schema's default applies
    assert cat.sources.get("src-filesystem").config["root"] == str(tmp_path / "share")


def test_field_types_and_problems_show_at_their_fields(client: FlaskClient, tmp_path: Path) -> None:
    form = page(client, "/sources/new?kind=filesystem")
    assert 'name="config.max_depth"' in form
    assert 'inputmode="numeric"' in form
    assert '<textarea class="govuk-textarea" id="config-include"' in form
    assert 'name="config.hash_contents" type="checkbox" value="yes" checked' in form
    assert "(optional)" in form
    bad = client.post(
        "/sources/new",
        data={"kind": "filesystem", "name": "share", "config.max_depth": "two", "schedule": "every night"},
        headers=ADMIN,
    )
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert 'href="#config-max-depth"' in body
    assert "Enter a whole number" in body
    assert 'href="#schedule"' in body
    assert "cron expression" in body
    missing = client.post("/sources/new", data={"kind": "filesystem", "name": "share"}, headers=ADMIN)
    assert missing.status_code == 400
    assert 'href="#config-root"' in missing.get_data(as_text=True)
    assert client.get("/sources/new?kind=nonesuch&chosen=yes", headers=ADMIN).status_code == 400
    assert client.get("/sources/new?kind=filesystem", headers=VIEWER).status_code == 403


def test_editing_other_fields_keeps_the_stored_secret(
    client: FlaskClient, cat: Catalogue, tmp_path: Path
) -> None:
    (tmp_path / "share").mkdir()
    created = client.post(
        "/sources/new",
        data={
            "kind": "filesystem",
            "name": "share",
            "config.root": str(tmp_path / "share"),
            "config.password": SECRET,
        },
        headers=ADMIN,
    )
    assert created.status_code == 303
    source = cat.sources.get("share")
    sealed = source.config["password"]
    assert cat.secret_box.decrypt(sealed["encrypted"]) == SECRET

    form = page(client, f"/sources/{source.id}/edit")
    assert MASK not in form  # not even the mask: the input is empty
    assert "leave blank to keep the stored secret" in form
    data = submitted(form, f"/sources/{source.id}/edit")
    assert data["config.password"] == ""
    data.update({"title": "Shared drive", "config.username": "COUNCIL\\reader"})
    saved = client.post(f"/sources/{source.id}/edit", data=data, headers=ADMIN)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:3000]
    after = cat.sources.get(source.id)
    assert (after.title, after.config["username"]) == ("Shared drive", "COUNCIL\\reader")
    assert after.config["password"] == sealed
    assert cat.secret_box.decrypt(after.config["password"]["encrypted"]) == SECRET

    # a problem elsewhere in the form: the secret is neither echoed nor lost
    data = submitted(page(client, f"/sources/{source.id}/edit"), f"/sources/{source.id}/edit")
    refused = client.post(
        f"/sources/{source.id}/edit",
        data={**data, "config.password": "typed-again", "rules": "["},
        headers=ADMIN,
    )
    assert refused.status_code == 400
    assert "typed-again" not in refused.get_data(as_text=True)
    assert cat.sources.get(source.id).config["password"] == sealed

    # a reference instead, shown back as it is; then the secret removed
    client.post(
        f"/sources/{source.id}/edit",
        data={**data, "config.password.reference": "env:SHARE_PW"},
        headers=ADMIN,
    )
    assert cat.sources.get(source.id).config["password"] == {"env": "SHARE_PW"}
    form = page(client, f"/sources/{source.id}/edit")
    assert 'value="env:SHARE_PW"' in form
    both = client.post(
        f"/sources/{source.id}/edit",
        data={**data, "config.password": "x", "config.password.reference": "env:OTHER"},
        headers=ADMIN,
    )
    assert both.status_code == 400
    assert "not both" in both.get_data(as_text=True)
    removed = submitted(form, f"/sources/{source.id}/edit") | {"config.password.remove": "yes"}
    assert client.post(f"/sources/{source.id}/edit", data=removed, headers=ADMIN).status_code == 303
    assert "password" not in cat.sources.get(source.id).config


def test_a_setting_never_set_shows_its_default_and_keeps_it(client: FlaskClient, cat: Catalogue) -> None:
    source = cat.sources.create("share", "filesystem", {"root": "/srv/share"}, "t")
    form = page(client, f"/sources/{source.id}/edit")
    assert 'name="config.hash_contents" type="checkbox" value="yes" checked' in form
    data = submitted(form, f"/sources/{source.id}/edit") | {"title": "Renamed"}
    assert client.post(f"/sources/{source.id}/edit", data=data, headers=ADMIN).status_code == 303
    after = cat.sources.get(source.id)
    assert (after.title, after.config["hash_contents"], after.config["include_hidden"]) == (
        "Renamed",
        True,
        False,
    )
    assert "connection_timeout" not in after.config  # left empty: still the default


def test_connection_test_says_whether_the_source_can_be_read(
    client: FlaskClient, cat: Catalogue, feed: Feed, tmp_path: Path
) -> None:
    (tmp_path / "share").mkdir()
    good = cat.sources.create("good", "filesystem", {"root": str(tmp_path / "share")}, "t")
    bad = cat.sources.create("bad", "filesystem", {"root": str(tmp_path / "gone")}, "t")
    feed.token = "the-right-one"
    refused = cat.sources.create("feed", "test-feed", {"feed": feed.name, "token": SECRET}, "t")

    assert client.post(f"/sources/{good.id}/test", headers=VIEWER).status_code == 403
    works = client.post(f"/sources/{good.id}/test", headers=ADMIN)
    assert works.status_code == 200
    assert "The connection works" in works.get_data(as_text=True)
    fails = client.post(f"/sources/{bad.id}/test", headers=ADMIN).get_data(as_text=True)
    assert "The connection test failed" in fails
    assert "does not exist" in fails
    login = client.post(f"/sources/{refused.id}/test", headers=ADMIN).get_data(as_text=True)
    assert "login refused for token •••" in login
    assert SECRET not in login
    assert feed.seen_config["token"] == SECRET  # the harvester did get the secret itself

    api = client.post(f"/api/v1/sources/{refused.id}/test-connection", headers=ADMIN)
    assert api.status_code == 200
    assert api.get_json() == {"ok": False, "message": "login refused for token •••"}
    assert client.post(f"/api/v1/sources/{good.id}/test-connection", headers=ADMIN).get_json()["ok"] is True
    assert client.post(f"/api/v1/sources/{good.id}/test-connection", headers=VIEWER).status_code == 403
    assert client.post("/api/v1/sources/424242/test-connection", headers=ADMIN).status_code == 404
    assert not cat.sources.runs(good.id)  # nothing was harvested


def test_schedule_shows_its_next_run_and_the_runs_their_assets(
    client: FlaskClient, cat: Catalogue, feed: Feed
) -> None:
    source = cat.sources.create("feed", "test-feed", {"feed": feed.name}, "t", schedule="30 6 * * 1-5")
    body = page(client, f"/sources/{source.id}", VIEWER)
    assert "30 6 * * 1-5" in body
    assert "Next harvest: " in body
    api = client.get(f"/api/v1/sources/{source.id}", headers=VIEWER).get_json()
    assert api["next_run"] is not None
    assert api["schedule"] == "30 6 * * 1-5"
    cat.sources.edit(source.id, "t", enabled=False)
    assert "Next harvest" not in page(client, f"/sources/{source.id}", VIEWER)

    cat.sources.edit(source.id, "t", enabled=True)
    feed.put("Finance/budget.xlsx", "Budget", classification="OFFICIAL")
    for n in range(3):
        feed.put(f"locked/{n}.doc", error=f"access denied to locked/{n}.doc")
    run = cat.harvest_runner().run(cat.sources.get(source.id))
    body = html.unescape(page(client, f"/sources/{source.id}"))
    assert "access denied to <item>" in body  # errors grouped by message
    assert f"Problems in run {run.id} (1)" in body
    assert 'href="/search?source=feed"' in body
    found = page(client, "/search?source=feed")
    assert "Budget" in found


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [("0 25 * * *", "higher than the maximum"), ("0 2 * *", "five fields"), ("0 2 * * 8", "day of week 8")],
)
def test_bad_schedules_are_refused_everywhere(
    client: FlaskClient, cat: Catalogue, feed: Feed, schedule: str, problem: str
) -> None:
    source = cat.sources.create("feed", "test-feed", {"feed": feed.name}, "t")
    api = client.patch(f"/api/v1/sources/{source.id}", json={"schedule": schedule}, headers=ADMIN)
    assert api.status_code == 400
    assert problem in api.get_json()["error"]["details"]["schedule"]
    data: dict[str, Any] = {"config.feed": feed.name, "schedule": schedule, "rules": "[]"}
    form = client.post(f"/sources/{source.id}/edit", data=data, headers=ADMIN)
    assert form.status_code == 400
    assert problem in form.get_data(as_text=True)
    assert cat.sources.get(source.id).schedule is None


class EveryKindOfField(Schema):
    mode = fields.Str(validate=validate.OneOf(["fast", "thorough"]), load_default="fast")
    ratio = fields.Float(metadata={"description": "A share"})
    mapping = fields.Dict(metadata={"description": "Names to groups"})
    targets = fields.List(fields.Nested(Schema.from_dict({"host": fields.Str()})))
    secret = fields.Str(load_only=True, data_key="api-key")


def test_fields_the_generator_cannot_render_as_one_input_take_json() -> None:
    shown = {f.key: f for f in config_fields(EveryKindOfField)}
    assert {k: f.widget for k, f in shown.items()} == {
        "mode": "select",
        "ratio": "number",
        "mapping": "json",
        "targets": "json",
        "api-key": "password",
    }
    assert shown["mode"].choices == ("fast", "thorough")
    assert shown["mapping"].hint == "Names to groups. As JSON."
    fields_ = list(shown.values())
    stored = {"mode": "thorough", "mapping": {"a": ["b"]}, "api-key": {"env": "API_KEY"}}
    values = form_values(fields_, stored)
    assert json.loads(values["config.mapping"]) == {"a": ["b"]}
    assert values["config.api-key.reference"] == "env:API_KEY"
    assert "config.api-key" not in values
    errors: dict[str, str] = {}
    parsed = parse_config(
        fields_,
        {
            "config.mode": "fast",
            "config.ratio": "0.25",
            "config.targets": '[{"host": "a"}]',
            "config.mapping": "{",
        },
        errors,
    )
    assert parsed == {"mode": "fast", "ratio": 0.25, "targets": [{"host": "a"}]}
    assert errors == {
        "config.mapping": "Enter valid JSON (Expecting property name enclosed in double quotes on line 1)"
    }


def test_stored_settings_are_listed_by_their_labels_in_words() -> None:
    stored = {
        "unknown_key": 3,  # a setting of a harvester no longer installed keeps its key
        "targets": [{"host": "db1"}],
        "mapping": {"a": ["b"]},
        "mode": "thorough",
        "api-key": MASK,
        "ratio": 0.5,
    }
    assert settings_rows(config_fields(EveryKindOfField), stored) == [
        ("Mode", "thorough"),
        ("Ratio", "0.5"),
        ("Mapping", '{"a": ["b"]}'),
        ("Targets", '[{"host": "db1"}]'),
        ("Api-key", MASK),
        ("unknown_key", "3"),
    ]
    assert settings_rows(None, {"flag": True, "names": ["a", "b"], "none": []}) == [
        ("flag", "Yes"),
        ("names", "a, b"),
        ("none", "None"),
    ]


def test_a_source_page_lists_its_settings_as_the_form_names_them(
    client: FlaskClient, cat: Catalogue, tmp_path: Path
) -> None:
    (tmp_path / "share").mkdir()
    config = {"root": str(tmp_path / "share"), "exclude": ["~$*", "Thumbs.db"], "hash_contents": False}
    source = cat.sources.create("w-drive", "filesystem", {**config, "password": SECRET}, "t")
    body = html.unescape(page(client, f"/sources/{source.id}", VIEWER))
    rows = dict(
        re.findall(
            r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
            r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
            body,
            re.S,
        )
    )
    assert rows["Root"] == str(tmp_path / "share")
    assert rows["Exclude"] == "~$*, Thumbs.db"
    assert rows["Hash contents"] == "No"
    assert rows["Password"] == MASK
    assert "exclude" not in rows
