"""Browser fixtures: Debian's chromium driven through Playwright's sync API, and live servers for Flask apps.

Playwright's own browser downloads are never used (no `playwright install`): the tests launch the chromium
that Debian installs. When it is missing the tests skip, or fail when CATALOGUE_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from werkzeug.serving import make_server

REQUIRE_SERVICES = os.environ.get("CATALOGUE_REQUIRE_SERVICES") == "1"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ carries the `browser` marker (`-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _missing(what: str) -> NoReturn:
    """In CI (CATALOGUE_REQUIRE_SERVICES=1) a missing browser fails the test; elsewhere it skips."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (CATALOGUE_REQUIRE_SERVICES=1) but not available", pytrace=False)
    pytest.skip(f"{what} not available")


def chromium_executable() -> str | None:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Debian chromium per test session (per xdist worker)."""
    executable = chromium_executable()
    if executable is None:
        _missing("Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright Python package")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as error:
            _missing(f"a working chromium at {executable} ({type(error).__name__}: {error})")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page_factory(chromium_browser: Any) -> Iterator[Callable[..., Any]]:
    """`new_page(**context_options)`: a page in a fresh browser context, closed after the test.
    For example `new_page(java_script_enabled=False)` to check a page works without JavaScript."""
    contexts: list[Any] = []

    def new_page(**context_options: Any) -> Any:
        context = chromium_browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(browser_page_factory: Callable[..., Any]) -> Any:
    """A Playwright page (sync API) in its own browser context, with JavaScript on."""
    return browser_page_factory()


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Serves a WSGI app (a Flask app) on 127.0.0.1 on a free port in a daemon thread; yields the base URL
    (no trailing slash) and shuts the server down on exit."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server_url_for() -> Iterator[Callable[[Any], str]]:
    """`live_server_url_for(app)` serves the app and returns its base URL; the same app gets the same
    server. Servers stop at the end of the session; use `serve_app(app)` to stop one sooner."""
    urls: dict[int, str] = {}
    apps: list[Any] = []  # keeps the apps alive, so their ids are not reused
    with ExitStack() as stack:

        def url_for(app: Any) -> str:
            if id(app) not in urls:
                server: AbstractContextManager[str] = serve_app(app)
                urls[id(app)] = stack.enter_context(server)
                apps.append(app)
            return urls[id(app)]

        yield url_for
