"""The asset edit form, generated from the field declarations (`catalogue.fields`): which widget each field
gets, the values it shows, and reading a submitted form back into a curated edit.

A submitted form is read in three steps: form text is shaped into the API's JSON form (tags split on
commas, the three date boxes joined), validated by the API's marshmallow schema (`AssetPatchSchema`),
then made canonical by the layer rules (`catalogue.merge.coerce`). Only fields whose value differs from
what the form first showed (the hidden `original`) become changes, so a field the person did not touch is
never written, and a stale form cannot undo somebody else's edit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from catalogue.api.schemas import AssetPatchSchema
from catalogue.classification import ClassificationScheme
from catalogue.fields import FIELDS_BY_NAME, LAYERED_FIELDS, FieldSpec, FieldType, Group, value_label
from catalogue.merge import InvalidValue, coerce, effective_layer
from catalogue.models import Asset

GROUP_TITLES = {Group.DESCRIBED: "Details", Group.GOVERNED: "Governance"}
NOT_FIELDS = frozenset({"csrf_token", "version", "original", "revert"})
DATE_PARTS = ("day", "month", "year")


@dataclass
class FormField:
    """One field as the edit page shows it: `widget` is input, textarea, select, date or tags."""

    spec: FieldSpec
    widget: str
    value: Any  # the text shown (a dict of day/month/year for dates)
    items: list[dict[str, Any]] = field(default_factory=list)  # a select's options
    curated: bool = False  # a curator's value overrides the source's
    source_says: str = ""  # the source's value, shown as a hint
    error: str = ""

    @property
    def name(self) -> str:
        return self.spec.name


def widget_for(spec: FieldSpec) -> str:
    if spec.value_type in (FieldType.CHOICE, FieldType.CLASSIFICATION):
        return "select"
    if spec.value_type is FieldType.DATE:
        return "date"
    if spec.value_type is FieldType.LIST:
        return "tags"
    if spec.value_type is FieldType.TEXT:
        return "textarea"
    return "input"


def current_values(asset: Asset, scheme: ClassificationScheme) -> dict[str, Any]:
    """The asset's effective values in their JSON form (what the form starts from)."""
    return effective_layer(asset.harvested or {}, asset.curated or {}, scheme)


def form_text(spec: FieldSpec, value: Any) -> Any:
    """A JSON value as the form shows it."""
    if spec.value_type is FieldType.DATE:
        if not value:
            return dict.fromkeys(DATE_PARTS, "")
        day = date.fromisoformat(str(value))
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    if spec.value_type is FieldType.LIST:
        return ", ".join(value or [])
    return "" if value is None else str(value)


def submitted_text(spec: FieldSpec, form: MultiDict[str, str]) -> Any:
    """What the person typed for a field, as `form_text` shapes it (to show it back)."""
    if spec.value_type is FieldType.DATE:
        return {part: form.get(f"{spec.name}-{part}", "").strip() for part in DATE_PARTS}
    return form.get(spec.name, "")


def _items(spec: FieldSpec, selected: str, scheme: ClassificationScheme) -> list[dict[str, Any]]:
    if spec.value_type is FieldType.CLASSIFICATION:
        choices = [(level, level) for level in scheme.levels]
    else:
        assert spec.choices is not None
        choices = [(c.value, value_label(c.value)) for c in spec.choices]
    items = [{"value": "", "text": "Not recorded", "selected": selected == ""}]
    items += [{"value": v, "text": t, "selected": v == selected} for v, t in choices]
    return items


