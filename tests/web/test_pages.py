"""The HTML pages through the test client: home, search (facets, filters, paging, sorting, no results,
failures, hostile input) and the asset page, always as the principal's view of the catalogue."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.access import Principal
from catalogue.runtime import Catalogue
from catalogue.web import create_app
from harvesters.base import Record
from search.backend import (
    AccessFilter,
    SearchBackend,
    SearchDocument,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
    Suggestion,
)

from .conftest import HIDDEN, load

EVERYONE = {"X-Test-Principal": "SECRET;hr"}
OPEN, CLOSE = "\u2018", "\u2019"  # the quotes round a query in headings


def page(client: Any, url: str, headers: dict[str, str] | None = None, status: int = 200) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def asset_links(body: str) -> list[int]:
    """Ids of the assets a search page lists, in order."""
    results = body.split('class="catalogue-results"', 1)
    if len(results) == 1:
        return []
    return [
        int(i)
        for i in re.findall(
            r'catalogue-result__title">\s*<a class="govuk-link" href="/assets/(\d+)"', results[1]
        )
    ]


def hrefs(body: str, text: str) -> list[str]:
    """The (unescaped) targets of links whose content contains `text`."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', body, re.S)
    return [html.unescape(href) for href, content in found if text in html.unescape(content)]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def facet_counts(body: str, facet: str) -> dict[str, int]:
    pattern = (
        rf'name="{facet}" type="checkbox" value="([^"]*)"[^>]*>\s*<label[^>]*>\s*(.*?) '
        r'<span class="catalogue-facet-count">\(([\d,]+)\)</span>'
    )
    return {html.unescape(v): int(n.replace(",", "")) for v, _label, n in re.findall(pattern, body, re.S)}


# ----- home -------------------------------------------------------------------------------------------


def test_home_counts_only_the_kinds_the_visitor_may_see(client: Any, ids: dict[str, int]) -> None:
    body = page(client, "/")
    assert "Information Asset Catalogue" in body
    assert 'action="/search"' in body
    assert 'name="q"' in body
    kinds = dict(re.findall(r'href="/search\?kind=(\w+)">[^<]+</a></th>\s*<td[^>]*>([\d,]+)</td>', body))
    assert kinds == {"table": "3", "database": "1", "folder": "1", "spreadsheet": "1", "file": "1"}
    assert "Browse all 7 assets" in body
    assert hrefs(body, "Transport") == ["/search?department=Transport"]
    assert "Legal" not in body
    assert "Payroll office" not in body
    (open_at_source,) = hrefs(body, "everyone may read at source")  # a file share's tag, as a search
    assert urlsplit(open_at_source).path == "/search"
    assert query_of(open_at_source) == {"tag": ["readable by everyone"]}

    everything = page(client, "/", EVERYONE)
    assert re.search(r'kind=table">Tables</a></th>\s*<td[^>]*>5</td>', everything)


# ----- search: results and facets ---------------------------------------------------------------------


def test_search_lists_results_with_their_details_and_facet_counts(client: Any, ids: dict[str, int]) -> None:
    body = page(client, "/search?q=parking")
    assert f"3 results for {OPEN}parking{CLOSE}" in body
    assert set(asset_links(body)) == {ids["permits"], ids["fines"], ids["wardens"]}
    assert 'value="parking"' in body  # the box keeps the query
    assert "<mark>parking</mark>" in body  # the snippet's highlight, as HTML
    assert "Owner: Bob Kaur" in body
    assert "Modified 1 March 2024" in body
    assert 'data-classification="OFFICIAL"' in body
    assert facet_counts(body, "department") == {"Transport": 2, "Human resources": 1}
    assert facet_counts(body, "tag") == {"parking": 2, "enforcement": 1, "permits": 1}
    assert facet_counts(body, "kind") == {"table": 3}
    assert 'id="filter-kind"' in body
    assert "Apply filters" in body
    assert "Table <span" in body  # enum values get their labels


def test_result_fields_are_escaped_but_the_snippet_is_markup(client: Any, catalogue: Catalogue) -> None:
    source = catalogue.store.ensure_source("evil", "register")
    catalogue.store.apply_records(
        source,
        [
            Record(
                "x",
                {
                    "title": "<script>alert(1)</script> parking",
                    "owner": "<b>Mallory</b>",
                    "classification": "OFFICIAL",
                    "description": "<img src=x onerror=alert(1)> parking",
                },
            )
        ],
    )
    body = page(client, "/search?q=parking")
    assert "<script>alert(1)" not in body
    assert "<b>Mallory" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; parking" in body


