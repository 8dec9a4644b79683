"""Gazetteer commands of the ``geo`` CLI: ``geocode``, ``reverse``, ``gazetteer build|info``.

Heavy imports happen inside the
commands so that ``geo geocode NAME`` starts fast.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geo.cli._app import app

if TYPE_CHECKING:
    from geo.gazetteer import GeocodeResult

__all__ = ["gazetteer_app", "geocode_cmd", "reverse_cmd"]

gazetteer_app = typer.Typer(
    name="gazetteer",
    help=(
        "Build or describe the offline gazetteer index (user cache, SQLite; built by "
        "itself on the first geocode, about 40 s). Curated entries are read from "
        "$GEO_SEEDS, else ./seeds/gazetteer, else the folder beside the package.\n\n"
        "Examples:\n\n"
        "  geo gazetteer info               # where the index is, sources, counts\n\n"
        "  geo gazetteer info --json        # the same as JSON\n\n"
        "  geo gazetteer build --force      # rebuild after upgrading the source packages\n\n"
        "  GEO_SEEDS=my/seeds geo gazetteer info   # count another project's entries"
    ),
    no_args_is_help=True,
    add_completion=False,
)


def _err(msg: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[bold red]error:[/] {msg}", highlight=False)
    raise typer.Exit(1)


def _parse_near(near: str | None) -> tuple[float, float] | None:
    if not near:
        return None
    try:
        lat_s, lon_s = near.replace(";", ",").split(",")
        return (float(lat_s), float(lon_s))
    except ValueError:
        _err(f"--near {near!r}: give 'LAT,LON' in decimal degrees, e.g. --near 47.65,132.5")
    return None


def _context_arg(text: str | None) -> str | list[str] | None:
    """``--context``: running text, or a list of place names when it is nothing
    else: one word ("Ufa") or names separated by commas or semicolons ("Ufa,
    Sterlitamak"). In running text one short capitalised word is a weak
    cue, while a name the user lists is taken as a place. Codes ("US"), numbers and
    sentences ("Near Ufa", "Ufa.") stay text."""
    if text is None:
        return None
    items = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if not items or (len(items) == 1 and " " in items[0]):
        return text
    for item in items:
        words = item.split()
        if not all(_NAME_WORD_RE.fullmatch(w) for w in words) or item.isupper():
            return text
    return items


_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]{2,}|[^\W\d_]{1,2}", re.UNICODE)


def _emit(res: GeocodeResult, *, as_json: bool) -> None:
    """Write one result: a JSON line (``--json``) or the readable summary."""
    if as_json:
        sys.stdout.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
    else:
        _print_result(res)


def _print_result(res: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from geo.gazetteer import GeocodeResult

    assert isinstance(res, GeocodeResult)
    con = Console(soft_wrap=True)
    if not con.is_terminal:
        con.width = 200  # piped or redirected: one line per result, ids in full
    if not res.resolved:
        con.print(f"[yellow]unresolved[/]: {res.query!r} — {res.reason}", highlight=False)
        for part in res.parts:
            _print_result(part)
        return
    con.print(
        f"[bold]{res.name}[/] ({res.feature_code}, {res.country_code}"
        f"{', ' + res.admin1 if res.admin1 else ''})  "
        f"lat {res.lat:.5f}, lon {res.lon:.5f}  precision {res.precision}"
        + (f", ±{res.uncertainty_km:g} km" if res.uncertainty_km else "")
        + f"  score {res.score:.2f}  [dim]{res.id} · {res.source} · {res.match}[/]",
        highlight=False,
    )
    if res.reason:  # "fuzzy match: 'vladivostk' read as 'vladivostok' …"
        con.print(f"  [dim]{res.reason}[/]", highlight=False)
    if res.distance_km is not None:
        con.print(f"  {res.distance_km:.1f} km from the point", highlight=False)
    if res.candidates:
        table = Table("runner-up", "cc", "admin1", "code", "lat", "lon", "score", "id")
        table.columns[-1].no_wrap = True  # an id is copied whole or not at all
        for c in res.candidates:
            table.add_row(
                c.name,
                c.country_code or "",
                c.admin1 or "",
                c.feature_code,
                f"{c.lat:.4f}",
                f"{c.lon:.4f}",
                f"{c.score:.2f}",
                c.id,
            )
        con.print(table)


def geocode_cmd(
    name: Annotated[str | None, typer.Argument(help="Place name, any script.")] = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this country (ISO alpha-2).")
    ] = None,
    near: Annotated[
        str | None, typer.Option(help="Prefer places near 'LAT,LON' (EPSG:4326 degrees).")
    ] = None,
    context: Annotated[
        str | None,
        typer.Option(
            help="Text around the name, or other place names: one word ('Ufa') or "
            "names separated by commas or semicolons ('Ufa, Sterlitamak') are read as "
            "a list of places; anything else as running text."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            help='Batch: .jsonl, .csv or .parquet rows {"id", "name", "context"?, '
            '"country"?, "near"?} ("-" = JSONL on stdin).',
        ),
    ] = None,
    output_path: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help='Batch output .jsonl, .csv or .parquet ("-" or absent = JSONL on stdout). '
            "An interrupted run resumes; an existing file is never overwritten unless it "
            "is a geocode output and --restart or --append is given. In CSV output a "
            "text cell starting with = + - @ (a formula to a spreadsheet) gets a leading "
            "' (OWASP CSV injection advice); numbers stay as they are.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Batch: processes on this machine.")
    ] = 1,
    dask_address: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Batch on a Dask cluster: scheduler address tcp://HOST:PORT "
            "(gives up after 5 s when no scheduler answers).",
        ),
    ] = None,
    ship_index: Annotated[
        bool,
        typer.Option(help="With --dask: copy the index to the workers (else: their own cache)."),
    ] = False,
    restart: Annotated[
        bool,
        typer.Option("--restart", help="Batch: discard earlier output of ours, do not resume."),
    ] = False,
    append: Annotated[
        bool, typer.Option(help="Batch: add to a finished output the ids it lacks.")
    ] = False,
) -> None:
    """Geocode a place name offline; or a batch with --input/--output.

    A batch reads JSONL, CSV or Parquet rows {"id", "name", "context"?,
    "country"?, "near"?} in chunks (constant memory), with a progress bar,
    resumable output and --workers N processes or --dask SCHEDULER. Each
    output row keeps the input "id" and adds "lat" and "lon" (null when
    unresolved), "resolved", "reason", "precision", "candidates" and the rest.
    Positions are EPSG:4326 degrees. Curated entries come from $GEO_SEEDS,
    else ./seeds/gazetteer. Exit code 2: the name was not resolved.
    A bad row (an unquoted comma, an empty name) gives resolved=false and
    the reason with its line; it never stops the batch.

    Examples:

      geo geocode Vladivostok

      geo geocode Благовещенск --json

      geo geocode Tongjiang --context "Nizhneleninskoye–Tongjiang railway bridge"

      geo geocode Moscow --country US

      geo geocode Heihe --near 50.25,127.5

      geo geocode -i names.jsonl -o places.parquet --workers 4

      geo geocode -i names.csv -o out.jsonl --dask tcp://10.0.0.5:8786
    """
    from geo.errors import GazetteerError
    from geo.gazetteer import default_gazetteer

    try:
        gz = default_gazetteer()
        if country is not None:
            gz.countries(country)  # an unknown code fails here, before any work
        if input_path is not None:
            _batch(
                gz,
                input_path,
                output_path,
                country=country,
                workers=workers,
                dask=dask_address,
                ship_index=ship_index,
                resume=not restart,
                append=append,
            )
            return
        if not name:
            _err("give a NAME, or --input FILE.jsonl for a batch")
        res = gz.geocode(
            name, country=country, near=_parse_near(near), context=_context_arg(context)
        )
    except GazetteerError as exc:
        _err(str(exc))
        return
    _emit(res, as_json=as_json)
    if not res.resolved:
        raise typer.Exit(2)


def _batch(
    gz: object,
    input_path: Path,
    output_path: Path | None,
    *,
    country: str | None,
    workers: int = 1,
    dask: str | None = None,
    ship_index: bool = False,
    resume: bool = True,
    append: bool = False,
) -> None:
    """Run a batch through :func:`geo.batch.geocode_file` (streaming, resumable)."""
    from rich.console import Console

    from geo.batch import BatchError, geocode_file
    from geo.gazetteer import Gazetteer

    assert isinstance(gz, Gazetteer)
    try:
        summary = geocode_file(
            input_path,
            output_path,
            country=country,
            workers=workers,
            dask=dask,
            ship_index=ship_index,
            resume=resume,
            append=append,
            index_path=gz.index_path,
            seeds_dir=gz.seeds_dir,
        )
    except BatchError as exc:
        _err(str(exc))
        return
    skipped = f", {summary.n_skipped} already written" if summary.n_skipped else ""
    if summary.n_duplicate_ids:
        shown = ", ".join(repr(i) for i in summary.duplicate_ids[:5])
        Console(stderr=True).print(
            f"[bold yellow]warning:[/] {summary.n_duplicate_ids} input rows reuse an id of "
            f"an earlier row (e.g. {shown}); each row is kept in the output: give unique "
            "ids to tell them apart",
            highlight=False,
        )
    Console(stderr=True).print(
        f"{summary.n_resolved}/{summary.n_rows} names resolved{skipped} "
        f"({summary.rows_per_s:,.0f} names/s, {summary.engine})",
        highlight=False,
    )


def reverse_cmd(
    lat: Annotated[float, typer.Argument(help="Latitude, EPSG:4326 degrees.")],
    lon: Annotated[float, typer.Argument(help="Longitude, EPSG:4326 degrees.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Nearest populated place, its first-level division and country for LAT LON.

    LAT and LON are EPSG:4326 decimal degrees, latitude first; a negative
    value needs no quoting. The country is the one whose border holds the
    point.

    Examples:

      geo reverse 47.96 132.70

      geo reverse 55.7558 37.6173 --json

      geo reverse -33.87 151.21
    """
    from geo.errors import GazetteerError
    from geo.gazetteer import reverse

    try:
        res = reverse(lat, lon)
    except GazetteerError as exc:
        _err(str(exc))
        return
    _emit(res, as_json=as_json)


@gazetteer_app.command("build")
def build_cmd(
    force: Annotated[bool, typer.Option(help="Rebuild even when the index exists.")] = False,
) -> None:
    """Build the SQLite index from the source packages (about 30-60 s, once)."""
    from rich.console import Console

    from geo.errors import GazetteerError
    from geo.gazetteer import build_index, default_index_path

    path = default_index_path()
    con = Console(stderr=True)
    if path.exists() and not force:
        con.print(f"index up to date: {path} (use --force to rebuild)", highlight=False)
        return
    try:
        build_index(path, show_progress=True)
    except GazetteerError as exc:
        _err(str(exc))
    con.print(f"[green]built[/] {path}", highlight=False)


@gazetteer_app.command("info")
def info_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Sources, versions, counts, size and location of the index."""
    from rich.console import Console
    from rich.table import Table

    from geo.gazetteer import index_info

    info = index_info()
    if as_json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("field", "value", show_header=False)
    for k, v in info.items():
        table.add_row(k, json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v))
    Console().print(table)


# Registered on import (geo/cli/__init__.py imports this module after the others, so
# these commands come last in `geo --help`).
app.command("geocode")(geocode_cmd)
app.command("reverse", context_settings={"ignore_unknown_options": True})(reverse_cmd)
app.add_typer(gazetteer_app, name="gazetteer")
