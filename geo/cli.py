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
    console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
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
    dask_address: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Also write each layer as partitioned GeoParquet (layers/parquet/<layer>/) "
            "on this Dask scheduler (tcp://HOST:8786); needs pip install 'geo\\[dask]'.",
        ),
    ] = None,
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
                dask=dask_address,
            )
    except GeoError as exc:
        _fail(exc)
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


@app.command()
def validate(
    path: Annotated[
        Path,
        typer.Argument(
            help="Seeds directory (sources.yaml, places.yaml, records/), a folder of "
            "record files, or one record file."
        ),
    ] = Path("seeds"),
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="Shared sources file the records cite (default: sources.yaml found "
            "beside PATH or one level up), e.g. seeds/sources.yaml for records "
            "imported to another folder.",
        ),
    ] = None,
) -> None:
    """Check records without building anything; exit 1 and list every problem if any.

    Runs the same checks as `geo build` (file:line, record id, field, fix for each
    problem, all reported together) and lists the values on which sources disagree.

    Example: geo validate seeds/records/soyuz-logistics-centre.yaml
    """
    from geo.records import load_records

    try:
        rs = load_records(path, sources=sources)
    except InvalidRecordsError as exc:
        _fail(exc)
    console.print(
        f"[green]ok[/]: {len(rs.records)} records, {len(rs.places)} places, "
        f"{len(rs.sources)} shared sources"
    )
    for note in rs.notes():
        console.print(f"[yellow]note[/]: {note}", highlight=False, soft_wrap=True)
    conflicts = rs.conflicts()
    if conflicts:
        console.print(
            f"{len(conflicts)} value(s) on which sources disagree (kept; the layers use "
            "the preferred claim and set capacity_conflict):",
            soft_wrap=True,
        )
        for rid, c in conflicts:
            console.print(f"  {rid}: {c}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def schema(
    kind: Annotated[
        str,
        typer.Option(help="Which file: record (seeds/records/*.yaml), sources or places."),
    ] = "record",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the record YAML, for editors that check as you type.

    VS Code (YAML extension) and other editors read a first line such as
    `# yaml-language-server: $schema=../record.schema.json`.

    Example: geo schema -o seeds/record.schema.json
    """
    import json

    from geo.records import json_schema

    if kind not in ("record", "sources", "places"):
        _fail(ValueError(f"--kind {kind!r} must be record, sources or places"))
    text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"  # type: ignore[arg-type]
    if output is None:
        sys.stdout.write(text)
        return
    from geo._io import write_text_atomic

    write_text_atomic(text, output)
    console.print(f"wrote {output}", highlight=False)


@app.command("import-csv")
def import_csv(
    csv_file: Annotated[Path | None, typer.Argument(help="Spreadsheet saved as CSV UTF-8.")] = None,
    seeds: Annotated[
        Path, typer.Option(help="Seeds directory whose sources.yaml the rows cite.")
    ] = Path("seeds"),
    out: Annotated[
        Path | None, typer.Option(help="Where to write <id>.yaml (default SEEDS/records).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace existing record files.")] = False,
    template: Annotated[
        bool, typer.Option(help="Print an example CSV (header and rows) and exit.")
    ] = False,
) -> None:
    """Turn a spreadsheet of records into YAML record files (one per id).

    One header row, then one row per fact; rows with the same id form one record.
    Record columns: id, name, name_<lang>, type, status, mode, summary, countries,
    route_accuracy, investment (number or text such as "5 billion yuan"), currency,
    investment_date, stated_usd, length_km, date_announced, date_signed,
    date_construction_start, date_opening and their *_source columns. Each row may
    add a place (place, lat, lon, place_country, relation, side, precision,
    uncertainty_km, place_source), a party (party, party_country, party_role,
    party_source) and a capacity (commodity, value, unit, qualifier, period, key,
    preferred, as_written, capacity_source). A "source" column is the default for
    every blank *_source cell of its row. Nothing is written unless every row is
    valid.

    Example: geo import-csv projects.csv --seeds seeds
    """
    from geo.csv_import import TEMPLATE, validate_command
    from geo.csv_import import import_csv as run_import

    if template:
        sys.stdout.write(TEMPLATE)
        return
    if csv_file is None:
        _fail(ValueError("give the CSV file: geo import-csv FILE.csv (or --template)"))
    try:
        written = run_import(csv_file, seeds=seeds, out_dir=out, overwrite=force)
    except InvalidRecordsError as exc:
        _fail(exc)
    for f in written:
        console.print(f"  wrote {f}", highlight=False)
    command = validate_command(seeds=seeds, out_dir=out)
    console.print(
        f"[green]ok[/]: {len(written)} record(s); check them with: {command}",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="Report as UTF-8 text (.txt).")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print every finding with its span as JSON.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write draft records (YAML) here.")
    ] = None,
    source_id: Annotated[
        str | None, typer.Option(help="Source id the drafts cite (default: the file stem).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Report date YYYY-MM-DD (as-of date of investments).")
    ] = None,
) -> None:
    """Find places, money, capacities and dates in a report; draft records to review.

    Without options, prints a table of findings; --json prints them all with spans;
    -o DRAFT.yaml writes one draft record per infrastructure object, each with a
    `review` list that `geo validate` rejects until an analyst has checked and
    deleted it.

    Example: geo extract report.txt -o seeds/records/draft.yaml --date 2023-09-20
    """
    import datetime as dt
    import json
    import re

    from geo._io import write_text_atomic
    from geo.extract import draft_records, draft_yaml, read_report
    from geo.extract import extract as run_extract

    try:
        report_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        _fail(ValueError(f"--date {date!r} is not a date: write it as YYYY-MM-DD"))
    try:
        text = read_report(file)
        ex = run_extract(text, reference_date=report_date)
        sid = source_id or re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-") or "report"
        drafts = draft_records(ex, source_id=sid, source_file=str(file), report_date=report_date)
    except GeoError as exc:
        _fail(exc)
    if json_out:
        data = ex.to_dict()
        data.pop("sentences")
        data["records"] = drafts
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    if output is not None:
        write_text_atomic(draft_yaml(drafts), output)
        console.print(f"wrote {len(drafts)} draft record(s) to {output}", highlight=False)
    if not json_out and output is None:
        table = Table(title=f"geo extract {file.name}")
        for col in ("kind", "span", "text", "reading"):
            table.add_column(col)
        for p in ex.places:
            table.add_row("place", f"{p.start}-{p.end}", p.text, f"{p.name} {p.feature_code}")
        for m in ex.money:
            table.add_row("money", f"{m.start}-{m.end}", m.text, f"{m.amount:.6g} {m.currency}")
        for q in ex.quantities:
            table.add_row("quantity", f"{q.start}-{q.end}", q.text, f"{q.value_base} {q.unit_base}")
        for d in ex.dates:
            table.add_row("date", f"{d.start}-{d.end}", d.text, d.value)
        for o in ex.organisations:
            table.add_row("organisation", f"{o.start}-{o.end}", o.text, o.country_code or "")
        Console().print(table)


@app.command("map")
def map_(
    layers: Annotated[
        list[Path],
        typer.Argument(help="GeoJSON layers (ours or any), e.g. layers/*.geojson.", min=1),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML map to write.")] = Path(
        "maps/map.html"
    ),
    title: Annotated[str, typer.Option(help="Map title.")] = "Cross-border infrastructure",
    png: Annotated[
        Path | None,
        typer.Option(
            help="Also write a 300 dpi PNG still here (--png alone: the HTML's name, .png)."
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option(help="Also write an SVG still here (--svg alone: the HTML's name, .svg)."),
    ] = None,
    fragment: Annotated[
        Path | None,
        typer.Option(help="Also write an embeddable HTML fragment (sandboxed iframe) here."),
    ] = None,
    dpi: Annotated[int, typer.Option(help="PNG resolution.", min=50, max=1200)] = 300,
    basemap: Annotated[
        bool, typer.Option(help="Draw the offline Natural Earth country basemap.")
    ] = True,
) -> None:
    """Map GeoJSON layers as one offline HTML page (and stills for reports).

    Layers named facilities, corridors, crossings, places (by file name) get our
    styles; other files are styled by geometry type. The page inlines every script
    and style and requests nothing when opened; prints a size report per layer.

    Example: geo map layers/*.geojson -o maps/all.html --png maps/all.png
    """
    from geo._io import write_text_atomic
    from geo.maps import make_map, map_layers, render_fragment, write_map

    # `--png`/`--svg` given without a file name (see _still_defaults): beside the HTML.
    png = output.with_suffix(".png") if png == _AUTO else png
    svg = output.with_suffix(".svg") if svg == _AUTO else svg
    try:
        data = map_layers(layers)
        m = make_map(data, title=title, basemap=basemap)
        written = [write_map(m, output)]
        if fragment is not None:
            written.append(write_text_atomic(render_fragment(m), fragment))
        if png is not None or svg is not None:
            from geo.stills import render_still

            for target in (png, svg):
                if target is not None:
                    written.append(
                        render_still(data, target, title=title, dpi=dpi, basemap=basemap)
                    )
    except (GeoError, ValueError) as exc:
        _fail(exc)
    table = Table(title=f"geo map → {output}")
    for col in ("layer", "features", "data bytes", "renderer", "simplified"):
        table.add_column(col, justify="right" if col in ("features", "data bytes") else "left")
    for name, info in m.geo_report.items():
        tol = info["simplified_deg"]
        table.add_row(
            name,
            f"{info['features']:,}",
            f"{info['bytes']:,}",
            info["renderer"],
            f"{tol:g}°" if tol else "no",
        )
    console.print(table)
    for name, info in m.geo_report.items():
        if info.get("skipped"):
            which = "; ".join(f"{w}: {why}" for w, why in info["skipped"])
            console.print(
                f"[yellow]{name}: {info['input']:,} in, {info['features']:,} drawn[/]; "
                f"skipped {which} (give each feature a geometry to draw it)",
                highlight=False,
            )
    for f in written:
        console.print(f"  wrote {f} ({f.stat().st_size:,} bytes)", highlight=False)


#: Stands for "no file name given" after `--png`/`--svg` (see :func:`_still_defaults`).
_AUTO = Path("<auto>")


def _still_defaults(argv: list[str]) -> list[str]:
    """`geo map … --png` with no file name: pass a marker the command replaces with the
    HTML's name (click options cannot take an optional value)."""
    if "map" not in argv:
        return argv
    out = []
    for i, a in enumerate(argv):
        out.append(a)
        if a in ("--png", "--svg") and (i + 1 == len(argv) or argv[i + 1].startswith("-")):
            out.append(str(_AUTO))
    return out


def _register_commands() -> None:
    """Attach command groups that live beside their concept (gazetteer, …)."""
    from geo.gazetteer._cli import register

    register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        app(args=_still_defaults(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
