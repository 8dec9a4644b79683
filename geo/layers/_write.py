"""Writing the layers: GeoJSON (RFC 7946) + QML, GeoPackage, GeoParquet, FlatGeobuf.

Every file is written atomically (temp file + rename) and deterministically (the
same layers give the same bytes), with ``build_report.json`` beside them: where each
input went, what was not placed and why, and the GeoJSON fields readers will type
otherwise than written (:func:`geojson_type_notes`).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo._io import atomic_path, write_text_atomic
from geo.errors import Issue, LayerError
from geo.layers._basemap import basemap_layers
from geo.layers._build import LayerSet
from geo.layers._frame import _gc_paused, _have_arrow
from geo.layers._project import PROJECT_NAME, project_qgs, write_project
from geo.layers._schema import LAYER_NAMES, LIST_FIELDS, date_fields
from geo.layers._styles import basemap_qml, layer_qml, write_gpkg_styles

__all__ = [
    "FORMATS",
    "GPKG_NAME",
    "RFC7946_OPTIONS",
    "geojson_type_notes",
    "parse_formats",
    "write_geojson",
    "write_layers",
]

#: Output formats of :func:`write_layers`.
FORMATS: tuple[str, ...] = ("geojson", "gpkg", "parquet", "fgb")

#: The GeoPackage holding every layer and its style.
GPKG_NAME = "atlas.gpkg"

#: GDAL GeoJSON layer creation options for RFC 7946 output with 6 decimals (~10 cm).
RFC7946_OPTIONS: dict[str, str] = {
    "RFC7946": "YES",
    "COORDINATE_PRECISION": "6",
    "WRITE_NAME": "NO",
    "SIGNIFICANT_FIGURES": "15",
    # ids go to the Feature "id" member: OGR (and so QGIS) then types them String,
    # where a property such as "9000-01-01" would be sniffed as a Date.
    "ID_FIELD": "id",
    "ID_TYPE": "String",
}

_GEOMETRY_TYPES = {
    "facilities": "Point",
    "corridors": "MultiLineString",
    "crossings": "Point",
    "places": "Point",
    "regions": "MultiPolygon",
}
#: Fixed timestamp GDAL writes into GeoPackage metadata, so builds are reproducible.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _geometry_type(gdf: gpd.GeoDataFrame, layer: str | None) -> str | None:
    if layer in _GEOMETRY_TYPES:
        return _GEOMETRY_TYPES[layer]
    if len(gdf):
        return None
    return "Unknown"


def write_geojson(gdf: gpd.GeoDataFrame, path: Path | str, *, layer: str | None = None) -> Path:
    """Write ``gdf`` as RFC 7946 GeoJSON, atomically (temp file + rename).

    Parameters
    ----------
    gdf : GeoDataFrame
        Any CRS; reprojected to EPSG:4326 when needed.  An ``id`` column becomes the
        Feature ``id`` member (a string).
    path : Path or str
        Target ``.geojson`` file; its directory is created if missing.
    layer : str, optional
        Layer name, to declare the geometry type of an empty layer.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    GDAL's GeoJSON driver with ``RFC7946=YES`` writes no ``crs`` member, [lon, lat]
    order, 6 decimals and right-hand polygons; missing numbers are written as
    ``null`` (never ``NaN``); other numbers with 15 significant digits; 64-bit
    integers exactly.  Ids go to the Feature ``id`` member so that QGIS types them
    String (OGR would read a property ``"9000-01-01"`` as a Date).
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    opts = dict(RFC7946_OPTIONS)
    if "id" not in gdf.columns:
        opts.pop("ID_FIELD")
        opts.pop("ID_TYPE")
    gtype = None if len(gdf) else _geometry_type(gdf, layer)
    gdf = _lists_as_arrays(gdf)
    with atomic_path(path) as tmp:
        if _have_arrow() and _rfc7946_already(gdf):
            # GDAL's RFC 7946 mode would change nothing (it re-checks every geometry,
            # ~25% of the time): write plain GeoJSON without a crs member, the same
            # bytes (tests/test_layers_writer.py), through Arrow
            opts.pop("RFC7946")
            _write_arrow_no_crs(gdf, tmp, driver="GeoJSON", layer_options=opts)
        else:
            pyogrio.write_dataframe(
                gdf,
                tmp,
                driver="GeoJSON",
                layer_options=opts,
                geometry_type=gtype,
                use_arrow=_have_arrow(),
            )
    return Path(path)


