"""A source's governed defaults and its path/pattern rules.

A rule is `{"pattern": "Finance/**", "set": {"department": "Finance", "classification": "OFFICIAL"}}`:
a glob matched against the asset's key (case-insensitively, as on council file shares). `*` matches within
one path segment, `?` one character, `**` any number of segments; `dir/**` matches the folder itself and
everything under it. The value an asset's harvested layer gets for a field is, lowest first: the source's
default, the harvested value, then every matching rule in order (a later rule wins).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from catalogue.classification import ClassificationScheme
from catalogue.fields import FIELDS_BY_NAME, Group
from catalogue.merge import InvalidValue, clean_layer

# Fields a source default or a rule may set: the governed ones, except lifecycle (the runner's own).
RULE_FIELDS: tuple[str, ...] = tuple(
    name for name, spec in FIELDS_BY_NAME.items() if spec.group is Group.GOVERNED and name != "lifecycle"
)


class InvalidRules(ValueError):
    """Defaults or rules that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Rule:
    pattern: str
    values: Mapping[str, Any]

    def matches(self, key: str) -> bool:
        return _compile(self.pattern).fullmatch(key) is not None


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            parts.append("(?:/.*)?")
            i += 3
        elif pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def check_values(values: Any, scheme: ClassificationScheme, where: str) -> dict[str, Any]:
    """Governed field values as a default or a rule sets them, validated and in canonical form."""
    if not isinstance(values, Mapping):
        raise InvalidRules(f"{where}: give an object of field values")
    unknown = sorted(set(values) - set(RULE_FIELDS))
    if unknown:
        raise InvalidRules(f"{where}: cannot set {', '.join(unknown)} (allowed: {', '.join(RULE_FIELDS)})")
    try:
        return clean_layer(values, scheme)
    except InvalidValue as error:
        raise InvalidRules(f"{where}: {error}") from None


def check_rules(rules: Any, scheme: ClassificationScheme) -> list[dict[str, Any]]:
    """Rules as stored: a list of {"pattern", "set"}, each validated."""
    if not isinstance(rules, Sequence) or isinstance(rules, str):
        raise InvalidRules('rules: give a list of {"pattern": ..., "set": {...}}')
    checked = []
    for number, rule in enumerate(rules, start=1):
        where = f"rule {number}"
        if not isinstance(rule, Mapping) or set(rule) != {"pattern", "set"}:
            raise InvalidRules(f'{where}: give {{"pattern": ..., "set": {{...}}}} and nothing else')
        pattern = rule["pattern"]
        if not isinstance(pattern, str) or not pattern.strip():
            raise InvalidRules(f"{where}: the pattern must be a non-empty glob such as Finance/**")
        values = check_values(rule["set"], scheme, f"{where} ({pattern})")
        if not values:
            raise InvalidRules(f"{where} ({pattern}): set at least one field")
        checked.append({"pattern": pattern.strip(), "set": values})
    return checked


class RuleSet:
    """A source's rules, ready to apply to harvested fields."""

    def __init__(self, rules: Sequence[Mapping[str, Any]]) -> None:
        self.rules = [Rule(r["pattern"], r["set"]) for r in rules]

    def values_for(self, key: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for rule in self.rules:
            if rule.matches(key):
                values.update(rule.values)
        return values

    def apply(self, key: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Harvested fields with the matching rules' values on top (defaults are the store's, below)."""
        return {**fields, **self.values_for(key)}