def test_a_selected_filter_is_a_link_that_drops_exactly_that_value(client: Any, ids: dict[str, int]) -> None:
    body = page(
        client, "/search?q=parking&department=Transport&department=Human+resources&tag=parking&sort=title"
    )
    remove_transport = hrefs(body, "Department: Transport")
    assert len(remove_transport) == 1
    assert query_of(remove_transport[0]) == {
        "q": ["parking"],
        "department": ["Human resources"],
        "tag": ["parking"],
        "sort": ["title"],
    }
    remove_tag = hrefs(body, "Tag: parking")[0]
    assert query_of(remove_tag) == {
        "q": ["parking"],
        "department": ["Transport", "Human resources"],
        "sort": ["title"],
    }
    clear = hrefs(body, "Clear filters")[0]
    assert query_of(clear) == {"q": ["parking"], "sort": ["title"]}
    assert re.search(r'value="Transport" checked', body)


def test_values_of_one_facet_are_ored_and_facets_are_anded(client: Any, ids: dict[str, int]) -> None:
    one = page(client, "/search?kind=spreadsheet")
    assert asset_links(one) == [ids["taxi"]]
    both = page(client, "/search?kind=spreadsheet&kind=database")
    assert set(asset_links(both)) == {ids["taxi"], ids["highways"]}
    assert "2 results" in both
    narrowed = page(client, "/search?kind=spreadsheet&kind=database&department=Licensing")
    assert asset_links(narrowed) == [ids["taxi"]]
    # a facet's own counts ignore its own selection, so the other kinds stay offered
    assert facet_counts(both, "kind")["table"] == 3


def test_paging_links_keep_the_query_filters_and_sort(client: Any, ids: dict[str, int]) -> None:
    url = "/search?department=Transport&department=Licensing&sort=title&per_page=2"
    first = page(client, url)
    assert "6 results" in first
    assert len(asset_links(first)) == 2
    next_link = hrefs(first, "Next")[0]
    assert query_of(next_link) == {
        "department": ["Transport", "Licensing"],
        "sort": ["title"],
        "per_page": ["2"],
        "page": ["2"],
    }
    second = page(client, next_link)
    assert 'aria-current="page"' in second
    assert not set(asset_links(first)) & set(asset_links(second))
    pages = [asset_links(page(client, f"{url}&page={n}")) for n in (1, 2, 3)]
    assert sum(len(p) for p in pages) == 6
    assert query_of(hrefs(second, "Previous")[0])["department"] == ["Transport", "Licensing"]
    assert "(page 2 of 3)" in second


def test_sorting_by_title_and_by_modified(client: Any, ids: dict[str, int]) -> None:
    by_title = asset_links(page(client, "/search?q=parking&sort=title"))
    assert by_title == [ids["wardens"], ids["fines"], ids["permits"]]
    by_modified = asset_links(page(client, "/search?q=parking&sort=modified"))
    assert by_modified == [ids["permits"], ids["fines"], ids["wardens"]]
    assert '<option value="title" selected>' in page(client, "/search?q=parking&sort=title")


def test_no_results_page_says_so_and_helps(client: Any, ids: dict[str, int]) -> None:
    body = page(client, "/search?q=xylophone+zebra&kind=table")
    assert f"No results for {OPEN}xylophone zebra{CLOSE} with the selected filters" in body
    assert query_of(hrefs(body, "remove kind: Table")[0]) == {"q": ["xylophone zebra"]}
    for advice in (
        "checking your spelling",
        "using fewer words",
        "licen*",
        "&#34;parking permits&#34;",
        "parking -permits",
        "taxi OR hackney",
    ):
        assert advice in body
    assert asset_links(body) == []


def test_a_misspelling_shows_similar_spellings_with_a_note(client: Any, ids: dict[str, int]) -> None:
    body = page(client, "/search?q=parkng")
    assert "No exact matches; showing results for similar spellings." in body
    assert ids["permits"] in asset_links(body)
    assert "similar spellings" not in page(client, "/search?q=parking")


def test_a_page_past_the_end_offers_a_way_back(client: Any, ids: dict[str, int]) -> None:
    body = page(client, "/search?q=parking&page=99999999")
    assert "There are no results on page" in body
    assert query_of(hrefs(body, "Go to the first page")[0]) == {"q": ["parking"]}


# ----- access ------------------------------------------------------------------------------------------


