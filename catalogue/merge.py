"""The layer rules: how harvested and curated values become an asset's effective values.

Curation wins: a harvest writes only the harvested layer, and a field a curator has set keeps its curated
value until a curator clears it. These functions are pure (no session, no I/O) so the rules are tested
on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from catalogue.classification import ClassificationScheme, UnknownClassification
from catalogue.fields import FIELD_DEFAULTS, FIELDS_BY_NAME, LAYERED_FIELDS, FieldSpec, FieldType
from catalogue.models import Asset, AssetAccessGroup, AssetTag

_DEFAULT_LAYER = {spec.name: FIELD_DEFAULTS.get(spec.name) for spec in LAYERED_FIELDS}


class InvalidValue(ValueError):
    """A value a field cannot take; the message names the field and says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FieldChange:
    field: str
    layer: str  # "harvested" or "curated"
    old: Any
    new: Any


def coerce(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> Any:
    """Validate a value and return its canonical JSON form; None means "no value"."""
    if value is None:
        return None
    try:
        return _COERCERS[spec.value_type](spec, value, scheme)
    except InvalidValue:
        raise
    except (TypeError, ValueError, UnknownClassification) as error:
        raise InvalidValue(spec.name, str(error)) from None


def _string(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> str | None:
    if type(value) is not str:  # the common case first: a harvest validates every value
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise InvalidValue(spec.name, "must be text")
        value = str(value)
    if spec.value_type is _STRING:
        return " ".join(value.split()) or None
    return value.strip() or None


def _integer(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidValue(spec.name, "must be a whole number")
    try:
        number = int(value)
    except ValueError:
        raise InvalidValue(spec.name, "must be a whole number") from None
    if number < 0:
        raise InvalidValue(spec.name, "cannot be negative")
    return number


def _datetime(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        raise InvalidValue(spec.name, "must be a date and time (ISO 8601)")
    moment: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)  # naive times are read as UTC
    return moment.astimezone(UTC).isoformat()


def _date(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> str:
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(spec.name, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(value, date):
        raise InvalidValue(spec.name, "must be a date (YYYY-MM-DD)")
    return value.isoformat()


def _list(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> list[str] | None:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple | set | frozenset):
        raise InvalidValue(spec.name, "must be a list of text")
    seen: dict[str, str] = {}
    for item in value:
        if not isinstance(item, str):
            raise InvalidValue(spec.name, "must be a list of text")
        text = " ".join(item.split())
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return sorted(seen.values(), key=str.casefold) or None


@cache
def _choices(choices: type[StrEnum]) -> tuple[str, ...]:
    return tuple(choice.value for choice in choices)  # once per field: a harvest cleans every item


def _choice(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> str:
    assert spec.choices is not None
    allowed = _choices(spec.choices)
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if text not in allowed:
        raise InvalidValue(spec.name, f"{value!r} is not one of {', '.join(allowed)}")
    return text


def _classification(spec: FieldSpec, value: Any, scheme: ClassificationScheme) -> str | None:
    if not isinstance(value, str):
        raise InvalidValue(spec.name, "must be text")
    return scheme.normalise(value)


_STRING = FieldType.STRING  # an enum member looked up once, not per value

_COERCERS = {
    FieldType.STRING: _string,
    FieldType.TEXT: _string,
    FieldType.INTEGER: _integer,
    FieldType.DATETIME: _datetime,
    FieldType.DATE: _date,
    FieldType.LIST: _list,
    FieldType.CHOICE: _choice,
    FieldType.CLASSIFICATION: _classification,
}


_CLEANERS = {spec.name: (spec, _COERCERS[spec.value_type]) for spec in FIELDS_BY_NAME.values()}


def clean_layer(values: Mapping[str, Any], scheme: ClassificationScheme) -> dict[str, Any]:
    """Validate a mapping of field values (unknown fields refused); drop the ones without a value.
    (`coerce` for each value, inlined: a harvest cleans every item it reads.)"""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        cleaner = _CLEANERS.get(name)
        if cleaner is None:
            raise InvalidValue(name, "is not a field of the asset record")
        if value is None:
            continue
        spec, coercer = cleaner
        try:
            canonical = coercer(spec, value, scheme)
        except InvalidValue:
            raise
        except (TypeError, ValueError, UnknownClassification) as error:
            raise InvalidValue(spec.name, str(error)) from None
        if canonical is not None:
            cleaned[name] = canonical
    return cleaned


def effective_layer(
    harvested: Mapping[str, Any], curated: Mapping[str, Any], scheme: ClassificationScheme
) -> dict[str, Any]:
    """Curated if set, else harvested, else the default: the JSON form of every field."""
    values = dict(_DEFAULT_LAYER)  # every field in declaration order, each with its default
    for name, value in harvested.items():
        if value is not None and name in values:
            values[name] = value
    for name, value in curated.items():
        if name in values:
            values[name] = value
    if values["classification"] not in scheme.levels:
        values["classification"] = scheme.default
    return values


@dataclass(frozen=True)
class EffectiveValues:
    """What the asset's derived columns and its tag and group rows hold, computed from its two layers."""

    columns: dict[str, Any]  # column name -> value, ready for the database
    tags: list[str]
    access_groups: list[str]


_COLUMN_FIELDS = [spec for spec in LAYERED_FIELDS if spec.name not in ("tags", "access_groups")]
_COLUMN_NAMES = [spec.name for spec in _COLUMN_FIELDS]
_LIST_COLUMNS = [spec.name for spec in _COLUMN_FIELDS if spec.value_type is FieldType.LIST]
_PARSED_COLUMNS = [  # stored as JSON text in the layers, as dates and times in their columns
    (spec.name, datetime.fromisoformat if spec.value_type is FieldType.DATETIME else date.fromisoformat)
    for spec in _COLUMN_FIELDS
    if spec.value_type in (FieldType.DATETIME, FieldType.DATE)
]


def effective_values(
    harvested: Mapping[str, Any], curated: Mapping[str, Any], key: str, scheme: ClassificationScheme
) -> EffectiveValues:
    values = effective_layer(harvested, curated, scheme)
    columns = {name: values[name] for name in _COLUMN_NAMES}
    for name in _LIST_COLUMNS:
        if columns[name] is None:
            columns[name] = []
    for name, parse in _PARSED_COLUMNS:
        if columns[name] is not None:
            columns[name] = parse(columns[name])
    columns["title"] = columns["title"] or key.rsplit("/", 1)[-1] or key
    columns["description"] = columns["description"] or ""
    columns["classification_rank"] = scheme.effective_rank(columns["classification"])
    groups = list(dict.fromkeys(values["access_groups"] or []))
    columns["restricted"] = bool(groups)
    return EffectiveValues(columns, list(dict.fromkeys(values["tags"] or [])), groups)


def apply_effective(asset: Asset, scheme: ClassificationScheme) -> None:
    """Write the effective values into the asset's columns and its tag and group rows."""
    effective = effective_values(asset.harvested or {}, asset.curated or {}, asset.key, scheme)
    for name, value in effective.columns.items():
        setattr(asset, name, value)
    if sorted(effective.tags) != asset.tags:
        asset.tag_rows = [AssetTag(tag=t) for t in effective.tags]
    if sorted(effective.access_groups) != asset.access_groups:
        asset.group_rows = [AssetAccessGroup(group=g) for g in effective.access_groups]


def diff_layer(layer: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The field changes between two versions of one layer, in declaration order."""
    return [
        FieldChange(spec.name, layer, old.get(spec.name), new.get(spec.name))
        for spec in LAYERED_FIELDS
        if old.get(spec.name) != new.get(spec.name)
    ]


def merge_curated(
    current: Mapping[str, Any], changes: Mapping[str, Any], scheme: ClassificationScheme
) -> dict[str, Any]:
    """Apply a curator's edit: a value sets the field, None clears it (the source's value shows again)."""
    merged = dict(current)
    for name, value in changes.items():
        spec = FIELDS_BY_NAME.get(name)
        if spec is None:
            raise InvalidValue(name, "is not a field of the asset record")
        canonical = coerce(spec, value, scheme)
        if canonical is None:
            merged.pop(name, None)
        else:
            merged[name] = canonical
    return merged
