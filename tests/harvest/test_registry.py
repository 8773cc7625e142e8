"""The harvester registry: entry points and registered kinds, lazily loaded; a kind that cannot load is
listed as unavailable with the reason, and everything else still starts."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from marshmallow import RAISE

from catalogue.cli import main
from catalogue.harvest.registry import REGISTRY, HarvesterUnavailable, Registry, UnknownKind
from catalogue.harvest.sources import InvalidSource
from catalogue.runtime import Catalogue

from .conftest import ADMIN
from .feed import FeedHarvester

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
MISSING = "catalogue_plugin_dependency_not_installed.harvester:Harvester"


@pytest.fixture
def broken_kinds() -> Iterator[None]:
    REGISTRY.register(MISSING, kind="needs-extra")
    REGISTRY.register("catalogue.models:Asset", kind="not-a-harvester")
    yield
    REGISTRY.unregister("needs-extra")
    REGISTRY.unregister("not-a-harvester")


def test_kinds_are_loaded_only_when_asked_for() -> None:
    registry = Registry(group="catalogue.no-such-group")
    registry.register(MISSING, kind="lazy")
    assert registry.kinds() == ["lazy"]  # listed without importing anything
    with pytest.raises(HarvesterUnavailable) as unavailable:
        registry.load("lazy")
    assert unavailable.value.reason == "needs the Python package 'catalogue_plugin_dependency_not_installed'"
    with pytest.raises(UnknownKind):
        registry.load("nothing")


def test_unavailable_kinds_are_listed_with_the_reason(broken_kinds: None) -> None:
    infos = {info.kind: info for info in REGISTRY.available()}
    assert infos["test-feed"].available
    assert infos["test-feed"].label == "Test feed"
    assert not infos["needs-extra"].available
    assert infos["needs-extra"].label == (
        "unavailable: needs the Python package 'catalogue_plugin_dependency_not_installed'"
    )
    assert infos["not-a-harvester"].reason == "not a Harvester class"


def test_the_app_and_the_cli_still_work_with_an_unavailable_kind(
    broken_kinds: None, client: FlaskClient, cat: Catalogue, tmp_path: Path
) -> None:
    assert client.get("/sources", headers=ADMIN).status_code == 200
    form = client.get("/sources/new", headers=ADMIN).get_data(as_text=True)
    assert "needs-extra (needs the Python package" in form
    result = CliRunner().invoke(main, ["harvesters"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "unavailable: needs the Python package" in result.output
    assert "Test feed" in result.output
    with pytest.raises(InvalidSource, match="unavailable"):
        cat.sources.create("x", "needs-extra", {}, actor="t")


def test_built_in_kinds_are_entry_points_of_the_same_group() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]
    targets = declared.get("catalogue.harvesters", {})
    registry = Registry(group="catalogue.no-such-group")
    for kind, target in targets.items():
        registry.register(target, kind=kind)
    for info in registry.available():  # each one loads, or says why not
        assert info.available or info.reason, info.kind
        if info.available:
            assert registry.load(info.kind).kind == info.kind


def test_registering_a_class_uses_its_kind() -> None:
    registry = Registry(group="catalogue.no-such-group")
    registry.register(FeedHarvester)
    assert registry.load("test-feed") is FeedHarvester
    registry.unregister("test-feed")
    assert registry.kinds() == []


SECRET_NAMES = ("password", "secret", "token", "client_secret", "certificate", "key")


def test_every_kind_keeps_the_config_contract() -> None:
    """Unknown keys rejected, every field described, secrets load-only (so never shown back)."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]
    registry = Registry(group="catalogue.no-such-group")
    registry.register(FeedHarvester)
    for kind, target in declared.get("catalogue.harvesters", {}).items():
        registry.register(target, kind=kind)
    checked = 0
    for info in registry.available():
        if not info.available:
            continue
        schema = registry.load(info.kind).config_schema()
        assert schema.unknown == RAISE, info.kind
        for name, field in schema.fields.items():
            assert field.metadata.get("description"), f"{info.kind}.{name} has no description"
            if name in SECRET_NAMES:
                assert field.load_only, f"{info.kind}.{name} is a secret but not load_only"
        checked += 1
    assert checked >= 1
