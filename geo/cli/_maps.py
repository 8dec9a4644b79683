"""``geo map``: any GeoJSON layers as one offline HTML page, and stills for reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from geo.cli._app import app, console, fail
from geo.errors import GeoError


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
    pdf: Annotated[
        Path | None,
        typer.Option(help="Also write a PDF still here (--pdf alone: the HTML's name, .pdf)."),
    ] = None,
    size: Annotated[
        str,
        typer.Option(help="Print size of the stills: a4-landscape, a4-portrait or column (85 mm)."),
    ] = "a4-landscape",
    extent: Annotated[
        str | None,
        typer.Option(
            help="Area of the stills as min_lon,min_lat,max_lon,max_lat (degrees); "
            "default: the features that matter."
        ),
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
    --size column --extent 130,42,134,46
    """
    from geo._io import write_text_atomic
    from geo.maps import make_map, map_layers, render_fragment, write_map

    # `--png`/`--svg` given without a file name (see _still_defaults): beside the HTML.
    png = output.with_suffix(".png") if png == _AUTO else png
    svg = output.with_suffix(".svg") if svg == _AUTO else svg
    pdf = output.with_suffix(".pdf") if pdf == _AUTO else pdf
    try:
        bounds = _extent(extent)
        data = map_layers(layers)
        m = make_map(data, title=title, basemap=basemap)
        written = [write_map(m, output)]
        if fragment is not None:
            written.append(write_text_atomic(render_fragment(m), fragment))
        stills = [p for p in (png, svg, pdf) if p is not None]
        if stills:
            from geo.stills import render_still, render_stills

            if basemap:
                # Crowded clusters get detail stills beside the first file (…-detail-a.png).
                written += render_stills(data, stills, title=title, size=size, extent=bounds,
                                         dpi=dpi)  # fmt: skip
            else:
                for target in stills:
                    written.append(render_still(data, target, title=title, size=size,
                                                extent=bounds, dpi=dpi, basemap=False))  # fmt: skip
    except (GeoError, ValueError) as exc:
        fail(exc)
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


def _extent(text: str | None) -> tuple[float, float, float, float] | None:
    """``--extent min_lon,min_lat,max_lon,max_lat`` as four floats.

    Raises
    ------
    ValueError
        When the text is not four comma-separated numbers, quoting it.
    """
    if text is None:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise ValueError(f"--extent {text!r} is not min_lon,min_lat,max_lon,max_lat (four numbers)")
    return values  # type: ignore[return-value]


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
        if a in ("--png", "--svg", "--pdf") and (i + 1 == len(argv) or argv[i + 1].startswith("-")):
            out.append(str(_AUTO))
    return out
