"""Parsed user queries, facet filters and the access rule as Elasticsearch request bodies (plain data).

User text never reaches Elasticsearch's query parsers: each clause of `search.query.ParsedQuery` becomes a
`multi_match` of type phrase over the allow-listed text fields, a `prefix` on the trailing word, or a
`fuzzy` term, so no syntax can fail or reach another field. There is no `query_string`, no wildcard and no
regular expression. The access rule is always a `bool.filter` built here from the principal, inside the
query, so hidden documents count in nothing: hits, totals, facets, suggestions.

Facets: the hits are narrowed by a `post_filter` holding every selection, and each facet is counted by an
aggregation filtered by the *other* facets' selections (multi-select: a facet's counts ignore its own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from search.analysis import fuzzy_distance, normalise_title, plain_tokens, stem_tokens
from search.backend import FACET_NAMES, TEXT_FIELD_BOOSTS, AccessFilter, FacetBucket, SearchRequest
from search.elastic_mapping import (
    ALL_PLAIN,
    GROUPS,
    HIT_SOURCE_FIELDS,
    MODIFIED,
    RANK,
    SHOWN,
    TITLE_EXACT,
    TITLE_PLAIN,
    TITLE_SORT,
    facet_field,
)
from search.query import AnyOf, Clause, ParsedQuery, Phrase, Prefix, Term

EXACT_TITLE_BOOST = 100.0  # the whole query is the title
NEAR_TITLE_BOOST = 20.0  # the whole query appears as a phrase in the title
TITLE_START_BOOST = 10.0  # suggestions: the title starts with the typed text
SAME_WORD_BOOST = 4.0  # the title has the very word typed, not only its stem
FUZZY_WEIGHT = 0.5  # a word within a few edits counts less than the word itself
DISMAX_TIE_BREAKER = 0.1
MAX_FUZZY_EXPANSIONS = 1_000

Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}
MATCH_NONE: Query = {"match_none": {}}

SEARCHED_FIELDS = [f"{name}^{boost:g}" for name, boost in TEXT_FIELD_BOOSTS.items()]


# -- the user's text ------------------------------------------------------------------------------------


def text_query(parsed: ParsedQuery, *, fuzzy: bool = False) -> Query:
    """Every positive clause must match and no exclusion may; title matches of the whole text add score."""
    must = [q for q in (clause_query(c, fuzzy=fuzzy) for c in parsed.must) if q is not None]
    must_not = [q for q in (clause_query(c) for c in parsed.must_not) if q is not None]
    should = title_boosts(parsed.text)
    if not must_not and not should and len(must) == 1:
        return must[0]
    if not must_not and not should and not must:
        return dict(MATCH_ALL)
    query: Query = {"must": must or [dict(MATCH_ALL)]}
    if must_not:
        query["must_not"] = must_not
    if should:
        query["should"] = should
    return {"bool": query}


def clause_query(clause: Clause, *, fuzzy: bool = False) -> Query | None:
    """One clause, or None when it has no searchable token (it is then ignored, as by every backend)."""
    if isinstance(clause, Term):
        return words_query(clause.text, fuzzy=fuzzy)
    if isinstance(clause, Phrase):
        return words_query(clause.text, fuzzy=False)
    if isinstance(clause, Prefix):
        return prefix_query(clause.text, ALL_PLAIN)
    assert isinstance(clause, AnyOf)
    kept = [q for q in (clause_query(o, fuzzy=fuzzy) for o in clause.options) if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else {"bool": {"should": kept, "minimum_should_match": 1}}


def words_query(text: str, *, fuzzy: bool) -> Query | None:
    """The words as a phrase within one value of any text field (one word: that word anywhere)."""
    tokens = stem_tokens(text)
    if not tokens:
        return None
    query: Query = {
        "multi_match": {
            "query": text,
            "type": "phrase",
            "fields": SEARCHED_FIELDS,
            "tie_breaker": DISMAX_TIE_BREAKER,
        }
    }
    query = _same_word_bonus(query, text, tokens)
    if fuzzy and len(tokens) == 1:
        plain = plain_tokens(text)
        distance = fuzzy_distance(plain[0]) if len(plain) == 1 else 0
        if distance:
            near = fuzzy_term(plain[0], distance)
            query = {"bool": {"should": [query, near], "minimum_should_match": 1}}
    return query


def fuzzy_term(word: str, distance: int) -> Query:
    """Every indexed word within `distance` edits (a swap of two neighbours counts one), scored lower.
    The constant-score rewrite takes every such word, where the default keeps only the first fifty."""
    return {
        "fuzzy": {
            ALL_PLAIN: {
                "value": word,
                "fuzziness": distance,
                "transpositions": True,
                "prefix_length": 0,
                "max_expansions": MAX_FUZZY_EXPANSIONS,
                "rewrite": "constant_score",
                "boost": FUZZY_WEIGHT,
            }
        }
    }


def _same_word_bonus(query: Query, text: str, tokens: list[str]) -> Query:
    """Stemming makes "parking" match "parks"; a title with the word as typed ranks higher (scoring only)."""
    plain = plain_tokens(text)
    if len(tokens) != 1 or len(plain) != 1 or plain[0] == tokens[0]:
        return query
    same = {"term": {TITLE_PLAIN: {"value": plain[0], "boost": SAME_WORD_BOOST}}}
    return {"bool": {"must": [query], "should": [same]}}


def prefix_query(text: str, field: str) -> Query | None:
    """A word starting with the last token, and the earlier tokens as words, all unstemmed."""
    tokens = plain_tokens(text)
    if not tokens:
        return None
    parts: list[Query] = [{"term": {field: token}} for token in tokens[:-1]]
    parts.append({"prefix": {field: {"value": tokens[-1]}}})
    return parts[0] if len(parts) == 1 else {"bool": {"must": parts}}


def title_boosts(text: str) -> list[Query]:
    boosts: list[Query] = []
    exact = normalise_title(text)
    if exact:
        boosts.append({"term": {TITLE_EXACT: {"value": exact, "boost": EXACT_TITLE_BOOST}}})
    if len(stem_tokens(text)) > 1:
        boosts.append({"match_phrase": {"title": {"query": text, "boost": NEAR_TITLE_BOOST}}})
    return boosts


def has_fuzzy_terms(parsed: ParsedQuery) -> bool:
    """Whether the typo-tolerant fallback could match more: a one-word Term long enough to allow edits."""
    for term in parsed.terms():
        if len(stem_tokens(term.text)) == 1:
            plain = plain_tokens(term.text)
            if len(plain) == 1 and fuzzy_distance(plain[0]):
                return True
    return False


# -- access and filters ---------------------------------------------------------------------------------


def access_filter(access: AccessFilter) -> Query:
    """Visible: classification rank within clearance (a negative rank is visible to nobody) and, for a
    document restricted to groups, one of them held."""
    if access.max_rank < 0:
        return dict(MATCH_NONE)
    groups = sorted(g for g in access.groups if g and _encodable(g))
    open_or_member: list[Query] = [{"bool": {"must_not": [{"exists": {"field": GROUPS}}]}}]
    if groups:
        open_or_member.append({"terms": {GROUPS: groups}})
    return {
        "bool": {
            "filter": [
                {"range": {RANK: {"gte": 0, "lte": access.max_rank}}},
                {"bool": {"should": open_or_member, "minimum_should_match": 1}},
            ]
        }
    }


def selected(filters: Mapping[str, Sequence[str]], facet: str) -> list[str]:
    return list(dict.fromkeys(v for v in filters.get(facet, ()) if v))


def facet_filters(filters: Mapping[str, Sequence[str]], *, without: str | None = None) -> list[Query]:
    """Facet selections: any selected value within a facet, every facet with a selection."""
    parts: list[Query] = []
    for facet in FACET_NAMES:
        values = selected(filters, facet)
        if not values or facet == without:
            continue
        encodable = sorted(v for v in values if _encodable(v))  # others cannot match an indexed value
        parts.append({"terms": {facet_field(facet): encodable}} if encodable else dict(MATCH_NONE))
    return parts


def facet_aggregations(filters: Mapping[str, Sequence[str]], size: int) -> Query:
    """Per facet: the top values by count (then value) among the documents that pass the other facets'
    selections, and the counts of its own selected values (always shown, even when not in the top)."""
    aggs: Query = {}
    for facet in FACET_NAMES:
        others = facet_filters(filters, without=facet)
        counts: Query = {
            "top": {
                "terms": {
                    "field": facet_field(facet),
                    "size": size,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        }
        chosen = [v for v in selected(filters, facet) if _encodable(v)]
        if chosen:
            counts["chosen"] = {
                "terms": {"field": facet_field(facet), "include": chosen, "size": len(chosen)}
            }
        scope = {"bool": {"filter": others}} if others else dict(MATCH_ALL)
        aggs[facet] = {"filter": scope, "aggs": counts}
    return aggs


# -- whole requests ---------------------------------------------------------------------------------------

SORTS: dict[str, list[Any]] = {
    "relevance": ["_score", {"id": "asc"}],
    "modified": [{MODIFIED: {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "title": [{TITLE_SORT: {"order": "asc"}}, {"id": "asc"}],
}


def search_body(request: SearchRequest, parsed: ParsedQuery, *, fuzzy: bool = False) -> Query:
    """The body of one _search: hits of the page, the exact total, and every facet's counts."""
    body: Query = {
        "query": {
            "bool": {"must": [text_query(parsed, fuzzy=fuzzy)], "filter": [access_filter(request.access)]}
        },
        "aggs": facet_aggregations(request.filters, request.facet_size),
        "sort": SORTS[request.sort],
        "from": request.offset,
        "size": request.per_page,
        "track_total_hits": True,
        "_source": HIT_SOURCE_FIELDS,
    }
    selections = facet_filters(request.filters)
    if selections:
        body["post_filter"] = {"bool": {"filter": selections}}
    return body


