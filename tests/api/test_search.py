"""`GET /api/v1/search` and `/suggest`: shape, values, facets, sorting, paging, and refusing bad input."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest

from catalogue.runtime import Catalogue
from catalogue.web import create_app
from search.backend import (
    FACET_NAMES,
    AccessFilter,
    SearchBackend,
    SearchDocument,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
    Suggestion,
)

from .support import ALL_KEYS, EVERYONE

HIT_KEYS = {
    "id",
    "title",
    "kind",
    "owner",
    "department",
    "classification",
    "source",
    "location",
    "modified",
    "snippet",
}


def search(client: Any, headers: dict[str, str] = EVERYONE, **params: Any) -> Any:
    return client.get("/api/v1/search", query_string=params, headers=headers)


def test_search_answers_with_the_documented_shape_and_values(client: Any, ids: dict[str, int]) -> None:
    response = search(client, q="council tax")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"total", "page", "per_page", "results", "facets", "fuzzy"}
    assert (body["page"], body["per_page"], body["fuzzy"]) == (1, 20, False)
    assert body["total"] == len(body["results"]) >= 1
    hit = next(h for h in body["results"] if h["id"] == ids["council_tax"])
    assert set(hit) == HIT_KEYS
    assert hit["title"] == "Council tax accounts"
    assert (hit["kind"], hit["classification"], hit["source"]) == ("table", "OFFICIAL", "finance-db")
    assert (hit["owner"], hit["department"]) == ("Ann Lee", "Finance")
    assert hit["location"] == "postgresql://db.example/finance"
    assert datetime.fromisoformat(hit["modified"]) == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert isinstance(hit["snippet"], str)
    assert set(body["facets"]) == set(FACET_NAMES)
    for buckets in body["facets"].values():
        assert all(set(b) == {"value", "count", "selected"} for b in buckets)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_empty_query_lists_everything_visible_with_facet_counts(client: Any, ids: dict[str, int]) -> None:
    body = search(client, per_page=100).get_json()
    assert body["total"] == len(ALL_KEYS)
    assert {h["id"] for h in body["results"]} == {ids[k] for k in ALL_KEYS}
    facets = {name: {b["value"]: b["count"] for b in buckets} for name, buckets in body["facets"].items()}
    assert facets["source"] == {"finance-db": 5, "shared-drive": 5}
    assert facets["classification"] == {"OFFICIAL": 7, "OFFICIAL-SENSITIVE": 1, "SECRET": 2}
    assert facets["tag"]["revenue"] == 2
    assert facets["kind"]["table"] == 4
    assert facets["personal_data"] == {"personal": 1}
    assert not any(b["selected"] for buckets in body["facets"].values() for b in buckets)


def test_facet_filters_are_or_within_a_facet_and_and_across(client: Any, ids: dict[str, int]) -> None:
    either = search(client, kind=["table", "spreadsheet"], per_page=100).get_json()
    assert {h["kind"] for h in either["results"]} == {"table", "spreadsheet"}
    assert either["total"] == 5
    kinds = {b["value"]: b for b in either["facets"]["kind"]}
    assert kinds["table"]["selected"]
    assert kinds["spreadsheet"]["selected"]
    assert not kinds["folder"]["selected"]
    assert kinds["folder"]["count"] == 2  # a facet's own filter does not narrow its counts
    both = search(client, kind=["table", "spreadsheet"], department="Finance", per_page=100).get_json()
    assert {h["id"] for h in both["results"]} == {ids["council_tax"], ids["fraud"], ids["budget"]}
    departments = {b["value"]: b["count"] for b in both["facets"]["department"]}
    assert departments["Transport"] == 1  # counted under the kind filter, not the department one


def test_a_selected_value_with_no_matches_is_still_listed(client: Any, ids: dict[str, int]) -> None:
    body = search(client, owner="Nobody Atall").get_json()
    assert body["total"] == 0
    assert {"value": "Nobody Atall", "count": 0, "selected": True} in body["facets"]["owner"]


def test_sort_by_title_and_by_modified(client: Any, ids: dict[str, int]) -> None:
    by_title = search(client, sort="title", per_page=100).get_json()["results"]
    titles = [h["title"] for h in by_title]
    assert titles == sorted(titles, key=str.casefold)
    dated = search(client, sort="modified", kind=["table", "spreadsheet", "document"]).get_json()["results"]
    modified = [datetime.fromisoformat(h["modified"]) for h in dated]
    assert len(modified) == 6
    assert modified == sorted(modified, reverse=True)  # newest first


def test_pages_partition_the_results(client: Any, ids: dict[str, int]) -> None:
    everything = [h["id"] for h in search(client, sort="title", per_page=100).get_json()["results"]]
    seen: list[int] = []
    for page in (1, 2, 3, 4):
        body = search(client, sort="title", per_page=3, page=page).get_json()
        assert (body["page"], body["per_page"], body["total"]) == (page, 3, len(ALL_KEYS))
        seen += [h["id"] for h in body["results"]]
    assert seen == everything
    assert search(client, per_page=3, page=5).get_json()["results"] == []


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"sort": "evil"}, "sort"),
        ({"sort": "title; DROP TABLE assets"}, "sort"),
        ({"foo": "1"}, "foo"),
        ({"page": "99999999999999999999999"}, "page"),
    ],
)
def test_bad_parameters_are_refused_with_details(
    client: Any, ids: dict[str, int], params: dict[str, str], bad: str
) -> None:
    response = client.get("/api/v1/search", query_string=params, headers=EVERYONE)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_parameter"
    assert bad in error["details"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_every_bad_parameter_is_reported_at_once(client: Any, ids: dict[str, int]) -> None:
    details = search(client, page="x", per_page="1000", sort="evil", foo="1").get_json()["error"]["details"]
    assert set(details) == {"page", "per_page", "sort", "foo"}


HOSTILE = [
    '"',
    '"unclosed phrase',
    "col:term",
    "title:(fraud) AND classification:SECRET",
    "owner:* OR 1=1",
    "\x00",
    "tax\x00fraud",
    "*",
    "-",
    "--",
    "- * OR",
    "OR OR OR",
    "(((",
    "\\",
    "%",
    "' OR '1'='1' --",
    "<script>alert(1)</script>",
    "NEAR(a b)",
    "fraud~2 ^5",
    "\ufffd\u202e\U0001f600",
    "a" * 10_000,
    "tax " * 2_500,
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_never_fail(client: Any, ids: dict[str, int], query: str) -> None:
    response = search(client, q=query)
    assert response.status_code == 200
    assert set(response.get_json()) == {"total", "page", "per_page", "results", "facets", "fuzzy"}


def test_suggest_gives_titles_with_their_pages(client: Any, ids: dict[str, int]) -> None:
    response = client.get("/api/v1/suggest", query_string={"q": "Coun"}, headers=EVERYONE)
    assert response.status_code == 200
    suggestions = response.get_json()["suggestions"]
    found = next(s for s in suggestions if s["id"] == ids["council_tax"])
    assert set(found) == {"id", "title", "kind", "url"}
    assert (found["title"], found["kind"]) == ("Council tax accounts", "table")
    assert found["url"].endswith(f"/{ids['council_tax']}")
    assert client.get("/api/v1/suggest", headers=EVERYONE).get_json() == {"suggestions": []}
    assert (
        client.get("/api/v1/suggest", query_string={"q": "\x00" * 5000}, headers=EVERYONE).status_code == 200
    )


class UnavailableBackend(SearchBackend):
    """A search service that is down."""

    def index(self, documents: Iterable[SearchDocument]) -> int:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def delete(self, ids: Iterable[int]) -> None:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def search(self, request: SearchRequest) -> SearchResult:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def suggest(self, prefix: str, access: AccessFilter, limit: int = 8) -> list[Suggestion]:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def indexed_versions(self) -> dict[int, int]:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")


@pytest.fixture
def broken_client(catalogue: Catalogue, app: Any) -> Any:
    broken = Catalogue(catalogue.settings, catalogue.engine)
    broken.__dict__["search"] = UnavailableBackend()  # the composition root's one search backend
    loader = app.extensions["catalogue.principal_loader"]  # the tests' principal loader
    return create_app(broken, {"TESTING": True}, principal_loader=loader).test_client()


@pytest.mark.parametrize("path", ["/api/v1/search?q=tax", "/api/v1/suggest?q=tax"])
def test_search_backend_failure_is_a_503_without_internals(broken_client: Any, path: str) -> None:
    response = broken_client.get(path, headers=EVERYONE)
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "unavailable"
    assert "10.0.0.7" not in response.get_data(as_text=True)
