"""The demo catalogue's sources: harvest records for a made-up city council, built from the vocabulary.

`build_demo_sources(seed)` is pure and deterministic: the same seed gives the same records, and no global
random state is touched. Each source also carries the values a curator would have set by hand.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from catalogue.demo import vocabulary as v
from harvesters.base import Column, Record

NOW = datetime(2026, 1, 30, 17, 0, tzinfo=UTC)
EPOCH = datetime(2015, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoSource:
    """One source of the demo catalogue, its harvest records and its curators' overrides."""

    name: str
    kind: str  # "database" | "filesystem" | "sharepoint" | "register"
    title: str
    records: list[Record]
    curated: dict[str, dict[str, object]]


def build_demo_sources(seed: int = 2026) -> list[DemoSource]:
    """Build every demo source, deterministically for `seed`."""
    rng = random.Random(seed)
    sources: list[DemoSource] = []
    share_entries: dict[str, list[_Entry]] = {}
    for system in v.SYSTEMS:
        sources.append(_finish(_build_database(system, rng), rng))
    for share in v.SHARES:
        builder = _build_share(share, rng, seed)
        share_entries[share.source] = builder.entries
        sources.append(_finish(builder, rng))
    for site in v.SITES_SPECS:
        sources.append(_finish(_build_site(site, rng, seed, share_entries), rng))
    sources.append(_finish(_build_register(rng), rng))
    return sources


# ------------------------------------------------------------------------------------------------------------
# Building blocks
# ------------------------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    key: str
    fields: dict[str, Any]
    theme: v.Theme
    parent_key: str | None = None
    columns: tuple[Column, ...] = ()
    cruft: bool = False


@dataclass
class _Builder:
    name: str
    kind: str
    title: str
    entries: list[_Entry] = field(default_factory=list)
    by_key: dict[str, _Entry] = field(default_factory=dict)

    def add(self, entry: _Entry) -> _Entry:
        if entry.key in self.by_key:
            raise ValueError(f"duplicate key {entry.key!r} in {self.name}")
        if entry.parent_key is not None and entry.parent_key not in self.by_key:
            raise ValueError(f"parent {entry.parent_key!r} of {entry.key!r} not yet added in {self.name}")
        entry.fields = {k: val for k, val in entry.fields.items() if val is not None}
        _drop_open_data_tag(entry.fields)
        self.entries.append(entry)
        self.by_key[entry.key] = entry
        return entry


def _drop_open_data_tag(fields: dict[str, Any]) -> None:
    """Only assets offered as open data keep the "open data" tag."""
    tags = fields.get("tags") or []
    if "open data" not in tags or fields.get("open_data_status") in ("candidate", "approved", "published"):
        return
    remaining = [t for t in tags if t != "open data"]
    if remaining:
        fields["tags"] = remaining
    else:
        del fields["tags"]


def _finish(builder: _Builder, rng: random.Random) -> DemoSource:
    records = [Record(e.key, e.fields, e.parent_key, e.columns) for e in builder.entries]
    curated = _curate(builder.entries, rng)
    return DemoSource(builder.name, builder.kind, builder.title, records, curated)


def _theme(key: str) -> v.Theme:
    return v.THEMES_BY_KEY[key]


def _zipf_pick(rng: random.Random, items: Sequence[Any], exponent: float = 1.3) -> Any:
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    seconds = int((end - start).total_seconds())
    return start + timedelta(seconds=rng.randrange(seconds))


def _working_hours(rng: random.Random, moment: datetime) -> datetime:
    moment = moment.replace(hour=rng.randint(8, 17), minute=rng.randrange(60), second=rng.randrange(60))
    return min(moment, NOW)


