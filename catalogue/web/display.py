"""How values look on the HTML pages: sizes, dates, locations, and an asset's fields grouped for display.

Template filters are registered by `catalogue.web.pages`; the formatting itself lives here so it is tested
without a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from catalogue.fields import FIELDS_BY_NAME, LAYERED_FIELDS, FieldSpec, FieldType, Group, value_label
from catalogue.models import Asset

try:
    DISPLAY_ZONE: Any = ZoneInfo("Europe/London")  # the council's own clock
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    DISPLAY_ZONE = None

GROUP_TITLES = {Group.DESCRIBED: "Details", Group.GOVERNED: "Governance"}
DISPLAY_LABELS = {"size_bytes": "Size"}  # the page shows a readable size, not bytes
_UNITS = ("bytes", "KB", "MB", "GB", "TB", "PB")


def human_size(value: int | None) -> str:
    """1536 -> "1.5 KB", as file managers show sizes (powers of 1024)."""
    if value is None:
        return ""
    size, unit = float(value), 0
    while size >= 1024 and unit < len(_UNITS) - 1:
        size, unit = size / 1024, unit + 1
    if unit == 0:
        return "1 byte" if value == 1 else f"{value:,} bytes"
    return f"{size:.1f} {_UNITS[unit]}" if size < 10 else f"{size:,.0f} {_UNITS[unit]}"


def kind_plural(kind: str) -> str:
    """A kind's plural label: table -> Tables, library -> Libraries, register_entry -> Register entries."""
    label = value_label(kind)
    if label.endswith("y") and label[-2:-1] not in ("a", "e", "o", "u"):
        return label[:-1] + "ies"
    return label + "s"


def format_number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style: "3 March 2024"."""
    if not isinstance(value, date):
        return "" if value is None else str(value)
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """GOV.UK style: "3 March 2024 at 2:05pm" (UK time)."""
    if not isinstance(value, datetime):
        return "" if value is None else str(value)
    moment = _local(value)
    hour = moment.hour % 12 or 12
    return f"{format_date(moment)} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def _local(moment: datetime) -> datetime:
    if DISPLAY_ZONE is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(DISPLAY_ZONE)


@dataclass(frozen=True)
class Location:
    text: str
    href: str | None  # only for plain http(s) web addresses


def location(value: str | None) -> Location | None:
    """A web address becomes a link; anything else (UNC paths, file: and database URLs) is text to copy.
    A password in a URL is never shown."""
    if not value:
        return None
    text = mask_password(value)
    try:
        parts = urlsplit(value)
    except ValueError:  # not a URL after all
        return Location(text, None)
    linkable = parts.scheme in ("http", "https") and bool(parts.netloc) and "@" not in parts.netloc
    return Location(text, value if linkable else None)


def mask_password(value: str) -> str:
    """`postgresql://user:secret@host/db` -> `postgresql://user:***@host/db`."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if not parts.password:
        return value
    netloc = f"{parts.username or ''}:***@{parts.hostname or ''}"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


HISTORY_FIELDS = {"columns": "Schema", "*": "Whole record"}
LAYER_NAMES = {"harvested": "Source", "curated": "Curator", "created": "Added"}


def field_label(name: str) -> str:
    spec = FIELDS_BY_NAME.get(name)
    return DISPLAY_LABELS.get(name, spec.label) if spec else HISTORY_FIELDS.get(name, name)


def layer_name(layer: str) -> str:
    return LAYER_NAMES.get(layer, layer)


def history_value(value: Any) -> str:
    """A changed value as the history table shows it."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


# ----- the asset's fields -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    spec: FieldSpec
    value: Any  # the effective value, as the model holds it
    source_says: Any = None  # the harvested value a curated value overrides, when they differ

    @property
    def label(self) -> str:
        return DISPLAY_LABELS.get(self.spec.name, self.spec.label)


def field_groups(asset: Asset) -> list[tuple[str, list[FieldRow]]]:
    """Every layered field with its effective value, grouped as the page shows them."""
    groups: dict[Group, list[FieldRow]] = {group: [] for group in GROUP_TITLES}
    for spec in LAYERED_FIELDS:
        groups[spec.group].append(FieldRow(spec, getattr(asset, spec.name), _source_says(asset, spec)))
    return [(GROUP_TITLES[group], rows) for group, rows in groups.items()]


def _source_says(asset: Asset, spec: FieldSpec) -> Any:
    curated, harvested = asset.curated or {}, asset.harvested or {}
    if spec.name not in curated or harvested.get(spec.name) in (None, "", []):
        return None
    said, set_by_curator = harvested[spec.name], curated[spec.name]
    if spec.value_type is FieldType.LIST:
        if sorted(map(str, said)) == sorted(map(str, set_by_curator or [])):
            return None
        return sorted(map(str, said))
    if said == set_by_curator:
        return None
    return from_json(spec, said)


def from_json(spec: FieldSpec, value: Any) -> Any:
    """A layer's JSON value in the form the model's effective column holds it."""
    try:
        if spec.value_type is FieldType.DATETIME and isinstance(value, str):
            return datetime.fromisoformat(value)
        if spec.value_type is FieldType.DATE and isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        return value
    return value
