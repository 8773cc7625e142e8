"""The Graph client on its own (paging, throttling, errors, secrets kept out of messages), the source
settings, the CA bundle, and the harvester being unavailable without msal."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from graph_server import CLIENT_ID, CLIENT_SECRET, TENANT, GraphServer
from sharepoint_fixtures import Farm, Waits, add_source, assets, harvest

from catalogue.harvest import checkpoints, secrets
from catalogue.runtime import Catalogue
from harvesters.base import SourceError
from harvesters.sharepoint import SharePointHarvester
from harvesters.sharepoint_auth import MsalTokens
from harvesters.sharepoint_config import SharePointConfigSchema
from harvesters.sharepoint_graph import (
    GraphClient,
    GraphError,
    ResyncRequired,
    RetryPolicy,
    describe,
    retry_after,
)


def client_for(graph: GraphServer, waits: list[float], **policy: float) -> GraphClient:
    tokens = MsalTokens(
        authority=f"{graph.url}/{TENANT}",
        client_id=CLIENT_ID,
        scope=f"{graph.url}/.default",
        client_secret=CLIENT_SECRET,
        verify=str(graph.ca),
    )
    return GraphClient(
        f"{graph.url}/v1.0",
        tokens,
        verify=str(graph.ca),
        sleep=waits.append,
        policy=RetryPolicy(**policy),  # type: ignore[arg-type]
        jitter=lambda: 1.0,
    )


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert retry_after("120") == 120.0
    assert retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_describe_never_shows_a_delta_token() -> None:
    assert describe("https://graph.microsoft.com/v1.0/drives/b!x/root/delta?token=SECRET") == (
        "/v1.0/drives/b!x/root/delta"
    )
    assert "SECRET" not in describe("https://graph.microsoft.com/v1.0/me/drive/root/delta(token='SECRET')")
    assert describe("https://graph.microsoft.com/v1.0/sites?$skiptoken=SECRET") == "/v1.0/sites"


def test_pages_follow_next_links_as_given(graph: GraphServer, farm: Farm) -> None:
    graph.page_size = 2
    client = client_for(graph, [])
    pages = list(client.pages("/sites/getAllSites"))
    assert len(pages) == 2  # 3 sites, 2 a page
    assert "@odata.nextLink" in pages[0]
    assert "@odata.nextLink" not in pages[-1]
    follow = list(graph.gets("getAllSites"))
    assert len(follow) == 2
    assert "$skiptoken" in urllib_unquote(follow[1])


def urllib_unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def test_backoff_without_retry_after_grows_is_capped_and_gives_up(graph: GraphServer, farm: Farm) -> None:
    waits: list[float] = []
    client = client_for(graph, waits, max_attempts=6, base_delay=1.0, max_delay=4.0)
    graph.throttle("/sites/getAllSites", count=10, status=503, retry_after=None)
    with pytest.raises(GraphError) as failed:
        client.get("/sites/getAllSites")
    assert failed.value.status == 503
    assert waits == [1.0, 2.0, 4.0, 4.0, 4.0]  # doubling, capped, 5 waits between 6 tries
    assert len(graph.gets("getAllSites", status=503)) == 6


def test_a_link_to_another_host_is_refused_without_sending_the_token(graph: GraphServer) -> None:
    client = client_for(graph, [])
    with pytest.raises(GraphError) as refused:
        client.get("https://elsewhere.example/v1.0/sites")
    assert refused.value.code == "foreignLink"


def test_a_410_says_where_to_start_again(graph: GraphServer, farm: Farm) -> None:
    client = client_for(graph, [])
    docs = farm["docs"]
    link = next(p for p in client.pages(f"/drives/{docs.id}/root/delta"))
    while "@odata.deltaLink" not in link:
        link = client.get(link["@odata.nextLink"])
    farm.tenant.expire_delta_links(docs)
    with pytest.raises(ResyncRequired) as gone:
        client.get(link["@odata.deltaLink"])
    assert gone.value.status == 410
    assert gone.value.location
    assert gone.value.location.startswith(f"{graph.url}/v1.0/drives/")
    assert "token=" not in str(gone.value)


def test_no_server_fails_cleanly_after_retries(tmp_path: Path) -> None:
    waits: list[float] = []
    harvester = SharePointHarvester(
        {
            "tenant_id": TENANT,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "authority_url": "https://127.0.0.1:9",
            "graph_url": "https://127.0.0.1:9",
            "timeout": 2,
        }
    )
    harvester.pause = waits.append  # type: ignore[method-assign]
    with pytest.raises(SourceError) as failed:
        list(harvester.list_items())
    assert "no token from the authority" in str(failed.value)
    assert CLIENT_SECRET not in str(failed.value)


def test_the_ca_bundle_falls_back_to_requests_ca_bundle(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = add_source(cat, graph, ca_bundle=None)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(graph.ca))
    assert harvest(cat, source).status == "succeeded"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")  # does not trust ours
    run = harvest(cat, source)
    assert run.status == "failed"
    assert "SSL" in run.message or "certificate" in run.message


def test_settings_are_checked_and_secrets_are_load_only() -> None:
    schema = SharePointConfigSchema()
    assert secrets.secret_fields(schema) == ["certificate", "certificate_password", "client_secret"]
    assert all(f.metadata.get("description") for f in schema.fields.values())
    with pytest.raises(Exception, match="https"):
        schema.load({"tenant_id": "t", "client_id": "c", "graph_url": "http://graph.example"})
    with pytest.raises(Exception, match="Unknown field"):
        schema.load({"tenant_id": "t", "client_id": "c", "colour": "blue"})
    loaded = schema.load({"tenant_id": "t", "client_id": "c"})
    assert loaded["authority_url"] == "https://login.microsoftonline.com"
    assert loaded["graph_url"] == "https://graph.microsoft.com"


def test_check_reports_a_usable_source(graph: GraphServer, farm: Farm) -> None:
    SharePointHarvester(graph.config()).check()
    with pytest.raises(SourceError, match="invalid_client"):
        SharePointHarvester(graph.config(client_secret="nope")).check()


def test_run_messages_never_show_a_delta_link(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    stored = checkpoints.load(cat.sources.get(source.name).state, cat.secret_box)
    links = [d["delta"] for d in stored["drives"].values()]
    graph.throttle("/root/delta?token=", count=50, status=500, retry_after="0")
    run = harvest(cat, source)
    assert run.status == "failed"
    for link in links:
        token = link.rsplit("token=", 1)[1]
        assert token not in run.message
        assert all(token not in e.message for e in run.errors)
    assert "/root/delta" in run.message


def test_without_msal_the_harvester_is_listed_as_unavailable() -> None:
    script = (
        "import sys; sys.modules['msal'] = None\n"
        "from catalogue.harvest.registry import Registry\n"
        "info = next(i for i in Registry().available() if i.kind == 'sharepoint')\n"
        "print(info.available, info.reason)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False needs the Python package 'msal'"


def test_the_site_owner_and_every_asset_come_through_a_single_token(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    assert harvest(cat, source).status == "succeeded"
    assert graph.token_requests == 1  # MSAL's cache serves the whole run
    owners = {a.title: a.owner for a in assets(cat, source).values() if a.kind in ("site", "library")}
    assert owners == {
        "Finance team": "Finance Owners",
        "Documents": "Finance Owners",
        "Human resources": "HR Owners",
        "Policies": "HR Owners",
    }


def test_debug_logs_never_show_a_delta_or_next_link(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    source = add_source(cat, graph)
    harvest(cat, source)
    farm.tenant.change(farm["docs"], farm["memo"], content=b"again\n")
    graph.throttle("/root/delta?token=", count=1, retry_after="1")
    assert harvest(cat, source).status == "succeeded"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    assert any("/root/delta" in line for line in lines)  # urllib3's request lines were logged...
    requested = [path for _, path, _ in graph.log if "token=" in path]
    assert requested
    for path in requested:  # ... without a single token
        assert path.rsplit("token=", 1)[1] not in logged
