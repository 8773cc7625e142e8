"""The command line's two consoles (results on stdout, errors on stderr), sized for each invocation."""

from __future__ import annotations

from rich.console import Console

console = Console()
errors = Console(stderr=True)


def fit_to_terminal() -> None:
    """Re-read the width (COLUMNS or the terminal's): one process may run many commands, each with its own."""
    for each in (console, errors):
        each.width = Console(stderr=each.stderr).width
