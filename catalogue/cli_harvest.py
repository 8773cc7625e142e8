"""The `catalogue sources …`, `catalogue harvest` and `catalogue harvesters` commands. Secrets are never
printed: a stored one shows as the mask, a reference as `env:NAME` or `file:PATH`."""

from __future__ import annotations

import functools
import getpass
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.progress import Progress as Bar
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from catalogue.config import ConfigError, load_settings
from catalogue.db import SchemaOutOfDate
from catalogue.harvest.registry import REGISTRY
from catalogue.harvest.report import Progress, RunStatus
from catalogue.harvest.runner import SourceBusy, SourceDisabled
from catalogue.harvest.schedule import next_run
from catalogue.harvest.sources import SourceNotFound
from catalogue.models import HarvestRun, Source
from catalogue.runtime import Catalogue
from catalogue.store_harvest import RunNotReviewable
from catalogue.terminal import console, errors
from search.backend import SearchError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_CODES = {RunStatus.SUCCEEDED.value: 0, RunStatus.FAILED.value: 1, RunStatus.PARTIAL.value: 2}


REFUSALS = (SourceNotFound, SourceBusy, SourceDisabled, RunNotReviewable)
FAILURES = (ConfigError, SchemaOutOfDate, SearchError, OSError, ValueError)


def refuse_cleanly(func: F) -> F:
    """Refusals (no such source, already running, disabled, bad settings) and known failures end the
    command with one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except REFUSALS + FAILURES as error:
            errors.print(f"[red]error:[/red] {error.args[0] if error.args else error}", highlight=False)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _open(ctx: click.Context) -> Catalogue:
    return Catalogue.open(load_settings(overrides={"data_dir": ctx.obj.get("data_dir")}))


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment
        return "cli"


def _json(value: str | None, what: str) -> Any:
    """JSON text, or @FILE to read it from a file."""
    if value is None:
        return None
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as error:
            raise click.BadParameter(f"cannot read {value[1:]}: {error.strerror}", param_hint=what) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise click.BadParameter(
            f"not valid JSON ({error.msg}, line {error.lineno})", param_hint=what
        ) from None


@click.group()
def sources() -> None:
    """Create, change, list and remove the sources the catalogue harvests."""


def _settings_options(func: F) -> F:
    for option in reversed(
        [
            click.option("--title", help="A title for people."),
            click.option(
                "--schedule", metavar="CRON", help="When to harvest: a cron expression ('' for none)."
            ),
            click.option(
                "--defaults", metavar="JSON|@FILE", help="Governed defaults, e.g. '{\"owner\": …}'."
            ),
            click.option("--rules", metavar="JSON|@FILE", help='Path rules: [{"pattern": …, "set": {…}}].'),
        ]
    ):
        func = option(func)
    return func


@sources.command("add")
@click.argument("name")
@click.option("--kind", required=True, help="The harvester kind (see `catalogue harvesters`).")
@click.option("--config", "config", required=True, metavar="JSON|@FILE", help="The harvester's settings.")
@_settings_options
@click.option("--disabled", is_flag=True, help="Create it disabled (not harvested until enabled).")
@click.pass_context
@refuse_cleanly
def add_source(
    ctx: click.Context, /, name: str, kind: str, config: str, disabled: bool, **options: Any
) -> None:
    """Add a source. A secret in --config is stored encrypted, or give {"env": "NAME"} / {"file": "PATH"}."""
    catalogue = _open(ctx)
    values = _settings(options)
    source = catalogue.sources.create(
        name, kind, _json(config, "--config"), _actor(), enabled=not disabled, **values
    )
    console.print(f"Added source {source.name} ({source.kind}), id {source.id}.")
    catalogue.close()


def _settings(options: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ("title", "schedule"):
        if options.get(name) is not None:
            values[name] = options[name]
    for name in ("defaults", "rules", "config"):
        if options.get(name) is not None:
            values[name] = _json(options[name], f"--{name}")
    return values


@sources.command("edit")
@click.argument("name")
@click.option("--config", metavar="JSON|@FILE", help="New settings; a secret left out is kept.")
@_settings_options
@click.pass_context
@refuse_cleanly
def edit_source(ctx: click.Context, /, name: str, **options: Any) -> None:
    """Change a source's title, settings, schedule, defaults or rules."""
    catalogue = _open(ctx)
    values = _settings(options)
    if not values:
        raise click.UsageError("say what to change (see --help)")
    catalogue.sources.edit(name, _actor(), **values)
    console.print(f"Changed source {name}: {', '.join(sorted(values))}.")
    catalogue.close()


