"""Importing a messy council register (.xlsx and .csv): the per-row report, curated values, idempotent
re-import, a changed cell updating only its field, and owners not in the people directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from catalogue.models import Asset, AssetChange, Source
from catalogue.register.importer import (
    FAILED,
    IMPORTED,
    UNCHANGED,
    UPDATED,
    RegisterImportError,
    count_assets,
    import_register,
)

from .support import GOOD_ROWS, add_people, write_csv, write_xlsx


def assets(catalogue: Any, source: str = "register") -> dict[str, Asset]:
    with catalogue.sessions() as session:
        found = session.scalars(select(Asset).join(Source).where(Source.name == source)).all()
        return {a.key: a for a in found}


def change_count(catalogue: Any) -> int:
    with catalogue.sessions() as session:
        return session.scalar(select(func.count()).select_from(AssetChange)) or 0


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "iar.xlsx")


def test_the_report_names_the_bad_rows_and_the_good_rows_are_imported(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    report = import_register(catalogue.store, register, user="jo.clerk", key_column="Ref")
    assert report.header_row == 4
    assert report.counts == {IMPORTED: 4, UPDATED: 0, UNCHANGED: 0, FAILED: 2}
    assert sorted(r.row for r in report.rows if r.status == FAILED) == [7, 9]
    errors = {(p.row, p.column): p.message for p in report.errors}
    assert set(errors) == {(7, "Protective marking"), (9, "Review date")}
    assert "'RESTRICTED' is not a classification" in errors[7, "Protective marking"]
    assert "'31/02/2025' is not a date" in errors[9, "Review date"]
    warnings = [(p.row, p.column, p.message) for p in report.warnings]
    assert warnings == [(10, "IAO", "unknown owner 'Eve Green' (not in the people directory)")]
    assert report.mapping.unmapped == ["Ref", "Comments"]
    assert report.mapping.columns["Contains personal data"] == "personal_data"
    assert set(assets(catalogue)) == set(GOOD_ROWS)


def test_imported_values_are_curated_and_the_harvested_layer_stays_minimal(
    catalogue: Any, register: Path
) -> None:
    add_people(catalogue)
    import_register(catalogue.store, register, user="jo.clerk", key_column="Ref")
    found = assets(catalogue)
    tax = found["IAR-001"]
    assert tax.harvested == {"title": "Council tax accounts", "kind": "register_entry"}
    assert tax.curated == {
        "title": "Council tax accounts",
        "description": "Accounts of council tax payers",
        "format": "Database",
        "tags": ["council tax", "revenue"],
        "owner": "Ann Lee",
        "department": "Finance",
        "classification": "OFFICIAL",
        "personal_data": "personal",
        "retention_period": "6 years after closure",
        "review_due": "2025-04-01",
    }
    assert (tax.kind, tax.owner, tax.classification) == ("register_entry", "Ann Lee", "OFFICIAL")
    planning = found["IAR-002"]
    assert planning.curated["classification"] == "OFFICIAL-SENSITIVE"
    assert planning.curated["personal_data"] == "none"
    assert planning.curated["review_due"] == "2025-06-30"  # an Excel date cell
    payroll = found["IAR-005"]
    assert payroll.curated["personal_data"] == "special_category"
    assert payroll.curated["review_due"] == "2026-01-15"
    with catalogue.sessions() as session:
        actors = set(session.scalars(select(AssetChange.actor).where(AssetChange.layer == "curated")))
    assert actors == {"jo.clerk"}


def test_importing_the_same_register_again_changes_nothing(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    import_register(catalogue.store, register, user="jo.clerk", key_column="Ref")
    versions = {k: a.version for k, a in assets(catalogue).items()}
    changes = change_count(catalogue)
    again = import_register(catalogue.store, register, user="jo.clerk", key_column="Ref")
    assert again.counts == {IMPORTED: 0, UPDATED: 0, UNCHANGED: 4, FAILED: 2}
    assert {k: a.version for k, a in assets(catalogue).items()} == versions
    assert change_count(catalogue) == changes


def test_a_changed_cell_updates_only_that_field(catalogue: Any, tmp_path: Path, register: Path) -> None:
    add_people(catalogue)
    import_register(catalogue.store, register, user="jo.clerk", key_column="Ref")
    before = assets(catalogue)
    changed = write_xlsx(tmp_path / "iar-v2.xlsx", {(5, 7): "7 years after closure", (11, 8): None})
    report = import_register(catalogue.store, changed, user="sam.iao", key_column="Ref")
    assert report.counts == {IMPORTED: 0, UPDATED: 2, UNCHANGED: 2, FAILED: 2}
    assert {r.key: r.fields for r in report.rows if r.status == UPDATED} == {
        "IAR-001": ["retention_period"],
        "IAR-006": ["review_due"],  # a cleared cell clears the curated value
    }
    after = assets(catalogue)
    tax = after["IAR-001"]
    assert tax.version == before["IAR-001"].version + 1
    assert tax.curated == {**before["IAR-001"].curated, "retention_period": "7 years after closure"}
    assert "review_due" not in after["IAR-006"].curated
    assert after["IAR-006"].review_due is None
    assert after["IAR-002"].version == before["IAR-002"].version
    with catalogue.sessions() as session:
        latest = session.scalars(
            select(AssetChange).where(AssetChange.asset_id == tax.id, AssetChange.version == tax.version)
        ).all()
    assert [(c.field, c.old_value, c.new_value, c.actor) for c in latest] == [
        ("retention_period", "6 years after closure", "7 years after closure", "sam.iao")
    ]


def test_strict_owners_fails_rows_whose_owner_is_unknown(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    report = import_register(catalogue.store, register, user="jo", key_column="Ref", strict_owners=True)
    assert sorted(r.row for r in report.rows if r.status == FAILED) == [7, 9, 10]
    assert [(p.row, p.severity) for p in report.problems if p.column == "IAO"] == [(10, "error")]


def test_a_dry_run_reports_but_changes_nothing(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    report = import_register(catalogue.store, register, user="jo", key_column="Ref", dry_run=True)
    assert report.counts == {IMPORTED: 4, UPDATED: 0, UNCHANGED: 0, FAILED: 2}
    assert count_assets(catalogue.store, "register") == 0


def test_the_mapping_and_key_are_saved_with_the_source(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    import_register(catalogue.store, register, user="jo", key_column="Ref", mapping={"Comments": "licence"})
    with catalogue.sessions() as session:
        source = session.scalar(select(Source).where(Source.name == "register"))
        assert source is not None
        assert source.kind == "register"
        assert source.config["key"] == "Ref"
        assert source.config["mapping"]["Comments"] == "licence"
        assert source.config["mapping"]["IAO"] == "owner"
        assert source.config["mapping"]["Ref"] is None
    again = import_register(catalogue.store, register, user="jo")  # the saved key and mapping
    assert again.key_column == "Ref"
    assert again.counts[UNCHANGED] == 4


def test_without_a_key_column_rows_are_keyed_by_their_title(catalogue: Any, register: Path) -> None:
    add_people(catalogue)
    import_register(catalogue.store, register, user="jo", source="by-title")
    assert set(assets(catalogue, "by-title")) == {
        "council-tax-accounts",
        "planning-applications",
        "staff-payroll",
        "parks-bookings",
    }


def test_the_same_register_as_csv(catalogue: Any, tmp_path: Path) -> None:
    add_people(catalogue)
    path = write_csv(tmp_path / "iar.csv", delimiter=";")
    report = import_register(catalogue.store, path, user="jo", key_column="Ref")
    assert report.header_row == 1
    assert sorted(r.row for r in report.rows if r.status == FAILED) == [4, 6]  # sheet rows 7 and 9
    assert {p.column for p in report.errors} == {"Protective marking", "Review date"}
    found = assets(catalogue)
    assert set(found) == set(GOOD_ROWS)
    assert found["IAR-002"].curated["review_due"] == "2025-06-30"
    assert found["IAR-001"].curated["personal_data"] == "personal"
    again = import_register(catalogue.store, path, user="jo", key_column="Ref")
    assert again.counts[UNCHANGED] == 4


def test_a_named_sheet_and_unusable_files(catalogue: Any, register: Path, tmp_path: Path) -> None:
    with pytest.raises(RegisterImportError, match="no column holds the title"):
        import_register(catalogue.store, register, user="jo", sheet="Notes")
    with pytest.raises(RegisterImportError, match="no sheet 'Missing'"):
        import_register(catalogue.store, register, user="jo", sheet="Missing")
    with pytest.raises(RegisterImportError, match="no column 'Reference'"):
        import_register(catalogue.store, register, user="jo", key_column="Reference")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(RegisterImportError, match="cannot be read"):
        import_register(catalogue.store, broken, user="jo")
    with pytest.raises(RegisterImportError, match=r"use \.xlsx or \.csv"):
        import_register(catalogue.store, tmp_path / "register.pdf", user="jo")


def test_duplicate_keys_in_one_file_fail_the_later_row(catalogue: Any, tmp_path: Path) -> None:
    add_people(catalogue)
    path = write_xlsx(tmp_path / "dup.xlsx", {(11, 0): "IAR-001"})
    report = import_register(catalogue.store, path, user="jo", key_column="Ref")
    assert [(p.row, p.column, p.message) for p in report.errors if p.row == 11] == [
        (11, "Ref", "the same key ('IAR-001') as row 5")
    ]
