"""The map payload: GeoDataFrames → the compact JSON that ``_assets/map.js`` draws.

Layers are sent to the page column-wise (:func:`layer_payload`): coordinates as one
flat [lon, lat, …] array, repeated values and styles stored once.  Point and line
layers above :data:`CANVAS_THRESHOLD` features are drawn on a canvas.  The still
(:mod:`geo.stills`) draws from the same payload helpers: which layers set the view
(:func:`core_layers`), the band of longitudes (:func:`display_layers`), the kind of a
layer (:func:`layer_kind`), its largest investment (:func:`layer_max_usd`) and the
uncertainty circles (:func:`uncertainty_points`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo import _symbology as palette
from geo._symbology import is_missing as _missing
from geo.maps._facets import facets_payload, name_fields, search_names
from geo.maps._geometry import (
    _centres,
    _to4326,
    _web_geometry,
    _web_polygons,
    lon_window,
    shift_layer,
)
from geo.maps._popup import _cell, _label, _plain, _safe_links

__all__ = [
    "CANVAS_THRESHOLD",
    "CORE_KINDS",
    "CORRIDOR_COLOURS",
    "FACILITY_COLOURS",
    "core_layers",
    "display_layers",
    "layer_kind",
    "layer_max_usd",
    "layer_payload",
    "uncertainty_points",
]


#: Line colour by corridor mode and marker fill by facility type: the palette shared
#: with the stills and the QGIS styles (:mod:`geo._symbology`).
CORRIDOR_COLOURS: dict[str, str] = palette.CORRIDOR_COLOURS
FACILITY_COLOURS: dict[str, str] = palette.FACILITY_COLOURS


#: Layer kinds that set the initial view (places and areas far away do not zoom out).
CORE_KINDS = frozenset({"corridors", "facilities", "crossings"})
#: Facilities and crossings needed for them alone to set the first view.
MIN_VIEW_POINTS = 3
#: Point and line layers with more features than this are drawn on a canvas, not as
#: SVG (thousands of SVG paths make every pan and zoom step re-lay-out the DOM).
CANVAS_THRESHOLD = 5000
#: Shapely type ids of lines (LineString, LinearRing, MultiLineString).
_LINE_TYPE_IDS = (1, 2, 5)


class _Row:
    """Row ``i`` of column lists, read like a dict (``row.get(field)``)."""

    __slots__ = ("_cols", "_i")

    def __init__(self, cols: Mapping[str, list[Any]], i: int):
        self._cols = cols
        self._i = i

    def get(self, key: str, default: Any = None) -> Any:
        col = self._cols.get(key)
        return default if col is None else col[self._i]

    def __getitem__(self, key: str) -> Any:
        return self._cols[key][self._i]

    def __contains__(self, key: object) -> bool:
        return key in self._cols


def _column(values: Sequence[Any]) -> dict[str, Any]:
    """Encode one column: dictionary-encoded when values repeat, plain otherwise."""
    distinct: dict[Any, int] = {}
    for v in values:
        if v is not None and v not in distinct:
            distinct[v] = len(distinct)
    if len(distinct) * 2 <= len(values):
        return {"d": list(distinct), "i": [-1 if v is None else distinct[v] for v in values]}
    return {"v": list(values)}


def _style(kind: str, props: Mapping[str, Any], *, max_usd: float) -> dict[str, Any]:
    status = props.get("status")
    dash = palette.dash(status)
    if kind == "corridors":
        # A line through a few waypoints is faint, a traced route solid; shelved lines
        # are faint whatever their source.
        faint = status in palette.STOPPED_STATUSES or props.get("geometry_source") == "waypoints"
        return {
            "color": CORRIDOR_COLOURS.get(palette.corridor_mode(props), palette.DEFAULT_COLOUR),
            "weight": 4,
            "opacity": palette.WAYPOINT_OPACITY if faint else palette.TRACED_OPACITY,
            "dashArray": dash,
            "lineCap": "butt" if dash else "round",
        }
    if kind == "places":
        return {
            "radius": 4.0,
            "color": palette.PLACE_COLOUR,
            "weight": 1,
            "fillColor": palette.PLACE_COLOUR,
            "fillOpacity": 0.6,
        }
    if kind == "polygons":
        if str(props.get("area_kind", "")).startswith("uncertainty"):
            # An imprecise place drawn as the area it may lie in.
            unc = props.get("uncertainty_km")
            small = not _missing(unc) and float(unc) <= 50
            return {
                "color": palette.UNCERTAINTY_COLOUR,
                "weight": 1.2,
                "dashArray": "6 4",
                "fillColor": palette.UNCERTAINTY_COLOUR,
                # Large areas (a province, a region) only as an outline.
                "fillOpacity": 0.04 if small else 0.0,
            }
        return {"color": "#3f007d", "weight": 1.2, "fillColor": "#9e9ac8", "fillOpacity": 0.35}
    if kind == "crossings" or props.get("type") == "border_crossing":
        return {
            "shape": "diamond",
            "radius": 7.0,
            "color": "#ffffff",
            "fillColor": palette.CROSSING_COLOUR,
            "dashArray": dash,
        }
    colour = FACILITY_COLOURS.get(str(props.get("type")), palette.DEFAULT_COLOUR)
    return {
        "radius": palette.radius_px(props.get("investment_usd"), max_usd=max_usd),
        "color": "#ffffff" if not _missing(props.get("investment_usd")) else "#333333",
        "weight": 1.5,
        "fillColor": colour,
        "fillOpacity": 0.85,
        "dashArray": "3 3" if dash else None,
    }


def layer_kind(name: str, gdf: gpd.GeoDataFrame) -> str:
    """Kind of a layer, which selects its styling rules on the map and the still.

    Parameters
    ----------
    name : str
        Layer name; ``corridors``, ``facilities``, ``places`` and ``crossings`` are
        their own kind.
    gdf : GeoDataFrame
        The layer; other names are told by geometry type (lines → corridors,
        polygons → polygons, points → crossings when the name says so, else
        facilities).

    Returns
    -------
    str
        ``"corridors"``, ``"facilities"``, ``"places"``, ``"crossings"`` or ``"polygons"``.
    """
    if name in ("corridors", "facilities", "places", "crossings"):
        return name
    types = set(gdf.geom_type.dropna())
    if types <= {"LineString", "MultiLineString"}:
        return "corridors"
    if types <= {"Polygon", "MultiPolygon"}:
        return "polygons"
    if "crossing" in name:
        return "crossings"
    return "facilities"


def layer_max_usd(gdf: gpd.GeoDataFrame | None) -> float:
    """Largest ``investment_usd`` of a layer (US$), ``0.0`` when it has none.

    The map and the still size every circle against the largest of all layers.
    """
    if gdf is None or "investment_usd" not in gdf:
        return 0.0
    usd = gdf["investment_usd"].astype(float)
    return float(np.nanmax(usd)) if usd.notna().any() else 0.0


def layer_payload(
    gdf: gpd.GeoDataFrame,
    kind: str,
    *,
    title: str,
    max_usd: float | None = None,
    interactive: bool = True,
    decimals: int = 6,
) -> dict[str, Any]:
    """Turn a layer into the compact JSON the page draws.

    Parameters
    ----------
    gdf : GeoDataFrame
        A layer; reprojected to EPSG:4326 when needed.
    kind : {"facilities", "corridors", "crossings", "places", "polygons"}
        Selects the styling rules.
    title : str, keyword-only
        Layer name shown in the layer control and the key of ``window.GEO_LAYERS``.
    max_usd : float, optional, keyword-only
        Investment drawn at :data:`MAX_RADIUS_PX`; default the layer's maximum.
    interactive : bool, keyword-only
        Popups, tooltips and search (off for the basemap).
    decimals : int, keyword-only
        Decimals kept in coordinates (6 ≈ 10 cm; fewer for a simplified basemap).

    Returns
    -------
    dict
        ``n`` features; ``xy`` (flat [lon, lat, …], 6 decimals) when every geometry
        is a point, else ``geoms`` (GeoJSON geometries, [lon, lat]); ``ids``,
        ``names`` and popup ``cols`` (``label`` + column of display strings,
        dictionary-encoded when values repeat); ``links`` (per feature, [text, href
        or null] pairs, href only for http(s)); ``styles`` + ``si`` (style table and
        index per feature); ``canvas``; ``simplified_deg`` (tolerance of a web-only
        simplification, else null); when ``interactive``, ``kind``, ``facets``
        (:func:`geo.maps._facets.facets_payload`: status, type, mode, countries,
        milestone years, legend keys) and ``alt`` (other spellings with their fold
        keys, :func:`geo.maps._facets.search_names`).  Features without geometry are
        dropped and counted in ``dropped``.
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geom_col = gdf.geometry
    keep = geom_col.notna() & ~geom_col.is_empty
    dropped = int((~keep).sum())
    gdf = gdf[keep]
    n = len(gdf)
    geoms = gdf.geometry.values
    if max_usd is None:
        max_usd = layer_max_usd(gdf)
    props_df = gdf.drop(columns=gdf.geometry.name)
    columns = {str(c): [_plain(v) for v in props_df[c].tolist()] for c in props_df.columns}
    records = [_Row(columns, i) for i in range(n)]
    payload: dict[str, Any] = {
        "title": title,
        "n": n,
        "interactive": interactive,
        "dropped": dropped,
        "simplified_deg": None,
    }
    points = n > 0 and bool(np.all(shapely.get_type_id(geoms) == 0))
    if points:
        xy = np.round(shapely.get_coordinates(geoms), decimals)
        payload["xy"] = [float(v) for v in xy.ravel()]
    else:
        garr = np.asarray(geoms, dtype=object)
        if kind == "polygons":
            garr, tol = _web_polygons(garr)
            payload["simplified_deg"] = tol
        payload["geoms"] = [_web_geometry(g, decimals=decimals) for g in garr]
        if kind == "polygons" and interactive:
            # Areas are drawn beneath everything and take no clicks: a marker at
            # their centre opens their popup (a 2,500 km region must not catch the
            # clicks meant for the pipelines inside it).
            payload["centres"] = _centres(garr, decimals=decimals)
    # Areas stay SVG in their own pane (beneath lines); a canvas renderer would
    # draw them in the pane of the lines instead.
    lines = n > 0 and bool(np.all(np.isin(shapely.get_type_id(geoms), _LINE_TYPE_IDS)))
    payload["canvas"] = bool((points or lines) and n > CANVAS_THRESHOLD)

    payload.update(_style_table(records, kind, max_usd=max_usd))

    def text_or_none(v: Any) -> str | None:
        return None if _missing(v) else str(v)

    payload["ids"] = _column([text_or_none(r.get("id")) for r in records])
    payload["names"] = _column([text_or_none(r.get("name")) for r in records])
    cols = []
    if interactive:
        for field in props_df.columns:
            label = _label(str(field))
            if label is None:
                continue
            values = [_cell(str(field), r.get(field), r) for r in records]
            if all(v is None for v in values):
                continue
            cols.append({"label": label, **_column(values)})
        links = [_safe_links(r.get("source_urls")) for r in records]
        payload["links"] = links if any(links) else None
        # What the filter panel, the time control and the search read.
        payload["kind"] = kind
        payload["facets"] = facets_payload(records, kind)
        payload["alt"] = search_names(records, name_fields([str(c) for c in props_df.columns]))
    payload["cols"] = cols
    return payload


