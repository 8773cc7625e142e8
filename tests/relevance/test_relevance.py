"""Relevance: queries a council officer would type, run against the demo catalogue, and the assets that
must come in the top three. Relevance is what users of every catalogue complain about most."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.access import Principal
from catalogue.demo.load import load_demo
from catalogue.runtime import Catalogue
from catalogue.searching import SearchParams, search_assets
from tests.conftest import make_settings

# (what the officer types, why, a title the top three must contain (case-insensitive), optional kind)
CASES = [
    ("parking permits", "exact title", "parking permits", None),
    ("Parking Permits", "exact title, other case", "parking permits", None),
    ("parking permit", "singular of a plural title", "parking permits", None),
    ("parkng permits", "misspelling", "parking permits", None),
    ("permits parking", "words in another order", "parking permits", None),
    ("pcn", "abbreviation from the synonym list", "penalty charge notices", None),
    ("penalty charge notice", "the words behind an abbreviation", "penalty charge notices", None),
    ("hmo", "abbreviation", "hmo", None),
    ("houses in multiple occupation", "synonym of an abbreviation", "hmo", None),
    ("food hygiene inspections", "several title words", "food hygiene", None),
    ("missed bins", "plural and stemming", "missed bin", None),
    ("fly tipping", "hyphenated title words", "fly-tipping", None),
    ("FOI requests", "abbreviation in the title", "foi requests", None),
    ("payroll", "one common word", "payroll", None),
    ("blue badge", "two-word service name", "blue badge", None),
    ("HMO Licence Register.xlsx", "a file name", "hmo licence register", "spreadsheet"),
    ("licen*", "prefix", "licen", None),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    data: Path = tmp_path_factory.mktemp("demo")
    catalogue = Catalogue.open(make_settings(data), migrate=True)
    load_demo(catalogue)
    yield catalogue
    catalogue.close()


def top_titles(demo: Catalogue, query: str, kind: str | None = None, n: int = 3) -> list[tuple[str, str]]:
    everyone = Principal("officer", demo.scheme.highest)
    args = {"q": [query], "per_page": [str(n)], **({"kind": [kind]} if kind else {})}
    result = search_assets(demo, everyone, SearchParams.from_args(args))
    return [(hit.title, hit.kind) for hit in result.hits]


@pytest.mark.parametrize(("query", "why", "expected", "kind"), CASES, ids=[c[0] for c in CASES])
def test_expected_asset_is_in_the_top_three(
    demo: Catalogue, query: str, why: str, expected: str, kind: str | None
) -> None:
    titles = top_titles(demo, query)
    matching = [t for t, k in titles if expected in t.lower() and (kind is None or k == kind)]
    assert matching, f"{why}: {query!r} gave {titles}"


def test_exact_title_match_comes_first(demo: Catalogue) -> None:
    (first_title, _), *_ = top_titles(demo, "Parking permits")
    assert first_title.lower() == "parking permits"


def test_column_name_finds_its_table(demo: Catalogue) -> None:
    """A word found only in a column name or comment still finds the table."""
    titles = top_titles(demo, "asbestos", n=10)
    assert titles, "asbestos appears only in column names and comments in the demo"
    assert any(kind in {"table", "view", "spreadsheet", "list"} for _, kind in titles)


def test_the_word_as_typed_beats_a_word_that_only_shares_its_stem(demo: Catalogue) -> None:
    """English stemming makes "parking" match "parks"; titles with "parking" itself must come first."""
    titles = top_titles(demo, "parking", n=5)
    assert all("parking" in title.lower() for title, _ in titles), titles
