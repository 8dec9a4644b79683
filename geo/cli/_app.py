"""The ``geo`` Typer application, its console and the one way a command fails.

Every command module of :mod:`geo.cli` registers on :data:`app`; only this room prints,
parses arguments or shows progress.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

__all__ = ["app", "console", "fail"]

app = typer.Typer(
    name="geo",
    help=(
        "Map cross-border infrastructure: sourced project records (seeds/*.yaml) → "
        "QGIS-ready GeoJSON layers (layers/) and offline web maps (maps/).\n\n"
        "Start with `geo build` in the project folder; open maps/index.html by "
        "double-click and drag layers/*.geojson into QGIS."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
#: Messages, tables and progress go to stderr, so stdout stays clean for --json and schemas.
console = Console(stderr=True)


def fail(exc: Exception) -> NoReturn:
    """Print ``error: <message>`` on stderr and exit with status 1."""
    console.print("[bold red]error:[/]", end=" ")
    console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)
