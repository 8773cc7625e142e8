"""The Elasticsearch request bodies, mappings and bulk actions as data: what our code sends, checked
without a cluster. (The same contract suite runs on a live cluster when CATALOGUE_TEST_ELASTICSEARCH_URL is
set; see tests/search/conftest.py.)"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from corpus import PRINCIPALS, access_id
from test_contract import FILTER_SETS, QUERIES

from search.backend import (
    FACET_NAMES,
    MAX_PER_PAGE,
    TEXT_FIELD_BOOSTS,
    AccessFilter,
    FacetBucket,
    SearchDocument,
    SearchRequest,
)
from search.elastic_bulk import delete_actions, index_actions
from search.elastic_mapping import (
    ALIAS_PATTERN,
    MAPPINGS,
    STEM_ANALYZER,
    index_pattern,
    template_body,
    to_source,
)
from search.elastic_query import (
    access_filter,
    clause_query,
    has_fuzzy_terms,
    read_facets,
    search_body,
    suggest_body,
    text_query,
)
from search.query import Term, parse
from search.synonyms import SynonymSet

SYNONYMS = SynonymSet.built_in()
FORBIDDEN = {
    "query_string",
    "simple_query_string",
    "regexp",
    "wildcard",
    "script",
    "script_score",
    "completion",
}
SEARCHABLE = {*TEXT_FIELD_BOOSTS, "all_plain", "title.plain", "title_exact"}
FILTERABLE = {"classification_rank", "access_groups", *(f"facets.{f}" for f in FACET_NAMES)}


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in a JSON-like body."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def fields_queried(body: Any) -> set[str]:
    """The fields named by term-level and full-text queries in a body."""
    found: set[str] = set()
    for key, value in walk(body):
        if key in {"term", "terms", "prefix", "fuzzy", "range", "match_phrase"}:
            found.update(value)
        elif key == "multi_match":
            found.update(f.split("^")[0] for f in value["fields"])
        elif key == "exists":
            found.add(value["field"])
    return found


def body_for(query: str, access: AccessFilter = PRINCIPALS[1], **kwargs: Any) -> dict[str, Any]:
    request = SearchRequest(access=access, query=query, **kwargs)
    return search_body(request, parse(query, SYNONYMS))


# -- every contract query, as data ----------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES)
def test_bodies_are_safe_for_every_contract_query(query: str) -> None:
    for filters in FILTER_SETS:
        for access in PRINCIPALS:
            for fuzzy in (False, True):
                request = SearchRequest(access=access, query=query, filters=filters, per_page=MAX_PER_PAGE)
                body = search_body(request, parse(query, SYNONYMS), fuzzy=fuzzy)
                keys = {key for key, _ in walk(body)}
                assert not keys & FORBIDDEN, f"{query!r}: {keys & FORBIDDEN}"
                filtering = [body["query"], body.get("post_filter")]
                filtering += [agg["filter"] for agg in body["aggs"].values()]
                assert fields_queried(filtering) <= SEARCHABLE | FILTERABLE
                counted = {
                    part["terms"]["field"] for agg in body["aggs"].values() for part in agg["aggs"].values()
                }
                assert counted <= FILTERABLE
                assert body["query"]["bool"]["filter"] == [access_filter(access)], (
                    "access rule in bool.filter"
                )
                assert body["size"] <= MAX_PER_PAGE
                assert body["track_total_hits"] is True
                json.dumps(body)  # plain JSON, nothing else


def test_paging_is_bounded_by_the_request() -> None:
    body = body_for("parking", page=100, per_page=100)
    assert (body["from"], body["size"]) == (9_900, 100)
    with pytest.raises(ValueError, match="page"):
        SearchRequest(access=PRINCIPALS[1], page=101, per_page=100)


def test_user_text_only_reaches_the_allow_listed_fields() -> None:
    body = body_for('title:secret classification_rank:9 "access_groups" _id:1 *:*')
    assert fields_queried(body["query"]["bool"]["must"]) <= SEARCHABLE
    texts = [v["query"] for k, v in walk(body) if k == "multi_match"]
    assert "title:secret" in texts, "field syntax is a plain word for the phrase query, never parsed"


# -- clause by clause -------------------------------------------------------------------------------------

FIELDS = ["title^8", "tags^5", "description^2", "columns^1.5", "path^1.2", "context^1"]


def phrase(text: str) -> dict[str, Any]:
    return {"multi_match": {"query": text, "type": "phrase", "fields": FIELDS, "tie_breaker": 0.1}}


def test_one_word() -> None:
    assert text_query(parse("cctv")) == {
        "bool": {
            "must": [phrase("cctv")],
            "should": [{"term": {"title_exact": {"value": "cctv", "boost": 100.0}}}],
        }
    }


def test_a_stemmed_word_adds_a_bonus_for_the_word_as_typed() -> None:
    must = text_query(parse("parking"))["bool"]["must"][0]
    assert must == {
        "bool": {
            "must": [phrase("parking")],
            "should": [{"term": {"title.plain": {"value": "parking", "boost": 4.0}}}],
        }
    }


def test_phrases_exclusions_and_title_boosts() -> None:
    query = text_query(parse('"council tax" waste -register -"food hygiene"'))["bool"]
    assert query["must"][0] == phrase("council tax")
    assert query["must_not"] == [clause_query(Term("register")), phrase("food hygiene")]
    assert {"match_phrase": {"title": {"query": "council tax waste", "boost": 20.0}}} in query["should"]
    assert {"term": {"title_exact": {"value": "council tax waste", "boost": 100.0}}} in query["should"]


def test_only_exclusions_still_match_everything_else() -> None:
    assert text_query(parse("-parking -waste")) == {
        "bool": {
            "must": [{"match_all": {}}],
            "must_not": [clause_query(Term("parking")), clause_query(Term("waste"))],
        }
    }


def test_empty_query_matches_all() -> None:
    assert text_query(parse("")) == {"match_all": {}}
    assert text_query(parse("  -  * ")) == {"match_all": {}}


def test_prefix_is_a_prefix_query_on_unstemmed_words() -> None:
    assert text_query(parse("licen*")) == {"prefix": {"all_plain": {"value": "licen"}}}
    assert text_query(parse("date_of*")) == {
        "bool": {"must": [{"term": {"all_plain": "date"}}, {"prefix": {"all_plain": {"value": "of"}}}]}
    }


def test_or_and_synonyms_are_any_of() -> None:
    either = text_query(parse("parking OR waste"))
    assert either["bool"]["minimum_should_match"] == 1
    assert len(either["bool"]["should"]) == 2
    synonyms = text_query(parse("pcn", SYNONYMS))["bool"]["must"][0]["bool"]["should"]
    assert [next(v["query"] for k, v in walk(s) if k == "multi_match") for s in synonyms] == [
        "pcn",
        "penalty charge notice",
        "parking ticket",
        "parking fine",
    ]


def test_negated_and_quoted_words_are_not_expanded_to_synonyms() -> None:
    query = text_query(parse('-pcn "pcn"', SYNONYMS))["bool"]
    assert query["must"] == [phrase("pcn")]
    assert query["must_not"] == [phrase("pcn")]


def test_typo_tolerance_adds_every_word_within_the_edit_distance() -> None:
    words = text_query(parse("parkng"), fuzzy=True)["bool"]["must"][0]
    assert words["bool"]["minimum_should_match"] == 1
    fuzzy = words["bool"]["should"][1]["fuzzy"]["all_plain"]
    assert fuzzy == {
        "value": "parkng",
        "fuzziness": 1,
        "transpositions": True,
        "prefix_length": 0,
        "max_expansions": 1000,
        "rewrite": "constant_score",
        "boost": 0.5,
    }
    assert (
        text_query(parse("statistcs"), fuzzy=True)["bool"]["must"][0]["bool"]["should"][1]["fuzzy"][
            "all_plain"
        ]["fuzziness"]
        == 2
    )
    assert "fuzzy" not in json.dumps(text_query(parse("cat"), fuzzy=True)), "three letters: no edits"
    assert "fuzzy" not in json.dumps(text_query(parse('"parkng"'), fuzzy=True)), "a phrase is exact"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("parkng", True), ("cat", False), ('"parkng"', False), ("date_of_birth", False), ("park*", False)],
)
def test_which_queries_get_a_typo_tolerant_retry(query: str, expected: bool) -> None:
    assert has_fuzzy_terms(parse(query)) is expected


# -- access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("access", PRINCIPALS, ids=access_id)
def test_access_filter(access: AccessFilter) -> None:
    rule = access_filter(access)
    if access.max_rank < 0:
        assert rule == {"match_none": {}}
        return
    rank, groups = rule["bool"]["filter"]
    assert rank == {"range": {"classification_rank": {"gte": 0, "lte": access.max_rank}}}
    should = groups["bool"]["should"]
    assert groups["bool"]["minimum_should_match"] == 1
    assert should[0] == {"bool": {"must_not": [{"exists": {"field": "access_groups"}}]}}
    assert should[1:] == ([{"terms": {"access_groups": sorted(access.groups)}}] if access.groups else [])


def test_suggestions_are_a_filtered_prefix_query() -> None:
    access = AccessFilter(1, frozenset({"hr"}))
    body = suggest_body("Parking p", access, 20)
    assert body is not None
    assert body["query"]["bool"]["filter"] == [access_filter(access)]
    assert body["query"]["bool"]["must"] == [
        {
            "bool": {
                "must": [{"term": {"title.plain": "parking"}}, {"prefix": {"title.plain": {"value": "p"}}}]
            }
        }
    ]
    assert body["query"]["bool"]["should"] == [
        {"prefix": {"title_exact": {"value": "parking p", "boost": 10.0}}}
    ]
    assert body["size"] == 20
    assert suggest_body("--", access, 20) is None


# -- facets -------------------------------------------------------------------------------------------------


def test_facets_ignore_their_own_selection_and_hits_take_every_selection() -> None:
    filters = {"kind": ["table", "view"], "tag": ["parking"]}
    body = body_for("parking", filters=filters, facet_size=5)
    kind_terms = {"terms": {"facets.kind": ["table", "view"]}}
    tag_terms = {"terms": {"facets.tag": ["parking"]}}
    assert body["post_filter"] == {"bool": {"filter": [kind_terms, tag_terms]}}
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [tag_terms]}}
    assert body["aggs"]["tag"]["filter"] == {"bool": {"filter": [kind_terms]}}
    assert body["aggs"]["owner"]["filter"] == {"bool": {"filter": [kind_terms, tag_terms]}}
    top = body["aggs"]["kind"]["aggs"]["top"]["terms"]
    assert top == {"field": "facets.kind", "size": 5, "order": [{"_count": "desc"}, {"_key": "asc"}]}
    chosen = body["aggs"]["kind"]["aggs"]["chosen"]["terms"]
    assert chosen == {"field": "facets.kind", "include": ["table", "view"], "size": 2}
    assert "chosen" not in body["aggs"]["owner"]["aggs"]
    assert set(body["aggs"]) == set(FACET_NAMES)


def test_no_selection_no_post_filter() -> None:
    body = body_for("parking")
    assert "post_filter" not in body
    assert all(agg["filter"] == {"match_all": {}} for agg in body["aggs"].values())


def test_an_unencodable_selection_matches_nothing() -> None:
    body = body_for("", filters={"owner": ["\ud800"]})
    assert body["post_filter"] == {"bool": {"filter": [{"match_none": {}}]}}


def test_facet_buckets_from_aggregations() -> None:
    aggregations = {
        "kind": {
            "doc_count": 9,
            "top": {"buckets": [{"key": "table", "doc_count": 5}, {"key": "file", "doc_count": 3}]},
            "chosen": {"buckets": [{"key": "view", "doc_count": 1}]},
        },
        "tag": {"doc_count": 0, "top": {"buckets": []}, "chosen": {"buckets": []}},
    }
    facets = read_facets(aggregations, {"kind": ["view"], "tag": ["zzz"]}, size=2)
    assert facets["kind"] == [FacetBucket("table", 5), FacetBucket("file", 3), FacetBucket("view", 1, True)]
    assert facets["tag"] == [FacetBucket("zzz", 0, True)]
    assert facets["owner"] == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("relevance", ["_score", {"id": "asc"}]),
        ("modified", [{"modified": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]),
        ("title", [{"title_sort": {"order": "asc"}}, {"id": "asc"}]),
    ],
)
def test_sorts_end_with_a_tie_breaker_so_pages_never_overlap(sort: str, expected: list[Any]) -> None:
    assert body_for("parking", sort=sort)["sort"] == expected


# -- mappings and documents ---------------------------------------------------------------------------------


def test_mappings_are_explicit() -> None:
    properties = MAPPINGS["properties"]
    assert MAPPINGS["dynamic"] == "strict"
    for name in TEXT_FIELD_BOOSTS:
        assert properties[name] == {
            "type": "text",
            "analyzer": STEM_ANALYZER,
            "copy_to": "all_plain",
            **(
                {"fields": {"plain": {"type": "text", "analyzer": "catalogue_plain"}}}
                if name == "title"
                else {}
            ),
        }
    assert properties["modified"] == {"type": "date"}
    assert properties["classification_rank"] == {"type": "integer"}
    assert properties["access_groups"] == {"type": "keyword"}
    assert properties["shown"] == {"type": "object", "enabled": False}
    facets = properties["facets"]["properties"]
    assert set(facets) == set(FACET_NAMES)
    assert all(f["type"] == "keyword" for f in facets.values())


def test_template_analysis_matches_the_embedded_analysis() -> None:
    template = template_body("catalogue", shards=1, replicas=1)
    assert template["index_patterns"] == ["catalogue__*"]
    settings = template["template"]["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (1, 1)
    analysis = settings["analysis"]
    assert analysis["analyzer"][STEM_ANALYZER]["filter"] == [
        "lowercase",
        "asciifolding",
        "catalogue_english",
        "catalogue_cap",
    ]
    assert analysis["analyzer"]["catalogue_plain"]["filter"] == ["lowercase", "asciifolding", "catalogue_cap"]
    assert analysis["filter"]["catalogue_cap"]["length"] * 4 < 32_766
    assert analysis["filter"]["catalogue_english"] == {"type": "stemmer", "language": "porter2"}
    pattern = analysis["tokenizer"]["catalogue_words"]["pattern"]
    assert pattern == r"[^\p{IsAlphabetic}\p{N}]+"
    python_equivalent = r"[\W_]+"  # not a letter or digit (Python's \w adds only "_" to those)
    assert re.split(python_equivalent, "date_of_birth GP-led café 2019/20") == [
        "date",
        "of",
        "birth",
        "GP",
        "led",
        "café",
        "2019",
        "20",
    ]


@pytest.mark.parametrize(("one", "other"), [("catalogue", "catalogue-test"), ("a", "a-b"), ("x1", "x")])
def test_alias_patterns_never_overlap(one: str, other: str) -> None:
    assert ALIAS_PATTERN.fullmatch(one)
    assert ALIAS_PATTERN.fullmatch(other)
    assert not re.fullmatch(index_pattern(one).replace("*", ".*"), f"{other}__20240101-abc")
    assert not ALIAS_PATTERN.fullmatch("with_underscore")


def test_document_source() -> None:
    document = SearchDocument(
        id=3,
        version=2,
        title="Parking  Permits!",
        kind="table",
        classification="SECRET",
        classification_rank=2,
        source="register",
        description="Issued",
        owner="Ann Lee",
        department="Parking",
        application="Permit system",
        format=None,
        tags=("parking", "", "parking", "stats"),
        access_groups=("hr", "", "finance"),
        personal_data="",
        columns=("vrm vehicle registration",),
        path="share/parking",
        modified=datetime(2021, 1, 1, 12, 0, 0, 123456),  # naive: taken as UTC
    )
    source = to_source(document)
    assert source["title_exact"] == "parking permits"
    assert source["title_sort"] == "parking permits"
    assert source["classification_rank"] == 2
    assert source["access_groups"] == ["finance", "hr"]
    assert source["tags"] == ["parking", "parking", "stats"]
    assert source["context"] == ["Ann Lee", "Parking", "Permit system"]
    assert source["facets"] == {
        "kind": "table",
        "owner": "Ann Lee",
        "department": "Parking",
        "classification": "SECRET",
        "source": "register",
        "tag": ["parking", "stats"],
    }
    assert source["modified"] == "2021-01-01T12:00:00.123456+00:00"
    assert datetime.fromisoformat(source["shown"]["modified"]) == datetime(
        2021, 1, 1, 12, 0, 0, 123456, tzinfo=UTC
    )
    assert set(source) <= set(MAPPINGS["properties"]), "dynamic: strict would refuse anything else"


def test_bulk_actions() -> None:
    document = SearchDocument(9, 4, "Burials", "table", "OFFICIAL", 0, "register")
    (action,) = index_actions("catalogue", [document])
    assert {k: v for k, v in action.items() if k != "_source"} == {
        "_op_type": "index",
        "_index": "catalogue",
        "_id": "9",
    }
    assert action["_source"]["version"] == 4
    assert "modified" not in action["_source"]
    assert list(delete_actions("catalogue", [1, 2])) == [
        {"_op_type": "delete", "_index": "catalogue", "_id": "1"},
        {"_op_type": "delete", "_index": "catalogue", "_id": "2"},
    ]
