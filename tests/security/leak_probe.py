"""The attacker's tools: a `Probe` (one principal attacking one catalogue through one web client), the
`Channel` row type, an HTML parser for the templates' stable `data-` hooks, and the hidden-equals-missing
check."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Literal

from leak_queries import QueryCase
from leak_world import World

from catalogue.access import Principal
from search.backend import SearchRequest

Scope = Literal["query", "asset", "principal"]
ASSET_LINK = re.compile(r"/assets/(\d+)")


def headers_for(principal: Principal) -> dict[str, str]:
    """The test loader's headers (tests/conftest.py: header_principal); none for the anonymous visitor."""
    if principal.anonymous:
        return {}
    headers = {"X-Test-Principal": principal.clearance + ";" + ",".join(sorted(principal.groups))}
    if principal.role != "viewer":
        headers["X-Test-Role"] = principal.role
    return headers


@dataclass
class Probe:
    """One principal attacking one catalogue through one client."""

    world: World
    client: Any
    principal: Principal

    def __post_init__(self) -> None:
        self.headers = headers_for(self.principal)
        self.visible = self.world.visible(self.principal)
        self.hidden_terms = self.world.hidden_terms(self.principal)
        self._missing: dict[str, Any] = {}

    def get(
        self, path: str, args: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        return self.client.get(path, query_string=args or [], headers={**self.headers, **(headers or {})})

    def as_role(self, role: str) -> dict[str, str] | None:
        """Headers for the same person in another role (None for the anonymous visitor, who has none)."""
        return None if self.principal.anonymous else {"X-Test-Role": role}

    def missing(self, path_template: str) -> Any:
        """The answer for an id that has never existed, to compare hidden ids with."""
        if path_template not in self._missing:
            # asked twice: the first answer may start the client's session (Set-Cookie), which the hidden
            # id's answer, asked after it, would not repeat
            path = path_template.format(self.world.missing_id())
            self.get(path)
            self._missing[path_template] = self.get(path)
        return self._missing[path_template]

    def assert_no_hidden_terms(self, text: str, echo: str = "") -> None:
        """No planted term of a hidden asset anywhere in the answer (unless the request itself carried it)."""
        lowered, typed = text.lower(), echo.lower()
        leaked = [term for term in self.hidden_terms if term in lowered and term not in typed]
        assert not leaked, f"hidden planted terms in the answer: {leaked}"

    def assert_visible(self, ids: set[int] | list[int], what: str) -> None:
        outside = set(ids) - self.visible
        assert not outside, f"{what}: ids the principal may not see: {sorted(outside)}"

    def expected_search(self, case: QueryCase, facet_size: int, sort: str | None = None) -> Any:
        return self.world.oracle.search(
            SearchRequest(
                access=self.world.access(self.principal),
                query=case.query.strip(),
                filters=case.filters,
                sort=(sort or case.sort),  # type: ignore[arg-type]
                page=case.page,
                per_page=case.per_page,
                facet_size=facet_size,
            )
        )


@dataclass(frozen=True)
class Channel:
    name: str
    scope: Scope
    check: Callable[..., None]
    endpoints: tuple[str, ...]  # the Flask endpoints it attacks (test_targeted checks every one is covered)


# ----- HTML parsing --------------------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Collects the stable hooks the templates carry: result ids, totals, facet counts, asset links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result_ids: list[int] = []
        self.selectable: list[int] = []
        self.totals: list[int] = []
        self.facets: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
        self.links: set[int] = set()
        self.data: list[dict[str, str]] = []  # every element's data-* attributes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "data-asset-id" in values:
            self.result_ids.append(int(values["data-asset-id"]))
        if "data-total" in values:
            self.totals.append(int(values["data-total"]))
        if tag == "input" and values.get("name") == "asset":  # a result's bulk edit checkbox
            self.selectable.append(int(values["value"]))
        if tag == "input" and "data-count" in values:
            self.facets[values["name"]].append(
                (values["value"], int(values["data-count"]), "checked" in values)
            )
        for name in ("href", "action", "src"):
            for match in ASSET_LINK.finditer(values.get(name, "")):
                self.links.add(int(match.group(1)))
        data = {k: v for k, v in values.items() if k.startswith("data-")}
        if data:
            self.data.append(data)


def parse_page(response: Any) -> PageParser:
    parser = PageParser()
    parser.feed(response.get_data(as_text=True))
    return parser


def assert_hidden_like_missing(
    probe: Probe, path_template: str, asset_id: int, status: int | None = 404
) -> None:
    """A hidden asset answers exactly as a missing one: status, body and headers (apart from the date).
    `status`: the status both must have (None: any, as long as it is the same)."""
    path = path_template.format(asset_id)
    missing = probe.missing(path_template)
    seen = probe.get(path)
    assert seen.status_code == missing.status_code, (path, seen.status_code, missing.status_code)
    assert status is None or seen.status_code == status, (path, seen.status_code)
    # a page may echo the address asked for (a sign-in link back to it): that is the only difference allowed
    missing_path = path_template.format(probe.world.missing_id())
    seen_body = seen.get_data(as_text=True).replace(path, "{path}")
    assert seen_body == missing.get_data(as_text=True).replace(missing_path, "{path}"), (
        "a hidden asset's 404 differs from a missing one's"
    )
    assert _headers(seen) == _headers(missing), (path, _headers(seen), _headers(missing))


def _headers(response: Any) -> list[tuple[str, str]]:
    """Headers apart from the date and the length (which the echoed address changes)."""
    ignored = ("date", "expires", "content-length")
    return sorted((k, v) for k, v in response.headers.items() if k.lower() not in ignored)
