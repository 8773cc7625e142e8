"""An in-memory stand-in for an Elasticsearch 8 cluster, served over HTTP to the real client.

It keeps indices, aliases and an index template, and answers the requests the Elasticsearch backend sends
(bulk, refresh, alias updates, _search with the query clauses, post_filter, filter and terms aggregations,
sorts and scroll the backend uses) by evaluating them document by document, with Elasticsearch's documented
rules for each clause: bool occurrence and `minimum_should_match`, phrase positions within one value of a
multi-valued field, near-real-time visibility (a write shows only after an explicit refresh: stricter than
the cluster's periodic one), post_filter applied after aggregations, atomic alias actions.

What it cannot be is Elasticsearch's text analysis: it analyses with the project's own analysers
(search/analysis.py), the ones the mapping's custom analysers are written to reproduce, so it checks the
backend's translation and request flow, not Lucene. Scores are a simple sum of matched clauses' boosts. The
contract suite runs unchanged against it (test_elastic_standin.py) and against a live cluster when
CATALOGUE_TEST_ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import copy
import fnmatch
import functools
import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from elastic_stub import Answer, Recorded, StubCluster, error_body

from search.analysis import edit_distance, plain_tokens, stem_tokens
from search.backend import TEXT_FIELD_BOOSTS
from search.elastic_mapping import MAPPINGS

PLAIN_FIELDS = {"all_plain", "title.plain"}
Doc = dict[str, Any]


@dataclass
class Analysed:
    source: Doc
    stems: dict[str, list[list[str]]]  # text field -> one token list per value
    plain: dict[str, set[str]]  # all_plain / title.plain -> tokens
    stem_sets: dict[str, set[str]] = field(default_factory=dict)  # text field -> every token

    def __post_init__(self) -> None:
        self.stem_sets = {name: {t for value in values for t in value} for name, values in self.stems.items()}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def analyse(source: Doc) -> Analysed:
    stems = {name: [stem_tokens(str(v)) for v in _as_list(source.get(name))] for name in TEXT_FIELD_BOOSTS}
    everything = [str(v) for name in TEXT_FIELD_BOOSTS for v in _as_list(source.get(name))]
    plain = {
        "all_plain": {t for value in everything for t in plain_tokens(value)},
        "title.plain": set(plain_tokens(str(source.get("title") or ""))),
    }
    return Analysed(source, stems, plain)


def keyword_values(doc: Analysed, name: str) -> list[Any]:
    node: Any = doc.source
    for part in name.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return [v for v in _as_list(node) if v is not None]


def _options(spec: Any, key: str = "value") -> tuple[Any, float, dict[str, Any]]:
    """A term-level clause's value, boost and options, from `{field: value}` or `{field: {"value": ...}}`."""
    if isinstance(spec, dict):
        return spec.get(key), float(spec.get("boost", 1.0)), spec
    return spec, 1.0, {}