def _sha256(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()


def _lognormal_int(rng: random.Random, median: float, spread: float, low: int = 1) -> int:
    return max(low, int(median * spread ** rng.gauss(0, 0.8)))


def _system_for_theme() -> dict[str, str]:
    products: dict[str, str] = {}
    for system in v.SYSTEMS:
        for tables in system.schemas.values():
            for table in tables:
                products.setdefault(table.theme, system.product)
    return products


PRODUCT_BY_THEME = _system_for_theme()

# ------------------------------------------------------------------------------------------------------------
# Governed fields
# ------------------------------------------------------------------------------------------------------------

_GENERIC_WORDS = re.compile(
    r"\b(policy|procedure|template|guidance|strategy|handbook|manual|checklist|form|timetable|prospectus|"
    r"toolkit|rota|calendar|local offer|knowledge base|charges|prices|rules|standards?|plan)\b",
    re.IGNORECASE,
)
_PERSONAL_COLUMNS = frozenset(
    {
        "forename", "surname", "date_of_birth", "email_address", "phone_number", "ni_number", "nhs_number",
        "keeper_name", "applicant_name", "reporter_name", "claimant_name", "enquirer_name", "licence_holder",
        "account_holder", "contact_name", "constituent", "proxy_name", "fbo_name", "tenant", "resident",
        "applicant", "requester", "employee", "reporter_email", "enquirer_email", "upn", "card_number",
    }
)  # fmt: skip


def _is_generic(title: str) -> bool:
    """Policies, templates and plans carry no case-level information."""
    return bool(_GENERIC_WORDS.search(title))


def _classification(rng: random.Random, theme: v.Theme, generic: bool, container: bool) -> str:
    levels = v.CLASSIFICATIONS
    rank = levels.index(theme.classification)
    if generic:
        rank = 0
    elif container:
        rank = min(rank, 1)
    elif rank == 1 and rng.random() < 0.3:
        rank = 0  # summary and statistical material in sensitive areas
    elif rank == 2 and rng.random() < 0.35:
        rank = 1  # registers and trackers without case detail
    elif rank == 0 and theme.personal_data != "none" and rng.random() < 0.06:
        rank = 1  # marked up by a cautious owner
    return levels[rank]


def _personal_data(theme: v.Theme, generic: bool, columns: Sequence[Column]) -> str:
    if generic:
        return "none"
    if columns:
        names = {c.name.lower() for c in columns}
        if not names & _PERSONAL_COLUMNS:
            return "none"
        return theme.personal_data if theme.personal_data != "none" else "personal"
    return theme.personal_data


def _governed(
    rng: random.Random,
    theme: v.Theme,
    title: str,
    *,
    kind: str,
    columns: Sequence[Column] = (),
    container: bool = False,
    cruft: bool = False,
) -> dict[str, Any]:
    """The governed fields a source (or an earlier register) says about an asset."""
    department = theme.department
    generic = _is_generic(title) and kind not in ("table", "view", "list")
    fields: dict[str, Any] = {"department": department if rng.random() < 0.97 else None}
    if not cruft and rng.random() < 0.9:
        fields["owner"] = _zipf_pick(rng, v.OWNERS[department]).label
    if not cruft and rng.random() < 0.55:
        fields["steward"] = _zipf_pick(rng, v.STEWARDS[department], 1.0).label
    level = _classification(rng, theme, generic, container)
    if rng.random() < 0.96:
        fields["classification"] = level
    if level == "SECRET" and theme.access_groups:
        fields["access_groups"] = list(theme.access_groups)
    elif level == "OFFICIAL-SENSITIVE" and rng.random() < 0.3:
        fields["handling_markings"] = _markings(theme)
    personal = _personal_data(theme, generic, columns)
    if rng.random() < 0.9:
        fields["personal_data"] = personal
        if personal != "none" and theme.lawful_basis and rng.random() < 0.85:
            fields["lawful_basis"] = theme.lawful_basis
    fields.update(_retention(rng, theme, cruft))
    fields.update(_open_data(rng, theme, kind, personal, generic))
    if rng.random() < 0.5:
        fields["review_due"] = _review_due(rng)
    return fields


def _markings(theme: v.Theme) -> list[str]:
    if theme.not_publishable == "commercial":
        return ["COMMERCIAL"]
    if theme.personal_data != "none":
        return ["PERSONAL"]
    return ["LOCSEN"]


def _retention(rng: random.Random, theme: v.Theme, cruft: bool) -> dict[str, Any]:
    if cruft or not theme.retention_period or rng.random() < 0.3:
        return {}
    fields: dict[str, Any] = {"retention_period": theme.retention_period}
    if rng.random() < 0.85:
        fields["retention_basis"] = theme.retention_basis
    if rng.random() < 0.8:
        fields["disposal_action"] = theme.disposal_action
    return fields


def _open_data(rng: random.Random, theme: v.Theme, kind: str, personal: str, generic: bool) -> dict[str, Any]:
    status = theme.open_data
    dataset = kind in ("table", "view", "spreadsheet", "list")
    if status == "not_publishable":
        if personal != "none" and rng.random() < 0.35:
            reason = v.NOT_PUBLISHABLE_REASONS[theme.not_publishable]
            return {"open_data_status": status, "open_data_reason": reason}
        return {"open_data_status": "not_assessed"} if rng.random() < 0.1 else {}
    offered = status in ("candidate", "approved", "published") and (dataset or generic)
    if offered and rng.random() < (0.45 if dataset else 0.15):
        fields: dict[str, Any] = {"open_data_status": status}
        if status != "candidate" or rng.random() < 0.5:
            fields["licence"] = v.OGL
        return fields
    return {"open_data_status": "not_assessed"} if rng.random() < 0.1 else {}


def _review_due(rng: random.Random) -> str:
    return (date(2024, 3, 1) + timedelta(days=rng.randrange(1400))).isoformat()


def _tags(rng: random.Random, theme: v.Theme, extra: Sequence[str] = ()) -> list[str] | None:
    if rng.random() < 0.12:
        return None
    count = rng.randint(3, min(5, len(theme.tags)))
    tags = list(dict.fromkeys([*theme.tags[:2], *rng.sample(theme.tags, count)]))[:count]
    for tag in extra:
        if tag not in tags and len(tags) < 6:
            tags.append(tag)
    return tags


def _extra_tags(personal: str | None, columns: Sequence[Column]) -> list[str]:
    extra = []
    if personal and personal != "none":
        extra.append("personal data")
    if any(c.name.lower() in ("easting", "shape", "x_coordinate") for c in columns):
        extra.append("gis")
    return extra


# ------------------------------------------------------------------------------------------------------------
# Databases
# ------------------------------------------------------------------------------------------------------------

_TYPE_MAP: dict[str, dict[str, str]] = {
    "oracle": {
        "varchar": "VARCHAR2", "char": "CHAR", "integer": "NUMBER(10)", "bigint": "NUMBER(19)",
        "text": "CLOB", "date": "DATE", "timestamp": "TIMESTAMP(6)", "boolean": "CHAR(1)",
        "numeric": "NUMBER", "geometry": "SDO_GEOMETRY",
    },
    "mssql": {
        "varchar": "nvarchar", "char": "nchar", "integer": "int", "bigint": "bigint",
        "text": "nvarchar(max)", "date": "date", "timestamp": "datetime2", "boolean": "bit",
        "numeric": "decimal", "geometry": "geometry",
    },
}  # fmt: skip
_WIDTHS = {"integer": 4, "bigint": 8, "date": 4, "timestamp": 8, "boolean": 1, "numeric": 8, "text": 180}


def _engine_column(engine: str, column: Column) -> Column:
    base, _, size = column.data_type.partition("(")
    mapped = _TYPE_MAP.get(engine, {}).get(base, base)
    data_type = f"{mapped}({size}" if size and "(" not in mapped else mapped
    name = column.name.upper() if engine == "oracle" else column.name
    return Column(name, data_type, column.nullable, column.default, column.comment, column.primary_key)


def _engine_name(engine: str, name: str) -> str:
    return name.upper() if engine == "oracle" else name


def _row_width(columns: Sequence[Column]) -> int:
    width = 24
    for column in columns:
        base, _, size = column.data_type.lower().partition("(")
        digits = re.match(r"\d+", size)
        if base.startswith(("varchar", "nvarchar", "char", "nchar")) and digits:
            width += max(1, int(digits.group()) * 2 // 5)
        elif base == "geometry":
            width += 420
        else:
            width += _WIDTHS.get(base, 8)
    return width


def _build_database(system: v.System, rng: random.Random) -> _Builder:
    engine = system.engine
    db_name = system.location.rsplit("/", 1)[-1]
    builder = _Builder(system.source, "database", system.title)
    theme = _theme(system.theme)
    live = datetime(system.live_since, rng.randint(1, 12), rng.randint(1, 28), 10, tzinfo=UTC)
    fields = {
        "title": system.title,
        "description": system.description,
        "kind": "database",
        "location": system.location,
        "format": f"{v.ENGINE_FORMATS[engine]} database",
        "created_at_source": _iso(live),
        "modified_at_source": _iso(NOW - timedelta(hours=rng.randint(1, 40))),
        "tags": _tags(rng, theme, ["database"]),
        **_governed(rng, theme, system.title, kind="database", container=True),
    }
    db = builder.add(_Entry(db_name, fields, theme))
    total = 0
    for schema, tables in system.schemas.items():
        total += _add_schema(builder, system, db.key, schema, tables, live, rng)
    _add_lookups(builder, system, rng, live)
    _add_cruft(builder, system, rng)
    db.fields["size_bytes"] = total + sum(
        e.fields.get("size_bytes", 0) for e in builder.entries[1:] if e.cruft
    )
    for entry in builder.entries:  # the database and everything in it belong to the application
        entry.fields["application"] = system.product
    return builder


def _add_schema(
    builder: _Builder,
    system: v.System,
    db_key: str,
    schema: str,
    tables: Sequence[v.TableSpec],
    live: datetime,
    rng: random.Random,
) -> int:
    schema_name = _engine_name(system.engine, schema)
    theme = _theme(tables[0].theme)
    titles = ", ".join(t.title[0].lower() + t.title[1:] for t in tables[:3])
    label = schema.replace("_", " ").capitalize()
    fields = {
        "title": schema_name,
        "description": f"{label} tables of {system.product}: {titles}." if rng.random() < 0.75 else None,
        "kind": "schema",
        "location": f"{system.location}/{schema_name}",
        "format": f"{v.ENGINE_FORMATS[system.engine]} schema",
        "created_at_source": _iso(live),
        "tags": _tags(rng, theme),
        **_governed(rng, theme, schema, kind="schema", container=True),
    }
    entry = builder.add(_Entry(schema_name, fields, theme, db_key))
    size = sum(_add_table(builder, system, entry.key, spec, live, rng) for spec in tables)
    entry.fields["size_bytes"] = size
    return size


def _add_table(
    builder: _Builder,
    system: v.System,
    schema_key: str,
    spec: v.TableSpec,
    live: datetime,
    rng: random.Random,
) -> int:
    columns = tuple(_engine_column(system.engine, c) for c in v.parse_columns(spec.columns))
    theme = _theme(spec.theme)
    rows = max(1, int(spec.rows * rng.uniform(0.85, 1.15)))
    kind = "view" if spec.view else "table"
    size = 0 if spec.view else rows * _row_width(columns)
    name = _engine_name(system.engine, spec.name)
    geo = any(c.data_type.lower() in ("geometry", "sdo_geometry") for c in columns)
    engine_label = "PostGIS" if geo else v.ENGINE_FORMATS[system.engine]
    governed = _governed(rng, theme, spec.title, kind=kind, columns=columns)
    fields = {
        "title": spec.title,
        "description": spec.description or _table_description(rng, spec, system),
        "kind": kind,
        "location": f"{system.location}/{schema_key}.{name}",
        "format": f"{engine_label} {'feature class' if geo and not spec.view else kind}",
        "size_bytes": size or None,
        "row_count": rows,
        "column_count": len(columns),
        "created_at_source": _iso(_between(rng, live, live + timedelta(days=700))),
        "modified_at_source": _iso(NOW - timedelta(minutes=rng.randint(5, 60 * 24 * 20))),
        "created_by": "dbo" if system.engine == "mssql" else f"{system.source.split('-')[0]}_owner",
        "schema_fingerprint": _sha256(*(f"{c.name}:{c.data_type}" for c in columns)),
        "tags": _tags(rng, theme, _extra_tags(governed.get("personal_data"), columns)),
        **governed,
    }
    builder.add(_Entry(f"{schema_key}.{name}", fields, theme, schema_key, columns))
    return size


def _table_description(rng: random.Random, spec: v.TableSpec, system: v.System) -> str | None:
    if rng.random() < 0.3:
        return None
    title = spec.title[0].lower() + spec.title[1:]
    patterns = (
        f"Holds the {title} for {system.product}.",
        f"{spec.title} as recorded in {system.product}; one row per record, updated by the application.",
        f"Back-end table for {title}. Reported on through the data warehouse.",
    )
    return rng.choice(patterns)


def _add_lookups(builder: _Builder, system: v.System, rng: random.Random, live: datetime) -> None:
    first_schema = _engine_name(system.engine, next(iter(system.schemas)))
    theme = _theme(system.theme)
    base = (
        "code varchar(10) pk; description varchar(100); active boolean; sort_order integer; "
        "valid_from date; valid_to date"
    )
    for lookup in system.lookups:
        spec = base if rng.random() < 0.5 else base.rsplit(";", 2)[0]
        columns = tuple(_engine_column(system.engine, c) for c in v.parse_columns(spec))
        name = _engine_name(system.engine, f"lkp_{lookup}")
        words = lookup.replace("_", " ")
        fields = {
            "title": name,
            "description": f"Lookup of {words} codes used by {system.product}."
            if rng.random() < 0.4
            else None,
            "kind": "table",
            "location": f"{system.location}/{first_schema}.{name}",
            "format": f"{v.ENGINE_FORMATS[system.engine]} table",
            "row_count": rng.randint(4, 140),
            "column_count": len(columns),
            "size_bytes": rng.randint(8, 64) * 1024,
            "created_at_source": _iso(live),
            "modified_at_source": _iso(_between(rng, live, NOW)),
            "schema_fingerprint": _sha256(*(f"{c.name}:{c.data_type}" for c in columns)),
            "department": theme.department,
            "classification": "OFFICIAL" if rng.random() < 0.8 else None,
            "personal_data": "none" if rng.random() < 0.5 else None,
            "tags": ["lookup", "reference data", *theme.tags[:1]] if rng.random() < 0.6 else None,
        }
        builder.add(_Entry(f"{first_schema}.{name}", fields, theme, first_schema, columns))


def _add_cruft(builder: _Builder, system: v.System, rng: random.Random) -> None:
    tables = [e for e in builder.entries if e.fields["kind"] == "table" and not e.key.lower().count(".lkp_")]
    dba = _zipf_pick(rng, v.STEWARDS["ICT"])
    initials = "".join(part[0] for part in dba.name.split()).lower()
    for original in rng.sample(tables, rng.randint(1, 3)):
        schema, table = original.key.split(".", 1)
        when = _between(rng, EPOCH, NOW - timedelta(days=200))
        pattern = rng.choice(v.CRUFT_TABLE_PATTERNS)
        name = pattern.format(table=table.lower(), date=when.strftime("%Y%m%d"), initials=initials)
        name = _engine_name(system.engine, name)
        key = f"{schema}.{name}"
        if key in builder.by_key:
            continue
        rows = int(original.fields["row_count"] * rng.uniform(0.2, 1.0))
        fields = {
            "title": name,
            "kind": "table",
            "location": f"{system.location}/{key}",
            "format": original.fields["format"],
            "row_count": rows,
            "column_count": len(original.columns),
            "size_bytes": rows * _row_width(original.columns),
            "created_at_source": _iso(when),
            "modified_at_source": _iso(when + timedelta(minutes=rng.randint(1, 90))),
            "created_by": dba.username,
            "schema_fingerprint": original.fields["schema_fingerprint"],
            "department": original.fields.get("department") if rng.random() < 0.5 else None,
            "tags": ["legacy"] if rng.random() < 0.3 else None,
        }
        builder.add(_Entry(key, fields, original.theme, schema, original.columns, cruft=True))


# ------------------------------------------------------------------------------------------------------------
# File templates
# ------------------------------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class _Window:
    start: datetime
    end: datetime


_ALL_TIME = _Window(EPOCH, NOW)


def _split_template(template: str) -> tuple[str, int, str]:
    text, _, description = template.partition(" | ")
    match = re.fullmatch(r"(.*)\*(\d+)", text.strip())
    if match:
        return match.group(1), int(match.group(2)), description.strip()
    return text.strip(), 1, description.strip()


def _granularity(text: str) -> str:
    names = set(_PLACEHOLDER.findall(text))
    if names & {"date", "dmy"}:
        return "day"
    if names & {"month", "mon"}:
        return "month"
    if "q" in names:
        return "quarter"
    if names & {"year", "fy"}:
        return "year"
    return "none"


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=min(moment.day, 28))


def _series(rng: random.Random, granularity: str, count: int, window: _Window) -> list[datetime]:
    """`count` moments at the granularity's step inside the window, most often ending recently."""
    if granularity == "none" or count == 1:
        return sorted(_between(rng, window.start, window.end) for _ in range(count))
    months = {"month": 1, "quarter": 3, "year": 12}.get(granularity, 0)
    step_days = rng.choice((7, 14, 28)) if granularity == "day" else 0
    span = (window.end - window.start).days
    needed = step_days * (count - 1) if step_days else int(months * 30.5 * (count - 1))
    if needed >= span:
        step_days, months = max(1, span // (count + 1)), 0
        needed = step_days * (count - 1)
    latest_start = window.end - timedelta(days=needed + 1)
    if rng.random() < 0.7:
        start = _between(rng, max(window.start, latest_start - timedelta(days=420)), latest_start)
    else:
        start = _between(rng, window.start, latest_start)
    if months:
        return [_add_months(start, i * months) for i in range(count)]
    return [start + timedelta(days=i * step_days) for i in range(count)]


def _fy_start(moment: datetime) -> int:
    return moment.year if moment.month >= 4 else moment.year - 1


def _fill(text: str, moment: datetime, index: int, picks: dict[str, str]) -> str:
    fy = _fy_start(moment)
    values = {
        "year": str(moment.year),
        "fy": f"{fy}-{(fy + 1) % 100:02d}",
        "month": _MONTHS[moment.month - 1],
        "mon": _MONTHS[moment.month - 1][:3],
        "date": moment.date().isoformat(),
        "dmy": moment.strftime("%d.%m.%y"),
        "q": str((moment.month - 4) % 12 // 3 + 1),
        "n": str(index + 1),
        **picks,
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class _FileItem:
    name: str
    description: str
    moment: datetime


def _expand(rng: random.Random, template: str, window: _Window) -> list[_FileItem]:
    """The files of one template: names, descriptions and the moment each belongs to."""
    text, count, description = _split_template(template)
    moments = _series(rng, _granularity(text), count, window)
    streets = rng.sample(v.STREETS, min(count, len(v.STREETS)))
    sites = rng.sample(v.SITES, min(count, len(v.SITES)))
    items = []
    for index, moment in enumerate(moments):
        picks = {"street": streets[index % len(streets)], "site": sites[index % len(sites)]}
        items.append(
            _FileItem(_fill(text, moment, index, picks), _fill(description, moment, index, picks), moment)
        )
    return items


def _expand_folder(rng: random.Random, path: str) -> list[tuple[str, _Window]]:
    """A folder path, expanded when its last segment is a yearly series ("Monitoring {fy}*4")."""
    text, count, _ = _split_template(path)
    granularity = _granularity(text)
    if granularity == "none":
        return [(text, _ALL_TIME)]
    uses_fy = "{fy}" in text
    last = rng.choice((2024, 2025, 2025)) if uses_fy else rng.choice((2023, 2024, 2025))
    folders = []
    for year in range(last - count + 1, last + 1):
        start = datetime(year, 4 if uses_fy else 1, 1, 9, tzinfo=UTC)
        end = min(_add_months(start, 12) - timedelta(days=1), NOW)
        folders.append((_fill(text, start, 0, {}), _Window(start, end)))
    return folders


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _file_kind(extension: str) -> str:
    if extension in v.SPREADSHEET_EXTENSIONS:
        return "spreadsheet"
    if extension in v.DOCUMENT_EXTENSIONS:
        return "document"
    return "file"


_SPREADSHEET_PHRASES = (
    "Working spreadsheet kept by {dept}.",
    "Tracker maintained by the {steward}.",
    "Spreadsheet exported from {system} and tidied by hand.",
    "Figures compiled each month for the {dept} management team.",
    "Shared workbook used across {dept}; one tab per team.",
)
_DOCUMENT_PHRASES = (
    "Document prepared by {dept}.",
    "Final version, approved by the {owner}.",
    "Draft for discussion; the approved version may differ.",
    "Scanned copy of the signed original.",
    "Reference copy kept by the {dept} team.",
)
_SUFFIXES = (
    "Superseded; kept for reference.",
    "Contains personal data: do not send outside the council.",
    "Exported from {system}.",
    "Feeds the {dept} performance dashboard.",
    "Please do not rename: other workbooks link to it.",
    "Copy also held in the team's Teams channel.",
)


def _phrase(rng: random.Random, patterns: Sequence[str], theme: v.Theme) -> str:
    """One of the patterns, filled in for the theme (patterns naming a system only when it has one)."""
    system = PRODUCT_BY_THEME.get(theme.key)
    pattern = rng.choice([p for p in patterns if system or "{system}" not in p])
    department = v.DEPARTMENTS_BY_NAME[theme.department]
    return pattern.format(
        dept=department.name,
        steward=rng.choice(department.stewards),
        owner=department.owners[0],
        system=system,
    )


def _file_description(rng: random.Random, item: _FileItem, kind: str, theme: v.Theme) -> str | None:
    if item.description:
        text = item.description
    elif rng.random() < 0.12:
        return None
    else:
        phrases = _SPREADSHEET_PHRASES if kind == "spreadsheet" else _DOCUMENT_PHRASES
        text = _phrase(rng, phrases, theme)
        if rng.random() < 0.55:
            text = f"{text} {theme.summary}"
    if rng.random() < 0.18:
        text = f"{text} {_phrase(rng, _SUFFIXES, theme)}"
    return text


def _spreadsheet_columns(name: str) -> tuple[Column, ...]:
    for prefix, headers in v.SPREADSHEET_HEADERS.items():
        if name.startswith(prefix):
            return tuple(Column(h, "text") for h in headers.split("; "))
    return ()


def _file_fields(
    rng: random.Random, item: _FileItem, theme: v.Theme, *, location: str, seed: int, source: str, key: str
) -> tuple[dict[str, Any], tuple[Column, ...]]:
    """Described and governed fields of one file or document."""
    extension = _extension(item.name)
    kind = _file_kind(extension)
    median, spread = v.TYPICAL_SIZES.get(extension, (50_000, 3.0))
    created = _working_hours(rng, item.moment + timedelta(days=rng.uniform(0, 10)))
    modified = min(NOW, created + timedelta(days=rng.expovariate(1 / 45)))
    columns = _spreadsheet_columns(item.name) if kind == "spreadsheet" else ()
    fields: dict[str, Any] = {
        "title": item.name,
        "description": _file_description(rng, item, kind, theme),
        "kind": kind,
        "location": location,
        "format": v.MIME_TYPES.get(extension, "application/octet-stream"),
        "size_bytes": _lognormal_int(rng, median, spread, 2_000),
        "created_at_source": _iso(created),
        "modified_at_source": _iso(modified),
        "content_hash": _sha256(seed, source, key),
    }
    if kind == "spreadsheet":
        fields["row_count"] = _lognormal_int(rng, 250, 6.0)
        fields["column_count"] = len(columns) or rng.randint(4, 38)
    governed = _governed(rng, theme, item.name, kind=kind)
    fields["tags"] = _tags(rng, theme, _extra_tags(governed.get("personal_data"), ()))
    fields.update(governed)
    fields.update(_disposal_due(rng, fields, modified))
    return fields, columns


def _disposal_due(rng: random.Random, fields: dict[str, Any], modified: datetime) -> dict[str, Any]:
    period = fields.get("retention_period", "")
    match = re.match(r"(\d+) years? after", period)
    if not match or rng.random() < 0.6:
        return {}
    due = modified.date() + timedelta(days=int(match.group(1)) * 365)
    return {"disposal_due": due.isoformat()}


def _people_of(theme: v.Theme) -> tuple[v.Person, ...]:
    return v.STEWARDS[theme.department] + v.OWNERS[theme.department]


# ------------------------------------------------------------------------------------------------------------
# File shares
# ------------------------------------------------------------------------------------------------------------


def _build_share(spec: v.ShareSpec, rng: random.Random, seed: int) -> _Builder:
    builder = _Builder(spec.source, "filesystem", spec.title)
    root = spec.unc.rsplit("\\", 1)[-1]
    theme = _theme(spec.theme)
    head = v.OWNERS[theme.department][0]
    fields = {
        "title": spec.title,
        "description": spec.description,
        "kind": "share",
        "location": spec.unc,
        "format": "SMB share",
        "created_at_source": _iso(datetime(2012, 9, 3, 9, tzinfo=UTC)),
        "department": theme.department,
        "owner": head.label,
        "classification": "OFFICIAL-SENSITIVE" if spec.source == "w-drive-people" else "OFFICIAL",
        "tags": ["shared drive", *theme.tags[:2]],
    }
    builder.add(_Entry(root, fields, theme))
    for folder in spec.folders:
        for path, window in _expand_folder(rng, folder.path):
            _add_share_folder(builder, spec, rng, seed, f"{root}/{path}", folder, window)
    _add_duplicates(builder, spec, rng)
    _roll_up_dates(builder)
    return builder


def _unc(spec: v.ShareSpec, key: str) -> str:
    return spec.unc + "\\" + "\\".join(key.split("/")[1:])


def _ensure_folder(
    builder: _Builder, spec: v.ShareSpec, rng: random.Random, key: str, theme: v.Theme
) -> None:
    if key in builder.by_key:
        return
    parent = key.rsplit("/", 1)[0]
    _ensure_folder(builder, spec, rng, parent, theme)
    name = key.rsplit("/", 1)[1]
    fields = {
        "title": name,
        "kind": "folder",
        "location": _unc(spec, key),
        "format": "inode/directory",
        "created_by": _zipf_pick(rng, _people_of(theme)).username,
        "department": theme.department,
        "owner": _zipf_pick(rng, v.OWNERS[theme.department]).label if rng.random() < 0.75 else None,
        "classification": _classification(rng, theme, False, True) if rng.random() < 0.8 else None,
        "tags": list(theme.tags[:3]) if rng.random() < 0.4 else None,
    }
    if theme.access_groups and fields["classification"] == "SECRET":
        fields["access_groups"] = list(theme.access_groups)
    builder.add(_Entry(key, fields, theme, parent))


def _add_share_folder(
    builder: _Builder,
    spec: v.ShareSpec,
    rng: random.Random,
    seed: int,
    key: str,
    folder: v.FolderSpec,
    window: _Window,
) -> None:
    theme = _theme(folder.theme)
    _ensure_folder(builder, spec, rng, key, theme)
    if folder.description or rng.random() < 0.65:
        builder.by_key[key].fields["description"] = folder.description or theme.summary
    people = _people_of(theme)
    for template in folder.files:
        for item in _expand(rng, template, window):
            file_key = f"{key}/{item.name}"
            if file_key in builder.by_key:
                continue
            fields, columns = _file_fields(
                rng, item, theme, location=_unc(spec, file_key), seed=seed, source=spec.source, key=file_key
            )
            author = _zipf_pick(rng, people)
            fields["created_by"] = author.username
            fields["modified_by"] = (author if rng.random() < 0.6 else _zipf_pick(rng, people)).username
            builder.add(_Entry(file_key, fields, theme, key, columns))


_DUPLICATE_PLACES = ("Archive", "Old Files", "Z_Do Not Use", "Backup")


def _add_duplicates(builder: _Builder, spec: v.ShareSpec, rng: random.Random) -> None:
    """Copies of some files elsewhere on the share (same content, so the same hash)."""
    root = builder.entries[0].key
    files = [e for e in builder.entries if e.fields["kind"] in ("file", "document", "spreadsheet")]
    for original in rng.sample(files, max(2, len(files) // 18)):
        place = rng.random()
        folder_key, name = original.key.rsplit("/", 1)
        if place < 0.35:
            target = f"{folder_key}/Copy of {name}"
        elif place < 0.7:
            target = f"{root}/{rng.choice(_DUPLICATE_PLACES)}/{name}"
        else:
            person = _zipf_pick(rng, _people_of(original.theme))
            target = f"{root}/Staff/{person.name}/{name}"
        if target in builder.by_key:
            continue
        parent = target.rsplit("/", 1)[0]
        _ensure_folder(builder, spec, rng, parent, original.theme)
        fields = dict(original.fields)
        fields["title"] = target.rsplit("/", 1)[1]
        fields["location"] = _unc(spec, target)
        if rng.random() < 0.5:
            fields.pop("description", None)
        builder.add(_Entry(target, fields, original.theme, parent, original.columns))


def _roll_up_dates(builder: _Builder) -> None:
    """Folders get the earliest creation and latest change of what they hold (children come later)."""
    for entry in reversed(builder.entries):
        if entry.parent_key is None:
            continue
        parent = builder.by_key[entry.parent_key]
        if parent.fields["kind"] not in ("folder", "library"):
            continue
        created = entry.fields.get("created_at_source")
        modified = entry.fields.get("modified_at_source", created)
        if created and created < parent.fields.get("created_at_source", "9999"):
            parent.fields["created_at_source"] = created
        if modified and modified > parent.fields.get("modified_at_source", ""):
            parent.fields["modified_at_source"] = modified


# ------------------------------------------------------------------------------------------------------------
# SharePoint
# ------------------------------------------------------------------------------------------------------------

_MIGRATED_FROM = {"sharepoint-housing": "w-drive-housing"}
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _guid(rng: random.Random) -> str:
    hexes = f"{rng.getrandbits(128):032x}"
    return f"{hexes[:8]}-{hexes[8:12]}-{hexes[12:16]}-{hexes[16:20]}-{hexes[20:]}"


def _item_id(rng: random.Random) -> str:
    return "01" + "".join(rng.choice(_ID_ALPHABET) for _ in range(32))


def _drive_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "b!" + "".join(rng.choice(alphabet) for _ in range(64))


@dataclass
class _Site:
    spec: v.SiteSpec
    url: str
    builder: _Builder
    folders: dict[str, str] = field(default_factory=dict)  # path -> key
    library_urls: dict[str, str] = field(default_factory=dict)  # library name -> url


def _build_site(spec: v.SiteSpec, rng: random.Random, seed: int, shares: dict[str, list[_Entry]]) -> _Builder:
    url = f"{v.SHAREPOINT_ROOT}/{spec.site}"
    site = _Site(spec, url, _Builder(spec.source, "sharepoint", f"SharePoint: {spec.title}"))
    theme = _theme(spec.theme)
    fields = {
        "title": spec.title,
        "description": spec.description,
        "kind": "site",
        "location": url,
        "format": "SharePoint Online team site",
        "created_at_source": _iso(
            _between(rng, datetime(2020, 6, 1, tzinfo=UTC), datetime(2021, 9, 1, tzinfo=UTC))
        ),
        "modified_at_source": _iso(NOW - timedelta(hours=rng.randint(1, 72))),
        "created_by": "SharePoint App",
        "department": theme.department,
        "owner": v.OWNERS[theme.department][0].label,
        "classification": "OFFICIAL",
        "tags": ["sharepoint", *theme.tags[:2]],
    }
    site_key = f"council.sharepoint.com,{_guid(rng)},{_guid(rng)}"
    site.builder.add(_Entry(site_key, fields, theme))
    for name, description in spec.libraries:
        _add_library(site, rng, site_key, name, description, theme)
    for folder in spec.folders:
        _add_site_folder(site, rng, seed, folder, shares)
    for list_spec in spec.lists:
        _add_list(site, rng, site_key, list_spec)
    _roll_up_dates(site.builder)
    return site.builder


def _add_library(
    site: _Site, rng: random.Random, site_key: str, name: str, description: str, theme: v.Theme
) -> None:
    url_name = "Shared Documents" if name == "Documents" else name
    url = f"{site.url}/{quote(url_name)}"
    fields = {
        "title": name,
        "description": description or None,
        "kind": "library",
        "location": url,
        "format": "SharePoint document library",
        "department": theme.department,
        "classification": "OFFICIAL",
        "tags": _tags(rng, theme),
    }
    entry = site.builder.add(_Entry(_drive_id(rng), fields, theme, site_key))
    site.folders[name] = entry.key
    site.library_urls[name] = url


def _ensure_site_folder(site: _Site, rng: random.Random, path: str, theme: v.Theme) -> str:
    if path in site.folders:
        return site.folders[path]
    parent_path, _, name = path.rpartition("/")
    parent_key = _ensure_site_folder(site, rng, parent_path, theme)
    fields = {
        "title": name,
        "kind": "folder",
        "location": _site_url(site, path),
        "format": "SharePoint folder",
        "department": theme.department,
        "created_by": _zipf_pick(rng, _people_of(theme)).name,
    }
    entry = site.builder.add(_Entry(_item_id(rng), fields, theme, parent_key))
    site.folders[path] = entry.key
    return entry.key


def _site_url(site: _Site, path: str) -> str:
    library, _, rest = path.partition("/")
    base = site.library_urls[library]
    return f"{base}/{quote(rest)}" if rest else base


def _add_site_folder(
    site: _Site, rng: random.Random, seed: int, folder: v.FolderSpec, shares: dict[str, list[_Entry]]
) -> None:
    theme = _theme(folder.theme)
    for path, window in _expand_folder(rng, folder.path):
        parent_key = _ensure_site_folder(site, rng, path, theme)
        names = {e.fields["title"] for e in site.builder.entries if e.parent_key == parent_key}
        for template in folder.files:
            for item in _expand(rng, template, window):
                if item.name in names:
                    continue
                names.add(item.name)
                _add_site_document(site, rng, seed, path, parent_key, item, theme)
        if path.endswith("Migrated from W drive"):
            _copy_from_share(site, rng, parent_key, path, shares[_MIGRATED_FROM[site.spec.source]])


def _add_site_document(
    site: _Site, rng: random.Random, seed: int, path: str, parent_key: str, item: _FileItem, theme: v.Theme
) -> None:
    key = _item_id(rng)
    fields, columns = _file_fields(
        rng,
        item,
        theme,
        location=_site_url(site, f"{path}/{item.name}"),
        seed=seed,
        source=site.spec.source,
        key=key,
    )
    author = _zipf_pick(rng, _people_of(theme))
    fields["created_by"] = author.name
    fields["modified_by"] = (author if rng.random() < 0.6 else _zipf_pick(rng, _people_of(theme))).name
    site.builder.add(_Entry(key, fields, theme, parent_key, columns))


def _copy_from_share(
    site: _Site, rng: random.Random, parent_key: str, path: str, files: list[_Entry]
) -> None:
    """Files migrated from the shared drive: same content (and hash) as the originals left behind."""
    cutover = _iso(datetime(2021, 7, 1, tzinfo=UTC))
    candidates = [
        e
        for e in files
        if e.fields["kind"] in ("document", "spreadsheet") and e.fields["created_at_source"] < cutover
    ]
    for original in rng.sample(candidates, min(12, len(candidates))):
        fields = dict(original.fields)
        fields["location"] = _site_url(site, f"{path}/{original.fields['title']}")
        fields["modified_by"] = "Migration Service Account"
        migrated = _iso(datetime(2021, 7, rng.randint(1, 28), 22, tzinfo=UTC))
        fields["modified_at_source"] = max(migrated, fields["modified_at_source"])
        site.builder.add(_Entry(_item_id(rng), fields, original.theme, parent_key, original.columns))


def _add_list(site: _Site, rng: random.Random, site_key: str, spec: v.ListSpec) -> None:
    theme = _theme(spec.theme)
    columns = v.parse_columns(spec.columns)
    created = _between(rng, datetime(2020, 9, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC))
    governed = _governed(rng, theme, spec.title, kind="list", columns=())
    fields = {
        "title": spec.title,
        "description": spec.description or None,
        "kind": "list",
        "location": f"{site.url}/Lists/{quote(spec.title.replace(' ', ''))}",
        "format": "SharePoint list",
        "row_count": max(1, int(spec.rows * rng.uniform(0.9, 1.1))),
        "column_count": len(columns),
        "created_at_source": _iso(created),
        "modified_at_source": _iso(_between(rng, NOW - timedelta(days=60), NOW)),
        "created_by": _zipf_pick(rng, _people_of(theme)).name,
        "schema_fingerprint": _sha256(*(f"{c.name}:{c.data_type}" for c in columns)),
        "tags": _tags(rng, theme, _extra_tags(governed.get("personal_data"), ())),
        **governed,
    }
    site.builder.add(_Entry(_guid(rng), fields, theme, site_key, columns))


# ------------------------------------------------------------------------------------------------------------
# The register: applications and paper records typed in by hand
# ------------------------------------------------------------------------------------------------------------


def _build_register(rng: random.Random) -> _Builder:
    builder = _Builder("iar-register", "register", "Information asset register (spreadsheet import)")
    clerks = v.STEWARDS["Information Governance"]
    number = 0
    for system in v.SYSTEMS:
        number += 1
        _add_application(
            builder,
            rng,
            number,
            system.product,
            system.theme,
            system.description,
            system.app_url,
            "On-premises" if "council.local" in system.app_url else "Software as a service",
            clerks,
        )
    for app in v.APPLICATIONS:
        number += 1
        _add_application(
            builder, rng, number, app.title, app.theme, app.description, app.url, app.hosting, clerks
        )
    for index, entry in enumerate(v.REGISTER_ENTRIES, start=1):
        _add_register_entry(builder, rng, index, entry, clerks)
    return builder


def _typed_in(rng: random.Random, clerks: Sequence[v.Person]) -> dict[str, Any]:
    created = _working_hours(rng, _between(rng, datetime(2018, 5, 1, tzinfo=UTC), NOW - timedelta(days=30)))
    modified = min(NOW, created + timedelta(days=rng.expovariate(1 / 200)))
    clerk = _zipf_pick(rng, clerks)
    return {
        "created_at_source": _iso(created),
        "modified_at_source": _iso(modified),
        "created_by": clerk.name,
        "modified_by": _zipf_pick(rng, clerks).name,
    }


def _add_application(
    builder: _Builder,
    rng: random.Random,
    number: int,
    title: str,
    theme_key: str,
    description: str,
    url: str,
    hosting: str,
    clerks: Sequence[v.Person],
) -> None:
    theme = _theme(theme_key)
    fields = {
        "title": title,
        "description": description,
        "kind": "application",
        "location": url,
        "format": hosting,
        **_typed_in(rng, clerks),
        "tags": _tags(rng, theme, ["application"]) or ["application", *theme.tags[:2]],
        **_governed(rng, theme, title, kind="application", container=True),
    }
    fields["owner"] = fields.get("owner") or v.OWNERS[theme.department][0].label
    technical = v.OWNERS["ICT"] + v.STEWARDS["ICT"]
    fields.update(
        vendor=v.VENDORS.get(title),
        hosting=hosting,
        business_owner=fields["owner"],
        technical_owner=technical[number % len(technical)].label,
    )
    builder.add(_Entry(f"APP-{number:04d}", fields, theme))


def _add_register_entry(
    builder: _Builder, rng: random.Random, index: int, entry: v.RegisterEntry, clerks: Sequence[v.Person]
) -> None:
    theme = _theme(entry.theme)
    first, last = entry.years
    span = f"Covers {first} to {last}." if last < NOW.year else f"From {first}, still added to."
    fields = {
        "title": entry.title,
        "description": f"{entry.description} {span}",
        "kind": "register_entry",
        "location": entry.location,
        "format": entry.format,
        **_typed_in(rng, clerks),
        "tags": _tags(rng, theme, ["paper records"] if entry.format == "Paper" else ["archive"]),
        **_governed(rng, theme, entry.title, kind="register_entry"),
    }
    builder.add(_Entry(f"IAR-{index:04d}", fields, theme))


# ------------------------------------------------------------------------------------------------------------
# Curation: what information governance staff changed by hand
# ------------------------------------------------------------------------------------------------------------


def _curate(entries: Sequence[_Entry], rng: random.Random) -> dict[str, dict[str, object]]:
    """Curator overrides for about one record in ten."""
    curated: dict[str, dict[str, object]] = {}
    for entry in entries:
        if rng.random() >= 0.115:
            continue
        changes: dict[str, object] = {}
        for action in rng.sample(_CURATIONS, rng.choice((1, 1, 2, 2, 3))):
            changes.update(action(rng, entry))
        if changes:
            curated[entry.key] = changes
    return curated


def _curate_description(rng: random.Random, entry: _Entry) -> dict[str, object]:
    moment = _between(rng, datetime(2021, 1, 1, tzinfo=UTC), NOW)
    note = rng.choice(v.CURATOR_NOTES).format(year=moment.year, month=_MONTHS[moment.month - 1])
    return {"description": f"{entry.theme.summary} {note}"}


def _curate_owner(rng: random.Random, entry: _Entry) -> dict[str, object]:
    owners = v.OWNERS[entry.theme.department]
    current = entry.fields.get("owner")
    choices = [o.label for o in owners if o.label != current]
    return {"owner": choices[0] if rng.random() < 0.6 else rng.choice(choices)}


def _curate_classification(rng: random.Random, entry: _Entry) -> dict[str, object]:
    current = entry.fields.get("classification", "OFFICIAL")
    rank = v.CLASSIFICATIONS.index(current)
    if rank == 0 and entry.theme.personal_data != "none":
        return {"classification": "OFFICIAL-SENSITIVE"}
    if rank == 1 and entry.theme.classification == "SECRET":
        return {"classification": "SECRET", "access_groups": list(entry.theme.access_groups) or None}
    return {}


def _curate_tags(rng: random.Random, entry: _Entry) -> dict[str, object]:
    tags = list(entry.fields.get("tags") or entry.theme.tags[:3])
    pool = [t for t in (*entry.theme.tags, *v.GENERIC_TAGS) if t not in tags]
    tags.extend(rng.sample(pool, min(len(pool), rng.randint(1, 2))))
    return {"tags": tags[:6]}


def _curate_open_data(rng: random.Random, entry: _Entry) -> dict[str, object]:
    if entry.fields.get("personal_data", entry.theme.personal_data) != "none":
        reason = v.NOT_PUBLISHABLE_REASONS.get(entry.theme.not_publishable or "personal")
        return {"open_data_status": "not_publishable", "open_data_reason": reason}
    status = rng.choice(("candidate", "approved", "published"))
    return {"open_data_status": status, "licence": v.OGL}


def _curate_retention(rng: random.Random, entry: _Entry) -> dict[str, object]:
    if not entry.theme.retention_period:
        return {}
    changes: dict[str, object] = {
        "retention_period": entry.theme.retention_period,
        "retention_basis": entry.theme.retention_basis,
        "disposal_action": entry.theme.disposal_action,
    }
    if rng.random() < 0.5:
        changes["review_due"] = _review_due(rng)
    return changes


def _curate_personal_data(rng: random.Random, entry: _Entry) -> dict[str, object]:
    changes: dict[str, object] = {"personal_data": entry.theme.personal_data}
    if entry.theme.personal_data != "none" and entry.theme.lawful_basis:
        changes["lawful_basis"] = entry.theme.lawful_basis
    return changes


def _curate_lifecycle(rng: random.Random, entry: _Entry) -> dict[str, object]:
    if entry.cruft or entry.fields.get("created_at_source", "9999") < "2017":
        return {"lifecycle": "retired"}
    return {}


_CURATIONS = (
    _curate_description,
    _curate_description,
    _curate_owner,
    _curate_classification,
    _curate_tags,
    _curate_open_data,
    _curate_retention,
    _curate_personal_data,
    _curate_lifecycle,
)


def record_counts(sources: Sequence[DemoSource]) -> dict[str, int]:
    """How many records of each kind the sources hold."""
    counts: dict[str, int] = {}
    for source in sources:
        for record in source.records:
            kind = str(record.fields.get("kind"))
            counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


__all__ = ["NOW", "DemoSource", "build_demo_sources", "record_counts"]