def _style_table(records: Sequence[_Row], kind: str, *, max_usd: float) -> dict[str, Any]:
    """``styles`` (distinct styles), ``si`` (index per feature) and ``r`` (radii, px).

    ``si`` is null when all features share one style and ``r`` when all share one
    radius (then written into the styles).
    """
    # Styles: a small table and an index per feature; radii (sized by investment)
    # in their own column, so the table stays small.
    table: dict[tuple[Any, ...], int] = {}
    styles: list[dict[str, Any]] = []
    si: list[int] = []
    radii: list[float | None] = []
    for props in records:
        st = {k: v for k, v in _style(kind, props, max_usd=max_usd).items() if v is not None}
        radii.append(st.pop("radius", None))
        key = tuple(sorted(st.items()))
        if key not in table:
            table[key] = len(styles)
            styles.append(st)
        si.append(table[key])
    out: dict[str, Any] = {"styles": styles or [{}], "si": si if len(styles) > 1 else None}
    if len(set(radii)) == 1:
        if radii[0] is not None:
            out["styles"] = [{**st, "radius": radii[0]} for st in out["styles"]]
        out["r"] = None
    else:
        out["r"] = [None if r is None else round(float(r), 1) for r in radii]
    return out


def uncertainty_points(layers: Mapping[str, gpd.GeoDataFrame]) -> list[tuple[float, float, float]]:
    """Where to draw uncertainty circles: ``(lon, lat, radius_km)``, sorted, unique.

    One circle per point feature with ``uncertainty_km`` > 0 and one at each end of
    a line (its waypoints' uncertainty).  Features whose ``id`` is already drawn as
    an area (a polygon layer such as ``regions``) get no circle, and polygon layers
    none at all.  Coordinates in EPSG:4326 degrees, [lon, lat] order.
    """
    area_ids: set[str] = set()
    for name, gdf in layers.items():
        if gdf is not None and len(gdf) and layer_kind(name, gdf) == "polygons" and "id" in gdf:
            area_ids |= {str(v) for v in gdf["id"] if not _missing(v)}
    seen: dict[tuple[float, float, float], None] = {}
    for name, gdf in layers.items():
        if gdf is None or not len(gdf) or "uncertainty_km" not in gdf:
            continue
        if layer_kind(name, gdf) == "polygons":
            continue
        g4326 = gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf
        ids = g4326["id"] if "id" in g4326 else [None] * len(g4326)
        for geom, unc, fid in zip(g4326.geometry.values, g4326["uncertainty_km"], ids, strict=True):
            if geom is None or geom.is_empty or _missing(unc) or float(unc) <= 0:
                continue
            if not _missing(fid) and str(fid) in area_ids:
                continue
            if geom.geom_type in ("Point", "MultiPoint"):
                coords = shapely.get_coordinates(geom)
            else:
                ends = [shapely.get_coordinates(p)[[0, -1]] for p in shapely.get_parts(geom)]
                coords = np.concatenate(ends) if ends else np.empty((0, 2))
            for lon, lat in coords:
                seen[(round(float(lon), 6), round(float(lat), 6), float(unc))] = None
    return sorted(seen)


