"""`GET /api/v1/export/assets.csv` and `.xlsx`: sign-in required, only what the caller may see, downloaded
as attachments, and parseable."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from catalogue.register.exporter import HEADERS
from catalogue.register.importer import import_register
from catalogue.web import create_app

from .support import add_people, write_xlsx

OFFICIAL_TITLES = {"Council tax accounts", "Parks bookings"}
ALL_TITLES = OFFICIAL_TITLES | {"Planning applications", "Staff payroll", "Hr casework"}


@pytest.fixture
def filled(catalogue: Any, tmp_path: Path) -> Any:
    add_people(catalogue)
    import_register(catalogue.store, write_xlsx(tmp_path / "iar.xlsx"), user="jo", key_column="Ref")
    path = tmp_path / "hr.csv"
    path.write_text("Title,Classification,Access groups\nHr casework,OFFICIAL,hr\n", encoding="utf-8")
    import_register(catalogue.store, path, user="jo", source="hr-register")
    return catalogue


def csv_titles(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    return [dict(zip(rows[0], row, strict=True))["Title"] for row in rows[1:]]


def xlsx_titles(body: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert list(rows[0]) == list(HEADERS)
    return [str(row[HEADERS.index("Title")]) for row in rows[1:]]


@pytest.mark.parametrize("path", ["/api/v1/export/assets.csv", "/api/v1/export/assets.xlsx"])
def test_without_a_principal_the_export_is_a_401(app: Flask, filled: Any, path: str) -> None:
    closed = create_app(filled, {"TESTING": True}, principal_loader=lambda _request: None)
    response = closed.test_client().get(path)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_csv_export_has_only_what_the_caller_may_see(client: Any, filled: Any) -> None:
    response = client.get("/api/v1/export/assets.csv", headers={"X-Test-Principal": "OFFICIAL"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="assets.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.is_streamed
    assert set(csv_titles(response.data)) == OFFICIAL_TITLES
    everything = client.get("/api/v1/export/assets.csv", headers={"X-Test-Principal": "SECRET;hr"})
    assert sorted(csv_titles(everything.data)) == sorted(ALL_TITLES)
    no_group = client.get("/api/v1/export/assets.csv", headers={"X-Test-Principal": "SECRET"})
    assert set(csv_titles(no_group.data)) == ALL_TITLES - {"Hr casework"}


def test_xlsx_export_is_a_workbook_of_what_the_caller_may_see(client: Any, filled: Any) -> None:
    response = client.get("/api/v1/export/assets.xlsx", headers={"X-Test-Principal": "OFFICIAL;hr"})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == 'attachment; filename="assets.xlsx"'
    assert set(xlsx_titles(response.data)) == OFFICIAL_TITLES | {"Hr casework"}


def test_anonymous_visitors_export_at_the_anonymous_clearance(client: Any, filled: Any) -> None:
    response = client.get("/api/v1/export/assets.csv")
    assert set(csv_titles(response.data)) == OFFICIAL_TITLES


def test_the_export_routes_are_documented(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for name, media in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")):
        operation = paths[f"/api/v1/export/assets.{name}"]["get"]
        assert "401" in operation["responses"]
        assert any(t.startswith(media) for t in operation["responses"]["200"]["content"])


def test_imported_and_updated_entries_are_in_the_search_index(
    client: Any, filled: Any, tmp_path: Path
) -> None:
    secret = {"X-Test-Principal": "SECRET"}
    body = client.get("/api/v1/search?q=payroll", headers=secret).get_json()
    assert [(hit["title"], hit["owner"]) for hit in body["results"]] == [("Staff payroll", "Eve Green")]
    changed = write_xlsx(tmp_path / "v2.xlsx", {(10, 3): "Ann Lee"})
    import_register(filled.store, changed, user="jo", key_column="Ref")
    body = client.get("/api/v1/search?q=payroll", headers=secret).get_json()
    assert [(hit["title"], hit["owner"]) for hit in body["results"]] == [("Staff payroll", "Ann Lee")]
