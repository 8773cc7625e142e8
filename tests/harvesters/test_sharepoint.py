"""The SharePoint harvester end to end: the real harvester (msal, requests) against the test Graph server,
through the real harvest runner into a real catalogue (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from graph_server import GraphServer
from quickxor_reference import quick_xor_base64
from sharepoint_fixtures import Farm, Stop, Waits, add_source, assets, harvest, stored_state
from sqlalchemy import select
from tls_material import make_app_certificate

from catalogue.harvest import checkpoints
from catalogue.models import AssetColumn
from catalogue.runtime import Catalogue


def by_title(found: dict[str, object]) -> dict[str, object]:
    return {getattr(a, "title"): a for a in found.values()}  # noqa: B009


def test_first_run_catalogues_sites_libraries_folders_files_and_lists(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph, read_retention_labels=True)
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    found = assets(cat, source)
    titles = by_title(found)
    finance, docs, budgets = titles["Finance team"], titles["Documents"], titles["Budgets"]
    assert (finance.kind, docs.kind, budgets.kind) == ("site", "library", "folder")
    assert finance.location == "https://contoso.sharepoint.com/sites/Finance"
    assert finance.owner == "Finance Owners"  # the site's default library's owners
    assert docs.parent_id == finance.id
    assert budgets.parent_id == docs.id

    budget = titles["budget 2024.pdf"]
    assert budget.parent_id == budgets.id
    assert (budget.kind, budget.format, budget.size_bytes) == ("document", "application/pdf", 20)
    assert (budget.created_by, budget.modified_by) == ("Ann Lee", "Bob Cole")
    assert budget.quick_xor_hash == "quickxor:" + quick_xor_base64(b"%PDF-1.4 budget 2024")
    assert budget.content_hash is None  # SharePoint gives no sha256
    assert budget.location.endswith("/Documents/budget%202024.pdf")

    assert "shared: anyone with the link" in titles["notes.txt"].tags
    assert "shared: organisation link" in titles["plan.txt"].tags
    assert "shared: specific people" in titles["memo.txt"].tags
    assert not any(t.startswith("shared") for t in titles["invoice-0.txt"].tags)
    assert titles["plan.txt"].retention_basis == "SharePoint retention label: Finance 7 years"

    suppliers = titles["Suppliers"]
    assert (suppliers.kind, suppliers.row_count, suppliers.column_count) == ("list", 7, 2)
    assert suppliers.parent_id == finance.id
    assert {"Workflow tasks", "Master pages", "Someone's OneDrive"}.isdisjoint(titles)
    # libraries appear once, as drives, not again as lists
    assert sum(1 for a in found.values() if a.title == "Documents") == 1
    # 3 sites less the personal one, 2 libraries, 1 folder, 10 + 4 files, 1 list
    assert len(found) == 2 + 2 + 1 + 14 + 1


def test_the_list_columns_are_its_schema(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    suppliers = by_title(assets(cat, source))["Suppliers"]
    with cat.sessions() as session:
        rows = session.scalars(select(AssetColumn).where(AssetColumn.asset_id == getattr(suppliers, "id")))  # noqa: B009
        columns = {c.name: c for c in rows}
    assert set(columns) == {"Supplier", "Annual spend"}
    assert (columns["Supplier"].data_type, columns["Supplier"].nullable) == ("text", False)
    assert (columns["Annual spend"].data_type, columns["Annual spend"].comment) == ("currency", "GBP")


def test_the_delta_links_are_stored_encrypted_only(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    state = stored_state(cat, source)
    assert "token=" not in json.dumps(state)
    opened = checkpoints.load(state, cat.secret_box)
    links = [d["delta"] for d in opened["drives"].values()]
    assert len(links) == 2
    assert all("/root/delta?token=" in link for link in links)


def test_a_second_run_fetches_only_changes(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    tenant, docs = farm.tenant, farm["docs"]
    source = add_source(cat, graph)
    harvest(cat, source)
    before = assets(cat, source)
    tenant.change(docs, farm["memo"], content=b"memo, revised\n", modified_by="Cat Dee")
    tenant.put(docs, "new.txt", farm["budgets"], content=b"new\n")
    tenant.delete(docs, farm["notes"])
    graph.log.clear()

    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    after = by_title(assets(cat, source))
    assert (run.added, run.gone) == (1, 1)
    assert after["memo.txt"].modified_by == "Cat Dee"
    assert after["memo.txt"].quick_xor_hash == "quickxor:" + quick_xor_base64(b"memo, revised\n")
    assert after["notes.txt"].lifecycle == "gone"
    assert after["new.txt"].lifecycle == "active"
    assert after["invoice-3.txt"].version == before[after["invoice-3.txt"].key].version  # untouched
    deltas = graph.gets("/root/delta")
    assert deltas
    assert all("token=" in path for path in deltas)
    assert len(graph.gets("/permissions")) == 2  # the changed and the new file only

    graph.log.clear()
    third = harvest(cat, source)
    assert third.status == "succeeded"
    assert (third.added, third.updated, third.gone) == (0, 0, 0)
    assert graph.gets("/permissions") == []


def test_throttling_is_waited_out_and_no_page_is_lost_or_read_twice(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    graph.throttle("/root/delta?token=", count=2, status=429, retry_after="1")  # a next page, twice
    graph.throttle("/drives", count=1, status=503, retry_after=None)  # no Retry-After: backoff
    graph.throttle("/permissions", count=1, status=429, retry_after="3")
    source = add_source(cat, graph)
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    assert sorted(s for s in waits.seconds if s >= 1.0) == [1.0, 1.0, 3.0]  # as Retry-After said
    backoff = [s for s in waits.seconds if s not in (1.0, 3.0)]
    assert len(backoff) == 1
    assert 0.5 <= backoff[0] <= 1.0
    pages = graph.gets("/root/delta")
    assert len(pages) == len(set(pages))  # each page fetched (successfully) once
    assert len(assets(cat, source)) == 20


def test_a_retry_after_beyond_the_limit_fails_the_run_and_keeps_the_checkpoint(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    state = stored_state(cat, source)
    farm.tenant.change(farm["docs"], farm["memo"], content=b"changed\n")
    graph.throttle("/root/delta", count=1, retry_after="86400")
    run = harvest(cat, source)
    assert run.status == "failed"
    assert "86400" in run.message
    assert "token=" not in run.message
    assert stored_state(cat, source)["checkpoint"] == state["checkpoint"]
    assert harvest(cat, source).status == "succeeded"
    assert by_title(assets(cat, source))["memo.txt"].size_bytes == len(b"changed\n")


def test_an_expired_token_is_renewed_once(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    graph.expire_tokens_at = 4
    source = add_source(cat, graph)
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    assert graph.token_requests == 2
    assert len(assets(cat, source)) == 20


def test_a_token_refused_again_after_renewal_fails_the_run_cleanly(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    graph.refuse_tokens = True
    source = add_source(cat, graph)
    run = harvest(cat, source)
    assert run.status == "failed"
    assert "refused a renewed token" in run.message
    assert graph.token_requests == 2
    assert "test-client-secret-value" not in run.message
    assert assets(cat, source) == {}


def test_bad_credentials_fail_the_run_with_the_authority_s_reason(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph, client_secret="wrong-secret")
    run = harvest(cat, source)
    assert run.status == "failed"
    assert "invalid_client" in run.message
    assert "wrong-secret" not in run.message


def test_a_delta_reset_lists_everything_and_retires_what_went(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    tenant, docs, hr_docs = farm.tenant, farm["docs"], farm["hr_docs"]
    source = add_source(cat, graph)
    harvest(cat, source)
    gone = next(i for i in hr_docs.items.values() if i.name == "policy-0.txt")
    tenant.delete(hr_docs, gone)
    tenant.expire_delta_links(hr_docs)  # HR's old link now answers 410; the deletion is in no feed
    tenant.put(docs, "late.txt", content=b"late\n")  # Finance, read by delta before HR's 410
    tenant.add_list(farm["finance"], "Risks", "Risk register", items=2)
    graph.log.clear()

    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    assert any(code == 410 for _, _, code in graph.log)
    found = assets(cat, source)
    titles = by_title(found)
    assert titles["policy-0.txt"].lifecycle == "gone"  # found missing by the full listing
    assert titles["late.txt"].lifecycle == "active"
    assert sum(1 for a in found.values() if a.title == "Risk register") == 1  # listed once, not per pass
    assert run.gone == 1
    assert not run.needs_review
    assert len(graph.gets("/permissions")) == 1  # late.txt: the full listing re-read nothing unchanged

    graph.log.clear()
    assert harvest(cat, source).status == "succeeded"
    deltas = graph.gets("/root/delta")
    assert len(deltas) == 2
    assert all("token=" in path for path in deltas)  # incremental again


def test_an_unreadable_site_is_reported_and_its_assets_kept(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    farm["hr"].forbidden = True
    farm.tenant.change(farm["docs"], farm["memo"], content=b"changed again\n")
    run = harvest(cat, source, full=True)  # a complete listing: HR must not be retired
    assert run.status == "partial"
    assert any("Human resources" in e.message or "Access denied" in e.message for e in run.errors)
    found = by_title(assets(cat, source))
    assert found["policy-0.txt"].lifecycle == "active"
    assert found["Policies"].lifecycle == "active"
    assert found["memo.txt"].size_bytes == len(b"changed again\n")
    assert run.gone == 0


def test_an_unreadable_library_keeps_its_assets_and_its_delta_link(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    source = add_source(cat, graph)
    harvest(cat, source)
    hr_docs = farm["hr_docs"]
    old = checkpoints.load(stored_state(cat, source), cat.secret_box)["drives"][hr_docs.id]
    hr_docs.forbidden = True
    run = harvest(cat, source)
    assert run.status == "partial"
    assert by_title(assets(cat, source))["policy-1.txt"].lifecycle == "active"
    assert checkpoints.load(stored_state(cat, source), cat.secret_box)["drives"][hr_docs.id] == old


def test_a_run_killed_after_some_pages_keeps_the_old_delta_link_and_loses_no_change(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    tenant, docs = farm.tenant, farm["docs"]
    source = add_source(cat, graph, read_permissions=False)
    harvest(cat, source)
    before = stored_state(cat, source)["checkpoint"]
    invoices = [i for i in docs.items.values() if i.name.startswith("invoice-")]
    for number, item in enumerate(invoices):
        tenant.change(docs, item, content=f"invoice {number}, paid\n".encode())
    graph.throttle("/root/delta?token=", count=2, retry_after="1", after=1)  # the second page is throttled
    waits.stop_at = 2
    with pytest.raises(Stop):  # the process dies while waiting
        cat.harvest_runner(batch_size=2).run(source)
    assert stored_state(cat, source)["checkpoint"] == before
    written = [a for a in by_title(assets(cat, source)).values() if a.title.startswith("invoice-")]
    assert 0 < sum(1 for a in written if a.version > 1) < len(invoices)  # some pages were committed

    waits.stop_at = None
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    found = by_title(assets(cat, source))
    for number in range(len(invoices)):
        assert found[f"invoice-{number}.txt"].size_bytes == len(f"invoice {number}, paid\n".encode())


def test_listed_sites_only_by_url(cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits) -> None:
    source = add_source(cat, graph, sites=["https://contoso.sharepoint.com/sites/HR"])
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    titles = set(by_title(assets(cat, source)))
    assert "Human resources" in titles
    assert "Finance team" not in titles
    assert graph.gets("getAllSites") == []


def test_a_listed_site_that_cannot_be_read_is_a_gap(
    cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits
) -> None:
    sites = ["https://contoso.sharepoint.com/sites/HR", "https://contoso.sharepoint.com/sites/Nowhere"]
    source = add_source(cat, graph, sites=sites)
    run = harvest(cat, source)
    assert run.status == "partial"
    assert any("sites/Nowhere" in e.message for e in run.errors)
    assert "Policies" in by_title(assets(cat, source))


def test_certificate_credentials(cat: Catalogue, graph: GraphServer, farm: Farm, waits: Waits) -> None:
    pem, certificate = make_app_certificate()
    graph.app_certificate = certificate
    source = add_source(cat, graph, client_secret=None, certificate=pem)
    run = harvest(cat, source)
    assert run.status == "succeeded", run.message
    assert graph.token_requests == 1
    assert "BEGIN" not in json.dumps(cat.sources.get(source.name).config)  # sealed, never in clear
