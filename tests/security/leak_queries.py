"""What an attacker types and clicks: random queries, facet filters, sorts and pages, drawn from the
catalogue's own vocabulary, its hidden values and planted terms, and hostile text."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from leak_world import LEVELS, World

from search.backend import FACET_NAMES

SORTS = ("relevance", "modified", "title")
HIDDEN_FIELD_SORTS = ("classification", "owner", "access_groups", "steward", "-classification")
HOSTILE = (
    '"unclosed phrase',
    "NEAR(parking, 3)",
    "parking AND (tax OR",
    "'; DROP TABLE assets; --",
    "*",
    "-",
    "OR OR",
    "\\\\files\\share",
    "<script>alert(1)</script>",
    "title:* OR classification:*",
    "access_groups:hr",
    "%00%27",
    "\u202eparking",
    "parking\x00tax",
)


@dataclass(frozen=True)
class QueryCase:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def args(self) -> list[tuple[str, str]]:
        pairs = [("q", self.query)] if self.query else []
        for facet, values in self.filters.items():
            pairs.extend((facet, value) for value in values)
        pairs += [("sort", self.sort), ("page", str(self.page)), ("per_page", str(self.per_page))]
        return pairs

    @property
    def typed(self) -> str:
        """Everything the attacker sent, which the answer may echo back (a selected filter shows as such)."""
        return " ".join([self.query, *(v for values in self.filters.values() for v in values)])

    @property
    def valid_sort(self) -> bool:
        return self.sort in SORTS


class QueryMaker:
    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.vocabulary = sorted(world.oracle.vocabulary)
        self.titles = [a.title for a in world.assets.values() if a.title]
        self.planted = sorted(world.planted)

    def word(self) -> str:
        return self.rng.choice(self.vocabulary)

    def text(self) -> str:
        rng = self.rng
        form = rng.randrange(13)
        if form == 0:
            return ""
        if form == 1:
            return self.word()
        if form == 2:
            return f"{self.word()} {self.word()}"
        if form == 3:  # a planted term, or a typo of one (typo tolerance must not find hidden assets)
            term = rng.choice(self.planted)
            return term if rng.random() < 0.6 else term[:-1] + ("x" if term[-1] != "x" else "y")
        if form == 4:  # a phrase from a title
            words = rng.choice(self.titles).split()
            start = rng.randrange(len(words))
            return '"' + " ".join(words[start : start + 2]) + '"'
        if form == 5:  # a prefix
            word = rng.choice([*self.vocabulary, *self.planted])
            return word[: rng.randint(2, max(2, len(word) - 1))] + "*"
        if form == 6:
            return f"{self.word()} -{rng.choice([self.word(), *self.planted])}"
        if form == 7:
            return f"{self.word()} OR {rng.choice([self.word(), *self.planted])}"
        if form == 8:  # field:value typed into the box is words, never a filter
            facet = rng.choice(("classification", "owner", "tag", "department", "access_groups", "source"))
            values = self.world.facet_values.get(facet) or list(LEVELS)
            return f"{facet}:{rng.choice(values)}"
        if form == 9:
            return rng.choice(HOSTILE)
        if form == 10:  # a whole title
            return rng.choice(self.titles)
        if form == 11:
            return rng.choice(self.titles)[:3]
        return f"{self.word()} {self.word()}*"

    def filters(self) -> dict[str, tuple[str, ...]]:
        chosen: dict[str, tuple[str, ...]] = {}
        for _ in range(self.rng.choice((0, 0, 1, 1, 2))):
            facet = self.rng.choice(FACET_NAMES)
            values = self.world.facet_values.get(facet) or ["nothing"]
            chosen[facet] = tuple(
                dict.fromkeys(self.rng.choice(values) for _ in range(self.rng.randint(1, 2)))
            )
        return chosen

    def case(self) -> QueryCase:
        rng = self.rng
        sort = rng.choice(SORTS) if rng.random() < 0.9 else rng.choice(HIDDEN_FIELD_SORTS)
        per_page = rng.choice((5, 10, 20))
        return QueryCase(self.text(), self.filters(), sort, rng.choice((1, 1, 1, 2, 3)), per_page)
