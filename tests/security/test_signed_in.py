"""The same attacks through the real sign-in: a session cookie from the sign-in form and an API token.
What a user may see is read afresh on every request, so lowering a clearance, removing a group or
disabling the user takes effect on the very next request, through every channel."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from leak_channels import CHANNELS
from leak_probe import Probe, assert_hidden_like_missing
from leak_queries import QueryCase
from leak_world import GROUPS, World, build_world

from catalogue.access import Principal
from catalogue.auth import passwords, tokens, users

PASSWORD = "correct horse battery staple 7"
CURATORS_ONLY = ("bulk", "/edit", "/me/", "my-assets", "audit")


@pytest.fixture
def signed_world(tmp_path: Any, root_conftest: Any, leak_seed: int) -> Iterator[tuple[World, Any]]:
    """A world of its own behind the production principal loader (sessions and API tokens)."""
    from catalogue.runtime import Catalogue
    from catalogue.web import create_app

    settings = root_conftest.make_settings(tmp_path / "data")
    catalogue = Catalogue.open(settings, migrate=True)
    try:
        world = build_world(catalogue, leak_seed + 2)
        with catalogue.sessions.begin() as db:
            new = users.NewUser(
                "spy", "viewer", "SECRET", tuple(GROUPS), password_hash=passwords.hash_password(PASSWORD)
            )
            users.add(db, catalogue.scheme, new, "test")
        yield world, create_app(catalogue, {"TESTING": True}).test_client()
    finally:
        catalogue.close()


class TokenClient:
    """A client that sends the API token on every request."""

    def __init__(self, client: Any, token: str) -> None:
        self.client, self.token = client, token

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self._headers(kwargs), **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self._headers(kwargs), **kwargs)

    def _headers(self, kwargs: dict[str, Any]) -> dict[str, str]:
        return {**kwargs.pop("headers", {}), "Authorization": f"Bearer {self.token}"}


def _token(world: World) -> str:
    with world.catalogue.sessions.begin() as db:
        return tokens.create(db, users.get(db, "spy"), "leak test", datetime.now(UTC))[1]


def _sign_in(client: Any) -> None:
    form = client.get("/sign-in").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    data = {"username": "spy", "password": PASSWORD, **({"csrf_token": csrf.group(1)} if csrf else {})}
    response = client.post("/sign-in", data=data)
    assert response.status_code in (302, 303), response.status_code


def _change(world: World, **what: Any) -> None:
    scheme = world.catalogue.scheme
    with world.catalogue.sessions.begin() as db:
        if "clearance" in what:
            users.set_clearance(db, scheme, "spy", what["clearance"], "test")
        if "groups" in what:
            users.set_groups(db, "spy", what["groups"], "test")
        if "disabled" in what:
            users.set_disabled(db, "spy", what["disabled"], "test")


def _attack(world: World, client: Any, as_seen: Principal) -> None:
    """Every API and page channel, as the signed-in user, against what `as_seen` may see."""
    probe = Probe(world, client, as_seen)
    probe.headers = {}  # the session or token says who it is
    cases = [QueryCase(""), QueryCase("parking"), *(QueryCase(term) for term in world.planted)]
    hidden = sorted(set(world.assets) - probe.visible)[:3]
    shown = sorted(probe.visible)[:3]
    for channel in CHANNELS:
        if any(part in channel.name for part in CURATORS_ONLY):
            continue  # the spy is a viewer: those answer 403 (tested with roles in test_leaks)
        if channel.scope == "principal":
            channel.check(probe)
        for case in cases if channel.scope == "query" else hidden + shown if channel.scope == "asset" else []:
            channel.check(probe, case)


@pytest.mark.parametrize("how", ["session", "token"])
def test_a_lowered_clearance_or_a_removed_group_applies_on_the_next_request(
    signed_world: tuple[World, Any], how: str
) -> None:
    world, client = signed_world
    if how == "session":
        _sign_in(client)
    else:
        client = TokenClient(client, _token(world))
    _attack(world, client, Principal("spy", "SECRET", frozenset(GROUPS)))
    secret = next(i for i, a in world.assets.items() if a.classification == "SECRET" and not a.access_groups)
    assert client.get(f"/api/v1/assets/{secret}").status_code == 200

    _change(world, clearance="OFFICIAL")
    _attack(world, client, Principal("spy", "OFFICIAL", frozenset(GROUPS)))
    probe = Probe(world, client, Principal("spy", "OFFICIAL", frozenset(GROUPS)))
    probe.headers = {}
    assert_hidden_like_missing(probe, "/api/v1/assets/{}", secret)
    assert_hidden_like_missing(probe, "/assets/{}", secret)

    _change(world, groups=["planning"])
    _attack(world, client, Principal("spy", "OFFICIAL", frozenset({"planning"})))

    _change(world, disabled=True)
    assert client.get("/api/v1/search").status_code == 401
    assert client.get(f"/api/v1/assets/{sorted(world.assets)[0]}").status_code == 401


def test_every_answer_to_a_signed_in_user_is_private_and_not_stored(signed_world: tuple[World, Any]) -> None:
    world, client = signed_world
    _sign_in(client)
    token_client = TokenClient(client.application.test_client(), _token(world))
    asset_id = sorted(world.assets)[0]
    answers = []
    for rule in client.application.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        path = rule.build(dict.fromkeys(rule.arguments, asset_id), append_unknown=False)[1]
        answers += [(path, client.get(path)), (path, token_client.get(path))]
    for path in ("/no-such-page", "/api/v1/no-such-thing", f"/assets/{world.missing_id()}"):
        answers += [(path, client.get(path)), (path, token_client.get(path))]
    bulk = {"ids": [asset_id], "set": {"owner": "x"}, "dry_run": True}
    answers.append(("POST bulk", token_client.post("/api/v1/assets/bulk", json=bulk)))
    for path, response in answers:
        cache = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= cache, f"{path} ({response.status_code}): {cache}"
    assert len(answers) > 60
