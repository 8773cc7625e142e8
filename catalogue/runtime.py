"""The composition root: one `Catalogue` wires settings, the store, the search backend and the indexer.

The web app, the CLI and the tests all build one of these; nothing reads configuration deeper down.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalogue.access import Principal
from catalogue.classification import ClassificationScheme
from catalogue.config import ConfigError, Settings
from catalogue.db import check_schema, make_engine, make_sessionmaker, upgrade
from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.runner import HarvestRunner
from catalogue.harvest.secrets import SecretBox
from catalogue.harvest.sources import SourceService
from catalogue.indexer import Indexer
from catalogue.store import Store
from search.backend import SearchBackend
from search.factory import open_backend
from search.synonyms import SynonymSet


@dataclass
class Catalogue:
    settings: Settings
    engine: Engine

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = False) -> Catalogue:
        """Open the configured store. With migrate, create or upgrade its schema first; without, refuse a
        store whose schema is out of date (SchemaOutOfDate)."""
        engine = make_engine(settings.resolved_database_url)
        if migrate:
            upgrade(engine)
        else:
            check_schema(engine)
        return cls(settings, engine)

    @cached_property
    def scheme(self) -> ClassificationScheme:
        return ClassificationScheme.of(self.settings.classifications, self.settings.default_classification)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    @cached_property
    def synonyms(self) -> SynonymSet:
        try:
            return SynonymSet.load(self.settings.synonyms_file or None)
        except OSError as error:
            raise ConfigError(f"cannot read CATALOGUE_SYNONYMS_FILE: {error}") from None

    @cached_property
    def search(self) -> SearchBackend:
        backend: SearchBackend = open_backend(self.settings.resolved_search_url, synonyms=self.synonyms)
        return backend

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.sessions, self.search)

    @cached_property
    def store(self) -> Store:
        return Store(self.sessions, self.scheme, self.indexer)

    @cached_property
    def secret_box(self) -> SecretBox:
        """Encrypts source secrets with a key derived from the instance's secret key."""
        return SecretBox(self.secret_key())

    @cached_property
    def sources(self) -> SourceService:
        return SourceService(self.sessions, self.scheme, REGISTRY, self.secret_box)

    def harvest_runner(self, **options: Any) -> HarvestRunner:
        return HarvestRunner.of(self, **options)

    def anonymous_principal(self) -> Principal | None:
        """Visitors' principal when anonymous browsing is on (CATALOGUE_ANONYMOUS_CLEARANCE), else None."""
        clearance = self.settings.anonymous_clearance
        if not clearance:
            return None
        return Principal(name="anonymous", clearance=clearance, anonymous=True)

    def secret_key(self) -> str:
        """The configured key, or a random one kept in the data folder (created on first use)."""
        if self.settings.secret_key:
            return str(self.settings.secret_key)
        path = Path(self.settings.data_path) / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def close(self) -> None:
        if "search" in self.__dict__:
            self.search.close()
        self.engine.dispose()
