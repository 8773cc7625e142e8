"""A local HTTPS stand-in for the Microsoft identity platform and Microsoft Graph v1.0, as far as the
SharePoint harvester uses them, shaped after Microsoft's reference pages:

- `GET /{tenant}/v2.0/.well-known/openid-configuration` and `POST /{tenant}/oauth2/v2.0/token`
  (client credentials with a client secret or a certificate-signed client assertion, checked);
- `/v1.0/sites/getAllSites`, `/v1.0/sites/{hostname}:/{path}`, `/sites/{id}/drives`, `/sites/{id}/drive`,
  `/sites/{id}/lists?$expand=columns`, `/sites/{id}/lists/{id}/items`;
- `/v1.0/drives/{id}/root`, `/drives/{id}/root/delta` (pages with `@odata.nextLink`, a final
  `@odata.deltaLink`, deleted items with the `deleted` facet, `410 Gone` with a `Location` for a resync),
  `/drives/{id}/items/{id}/permissions`, `/drives/{id}/items/{id}/retentionLabel`;
- errors as `{"error": {"code", "message"}}`: 401 for an expired token, 403, 404, and 429/503 with
  `Retry-After` when a test asks for throttling.

The tenant is an in-memory model that tests change between runs; every request is logged.
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from quickxor_reference import quick_xor_base64
from tls_material import make_tls

TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
CLIENT_SECRET = "test-client-secret-value"
HOST = "contoso.sharepoint.com"
WHEN = "2024-03-04T05:06:07Z"


# ----- the tenant -------------------------------------------------------------------------------------


def person(name: str) -> dict[str, Any]:
    return {"user": {"displayName": name, "email": f"{name.split()[0].lower()}@contoso.example"}}


@dataclass
class Item:
    id: str
    name: str
    parent: str  # parent item id
    folder: bool = False
    content: bytes = b""
    created_by: str = "Ann Lee"
    modified_by: str = "Ann Lee"
    version: int = 1
    seq: int = 0
    deleted: bool = False
    permissions: list[dict[str, Any]] = field(default_factory=list)
    retention_label: str | None = None


@dataclass
class Drive:
    id: str
    name: str
    site: Site
    root_id: str
    owner: str = "Finance Owners"
    items: dict[str, Item] = field(default_factory=dict)
    forbidden: bool = False
    expired_before: int = 0  # delta tokens issued at or before this sequence answer 410


@dataclass
class SPList:
    id: str
    name: str
    display_name: str
    template: str = "genericList"
    hidden: bool = False
    system: bool = False
    items: int = 0
    columns: list[dict[str, Any]] = field(default_factory=list)
    version: int = 1


@dataclass
class Site:
    id: str
    path: str  # server-relative, "/sites/Finance"
    display_name: str
    drives: list[Drive] = field(default_factory=list)
    lists: list[SPList] = field(default_factory=list)
    forbidden: bool = False
    personal: bool = False

    @property
    def web_url(self) -> str:
        return f"https://{HOST}{self.path}"


@dataclass
class Throttle:
    match: str
    count: int
    status: int = 429
    retry_after: str | None = "1"
    after: int = 0  # let this many matching requests through first


class Tenant:
    def __init__(self) -> None:
        self.sites: list[Site] = []
        self.seq = itertools.count(1)
        self.ids = itertools.count(1)

    def add_site(self, name: str, display_name: str | None = None, **options: Any) -> Site:
        guid = f"{next(self.ids):08d}-0000-0000-0000-000000000000"
        site = Site(f"{HOST},{guid},{guid[::-1]}", f"/sites/{name}", display_name or name, **options)
        self.sites.append(site)
        return site

    def add_drive(self, site: Site, name: str = "Documents", owner: str = "Finance Owners") -> Drive:
        number = next(self.ids)
        drive = Drive(f"b!drive{number:04d}_x-Y", name, site, f"ROOT{number:04d}", owner)
        site.drives.append(drive)
        return drive

    def add_list(self, site: Site, name: str, display_name: str, **options: Any) -> SPList:
        item = SPList(f"{next(self.ids):08d}-1111-2222-3333-444444444444", name, display_name, **options)
        site.lists.append(item)
        return item

    def put(self, drive: Drive, name: str, parent: Item | None = None, **options: Any) -> Item:
        item = Item(f"ITEM{next(self.ids):05d}", name, parent.id if parent else drive.root_id, **options)
        item.seq = next(self.seq)
        drive.items[item.id] = item
        return item

    def change(self, drive: Drive, item: Item, **changes: Any) -> Item:
        for name, value in changes.items():
            setattr(item, name, value)
        item.version += 1
        item.seq = next(self.seq)
        return item

    def delete(self, drive: Drive, item: Item) -> None:
        item.deleted = True
        item.seq = next(self.seq)

    def expire_delta_links(self, drive: Drive) -> None:
        """Old delta tokens of this drive now answer 410 Gone (resync required)."""
        drive.expired_before = next(self.seq)

    def drive(self, drive_id: str) -> Drive | None:
        return next((d for s in self.sites for d in s.drives if d.id == drive_id), None)

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)


# ----- JSON shapes ------------------------------------------------------------------------------------


def site_json(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.path.rsplit("/", 1)[-1],
        "displayName": site.display_name,
        "description": f"{site.display_name} team site",
        "webUrl": site.web_url,
        "createdDateTime": WHEN,
        "lastModifiedDateTime": WHEN,
        "isPersonalSite": site.personal,
        "siteCollection": {"hostname": HOST},
    }


def drive_json(drive: Drive) -> dict[str, Any]:
    return {
        "id": drive.id,
        "name": drive.name,
        "driveType": "documentLibrary",
        "description": "",
        "webUrl": f"{drive.site.web_url}/{urllib.parse.quote(drive.name)}",
        "createdDateTime": WHEN,
        "lastModifiedDateTime": WHEN,
        "createdBy": person("System Account"),
        "owner": {"group": {"displayName": drive.owner, "email": "owners@contoso.example"}},
        "quota": {"used": sum(len(i.content) for i in drive.items.values()), "total": 10**12},
    }


def item_json(drive: Drive, item: Item) -> dict[str, Any]:
    reference = {
        "driveId": drive.id,
        "driveType": "documentLibrary",
        "id": item.parent,
        "siteId": drive.site.id,
    }
    if item.deleted:
        return {
            "id": item.id,
            "name": item.name,
            "deleted": {"state": "deleted"},
            "parentReference": reference,
        }
    body: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "eTag": f'"{{{item.id}}},{item.version}"',
        "cTag": f'"c:{{{item.id}}},{item.version}"',
        "createdDateTime": WHEN,
        "lastModifiedDateTime": f"2024-03-{min(item.version, 28):02d}T10:00:00Z",
        "createdBy": person(item.created_by),
        "lastModifiedBy": person(item.modified_by),
        "parentReference": reference,
        "webUrl": f"{drive.site.web_url}/{urllib.parse.quote(drive.name)}/{urllib.parse.quote(item.name)}",
        "size": len(item.content),
    }
    if item.folder:
        body["folder"] = {"childCount": sum(1 for i in drive.items.values() if i.parent == item.id)}
    else:
        mime = "application/pdf" if item.name.endswith(".pdf") else "text/plain"
        body["file"] = {"mimeType": mime, "hashes": {"quickXorHash": quick_xor_base64(item.content)}}
    return body


def root_json(drive: Drive) -> dict[str, Any]:
    return {
        "id": drive.root_id,
        "name": "root",
        "root": {},
        "folder": {"childCount": 0},
        "webUrl": f"{drive.site.web_url}/{urllib.parse.quote(drive.name)}",
        "eTag": f'"{{{drive.root_id}}},1"',
        "parentReference": {"driveId": drive.id, "driveType": "documentLibrary"},
    }


def list_json(item: SPList) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "displayName": item.display_name,
        "description": f"{item.display_name} list",
        "webUrl": f"https://{HOST}/Lists/{item.name}",
        "eTag": f'"{item.id},{item.version}"',
        "createdDateTime": WHEN,
        "lastModifiedDateTime": WHEN,
        "createdBy": person("Bob Cole"),
        "lastModifiedBy": person("Bob Cole"),
        "list": {"contentTypesEnabled": False, "hidden": item.hidden, "template": item.template},
        "columns": item.columns,
    }
    if item.system:
        body["system"] = {}
    return body


# ----- the server -------------------------------------------------------------------------------------


class GraphServer:
    def __init__(self, folder: Path, page_size: int = 3) -> None:
        self.tenant = Tenant()
        self.page_size = page_size
        self.ca, cert, key = make_tls(folder)
        self.app_certificate: x509.Certificate | None = None
        self.tokens: dict[str, bool] = {}  # access token -> still valid
        self.refuse_tokens = False  # every access token answers 401 (a revoked app)
        self.throttles: list[Throttle] = []
        self.log: list[tuple[str, str, int]] = []  # (method, path with query, status)
        self.token_requests = 0
        self.graph_requests = 0
        self.expire_tokens_at: int | None = None  # the n-th Graph request finds its token expired
        self._cursors: dict[str, dict[str, Any]] = {}  # delta/next token -> where it points
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> GraphServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def config(self, **overrides: Any) -> dict[str, Any]:
        """A source config for this server (client secret credentials, this server's CA trusted)."""
        return {
            "tenant_id": TENANT,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "authority_url": self.url,
            "graph_url": self.url,
            "ca_bundle": str(self.ca),
            **overrides,
        }

    def expire_access_tokens(self) -> None:
        with self._lock:
            self.tokens = dict.fromkeys(self.tokens, False)

    def throttle(
        self, match: str, count: int = 1, status: int = 429, retry_after: str | None = "1", after: int = 0
    ) -> None:
        self.throttles.append(Throttle(match, count, status, retry_after, after))

    def gets(self, fragment: str, status: int = 200) -> list[str]:
        return [
            path for method, path, code in self.log if method == "GET" and fragment in path and code == status
        ]

    # ----- request handling (called by the handler) --------------------------------------------------

    def issue_token(self) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens[token] = True
            self.token_requests += 1
        return token

    def token_valid(self, header: str | None) -> bool:
        if self.refuse_tokens or not header or not header.startswith("Bearer "):
            return False
        with self._lock:
            return self.tokens.get(header.removeprefix("Bearer "), False)

    def take_throttle(self, path: str) -> Throttle | None:
        with self._lock:
            for throttle in self.throttles:
                if throttle.match in path and throttle.after > 0:
                    throttle.after -= 1
                elif throttle.match in path and throttle.count > 0:
                    throttle.count -= 1
                    return throttle
        return None

    def cursor(self, state: dict[str, Any]) -> str:
        token = secrets.token_urlsafe(18)
        self._cursors[token] = state
        return token

    def delta_page(self, drive: Drive, token: str | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if token is None:
            state = {"ids": self._enumeration(drive), "offset": 0, "since": None, "drive": drive.id}
        else:
            state = self._cursors.get(token, {})
            if not state or state["drive"] != drive.id:
                return 400, _error("invalidRequest", "Invalid delta token"), {}
            if state.get("delta") is not None:
                if state["issued"] <= drive.expired_before:
                    fresh = self.cursor({"ids": self._enumeration(drive), "offset": 0, "drive": drive.id})
                    location = f"{self.url}/v1.0/drives/{drive.id}/root/delta?token={fresh}"
                    body = _error(
                        "resyncRequired", "Resync required. Replace any local items with the server's."
                    )
                    body["error"]["innerError"] = {"code": "resyncChangesApplyDifferences"}
                    return 410, body, {"Location": location}
                since = state["delta"]
                changed = sorted((i for i in drive.items.values() if i.seq > since), key=lambda i: i.seq)
                state = {"ids": [i.id for i in changed], "offset": 0, "drive": drive.id}
        ids, offset = state["ids"], state["offset"]
        chunk = ids[offset : offset + self.page_size]
        values = [root_json(drive) if i == drive.root_id else item_json(drive, drive.items[i]) for i in chunk]
        body: dict[str, Any] = {
            "@odata.context": f"{self.url}/v1.0/$metadata#Collection(driveItem)",
            "value": values,
        }
        if offset + self.page_size < len(ids):
            nxt = self.cursor({**state, "offset": offset + self.page_size})
            body["@odata.nextLink"] = f"{self.url}/v1.0/drives/{drive.id}/root/delta?token={nxt}"
        else:
            mark = max((i.seq for i in drive.items.values()), default=0)
            link = self.cursor({"delta": mark, "issued": next(self.tenant.seq), "drive": drive.id})
            body["@odata.deltaLink"] = f"{self.url}/v1.0/drives/{drive.id}/root/delta?token={link}"
        return 200, body, {}

    def _enumeration(self, drive: Drive) -> list[str]:
        """The root first, then live items parents before children."""
        depth: dict[str, int] = {drive.root_id: 0}

        def level(item: Item) -> int:
            if item.id not in depth:
                parent = drive.items.get(item.parent)
                depth[item.id] = 1 + (level(parent) if parent else 0)
            return depth[item.id]

        live = [i for i in drive.items.values() if not i.deleted]
        return [drive.root_id, *(i.id for i in sorted(live, key=lambda i: (level(i), i.seq)))]

    def paged(self, path: str, values: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
        """A collection page: `skiptoken` is ours, opaque to the client, in the nextLink as given."""
        start = int(self._cursors.get(query.get("$skiptoken", ""), {}).get("offset", 0))
        body: dict[str, Any] = {"value": values[start : start + self.page_size]}
        if start + self.page_size < len(values):
            token = self.cursor({"offset": start + self.page_size})
            params = {k: v for k, v in query.items() if k != "$skiptoken"} | {"$skiptoken": token}
            body["@odata.nextLink"] = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        return body


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "innerError": {"request-id": secrets.token_hex(8)}}}


class _Handler(BaseHTTPRequestHandler):
    server_state: GraphServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.server_state.log.append((self.command, self.path, status))

    def do_POST(self) -> None:
        g = self.server_state
        length = int(self.headers.get("Content-Length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        if self.path != f"/{TENANT}/oauth2/v2.0/token":
            return self._send(404, {"error": "not_found"})
        problem = self._check_client(form, f"{g.url}{self.path}")
        if problem:
            return self._send(401, {"error": "invalid_client", "error_description": problem})
        if form.get("scope") != f"{g.url}/.default" or form.get("grant_type") != "client_credentials":
            return self._send(
                400, {"error": "invalid_scope", "error_description": "AADSTS1002012: bad scope"}
            )
        self._send(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": g.issue_token()})

    def _check_client(self, form: dict[str, str], endpoint: str) -> str:
        g = self.server_state
        if form.get("client_id") != CLIENT_ID:
            return "AADSTS700016: Application not found in the directory."
        if "client_secret" in form:
            return "" if form["client_secret"] == CLIENT_SECRET else "AADSTS7000215: Invalid client secret."
        assertion = form.get("client_assertion")
        if not assertion or g.app_certificate is None:
            return "AADSTS7000216: client_assertion or client_secret is required."
        header = jwt.get_unverified_header(assertion)
        thumb = base64.urlsafe_b64encode(g.app_certificate.fingerprint(hashes.SHA1())).rstrip(b"=").decode()
        thumb256 = (
            base64.urlsafe_b64encode(g.app_certificate.fingerprint(hashes.SHA256())).rstrip(b"=").decode()
        )
        if header.get("x5t", "").rstrip("=") != thumb and header.get("x5t#S256", "").rstrip("=") != thumb256:
            return "AADSTS700027: the certificate's thumbprint is not registered."
        try:
            claims = jwt.decode(
                assertion, g.app_certificate.public_key(), algorithms=["RS256", "PS256"], audience=endpoint
            )
        except jwt.PyJWTError as error:
            return f"AADSTS700027: client assertion failed signature validation: {error}"
        return "" if claims.get("iss") == claims.get("sub") == CLIENT_ID else "AADSTS700023: bad issuer."

    def do_GET(self) -> None:
        g = self.server_state
        parts = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parts.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        if path == f"/{TENANT}/v2.0/.well-known/openid-configuration":
            base = f"{g.url}/{TENANT}"
            return self._send(
                200,
                {
                    "issuer": f"{base}/v2.0",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "jwks_uri": f"{base}/discovery/v2.0/keys",
                },
            )
        if not path.startswith("/v1.0/"):
            return self._send(404, _error("itemNotFound", "Not found"))
        g.graph_requests += 1
        if g.graph_requests == g.expire_tokens_at:
            g.expire_access_tokens()
        if not g.token_valid(self.headers.get("Authorization")):
            return self._send(
                401, _error("InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
            )
        throttle = g.take_throttle(self.path)
        if throttle:
            headers = {"Retry-After": throttle.retry_after} if throttle.retry_after else {}
            return self._send(throttle.status, _error("activityLimitReached", "Too many requests"), headers)
        status, body, headers = self._route(path.removeprefix("/v1.0"), query, parts.path)
        self._send(status, body, headers)

    def _route(self, path: str, query: dict[str, str], raw_path: str) -> tuple[int, Any, dict[str, str]]:
        g, t = self.server_state, self.server_state.tenant
        segments = path.strip("/").split("/")
        denied = (403, _error("accessDenied", "Access denied"), {})
        missing = (404, _error("itemNotFound", "The resource could not be found."), {})
        if segments[:2] == ["sites", "getAllSites"]:
            return 200, g.paged(raw_path, [site_json(s) for s in t.sites], query), {}
        if segments[0] == "sites" and len(segments) >= 2:
            if ":" in segments[1]:  # /sites/{hostname}:/{server-relative-path}
                host, _, rest = path.removeprefix("/sites/").partition(":")
                site = next((s for s in t.sites if host == HOST and s.path == rest), None)
                return (200, site_json(site), {}) if site else missing
            site = t.site(segments[1])
            if site is None:
                return missing
            if site.forbidden:
                return denied
            tail = segments[2:]
            if not tail:
                return 200, site_json(site), {}
            if tail == ["drives"]:
                return 200, g.paged(raw_path, [drive_json(d) for d in site.drives], query), {}
            if tail == ["drive"]:
                return (200, drive_json(site.drives[0]), {}) if site.drives else missing
            if tail == ["lists"]:
                return 200, g.paged(raw_path, [list_json(li) for li in site.lists], query), {}
            if len(tail) == 3 and tail[0] == "lists" and tail[2] == "items":
                found = next((li for li in site.lists if li.id == tail[1]), None)
                if found is None:
                    return missing
                rows = [{"id": str(n + 1), "eTag": f'"{n}"'} for n in range(found.items)]
                return 200, g.paged(raw_path, rows, query), {}
            return missing
        if segments[0] == "drives" and len(segments) >= 3:
            drive = t.drive(segments[1])
            if drive is None:
                return missing
            if drive.forbidden:
                return denied
            if segments[2:] == ["root"]:
                return 200, {"id": drive.root_id}, {}
            if segments[2:] == ["root", "delta"]:
                return g.delta_page(drive, query.get("token"))
            if len(segments) == 5 and segments[2] == "items":
                item = drive.items.get(segments[3])
                if item is None or item.deleted:
                    return missing
                if segments[4] == "permissions":
                    return 200, g.paged(raw_path, item.permissions, query), {}
                if segments[4] == "retentionLabel":
                    return 200, {"name": item.retention_label, "isLabelAppliedExplicitly": True}, {}
        return missing
