"""Guessing which column holds which field from a register's header names."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from catalogue.fields import LAYERED_FIELDS
from catalogue.register.mapping import MappingError, guess_field, guess_mapping, resolve_mapping
from catalogue.register.reader import parse_date


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Asset name", "title"),
        ("Information Asset", "title"),
        ("IAO", "owner"),
        ("Information Asset Owner", "owner"),
        ("Owner", "owner"),
        ("Protective marking", "classification"),
        ("Security Classification", "classification"),
        ("Retention", "retention_period"),
        ("Retention period", "retention_period"),
        ("Contains personal data?", "personal_data"),
        ("Department", "department"),
        ("Service", "department"),
        ("Directorate", "department"),
        ("Description", "description"),
        ("Purpose", "description"),
        ("Format", "format"),
        ("Location", "location"),
        ("Where held", "location"),
        ("Review date", "review_due"),
        ("Lawful basis", "lawful_basis"),
        ("Disposal", "disposal_action"),
        ("Tags", "tags"),
        ("Keywords", "tags"),
        ("  where_held ", "location"),
    ],
)
def test_common_register_headers_are_recognised(header: str, field: str) -> None:
    assert guess_field(header) == field


def test_every_field_label_and_name_maps_back_to_its_field() -> None:
    for spec in LAYERED_FIELDS:
        assert guess_field(spec.label) == spec.name
        assert guess_field(spec.name) == spec.name


def test_a_guess_maps_each_field_once_and_leaves_the_rest_unmapped() -> None:
    headers = ["Ref", "Asset name", "IAO", "Owner", "Comments", "Retention"]
    assert guess_mapping(headers) == {"Asset name": "title", "IAO": "owner", "Retention": "retention_period"}
    resolved = resolve_mapping(headers)
    assert resolved.unmapped == ["Ref", "Owner", "Comments"]


def test_a_given_mapping_wins_over_the_guess_and_can_leave_columns_out() -> None:
    headers = ["System", "Owner", "Notes", "Team"]
    resolved = resolve_mapping(headers, {"notes": "description", "OWNER": None, "Team": "steward"})
    assert resolved.columns == {"System": "title", "Notes": "description", "Team": "steward"}
    assert resolved.unmapped == ["Owner"]


def test_a_mapping_naming_no_field_or_one_field_twice_is_refused() -> None:
    with pytest.raises(MappingError, match="not a field"):
        resolve_mapping(["A"], {"A": "colour"})
    with pytest.raises(MappingError, match="two columns"):
        resolve_mapping(["A", "B"], {"A": "title", "B": "title"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/01/2025", date(2025, 1, 31)),
        ("1/4/25", date(2025, 4, 1)),
        ("31-01-2025", date(2025, 1, 31)),
        ("2025-01-31", date(2025, 1, 31)),
        ("31/01/2025 09:30", datetime(2025, 1, 31, 9, 30)),
        (datetime(2025, 1, 31, 0, 0), datetime(2025, 1, 31, 0, 0)),
        ("31/02/2025", None),
        ("next spring", None),
        ("01/13/2025", None),
    ],
)
def test_dates_in_iso_or_uk_order(text: object, expected: object) -> None:
    assert parse_date(text) == expected
