"""Source secrets: encrypted at rest, references resolved at run time, never shown back or leaked in
messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from catalogue.harvest.secrets import MASK, SecretBox, SecretError, redact, seal
from catalogue.harvest.sources import InvalidSource
from catalogue.runtime import Catalogue

from .conftest import open_catalogue
from .feed import Feed

SECRET = "hunter2-Sup3r-secret"


def raw_config(cat: Catalogue, name: str) -> str:
    with cat.engine.connect() as connection:
        return str(
            connection.execute(text("SELECT config FROM sources WHERE name = :n"), {"n": name}).scalar()
        )


def test_a_literal_is_stored_encrypted_and_reaches_the_harvester(cat: Catalogue, feed: Feed) -> None:
    feed.token = SECRET
    feed.put("a.txt")
    source = cat.sources.create("s", "test-feed", {"feed": feed.name, "token": SECRET}, actor="t")
    stored = raw_config(cat, "s")
    assert SECRET not in stored
    assert "encrypted" in stored
    run = cat.harvest_runner().run(source)
    assert run.status == "succeeded"
    assert feed.seen_config["token"] == SECRET


def test_env_and_file_references_are_resolved_at_run_time(cat: Catalogue, feed: Feed, tmp_path: Path) -> None:
    feed.token = SECRET
    feed.put("a.txt")
    by_env = cat.sources.create(
        "e", "test-feed", {"feed": feed.name, "token": {"env": "FEED_TOKEN"}}, actor="t"
    )
    assert raw_config(cat, "e").count("FEED_TOKEN") == 1
    assert cat.harvest_runner(environ={"FEED_TOKEN": SECRET}).run(by_env).status == "succeeded"
    missing = cat.harvest_runner(environ={}).run(by_env)
    assert missing.status == "failed"
    assert "FEED_TOKEN is not set" in missing.message

    path = tmp_path / "token.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    by_file = cat.sources.create(
        "f", "test-feed", {"feed": feed.name, "token": {"file": str(path)}}, actor="t"
    )
    assert cat.harvest_runner().run(by_file).status == "succeeded"
    path.unlink()
    gone = cat.harvest_runner().run(by_file)
    assert gone.status == "failed"
    assert "cannot read" in gone.message


def test_secrets_are_masked_when_shown(cat: Catalogue, feed: Feed) -> None:
    literal = cat.sources.create(
        "l", "test-feed", {"feed": feed.name, "token": SECRET, "label": "x"}, actor="t"
    )
    reference = cat.sources.create("r", "test-feed", {"feed": feed.name, "token": {"env": "TOK"}}, actor="t")
    assert cat.sources.masked_config(literal) == {"feed": feed.name, "token": MASK, "label": "x"}
    assert cat.sources.shown_config(literal)["token"] == MASK
    assert cat.sources.masked_config(reference)["token"] == {"env": "TOK"}
    assert cat.sources.shown_config(reference)["token"] == "env:TOK"


def test_editing_keeps_replaces_or_removes_the_secret(cat: Catalogue, feed: Feed) -> None:
    feed.token = SECRET
    feed.put("a.txt")
    source = cat.sources.create("s", "test-feed", {"feed": feed.name, "token": SECRET}, actor="t")
    before = source.config["token"]
    cat.sources.edit("s", "t", config={"feed": feed.name, "label": "left out"})
    assert cat.sources.get("s").config["token"] == before
    cat.sources.edit("s", "t", config={"feed": feed.name, "token": MASK, "label": "masked"})
    assert cat.sources.get("s").config == {"feed": feed.name, "token": before, "label": "masked"}
    assert cat.harvest_runner().run(cat.sources.get("s")).status == "succeeded"
    cat.sources.edit("s", "t", config={"feed": feed.name, "token": "another"})
    assert cat.harvest_runner().run(cat.sources.get("s")).status == "failed"
    cat.sources.edit("s", "t", config={"feed": feed.name, "token": None})
    assert "token" not in cat.sources.get(source.id).config
    with pytest.raises(InvalidSource, match="no secret is stored"):
        cat.sources.edit("s", "t", config={"feed": feed.name, "token": MASK})
    with pytest.raises(InvalidSource, match="give the secret as text"):
        cat.sources.edit("s", "t", config={"feed": feed.name, "token": {"vault": "x"}})


def test_secrets_never_appear_in_run_messages_or_item_errors(cat: Catalogue, feed: Feed) -> None:
    feed.token = "the-right-one"
    source = cat.sources.create("s", "test-feed", {"feed": feed.name, "token": SECRET}, actor="t")
    refused = cat.harvest_runner().run(source)
    assert refused.status == "failed"
    assert "login refused for token •••" in refused.message
    assert SECRET not in refused.message

    feed.token = SECRET
    feed.put("a.txt", error=f"server said: bad ticket {SECRET}")
    partial = cat.harvest_runner().run(source)
    assert [e.message for e in partial.errors] == ["server said: bad ticket •••"]


def test_a_secret_from_another_instance_key_asks_to_be_entered_again(
    cat: Catalogue, feed: Feed, tmp_path: Path, database_url: str
) -> None:
    cat.sources.create("s", "test-feed", {"feed": feed.name, "token": SECRET}, actor="t")
    other = open_catalogue(tmp_path / "data", database_url, secret_key="a-different-instance-key")
    try:
        run = other.harvest_runner().run(other.sources.get("s"))
    finally:
        other.close()
    assert run.status == "failed"
    assert "cannot be decrypted" in run.message
    assert SECRET not in run.message


def test_the_box_round_trips_and_refuses_foreign_tokens() -> None:
    box = SecretBox("key one")
    token = box.encrypt(SECRET)
    assert SECRET not in token
    assert box.decrypt(token) == SECRET
    with pytest.raises(SecretError) as refused:
        SecretBox("key two").decrypt(token, "password")
    assert str(refused.value).startswith("password:")
    assert redact(f"a {SECRET} b hunter2", [SECRET, "hunter2", ""]) == "a ••• b •••"
    assert seal({"pw": ""}, ["pw"], box, {"pw": {"encrypted": token}}) == {}
