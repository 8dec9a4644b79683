"""Record commands: ``geo validate``, ``geo schema``, ``geo import-csv`` and ``geo import``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from geo.cli._app import app, console, fail
from geo.errors import InvalidRecordsError


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
    problem, all reported together) on the records and, for a seeds folder, on the
    curated gazetteer entries of PATH/gazetteer/; lists the values on which sources
    disagree.

    Example: geo validate seeds/records/soyuz-logistics-centre.yaml
    """
    from geo.pipeline import load_checked

    try:
        rs = load_checked(path, sources=sources)
    except InvalidRecordsError as exc:
        fail(exc)
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
        fail(ValueError(f"--kind {kind!r} must be record, sources or places"))
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

    The short name of `geo import FILE --format table` with our own template.

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
        fail(ValueError("give the CSV file: geo import-csv FILE.csv (or --template)"))
    try:
        written = run_import(csv_file, seeds=seeds, out_dir=out, overwrite=force)
    except InvalidRecordsError as exc:
        fail(exc)
    for f in written:
        console.print(f"  wrote {f}", highlight=False)
    command = validate_command(seeds=seeds, out_dir=out)
    console.print(
        f"[green]ok[/]: {len(written)} record(s); check them with: {command}",
        highlight=False,
        soft_wrap=True,
    )


@app.command("import")
def import_tracker(
    file: Annotated[
        Path | None, typer.Argument(help="Tracker workbook (.xlsx), .csv or .geojson.")
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Layout of the file: gem (Global Energy Monitor), aiddata (AidData GCDF "
            "3.0) or table (any sheet, with --map; without it: our CSV template).",
        ),
    ] = "gem",
    sheet: Annotated[
        str | None, typer.Option(help="Read only this sheet (default: every matching sheet).")
    ] = None,
    column_map: Annotated[
        Path | None,
        typer.Option("--map", help="YAML column map of --format table (see --template-map)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where to write <id>.yaml records.")] = Path(
        "seeds/records"
    ),
    routes: Annotated[
        Path | None,
        typer.Option(help="Folder of GEM's [ProjectID].geojson route files, for the report."),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Replace record files this importer did not write.")
    ] = False,
    template_map: Annotated[
        bool, typer.Option("--template-map", help="Print an example column map and exit.")
    ] = False,
) -> None:
    """Turn a tracker file into YAML records (one per project), with a report of every row.

    gem: GEM's gas and oil trackers, one row per pipeline segment; rows with the same
    ProjectID become one record with its segments. aiddata: AidData's GCDF 3.0, one
    record per AidData Record ID, amounts as separate claims. table: any sheet
    through a column map (--map; --template-map prints one); without --map, our own
    CSV template (as geo import-csv). Every value that cannot be used is listed with
    its file, sheet, row and column; it never stops the import. The records are
    written together or not at all, and a re-import writes the same bytes.

    Example: geo import GGIT.xlsx --format gem --out seeds/records
    """
    from geo.errors import GeoError
    from geo.trackers import TEMPLATE_MAP
    from geo.trackers import import_tracker as run_import

    if template_map:
        sys.stdout.write(TEMPLATE_MAP)
        return
    if file is None:
        fail(ValueError("give the file: geo import FILE --format gem (or --template-map)"))
    if format == "table" and column_map is None:
        import_csv(file, seeds=Path("seeds"), out=out, force=force, template=False)
        return
    try:
        result = run_import(
            file,
            format=format,
            out_dir=out,
            sheet=sheet,
            column_map=column_map,
            routes=routes,
            overwrite=force,
        )
    except GeoError as exc:
        fail(exc)
    for line in result.report:
        console.print(f"  report: {line}", markup=False, highlight=False, soft_wrap=True)
    for f in result.written:
        console.print(f"  wrote {f}", highlight=False)
    console.print(
        f"[green]ok[/]: {len(result.written)} record(s) from sheet(s) "
        f"{', '.join(result.sheets) or '(none)'}; {len(result.report)} report line(s); "
        f"check them with: geo validate {out}",
        highlight=False,
        soft_wrap=True,
    )
