"""``geo build``: records → layers, maps and the still, with progress on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from geo.cli._app import app, console, fail
from geo.errors import GeoError


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
    dask_address: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Also write each layer as partitioned GeoParquet (layers/parquet/<layer>/) "
            "on this Dask scheduler (tcp://HOST:8786); needs pip install 'geo\\[dask]'.",
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another geo build writing into the same --layers or "
            "--maps folder before refusing.",
        ),
    ] = 10.0,
) -> None:
    """Build layers/*.geojson and maps/index.html from the records in seeds/.

    Every record ends up in a layer or in layers/build_report.json with the reason
    it could not be placed. Invalid records stop the build before anything is written,
    with every problem listed (file:line, record id, field, fix). Layers and maps are
    published together (build_manifest.json in both folders, written last): after a
    failure or a kill both hold the previous build whole. One build at a time per
    folder: a second waits --wait seconds, then refuses, naming the first's pid.

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
                dask=dask_address,
                lock_wait_s=wait,
            )
    except GeoError as exc:
        fail(exc)
    table = Table(title="geo build", show_header=True)
    table.add_column("layer")
    table.add_column("features", justify="right")
    for name, n in result.counts.items():
        table.add_row(name, str(n))
    console.print(table)
    for f in result.files:
        size = f.stat().st_size if f.is_file() else None
        console.print(
            f"  wrote {f}" + (f" ({size:,} bytes)" if size is not None else ""), highlight=False
        )
    if result.issues:
        console.print(
            f"[yellow]{len(result.issues)} input(s) not placed[/] (see build_report.json):"
        )
        for issue in result.issues:
            console.print(f"  {issue}", markup=False, highlight=False)
    if result.warnings:
        console.print(f"[yellow]{len(result.warnings)} warning(s)[/] (also in build_report.json):")
        for issue in result.warnings:
            console.print(f"  {issue}", markup=False, highlight=False)