def _uncertainty_payload(
    layers: Mapping[str, gpd.GeoDataFrame], *, title: str
) -> dict[str, Any] | None:
    """The circles of :func:`uncertainty_points` as a non-interactive overlay."""
    seen = {(lon, lat, round(r * 1000, 1)): None for lon, lat, r in uncertainty_points(layers)}
    if not seen:
        return None
    keys = sorted(seen)
    styles: list[dict[str, Any]] = []
    table: dict[float, int] = {}
    si = []
    for _, _, radius_m in keys:
        if radius_m not in table:
            table[radius_m] = len(styles)
            styles.append(
                {
                    "metres": True,
                    "radius": radius_m,
                    "color": palette.UNCERTAINTY_COLOUR,
                    "weight": 1,
                    "dashArray": "4 4",
                    "fillColor": palette.UNCERTAINTY_COLOUR,
                    # Large radii (a province, a region) only as an outline.
                    "fillOpacity": 0.08 if radius_m <= 50_000 else 0.0,
                }
            )
        si.append(table[radius_m])
    return {
        "title": title,
        "n": len(keys),
        "interactive": False,
        "dropped": 0,
        "simplified_deg": None,
        "xy": [v for k in keys for v in (k[0], k[1])],
        "styles": styles,
        "si": si,
        "ids": {"v": [None] * len(keys)},
        "names": {"v": [None] * len(keys)},
        "cols": [],
        "canvas": False,
        "pane": "geoUncertainty",
    }


