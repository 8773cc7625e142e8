"""The `catalogue import` and `catalogue export` commands: a spreadsheet register in, the register out."""

from __future__ import annotations

import sys

import click
from rich.markup import escape
from rich.table import Table

from catalogue.access import Principal
from catalogue.cli_harvest import _actor, _json, refuse_cleanly
from catalogue.config import load_settings
from catalogue.export_audit import record_export
from catalogue.register.exporter import export_file
from catalogue.register.importer import (
    DEFAULT_SOURCE,
    FAILED,
    IMPORTED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RegisterImportError,
    import_register,
)
from catalogue.runtime import Catalogue
from catalogue.terminal import console, errors


def _open(ctx: click.Context) -> Catalogue:
    return Catalogue.open(load_settings(overrides={"data_dir": ctx.obj.get("data_dir")}))


def _mapping(value: str | None) -> dict[str, str | None] | None:
    mapping = _json(value, "--mapping")
    if mapping is None:
        return None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in mapping.items()
    ):
        hint = 'give a JSON object, column -> field (e.g. {"IAO": "owner"})'
        raise click.BadParameter(hint, param_hint="--mapping")
    return mapping


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--source", "source", default=DEFAULT_SOURCE, show_default=True, help="The register source.")
@click.option("--key", "key", metavar="COLUMN", help="The column that identifies a row across imports.")
@click.option("--mapping", metavar="JSON|@FILE", help='Column -> field, e.g. {"IAO": "owner"}; null skips.')
@click.option("--sheet", metavar="NAME", help="The sheet to read (default: the first).")
@click.option("--dry-run", is_flag=True, help="Check every row and report; change nothing.")
@click.option("--strict-owners", is_flag=True, help="An owner not in the people directory fails the row.")
@click.option("--as", "user", metavar="USER", help="Who the curated values are recorded as (default: you).")
@click.pass_context
@refuse_cleanly
def import_command(
    ctx: click.Context,
    /,
    file: str,
    source: str,
    key: str | None,
    mapping: str | None,
    sheet: str | None,
    dry_run: bool,
    strict_owners: bool,
    user: str | None,
) -> None:
    """Import an information asset register (.xlsx or .csv) as curated values.

    Columns are mapped to fields by their headers (or --mapping; the mapping used is saved with the
    source). Every row is checked; good rows are imported, and importing the same file again changes
    nothing. Exit status: 0 all rows good, 2 some rows failed, 1 nothing imported."""
    given = _mapping(mapping)
    catalogue = _open(ctx)
    try:
        report = import_register(
            catalogue.store,
            file,
            user=user or _actor(),
            source=source,
            key_column=key,
            mapping=given,
            sheet=sheet,
            dry_run=dry_run,
            strict_owners=strict_owners,
        )
    except RegisterImportError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        sys.exit(1)
    finally:
        catalogue.close()
    _print_report(report)
    counts = report.counts
    if counts[IMPORTED] + counts[UPDATED] + counts[UNCHANGED] == 0:
        sys.exit(1)
    if counts[FAILED]:
        sys.exit(2)


def _print_report(report: ImportReport) -> None:
    mapping = Table(title=f"Columns (header on row {report.header_row})")
    mapping.add_column("column", overflow="fold")
    mapping.add_column("field")
    for header, name in report.mapping.columns.items():
        mapping.add_row(escape(header), name + (" (key)" if header == report.key_column else ""))
    for header in report.mapping.unmapped:
        key = " (key)" if header == report.key_column else ""
        mapping.add_row(escape(header), "[dim]not imported[/dim]" + key)
    console.print(mapping)
    if report.problems:
        problems = Table(title="Problems")
        for column in ("row", "column", "", "problem"):
            problems.add_column(column, overflow="fold")
        for problem in sorted(report.problems, key=lambda p: p.row):
            severity = "[red]error[/red]" if problem.severity == "error" else "[yellow]warning[/yellow]"
            problems.add_row(str(problem.row), escape(problem.column), severity, escape(problem.message))
        console.print(problems)
    counts = report.counts
    verb = "would be " if report.dry_run else ""
    console.print(
        f"{report.source}: {counts[IMPORTED]} {verb}imported, {counts[UPDATED]} {verb}updated, "
        f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
        + (" (dry run: nothing changed)" if report.dry_run else ""),
        highlight=False,
    )


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--clearance", help="Export as someone with this clearance (default: the lowest level).")
@click.option("--group", "groups", multiple=True, help="Export as a member of this access group; repeatable.")
@click.pass_context
@refuse_cleanly
def export_command(ctx: click.Context, /, file: str, clearance: str | None, groups: tuple[str, ...]) -> None:
    """Export the register (.xlsx or .csv) as someone of the given clearance and groups may see it."""
    catalogue = _open(ctx)
    try:
        level = clearance or catalogue.scheme.lowest
        catalogue.scheme.rank(level)
        principal = Principal(_actor(), level, frozenset(groups))
        count = export_file(catalogue.store, principal, file)
        record_export(catalogue.store, principal, file.rsplit(".", 1)[-1].lower(), channel="cli", file=file)
    finally:
        catalogue.close()
    console.print(f"Exported {count} assets to {escape(file)} (as {level}).", highlight=False)


def register(main: click.Group) -> None:
    main.add_command(import_command)
    main.add_command(export_command)
