"""Importing a register: every row validated into field values, a per-row report, and the good rows written
as curated values (a person wrote them) of assets of a "register" source, keyed by a chosen column.

Each asset gets a minimal harvested layer when it is first imported (its title, kind register_entry); the
row's values go to the curated layer through `Store.curate`, so they win over anything else, keep history,
and a re-import of the same values changes nothing (no new version). A mapped cell left blank clears the
field's curated value: the register is the authority for the columns it has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from catalogue.access import Principal
from catalogue.fields import FIELDS_BY_NAME, FieldSpec, FieldType, Kind, PersonalData
from catalogue.merge import InvalidValue, coerce, diff_layer, merge_curated
from catalogue.models import Asset, Person, Source
from catalogue.register.mapping import ColumnMapping, MappingError, resolve_mapping, squash
from catalogue.register.reader import Row, UnreadableRegister, parse_date, read_register
from catalogue.store import StaleVersion, Store
from harvesters.base import Record

SOURCE_KIND = "register"
DEFAULT_SOURCE = "register"
BATCH = 200

IMPORTED, UPDATED, UNCHANGED, FAILED = "imported", "updated", "unchanged", "failed"
ERROR, WARNING = "error", "warning"

_YES = {"yes", "y", "true", "1", "personal", "personal data"}
_NO = {"no", "n", "false", "0", "none", "no personal data"}
_SPECIAL = {"special", "special category", "special_category", "sensitive", "special category data"}


class RegisterImportError(ValueError):
    """Nothing can be imported: the file, the mapping or the source cannot be used."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the header, or "" for the row as a whole
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RowResult:
    row: int
    status: str
    key: str | None = None
    asset_id: int | None = None
    fields: list[str] = field(default_factory=list)  # the curated fields the import changed


@dataclass
class ImportReport:
    source: str
    mapping: ColumnMapping
    key_column: str | None
    header_row: int
    dry_run: bool = False
    rows: list[RowResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (IMPORTED, UPDATED, UNCHANGED, FAILED)}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


@dataclass
class _Valid:
    row: int
    key: str
    values: dict[str, Any]  # field -> canonical value, None to clear


def import_register(
    store: Store,
    path: str | Path,
    *,
    user: str,
    source: str = DEFAULT_SOURCE,
    key_column: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    strict_owners: bool = False,
) -> ImportReport:
    """Import a register file into the named source (created if absent). Raises RegisterImportError when
    the file or the mapping cannot be used at all; row problems go into the report."""
    saved = _saved_settings(store, source)
    given = dict(mapping) if mapping is not None else saved.get("mapping")
    key_column = key_column or saved.get("key") or None
    expected = [*(given or {}), *([key_column] if key_column else [])]
    try:
        table = read_register(path, sheet, expected)
        columns = resolve_mapping(table.headers, given)
    except (UnreadableRegister, MappingError) as error:
        raise RegisterImportError(str(error)) from None
    if "title" not in columns.columns.values():
        raise RegisterImportError(
            f"no column holds the title (columns: {', '.join(table.headers)}); give a mapping"
        )
    if key_column is not None:
        found = [h for h in table.headers if squash(h) == squash(key_column)]
        if not found:
            names = ", ".join(table.headers)
            raise RegisterImportError(f"no column {key_column!r} for the key (columns: {names})")
        key_column = found[0]
    report = ImportReport(source, columns, key_column, table.header_row, dry_run)
    importer = _Importer(store, report, user, strict_owners)
    batch: list[Row] = []
    for row in table.rows:
        if row.blank:
            continue
        batch.append(row)
        if len(batch) >= BATCH:
            importer.run(batch)
            batch = []
    if batch:
        importer.run(batch)
    if not dry_run and importer.source is not None:
        saved_mapping: dict[str, str | None] = {**columns.columns, **dict.fromkeys(columns.unmapped)}
        _save_settings(store, importer.source.id, saved_mapping, key_column)
    return report


# ----- the source's saved mapping -------------------------------------------------------------------------


def _find_source(store: Store, name: str) -> Source | None:
    with store.sessions() as session:
        return session.scalar(select(Source).where(Source.name == name))


