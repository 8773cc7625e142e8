"""The Elasticsearch backend's real client against a local server that answers like a cluster: bulk item
failures (retried, reported, never lost), the alias swap of a rebuild, and an unreachable or refusing cluster
(a clear SearchError with no host, credentials or trace)."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from elastic_stub import StubCluster, bulk_answer, error_body, existing_index, running, search_response

from search.backend import AccessFilter, SearchDocument, SearchError, SearchRequest, SearchUnavailable
from search.elastic import ElasticsearchBackend
from search.elastic_bulk import BulkSettings
from search.elastic_connection import UNAVAILABLE, parse_url
from search.factory import open_backend

ROOT = Path(__file__).resolve().parents[2]
FAST = BulkSettings(chunk_size=3, max_retries=2, initial_backoff=0.01)
EVERYONE = AccessFilter(0)


def doc(doc_id: int, title: str = "Parking permits", version: int = 1) -> SearchDocument:
    return SearchDocument(doc_id, version, title, "table", "OFFICIAL", 0, "register")


@pytest.fixture
def stub() -> Iterator[StubCluster]:
    with running() as cluster:
        existing_index(cluster)
        yield cluster


def backend_for(url: str) -> ElasticsearchBackend:
    return ElasticsearchBackend.from_url(url, bulk=FAST)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the URL ------------------------------------------------------------------------------------------


def test_url_gives_host_alias_and_credentials_apart() -> None:
    address = parse_url("https://elastic:p%40ss@search.example:9243/register-live?timeout=4&replicas=1")
    assert address.host == "https://search.example:9243"
    assert (address.username, address.password, address.alias) == ("elastic", "p@ss", "register-live")
    assert (address.timeout, address.replicas, address.shards) == (4.0, 1, 1)
    assert "p@ss" not in repr(address)
    assert parse_url("http://localhost").host == "http://localhost:9200"
    assert parse_url("http://localhost:9200/").alias == "catalogue"


@pytest.mark.parametrize(
    "url",
    [
        "http://u:secretpw@host:9200/Upper",
        "http://u:secretpw@host:9200/with_underscore",
        "http://u:secretpw@host:9200/x?colour=red",
        "http://u:secretpw@host:9200/x?timeout=soon",
        "http://u:secretpw@host:port/x",
        "ftp://u:secretpw@host/x",
    ],
)
def test_bad_urls_are_refused_without_repeating_the_password(url: str) -> None:
    with pytest.raises(ValueError, match="Elasticsearch URL") as caught:
        parse_url(url)
    assert "secretpw" not in str(caught.value)


def test_a_mistyped_scheme_is_refused_without_repeating_the_password() -> None:
    with pytest.raises(ValueError, match="unknown search backend URL") as caught:
        open_backend("htps://elastic:secretpw@host:9200/catalogue")
    assert "secretpw" not in str(caught.value)


def test_factory_builds_the_backend_without_contacting_the_cluster() -> None:
    backend = open_backend(f"http://elastic:pw@127.0.0.1:{free_port()}/catalogue")
    assert isinstance(backend, ElasticsearchBackend)
    assert backend.alias == "catalogue"
    backend.close()


# -- bulk writes --------------------------------------------------------------------------------------


def test_items_rejected_for_a_passing_reason_are_retried(stub: StubCluster) -> None:
    attempts: dict[str, int] = {}

    def busy_once(operation: str, doc_id: str) -> tuple[int, str] | None:
        attempts[doc_id] = attempts.get(doc_id, 0) + 1
        if doc_id == "2" and attempts[doc_id] == 1:
            return 429, "es_rejected_execution_exception"
        return None

    stub.on("POST", "/_bulk", lambda r: bulk_answer(r, busy_once))
    backend = backend_for(stub.url())
    assert backend.index([doc(1), doc(2), doc(3)]) == 3
    sent = stub.sent("POST", "/_bulk")
    assert [[line["index"]["_id"] for line in r.ndjson() if "index" in line] for r in sent] == [
        ["1", "2", "3"],
        ["2"],
    ]
    assert stub.sent("POST", "/catalogue/_refresh"), "written documents are refreshed before index() returns"


def test_items_refused_for_good_are_reported_not_lost(stub: StubCluster) -> None:
    def refuse_five(operation: str, doc_id: str) -> tuple[int, str] | None:
        return (400, "document_parsing_exception") if doc_id == "5" else None

    stub.on("POST", "/_bulk", lambda r: bulk_answer(r, refuse_five))
    backend = backend_for(stub.url())
    with pytest.raises(SearchError) as caught:
        backend.index([doc(i) for i in range(1, 8)])
    message = str(caught.value)
    assert "1 document(s) refused: ids 5 (document_parsing_exception, HTTP 400)" in message
    assert "refused document" not in message, "the cluster's reason (which may quote values) is only logged"
    sent = [
        line["index"]["_id"] for r in stub.sent("POST", "/_bulk") for line in r.ndjson() if "index" in line
    ]
    assert sent == [str(i) for i in range(1, 8)], "the other documents are still written"
    assert stub.sent("POST", "/catalogue/_refresh"), "and made searchable"


def test_repeated_ids_in_one_call_send_only_the_last(stub: StubCluster) -> None:
    stub.on("POST", "/_bulk", lambda r: bulk_answer(r, lambda op, i: None))
    backend = ElasticsearchBackend.from_url(stub.url(), bulk=BulkSettings(chunk_size=10))
    backend.index([doc(1, "First"), doc(1, "Second", 2), doc(2)])
    (request,) = stub.sent("POST", "/_bulk")
    sources = [line for line in request.ndjson() if "title" in line]
    assert [(s["id"], s["title"]) for s in sources] == [(1, "Second"), (2, "Parking permits")]


def test_delete_of_a_missing_document_is_not_a_failure(stub: StubCluster) -> None:
    def missing(request: object) -> tuple[int, object]:
        items = [{"delete": {"_id": "9", "status": 404, "result": "not_found", "_index": "catalogue__old"}}]
        return 200, {"took": 1, "errors": False, "items": items}

    stub.on("POST", "/_bulk", missing)
    backend_for(stub.url()).delete([9])
    assert [line["delete"]["_id"] for line in stub.sent("POST", "/_bulk")[0].ndjson()] == ["9"]


# -- rebuild and the alias ----------------------------------------------------------------------------


def test_rebuild_fills_a_fresh_index_then_swaps_the_alias_in_one_call(stub: StubCluster) -> None:
    stub.on("POST", "/_bulk", lambda r: bulk_answer(r, lambda op, i: None))
    backend = backend_for(stub.url())
    assert backend.rebuild(doc(i) for i in range(1, 6)) == 5
    (created,) = [r for r in stub.sent("PUT", r"/catalogue__[^/]+") if not r.path.endswith("_settings")]
    fresh = created.path[1:]
    assert created.json()["settings"]["index"]["refresh_interval"] == "-1"
    assert all(
        line["index"]["_index"] == fresh
        for r in stub.sent("POST", "/_bulk")
        for line in r.ndjson()
        if "index" in line
    )
    (swap,) = stub.sent("POST", "/_aliases")
    assert swap.json()["actions"] == [
        {"add": {"index": fresh, "alias": "catalogue"}},
        {"remove": {"index": "catalogue__old", "alias": "catalogue"}},
    ]
    assert [r.path for r in stub.sent("DELETE", r"/.*")] == ["/catalogue__old"]
    (template,) = stub.sent("PUT", r"/_index_template/.*")
    assert template.json()["index_patterns"] == ["catalogue__*"]


def test_a_refused_document_leaves_the_live_index_as_it_was(stub: StubCluster) -> None:
    stub.on(
        "POST",
        "/_bulk",
        lambda r: bulk_answer(r, lambda op, i: (400, "mapper_parsing_exception") if i == "4" else None),
    )
    backend = backend_for(stub.url())
    with pytest.raises(SearchError, match=r"live index is unchanged.*ids 4 "):
        backend.rebuild(doc(i) for i in range(1, 6))
    assert stub.sent("POST", "/_aliases") == [], "the alias was not swapped"
    (created,) = [r for r in stub.sent("PUT", r"/catalogue__[^/]+") if not r.path.endswith("_settings")]
    assert [r.path for r in stub.sent("DELETE", r"/.*")] == [created.path], "only the fresh index is dropped"


def test_an_error_from_the_callers_documents_reaches_the_caller(stub: StubCluster) -> None:
    stub.on("POST", "/_bulk", lambda r: bulk_answer(r, lambda op, i: None))

    def documents() -> Iterator[SearchDocument]:
        yield doc(1)
        raise LookupError("the store went away")

    with pytest.raises(LookupError, match="store went away"):
        backend_for(stub.url()).rebuild(documents())
    assert stub.sent("POST", "/_aliases") == []


def test_first_write_creates_the_template_and_an_index_behind_the_alias() -> None:
    with running() as stub:
        stub.on("PUT", r"/_index_template/[^/]+", lambda r: (200, {"acknowledged": True}))
        stub.on("PUT", r"/catalogue__initial", lambda r: (200, {"acknowledged": True, "index": "x"}))
        stub.on("POST", "/_bulk", lambda r: bulk_answer(r, lambda op, i: None))
        stub.on("POST", "/catalogue/_refresh", lambda r: (200, {"_shards": {}}))
        backend = backend_for(stub.url())
        backend.index([doc(1)])
        backend.index([doc(2)])
        (created,) = stub.sent("PUT", "/catalogue__initial")
        assert created.json() == {"aliases": {"catalogue": {}}}
        assert len(stub.sent("HEAD", "/_alias/catalogue")) == 1, "checked once per process"


def test_an_index_of_another_schema_version_asks_for_a_reindex(stub: StubCluster) -> None:
    stub.on("GET", "/catalogue/_mapping", lambda r: (200, {"catalogue__old": {"mappings": {"_meta": {}}}}))
    with pytest.raises(SearchError, match="catalogue reindex"):
        backend_for(stub.url()).index([doc(1)])


# -- reads ---------------------------------------------------------------------------------------------


def test_search_sends_credentials_apart_and_reads_hits(stub: StubCluster) -> None:
    source = {
        "id": 7,
        "title": "Parking permits",
        "description": "Resident parking permits <b>issued</b>",
        "path": "share/parking",
        "shown": {
            "kind": "table",
            "classification": "OFFICIAL",
            "source": "register",
            "owner": "Ann",
            "department": None,
            "location": None,
            "modified": "2020-05-01T00:00:00+00:00",
        },
    }
    stub.on("POST", "/catalogue/_search", lambda r: (200, search_response([source])))
    result = backend_for(stub.url()).search(SearchRequest(access=EVERYONE, query="parking"))
    (hit,) = result.hits
    assert (hit.id, hit.title, hit.owner, hit.modified.year) == (7, "Parking permits", "Ann", 2020)
    assert hit.snippet == "Resident <mark>parking</mark> permits &lt;b&gt;issued&lt;/b&gt;"
    (request,) = stub.sent("POST", "/catalogue/_search")
    assert request.authorization == "Basic " + base64.b64encode(b"elastic:s3cret-pw").decode()
    assert "allow_partial_search_results=false" in request.query
    assert request.json()["query"]["bool"]["filter"][0]["bool"]["filter"][0] == {
        "range": {"classification_rank": {"gte": 0, "lte": 0}}
    }


def test_a_search_with_no_match_tries_again_with_typo_tolerance(stub: StubCluster) -> None:
    stub.on("POST", "/catalogue/_search", lambda r: (200, search_response([])))
    result = backend_for(stub.url()).search(SearchRequest(access=EVERYONE, query="parkng"))
    assert result.total == 0
    first, second = stub.sent("POST", "/catalogue/_search")
    assert "fuzzy" not in first.body.decode()
    assert '"fuzzy"' in second.body.decode()


def test_no_index_yet_means_nothing_found() -> None:
    with running() as stub:  # every path answers 404 index_not_found_exception
        backend = backend_for(stub.url())
        result = backend.search(SearchRequest(access=EVERYONE, query="x", filters={"kind": ["table"]}))
        assert (result.total, result.hits) == (0, [])
        assert [(b.value, b.count, b.selected) for b in result.facets["kind"]] == [("table", 0, True)]
        assert backend.suggest("park", EVERYONE) == []
        assert backend.indexed_versions() == {}


def test_partial_results_are_an_error_not_a_wrong_count(stub: StubCluster) -> None:
    partial = search_response([])
    partial["_shards"]["failed"] = 1
    stub.on("POST", "/catalogue/_search", lambda r: (200, partial))
    with pytest.raises(SearchError):
        backend_for(stub.url()).search(SearchRequest(access=EVERYONE, query="parking"))


# -- errors ----------------------------------------------------------------------------------------------


def assert_safe(error: BaseException) -> None:
    text = str(error)
    for secret in ("s3cret-pw", "elastic:", "127.0.0.1", "Traceback", "index_not_found"):
        assert secret not in text


def test_an_unreachable_cluster_is_unavailable_with_a_safe_message() -> None:
    backend = backend_for(f"http://elastic:s3cret-pw@127.0.0.1:{free_port()}/catalogue")
    for call in (
        lambda: backend.search(SearchRequest(access=EVERYONE, query="parking")),
        lambda: backend.suggest("park", EVERYONE),
        lambda: backend.index([doc(1)]),
        lambda: backend.indexed_versions(),
    ):
        with pytest.raises(SearchUnavailable) as caught:
            call()
        assert str(caught.value) == UNAVAILABLE
        assert_safe(caught.value)


@pytest.mark.parametrize(
    ("status", "kind", "unavailable"),
    [
        (401, "security_exception", True),
        (403, "security_exception", True),
        (503, "cluster_block_exception", True),
        (429, "circuit_breaking_exception", True),
        (400, "search_phase_execution_exception", False),
    ],
)
def test_cluster_errors_become_safe_messages(
    stub: StubCluster, status: int, kind: str, unavailable: bool
) -> None:
    stub.on("POST", "/catalogue/_search", lambda r: (status, error_body(status, kind, "for user [elastic]")))
    backend = ElasticsearchBackend.from_url(stub.url())
    with pytest.raises(SearchError) as caught:
        backend.search(SearchRequest(access=EVERYONE, query="parking"))
    assert isinstance(caught.value, SearchUnavailable) is unavailable
    assert_safe(caught.value)
    assert kind not in str(caught.value)


def test_search_recovers_by_itself_when_the_cluster_returns() -> None:
    port = free_port()
    backend = backend_for(f"http://elastic:s3cret-pw@127.0.0.1:{port}/catalogue")
    with pytest.raises(SearchUnavailable):
        backend.search(SearchRequest(access=EVERYONE))
    with running(port) as stub:
        stub.on("POST", "/catalogue/_search", lambda r: (200, search_response([], total=0)))
        assert backend.search(SearchRequest(access=EVERYONE)).total == 0


def test_without_the_client_installed_the_factory_says_which_extra_to_install() -> None:
    probe = """
import sys
sys.modules["elasticsearch"] = None  # as if the optional extra were not installed
import search.elastic_mapping, search.elastic_query, search.factory
from search.backend import SearchError
try:
    search.factory.open_backend("http://elastic:pw@127.0.0.1:9200/catalogue")
except SearchError as error:
    print(error)
"""
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr
    assert "pip install 'catalogue[elasticsearch]'" in ran.stdout
