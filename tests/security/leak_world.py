"""The attacked catalogue: generated assets of every classification, some restricted to groups, with folders
and their files, databases and their tables, applications and the databases they use, duplicate files and
tables, tags, departments, owners, history (a second harvest and curated edits), and planted terms: words
that exist in exactly one asset each, so any response that carries one reveals that asset.

The truth the channels are checked against is worked out here in plain Python from the stored rows (never
through `visible_to`), and the search expectations come from the search suite's brute-force oracle.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from oracle import Oracle
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.indexer import iter_documents
from catalogue.models import Asset
from catalogue.runtime import Catalogue
from harvesters.base import Column, Record
from search.backend import AccessFilter, SearchDocument

LEVELS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")
GROUPS = ("hr", "finance", "planning")
ROLES = ("viewer", "curator", "opendata", "admin")
WORDS = [
    "parking",
    "permits",
    "housing",
    "register",
    "council",
    "tax",
    "waste",
    "collection",
    "planning",
    "applications",
    "licensing",
    "school",
    "admissions",
    "library",
    "loans",
    "street",
    "lighting",
    "highways",
    "defects",
    "payroll",
    "employees",
    "children",
    "social",
    "care",
    "cases",
    "budget",
    "grants",
    "contracts",
    "suppliers",
    "complaints",
    "electoral",
    "roll",
    "burials",
    "allotments",
    "noise",
    "pest",
    "control",
    "food",
    "hygiene",
    "inspections",
    "benefit",
    "claims",
    "rent",
    "arrears",
    "homelessness",
    "tenancy",
    "repairs",
    "trees",
    "cctv",
    "cameras",
    "penalty",
    "charge",
    "notice",
    "resident",
    "address",
    "monthly",
    "annual",
    "report",
    "statistics",
    "survey",
]
DEPARTMENTS = ("Adult Social Care", "Children's Services", "Environment", "Finance", "Housing", "Planning")
OWNERS = ("Alice Jones", "Bob Smith", "Chidi Okafor", "Dana Kowalska", "Farah Khan", "Gus Lee")
TAGS = ("parking", "housing", "waste", "gdpr", "open data", "finance", "children", "roads")
PERSONAL = ("none", "personal", "special_category")
OPEN_DATA = ("not_assessed", "candidate", "approved", "published")
HASHES = tuple(f"sha256:{n:064x}" for n in range(1, 7))  # few values: many identical files
FINGERPRINTS = tuple(f"fp-{n}" for n in range(1, 5))
CURATOR_NAME = "curator-leaktest"

# Planted terms: nonsense words, far from every vocabulary word and from each other (no typo-tolerant
# match between them), each carried by exactly one asset, in a different field each.
PLANTED_FIELDS = ("title", "description", "tags", "owner", "department", "location", "column", "key")
PLANTED_STEMS = ("zorbex", "quillvat", "mogranth", "dweezil", "plintock", "vorbash", "yuxtaby", "krumpel")


@dataclass(frozen=True)
class Planted:
    term: str
    field: str
    asset_key: str  # "source/key"


@dataclass
class World:
    """The generated catalogue and what is true about it."""

    catalogue: Catalogue
    assets: dict[int, Asset]  # id -> a detached row (effective values)
    documents: list[SearchDocument]
    oracle: Oracle
    planted: dict[str, int]  # planted term -> the one asset id carrying it
    source_of: dict[int, str]
    parent_of: dict[int, int | None]
    application_ids: dict[str, list[int]]  # application title -> ids of application assets
    facet_values: dict[str, list[str]] = field(default_factory=dict)  # every value in the store, hidden too
    _visible: dict[Principal, frozenset[int]] = field(default_factory=dict)

    @property
    def scheme(self) -> ClassificationScheme:
        return self.catalogue.scheme

    def access(self, principal: Principal) -> AccessFilter:
        """The principal's rule for the oracle, derived here rather than by `Principal.access_filter`."""
        rank = LEVELS.index(principal.clearance) if principal.clearance in LEVELS else -1
        return AccessFilter(rank, principal.groups)

    def visible(self, principal: Principal) -> frozenset[int]:
        """Brute force: clearance at least the asset's classification, and a shared group when restricted."""
        if principal not in self._visible:
            rank = self.access(principal).max_rank
            self._visible[principal] = frozenset(
                asset_id
                for asset_id, asset in self.assets.items()
                if rank >= 0
                and LEVELS.index(asset.classification) <= rank
                and (not asset.access_groups or set(asset.access_groups) & principal.groups)
            )
        return self._visible[principal]

    def hidden_terms(self, principal: Principal) -> list[str]:
        seen = self.visible(principal)
        return [term for term, asset_id in self.planted.items() if asset_id not in seen]

    def missing_id(self) -> int:
        return max(self.assets) + 1000