def _saved_settings(store: Store, name: str) -> dict[str, Any]:
    found = _find_source(store, name)
    if found is None:
        return {}
    if found.kind != SOURCE_KIND:
        raise RegisterImportError(f"source {name!r} is a {found.kind} source, not a register")
    saved = found.config or {}
    return {"mapping": saved.get("mapping") or None, "key": saved.get("key")}


def _save_settings(store: Store, source_id: int, columns: Mapping[str, str | None], key: str | None) -> None:
    """Keep the mapping (unimported columns as None, so they stay out next time) and the key column."""
    with store.sessions.begin() as session:
        source = session.get(Source, source_id)
        if source is not None:
            source.config = {**(source.config or {}), "mapping": dict(columns), "key": key}


# ----- one batch of rows --------------------------------------------------------------------------------


class _Importer:
    def __init__(self, store: Store, report: ImportReport, user: str, strict_owners: bool) -> None:
        self.store = store
        # Writes go through a store without the indexer; each batch's changes are indexed together.
        self.writer = Store(store.sessions, store.scheme, None)
        self.changed: list[int] = []
        self.report = report
        self.user = user
        self.strict_owners = strict_owners
        self.keys: dict[str, int] = {}  # key -> first row with it
        self.source: Source | None = None
        if not report.dry_run:
            self.source = store.ensure_source(report.source, SOURCE_KIND)
        self.source_id = self.source.id if self.source else _source_id(store, report.source)
        with store.sessions() as session:
            self.people = {n.casefold() for n in session.scalars(select(Person.name))}

    def run(self, rows: list[Row]) -> None:
        valid = [v for v in (self._validate(row) for row in rows) if v is not None]
        existing = self._existing([v.key for v in valid])
        new = [v for v in valid if v.key not in existing]
        new_keys = {v.key for v in new}
        if new and not self.report.dry_run:
            assert self.source is not None
            records = [
                Record(key=v.key, fields={"title": v.values["title"], "kind": Kind.REGISTER_ENTRY.value})
                for v in new
            ]
            counts = self.writer.apply_records(self.source, records)
            self.changed.extend(counts.changed_ids)
            existing.update(self._existing([v.key for v in new]))
        for item in valid:
            self._write(item, existing.get(item.key), created=item.key in new_keys)
        if self.changed and self.store.indexer is not None:
            self.store.indexer.try_refresh(self.changed)
        self.changed = []

    def _existing(self, keys: list[str]) -> dict[str, Asset]:
        if self.source_id is None or not keys:
            return {}
        with self.store.sessions() as session:
            assets = session.scalars(
                select(Asset).where(Asset.source_id == self.source_id, Asset.key.in_(keys))
            ).all()
            return {a.key: a for a in assets}

    def _write(self, item: _Valid, asset: Asset | None, created: bool) -> None:
        result = RowResult(item.row, UNCHANGED, item.key, asset.id if asset else None)
        self.report.rows.append(result)
        current = (asset.curated or {}) if asset is not None else {}
        merged = merge_curated(current, item.values, self.store.scheme)
        result.fields = [c.field for c in diff_layer("curated", current, merged)]
        if created or asset is None:
            result.status = IMPORTED
        elif result.fields:
            result.status = UPDATED
        if self.report.dry_run or asset is None or not result.fields:
            return
        changes = {name: item.values[name] for name in result.fields}
        groups = set(asset.access_groups) | set(item.values.get("access_groups") or [])
        # The import writes the whole register: the importing user acts with full clearance, in the
        # asset's groups, so an entry restricted or classified by an earlier import can still be updated.
        actor = Principal(self.user, self.store.scheme.highest, frozenset(groups), role="curator")
        try:
            self.writer.curate(asset.id, changes, actor, asset.version)
            self.changed.append(asset.id)
        except StaleVersion:
            result.status = FAILED
            self._problem(item.row, "", "the asset changed while it was being imported; import again")
        except InvalidValue as error:
            result.status = FAILED
            self._problem(item.row, "", str(error))

    # ----- validation -------------------------------------------------------------------------------------

    def _problem(self, row: int, column: str, message: str, severity: str = ERROR) -> None:
        self.report.problems.append(Problem(row, column, message, severity))

    def _validate(self, row: Row) -> _Valid | None:
        failed = False
        values: dict[str, Any] = {}
        headers: dict[str, str] = {}
        for header, name in self.report.mapping.columns.items():
            headers[name] = header
            try:
                values[name] = convert(FIELDS_BY_NAME[name], row.values.get(header), self.store.scheme)
            except InvalidValue as error:
                self._problem(row.number, header, error.message)
                failed = True
        if not failed and values.get("title") is None:
            self._problem(row.number, headers["title"], "the title is empty")
            failed = True
        owner = values.get("owner")
        if owner is not None and owner.casefold() not in self.people:
            message = f"unknown owner {owner!r} (not in the people directory)"
            self._problem(row.number, headers["owner"], message, ERROR if self.strict_owners else WARNING)
            failed = failed or self.strict_owners
        key = self._key(row, values.get("title"))
        if key is None:
            failed = True
        if failed:
            self.report.rows.append(RowResult(row.number, FAILED, key))
            return None
        assert key is not None
        return _Valid(row.number, key, values)

    def _key(self, row: Row, title: str | None) -> str | None:
        column = self.report.key_column
        if column is not None:
            key = _text(row.values.get(column))
            if not key:
                self._problem(row.number, column, "the key is empty")
                return None
        elif title:
            key = slug(title)
        else:
            return None
        if len(key) > 2000:
            self._problem(row.number, column or "", "the key is longer than 2000 characters")
            return None
        first = self.keys.setdefault(key, row.number)
        if first != row.number:
            self._problem(row.number, column or "", f"the same key ({key!r}) as row {first}")
            return None
        return key


