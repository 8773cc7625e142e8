"""The source service: validation of names, kinds, configs and schedules; remove; audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalogue.harvest.sources import InvalidSource, SourceNotFound
from catalogue.models import AuditEvent, Source
from catalogue.runtime import Catalogue

from .conftest import assets
from .feed import Feed


@pytest.mark.parametrize(
    ("name", "kind", "config", "field", "message"),
    [
        ("Bad Name", "test-feed", {"feed": "x"}, "name", "lower-case"),
        ("ok", "nope", {"feed": "x"}, "kind", "no harvester of kind 'nope'"),
        ("ok", "test-feed", {"feed": "x", "extra": 1}, "config.extra", "Unknown field"),
        ("ok", "test-feed", {}, "config.feed", "required"),
        ("ok", "test-feed", ["x"], "config", "JSON object"),
    ],
)
def test_bad_sources_are_refused_with_a_reason(
    cat: Catalogue, name: str, kind: str, config: object, field: str, message: str
) -> None:
    with pytest.raises(InvalidSource) as refused:
        cat.sources.create(name, kind, config, actor="t")  # type: ignore[arg-type]
    assert message in refused.value.details[field]


def test_names_are_unique_and_schedules_are_cron(cat: Catalogue, feed: Feed) -> None:
    cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t", schedule=" 0  2 * * * ")
    assert cat.sources.get("a").schedule == "0 2 * * *"
    with pytest.raises(InvalidSource, match="already exists"):
        cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t")
    with pytest.raises(InvalidSource, match="cron"):
        cat.sources.edit("a", "t", schedule="every night")
    with pytest.raises(InvalidSource, match="cannot be changed"):
        cat.sources.edit("a", "t", kind="other")
    with pytest.raises(SourceNotFound):
        cat.sources.get("b")


def test_edits_are_audited_without_values(cat: Catalogue, feed: Feed) -> None:
    cat.sources.create("a", "test-feed", {"feed": feed.name, "token": "pw-123"}, actor="ann")
    cat.sources.edit("a", "bob", title="Shared drive", enabled=False)
    with cat.sessions() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.actor, e.action) for e in events] == [("ann", "source.create"), ("bob", "source.edit")]
        assert sorted(events[1].details["fields"]) == ["enabled", "title"]
        assert "pw-123" not in str([e.details for e in events])


def test_a_source_with_assets_is_removed_only_with_them(cat: Catalogue, feed: Feed) -> None:
    source = cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t")
    feed.put("x.txt")
    cat.harvest_runner().run(source)
    ids = [a.id for a in assets(cat, source).values()]
    with pytest.raises(InvalidSource, match="has 1 assets"):
        cat.sources.remove("a", "t")
    assert cat.sources.remove("a", "t", delete_assets=True, indexer=cat.indexer) == 1
    with cat.sessions() as session:
        assert session.scalars(select(Source)).all() == []
    assert set(ids).isdisjoint(cat.search.indexed_versions())
    assert cat.indexer.drift().clean


def test_summaries_give_the_last_run_and_asset_count(cat: Catalogue, feed: Feed) -> None:
    source = cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t")
    cat.sources.create("b", "test-feed", {"feed": feed.name}, actor="t")
    feed.put("x.txt")
    runner = cat.harvest_runner()
    runner.run(source)
    last = runner.run(source)
    summaries = {s.source.name: s for s in cat.sources.summaries()}
    assert summaries["a"].last_run is not None
    assert (summaries["a"].last_run.id, summaries["a"].asset_count) == (last.id, 1)
    assert (summaries["b"].last_run, summaries["b"].asset_count) == (None, 0)
    assert [r.id for r in cat.sources.runs(source.id)] == [last.id, last.id - 1]
