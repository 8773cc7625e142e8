"""The web app on the Elasticsearch backend with the cluster down: it starts, the search page says search is
unavailable (503), the API answers 503 with the JSON error shape, nothing names the cluster, and it all
recovers by itself when the cluster answers again."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from elastic_stub import running, search_response

from catalogue.config import Settings, load_settings

PASSWORD = "s3cret-pw"


@pytest.fixture
def port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path, port: int) -> Settings:
    """Overrides the shared fixture: the same catalogue, searching a cluster on a port nothing listens on."""
    url = f"http://elastic:{PASSWORD}@127.0.0.1:{port}/catalogue"
    return load_settings(environ={}, overrides={"data_dir": str(tmp_path / "data"), "search_url": url})


def assert_nothing_leaks(text: str, port: int) -> None:
    for secret in (PASSWORD, "elastic:", f":{port}", "127.0.0.1", "Traceback", "ConnectionError"):
        assert secret not in text


def test_the_search_page_says_search_is_unavailable(client: Any, port: int) -> None:
    response = client.get("/search?q=parking")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Search is unavailable right now." in page
    assert "govuk-notification-banner" in page
    assert_nothing_leaks(page, port)


def test_the_search_api_answers_503_with_the_json_error(client: Any, port: int) -> None:
    for path in ("/api/v1/search?q=parking", "/api/v1/suggest?q=park"):
        response = client.get(path)
        assert response.status_code == 503, path
        body = response.get_json()
        assert body["error"]["code"] == "unavailable"
        assert body["error"]["message"]
        assert set(body["error"]) == {"code", "message", "details"}
        assert_nothing_leaks(response.get_data(as_text=True), port)


def test_pages_that_do_not_need_search_still_work(client: Any, port: int) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert_nothing_leaks(home.get_data(as_text=True), port)


def test_search_recovers_when_the_cluster_returns(client: Any, port: int) -> None:
    assert client.get("/api/v1/search?q=parking").status_code == 503
    source = {
        "id": 1,
        "title": "Parking permits",
        "description": "Resident parking permits",
        "path": "register/1",
        "shown": {"kind": "table", "classification": "OFFICIAL", "source": "register", "modified": None},
    }
    with running(port) as cluster:
        cluster.on("POST", "/catalogue/_search", lambda r: (200, search_response([source])))
        api = client.get("/api/v1/search?q=parking")
        assert api.status_code == 200
        assert [r["title"] for r in api.get_json()["results"]] == ["Parking permits"]
        page = client.get("/search?q=parking")
        assert page.status_code == 200
        assert "Parking permits" in page.get_data(as_text=True)
