"""Sources as a service: create, edit, enable, disable, remove and read them, with their runs. The CLI, the
API and the admin pages all call this, so validation and secret handling cannot drift between them."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from catalogue.access import Principal, visible_to
from catalogue.audit import record_event
from catalogue.classification import ClassificationScheme
from catalogue.harvest import schedule as schedule_rules
from catalogue.harvest import secrets
from catalogue.harvest.registry import HarvesterUnavailable, Registry, UnknownKind
from catalogue.harvest.rules import InvalidRules, check_rules, check_values
from catalogue.models import Asset, HarvestRun, Source
from search.backend import SearchError

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
EDITABLE = ("title", "config", "defaults", "rules", "schedule", "enabled")


class SourceNotFound(LookupError):
    """No such source (or run)."""


class InvalidSource(ValueError):
    """A source's settings cannot be used; `details` says which and why (never a secret's value)."""

    def __init__(self, details: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in details.items()))
        self.details = dict(details)


@dataclass(frozen=True)
class SourceSummary:
    source: Source
    last_run: HarvestRun | None
    asset_count: int


def check_schedule(schedule: str | None) -> str | None:
    """A cron expression (see `catalogue.harvest.schedule`), or None."""
    try:
        return schedule_rules.normalise(schedule)
    except schedule_rules.InvalidSchedule as error:
        raise InvalidSource({"schedule": str(error)}) from None


class SourceService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        scheme: ClassificationScheme,
        registry: Registry,
        box: secrets.SecretBox,
    ) -> None:
        self.sessions, self.scheme, self.registry, self.box = sessions, scheme, registry, box

    # ----- reading -----------------------------------------------------------------------------------

    def get(self, ref: int | str) -> Source:
        """A source by id or name."""
        with self.sessions() as session:
            if isinstance(ref, int):
                source = session.get(Source, ref)
            else:
                source = session.scalar(select(Source).where(Source.name == ref))
            if source is None:
                raise SourceNotFound(f"no source {ref!r}")
            return source

    def summaries(self, principal: Principal | None = None) -> list[SourceSummary]:
        """Every source with its last run and its asset count: the assets `principal` may see, or all of
        them when no principal is given (the command line)."""
        counted = select(Asset.source_id, func.count()).group_by(Asset.source_id)
        if principal is not None:
            counted = counted.where(visible_to(principal, self.scheme))
        with self.sessions() as session:
            sources = session.scalars(select(Source).order_by(Source.name)).all()
            latest = dict(
                session.execute(
                    select(HarvestRun.source_id, func.max(HarvestRun.id)).group_by(HarvestRun.source_id)
                ).all()
            )
            last_runs = select(HarvestRun).where(HarvestRun.id.in_(latest.values()))
            runs = {r.id: r for r in session.scalars(last_runs.options(selectinload(HarvestRun.errors)))}
            counts = dict(session.execute(counted).all())
            return [SourceSummary(s, runs.get(latest.get(s.id, -1)), counts.get(s.id, 0)) for s in sources]

    def runs(self, source_id: int, limit: int = 20) -> list[HarvestRun]:
        """The source's runs, newest first, with their grouped errors."""
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(HarvestRun)
                    .where(HarvestRun.source_id == source_id)
                    .options(selectinload(HarvestRun.errors))
                    .order_by(HarvestRun.id.desc())
                    .limit(limit)
                )
            )

    def run(self, run_id: int) -> HarvestRun:
        with self.sessions() as session:
            run = session.scalar(
                select(HarvestRun)
                .where(HarvestRun.id == run_id)
                .options(selectinload(HarvestRun.errors), selectinload(HarvestRun.source))
            )
            if run is None:
                raise SourceNotFound(f"no run {run_id}")
            return run

    def secret_names(self, kind: str) -> list[str]:
        try:
            return secrets.secret_fields(self.registry.load(kind).config_schema)
        except (UnknownKind, HarvesterUnavailable):
            return []

    def masked_config(self, source: Source) -> dict[str, Any]:
        """The config as the API returns it: stored literals as the mask, references as they are."""
        return secrets.masked(source.config or {}, self.secret_names(source.kind))

    def shown_config(self, source: Source) -> dict[str, Any]:
        """The config as pages and the CLI show it: each secret as the mask or `env:NAME`/`file:PATH`."""
        names = set(self.secret_names(source.kind))
        return {k: secrets.describe(v) if k in names else v for k, v in (source.config or {}).items()}

    # ----- writing -----------------------------------------------------------------------------------

    def create(self, name: str, kind: str, config: Mapping[str, Any], actor: str, **settings: Any) -> Source:
        if not isinstance(name, str) or not NAME.match(name):
            raise InvalidSource({"name": "use 1 to 100 lower-case letters, digits, '.', '_' or '-'"})
        values = self._checked(kind, {"config": config, **settings}, previous_config={})
        with self.sessions.begin() as session:
            if session.scalar(select(Source.id).where(Source.name == name)) is not None:
                raise InvalidSource({"name": f"a source called {name!r} already exists"})
            source = Source(name=name, kind=kind, title=values.pop("title", "") or name, **values)
            session.add(source)
            session.flush()
            self._audit(session, actor, "source.create", source, sorted(values))
        return source

    def edit(self, ref: int | str, actor: str, **changes: Any) -> Source:
        """Change some of a source's settings; a secret left out of `config` (or sent as the mask) is kept."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise InvalidSource(dict.fromkeys(unknown, "cannot be changed"))
        current = self.get(ref)
        values = self._checked(current.kind, changes, previous_config=current.config or {})
        with self.sessions.begin() as session:
            source = session.get(Source, current.id)
            if source is None:
                raise SourceNotFound(f"no source {ref!r}")
            changed = [k for k, v in values.items() if getattr(source, k) != v]
            # old and new values for the audit log; the config holds secrets (sealed): only its keys show
            old = {k: getattr(source, k) for k in changed if k != "config"}
            new = {k: values[k] for k in changed if k != "config"}
            for key in changed:
                setattr(source, key, values[key])
            if changed:
                self._audit(session, actor, "source.edit", source, changed, old=old, new=new)
        return source

    def remove(self, ref: int | str, actor: str, delete_assets: bool = False, indexer: Any = None) -> int:
        """Remove a source and its runs. One with assets is refused unless `delete_assets`; returns how
        many assets went with it."""
        source = self.get(ref)
        with self.sessions.begin() as session:
            ids = list(session.scalars(select(Asset.id).where(Asset.source_id == source.id)))
            if ids and not delete_assets:
                raise InvalidSource(
                    {"name": f"{source.name} has {len(ids)} assets: disable it, or remove it with its assets"}
                )
            session.execute(delete(Asset).where(Asset.source_id == source.id))
            session.delete(session.get(Source, source.id))
            self._audit(session, actor, "source.remove", source, [], assets=len(ids))
        if ids and indexer is not None:
            # the store is right even if search is down; `catalogue reindex --repair` removes the orphans
            with contextlib.suppress(SearchError):
                indexer.backend.delete(ids)
        return len(ids)

    def _checked(
        self, kind: str, values: Mapping[str, Any], previous_config: Mapping[str, Any]
    ) -> dict[str, Any]:
        checked: dict[str, Any] = {}
        try:
            if "config" in values:
                checked["config"] = self._config(kind, values["config"], previous_config)
            if "defaults" in values:
                checked["defaults"] = check_values(values["defaults"] or {}, self.scheme, "defaults")
            if "rules" in values:
                checked["rules"] = check_rules(values["rules"] or [], self.scheme)
        except InvalidRules as error:
            raise InvalidSource(
                {"rules" if str(error).startswith("rule") else "defaults": str(error)}
            ) from None
        if "schedule" in values:
            checked["schedule"] = check_schedule(values["schedule"])
        if "title" in values:
            checked["title"] = str(values["title"] or "").strip()[:300]
        if "enabled" in values:
            checked["enabled"] = bool(values["enabled"])
        return checked

    def _config(self, kind: str, config: Any, previous: Mapping[str, Any]) -> dict[str, Any]:
        try:
            cls = self.registry.load(kind)
        except (UnknownKind, HarvesterUnavailable) as error:
            raise InvalidSource({"kind": str(error)}) from None
        if not isinstance(config, Mapping):
            raise InvalidSource({"config": "give a JSON object"})
        names = secrets.secret_fields(cls.config_schema)
        try:
            sealed = secrets.seal(config, names, self.box, previous)
        except secrets.SecretError as error:
            raise InvalidSource({"config": str(error)}) from None
        validate_config(cls.config_schema(), sealed, names)
        return sealed

    def _audit(
        self, session: Session, actor: str, action: str, source: Source, fields: list[str], **more: Any
    ) -> None:
        record_event(
            session,
            actor,
            action,
            target_type="source",
            target_id=source.id,
            name=source.name,
            kind=source.kind,
            fields=fields,
            **more,
        )


def validate_config(schema: Schema, sealed: Mapping[str, Any], names: list[str]) -> None:
    """Check a stored config against the harvester's schema, secrets stood in for by a placeholder."""
    probe = {k: ("placeholder" if k in names else v) for k, v in sealed.items()}
    try:
        schema.load(probe)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"config": error.messages}
        raise InvalidSource({f"config.{k}": _text(v) for k, v in messages.items()}) from None


def _text(messages: Any) -> str:
    if isinstance(messages, list):
        return " ".join(str(m) for m in messages)
    if isinstance(messages, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in messages.items())
    return str(messages)