# ----- generation --------------------------------------------------------------------------------------


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _governed(rng: random.Random) -> dict[str, object]:
    level = rng.choices(LEVELS, weights=(5, 3, 2))[0]
    groups = rng.sample(GROUPS, rng.choices((0, 1, 2), weights=(6, 3, 1))[0])
    values: dict[str, object] = {
        "classification": level,
        "access_groups": groups,
        "department": rng.choice(DEPARTMENTS),
        "owner": rng.choice(OWNERS),
        "tags": rng.sample(TAGS, rng.randint(0, 2)),
        "personal_data": rng.choice(PERSONAL),
        "open_data_status": rng.choice(OPEN_DATA),
        "description": _words(rng, 3, 12),
    }
    if rng.random() < 0.7:
        values["modified_at_source"] = (
            f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z"
        )
    return values


def _record(
    key: str, title: str, parent: str | None, columns: Iterable[Column] = (), **fields: object
) -> Record:
    return Record(key=key, parent_key=parent, fields={"title": title, **fields}, columns=tuple(columns))


def _share(rng: random.Random, folders: int, files: int) -> list[Record]:
    records = []
    for f in range(folders):
        folder = f"folder-{f}"
        records.append(
            _record(folder, f"{_words(rng, 1, 2).title()} folder", None, kind="folder", **_governed(rng))
        )
        for n in range(files):
            extra = _governed(rng)
            if rng.random() < 0.6:
                extra["content_hash"] = rng.choice(HASHES)
                extra["size_bytes"] = rng.choice((0, 1000, 25_000, 4_000_000))
            records.append(
                _record(
                    f"{folder}/file-{n}.xlsx",
                    _words(rng, 1, 4).capitalize(),
                    folder,
                    kind=rng.choice(("file", "spreadsheet", "document")),
                    location=f"\\\\files\\share\\{folder}\\file-{n}.xlsx",
                    format=rng.choice(("XLSX", "CSV", "PDF")),
                    **extra,
                )
            )
    return records


def _databases(rng: random.Random, databases: int, tables: int, apps: list[str]) -> list[Record]:
    records = []
    for d in range(databases):
        name = f"db{d}"
        extra = _governed(rng)
        if apps:
            extra["application"] = rng.choice(apps)
        records.append(_record(name, f"{_words(rng, 1, 2).title()} database", None, kind="database", **extra))
        for t in range(tables):
            extra = _governed(rng)
            if rng.random() < 0.6:
                extra["schema_fingerprint"] = rng.choice(FINGERPRINTS)
            columns = [Column(rng.choice(WORDS), "text", comment=_words(rng, 0, 2)) for _ in range(2)]
            records.append(
                _record(
                    f"{name}.public.t{t}",
                    _words(rng, 1, 3).capitalize(),
                    name,
                    columns,
                    kind=rng.choice(("table", "view")),
                    format="postgresql",
                    **extra,
                )
            )
    return records


def _applications(rng: random.Random, count: int) -> tuple[list[Record], list[str]]:
    names = [f"{rng.choice(WORDS).title()} system {n}" for n in range(count)]
    records = [
        _record(f"app-{n}", name, None, kind="application", vendor="Acme", **_governed(rng))
        for n, name in enumerate(names)
    ]
    return records, names


def _plant(records_by_source: dict[str, list[Record]], rng: random.Random) -> list[Planted]:
    """Put each planted term into one field of one asset that some principals cannot see."""
    candidates = [
        (source, i)
        for source, records in records_by_source.items()
        for i, record in enumerate(records)
        if record.fields.get("classification") != "OFFICIAL" or record.fields.get("access_groups")
    ]
    chosen = rng.sample(candidates, len(PLANTED_STEMS))
    planted = []
    for stem, where, (source, i) in zip(PLANTED_STEMS, PLANTED_FIELDS, chosen, strict=True):
        record = records_by_source[source][i]
        fields = dict(record.fields)
        columns = record.columns
        key = record.key
        if where == "title":
            fields["title"] = f"{fields['title']} {stem}"
        elif where == "description":
            fields["description"] = f"{fields.get('description', '')} {stem} records"
        elif where == "tags":
            fields["tags"] = [*fields.get("tags", []), stem]  # type: ignore[list-item]
        elif where == "owner":
            fields["owner"] = f"Ms {stem.title()}"
        elif where == "department":
            fields["department"] = f"{stem.title()} unit"
        elif where == "location":
            fields["location"] = f"\\\\files\\{stem}\\data.csv"
        elif where == "column":
            columns = (*columns, Column(f"{stem}_code", "text"))
        elif where == "key":
            key = f"{record.key}-{stem}"
        records_by_source[source][i] = replace(record, key=key, fields=fields, columns=columns)
        planted.append(Planted(stem, where, f"{source}/{key}"))
    # children name their parent by key: keep them pointing at a renamed parent
    for planted_term in planted:
        if planted_term.field == "key":
            source, _, new_key = planted_term.asset_key.partition("/")
            old_key = new_key.rsplit("-", 1)[0]
            records_by_source[source] = [
                replace(r, parent_key=new_key) if r.parent_key == old_key else r
                for r in records_by_source[source]
            ]
    return planted


