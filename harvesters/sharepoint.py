"""The SharePoint harvester: sites, their document libraries (drives) with folders and files, and their
lists, read app-only through Microsoft Graph v1.0.

First run (and `--full`): every drive is enumerated with `delta`, and the listing is complete, so what the
catalogue has and SharePoint no longer does is retired under the runner's guards. Later runs resume from
the checkpoint (each drive's delta link, stored encrypted by the runner after the run's records are
committed) and list only changes: deleted items become `Deleted`, nothing else is retired. A `410 Gone`
(resync required), or a site, library or list that was there last time and is not now, turns the run into
a full enumeration with a complete listing again.

A site, library or list collection that answers 403 is a ListingGap: reported, skipped, its assets kept
(its old delta link too). A token that Graph refuses twice, throttling beyond `max_retry_after`, or Graph
out of reach is a SourceError: the run fails and keeps the old checkpoint.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from marshmallow import EXCLUDE, Schema, ValidationError

from harvesters.base import Deleted, Harvester, ItemError, ItemRef, Listed, ListingGap, Record, SourceError
from harvesters.sharepoint_auth import MsalTokens
from harvesters.sharepoint_config import SharePointConfigSchema
from harvesters.sharepoint_graph import (
    AccessDenied,
    GraphClient,
    GraphError,
    NotFound,
    ResyncRequired,
    RetryPolicy,
    TokenSource,
)
from harvesters.sharepoint_records import (
    drive_key,
    drive_record,
    identity,
    is_catalogued_list,
    item_key,
    item_record,
    list_key,
    list_record,
    lists_prefix,
    sharing_scope,
    site_key,
    site_record,
)

log = logging.getLogger(__name__)
CHECKPOINT_VERSION = 1


@dataclass
class _Site:
    """One site's structure, read before any of its items; None where Graph refused (403)."""

    resource: Mapping[str, Any]
    owner: str | None = None
    drives: list[Mapping[str, Any]] | None = None
    lists: list[Mapping[str, Any]] | None = None
    problems: dict[str, str] = field(default_factory=dict)  # key prefix -> why it was not listed

    @property
    def id(self) -> str:
        return str(self.resource["id"])


@dataclass(frozen=True)
class _ItemHint:
    drive_id: str
    item: Mapping[str, Any]


@dataclass(frozen=True)
class _ListHint:
    site_id: str
    resource: Mapping[str, Any]


class _Resync(Exception):
    def __init__(self, drive_id: str, location: str | None) -> None:
        super().__init__(drive_id)
        self.drive_id, self.location = drive_id, location