def build_fields(
    asset: Asset,
    names: list[str],
    scheme: ClassificationScheme,
    shown: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[tuple[str, list[FormField]]]:
    """The form's fields, grouped as the asset page groups them. `shown`: text to show instead of the
    current value (the person's own input, kept after an error or a conflict)."""
    values = current_values(asset, scheme)
    curated, harvested = asset.curated or {}, asset.harvested or {}
    groups: dict[Group, list[FormField]] = {group: [] for group in GROUP_TITLES}
    for spec in LAYERED_FIELDS:
        if spec.name not in names:
            continue
        text = (shown or {}).get(spec.name, form_text(spec, values[spec.name]))
        widget = widget_for(spec)
        source = harvested.get(spec.name)
        form_field = FormField(
            spec,
            widget,
            text,
            items=_items(spec, str(text), scheme) if widget == "select" else [],
            curated=spec.name in curated,
            source_says=_said(spec, source) if spec.name in curated and source not in (None, []) else "",
            error=(errors or {}).get(spec.name, ""),
        )
        groups[spec.group].append(form_field)
    return [(GROUP_TITLES[group], found) for group, found in groups.items() if found]


def _said(spec: FieldSpec, value: Any) -> str:
    if spec.value_type is FieldType.LIST:
        return ", ".join(map(str, value))
    if spec.value_type in (FieldType.CHOICE,):
        return value_label(str(value))
    return str(value)


def original_json(asset: Asset, names: list[str], scheme: ClassificationScheme) -> str:
    """The hidden `original` field: the values the form showed, to tell what the person changed."""
    values = current_values(asset, scheme)
    return json.dumps({name: values[name] for name in names}, sort_keys=True, default=str)


@dataclass
class Submission:
    changes: dict[str, Any]  # field -> canonical JSON value (None: clear the curated value)
    shown: dict[str, Any]  # field -> the text the person submitted, to show back
    errors: dict[str, str]  # field -> message


def read_submission(form: MultiDict[str, str], scheme: ClassificationScheme) -> Submission:
    """The edit a submitted form asks for. Every asset field named in the form is read, including ones the
    page did not offer: the policy then refuses them by name rather than ignoring them."""
    original = _original(form.get("original", ""))
    reverts = set(form.getlist("revert"))
    names = _named_fields(form) | (reverts & set(FIELDS_BY_NAME))
    shaped: dict[str, Any] = {}
    errors: dict[str, str] = {}
    shown: dict[str, Any] = {}
    for name in names:
        spec = FIELDS_BY_NAME[name]
        shown[name] = submitted_text(spec, form)
        try:
            shaped[name] = _shape(spec, form)
        except InvalidValue as error:
            errors[name] = error.message
    loaded = _validated({k: v for k, v in shaped.items() if k not in errors}, errors)
    changes: dict[str, Any] = {}
    for name in sorted(names - set(errors)):
        spec = FIELDS_BY_NAME[name]
        if name in reverts:
            changes[name] = None
            continue
        try:
            value = coerce(spec, loaded.get(name), scheme)
        except InvalidValue as error:
            errors[name] = f"{spec.label}: {error.message}"
            continue
        if name not in original or _differs(value, original[name]):
            changes[name] = value
    return Submission(changes, shown, errors)


def _named_fields(form: MultiDict[str, str]) -> set[str]:
    names = set()
    for key in form:
        base = key.rsplit("-", 1)[0] if key.endswith(tuple(f"-{p}" for p in DATE_PARTS)) else key
        if base in FIELDS_BY_NAME and base not in NOT_FIELDS:
            names.add(base)
    return names


def _original(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _differs(new: Any, old: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [])
    if new in empty and old in empty:
        return False
    return bool(new != old)


def _shape(spec: FieldSpec, form: MultiDict[str, str]) -> Any:
    """Form text in the JSON form the API takes (None: empty)."""
    if spec.value_type is FieldType.DATE:
        parts = {p: form.get(f"{spec.name}-{p}", "").strip() for p in DATE_PARTS}
        if not any(parts.values()):
            return None
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"])).isoformat()
        except ValueError:
            raise InvalidValue(
                spec.name, f"{spec.label} must be a real date, for example 27 3 2026"
            ) from None
    text = form.get(spec.name, "").strip()
    if spec.value_type is FieldType.LIST:
        return [part.strip() for part in text.split(",") if part.strip()]
    if spec.value_type is FieldType.INTEGER and text:
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise InvalidValue(spec.name, f"{spec.label} must be a whole number") from None
    return text or None


def _validated(shaped: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """Check the shaped values with the API's schema; messages go to `errors` under each field."""
    try:
        return AssetPatchSchema().load(shaped)  # type: ignore[no-any-return]
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        for name, message in messages.items():
            label = FIELDS_BY_NAME[name].label if name in FIELDS_BY_NAME else name
            errors[str(name)] = f"{label}: {_text(message)}"
        valid = error.valid_data if isinstance(error.valid_data, dict) else {}
        return valid


def _text(message: Any) -> str:
    if isinstance(message, list):
        return " ".join(str(m) for m in message)
    if isinstance(message, dict):
        return "; ".join(_text(v) for v in message.values())
    return str(message)
