"""Whatever a user types, parsing and searching never fail, and hidden documents stay hidden."""

from __future__ import annotations

import pytest
from corpus import PRINCIPALS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import Oracle

from search.backend import FACET_NAMES, AccessFilter, SearchBackend, SearchRequest
from search.query import parse

PIECES = [
    "OR",
    "OR OR",
    "-",
    "--",
    "- -",
    '"',
    '-"',
    "*",
    "**",
    "NEAR(",
    "col:term",
    "title:secret",
    "(",
    ")",
    "AND",
    "NOT",
    "\x00",
    "\u200f",
    "\u202e",
    "\u200d",
    "\ufeff",
    "\ud800",
    "\udfff",
    "parking",
    "licen*",
    "hous",
    "zanzibarquux",
    "zanz*",
    "café",
    "ﬁle",
    "٣",
    "²",
    "x" * 300,
    "\\",
    "/",
    "'",
    "`",
    "${x}",
    "%s",
    "<script>",
    "&amp;",
    "~1",
    "^2",
    "[a TO z]",
    "{}",
    "\n",
    "\t",
]

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(exclude_categories=()), max_size=100),  # lone surrogates included
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(500, 2_000)),  # 10 kB and more
)

LOW = AccessFilter(1, frozenset({"finance"}))
HOSTILE_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@given(text=hostile_text)
@settings(max_examples=300, deadline=None)
def test_parse_never_raises(text: str) -> None:
    parsed = parse(text)
    assert len(parsed.must) + len(parsed.must_not) <= 36


@given(text=hostile_text)
@HOSTILE_SETTINGS
def test_search_never_raises_and_respects_access(
    loaded_backend: SearchBackend, oracle: Oracle, text: str
) -> None:
    visible = oracle.visible_ids(LOW)
    result = loaded_backend.search(SearchRequest(access=LOW, query=text, per_page=100))
    assert {h.id for h in result.hits} <= visible
    assert result.total <= len(visible)
    for facet in FACET_NAMES:
        assert all(b.count <= len(visible) for b in result.facets[facet])
    assert all(s.id in visible for s in loaded_backend.suggest(text, LOW))


@given(text=hostile_text, facet=st.sampled_from(FACET_NAMES))
@HOSTILE_SETTINGS
def test_hostile_filter_values(loaded_backend: SearchBackend, oracle: Oracle, text: str, facet: str) -> None:
    request = SearchRequest(access=LOW, query="", filters={facet: [text]})
    result = loaded_backend.search(request)
    assert result.total == oracle.search(request).total
    assert [b for b in result.facets[facet] if b.selected] == [
        b for b in result.facets[facet] if b.value == text
    ]


printable_queries = st.lists(
    st.one_of(st.sampled_from(PIECES[:30]), st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)),
    max_size=8,
).map(" ".join)


@given(text=printable_queries)
@HOSTILE_SETTINGS
@pytest.mark.parametrize("access", [PRINCIPALS[1], PRINCIPALS[5]], ids=["official", "secret-all-groups"])
def test_arbitrary_queries_match_the_oracle(
    loaded_backend: SearchBackend, oracle: Oracle, access: AccessFilter, text: str
) -> None:
    request = SearchRequest(access=access, query=text, per_page=100)
    expected = oracle.search(request)
    result = loaded_backend.search(request)
    assert result.total == expected.total
    assert result.fuzzy == expected.fuzzy
    if expected.total <= 100:
        assert {h.id for h in result.hits} == expected.ids
    assert result.facets == expected.facets
