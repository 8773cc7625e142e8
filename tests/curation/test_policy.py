"""The curation policy (`catalogue.curation_policy`), role by role: which assets, which fields, and the
limits on values (lowering a classification, publishing open data)."""

from __future__ import annotations

from typing import Any

import pytest

from catalogue import roles
from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.curation_policy import (
    ALL_FIELDS,
    CURATOR_FIELDS,
    MEASURED_FIELDS,
    OPEN_DATA_FIELDS,
    EditRefused,
    check_edit,
    may_curate_at_all,
    may_edit,
    settable_fields,
)
from catalogue.merge import InvalidValue, apply_effective
from catalogue.models import Asset

SCHEME = ClassificationScheme.of(["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])


def asset(**harvested: Any) -> Asset:
    made = Asset(key="k", harvested=harvested, curated={}, version=1)
    apply_effective(made, SCHEME)
    return made


def who(
    role: str, person: str | None = None, departments: tuple[str, ...] = (), anonymous: bool = False
) -> Principal:
    return Principal(
        "someone",
        "SECRET",
        role=role,
        person=person,
        curated_departments=frozenset(departments),
        anonymous=anonymous,
    )


TENANCIES = asset(
    title="Tenancies",
    owner="Ann Lee",
    steward="Sam Steward",
    department="Housing",
    classification="OFFICIAL-SENSITIVE",
)

ANN = who(roles.CURATOR, "Ann Lee")
SAM = who(roles.CURATOR, "  sam   STEWARD ")  # names match ignoring case and spacing
HOUSING = who(roles.CURATOR, departments=("housing",))
STRANGER = who(roles.CURATOR, "Bob Kaur", ("Parks",))
OFFICER = who(roles.OPEN_DATA_OFFICER)
ADMIN = who(roles.ADMIN)
VIEWER = who(roles.VIEWER, "Ann Lee")  # named as owner, but a viewer edits nothing


@pytest.mark.parametrize(
    ("principal", "fields"),
    [
        (ANN, CURATOR_FIELDS),
        (SAM, CURATOR_FIELDS),
        (HOUSING, CURATOR_FIELDS),
        (STRANGER, frozenset()),
        (OFFICER, OPEN_DATA_FIELDS),
        (ADMIN, ALL_FIELDS),
        (VIEWER, frozenset()),
        (who(roles.ADMIN, anonymous=True), frozenset()),
        (who("no-such-role", "Ann Lee"), frozenset()),
    ],
    ids=["owner", "steward", "department", "stranger", "officer", "admin", "viewer", "anonymous", "unknown"],
)
def test_who_may_set_which_fields(principal: Principal, fields: frozenset[str]) -> None:
    assert settable_fields(principal, TENANCIES) == fields
    assert may_edit(principal, TENANCIES) is bool(fields)


def test_the_field_sets() -> None:
    assert MEASURED_FIELDS <= ALL_FIELDS
    assert not MEASURED_FIELDS & CURATOR_FIELDS
    assert OPEN_DATA_FIELDS <= CURATOR_FIELDS
    assert {
        "owner",
        "steward",
        "department",
        "classification",
        "handling_markings",
        "personal_data",
        "lawful_basis",
        "retention_period",
        "retention_basis",
        "disposal_action",
        "review_due",
        "description",
        "tags",
        "open_data_status",
        "licence",
        "lifecycle",
    } <= CURATOR_FIELDS


def test_who_edits_anything_at_all() -> None:
    assert [may_curate_at_all(p) for p in (ANN, OFFICER, ADMIN, VIEWER)] == [True, True, True, False]


def test_a_field_the_role_may_not_set_is_refused_by_name() -> None:
    with pytest.raises(EditRefused) as refused:
        check_edit(ANN, TENANCIES, {"owner": "X", "size_bytes": 5, "content_hash": "ab"}, SCHEME)
    assert refused.value.fields == ("content_hash", "size_bytes")
    with pytest.raises(EditRefused) as refused:
        check_edit(OFFICER, TENANCIES, {"licence": "OGL-UK-3.0", "owner": "Mallory"}, SCHEME)
    assert refused.value.fields == ("owner",)
    with pytest.raises(EditRefused) as refused:
        check_edit(STRANGER, TENANCIES, {"description": "mine now"}, SCHEME)
    assert refused.value.fields == ()
    check_edit(ADMIN, TENANCIES, {"size_bytes": 5}, SCHEME)  # admins correct measured facts


def test_curators_raise_a_classification_but_only_admins_lower_it() -> None:
    check_edit(ANN, TENANCIES, {"classification": "SECRET"}, SCHEME)
    check_edit(ANN, TENANCIES, {"classification": "official-sensitive"}, SCHEME)  # the same level
    with pytest.raises(EditRefused, match="Only an admin may lower") as refused:
        check_edit(ANN, TENANCIES, {"classification": "OFFICIAL"}, SCHEME)
    assert refused.value.fields == ("classification",)
    check_edit(ADMIN, TENANCIES, {"classification": "OFFICIAL"}, SCHEME)


def test_clearing_a_curated_classification_that_lowers_it_counts_as_lowering() -> None:
    raised = asset(owner="Ann Lee", classification="OFFICIAL")
    raised.curated = {"classification": "SECRET"}
    apply_effective(raised, SCHEME)
    with pytest.raises(EditRefused):
        check_edit(ANN, raised, {"classification": None}, SCHEME)


def test_only_open_data_officers_and_admins_publish() -> None:
    check_edit(ANN, TENANCIES, {"open_data_status": "candidate", "licence": "OGL-UK-3.0"}, SCHEME)
    with pytest.raises(EditRefused, match="publish") as refused:
        check_edit(ANN, TENANCIES, {"open_data_status": "published"}, SCHEME)
    assert refused.value.fields == ("open_data_status",)
    check_edit(OFFICER, TENANCIES, {"open_data_status": "published"}, SCHEME)
    check_edit(ADMIN, TENANCIES, {"open_data_status": "published"}, SCHEME)


def test_a_bad_value_is_invalid_not_refused() -> None:
    with pytest.raises(InvalidValue):
        check_edit(ANN, TENANCIES, {"classification": "TOP SECRET"}, SCHEME)


def test_a_curator_who_gives_an_asset_away_no_longer_curates_it() -> None:
    given = asset(owner="Bob Kaur", department="Parks")
    assert not may_edit(ANN, given)
    assert may_edit(who(roles.CURATOR, "bob kaur"), given)