def build_world(catalogue: Catalogue, seed: int, *, size: int = 1) -> World:
    """Fill an empty catalogue through the store (as harvests and curators would) and work out the truth."""
    rng = random.Random(seed)
    app_records, app_names = _applications(rng, 4 * size)
    records = {
        "share": _share(rng, 4 * size, 6),
        "warehouse": _databases(rng, 3 * size, 6, app_names),
        "apps": app_records,
        "other-share": _share(rng, 2 * size, 4),
    }
    planted = _plant(records, rng)
    store = catalogue.store
    sources = {name: store.ensure_source(name, "register") for name in records}
    for name, batch in records.items():
        store.apply_records(sources[name], batch)
    # a second harvest that changes some descriptions: history rows from the harvested layer
    for name, batch in records.items():
        changed = [
            replace(r, fields={**r.fields, "description": f"{r.fields.get('description', '')} revised"})
            if rng.random() < 0.3
            else r
            for r in batch
        ]
        store.apply_records(sources[name], changed)
    everyone = Principal(CURATOR_NAME, LEVELS[-1], frozenset(GROUPS), role="admin")
    with catalogue.sessions() as session:
        all_ids = list(session.scalars(select(Asset.id).order_by(Asset.id)))
    for asset_id in rng.sample(all_ids, len(all_ids) // 6):  # curated edits: history rows as well
        asset = store.asset_page(asset_id, everyone, children_limit=0).asset
        store.curate(asset_id, {"steward": rng.choice(OWNERS)}, everyone, asset.version)
    return load_world(catalogue, {p.term: p.asset_key for p in planted})


def load_world(catalogue: Catalogue, planted_keys: dict[str, str]) -> World:
    """Read the truth back from the store (plain reads, no access rule) and build the oracle."""
    with catalogue.sessions() as session:
        rows = session.scalars(
            select(Asset).options(selectinload(Asset.source), selectinload(Asset.columns)).order_by(Asset.id)
        ).all()
        for row in rows:
            row.tags, row.access_groups  # noqa: B018 - load the list properties before detaching
        assets = {row.id: row for row in rows}
        source_of = {row.id: row.source.name for row in rows}
        by_key = {f"{row.source.name}/{row.key}": row.id for row in rows}
        documents = [
            # the rank comes from the level's position here, not from the stored rank column
            replace(d, classification_rank=LEVELS.index(d.classification))
            for d in iter_documents(session)
        ]
        session.expunge_all()
    facet_values: dict[str, Counter[str]] = defaultdict(Counter)
    for document in documents:
        for facet in ("kind", "department", "owner", "classification", "source", "format", "tag"):
            facet_values[facet].update(document.facet_values(facet))
        for facet in ("personal_data", "open_data_status", "lifecycle"):
            facet_values[facet].update(document.facet_values(facet))
    applications: dict[str, list[int]] = defaultdict(list)
    for asset in assets.values():
        if asset.kind == "application":
            applications[asset.title].append(asset.id)
    return World(
        catalogue=catalogue,
        assets=assets,
        documents=documents,
        oracle=Oracle(documents, catalogue.synonyms),
        planted={term: by_key[key] for term, key in planted_keys.items()},
        source_of=source_of,
        parent_of={i: a.parent_id for i, a in assets.items()},
        application_ids=dict(applications),
        facet_values={facet: sorted(values) for facet, values in facet_values.items()},
    )


def principals() -> list[Principal]:
    """Every clearance x every mix of groups; no clearance and one the scheme does not know (with no group
    and with every group: they see nothing either way); and the anonymous visitor."""
    mixes = [frozenset(c) for n in range(len(GROUPS) + 1) for c in itertools.combinations(GROUPS, n)]
    people = [
        (clearance, groups)
        for clearance in ("", "TOP-SECRET", *LEVELS)
        for groups in (mixes if clearance in LEVELS else [mixes[0], mixes[-1]])
    ]
    roles = itertools.cycle(ROLES)  # pages differ by role (curators get bulk edit controls on results)
    found = [
        Principal(
            f"{role}-{clearance or 'none'}-{'+'.join(sorted(groups)) or 'nogroups'}", clearance, groups, role
        )
        for (clearance, groups), role in zip(people, roles, strict=False)
    ]
    found.append(Principal("anonymous", LEVELS[0], anonymous=True))
    return found