def _contains(sequence: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(sequence[i : i + width] == run for i in range(len(sequence) - width + 1))


@functools.lru_cache(maxsize=4096)
def _query_tokens(text: str) -> tuple[str, ...]:
    return tuple(stem_tokens(text))


@functools.lru_cache(maxsize=65536)
def _within(word: str, other: str, distance: int) -> bool:
    return edit_distance(word, other) <= distance


def _near(word: str, distance: int, words: frozenset[str]) -> bool:
    return any(_within(word, other, distance) for other in words)


def _phrase(doc: Analysed, name: str, text: str) -> bool:
    tokens = list(_query_tokens(text))
    if len(tokens) == 1:
        return tokens[0] in doc.stem_sets.get(name, ())
    return bool(tokens) and any(_contains(value, tokens) for value in doc.stems.get(name, []))


def evaluate(query: Doc, doc: Analysed) -> float | None:
    """The clause's score for the document, or None when it does not match."""
    (kind, spec), *rest = query.items()
    assert not rest, f"one clause per object: {query}"
    if kind == "match_all":
        return 1.0
    if kind == "match_none":
        return None
    if kind == "bool":
        return _bool(spec, doc)
    if kind == "multi_match":
        assert spec["type"] == "phrase"
        scores = []
        for entry in spec["fields"]:
            name, _, boost = entry.partition("^")
            if _phrase(doc, name, spec["query"]):
                scores.append(float(boost or 1.0))
        if not scores:
            return None
        best = max(scores)
        return best + float(spec.get("tie_breaker", 0.0)) * (sum(scores) - best)
    (name, argument), *_ = spec.items()
    if kind == "match_phrase":
        text, boost, _ = _options(argument, "query")
        return boost if _phrase(doc, name, text) else None
    if kind == "term":
        value, boost, _ = _options(argument)
        held = doc.plain[name] if name in PLAIN_FIELDS else keyword_values(doc, name)
        return boost if value in held else None
    if kind == "terms":
        return 1.0 if set(argument) & set(keyword_values(doc, name)) else None
    if kind == "prefix":
        value, boost, _ = _options(argument)
        held = doc.plain[name] if name in PLAIN_FIELDS else keyword_values(doc, name)
        return boost if any(str(v).startswith(value) for v in held) else None
    if kind == "fuzzy":
        value, boost, options = _options(argument)
        assert name in PLAIN_FIELDS
        assert options.get("transpositions", True)
        near = _near(value, int(options["fuzziness"]), frozenset(doc.plain[name]))
        return boost if near else None
    if kind == "range":
        low, high = argument.get("gte"), argument.get("lte")
        values = keyword_values(doc, name)
        return 1.0 if any((low is None or v >= low) and (high is None or v <= high) for v in values) else None
    if kind == "exists":
        return 1.0 if keyword_values(doc, spec["field"]) else None
    raise AssertionError(f"the stand-in does not know the query {kind!r}")


def _bool(spec: Doc, doc: Analysed) -> float | None:
    score = 0.0
    for clause in _as_list(spec.get("must")):
        found = evaluate(clause, doc)
        if found is None:
            return None
        score += found
    for clause in _as_list(spec.get("filter")):
        if evaluate(clause, doc) is None:
            return None
    for clause in _as_list(spec.get("must_not")):
        if evaluate(clause, doc) is not None:
            return None
    should = _as_list(spec.get("should"))
    matched = [s for s in (evaluate(clause, doc) for clause in should) if s is not None]
    required = spec.get("minimum_should_match", 0 if (spec.get("must") or spec.get("filter")) else 1)
    if should and len(matched) < int(required):
        return None
    return score + sum(matched)


# -- the cluster ------------------------------------------------------------------------------------------


@dataclass
class Index:
    name: str
    live: dict[str, Analysed] = field(default_factory=dict)  # what searches see
    pending: dict[str, Analysed | None] = field(default_factory=dict)  # written, not yet refreshed

    def visible(self, doc_id: str) -> bool:
        pending = self.pending.get(doc_id, self.live.get(doc_id))
        return pending is not None


class StandInCluster(StubCluster):
    def __init__(self) -> None:
        super().__init__()
        self.indices: dict[str, Index] = {}
        self.aliases: dict[str, set[str]] = {}
        self.templates: dict[str, Doc] = {}
        self.scrolls: dict[str, list[Doc]] = {}
        self._ids = itertools.count(1)
        self._state = threading.RLock()
        routes = [
            ("PUT", r"/_index_template/([^/]+)", self._put_template),
            ("DELETE", r"/_index_template/([^/]+)", self._delete_template),
            ("HEAD", r"/_alias/([^/]+)", self._alias_exists),
            ("GET", r"/_alias/([^/]+)", self._get_alias),
            ("POST", r"/_aliases", self._update_aliases),
            ("POST", r"/_bulk", self._bulk),
            ("POST", r"/_search/scroll", self._scroll),
            ("DELETE", r"/_search/scroll", lambda r, m: (200, {"succeeded": True, "num_freed": 1})),
            ("POST", r"/([^/_][^/]*)/_refresh", self._refresh),
            ("POST", r"/([^/_][^/]*)/_search", self._search),
            ("GET", r"/([^/_][^/]*)/_mapping", self._mapping),
            ("PUT", r"/([^/_][^/]*)/_settings", self._settings),
            ("PUT", r"/([^/_][^/]*)", self._create),
            ("GET", r"/([^/_][^/]*)", self._get_indices),
            ("DELETE", r"/([^/_][^/]*)", self._delete),
        ]
        for method, pattern, handler in reversed(routes):
            self.on(method, pattern, self._locked(pattern, handler))

    def _locked(self, pattern: str, handler: Any) -> Any:
        def respond(request: Recorded) -> Answer:
            match = re.fullmatch(pattern, request.path)
            assert match is not None
            with self._state:
                return handler(request, match)  # type: ignore[no-any-return]

        return respond

    # -- names ----------------------------------------------------------------------------------------

    def resolve(self, name: str) -> list[Index]:
        if name in self.indices:
            return [self.indices[name]]
        return [self.indices[i] for i in sorted(self.aliases.get(name, ()))]

    def _missing(self, name: str) -> Answer:
        return 404, error_body(404, "index_not_found_exception", f"no such index [{name}]")

    # -- index management -----------------------------------------------------------------------------

    def _put_template(self, request: Recorded, match: re.Match[str]) -> Answer:
        self.templates[match.group(1)] = request.json()
        return 200, {"acknowledged": True}

    def _delete_template(self, request: Recorded, match: re.Match[str]) -> Answer:
        found = self.templates.pop(match.group(1), None)
        return (200, {"acknowledged": True}) if found else (404, error_body(404, "resource_not_found", "x"))

    def _create(self, request: Recorded, match: re.Match[str]) -> Answer:
        name = match.group(1)
        if name in self.indices or name in self.aliases:
            return 400, error_body(400, "resource_already_exists_exception", f"index [{name}] exists")
        body = request.json() if request.body else {}
        self.indices[name] = Index(name)
        for alias in body.get("aliases") or {}:
            self.aliases.setdefault(alias, set()).add(name)
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def _settings(self, request: Recorded, match: re.Match[str]) -> Answer:
        if not self.resolve(match.group(1)):
            return self._missing(match.group(1))
        return 200, {"acknowledged": True}

    def _mapping(self, request: Recorded, match: re.Match[str]) -> Answer:
        found = self.resolve(match.group(1))
        if not found:
            return self._missing(match.group(1))
        return 200, {index.name: {"mappings": copy.deepcopy(MAPPINGS)} for index in found}

    def _get_indices(self, request: Recorded, match: re.Match[str]) -> Answer:
        names = [n for n in self.indices if fnmatch.fnmatchcase(n, match.group(1))]
        return 200, {n: {"aliases": {}, "mappings": {}, "settings": {}} for n in names}

    def _delete(self, request: Recorded, match: re.Match[str]) -> Answer:
        name = match.group(1)
        if name not in self.indices:
            return self._missing(name)
        del self.indices[name]
        for members in self.aliases.values():
            members.discard(name)
        self.aliases = {a: m for a, m in self.aliases.items() if m}
        return 200, {"acknowledged": True}

    def _alias_exists(self, request: Recorded, match: re.Match[str]) -> Answer:
        return (200, None) if self.aliases.get(match.group(1)) else (404, None)

    def _get_alias(self, request: Recorded, match: re.Match[str]) -> Answer:
        alias = match.group(1)
        if not self.aliases.get(alias):
            return 404, {"error": f"alias [{alias}] missing", "status": 404}
        return 200, {name: {"aliases": {alias: {}}} for name in sorted(self.aliases[alias])}

    def _update_aliases(self, request: Recorded, match: re.Match[str]) -> Answer:
        actions = request.json()["actions"]
        updated = {alias: set(members) for alias, members in self.aliases.items()}
        for action in actions:  # all or nothing
            (verb, spec), *_ = action.items()
            if spec["index"] not in self.indices:
                return self._missing(spec["index"])
            members = updated.setdefault(spec["alias"], set())
            if verb == "add":
                members.add(spec["index"])
            elif spec["index"] in members:
                members.discard(spec["index"])
            else:
                return 404, error_body(404, "aliases_not_found_exception", "aliases missing")
        self.aliases = {a: m for a, m in updated.items() if m}
        return 200, {"acknowledged": True}

    def _refresh(self, request: Recorded, match: re.Match[str]) -> Answer:
        found = self.resolve(match.group(1))
        if not found:
            return self._missing(match.group(1))
        for index in found:
            for doc_id, doc in index.pending.items():
                if doc is None:
                    index.live.pop(doc_id, None)
                else:
                    index.live[doc_id] = doc
            index.pending.clear()
        return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    # -- writes -----------------------------------------------------------------------------------------

    def _bulk(self, request: Recorded, match: re.Match[str]) -> Answer:
        lines = request.ndjson()
        items: list[Doc] = []
        position = 0
        while position < len(lines):
            (operation, meta), *_ = lines[position].items()
            source = lines[position + 1] if operation == "index" else None
            position += 1 if operation == "delete" else 2
            items.append({operation: self._write(operation, meta, source)})
        errors = any("error" in next(iter(item.values())) for item in items)
        return 200, {"took": 1, "errors": errors, "items": items}

    def _write(self, operation: str, meta: Doc, source: Doc | None) -> Doc:
        found = self.resolve(meta["_index"])
        item: Doc = {"_index": meta["_index"], "_id": meta["_id"]}
        if len(found) != 1:
            kind = "index_not_found_exception" if not found else "illegal_argument_exception"
            return {
                **item,
                "status": 404 if not found else 400,
                "error": {"type": kind, "reason": "no index"},
            }
        index = found[0]
        item["_index"] = index.name
        if operation == "delete":
            if not index.visible(meta["_id"]):
                return {**item, "status": 404, "result": "not_found"}
            index.pending[meta["_id"]] = None
            return {**item, "status": 200, "result": "deleted"}
        assert source is not None
        unknown = set(source) - set(MAPPINGS["properties"])
        if unknown:  # dynamic: strict
            error = {"type": "strict_dynamic_mapping_exception", "reason": f"fields {sorted(unknown)}"}
            return {**item, "status": 400, "error": error}
        index.pending[meta["_id"]] = analyse(json.loads(json.dumps(source)))
        return {**item, "status": 201, "result": "created"}

    # -- reads ------------------------------------------------------------------------------------------

    def _search(self, request: Recorded, match: re.Match[str]) -> Answer:
        found = self.resolve(match.group(1))
        if not found:
            return self._missing(match.group(1))
        body = request.json() if request.body else {}
        parameters = dict(p.partition("=")[::2] for p in request.query.split("&") if p)
        documents = [doc for index in found for doc in index.live.values()]
        scored = []
        for doc in documents:
            score = evaluate(body.get("query") or {"match_all": {}}, doc)
            if score is not None:
                scored.append((score, doc))
        aggregations = {name: _aggregate(spec, scored) for name, spec in (body.get("aggs") or {}).items()}
        post_filter = body.get("post_filter")
        hits = [(s, d) for s, d in scored if post_filter is None or evaluate(post_filter, d) is not None]
        body["sort"] = _as_list(body.get("sort")) or ["_score"]
        hits.sort(key=_sort_key(body["sort"]))
        size = int(body.get("size", parameters.get("size", 10)))
        start = int(body.get("from", 0))
        shown = [_hit(found[0].name, s, d, body) for s, d in hits]
        response: Doc = {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": shown[start : start + size]},
        }
        if aggregations:
            response["aggregations"] = aggregations
        if "scroll" in parameters:
            scroll_id = f"scroll-{next(self._ids)}"
            self.scrolls[scroll_id] = shown[size:]
            response["_scroll_id"] = scroll_id
        return 200, response

    def _scroll(self, request: Recorded, match: re.Match[str]) -> Answer:
        scroll_id = request.json()["scroll_id"]
        rest = self.scrolls.get(scroll_id, [])
        page, self.scrolls[scroll_id] = rest[:1000], rest[1000:]
        return 200, {
            "_scroll_id": scroll_id,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": len(rest), "relation": "eq"}, "hits": page},
        }


def _aggregate(spec: Doc, scored: list[tuple[float, Analysed]]) -> Doc:
    scope = [d for _, d in scored if evaluate(spec["filter"], d) is not None]
    result: Doc = {"doc_count": len(scope)}
    for name, sub in (spec.get("aggs") or {}).items():
        terms = sub["terms"]
        counts: dict[str, int] = {}
        for doc in scope:
            for value in set(keyword_values(doc, terms["field"])):
                counts[value] = counts.get(value, 0) + 1
        if "include" in terms:
            counts = {k: v for k, v in counts.items() if k in set(terms["include"])}
        assert terms.get("order", [{"_count": "desc"}, {"_key": "asc"}]) == [
            {"_count": "desc"},
            {"_key": "asc"},
        ]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        size = int(terms.get("size", 10))
        buckets = [{"key": k, "doc_count": c} for k, c in ranked[:size]]
        other = sum(c for _, c in ranked[size:])
        result[name] = {"doc_count_error_upper_bound": 0, "sum_other_doc_count": other, "buckets": buckets}
    return result


def _sort_key(sort: list[Any]) -> Any:
    def key(item: tuple[float, Analysed]) -> tuple[Any, ...]:
        score, doc = item
        parts: list[Any] = []
        for spec in sort:
            if spec == "_score":
                parts.append(-score)
                continue
            if spec == "_doc":  # index order
                continue
            (name, options), *_ = spec.items()
            order = options if isinstance(options, str) else options.get("order", "asc")
            values = keyword_values(doc, name)
            if not values:
                parts.append((1, 0))  # missing sorts last in either order
                continue
            value: Any = values[0]
            if name == "modified":
                value = datetime.fromisoformat(value).timestamp()
            if order == "desc":
                value = -value if isinstance(value, int | float) else _Reversed(value)
            parts.append((0, value))
        return tuple(parts)

    return key


class _Reversed:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return bool(self.value > other.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.value == other.value

    __hash__ = None  # type: ignore[assignment]


def _hit(index: str, score: float, doc: Analysed, body: Doc) -> Doc:
    includes = body.get("_source")
    source = doc.source
    if isinstance(includes, list):
        source = {}
        for name in includes:
            head, _, tail = name.partition(".")
            if head in doc.source:
                value = doc.source[head]
                source[head] = {tail: value.get(tail)} if tail and isinstance(value, dict) else value
    sorted_by_score = (body.get("sort") or ["_score"])[0] == "_score"
    return {
        "_index": index,
        "_id": str(doc.source["id"]),
        "_score": score if sorted_by_score else None,
        "_source": source,
    }
