"""The search contract, checked against the brute-force oracle on every backend.

For many queries x filter combinations x principals: the visible id set (paging through everything), the
total and every facet bucket must equal the oracle's. Then sort orders, paging, ranking, what a principal
must never learn about documents above them, suggestions, and the write operations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pytest
from corpus import HIDDEN_OWNER, HIDDEN_TAG, HIDDEN_WORD, PRINCIPALS, access_id, generate_corpus
from oracle import Oracle

from search.analysis import sort_title
from search.backend import (
    FACET_NAMES,
    MAX_PER_PAGE,
    AccessFilter,
    FacetBucket,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResult,
)

QUERIES = [
    "",
    "parking",
    "Parking",
    "permit",
    "houses",
    "house",
    "licences",
    "licensing",
    "parking permits",
    '"parking permits"',
    '"permits parking"',
    '"council tax" waste',
    "park*",
    "li*",
    "hous*",
    "date_of*",
    "x8*",
    "date_of_birth",
    "GP-led",
    "gp led",
    "cafe",
    "Café",
    "naive",
    "aero",
    "children's",
    "2019/20",
    "parking OR waste",
    "parking OR waste OR hygiene",
    "housing -register",
    '-"council tax"',
    "-parking -waste",
    "parking -parking",
    "parkng",
    "housign",
    "licensng",
    "hygeine",
    "statistcs report",
    "xyzzy",
    "the",
    "the parking",
    "pcn",
    "cctv",
    "foi",
    "okafor",
    "durand",
    "adult social care",
    "fileserver",
    "share/housing",
    HIDDEN_WORD,
    "zanzibarquix",
    "grievance",
    "hrsecretword",
    "col:parking",
    "NEAR(parking",
    "*",
]

FILTER_SETS: list[dict[str, list[str]]] = [
    {},
    {"kind": ["table"]},
    {"kind": ["table", "view"], "tag": ["parking"]},
    {"department": ["Housing"], "classification": ["OFFICIAL"], "lifecycle": ["active", "retired"]},
    {"tag": [HIDDEN_TAG], "owner": [HIDDEN_OWNER, "Chidi Okafor"]},
]


def run(backend: SearchBackend, **kwargs: object) -> SearchResult:
    return backend.search(SearchRequest(**kwargs))  # type: ignore[arg-type]


def collect(backend: SearchBackend, **kwargs: object) -> tuple[SearchResult, list[SearchHit]]:
    """The first page's result and every hit of every page."""
    first = run(backend, per_page=MAX_PER_PAGE, **kwargs)
    hits = list(first.hits)
    page = 1
    while len(hits) < first.total:
        page += 1
        more = run(backend, per_page=MAX_PER_PAGE, page=page, **kwargs)
        assert more.total == first.total
        assert more.hits, "a page before the end came back empty"
        hits.extend(more.hits)
    return first, hits


def check_against_oracle(
    backend: SearchBackend,
    oracle: Oracle,
    query: str,
    filters: Mapping[str, Sequence[str]],
    access: AccessFilter,
) -> None:
    request = SearchRequest(access=access, query=query, filters=filters)
    expected = oracle.search(request)
    result, hits = collect(backend, access=access, query=query, filters=filters)
    ids = [h.id for h in hits]
    where = f"query={query!r} filters={filters} access={access}"
    assert len(ids) == len(set(ids)), f"duplicate hits: {where}"
    assert set(ids) == expected.ids, where
    assert result.total == expected.total, where
    assert result.fuzzy == expected.fuzzy, where
    for facet in FACET_NAMES:
        assert result.facets[facet] == expected.facets[facet], f"facet {facet}: {where}"


@pytest.mark.parametrize("query", QUERIES)
def test_results_totals_and_facets_match_the_oracle(
    loaded_backend: SearchBackend, oracle: Oracle, query: str
) -> None:
    for filters in FILTER_SETS:
        for access in PRINCIPALS:
            check_against_oracle(loaded_backend, oracle, query, filters, access)


@pytest.mark.parametrize("facet_size", [1, 3])
def test_small_facet_sizes_keep_selected_values(
    loaded_backend: SearchBackend, oracle: Oracle, facet_size: int
) -> None:
    filters = {"tag": ["stats", "gdpr"], "owner": ["Gus Lee"]}
    access = AccessFilter(2, frozenset({"hr"}))
    request = SearchRequest(access=access, query="report", filters=filters, facet_size=facet_size)
    result = loaded_backend.search(request)
    assert result.facets == oracle.search(request).facets
    tags = {b.value: b for b in result.facets["tag"]}
    assert tags["stats"].selected
    assert tags["gdpr"].selected


@pytest.mark.parametrize("query", ["", "parking", "hous*", "report OR survey", "-waste"])
@pytest.mark.parametrize("access", [PRINCIPALS[1], PRINCIPALS[5]], ids=["official", "secret-all-groups"])
def test_sort_orders(loaded_backend: SearchBackend, oracle: Oracle, query: str, access: AccessFilter) -> None:
    expected = oracle.search(SearchRequest(access=access, query=query))
    _, by_title = collect(loaded_backend, access=access, query=query, sort="title")
    assert [sort_title(h.title) for h in by_title] == expected.title_order()
    _, by_date = collect(loaded_backend, access=access, query=query, sort="modified")
    assert [h.modified for h in by_date] == expected.modified_order()
    _, by_score = collect(loaded_backend, access=access, query=query)
    scores = [h.score for h in by_score]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("sort", ["relevance", "title", "modified"])
