"""The `catalogue` command. Every subcommand has --help and exits non-zero with a one-line reason."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.table import Table

from catalogue.access import Principal
from catalogue.cli_harvest import register as register_harvest_commands
from catalogue.cli_ops import register as register_ops_commands
from catalogue.cli_register import register as register_register_commands
from catalogue.cli_users import register as register_user_commands
from catalogue.config import SETTINGS, ConfigError, Settings, load_settings
from catalogue.db import SchemaOutOfDate
from catalogue.logs import configure_logging
from catalogue.runtime import Catalogue
from catalogue.terminal import console, errors, fit_to_terminal
from search.backend import SearchError

F = TypeVar("F", bound=Callable[..., Any])


def fail_cleanly(func: F) -> F:
    """Known failures end the command with one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, SchemaOutOfDate, SearchError, OSError, ValueError) as error:
            errors.print(f"[red]error:[/red] {error}", highlight=False)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    return load_settings(overrides={"data_dir": ctx.obj.get("data_dir"), **overrides})


def _settings_help() -> str:
    lines = ["Settings (environment variables, or keys of catalogue.toml in the data folder):", ""]
    lines += [f"  {s.env}: {s.help}" for s in SETTINGS]
    return "\n".join(lines)


@click.group(epilog=_settings_help())
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    envvar="CATALOGUE_DATA_DIR",
    help="Data folder for the embedded defaults (default: ./catalogue-data).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """catalogue: a searchable information asset register with metadata harvesting."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    fit_to_terminal()
    configure_logging(_log_format(data_dir))


def _log_format(data_dir: str | None) -> str:
    """CATALOGUE_LOG_FORMAT; text when the settings cannot be read (the command then says why)."""
    try:
        return str(load_settings(overrides={"data_dir": data_dir}).log_format)
    except ConfigError:
        return "text"


@main.command()
@click.pass_context
@fail_cleanly
def init(ctx: click.Context) -> None:
    """Create the store (or migrate it to this version) and the search index."""
    catalogue = Catalogue.open(settings_from(ctx), migrate=True)
    catalogue.search  # noqa: B018 - opening the backend creates an empty index
    console.print(f"Catalogue ready: store {_safe_url(catalogue)}")
    catalogue.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
@fail_cleanly
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web UI and the JSON API."""
    catalogue = Catalogue.open(settings_from(ctx))
    _serve(catalogue, host, port)


@main.command()
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Data folder for the demo.")
@click.pass_context
@fail_cleanly
def demo(ctx: click.Context, port: int, data_dir: str | None) -> None:
    """Build the demo council catalogue (if the data folder has none) and serve it on 127.0.0.1."""
    from catalogue.demo.load import has_assets, load_demo

    if data_dir:
        ctx.obj["data_dir"] = data_dir
    base = settings_from(ctx)
    settings = base.with_overrides(anonymous_clearance=base.anonymous_clearance or base.classifications[0])
    catalogue = Catalogue.open(settings, migrate=True)
    if not has_assets(catalogue):
        console.print(f"Building the demo catalogue in {settings.data_path} ...")
        with console.status("harvesting demo sources") as status:
            created = load_demo(catalogue, lambda title, n: status.update(f"{title}: {n} assets"))
        console.print(f"Demo catalogue ready: {created} assets.")
    _print_demo_logins(catalogue)
    _serve(catalogue, "127.0.0.1", port)


def _print_demo_logins(catalogue: Catalogue) -> None:
    from catalogue.demo.users import DEMO_PASSWORD, ensure_demo_users

    table = Table(title=f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
    for column in ("username", "role", "clearance", "owner or steward as"):
        table.add_column(column)
    for login in ensure_demo_users(catalogue):
        table.add_row(login.username, login.role, login.clearance, login.person or "")
    console.print(table)


@main.command()
@click.option("--check", is_flag=True, help="Only report assets whose index entry differs from the store.")
@click.option("--repair", is_flag=True, help="Fix only the entries that differ (faster than a rebuild).")
@click.pass_context
@fail_cleanly
def reindex(ctx: click.Context, check: bool, repair: bool) -> None:
    """Rebuild the search index from the store (searches keep working meanwhile)."""
    catalogue = Catalogue.open(settings_from(ctx))
    if check or repair:
        report = catalogue.indexer.drift()
        console.print(
            f"missing from index: {len(report.missing)}, stale: {len(report.stale)}, "
            f"orphans: {len(report.orphans)}"
        )
        if repair and not report.clean:
            catalogue.indexer.repair(report)
            console.print("repaired")
        elif check and not report.clean:
            sys.exit(1)
    else:
        with console.status("rebuilding the search index"):
            count = catalogue.indexer.rebuild()
        console.print(f"Indexed {count} assets.")
    catalogue.close()


@main.command()
@click.argument("query", nargs=-1)
@click.option("--clearance", help="Search as someone with this clearance (default: the lowest level).")
@click.option("--group", "groups", multiple=True, help="Search as a member of this access group.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--filter", "filters", multiple=True, metavar="FACET=VALUE", help="A facet filter; repeatable.")
@click.pass_context
@fail_cleanly
def search(
    ctx: click.Context,
    query: tuple[str, ...],
    clearance: str | None,
    groups: tuple[str, ...],
    limit: int,
    filters: tuple[str, ...],
) -> None:
    """Search the catalogue and print the results."""
    from catalogue.searching import SearchParams, search_assets

    catalogue = Catalogue.open(settings_from(ctx))
    clearance = clearance or catalogue.scheme.lowest
    catalogue.scheme.rank(clearance)
    principal = Principal("cli", clearance, frozenset(groups))
    args: dict[str, list[str]] = {"q": [" ".join(query)], "per_page": [str(limit)]}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: use FACET=VALUE", param_hint="--filter")
        args.setdefault(name, []).append(value)
    result = search_assets(catalogue, principal, SearchParams.from_args(args))
    _print_results(result)
    catalogue.close()


def _print_results(result: Any) -> None:
    table = Table(title=f"{result.total} results" + (" (similar spellings)" if result.fuzzy else ""))
    for column in ("id", "title", "kind", "owner", "classification", "location"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        table.add_row(
            str(hit.id), hit.title, hit.kind, hit.owner or "", hit.classification, hit.location or ""
        )
    console.print(table)


def _serve(catalogue: Catalogue, host: str, port: int) -> None:
    from werkzeug.serving import run_simple

    from catalogue.web import create_app

    app = create_app(catalogue)
    console.print(f"Serving the catalogue at [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True, use_reloader=False)


def _safe_url(catalogue: Catalogue) -> str:
    """The store's URL without its password."""
    return catalogue.engine.url.render_as_string(hide_password=True)


register_harvest_commands(main)
register_ops_commands(main)
register_register_commands(main)
register_user_commands(main)


if __name__ == "__main__":  # pragma: no cover
    main()