def display_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
) -> tuple[dict[str, gpd.GeoDataFrame], float]:
    """The non-empty layers in EPSG:4326, moved into the band of longitudes they are drawn in.

    Data across ±180° is drawn in one continuous band: the band is chosen by
    :func:`lon_window` from the layers that set the view (:func:`core_layers`), and
    every layer is moved into it with :func:`shift_layer`.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name → layer (any CRS); ``None`` and empty layers are left out.

    Returns
    -------
    layers : dict of str to GeoDataFrame
        In the order given, EPSG:4326 degrees, longitudes in [west, west + 360).
    west : float
        ``-180.0`` or ``0.0`` (degrees).
    """
    present = {n: _to4326(g) for n, g in layers.items() if g is not None and len(g)}
    west = lon_window(core_layers(present))
    return {n: shift_layer(g, west) for n, g in present.items()}, west


def view_layers(layers: Mapping[str, gpd.GeoDataFrame]) -> list[gpd.GeoDataFrame]:
    """The layers a map or still opens on: facilities and crossings, else :func:`core_layers`.

    A cross-border map's subject is where links cross and what stands beside them; a
    traced pipeline runs thousands of kilometres inland (Yamal to the Mongolian border)
    and framing whole lines would open on a continent with the crossings in a corner.
    The lines are still drawn in full beyond the first view.  With fewer than
    :data:`MIN_VIEW_POINTS` points, the core layers set the view.
    """
    points = [g for n, g in layers.items() if layer_kind(n, g) in ("facilities", "crossings")]
    # One or two points frame a town, not a region: then the lines set the view.
    if sum(len(g) for g in points) >= MIN_VIEW_POINTS:
        return points
    return core_layers(layers)


def core_layers(layers: Mapping[str, gpd.GeoDataFrame]) -> list[gpd.GeoDataFrame]:
    """The layers that set the view (kinds in :data:`CORE_KINDS`), else every layer.

    Places and areas far away (a venue named in a report) do not zoom the view out.
    """
    core = [g for n, g in layers.items() if layer_kind(n, g) in CORE_KINDS]
    return core or list(layers.values())