#: Geometry type ids (shapely) that GDAL's RFC 7946 mode leaves as they are when their
#: coordinates lie in range: Point, LineString, MultiPoint, MultiLineString.
_PLAIN_TYPES = np.array([0, 1, 4, 5])


def _rfc7946_already(gdf: gpd.GeoDataFrame) -> bool:
    """True when GDAL's RFC 7946 mode would not change any geometry of ``gdf``.

    That is: EPSG:4326, at least one feature, only points and lines (polygons may need
    re-orienting), lon in [-180, 180] and lat in [-90, 90], and no line segment jumping
    more than 180° of longitude (lines are split at ±180° by
    :func:`geo.borders.split_antimeridian`).
    """
    if not len(gdf) or gdf.crs is None or gdf.crs.to_epsg() != 4326:
        return False
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if not np.isin(shapely.get_type_id(geoms), _PLAIN_TYPES).all():
        return False
    if shapely.is_empty(geoms).any() or shapely.has_z(geoms).any():
        return False
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    if not (x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90):
        return False
    lines = shapely.get_parts(geoms[np.isin(shapely.get_type_id(geoms), (1, 5))])
    if len(lines):
        xy, part = shapely.get_coordinates(lines, return_index=True)
        jump = np.abs(np.diff(xy[:, 0])) > 180
        if (jump & (part[1:] == part[:-1])).any():
            return False
    return True


