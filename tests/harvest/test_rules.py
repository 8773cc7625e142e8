"""Path rules and source defaults: glob matching, validation, and the order defaults < harvested < rules."""

from __future__ import annotations

import pytest

from catalogue.classification import ClassificationScheme
from catalogue.harvest.rules import InvalidRules, Rule, RuleSet, check_rules, check_values
from catalogue.harvest.sources import InvalidSource
from catalogue.runtime import Catalogue

from .conftest import assets
from .feed import Feed

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], "OFFICIAL-SENSITIVE")


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("Finance/**", "Finance", True),
        ("Finance/**", "Finance/Budgets/2024.xlsx", True),
        ("Finance/**", "finance/payroll.csv", True),  # shares are case-insensitive
        ("Finance/**", "Finances/x.csv", False),
        ("*.xlsx", "a.xlsx", True),
        ("*.xlsx", "Finance/a.xlsx", False),
        ("**/*.xlsx", "a.xlsx", True),
        ("**/*.xlsx", "Finance/Deep/a.xlsx", True),
        ("HR/*/contracts/**", "HR/2024/contracts/a.pdf", True),
        ("HR/*/contracts/**", "HR/2024/x/contracts/a.pdf", False),
        ("report-202?.pdf", "report-2024.pdf", True),
        ("report-202?.pdf", "report-20245.pdf", False),
        ("a+b (1).txt", "a+b (1).txt", True),  # regex characters are literal
        ("public.*", "public.council_tax", True),
    ],
)
def test_glob_patterns(pattern: str, key: str, matches: bool) -> None:
    assert Rule(pattern, {}).matches(key) is matches


def test_later_rules_win() -> None:
    rules = RuleSet(
        [
            {
                "pattern": "Finance/**",
                "set": {"department": "Finance", "classification": "OFFICIAL-SENSITIVE"},
            },
            {"pattern": "Finance/Public/**", "set": {"classification": "OFFICIAL"}},
        ]
    )
    assert rules.apply("Finance/Public/a.pdf", {"department": "X", "title": "A"}) == {
        "department": "Finance",
        "title": "A",
        "classification": "OFFICIAL",
    }
    assert rules.apply("Other/a.pdf", {"title": "A"}) == {"title": "A"}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("Finance/**", "give a list"),
        ([{"pattern": "x"}], "nothing else"),
        ([{"pattern": "", "set": {"owner": "A"}}], "non-empty glob"),
        ([{"pattern": "x", "set": {"title": "A"}}], "cannot set title"),
        ([{"pattern": "x", "set": {"classification": "TOP-SECRET"}}], "classification"),
        ([{"pattern": "x", "set": {}}], "at least one field"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(rules: object, message: str) -> None:
    with pytest.raises(InvalidRules, match=message):
        check_rules(rules, SCHEME)


def test_values_are_stored_canonical() -> None:
    assert check_values({"classification": "official-sensitive", "owner": "  Ann  Lee "}, SCHEME, "d") == {
        "classification": "OFFICIAL-SENSITIVE",
        "owner": "Ann Lee",
    }
    with pytest.raises(InvalidRules, match="lifecycle"):
        check_values({"lifecycle": "gone"}, SCHEME, "defaults")


def test_defaults_then_harvested_values_then_rules(cat: Catalogue, feed: Feed) -> None:
    source = cat.sources.create(
        "share",
        "test-feed",
        {"feed": feed.name},
        actor="t",
        defaults={"owner": "Default Owner", "department": "Corporate", "classification": "OFFICIAL"},
        rules=[
            {
                "pattern": "Finance/**",
                "set": {"department": "Finance", "classification": "OFFICIAL-SENSITIVE"},
            },
            {"pattern": "**/*.secret", "set": {"classification": "SECRET"}},
        ],
    )
    feed.put("readme.txt")
    feed.put("plans.txt", department="Planning")
    feed.put("Finance", kind="folder")
    feed.put("Finance/budget.xlsx", parent="Finance", department="Planning", owner="Bob Kaur")
    feed.put("Finance/keys.secret", parent="Finance")
    assert cat.harvest_runner().run(source).status == "succeeded"
    found = assets(cat, source)
    summary = {k: (a.owner, a.department, a.classification) for k, a in found.items()}
    assert summary == {
        "readme.txt": ("Default Owner", "Corporate", "OFFICIAL"),
        "plans.txt": ("Default Owner", "Planning", "OFFICIAL"),
        "Finance": ("Default Owner", "Finance", "OFFICIAL-SENSITIVE"),
        "Finance/budget.xlsx": ("Bob Kaur", "Finance", "OFFICIAL-SENSITIVE"),
        "Finance/keys.secret": ("Default Owner", "Finance", "SECRET"),
    }


def test_a_new_rule_applies_on_the_next_full_run(cat: Catalogue, feed: Feed) -> None:
    source = cat.sources.create("share", "test-feed", {"feed": feed.name}, actor="t")
    feed.put("HR/a.doc")
    runner = cat.harvest_runner()
    runner.run(source)
    source = cat.sources.edit("share", "t", rules=[{"pattern": "HR/**", "set": {"department": "HR"}}])
    assert runner.run(source, full=True).updated == 1
    assert assets(cat, source)["HR/a.doc"].department == "HR"


def test_bad_defaults_or_rules_are_refused_by_the_service(cat: Catalogue, feed: Feed) -> None:
    with pytest.raises(InvalidSource) as bad:
        cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t", defaults={"classification": "X"})
    assert "defaults" in bad.value.details
    with pytest.raises(InvalidSource) as bad:
        cat.sources.create("a", "test-feed", {"feed": feed.name}, actor="t", rules=[{"pattern": "x"}])
    assert "rules" in bad.value.details