class SharePointHarvester(Harvester):
    """Sites, libraries, folders, files and lists of SharePoint Online."""

    kind: ClassVar[str] = "sharepoint"
    title: ClassVar[str] = "SharePoint Online"
    config_schema: ClassVar[type[Schema]] = SharePointConfigSchema

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        try:
            self.settings: dict[str, Any] = SharePointConfigSchema(unknown=EXCLUDE).load(dict(config))
        except ValidationError as error:
            raise SourceError(f"invalid SharePoint settings: {error.messages}") from None
        self._client: GraphClient | None = None
        self._previous: dict[str, Any] = {}
        self._state: dict[str, Any] = {}
        self._complete = True
        self._yielded: set[str] = set()  # keys an incremental pass gave, before a resync
        self._fresh: dict[str, str] = {}  # drive id -> the fresh enumeration link a 410 gave
        self._site_problems: dict[str, str] = {}  # configured site URL -> why it could not be read
        self._site_urls: dict[str, str] = {}  # configured site URL -> site id

    # ----- hooks tests and subclasses may override ------------------------------------------------------

    HEARTBEAT_EVERY = 30.0  # seconds between heartbeats while waiting out throttling

    def pause(self, seconds: float) -> None:
        """Wait out throttling, beating the runner's heartbeat meanwhile so the source's lease holds."""
        while seconds > 0:
            step = min(seconds, self.HEARTBEAT_EVERY)
            time.sleep(step)
            seconds -= step
            self.heartbeat()

    def token_source(self) -> TokenSource:
        settings = self.settings
        return MsalTokens(
            authority=f"{settings['authority_url'].rstrip('/')}/{settings['tenant_id']}",
            client_id=settings["client_id"],
            scope=f"{settings['graph_url'].rstrip('/')}/.default",
            client_secret=settings["client_secret"],
            certificate=settings["certificate"],
            certificate_password=settings["certificate_password"],
            verify=self._verify,
            timeout=settings["timeout"],
        )

    @property
    def _verify(self) -> bool | str:
        # True lets requests trust REQUESTS_CA_BUNDLE (or the system's CAs); a path is used as given.
        return str(self.settings["ca_bundle"]) if self.settings["ca_bundle"] else True

    @property
    def client(self) -> GraphClient:
        if self._client is None:
            try:
                tokens = self.token_source()
            except GraphError as error:
                raise SourceError(error.message) from None
            self._client = GraphClient(
                f"{self.settings['graph_url'].rstrip('/')}/v1.0",
                tokens,
                verify=self._verify,
                timeout=self.settings["timeout"],
                sleep=self.pause,
                policy=RetryPolicy(max_retry_after=float(self.settings["max_retry_after"])),
            )
        return self._client

    # ----- the runner's hooks ---------------------------------------------------------------------------

    def resume_from(self, checkpoint: Mapping[str, Any]) -> None:
        self._previous = dict(checkpoint) if checkpoint.get("version") == CHECKPOINT_VERSION else {}

    def checkpoint(self) -> Mapping[str, Any] | None:
        return self._state or None

    def listing_is_complete(self) -> bool:
        return self._complete

    def check(self) -> None:
        try:
            self._sites()
        except GraphError as error:
            raise SourceError(error.message) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # ----- listing --------------------------------------------------------------------------------------

    def list_items(self) -> Iterator[Listed]:
        try:
            sites = self._structure()
            incremental = self._can_resume(sites)
            self._complete = not incremental
            self._state = self._fresh_state()
            try:
                for listed in self._listing(sites, incremental):
                    if incremental and isinstance(listed, ItemRef | Record):
                        self._yielded.add(listed.key)
                    yield listed
            except _Resync as resync:
                log.info(
                    "SharePoint asked for a resync of drive %s: listing everything again", resync.drive_id
                )
                if resync.location:
                    self._fresh[resync.drive_id] = resync.location
                self._complete = True
                self._state = self._fresh_state()
                for listed in self._listing(sites, incremental=False):  # what the first pass gave is seen
                    if not (isinstance(listed, ItemRef | Record) and listed.key in self._yielded):
                        yield listed
        except GraphError as error:
            raise SourceError(error.message) from None

    def _fresh_state(self) -> dict[str, Any]:
        return {"version": CHECKPOINT_VERSION, "drives": {}, "containers": [], "sites": {}}

    def _can_resume(self, sites: list[_Site]) -> bool:
        """Resume from delta links only when every site, library and list of last time is still there
        (or could not be read now): otherwise list everything, so what went is retired."""
        if not self._previous.get("drives"):
            return False
        present = {site_key(s.id) for s in sites}
        gaps: list[str] = []
        for site in sites:
            present.update(drive_key(site.id, str(d["id"])) for d in site.drives or [])
            present.update(list_key(site.id, str(li["id"])) for li in site.lists or [])
            gaps.extend(site.problems)
        gaps.extend(self._unreadable_sites())
        missing = [
            key
            for key in self._previous.get("containers", [])
            if key not in present and not any(key == g or key.startswith(g + "/") for g in gaps)
        ]
        if missing:
            log.info(
                "%d sites, libraries or lists have gone since the last run: listing everything", len(missing)
            )
        return not missing

    def _listing(self, sites: list[_Site], incremental: bool) -> Iterator[Listed]:
        for url, problem in self._site_problems.items():
            known = self._previous.get("sites", {}).get(url)
            yield ListingGap(site_key(known) if known else url, problem)
            if known:
                self._carry_over(known)
        for site in sites:
            self._state["sites"].update({u: site.id for u, i in self._site_urls.items() if i == site.id})
            self._state["containers"].append(site_key(site.id))
            yield site_record(site.resource, site.owner)
            for prefix, problem in site.problems.items():
                yield ListingGap(prefix, problem)
            if site.drives is None:
                self._carry_over(site.id)
            for drive in site.drives or []:
                yield from self._drive(site.id, drive, incremental)
            for resource in site.lists or []:
                self._state["containers"].append(list_key(site.id, str(resource["id"])))
                fingerprint = str(resource.get("eTag") or resource.get("lastModifiedDateTime") or "")
                yield ItemRef(
                    list_key(site.id, str(resource["id"])),
                    site_key(site.id),
                    fingerprint,
                    hint=_ListHint(site.id, resource),
                )

    def _carry_over(self, site_id: str) -> None:
        """A site or library not read this time keeps its old delta links and containers."""
        for drive_id, drive_state in self._previous.get("drives", {}).items():
            if drive_state.get("site") == site_id and drive_id not in self._state["drives"]:
                self._state["drives"][drive_id] = drive_state
        prefix = site_key(site_id)
        self._state["containers"].extend(
            key
            for key in self._previous.get("containers", [])
            if (key == prefix or key.startswith(prefix + "/")) and key not in self._state["containers"]
        )

    # ----- one drive, by delta ----------------------------------------------------------------------

    def _drive(self, site_id: str, drive: Mapping[str, Any], incremental: bool) -> Iterator[Listed]:
        drive_id = str(drive["id"])
        key = drive_key(site_id, drive_id)
        self._state["containers"].append(key)
        yield drive_record(site_id, drive)
        previous = self._previous.get("drives", {}).get(drive_id, {})
        start = previous.get("delta") if incremental else self._fresh.get(drive_id)
        try:
            root_id = previous.get("root") or self._root_id(drive_id)
            delta_link = None
            for page in self.client.pages(start or f"/drives/{_segment(drive_id)}/root/delta"):
                for item in page.get("value", []):
                    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                        yield from self._item(site_id, drive_id, root_id, item)
                link = page.get("@odata.deltaLink")
                delta_link = link if isinstance(link, str) else delta_link
        except AccessDenied as error:
            yield ListingGap(key, f"library {drive.get('name', drive_id)} could not be read: {error.message}")
            if previous:
                self._state["drives"][drive_id] = previous
            return
        except ResyncRequired as error:
            if incremental:
                raise _Resync(drive_id, error.location) from None
            raise SourceError(
                f"Graph asked for a resync during a full enumeration: {error.message}"
            ) from None
        self._state["drives"][drive_id] = {"site": site_id, "root": root_id, "delta": delta_link}

    def _root_id(self, drive_id: str) -> str:
        return str(self.client.get(f"/drives/{_segment(drive_id)}/root", {"$select": "id"})["id"])

    def _item(
        self,
        site_id: str,
        drive_id: str,
        root_id: str,
        item: Mapping[str, Any],
    ) -> Iterator[Listed]:
        key = item_key(site_id, drive_id, item["id"])
        if "deleted" in item:
            yield Deleted(key)
            return
        if "root" in item or item["id"] == root_id:
            return  # the library's own record stands for its root folder
        parent_id = (item.get("parentReference") or {}).get("id")
        parent = (
            drive_key(site_id, drive_id)
            if parent_id in (None, root_id)
            else item_key(site_id, drive_id, parent_id)
        )
        fingerprint = str(item.get("eTag") or item.get("cTag") or item.get("lastModifiedDateTime") or "")
        yield ItemRef(key, parent, fingerprint, hint=_ItemHint(drive_id, item))

    # ----- reading ----------------------------------------------------------------------------------

    def read_item(self, ref: ItemRef) -> Record:
        try:
            if isinstance(ref.hint, _ListHint):
                return self._read_list(ref, ref.hint)
            if isinstance(ref.hint, _ItemHint):
                return self._read_drive_item(ref, ref.hint)
        except GraphError as error:
            raise SourceError(error.message) from None
        raise ItemError(ref.key, "listed without its Graph data; it is read again next run")

    def _read_list(self, ref: ItemRef, hint: _ListHint) -> Record:
        path = f"/sites/{_segment(hint.site_id)}/lists/{_segment(str(hint.resource['id']))}/items"
        count: int | None = None
        warnings: list[str] = []
        try:
            count = sum(1 for _ in self.client.values(path, {"$select": "id"}))
        except (AccessDenied, NotFound) as error:
            warnings.append(f"items not counted: {error.message}")
        record = list_record(hint.site_id, hint.resource, count, ref.fingerprint)
        return Record(
            record.key, record.fields, record.parent_key, record.columns, ref.fingerprint, tuple(warnings)
        )

    def _read_drive_item(self, ref: ItemRef, hint: _ItemHint) -> Record:
        item_path = f"/drives/{_segment(hint.drive_id)}/items/{_segment(str(hint.item['id']))}"
        warnings: list[str] = []
        scope: str | None = None
        label: Mapping[str, Any] | None = None
        if self.settings["read_permissions"]:
            try:
                scope = sharing_scope(self.client.values(f"{item_path}/permissions"))
            except (AccessDenied, NotFound) as error:
                warnings.append(f"sharing not read: {error.message}")
        if self.settings["read_retention_labels"] and "file" in hint.item:
            try:
                label = self.client.get(f"{item_path}/retentionLabel")
            except (AccessDenied, NotFound) as error:
                warnings.append(f"retention label not read: {error.message}")
        return item_record(
            ref.key,
            ref.parent_key,
            hint.item,
            fingerprint=ref.fingerprint,
            scope=scope,
            retention_label=label,
            warnings=warnings,
        )

    # ----- structure: sites, their drives and lists ------------------------------------------------------

    def _structure(self) -> list[_Site]:
        return [self._site(resource) for resource in self._sites()]

    def _sites(self) -> list[Mapping[str, Any]]:
        """The sites to harvest: those configured, else every one the app may read."""
        self._site_problems, self._site_urls = {}, {}
        if not self.settings["sites"]:
            try:
                found = list(self.client.values("/sites/getAllSites"))
            except AccessDenied as error:
                raise SourceError(
                    f"the app may not list all sites ({error.message}); with Sites.Selected, list the "
                    "site URLs in `sites`"
                ) from None
            return [
                s for s in found if self.settings["include_personal_sites"] or not s.get("isPersonalSite")
            ]
        sites: list[Mapping[str, Any]] = []
        for url in self.settings["sites"]:
            parts = urlsplit(url)
            path = parts.path.rstrip("/")
            address = f"/sites/{parts.netloc}:{_segment(path)}" if path else f"/sites/{parts.netloc}"
            try:
                site = self.client.get(address)
            except (AccessDenied, NotFound) as error:
                self._site_problems[url] = f"site {url} could not be read: {error.message}"
                continue
            self._site_urls[url] = str(site["id"])
            sites.append(site)
        if not sites and self._site_problems:
            raise SourceError("; ".join(self._site_problems.values()))
        return sites

    def _unreadable_sites(self) -> list[str]:
        known = self._previous.get("sites", {})
        return [site_key(known[url]) for url in self._site_problems if url in known]

    def _site(self, resource: Mapping[str, Any]) -> _Site:
        site = _Site(resource)
        base = f"/sites/{_segment(site.id)}"
        try:
            site.drives = list(self.client.values(f"{base}/drives"))
        except AccessDenied as error:
            site.problems[f"{site_key(site.id)}/drives"] = f"libraries of {_name(resource)}: {error.message}"
        try:
            site.lists = [
                li
                for li in self.client.values(f"{base}/lists", {"$expand": "columns"})
                if is_catalogued_list(li)
            ]
        except AccessDenied as error:
            site.problems[lists_prefix(site.id)] = f"lists of {_name(resource)}: {error.message}"
        try:
            site.owner = identity(self.client.get(f"{base}/drive", {"$select": "id,owner"}).get("owner"))
        except (AccessDenied, NotFound):
            site.owner = None
        return site


def _segment(value: str) -> str:
    """A Graph id or path in a URL: percent-encoded, with the commas and `!` of Graph's ids kept."""
    return quote(value, safe="/,!")


def _name(resource: Mapping[str, Any]) -> str:
    return str(
        resource.get("displayName") or resource.get("name") or resource.get("webUrl") or resource.get("id")
    )