def test_hidden_assets_are_nowhere_for_a_visitor_who_may_not_see_them(
    client: Any, ids: dict[str, int]
) -> None:
    body = page(client, "/search?q=parking")
    hidden_ids = {ids[k] for k in HIDDEN}
    assert not hidden_ids & set(asset_links(body))
    for secret in (
        "Parking appeals tribunal",
        "Eve Hidden",
        "Legal",
        "Parking payroll",
        "Payroll office",
        "Fay Grouped",
        "SECRET",
    ):
        assert secret not in body
    assert facet_counts(body, "tag")["parking"] == 2
    everything = page(client, "/search?q=parking", EVERYONE)
    assert hidden_ids <= set(asset_links(everything))
    assert facet_counts(everything, "tag")["parking"] == 4
    assert (
        page(client, "/search?q=payroll", {"X-Test-Principal": "OFFICIAL;hr"}).count("Parking payroll") >= 1
    )


def test_a_hidden_asset_404s_exactly_like_a_missing_one(client: Any, ids: dict[str, int]) -> None:
    hidden = client.get(f"/assets/{ids['appeals']}")
    missing = client.get("/assets/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data() == missing.get_data()
    assert hidden.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/assets/{ids['appeals']}", headers=EVERYONE).status_code == 200
    assert (
        client.get(f"/assets/{ids['payroll']}", headers={"X-Test-Principal": "OFFICIAL;hr"}).status_code
        == 200
    )


@pytest.fixture
def closed_client(catalogue: Catalogue) -> Any:
    """The app with anonymous browsing off, and no one signed in."""
    closed = Catalogue(catalogue.settings.with_overrides(anonymous_clearance=""), catalogue.engine)
    return create_app(closed, {"TESTING": True}).test_client()


@pytest.mark.parametrize("url", ["/", "/search?q=parking", "/assets/1"])
def test_pages_need_a_principal_when_anonymous_browsing_is_off(
    closed_client: Any, ids: dict[str, int], url: str
) -> None:
    response = closed_client.get(url)
    assert response.status_code == 303  # to the sign-in page, and back here afterwards
    assert response.headers["Location"].startswith("/sign-in?next=")
    body = response.get_data(as_text=True)
    assert "Parking" not in body


# ----- asset page --------------------------------------------------------------------------------------


def test_asset_page_shows_every_field_with_readable_values(client: Any, ids: dict[str, int]) -> None:
    body = page(client, f"/assets/{ids['taxi']}")
    assert '<h1 class="govuk-heading-l">Taxi licence register</h1>' in body
    for label in (
        "Title",
        "Description",
        "Kind",
        "Location",
        "Format",
        "Size",
        "Rows",
        "Created at source",
        "Tags",
        "Information asset owner",
        "Security classification",
        "Access groups",
        "Retention period",
        "Disposal due",
        "Review due",
        "Open data status",
        "Lifecycle",
    ):
        assert f'<dt class="govuk-summary-list__key">\n      {label}\n    </dt>' in body, label
    assert "2.4 MB" in body
    assert "2,516,582 bytes" in body
    assert "3 February 2021 at 2:05pm" in body
    assert "1 April 2025" in body
    assert "Spreadsheet" in body
    assert "Not assessed" in body
    assert re.search(r'govuk-tag--grey">\s*taxis\s*</strong>', body)
    assert "Not recorded" in body
    assert page(client, f"/assets/{ids['permits']}").count("Personal data") >= 2


def test_a_curated_value_shows_what_the_source_says(
    client: Any, catalogue: Catalogue, ids: dict[str, int]
) -> None:
    curator = Principal("cathy", "SECRET", role="curator")
    current = catalogue.store.asset_page(ids["permits"], curator).asset.version
    catalogue.store.curate(
        ids["permits"],
        {"owner": "Carol Curated", "steward": "Sam Steward", "tags": ["parking", "permits"]},
        curator,
        current,
    )
    body = page(client, f"/assets/{ids['permits']}")
    assert "Carol Curated" in body
    says = re.findall(r'catalogue-source-says__label">Source says:</span>\s*(.*?)\s*</div>', body, re.S)
    assert says == ["Bob Kaur"]  # the steward had no harvested value; the tags agree


def test_schema_table_lists_columns(client: Any, ids: dict[str, int]) -> None:
    body = page(client, f"/assets/{ids['permits']}")
    assert "3 columns" in body
    heads = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', body)
    assert heads[:6] == ["Name", "Type", "Nullable", "Default", "Comment", "Primary key"]
    assert re.search(
        r"permit_id</code></th>\s*<td[^>]*>integer</td>\s*<td[^>]*>No</td>\s*<td[^>]*></td>"
        r"\s*<td[^>]*></td>\s*<td[^>]*>Yes</td>",
        body,
    )
    assert "Name on the permit" in body
    assert "now()" in body
    assert 'id="schema"' not in page(client, f"/assets/{ids['taxi']}")


def test_parent_and_children_show_only_what_the_visitor_may_see(client: Any, ids: dict[str, int]) -> None:
    body = page(client, f"/assets/{ids['highways']}")
    assert "Contains 3 assets" in body
    for name in ("Parking permits", "Parking fines", "Civil enforcement officers"):
        assert name in body
    assert "Parking appeals tribunal" not in body
    assert "Parking payroll" not in body
    assert "Contains 5 assets" in page(client, f"/assets/{ids['highways']}", EVERYONE)
    child = page(client, f"/assets/{ids['fines']}")
    assert hrefs(child, "Highways warehouse") == [f"/assets/{ids['highways']}"] * 2  # breadcrumb, part of


def test_breadcrumbs_follow_visible_parents(client: Any, catalogue: Catalogue) -> None:
    records = [
        Record("top", {"title": "Top secret share", "classification": "SECRET"}),
        Record("top/mid", {"title": "Middle folder", "classification": "OFFICIAL"}, "top"),
        Record("top/mid/leaf", {"title": "Leaf file", "classification": "OFFICIAL"}, "top/mid"),
    ]
    leaf = load(catalogue, {("nested", "filesystem"): records})["top/mid/leaf"]
    crumbs = page(client, f"/assets/{leaf}").split("govuk-breadcrumbs", 1)[1].split("</nav>", 1)[0]
    assert "Middle folder" in crumbs
    assert "Top secret share" not in crumbs
    crumbs = page(client, f"/assets/{leaf}", EVERYONE).split("govuk-breadcrumbs", 1)[1].split("</nav>", 1)[0]
    assert crumbs.index("Top secret share") < crumbs.index("Middle folder")


def test_many_children_end_with_how_many_more(client: Any, catalogue: Catalogue) -> None:
    records = [Record("share", {"title": "Big share", "classification": "OFFICIAL"})]
    records += [
        Record(f"share/f{i:03}", {"title": f"File {i:03}", "classification": "OFFICIAL"}, "share")
        for i in range(53)
    ]
    share = load(catalogue, {("big", "filesystem"): records})["share"]
    body = page(client, f"/assets/{share}")
    assert "Contains 53 assets" in body
    assert "and 3 more not shown." in body
    assert "File 049" in body
    assert "File 050" not in body


def test_history_lists_changes_newest_first(client: Any, catalogue: Catalogue, ids: dict[str, int]) -> None:
    curator = Principal("cathy", "SECRET", role="curator")
    version = catalogue.store.asset_page(ids["fines"], curator).asset.version
    catalogue.store.curate(ids["fines"], {"lawful_basis": "Public task"}, curator, version)
    body = page(client, f"/assets/{ids['fines']}")
    history = body.split('id="history"', 1)[1]
    assert "cathy" in history
    assert "Curator" in history
    assert "Lawful basis" in history
    assert "(none) → Public task" in history
    assert "Added to the catalogue" in history
    assert "harvest:highways-db" in history
    assert history.index("cathy") < history.index("harvest:highways-db")


def test_long_history_shows_the_newest_fifty(client: Any, catalogue: Catalogue, ids: dict[str, int]) -> None:
    curator = Principal("cathy", "SECRET", role="curator")
    for n in range(55):
        version = catalogue.store.asset_page(ids["wardens"], curator).asset.version
        catalogue.store.curate(ids["wardens"], {"retention_period": f"{n + 1} years"}, curator, version)
    history = page(client, f"/assets/{ids['wardens']}").split('id="history"', 1)[1]
    assert "54 years → 55 years" in history
    assert "(none) → 1 year" not in history
    assert "Only the 50 most recent changes are shown." in history


def test_locations_link_only_web_addresses(client: Any, ids: dict[str, int]) -> None:
    web = page(client, f"/assets/{ids['taxi']}")
    assert hrefs(web, "https://sharepoint.example/sites/licensing/taxi.xlsx") == [
        "https://sharepoint.example/sites/licensing/taxi.xlsx"
    ]
    unc = page(client, f"/assets/{ids['licensing']}")
    assert '<code class="catalogue-code catalogue-copyable">\\\\fs01\\licensing</code>' in unc
    local = page(client, f"/assets/{ids['premises']}")
    assert "file:///srv/licensing/premises.csv</code>" in local
    assert 'href="file:' not in local
    database = page(client, f"/assets/{ids['highways']}")
    assert "postgresql://reader:***@db.example:5432/highways</code>" in database
    assert "hunter2" not in database
    assert 'href="postgresql' not in database


# ----- headers, failures and hostile input ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/search?q=parking", "/assets/1"])
def test_pages_send_security_and_no_store_headers(client: Any, ids: dict[str, int], url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Cache-Control"] == "private, no-store"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    body = response.get_data(as_text=True)
    assert "style=" not in body
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    inline = [attrs for attrs, text in scripts if text.strip()]
    # only GOV.UK's template snippet, which the CSP blocks and catalogue.js does instead
    assert inline in ([], [""])
    assert all('type="module"' in attrs and "src=" in attrs for attrs, text in scripts if not text.strip())


class UnavailableBackend(SearchBackend):
    """A search service that is down."""

    def _down(self, *_args: Any) -> Any:
        raise SearchUnavailable("search service down at 10.0.0.7:9200")

    def index(self, documents: Iterable[SearchDocument]) -> int:
        return self._down()  # type: ignore[no-any-return]

    def delete(self, ids: Iterable[int]) -> None:
        self._down()

    def search(self, request: SearchRequest) -> SearchResult:
        return self._down()  # type: ignore[no-any-return]

    def suggest(self, prefix: str, access: AccessFilter, limit: int = 8) -> list[Suggestion]:
        return self._down()  # type: ignore[no-any-return]

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        return self._down()  # type: ignore[no-any-return]

    def indexed_versions(self) -> dict[int, int]:
        return self._down()  # type: ignore[no-any-return]


@pytest.fixture
def broken_client(catalogue: Catalogue, app: Any) -> Any:
    broken = Catalogue(catalogue.settings, catalogue.engine)
    broken.__dict__["search"] = UnavailableBackend()  # the composition root's one search backend
    loader = app.extensions["catalogue.principal_loader"]
    return create_app(broken, {"TESTING": True}, principal_loader=loader).test_client()


def test_search_failure_is_a_clear_503_page(broken_client: Any, ids: dict[str, int]) -> None:
    body = page(broken_client, "/search?q=parking", status=503)
    assert "Search is unavailable right now." in body
    assert "10.0.0.7" not in body
    assert "Traceback" not in body
    assert 'value="parking"' in body
    home = page(broken_client, "/")  # the home page still shows its counts
    assert "Browse all 7 assets" in home
    assert page(broken_client, f"/assets/{ids['permits']}").count("Parking permits") >= 1


HOSTILE_URLS = [
    "/search?q=%22",
    "/search?q=%22%22%22",
    "/search?q=%00",
    "/search?q=a%00b&kind=%00",
    "/search?q=" + "x" * 10_000,
    "/search?q=" + "parking+" * 1_500,
    "/search?q=title:parking",
    "/search?q=col:term+-",
    "/search?q=%E2%80%AEgnikrap%E2%80%AC",
    "/search?q=%D7%A9%D7%9C%D7%95%D7%9D",
    "/search?q=*",
    "/search?q=-",
    "/search?q=OR",
    "/search?q=a+OR+OR+b",
    "/search?q=(((",
    "/search?q=NEAR(a",
    "/search?q=%F0%9F%98%80*",
    "/search?q=%ED%A0%80",
    "/search?q=%ff%fe",
    "/search?page=abc",
    "/search?page=-1",
    "/search?page=0",
    "/search?page=99999999",
    "/search?page=1e9",
    "/search?per_page=0",
    "/search?per_page=100000",
    "/search?per_page=x",
    "/search?sort=evil",
    "/search?sort=",
    "/search?evil=1&__proto__=x",
    "/search?kind=" + "k" * 10_000,
    "/search?q=parking&kind=table&kind=table",
    "/search?owner=%3Cscript%3Ealert(1)%3C/script%3E",
    "/search?tag=" + "t&tag=" * 200,
    "/assets/0",
    "/assets/99999999999999999999999",
    "/assets/-1",
    "/assets/abc",
    "/assets/1%00",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_input_never_breaks_a_page(client: Any, ids: dict[str, int], url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    assert "<script>alert" not in body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300), value=st.text(max_size=60), number=st.text(max_size=12))
def test_any_search_text_gives_a_page(
    client: Any, ids: dict[str, int], query: str, value: str, number: str
) -> None:
    response = client.get(
        "/search", query_string={"q": query, "department": value, "page": number, "sort": value}
    )
    assert response.status_code == 200
