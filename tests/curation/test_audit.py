"""Every change is in the audit log with who, when (UTC) and old and new values; admins search and export
it (pages, CSV, API); nobody else can; the log has no update or delete path."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from catalogue.access import Principal

from .support import ADMIN, ANN, OFFICER, VIEWER


def patch(client: Any, asset_id: int, body: dict[str, Any], headers: dict[str, str], version: int = 1) -> Any:
    return client.patch(
        f"/api/v1/assets/{asset_id}", json=body, headers={**headers, "If-Match": f'"{version}"'}
    )


def test_an_edit_is_recorded_with_old_and_new_values(client: Any, ids: dict[str, int], audit: Any) -> None:
    before = datetime.now(UTC)
    assert (
        patch(client, ids["tenancies"], {"steward": "Dee", "lawful_basis": "Public task"}, ANN).status_code
        == 200
    )
    [event] = audit("asset.edit")
    assert event.actor == "test-curator-SECRET"
    assert (event.target_type, event.target_id) == ("asset", str(ids["tenancies"]))
    assert event.details["old"] == {"steward": None, "lawful_basis": None}
    assert event.details["new"] == {"steward": "Dee", "lawful_basis": "Public task"}
    assert event.details["version"] == 2
    assert event.details["channel"] == "api"
    assert event.at.tzinfo is not None
    assert before - timedelta(seconds=1) <= event.at <= datetime.now(UTC) + timedelta(seconds=1)


def test_a_classification_change_and_a_publication_are_actions_of_their_own(
    client: Any, ids: dict[str, int], audit: Any
) -> None:
    assert patch(client, ids["tenancies"], {"classification": "SECRET"}, ANN).status_code == 200
    [change] = audit("asset.classification")
    assert (change.details["old"], change.details["new"]) == ("OFFICIAL-SENSITIVE", "SECRET")
    body = {"open_data_status": "published", "licence": "OGL-UK-3.0"}
    assert patch(client, ids["repairs"], body, OFFICER).status_code == 200
    [published] = audit("asset.publish")
    assert published.target_id == str(ids["repairs"])
    assert (published.details["old"], published.details["new"]) == ("not_assessed", "published")
    assert published.details["licence"] == "OGL-UK-3.0"


def test_refused_edits_are_recorded(client: Any, ids: dict[str, int], audit: Any) -> None:
    response = patch(client, ids["tenancies"], {"open_data_status": "published"}, ANN)
    assert response.status_code == 403
    assert response.get_json()["error"]["details"] == {
        "open_data_status": "your role may not set this field here"
    }
    [refused] = audit("asset.edit_refused")
    assert refused.details["fields"] == ["open_data_status"]
    assert "publish" in refused.details["reason"]
    assert [e.details["path"] for e in audit("access.denied")] == [f"/api/v1/assets/{ids['tenancies']}"]
    assert audit("asset.edit") == []


def test_exports_are_recorded_with_the_query_and_rows(client: Any, ids: dict[str, int], audit: Any) -> None:
    response = client.get("/api/v1/export/assets.csv", headers=VIEWER)
    assert response.status_code == 200
    rows = len(response.get_data(as_text=True).strip().splitlines()) - 1
    [event] = audit("export.assets")
    assert event.actor == "test-viewer-SECRET"
    assert (event.details["format"], event.details["rows"]) == ("csv", rows)
    assert rows == len(ids)


def test_source_changes_are_recorded_with_old_and_new(catalogue: Any, tmp_path: Path, audit: Any) -> None:
    source = catalogue.sources.create("share", "filesystem", {"root": str(tmp_path)}, "ann", title="Share")
    catalogue.sources.edit(source.id, "bob", title="The share", schedule="0 2 * * *")
    [created] = audit("source.create")
    assert created.actor == "ann"
    [edited] = audit("source.edit")
    assert edited.actor == "bob"
    assert edited.details["old"] == {"title": "Share", "schedule": None}
    assert edited.details["new"] == {"title": "The share", "schedule": "0 2 * * *"}


def test_the_audit_page_searches_for_admins_only(client: Any, ids: dict[str, int]) -> None:
    patch(client, ids["tenancies"], {"steward": "Dee"}, ANN)
    patch(client, ids["repairs"], {"licence": "OGL-UK-3.0"}, OFFICER)
    assert client.get("/admin/audit", headers=ANN).status_code == 403
    assert client.get("/admin/audit", headers=VIEWER).status_code == 403
    page = client.get("/admin/audit?action=asset.edit&actor=curator", headers=ADMIN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('data-action="asset.edit"') == 1
    assert "Dee" in html
    everything = client.get("/admin/audit?action=asset.", headers=ADMIN).get_data(as_text=True)
    assert everything.count('data-action="asset.edit"') == 2
    by_target = client.get(f"/admin/audit?target_type=asset&target_id={ids['repairs']}", headers=ADMIN)
    assert "OGL-UK-3.0" in by_target.get_data(as_text=True)
    bad = client.get("/admin/audit?since=yesterday", headers=ADMIN)
    assert bad.status_code == 400
    assert "must be a date" in bad.get_data(as_text=True)


def test_the_audit_csv_export_is_admin_only_and_audited(client: Any, ids: dict[str, int], audit: Any) -> None:
    patch(client, ids["tenancies"], {"description": '=HYPERLINK("http://evil")'}, ANN)
    assert client.get("/admin/audit.csv", headers=ANN).status_code == 403
    response = client.get("/admin/audit.csv?action=asset.edit", headers=ADMIN)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["action"] for r in rows] == ["asset.edit"]
    assert rows[0]["actor"] == "test-curator-SECRET"
    assert "HYPERLINK" in rows[0]["details"]
    assert datetime.fromisoformat(rows[0]["at"]).utcoffset() == timedelta(0)
    [exported] = audit("audit.export")
    assert exported.details == {"query": {"action": "asset.edit"}, "rows": 1}


def test_the_audit_api(client: Any, ids: dict[str, int]) -> None:
    patch(client, ids["tenancies"], {"steward": "Dee"}, ANN)
    assert client.get("/api/v1/audit", headers=ANN).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    today = datetime.now(UTC).date()
    found = client.get(
        f"/api/v1/audit?action=asset.edit&since={today}&until={today}", headers=ADMIN
    ).get_json()
    assert found["total"] == 1
    [event] = found["events"]
    assert (event["action"], event["details"]["new"]) == ("asset.edit", {"steward": "Dee"})
    past = today - timedelta(days=3)
    assert client.get(f"/api/v1/audit?until={past}", headers=ADMIN).get_json()["total"] == 0
    bad = client.get("/api/v1/audit?since=2024-13-01&per_page=0", headers=ADMIN)
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["details"]) == {"since", "per_page"}


def test_the_log_has_no_update_or_delete_path() -> None:
    """Append-only: no code updates or deletes audit events."""
    root = Path(__file__).resolve().parents[2] / "catalogue"
    pattern = re.compile(
        r"(update|delete)\(\s*AuditEvent|AuditEvent\)\.(update|delete)|audit_events.*(UPDATE|DELETE)"
    )
    offenders = [p for p in root.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_store_audits_edits_from_every_channel(catalogue: Any, ids: dict[str, int], audit: Any) -> None:
    curator = Principal("cli-user", "SECRET", role="curator", person="Ann Lee")
    catalogue.store.curate(ids["rent"], {"retention_period": "2 years"}, curator, 1)
    [event] = audit("asset.edit")
    assert (event.actor, event.details["new"]) == ("cli-user", {"retention_period": "2 years"})


def test_a_source_changing_the_classification_is_recorded_too(
    client: Any, catalogue: Any, ids: dict[str, int], audit: Any
) -> None:
    from harvesters.base import Record

    from .support import HOUSING

    assert patch(client, ids["repairs"], {"classification": "SECRET"}, ANN).status_code == 200  # curated
    changed = {
        "public.tenancies": {"classification": "SECRET"},
        "public.repairs": {"classification": "OFFICIAL-SENSITIVE"},  # curated SECRET still stands
    }
    records = [
        Record(r.key, {**r.fields, **changed.get(r.key, {})}, r.parent_key, r.columns) for r in HOUSING
    ]
    source = catalogue.store.ensure_source("housing-db", "database")
    catalogue.store.apply_records(source, records)
    events = [
        (e.actor, e.target_id, e.details["old"], e.details["new"]) for e in audit("asset.classification")
    ]
    assert events == [
        ("test-curator-SECRET", str(ids["repairs"]), "OFFICIAL", "SECRET"),
        ("harvest:housing-db", str(ids["tenancies"]), "OFFICIAL-SENSITIVE", "SECRET"),
    ]


def test_a_command_line_export_is_recorded(
    catalogue: Any, ids: dict[str, int], tmp_path: Path, audit: Any
) -> None:
    from click.testing import CliRunner

    from catalogue.cli import main

    env = {"CATALOGUE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    target = tmp_path / "register.csv"
    result = CliRunner().invoke(main, ["export", str(target), "--clearance", "OFFICIAL"], env=env)
    assert result.exit_code == 0, result.output
    [event] = audit("export.assets")
    assert (event.details["format"], event.details["channel"], event.details["clearance"]) == (
        "csv",
        "cli",
        "OFFICIAL",
    )
    assert event.details["rows"] == len(target.read_text(encoding="utf-8-sig").strip().splitlines()) - 1
