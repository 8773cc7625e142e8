"""A generated council-like corpus for the search suite, and the principals it is searched as."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from search.backend import AccessFilter, SearchDocument

CLASSIFICATIONS = [("OFFICIAL", 0), ("OFFICIAL-SENSITIVE", 1), ("SECRET", 2)]
GROUPS = ["hr", "finance", "social-care"]
PRINCIPALS = [
    AccessFilter(-1),
    AccessFilter(0),
    AccessFilter(0, frozenset({"hr"})),
    AccessFilter(1, frozenset({"finance"})),
    AccessFilter(2),
    AccessFilter(2, frozenset(GROUPS)),
]

VOCABULARY = (
    "parking permits housing register council tax waste collection planning applications licensing school "
    "admissions library loans street lighting highways defects payroll employees children social care cases "
    "budget grants contracts suppliers complaints freedom information requests electoral roll burials "
    "allotments noise pest control food hygiene inspections benefit claims rent arrears homelessness tenancy "
    "repairs trees preservation orders cctv cameras penalty charge notice houses house licence licences "
    "resident residents address addresses export monthly annual report reports statistics survey"
)
WORDS = tuple(VOCABULARY.split())
ODD_WORDS = ("café", "naïve", "date_of_birth", "GP-led", "children's", "e-mail", "Ærø", "2019/20", "x86_64")
KINDS = ["table", "view", "file", "folder", "spreadsheet", "document", "database", "site", "register entry"]
DEPARTMENTS = ["Adult Social Care", "Children's Services", "Environment", "Finance", "Housing", "Planning"]
OWNERS = [
    "Alice Jones",
    "Bob Smith",
    "Chidi Okafor",
    "Dana Kowalska",
    "Émile Durand",
    "Farah Khan",
    "Gus Lee",
]
SOURCES = ["finance-db", "shared-drive", "sharepoint", "register"]
FORMATS = ["CSV", "XLSX", "PDF", "DOCX", "PostgreSQL table", None]
TAGS = [
    "parking",
    "housing",
    "waste",
    "gdpr",
    "open-data",
    "finance",
    "children",
    "planning",
    "roads",
    "stats",
]
PERSONAL = ["none", "personal", "special category", None]
OPEN_DATA = ["not assessed", "candidate", "approved", "published", None]
LIFECYCLE = ["active", "gone at source", "retired"]

# Only in one SECRET document: nobody below SECRET may learn that any of these exist.
HIDDEN_WORD = "zanzibarquux"
HIDDEN_TAG = "zanzibar-only-tag"
HIDDEN_OWNER = "Quentin Zanzibar"


def _words(rng: random.Random, low: int, high: int) -> str:
    pool = WORDS + ODD_WORDS
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _maybe(rng: random.Random, values: list[str | None] | list[str], chance: float = 0.85) -> str | None:
    return rng.choice(values) if rng.random() < chance else None


def make_document(rng: random.Random, doc_id: int) -> SearchDocument:
    classification, rank = rng.choices(CLASSIFICATIONS, weights=[6, 3, 1])[0]
    title = _words(rng, 1, 4).capitalize()
    modified = None
    if rng.random() < 0.8:  # some share a timestamp, so sorting meets ties
        modified = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 3000), seconds=rng.choice([0, 1])
        )
    return SearchDocument(
        id=doc_id,
        version=rng.randint(1, 5),
        title=title,
        kind=rng.choice(KINDS),
        classification=classification,
        classification_rank=rank,
        source=rng.choice(SOURCES),
        description=_words(rng, 0, 30),
        owner=_maybe(rng, OWNERS),
        steward=_maybe(rng, OWNERS, 0.4),
        department=_maybe(rng, DEPARTMENTS),
        format=_maybe(rng, FORMATS),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
        access_groups=tuple(rng.sample(GROUPS, rng.choice([0, 0, 0, 1, 1, 2]))),
        personal_data=_maybe(rng, PERSONAL),
        open_data_status=_maybe(rng, OPEN_DATA),
        lifecycle=rng.choice(LIFECYCLE),
        location=f"\\\\fileserver\\share\\{title.replace(' ', '_')}.xlsx" if rng.random() < 0.5 else None,
        path=f"share/{rng.choice(DEPARTMENTS).lower()}/{_words(rng, 1, 2).replace(' ', '_')}",
        columns=tuple(
            f"{rng.choice(WORDS + ODD_WORDS)} {_words(rng, 0, 4)}".strip() for _ in range(rng.randint(0, 5))
        ),
        modified=modified,
    )


def _special(doc_id: int, title: str, description: str, rank: int, **extra: object) -> SearchDocument:
    classification = CLASSIFICATIONS[max(rank, 0)][0]
    return SearchDocument(
        doc_id,
        1,
        title,
        "table",
        classification,
        rank,
        "register",
        description,
        **extra,  # type: ignore[arg-type]
    )


def special_documents(start: int) -> list[SearchDocument]:
    return [
        _special(
            start,
            f"{HIDDEN_WORD} safeguarding referrals",
            f"Secret {HIDDEN_WORD} list",
            2,
            tags=(HIDDEN_TAG,),
            owner=HIDDEN_OWNER,
        ),
        _special(
            start + 1,
            "Parking permits",
            "Resident parking permits issued each year",
            0,
            modified=datetime(2020, 5, 1, tzinfo=UTC),
        ),
        _special(
            start + 2,
            "Permits for parking on the street",
            "parking permits parking permits <script>alert('x')</script> & more",
            0,
        ),
        _special(start + 3, "Staff grievances", "hrsecretword grievance cases", 0, access_groups=("hr",)),
        _special(
            start + 4, "PCN appeals", "Appeals against a penalty charge notice; council tax recovery", 1
        ),
        _special(start + 5, "Council tax reductions", "Single person discount and CCTV footage requests", 0),
        _special(
            start + 6, "Everything tagged", "More tags than the dense facet columns hold", 0, tags=tuple(TAGS)
        ),
        _special(start + 7, "Broken rank", "A negative rank hides a document from everyone", -1),
        _special(start + 8, "Odd group", "A group name with separators", 0, access_groups=('a,b|"c"]',)),
    ]


def generate_corpus(count: int = 300, seed: int = 7) -> list[SearchDocument]:
    rng = random.Random(seed)
    documents = [make_document(rng, doc_id) for doc_id in range(1, count + 1)]
    return documents + special_documents(count + 1)


def access_id(access: AccessFilter) -> str:
    """A stable test id (a frozenset's order differs between processes, which breaks pytest-xdist)."""
    return f"rank{access.max_rank}-" + ("+".join(sorted(access.groups)) or "nogroups")