def test_paging_is_consistent(loaded_backend: SearchBackend, sort: str) -> None:
    access = PRINCIPALS[5]
    _, everything = collect(loaded_backend, access=access, query="parking OR waste", sort=sort)
    paged: list[int] = []
    page = 1
    while True:
        result = run(
            loaded_backend, access=access, query="parking OR waste", sort=sort, per_page=7, page=page
        )
        assert result.total == len(everything)
        if not result.hits:
            break
        assert len(result.hits) <= 7
        paged.extend(h.id for h in result.hits)
        page += 1
    assert paged == [h.id for h in everything]


def test_exact_title_ranks_first(loaded_backend: SearchBackend) -> None:
    result = run(loaded_backend, access=PRINCIPALS[1], query="parking permits")
    assert result.hits[0].title == "Parking permits"
    result = run(loaded_backend, access=PRINCIPALS[1], query="PARKING  permits!")
    assert result.hits[0].title == "Parking permits"


def test_snippets_are_escaped_and_marked(loaded_backend: SearchBackend) -> None:
    result = run(loaded_backend, access=PRINCIPALS[1], query="permits for parking on the street")
    hit = next(h for h in result.hits if h.title == "Permits for parking on the street")
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>parking</mark>" in hit.snippet
    prefix = run(loaded_backend, access=PRINCIPALS[1], query="resid*")
    assert any("<mark>resident" in h.snippet.lower() for h in prefix.hits)


BELOW_SECRET = [a for a in PRINCIPALS if a.max_rank < 2] + [
    AccessFilter(1, frozenset({"hr", "finance", "social-care"}))
]


@pytest.mark.parametrize("access", BELOW_SECRET, ids=access_id)
def test_hidden_documents_leak_nothing(loaded_backend: SearchBackend, access: AccessFilter) -> None:
    for query in [HIDDEN_WORD, "zanzibarquix", "zanzibar*", f'"{HIDDEN_WORD} safeguarding"', "quentin"]:
        result = run(loaded_backend, access=access, query=query)
        assert result.total == 0
        assert result.hits == []
        assert all(b.count == 0 for buckets in result.facets.values() for b in buckets)
    browse = run(loaded_backend, access=access, facet_size=1000)
    values = {b.value for buckets in browse.facets.values() for b in buckets}
    assert HIDDEN_TAG not in values
    assert HIDDEN_OWNER not in values
    selected = run(loaded_backend, access=access, filters={"tag": [HIDDEN_TAG]})
    assert selected.total == 0
    assert [(b.value, b.count) for b in selected.facets["tag"] if b.value == HIDDEN_TAG] == [(HIDDEN_TAG, 0)]
    _, hits = collect(loaded_backend, access=access, query="safeguarding OR secret OR list")
    assert all(HIDDEN_WORD not in h.snippet and HIDDEN_WORD not in h.title for h in hits)
    assert loaded_backend.suggest("zanz", access) == []
    assert loaded_backend.suggest(HIDDEN_WORD, access) == []


def test_hidden_document_is_found_with_clearance(loaded_backend: SearchBackend) -> None:
    result = run(loaded_backend, access=AccessFilter(2), query=HIDDEN_WORD)
    assert result.total == 1
    assert HIDDEN_WORD in result.hits[0].snippet
    assert [s.title for s in loaded_backend.suggest("zanz", AccessFilter(2))] == [result.hits[0].title]


def test_group_restricted_documents(loaded_backend: SearchBackend) -> None:
    assert run(loaded_backend, access=AccessFilter(2), query="hrsecretword").total == 0
    assert (
        run(loaded_backend, access=AccessFilter(0, frozenset({"finance"})), query="hrsecretword").total == 0
    )
    assert run(loaded_backend, access=AccessFilter(0, frozenset({"hr"})), query="hrsecretword").total == 1


@pytest.mark.parametrize(
    "prefix", ["pa", "par", "Parking p", "hou", "licen", "cafe", "Caf", "zz", "sta", "2019"]
)
@pytest.mark.parametrize("access", PRINCIPALS, ids=access_id)
def test_suggestions_are_visible_matches(
    loaded_backend: SearchBackend, oracle: Oracle, prefix: str, access: AccessFilter
) -> None:
    suggestions = loaded_backend.suggest(prefix, access, limit=5)
    candidates = oracle.suggestion_candidates(prefix, access)
    assert len(suggestions) == min(5, len(candidates))
    assert {s.id for s in suggestions} <= candidates


def test_short_or_empty_suggestion_input(loaded_backend: SearchBackend) -> None:
    for prefix in ["", " ", "p", "-", '"', "*"]:
        assert loaded_backend.suggest(prefix, PRINCIPALS[5]) == []