def _source_id(store: Store, name: str) -> int | None:
    found = _find_source(store, name)
    return found.id if found else None


# ----- values -----------------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = " ".join(str(value).split()) if not isinstance(value, str) else value.strip()
    return text or None


def convert(spec: FieldSpec, value: Any, scheme: Any) -> Any:
    """A cell's value as the field's canonical value (None: blank). Raises InvalidValue."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = spec.value_type
    if kind in (FieldType.DATE, FieldType.DATETIME):
        moment = parse_date(value)
        if moment is None:
            raise InvalidValue(spec.name, f"{_text(value)!r} is not a date (use DD/MM/YYYY or YYYY-MM-DD)")
        if kind is FieldType.DATE:
            value = moment.date() if isinstance(moment, datetime) else moment
        else:
            if not isinstance(moment, datetime):
                moment = datetime(moment.year, moment.month, moment.day)
            value = moment
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
    elif kind is FieldType.INTEGER:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str):
            value = value.strip().replace(",", "")
    elif kind is FieldType.LIST:
        text = _text(value) or ""
        value = re.split(r"[,;\n]", text)
    elif spec.name == "personal_data":
        value = _personal_data(value)
    else:
        value = _text(value)
    return coerce(spec, value, scheme)


def _personal_data(value: Any) -> str:
    if isinstance(value, bool):
        return PersonalData.PERSONAL.value if value else PersonalData.NONE.value
    text = " ".join(str(value).lower().replace("_", " ").replace("-", " ").split())
    if text in _YES:
        return PersonalData.PERSONAL.value
    if text in _NO:
        return PersonalData.NONE.value
    if text in _SPECIAL:
        return PersonalData.SPECIAL_CATEGORY.value
    return str(value)  # refused by the field's own check, with its message


def slug(title: str) -> str:
    """A stable key from a title: "Council Tax: Accounts" -> "council-tax-accounts"."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "untitled"


def count_assets(store: Store, source: str) -> int:
    """How many assets the register source has (for reports and tests)."""
    with store.sessions() as session:
        found = session.scalar(select(Source.id).where(Source.name == source))
        if found is None:
            return 0
        return session.scalar(select(func.count()).select_from(Asset).where(Asset.source_id == found)) or 0


def problems_by_row(problems: Iterable[Problem]) -> dict[int, list[Problem]]:
    grouped: dict[int, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.row, []).append(problem)
    return grouped