@sources.command("enable")
@click.argument("name")
@click.pass_context
@refuse_cleanly
def enable_source(ctx: click.Context, name: str) -> None:
    """Harvest this source again (on its schedule and on request)."""
    catalogue = _open(ctx)
    catalogue.sources.edit(name, _actor(), enabled=True)
    console.print(f"Source {name} enabled.")
    catalogue.close()


@sources.command("disable")
@click.argument("name")
@click.pass_context
@refuse_cleanly
def disable_source(ctx: click.Context, name: str) -> None:
    """Stop harvesting this source; its assets stay in the catalogue."""
    catalogue = _open(ctx)
    catalogue.sources.edit(name, _actor(), enabled=False)
    console.print(f"Source {name} disabled.")
    catalogue.close()


@sources.command("remove")
@click.argument("name")
@click.option("--delete-assets", is_flag=True, help="Also delete the source's assets from the catalogue.")
@click.pass_context
@refuse_cleanly
def remove_source(ctx: click.Context, name: str, delete_assets: bool) -> None:
    """Remove a source and its run history (refused while it has assets, unless --delete-assets)."""
    catalogue = _open(ctx)
    removed = catalogue.sources.remove(name, _actor(), delete_assets, catalogue.indexer)
    console.print(f"Removed source {name}" + (f" and its {removed} assets." if removed else "."))
    catalogue.close()


@sources.command("list")
@click.pass_context
@refuse_cleanly
def list_sources(ctx: click.Context) -> None:
    """List the sources with their last run."""
    catalogue = _open(ctx)
    table = Table(title="Sources")
    for column in ("name", "kind", "enabled", "schedule", "assets", "last run", "status"):
        table.add_column(column)
    for item in catalogue.sources.summaries():
        run = item.last_run
        table.add_row(
            item.source.name,
            item.source.kind,
            "yes" if item.source.enabled else "no",
            item.source.schedule or "",
            str(item.asset_count),
            f"{run.started_at:%Y-%m-%d %H:%M}" if run else "never",
            _status(run) if run else "",
        )
    console.print(table)
    catalogue.close()


def _status(run: HarvestRun) -> str:
    return run.status + (", needs review" if run.needs_review and not run.reviewed_at else "")


@sources.command("show")
@click.argument("name")
@click.pass_context
@refuse_cleanly
def show_source(ctx: click.Context, name: str) -> None:
    """Show a source's settings (secrets masked) and its recent runs."""
    catalogue = _open(ctx)
    source = catalogue.sources.get(name)
    console.print(f"[bold]{source.name}[/bold]: {source.title} ({source.kind}, id {source.id})")
    console.print(f"enabled: {'yes' if source.enabled else 'no'}; schedule: {source.schedule or 'none'}")
    upcoming = next_run(source.schedule) if source.enabled else None
    if upcoming:
        console.print(f"next harvest: {upcoming:%Y-%m-%d %H:%M:%S} UTC")
    shown = {
        "config": catalogue.sources.shown_config(source),
        "defaults": source.defaults,
        "rules": source.rules,
    }
    console.print_json(json.dumps(shown, ensure_ascii=False))
    runs = catalogue.sources.runs(source.id, limit=10)
    if runs:
        console.print(_runs_table(runs))
    catalogue.close()


