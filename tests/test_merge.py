"""The layer rules on their own: validation, curation wins, clearing, defaults."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.classification import ClassificationScheme
from catalogue.merge import InvalidValue, clean_layer, diff_layer, effective_layer, merge_curated

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], "OFFICIAL-SENSITIVE")


def test_values_are_brought_to_one_canonical_form() -> None:
    layer = clean_layer(
        {
            "title": "  Parking   permits ",
            "classification": "official sensitive",
            "tags": ["Parking", "parking", " permits "],
            "modified_at_source": datetime(2024, 5, 1, 12, tzinfo=UTC),
            "created_at_source": "2024-05-01T13:00:00+01:00",
            "review_due": "2027-01-31",
            "personal_data": "Special category",
            "size_bytes": "2048",
            "owner": "",
        },
        SCHEME,
    )
    assert layer == {
        "title": "Parking permits",
        "classification": "OFFICIAL-SENSITIVE",
        "tags": ["Parking", "permits"],
        "modified_at_source": "2024-05-01T12:00:00+00:00",
        "created_at_source": "2024-05-01T12:00:00+00:00",
        "review_due": "2027-01-31",
        "personal_data": "special_category",
        "size_bytes": 2048,
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"classification": "RESTRICTED"}, "classification"),
        ({"review_due": "31/01/2027"}, "review_due"),
        ({"size_bytes": True}, "size_bytes"),
        ({"row_count": "many"}, "row_count"),
        ({"open_data_status": "maybe"}, "open_data_status"),
        ({"tags": [1, 2]}, "tags"),
        ({"title": ["a"]}, "title"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_values_name_the_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        clean_layer(values, SCHEME)
    assert refused.value.field == field


def test_defaults_fill_what_neither_layer_says() -> None:
    values = effective_layer({}, {}, SCHEME)
    assert values["classification"] == "OFFICIAL-SENSITIVE"
    assert values["lifecycle"] == "active"
    assert values["open_data_status"] == "not_assessed"


def test_clearing_a_curated_field_shows_the_source_again() -> None:
    curated = merge_curated({"owner": "Curator Pick"}, {"owner": None}, SCHEME)
    assert curated == {}
    assert effective_layer({"owner": "From Source"}, curated, SCHEME)["owner"] == "From Source"


def test_diff_lists_changed_fields_in_declaration_order() -> None:
    changes = diff_layer(
        "harvested", {"title": "a", "owner": "x"}, {"title": "b", "tags": ["t"], "owner": "x"}
    )
    assert [(c.field, c.old, c.new) for c in changes] == [("title", "a", "b"), ("tags", None, ["t"])]


field_values = st.fixed_dictionaries(
    {},
    optional={
        "owner": st.text(min_size=1, max_size=20).filter(str.strip),
        "classification": st.sampled_from(SCHEME.levels),
        "description": st.text(min_size=1, max_size=40).filter(str.strip),
    },
)


@given(harvested=field_values, curated=field_values)
def test_curation_always_wins(harvested: dict[str, str], curated: dict[str, str]) -> None:
    h, c = clean_layer(harvested, SCHEME), clean_layer(curated, SCHEME)
    effective = effective_layer(h, c, SCHEME)
    for name, value in c.items():
        assert effective[name] == value
    for name, value in h.items():
        if name not in c:
            assert effective[name] == value
