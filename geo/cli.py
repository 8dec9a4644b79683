"""The ``geo`` command line.

Run ``geo --help`` for the commands and ``geo COMMAND --help`` for each one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from geo.errors import GeoError, InvalidRecordsError

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
console = Console(stderr=True)


def _fail(exc: Exception) -> None:
    console.print("[bold red]error:[/]", end=" ")
    console.print(str(exc), markup=False, highlight=False)
    raise typer.Exit(1)


@app.command()
def build(
    seeds: Annotated[
        Path, typer.Option(help="Seeds directory: sources.yaml, places.yaml, records/*.yaml.")
    ] = Path("seeds"),
    layers: Annotated[Path, typer.Option(help="Where to write the GeoJSON layers.")] = Path(
        "layers"
    ),
    maps: Annotated[Path, typer.Option(help="Where to write the HTML web maps.")] = Path("maps"),
    title: Annotated[
        str, typer.Option(help="Web map title.")
    ] = "Russia–China cross-border infrastructure",
    formats: Annotated[
        str,
        typer.Option(
            help="Layer formats, comma-separated: geojson (+ .qml styles), gpkg "
            "(layers/atlas.gpkg with styles), parquet (GeoParquet), fgb (FlatGeobuf)."
        ),
    ] = "geojson,gpkg",
) -> None:
    """Build layers/*.geojson and maps/index.html from the records in seeds/.

    Every record ends up in a layer or in layers/build_report.json with the reason
    it could not be placed. Invalid records stop the build before anything is written,
    with every problem listed (file:line, record id, field, fix).

    Example: geo build --seeds seeds --layers layers --maps maps
    """
    from geo.pipeline import build as run_build

    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("starting", total=None)
            result = run_build(
                seeds,
                layers_dir=layers,
                maps_dir=maps,
                title=title,
                progress=lambda msg: progress.update(task, description=msg),
                formats=formats,
            )
    except InvalidRecordsError as exc:
        _fail(exc)
    except GeoError as exc:
        _fail(exc)
    table = Table(title="geo build", show_header=True)
    table.add_column("layer")
    table.add_column("features", justify="right")
    for name, n in result.counts.items():
        table.add_row(name, str(n))
    console.print(table)
    for f in result.files:
        console.print(f"  wrote {f}", highlight=False)
    if result.issues:
        console.print(
            f"[yellow]{len(result.issues)} input(s) not placed[/] (see build_report.json):"
        )
        for issue in result.issues:
            console.print(f"  {issue}", markup=False, highlight=False)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="Seeds directory or a single record file.")] = Path(
        "seeds"
    ),
) -> None:
    """Check records without building anything; exit 1 and list every problem if any."""
    from geo.records import load_records

    try:
        rs = load_records(path)
    except InvalidRecordsError as exc:
        _fail(exc)
    console.print(
        f"[green]ok[/]: {len(rs.records)} records, {len(rs.places)} places, "
        f"{len(rs.sources)} shared sources"
    )


def _register_optional() -> None:
    """Attach command groups that live beside their concept (gazetteer, …)."""
    try:
        from geo.gazetteer._cli import register
    except ImportError:
        return
    register(app)


_register_optional()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