def test_suggestions_put_title_starts_first(loaded_backend: SearchBackend) -> None:
    titles = [s.title for s in loaded_backend.suggest("parking perm", PRINCIPALS[1], limit=3)]
    assert titles[0] == "Parking permits"


# -- writes -----------------------------------------------------------------------------------------------


def doc(doc_id: int, title: str, version: int = 1, rank: int = 0, **extra: object) -> SearchDocument:
    return SearchDocument(doc_id, version, title, "table", "OFFICIAL", rank, "register", **extra)  # type: ignore[arg-type]


def titles(backend: SearchBackend, query: str = "") -> list[str]:
    return sorted(h.title for h in run(backend, access=AccessFilter(5), query=query, per_page=100).hits)


def test_index_upserts_by_id(backend: SearchBackend) -> None:
    assert backend.index([doc(1, "Allotment waiting list"), doc(2, "Burial records")]) == 2
    assert backend.index([doc(1, "Allotment tenancies", version=2)]) == 1
    assert titles(backend) == ["Allotment tenancies", "Burial records"]
    assert titles(backend, "waiting") == []
    assert backend.indexed_versions() == {1: 2, 2: 1}


def test_repeated_ids_in_one_call_keep_the_last(backend: SearchBackend) -> None:
    backend.index([doc(1, "First"), doc(1, "Second", version=2), doc(2, "Other")])
    assert titles(backend) == ["Other", "Second"]
    assert backend.indexed_versions() == {1: 2, 2: 1}


def test_index_consumes_a_generator(backend: SearchBackend) -> None:
    count = backend.index(doc(i, f"Item {i}") for i in range(1, 2_501))
    assert count == 2_500
    assert run(backend, access=AccessFilter(0)).total == 2_500
    assert len(backend.indexed_versions()) == 2_500


def test_delete_ignores_unknown_ids(backend: SearchBackend) -> None:
    backend.index([doc(1, "Allotments"), doc(2, "Burials"), doc(3, "Cemeteries")])
    backend.delete([2, 99])
    backend.delete([])
    assert titles(backend) == ["Allotments", "Cemeteries"]
    assert set(backend.indexed_versions()) == {1, 3}


def test_changed_access_takes_effect(backend: SearchBackend) -> None:
    backend.index([doc(1, "Payroll extract")])
    assert run(backend, access=AccessFilter(0), query="payroll").total == 1
    backend.index([doc(1, "Payroll extract", version=2, rank=2)])
    assert run(backend, access=AccessFilter(0), query="payroll").total == 0
    backend.index([doc(1, "Payroll extract", version=3, access_groups=("hr",))])
    assert run(backend, access=AccessFilter(0), query="payroll").total == 0
    assert run(backend, access=AccessFilter(0, frozenset({"hr"})), query="payroll").total == 1


def test_rebuild_replaces_everything(backend: SearchBackend) -> None:
    backend.index([doc(1, "Old one"), doc(2, "Old two")])
    assert backend.rebuild(doc(i, f"New {i}", version=7) for i in (2, 3, 4)) == 3
    assert titles(backend) == ["New 2", "New 3", "New 4"]
    assert backend.indexed_versions() == {2: 7, 3: 7, 4: 7}
    backend.index([doc(5, "Added later")])
    assert backend.indexed_versions()[5] == 1


def test_rebuild_keeps_searches_working_meanwhile(backend: SearchBackend) -> None:
    backend.index([doc(1, "Old register")])
    seen: list[list[str]] = []

    def documents():  # type: ignore[no-untyped-def]
        for i in range(1, 50):
            if i == 25:
                seen.append(titles(backend))
            yield doc(i, f"New register {i}")

    backend.rebuild(documents())
    assert seen == [["Old register"]]
    assert len(titles(backend)) == 49


def test_empty_backend(backend: SearchBackend) -> None:
    result = run(backend, access=AccessFilter(2), query="anything", filters={"kind": ["table"]})
    assert result.total == 0
    assert result.hits == []
    assert result.facets["kind"] == [FacetBucket("table", 0, True)]
    assert backend.indexed_versions() == {}
    assert backend.suggest("any", AccessFilter(2)) == []


def test_whole_corpus_round_trip(backend: SearchBackend) -> None:
    corpus = generate_corpus(60, seed=3)
    backend.rebuild(corpus)
    assert backend.indexed_versions() == {d.id: d.version for d in corpus}
    hit = run(
        backend, access=AccessFilter(2, frozenset({"hr", "finance", "social-care"})), query="", per_page=100
    )
    by_id = {d.id: d for d in corpus}
    for h in hit.hits:
        source = by_id[h.id]
        assert (h.title, h.kind, h.owner, h.department, h.location) == (
            source.title,
            source.kind,
            source.owner,
            source.department,
            source.location,
        )
        assert h.modified == source.modified


def test_naive_dates_are_taken_as_utc(backend: SearchBackend) -> None:
    backend.index(
        [doc(1, "A", modified=datetime(2020, 1, 1, tzinfo=UTC)), doc(2, "B", modified=datetime(2021, 1, 1))]
    )
    hits = run(backend, access=AccessFilter(0), sort="modified").hits
    assert [h.id for h in hits] == [2, 1]
