"""The settings part of a source's form, generated from its harvester's config schema (marshmallow).

Each schema field becomes one GOV.UK input: text, a number, a checkbox, a select (a field with a OneOf
validator), a textarea with one value a line (a list of text), a password input (a secret), or, for what
cannot be shown as one input (nested objects, mappings), a JSON textarea. The field's `description`
metadata is its hint. Secrets are never shown back: their input is always empty, and an empty one keeps
the stored secret. A secret may also be a reference (`env:NAME`, `file:PATH`), which is shown back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, missing, validate

from catalogue.harvest import secrets

PREFIX = "config."
TEXT, NUMBER, CHECKBOX, SELECT, LINES, PASSWORD, JSON = (
    "text",
    "number",
    "checkbox",
    "select",
    "lines",
    "password",
    "json",
)
YES = "yes"


@dataclass(frozen=True)
class ConfigField:
    key: str  # the key in the source's config
    label: str
    hint: str
    widget: str
    required: bool
    choices: tuple[str, ...] = ()
    whole: bool = True  # a number input: whole numbers only
    default: Any = None

    @property
    def name(self) -> str:
        return PREFIX + self.key

    @property
    def id(self) -> str:
        return "config-" + self.key.replace("_", "-")

    @property
    def secret(self) -> bool:
        return self.widget == PASSWORD


def _label(key: str, field: fields.Field[Any]) -> str:
    label = field.metadata.get("label")
    return str(label) if label else key.replace("_", " ").capitalize()


def _default(field: fields.Field[Any]) -> Any:
    default = field.load_default
    if default is missing:
        return None
    return default() if callable(default) else default


def _widget(field: fields.Field[Any]) -> tuple[str, tuple[str, ...]]:
    if field.load_only:
        return PASSWORD, ()
    if isinstance(field, fields.Boolean):
        return CHECKBOX, ()
    if isinstance(field, fields.Number):
        return NUMBER, ()
    if isinstance(field, fields.String):
        for validator in field.validators:
            if isinstance(validator, validate.OneOf):
                return SELECT, tuple(str(c) for c in validator.choices)
        return TEXT, ()
    if isinstance(field, fields.List) and isinstance(field.inner, fields.String):
        return LINES, ()
    return JSON, ()


def _hint(field: fields.Field[Any], widget: str, default: Any) -> str:
    parts = [str(field.metadata.get("description", "")).strip()]
    if widget == LINES:
        parts.append("One a line.")
    elif widget == JSON:
        parts.append("As JSON.")
    if widget in (TEXT, NUMBER, SELECT) and default not in (None, ""):
        parts.append(f"Empty for the default ({default}).")
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def config_fields(schema: type[Schema] | Schema) -> list[ConfigField]:
    """The form fields of a harvester's config schema, in the schema's order."""
    instance = schema() if isinstance(schema, type) else schema
    found = []
    for attribute, field in instance.fields.items():
        if field.dump_only:
            continue
        key = field.data_key or attribute
        widget, choices = _widget(field)
        default = _default(field)
        found.append(
            ConfigField(
                key=key,
                label=_label(key, field),
                hint=_hint(field, widget, default),
                widget=widget,
                required=field.required,
                choices=choices,
                whole=not isinstance(field, fields.Float | fields.Decimal),
                default=default,
            )
        )
    return found


# ----- values shown in the form --------------------------------------------------------------------------


def form_values(config_fields_: list[ConfigField], config: Mapping[str, Any] | None) -> dict[str, str]:
    """The form's inputs for a stored config (None: a new source). Secret inputs stay empty; a secret
    stored as a reference shows the reference."""
    values: dict[str, str] = {}
    for field in config_fields_:
        if config is None or field.key not in config:  # empty inputs take the default; a box shows it
            value = field.default if field.widget == CHECKBOX else None
        else:
            value = config[field.key]
        if field.secret:
            described = secrets.describe(value) if value is not None else ""
            values[field.name + ".reference"] = "" if described == secrets.MASK else described
            values[field.name + ".stored"] = YES if value is not None else ""
            continue
        values[field.name] = _shown(field, value)
    return values


def _shown(field: ConfigField, value: Any) -> str:
    if field.widget == CHECKBOX:
        return YES if value else ""
    if value is None:
        return ""
    if field.widget == LINES:
        return "\n".join(str(v) for v in value)
    if field.widget == JSON:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return str(value)


def settings_rows(
    config_fields_: list[ConfigField] | None, shown_config: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """A source's stored settings as its page lists them: (the form's label, the value in words), in the
    schema's order. `shown_config` has its secrets already masked (`SourceService.shown_config`). Keys
    the schema does not know (a harvester that is not installed) are listed by their key."""
    known = {field.key: field for field in config_fields_ or ()}
    ordered = [key for key in known if key in shown_config]
    ordered += [key for key in shown_config if key not in known]
    return [
        (known[key].label if key in known else key, _in_words(known.get(key), shown_config[key]))
        for key in ordered
    ]


def _in_words(field: ConfigField | None, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and field.secret:
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) if value else "None"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# ----- values read from the form -------------------------------------------------------------------------


def parse_config(
    config_fields_: list[ConfigField], form: Mapping[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    """The config as the source service takes it. A secret left empty is left out (the stored one is
    kept); problems go into `errors`, keyed `config.<key>` like the service's own."""
    config: dict[str, Any] = {}
    for field in config_fields_:
        try:
            if field.secret:
                present, value = _secret(field, form)
            else:
                present, value = _value(field, form.get(field.name, ""))
        except ValueError as error:
            errors[field.name] = str(error)
            continue
        if present:
            config[field.key] = value
    return config


def _value(field: ConfigField, raw: str) -> tuple[bool, Any]:
    if field.widget == CHECKBOX:
        return True, raw == YES
    text = raw.strip()
    if not text:
        return False, None
    if field.widget == NUMBER:
        try:
            return True, int(text) if field.whole else float(text)
        except ValueError:
            raise ValueError("Enter a whole number" if field.whole else "Enter a number") from None
    if field.widget == LINES:
        return True, [line.strip() for line in text.splitlines() if line.strip()]
    if field.widget == JSON:
        try:
            return True, json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"Enter valid JSON ({error.msg} on line {error.lineno})") from None
    return True, raw.strip() if field.widget == SELECT else raw


def _secret(field: ConfigField, form: Mapping[str, str]) -> tuple[bool, Any]:
    """A new secret (text or reference), None to remove the stored one, or nothing to keep it."""
    if form.get(field.name + ".remove") == YES:
        return True, None
    literal = form.get(field.name, "")
    reference = form.get(field.name + ".reference", "").strip()
    if literal and reference:
        raise ValueError("Enter the secret or where to read it from, not both")
    if literal:
        return True, literal
    if reference:
        kind, sep, target = reference.partition(":")
        if not sep or kind not in secrets.REFERENCES or not target.strip():
            raise ValueError("Enter where to read the secret from as env:NAME or file:PATH")
        return True, {kind: target.strip()}
    return False, None