def _runs_table(runs: list[HarvestRun]) -> Table:
    table = Table(title="Runs (newest first)")
    for column in ("run", "started", "status", "added", "updated", "unchanged", "gone", "failed"):
        table.add_column(column)
    for run in runs:
        counts = (run.added, run.updated, run.unchanged, run.gone, run.failed)
        table.add_row(str(run.id), f"{run.started_at:%Y-%m-%d %H:%M}", _status(run), *map(str, counts))
    return table


@sources.command("confirm")
@click.argument("name")
@click.pass_context
@refuse_cleanly
def confirm_source(ctx: click.Context, name: str) -> None:
    """Confirm the retirement a source's latest run held back for review ("needs review")."""
    catalogue = _open(ctx)
    source = catalogue.sources.get(name)
    runs = catalogue.sources.runs(source.id, limit=1)
    if not runs:
        raise RunNotReviewable(f"{name} has never been harvested")
    gone = catalogue.harvest_runner().confirm_retirement(runs[0].id, _actor())
    console.print(f"Marked {gone} assets of {name} gone at source.")
    catalogue.close()


@click.command()
@click.argument("name")
@click.option("--full", is_flag=True, help="Read every item again, even those unchanged since the last run.")
@click.pass_context
@refuse_cleanly
def harvest(ctx: click.Context, name: str, full: bool) -> None:
    """Harvest one source now, then print a summary. Exit status: 0 succeeded, 1 failed, 2 partial."""
    catalogue = _open(ctx)
    source = catalogue.sources.get(name)
    with Bar(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"{name}: listing")
        last = [0.0]

        def show(progress: Progress) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.1:
                last[0] = now
                bar.update(task, description=_progress_text(name, progress))

        run = catalogue.harvest_runner().run(source, full=full, progress=show)
    _print_summary(source, run)
    catalogue.close()
    sys.exit(EXIT_CODES.get(run.status, 1))


def _progress_text(name: str, p: Progress) -> str:
    return (
        f"{name}: {p.phase}, {p.listed} listed, {p.read} read, {p.added} added, {p.updated} updated, "
        f"{p.unchanged} unchanged, {p.failed} failed"
    )


def _print_summary(source: Source, run: HarvestRun) -> None:
    colour = {"succeeded": "green", "partial": "yellow"}.get(run.status, "red")
    console.print(f"Harvest of {source.name} (run {run.id}): [{colour}]{run.status}[/{colour}]")
    table = Table(show_header=True)
    for column in ("added", "updated", "unchanged", "gone", "failed"):
        table.add_column(column, justify="right")
    table.add_row(*(str(n) for n in (run.added, run.updated, run.unchanged, run.gone, run.failed)))
    console.print(table)
    if run.message:
        console.print(run.message, highlight=False)
    if run.needs_review:
        console.print(
            f"[yellow]Needs review:[/yellow] confirm with `catalogue sources confirm {source.name}`."
        )
    if run.errors:
        errors_table = Table(title="Errors (grouped by message)")
        for column in ("count", "message", "for example"):
            errors_table.add_column(column, overflow="fold")
        for group in run.errors:
            errors_table.add_row(str(group.count), group.message, ", ".join(group.sample_keys))
        console.print(errors_table)


@click.command("harvesters")
def list_harvesters() -> None:
    """List the harvester kinds registered here, and why any is unavailable."""
    table = Table(title="Harvester kinds")
    for column in ("kind", "title or reason", "from"):
        table.add_column(column, overflow="fold")
    for info in REGISTRY.available():
        label = info.title if info.available else f"[red]unavailable: {info.reason}[/red]"
        table.add_row(info.kind, label, info.target)
    console.print(table)


def register(main: click.Group) -> None:
    main.add_command(sources)
    main.add_command(harvest)
    main.add_command(list_harvesters)
