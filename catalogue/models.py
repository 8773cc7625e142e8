"""The store's tables (SQLAlchemy 2). Migrations in `catalogue/migrations/` must match these.

An asset keeps both layers of every field of `catalogue.fields`: `harvested` (what its source last said)
and `curated` (what a person set), as JSON objects, plus the *effective* value of each field in its own
column (curated if set, else harvested, else the default), which is what queries, facets and the access
filter read. Only `catalogue.merge` computes effective values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A system the catalogue harvests (or a register typed in by hand)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(50))
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)  # secrets encrypted, never in clear
    defaults: Mapped[dict[str, Any]] = mapped_column(default=dict)  # governed defaults for its assets
    rules: Mapped[list[Any]] = mapped_column(default=list)  # path/pattern rules setting governed fields
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    schedule: Mapped[str | None] = mapped_column(String(100))  # cron expression
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)  # harvester cursors (e.g. delta links)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    runs: Mapped[list[HarvestRun]] = relationship(back_populates="source", cascade="all, delete-orphan")


class HarvestRun(Base):
    __tablename__ = "harvest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")  # RunStatus
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # manual, schedule, api
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    gone: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    gaps: Mapped[list[Any]] = mapped_column(default=list)  # key prefixes the listing could not read
    reviewed_by: Mapped[str | None] = mapped_column(String(300))  # who confirmed a needs-review retirement
    reviewed_at: Mapped[datetime | None]

    source: Mapped[Source] = relationship(back_populates="runs")
    errors: Mapped[list[RunError]] = relationship(back_populates="run", cascade="all, delete-orphan")


class RunError(Base):
    """Item errors of a run, grouped by message with a capped list of sample keys."""

    __tablename__ = "run_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("harvest_runs.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=0)
    sample_keys: Mapped[list[Any]] = mapped_column(default=list)

    run: Mapped[HarvestRun] = relationship(back_populates="errors")


class HarvestLease(Base):
    """One holder at a time for a named job (a source's harvest), across processes; expires if its holder
    dies without releasing it."""

    __tablename__ = "harvest_leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(300))  # host:pid:random
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        UniqueConstraint("source_id", "key", name="uq_assets_source_key"),
        Index("ix_assets_access", "classification_rank", "restricted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    key: Mapped[str] = mapped_column(String(2000))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # the two layers, field name -> JSON value
    harvested: Mapped[dict[str, Any]] = mapped_column(default=dict)
    curated: Mapped[dict[str, Any]] = mapped_column(default=dict)

    # effective values (derived by catalogue.merge; never set directly)
    title: Mapped[str] = mapped_column(String(1000), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(50), index=True)
    location: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(200))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    row_count: Mapped[int | None] = mapped_column(BigInteger)
    column_count: Mapped[int | None] = mapped_column(Integer)
    created_at_source: Mapped[datetime | None]
    modified_at_source: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(300))
    modified_by: Mapped[str | None] = mapped_column(String(300))
    owner_at_source: Mapped[str | None] = mapped_column(String(300))
    readable_at_source_by: Mapped[list[Any]] = mapped_column(default=list)
    flags: Mapped[list[Any]] = mapped_column(default=list)  # a harvester's findings, searched as tags
    content_hash: Mapped[str | None] = mapped_column(String(128), index=True)
    quick_xor_hash: Mapped[str | None] = mapped_column(String(128), index=True)
    schema_fingerprint: Mapped[str | None] = mapped_column(String(128), index=True)
    vendor: Mapped[str | None] = mapped_column(String(300))
    hosting: Mapped[str | None] = mapped_column(String(300))
    application: Mapped[str | None] = mapped_column(String(1000), index=True)
    owner: Mapped[str | None] = mapped_column(String(300), index=True)
    steward: Mapped[str | None] = mapped_column(String(300), index=True)
    department: Mapped[str | None] = mapped_column(String(300), index=True)
    business_owner: Mapped[str | None] = mapped_column(String(300))
    technical_owner: Mapped[str | None] = mapped_column(String(300))
    classification: Mapped[str] = mapped_column(String(100))
    classification_rank: Mapped[int] = mapped_column(Integer)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # has access groups
    handling_markings: Mapped[list[Any]] = mapped_column(default=list)
    personal_data: Mapped[str | None] = mapped_column(String(50))
    lawful_basis: Mapped[str | None] = mapped_column(String(300))
    retention_period: Mapped[str | None] = mapped_column(String(300))
    retention_basis: Mapped[str | None] = mapped_column(String(300))
    disposal_action: Mapped[str | None] = mapped_column(String(50))
    disposal_due: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date)
    open_data_status: Mapped[str] = mapped_column(String(50), default="not_assessed")
    open_data_reason: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(300))
    lifecycle: Mapped[str] = mapped_column(String(20), default="active", index=True)

    # provenance
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_runs.id", ondelete="SET NULL"))
    last_seen_at: Mapped[datetime | None]
    fingerprint: Mapped[str | None] = mapped_column(String(500))  # the source's change marker when last read
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship()
    parent: Mapped[Asset | None] = relationship(remote_side=[id])
    tag_rows: Mapped[list[AssetTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    group_rows: Mapped[list[AssetAccessGroup]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    columns: Mapped[list[AssetColumn]] = relationship(
        cascade="all, delete-orphan", order_by="AssetColumn.position"
    )

    # The version is set by catalogue.merge; SQLAlchemy still adds "WHERE version = <old>" to every UPDATE,
    # so two writers racing on one asset cannot both win (the loser gets StaleDataError).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def tags(self) -> list[str]:
        return sorted(row.tag for row in self.tag_rows)

    @property
    def access_groups(self) -> list[str]:
        return sorted(row.group for row in self.group_rows)


class AssetTag(Base):
    __tablename__ = "asset_tags"

    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class AssetAccessGroup(Base):
    """Groups an asset is restricted to (none: everyone cleared for its classification)."""

    __tablename__ = "asset_access_groups"

    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    group: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class AssetColumn(Base):
    """A column of a table, view or sheet, as harvested."""

    __tablename__ = "asset_columns"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    data_type: Mapped[str] = mapped_column(String(200), default="")
    nullable: Mapped[bool | None] = mapped_column(Boolean)
    default: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text, default="")
    primary_key: Mapped[bool] = mapped_column(Boolean, default=False)


class AssetChange(Base):
    """One field of one asset changing: the asset's history (append-only)."""

    __tablename__ = "asset_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(300))  # a user name, or "harvest:<source>"
    layer: Mapped[str] = mapped_column(String(20))  # harvested | curated | created
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_runs.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer)  # the asset's version after the change