def _lists_as_arrays(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """:data:`LIST_FIELDS` (JSON array strings) as lists: JSON arrays in GeoJSON."""
    cols = [c for c in LIST_FIELDS if c in gdf.columns and len(gdf)]
    if not cols:
        return gdf
    gdf = gdf.copy()
    for c in cols:
        gdf[c] = [_as_list(v) for v in gdf[c]]
    return gdf


def _as_list(value: Any) -> list[str] | None:
    """One stored :data:`LIST_FIELDS` value as a list; a text not a JSON array is one item."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    try:
        items = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in items] if isinstance(items, list) else [str(value)]


def _write_arrow_no_crs(gdf: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> None:
    """Write ``gdf`` through Arrow without a CRS (as pyogrio's Arrow path does)."""
    import pyarrow as pa
    from geopandas.array import to_wkb

    name = gdf.geometry.name
    df = pd.DataFrame(gdf, copy=False)
    df[name] = to_wkb(gdf.geometry.values)
    table = pa.Table.from_pandas(df, preserve_index=False)
    for i, f in enumerate(table.schema):
        if pa.types.is_null(f.type):  # an all-null column: GDAL takes no null type
            table = table.set_column(i, f.with_type(pa.string()), table[i].cast(pa.string()))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")
        pyogrio.write_arrow(
            table, path, geometry_name=name, geometry_type="Unknown", crs=None, **kwargs
        )


def typed_dates(name: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` with the Date fields of layer ``name`` as Arrow ``date32`` columns.

    In memory (and in GeoJSON) a Date field holds ``YYYY-MM-DD`` texts; written through
    Arrow, a ``date32`` column is a GeoPackage/GeoParquet Date.  Other columns are
    shared with ``gdf``, not copied.

    Raises
    ------
    LayerError
        For a value that is no ``YYYY-MM-DD`` date, naming the layer and field.
    """
    cols = [c for c in date_fields(name) if c in gdf.columns]
    if not cols:
        return gdf
    import pyarrow as pa

    out = gdf.copy(deep=False)
    for c in cols:
        text = pa.array(gdf[c].to_numpy(dtype=object, na_value=None), type=pa.large_string())
        try:
            days = text.cast(pa.date32())
        except pa.ArrowInvalid as exc:
            raise LayerError(f"layer {name!r}, field {c!r}: {exc}; give YYYY-MM-DD") from None
        out[c] = pd.array(days, dtype=pd.ArrowDtype(pa.date32()))
    return out


def _geojson_fields(name: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` without the typed fields that are null on every feature (GeoJSON only).

    GeoJSON has no schema: GDAL reads a Real, Integer, Boolean or Date field null on
    every feature as String.  Such a field (and the ``_precision`` of such a date) is
    left out of the layer's GeoJSON and kept, typed, in ``atlas.gpkg``.  An empty
    layer keeps its columns (GDAL writes it as a bare FeatureCollection anyway).
    """
    if not len(gdf):
        return gdf
    drop = _all_null_typed(name, gdf)
    drop += [f"{c}_precision" for c in drop if f"{c}_precision" in gdf.columns]
    return gdf.drop(columns=drop) if drop else gdf


def _all_null_typed(name: str, gdf: gpd.GeoDataFrame) -> list[str]:
    """Fields of ``gdf`` typed other than String (by dtype or schema) and null throughout."""
    dates = set(date_fields(name))
    return [
        c
        for c in gdf.columns
        if c != gdf.geometry.name
        and (c in dates or _written_type(gdf[c]) != "String")
        and not gdf[c].notna().any()
    ]


def _write_gpkg(
    layers: dict[str, gpd.GeoDataFrame], path: Path, styles: dict[str, str]
) -> dict[str, str]:
    """Write ``atlas.gpkg``; return the style of every table written (layers + basemap)."""
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        with atomic_path(path) as tmp:
            for name, gdf in layers.items():
                pyogrio.write_dataframe(
                    typed_dates(name, gdf),
                    tmp,
                    driver="GPKG",
                    layer=name,
                    geometry_type=_GEOMETRY_TYPES.get(name),
                    promote_to_multi=name in ("corridors", "regions"),
                    # GeoPackage 1.2: read without warnings by GDAL 3.6 (QGIS 3.22)
                    dataset_options={"VERSION": "1.2"},
                    use_arrow=True,  # Date fields (date32) are written through Arrow
                )
            all_styles = _write_gpkg_basemap(layers, tmp, styles)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})
    return all_styles


def _write_gpkg_basemap(
    layers: dict[str, gpd.GeoDataFrame], tmp: Path, styles: dict[str, str]
) -> dict[str, str]:
    """The Natural Earth context tables and every table's default style (returned)."""
    basemap = basemap_layers(layers)
    for table, gdf in basemap.items():
        pyogrio.write_dataframe(
            gdf,
            tmp,
            driver="GPKG",
            layer=table,
            promote_to_multi=table != "basemap_places",
            dataset_options={"VERSION": "1.2"},
        )
    all_styles = {**styles, **{t: basemap_qml(t) for t in basemap}}
    write_gpkg_styles(tmp, all_styles)
    return all_styles


def _write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise LayerError("--formats parquet needs pyarrow: pip install pyarrow") from None
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False, compression="zstd", schema_version="1.0.0")
    return path


def _write_fgb(gdf: gpd.GeoDataFrame, path: Path, name: str) -> Path:
    with atomic_path(path) as tmp:
        pyogrio.write_dataframe(
            gdf,
            tmp,
            driver="FlatGeobuf",
            geometry_type=_GEOMETRY_TYPES.get(name),
            promote_to_multi=name in ("corridors", "regions"),
        )
    return path


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"geojson,gpkg"`` → ``("geojson", "gpkg")``, checked against :data:`FORMATS`.

    Raises
    ------
    LayerError
        For an unknown format, quoting it and the known ones.
    """
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = []
    for f in items:
        f = f.strip().lower().lstrip(".")
        if not f:
            continue
        if f not in FORMATS:
            raise LayerError(f"unknown layer format {f!r}: use any of {', '.join(FORMATS)}")
        if f not in out:
            out.append(f)
    if not out:
        raise LayerError(f"no layer format given: use any of {', '.join(FORMATS)}")
    return tuple(out)


@_gc_paused()
def write_layers(
    layerset: LayerSet,
    out_dir: Path | str,
    *,
    formats: str | Iterable[str] = ("geojson", "gpkg"),
    publish_dir: Path | str | None = None,
) -> list[Path]:
    """Write every layer of ``layerset`` into ``out_dir``.

    Parameters
    ----------
    layerset : LayerSet
    out_dir : Path or str
        Created when missing.
    formats : str or iterable of str, keyword-only
        Any of :data:`FORMATS` (``"geojson,gpkg,parquet,fgb"``):

        ``geojson``
            ``<layer>.geojson`` (RFC 7946) with its QGIS style ``<layer>.qml``.
        ``gpkg``
            ``atlas.gpkg``: every layer, and its style as the one default row of
            ``layer_styles``, with the Natural Earth basemap tables; and
            ``atlas.qgz``, the QGIS project over it with a print layout
            (:func:`geo.layers.project_qgs`).
        ``parquet``
            ``<layer>.parquet`` (GeoParquet 1.0, zstd; needs ``pyarrow``).
        ``fgb``
            ``<layer>.fgb`` (FlatGeobuf, with spatial index).
    publish_dir : path-like, optional, keyword-only
        The folder the files will be moved to when ``out_dir`` is a staging folder:
        the paths that warnings and ``build_report.json`` give.

    Also writes ``out_dir/build_report.json``: where each record and each place
    mention went (``placed.records``, ``placed.places``: their ids may coincide), the
    issues of the inputs that reached no layer, the warnings, and the GeoJSON fields
    that readers will type otherwise than written (``geojson_types``,
    :func:`geojson_type_notes`); text fields read as dates are also added to
    ``layerset.warnings``, one warning per layer, naming the fields.
    Nothing else in ``out_dir`` is touched: :func:`geo.pipeline.build` writes into a
    staging folder of its own and publishes from there (:mod:`geo.layers._publish`),
    so no clean-up of temporary files ever needs to guess which files are ours.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    LayerError
        For an unknown format, or parquet without pyarrow.
    """
    fmts = parse_formats(formats)
    out_dir = Path(out_dir)
    layers = {name: layerset.layers[name] for name in LAYER_NAMES}
    written = _write_formats(layers, out_dir, fmts)
    notes = geojson_type_notes(layers) if "geojson" in fmts else []
    shown_dir = Path(publish_dir) if publish_dir is not None else out_dir
    layerset.warnings += _type_warnings(notes, shown_dir, with_gpkg="gpkg" in fmts)
    report = {
        "placed": {
            "records": dict(sorted(layerset.placement.items())),
            "places": dict(sorted(layerset.place_placement.items())),
        },
        "geojson_types": notes,
        "not_placed": [_issue_entry(i) for i in layerset.issues],
        "warnings": [_issue_entry(i) for i in layerset.warnings],
        "counts": {name: len(layerset.layers[name]) for name in LAYER_NAMES},
        "formats": list(fmts),
    }
    written.append(write_text_atomic(_report_json(report), out_dir / "build_report.json"))
    return written


def _write_formats(
    layers: dict[str, gpd.GeoDataFrame], out_dir: Path, fmts: tuple[str, ...]
) -> list[Path]:
    """Write ``layers`` in each format of ``fmts``; the files written, in order."""
    styles = {name: layer_qml(name, gdf) for name, gdf in layers.items()}
    written: list[Path] = []
    if "geojson" in fmts:
        for name, gdf in layers.items():
            gj = _geojson_fields(name, gdf)
            written.append(write_geojson(gj, out_dir / f"{name}.geojson", layer=name))
            written.append(write_text_atomic(styles[name], out_dir / f"{name}.qml"))
    if "gpkg" in fmts:
        all_styles = _write_gpkg(layers, out_dir / GPKG_NAME, styles)
        written.append(out_dir / GPKG_NAME)
        qgs = project_qgs(layers, all_styles, gpkg_name=GPKG_NAME, credits=_credits(layers))
        written.append(write_project(out_dir / PROJECT_NAME, qgs))
    if "parquet" in fmts:
        written += [
            _write_parquet(typed_dates(n, g), out_dir / f"{n}.parquet") for n, g in layers.items()
        ]
    if "fgb" in fmts:
        written += [_write_fgb(g, out_dir / f"{n}.fgb", n) for n, g in layers.items()]
    return written


def _credits(layers: dict[str, gpd.GeoDataFrame]) -> list[str]:
    """Credit lines of the project's print layout: data sources and their licences."""
    from geo.reference import GEM_ATTRIBUTION, NE_ATTRIBUTION

    lines = [f"Basemap and borders: {NE_ATTRIBUTION}."]
    corridors = layers.get("corridors")
    if (
        corridors is not None
        and "attribution" in corridors
        and corridors["attribution"].notna().any()
    ):
        lines.append(f"{GEM_ATTRIBUTION}.")
    lines.append(
        "Projects: records built from the reports and releases cited in each feature's "
        "'sources' field (source_urls: their links)."
    )
    return lines


def _type_warnings(notes: list[dict[str, str]], out_dir: Path, *, with_gpkg: bool) -> list[Issue]:
    """One warning per layer whose text fields GeoJSON readers will read as dates/times.

    Only where values change: all-null fields and empty layers lose nothing and are
    listed in the report only.
    """
    exact = (
        f"open {out_dir / GPKG_NAME} for exact types"
        if with_gpkg
        else "build with --formats geojson,gpkg and open atlas.gpkg for exact types"
    )
    dated = [n for n in notes if n["written"] == "String" and n["geojson_reads_as"] != "left out"]
    out = []
    for layer in dict.fromkeys(n["layer"] for n in dated):
        mine = [n for n in dated if n["layer"] == layer]
        out.append(
            Issue(
                out_dir / f"{layer}.geojson",
                "GeoJSON readers (GDAL, QGIS) will not type these fields as written: "
                + "; ".join(f"{n['field']} ({n['reason']})" for n in mine)
                + f"; {exact} (README: Layers)",
                field=",".join(n["field"] for n in mine),
            )
        )
    return out


def _rel(path: Path) -> str:
    # Relative to the working directory when inside it, so the report diffs cleanly
    # whether --seeds was given as a relative or an absolute path.
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _issue_entry(i: Issue) -> dict[str, Any]:
    """An issue or warning as the build report lists it."""
    return {
        "id": i.record_id,
        "file": _rel(i.path) if i.path else None,
        "field": i.field,
        "reason": i.message,
    }


#: What OGR's GeoJSON reader (GDAL 3.6, as in QGIS 3.22) takes for a date, date-time
#: or time when it guesses a field's type from its values (``OGRParseDate``).
_DATE_LIKE = re.compile(
    r"^\s*\d+[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:Z|[T ](?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::\d{1,2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{1,2}(?::?\d{2})?)?)?\s*$"
)
_TIME_LIKE = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::\d{1,2}(?:\.\d+)?)?(?:\s.*)?$")


def _ogr_date_kind(text: str) -> str | None:
    """``"Date"``, ``"DateTime"``, ``"Time"`` when OGR reads ``text`` as one, else None."""
    m = _DATE_LIKE.match(text)
    if m and 1 <= int(m["mo"]) <= 12 and 1 <= int(m["d"]) <= 31:
        if m["h"] is None:
            return "Date"
        return "DateTime" if int(m["h"]) <= 23 and int(m["mi"]) <= 59 else None
    m = _TIME_LIKE.match(text)
    if m and int(m["h"]) <= 23 and int(m["mi"]) <= 59:
        return "Time"
    return None


def geojson_type_notes(layers: dict[str, gpd.GeoDataFrame]) -> list[dict[str, str]]:
    """Fields that GeoJSON readers will type otherwise than the layer's schema.

    GeoJSON carries no field types: GDAL/OGR (and so QGIS) guess each field's type
    from its values.  Three cases go wrong, and no in-file hint prevents them (GDAL
    3.6 reads none; its ``DATE_AS_STRING`` is an open option of the reader):

    * a text field whose every value looks like a date or time (``"9000-01-01"``,
      ``"12:30:00"``) is read as Date/DateTime/Time — and as JSON with all values
      NULL when dates and times mix; one value that is not date-like keeps it String;
    * a number, true/false or date field null on every feature would be read as
      String: :func:`write_layers` leaves it (and a date's ``_precision``) out of the
      layer's GeoJSON, reported here as ``geojson_reads_as`` ``"left out"``;
    * an empty layer is read with no geometry type and no fields, so its ``.qml``
      cannot apply.

    The ``id`` (the Feature ``id`` member, read as String) and the ``*_date`` fields
    (ISO dates by design: Date in QGIS is what they mean) are not reported.

    Parameters
    ----------
    layers : dict of str to GeoDataFrame
        Layer name → layer, as :func:`build_layers` makes them.

    Returns
    -------
    list of dict
        ``layer``, ``field`` (``"*"`` for an empty layer), ``written`` (the schema
        type), ``geojson_reads_as`` and ``reason``; sorted by layer order, field order.
    """
    out: list[dict[str, str]] = []
    for layer, gdf in layers.items():
        if not len(gdf):
            out.append(
                {"layer": layer, "field": "*", "written": "empty layer",
                 "geojson_reads_as": "no geometry type, no fields",
                 "reason": "empty: GeoJSON cannot declare its geometry type or fields"}
            )  # fmt: skip
            continue
        left_out = _all_null_typed(layer, gdf)
        dates = set(date_fields(layer))
        for name in gdf.columns:
            if name == gdf.geometry.name or name == "id":
                continue
            col = gdf[name]
            notna = col.notna()
            written = "Date" if name in dates else _written_type(col)
            if name in left_out or name.removesuffix("_precision") in left_out:
                out.append(
                    {"layer": layer, "field": name, "written": written,
                     "geojson_reads_as": "left out",
                     "reason": f"{written}, null on every feature: left out of the GeoJSON "
                     "(GDAL would read it as String); typed in atlas.gpkg"}
                )  # fmt: skip
                continue
            if not notna.any():
                continue
            if written != "String" or "date" in name:
                continue
            read = _date_column_kind(col[notna])
            if read:
                why = (
                    "dates mixed with times: read as JSON, every value NULL"
                    if read == "JSON"
                    else f"every value looks like a {read.lower()}: read as {read}"
                )
                out.append(
                    {"layer": layer, "field": name, "written": "String",
                     "geojson_reads_as": read, "reason": f"String, {why}"}
                )  # fmt: skip
    return out


def _written_type(col: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(col.dtype):
        return "Boolean"
    if pd.api.types.is_integer_dtype(col.dtype):
        return "Integer64"
    if pd.api.types.is_float_dtype(col.dtype):
        return "Real"
    return "String"


def _date_column_kind(values: pd.Series) -> str | None:
    """How OGR types a text column whose non-null values are ``values``: None = String."""
    first = _ogr_date_kind(str(values.iloc[0]))
    if first is None:  # the common case: the first value settles it
        return None
    seen = set()
    for v in pd.unique(values.astype(object)):
        kind = _ogr_date_kind(str(v))
        if kind is None:
            return None
        seen.add(kind)
    if seen == {"Date"} or seen == {"Time"} or seen == {"DateTime"}:
        return seen.pop()
    if seen == {"Date", "DateTime"}:
        return "DateTime"
    return "JSON"


def _report_json(report: dict[str, Any]) -> str:
    """``report`` as :func:`geo._io.write_json_atomic` writes it (sorted, indent 2).

    The same text; the ``placed`` map (one entry per input) is encoded by the C string
    encoder rather than the pure-Python indenting encoder, ~20x faster at 100,000.
    """
    if not isinstance(report.get("placed"), dict):
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return _report_json_nested(report)


def _report_json_nested(report: dict[str, Any]) -> str:
    """The fast path of :func:`_report_json`: each non-empty ``placed`` map encoded apart."""
    placed = report["placed"]
    tokens = {
        k: f"\x00placed:{k}\x00"
        for k, v in placed.items()
        if isinstance(v, dict) and v and all(type(x) is str for x in v.values())
    }
    stub = {k: tokens.get(k, v) for k, v in placed.items()}
    text = json.dumps({**report, "placed": stub}, ensure_ascii=False, indent=2, sort_keys=True)
    enc = json.encoder.encode_basestring  # what dumps(ensure_ascii=False) uses
    for k, token in tokens.items():
        quoted = json.dumps(token)
        if text.count(quoted) != 1:
            return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        body = ",\n".join(f"      {enc(i)}: {enc(v)}" for i, v in sorted(placed[k].items()))
        text = text.replace(quoted, "{\n" + body + "\n    }")
    return text + "\n"
