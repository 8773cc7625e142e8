"""The operations commands: `catalogue scheduler` (the process that harvests sources on their schedules)
and `catalogue health` (for container health checks: exit 0 healthy, 1 not)."""

from __future__ import annotations

import json
import signal
import sys
from types import FrameType

import click

from catalogue.cli_harvest import _open, refuse_cleanly
from catalogue.health import DOWN, Health, scheduler_health, web_health


@click.command()
@click.pass_context
@refuse_cleanly
def scheduler(ctx: click.Context) -> None:
    """Harvest every enabled source on its schedule until stopped (SIGTERM or Ctrl+C).

    Several scheduler processes may share one store: each scheduled slot runs once, and never two runs of
    one source at a time. Log lines go to stderr (CATALOGUE_LOG_FORMAT=json for one JSON object a line).
    """
    from catalogue.harvest.scheduler import HarvestScheduler

    catalogue = _open(ctx)
    process = HarvestScheduler(catalogue)

    def stop(_signal: int, _frame: FrameType | None) -> None:
        process.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        process.run_forever()
    finally:
        catalogue.close()


@click.command()
@click.option(
    "--scheduler",
    "of_scheduler",
    is_flag=True,
    help="Check the scheduler on this host (its heartbeat) instead of the store and the search index.",
)
@click.option("--anywhere", is_flag=True, help="With --scheduler: a scheduler on any host will do.")
@click.pass_context
@refuse_cleanly
def health(ctx: click.Context, of_scheduler: bool, anywhere: bool) -> None:
    """Print the health as JSON; exit 0 when healthy, 1 when not.

    Without options it checks what the web process needs (the store and the search backend), like
    `GET /health`; with --scheduler, that a scheduler process on this host has written its heartbeat
    in the last 30 seconds.
    """
    try:
        catalogue = _open(ctx)
    except Exception as error:  # the store cannot be opened (down, or not migrated): unhealthy
        click.echo(f"store: {type(error).__name__}", err=True)
        result = Health({"store": DOWN, "scheduler" if of_scheduler else "search": DOWN})
    else:
        try:
            result = scheduler_health(catalogue, anywhere) if of_scheduler else web_health(catalogue)
        finally:
            catalogue.close()
    click.echo(json.dumps(result.as_json()))
    sys.exit(0 if result.ok else 1)


def register(main: click.Group) -> None:
    main.add_command(scheduler)
    main.add_command(health)