class Person(Base):
    """Someone named as an owner or steward."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    email: Mapped[str | None] = mapped_column(String(300))
    job_title: Mapped[str | None] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(300))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    clearance: Mapped[str] = mapped_column(String(100))
    groups: Mapped[list[Any]] = mapped_column(default=list)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    external_id: Mapped[str | None] = mapped_column(String(500), unique=True)  # OIDC "issuer|subject"
    last_signin_at: Mapped[datetime | None]

    person: Mapped[Person | None] = relationship(lazy="selectin")
    department_rows: Mapped[list[UserDepartment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def departments(self) -> list[str]:
        """The departments whose assets this user may curate (beyond those they own or steward)."""
        return sorted(row.department for row in self.department_rows)


class UserDepartment(Base):
    """A grant: the user curates the assets of this department."""

    __tablename__ = "user_departments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    department: Mapped[str] = mapped_column(String(300), primary_key=True)


class UserSession(Base):
    """A signed-in browser session. The cookie holds a random id; only its SHA-256 is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # password | oidc
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A user's token for scripts (`Authorization: Bearer ...`). Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(20))  # the token's last characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """A password sign-in attempt, kept for the lockout window (rate limiting across processes)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEvent(Base):
    """Append-only record of an action: who, what, when (UTC), old and new values."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(100), index=True)
    target_type: Mapped[str | None] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