def suggest_body(text: str, access: AccessFilter, size: int) -> Query | None:
    """Titles with a word starting with the last word typed (the earlier words as words), title starts
    first. A filtered query, not the completion suggester, which cannot apply the access rule."""
    words = prefix_query(text, TITLE_PLAIN)
    if words is None:
        return None
    start = {"prefix": {TITLE_EXACT: {"value": normalise_title(text), "boost": TITLE_START_BOOST}}}
    return {
        "query": {"bool": {"must": [words], "should": [start], "filter": [access_filter(access)]}},
        "size": size,
        "_source": ["id", "title", f"{SHOWN}.kind"],
    }


# -- responses --------------------------------------------------------------------------------------------


def read_facets(
    aggregations: Mapping[str, Any], filters: Mapping[str, Sequence[str]], size: int
) -> dict[str, list[FacetBucket]]:
    """Buckets for every facet: the top `size` by count then value, plus every selected value."""
    facets: dict[str, list[FacetBucket]] = {}
    for facet in FACET_NAMES:
        result = aggregations.get(facet) or {}
        counts: dict[str, int] = {}
        for part in ("top", "chosen"):
            for bucket in (result.get(part) or {}).get("buckets", ()):
                counts[str(bucket["key"])] = int(bucket["doc_count"])
        facets[facet] = facet_buckets(counts, selected(filters, facet), size)
    return facets


def facet_buckets(counts: Mapping[str, int], chosen: Sequence[str], size: int) -> list[FacetBucket]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]
    shown = {value for value, _ in ranked}
    ranked.extend((value, counts.get(value, 0)) for value in chosen if value not in shown)
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return [FacetBucket(value, count, value in chosen) for value, count in ranked]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no indexed value has one
        return False
    return True
