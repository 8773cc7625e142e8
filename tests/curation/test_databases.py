"""The curation services on each real database engine (SQLite and PostgreSQL): an edit with its audit
events, a stale edit, a bulk edit, "My assets" and the audit search."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalogue import roles
from catalogue.access import Principal
from catalogue.audit_log import AuditQuery, search_events
from catalogue.bulk_edit import BulkChange, Outcome, apply
from catalogue.curation import edit_asset
from catalogue.my_assets import my_assets
from catalogue.runtime import Catalogue
from catalogue.store import StaleVersion
from tests.conftest import make_settings

from .support import load

ANN = Principal("ann", "SECRET", role=roles.CURATOR, person="ann lee")  # names match in any case
ADMIN = Principal("ada", "SECRET", role=roles.ADMIN)


@pytest.fixture
def engine_catalogue(tmp_path: Path, database_url: str) -> Iterator[Catalogue]:
    catalogue = Catalogue.open(make_settings(tmp_path / "data", database_url=database_url), migrate=True)
    yield catalogue
    catalogue.close()


def test_curation_on_each_engine(engine_catalogue: Catalogue) -> None:
    cat = engine_catalogue
    ids = load(cat)
    store = cat.store
    edit_asset(store, ANN, ids["tenancies"], {"steward": "Dee", "classification": "SECRET"}, 1)
    with pytest.raises(StaleVersion) as stale:
        edit_asset(store, ANN, ids["tenancies"], {"lawful_basis": "Public task"}, 1)
    assert {c.field for c in stale.value.changes} == {"steward", "classification"}

    change = BulkChange.of({"retention_period": "6 years"}, ["housing"], [], store)
    result = apply(store, ANN, [ids["tenancies"], ids["rent"], ids["trees"]], change, channel="test")
    assert [i.outcome for i in result.plan.items] == [Outcome.CHANGED, Outcome.CHANGED, Outcome.REFUSED]

    mine = my_assets(store, ANN)
    assert {a.id for a in mine.items} == {ids["tenancies"], ids["rent"], ids["repairs"], ids["fraud"]}
    assert mine.counts["review_overdue"] == 1

    today = datetime.now(UTC).date()
    found = search_events(cat.sessions, AuditQuery(actor="AN", action="asset.", since=today, until=today))
    assert sorted(e.action for e in found.events) == [
        "asset.bulk_edit",
        "asset.classification",
        "asset.edit",
        "asset.edit",
        "asset.edit",
    ]
    [first] = search_events(cat.sessions, AuditQuery(action="asset.classification")).events
    assert (first.details["old"], first.details["new"]) == ("OFFICIAL-SENSITIVE", "SECRET")
    assert search_events(cat.sessions, AuditQuery(target_type="asset", target_id=str(ids["rent"]))).total == 1
