"""Web maps: layers → a self-contained folium/Leaflet HTML page that works offline.

Every script and stylesheet is inlined from PyPI packages (:mod:`geo._offline`) or
from this package (``geo/_assets/map.js``, ``map.css``); the basemap is Natural Earth
country polygons drawn as vectors (:mod:`geo.reference`); online tile layers are
offered in the layer control but switched off, so opening the file requests nothing.
Every string from the data reaches the page as JSON data (:func:`safe_json`) and is
put into the DOM with ``textContent`` — never as HTML.

Layers are sent to the page in a compact, column-wise form (:func:`layer_payload`):
coordinates as one flat [lon, lat, …] array, repeated values and styles stored once.
Point layers above :data:`CANVAS_THRESHOLD` features are drawn on a canvas.
"""

from __future__ import annotations

import datetime
import html
import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

from geo import _symbology as palette
from geo._io import write_text_atomic
from geo._offline import _walk, check_offline, inline_assets

__all__ = [
    "CANVAS_THRESHOLD",
    "CORRIDOR_COLOURS",
    "FACILITY_COLOURS",
    "check_coordinates",
    "layer_payload",
    "lon_window",
    "make_map",
    "map_layers",
    "render_fragment",
    "render_html",
    "safe_json",
    "shift_layer",
    "skipped_features",
    "uncertainty_points",
    "write_map",
]

#: Line colour by corridor mode and marker fill by facility type: the palette shared
#: with the stills and the QGIS styles (:mod:`geo._symbology`).
CORRIDOR_COLOURS: dict[str, str] = palette.CORRIDOR_COLOURS
FACILITY_COLOURS: dict[str, str] = palette.FACILITY_COLOURS
#: Record type → corridor mode, where a record gives no ``mode``.
_TYPE_MODE = {"railway": "rail", "road": "road", "pipeline": "pipeline", "power_line": "power_line"}
_CROSSING_COLOUR = palette.CROSSING_COLOUR
_PLACE_COLOUR = palette.PLACE_COLOUR
_DEFAULT_COLOUR = palette.DEFAULT_COLOUR
_UNCERTAINTY_COLOUR = palette.UNCERTAINTY_COLOUR
_BASE_STYLE = {"color": "#8c8c8c", "weight": 0.8, "fillColor": "#f2efe9", "fillOpacity": 1.0}

#: Statuses drawn dashed (not yet built) and dotted/faded (stopped or gone), GEM words.
PLANNED_STATUSES = frozenset({"announced", "proposed", "pre-construction", "construction"})
STOPPED_STATUSES = frozenset({"shelved", "cancelled", "mothballed", "retired"})
_DASH_PLANNED = "8 6"
_DASH_STOPPED = "2 5"

#: Layer kinds that set the initial view (places and areas far away do not zoom out).
CORE_KINDS = frozenset({"corridors", "facilities", "crossings"})
#: Point layers with more features than this are drawn on a canvas, not as SVG.
CANVAS_THRESHOLD = 5000
#: Largest facility circle radius (px); circle area is proportional to investment_usd.
MAX_RADIUS_PX = 24.0
#: Smallest radius drawn (px), so tiny investments stay visible (stated in the legend).
MIN_RADIUS_PX = 4.0
#: Polygon layers with more vertices than this are simplified for the web page only.
WEB_MAX_VERTICES = 200_000

#: Field labels in popups; unlisted fields use their name.
_LABELS: dict[str, str] = {
    "type": "Type",
    "mode": "Mode",
    "status": "Status",
    "countries": "Countries",
    "parties": "Parties",
    "role": "Role in the story",
    "investment_usd": "Investment (USD)",
    "investment_amount": "Investment (as reported)",
    "length_km": "Length",
    "precision": "Location precision (IATI)",
    "uncertainty_km": "Uncertainty radius",
    "route_accuracy": "Route accuracy (GEM)",
    "feature_code": "GeoNames feature code",
    "gazetteer_id": "Gazetteer id",
    "date_opening": "Opening",
    "date_signed": "Signed",
    "date_construction_start": "Construction start",
    "summary": "Summary",
    "sources": "Sources",
}
_HIDDEN = {
    "id",
    "name",
    "source_urls",
    "investment_currency",
    "investment_usd_rate",
    "investment_usd_rate_date",
    "investment_date",
    "investment_stated_usd",
    "location_method",
    "length_geodesic_km",
    "gazetteer_source",
    "gazetteer_name",
    "score",
    "admin1",
    "country_code",
}
_PRECISION_WORDS = {
    1: "1 exact",
    2: "2 near (within about 25 km)",
    3: "3 second-level division",
    4: "4 first-level division",
    5: "5 estimated region",
    6: "6 country",
    7: "7 ocean or sea",
    8: "8 region beyond a country",
}


def safe_json(data: Any) -> str:
    """Serialise ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and the JS line separators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, so no string can close the script or open a comment;
    backticks and ``${`` stay inside JSON string literals, which JavaScript never
    interpolates.  Non-ASCII text (Cyrillic, Chinese) is kept as UTF-8.

    Raises
    ------
    ValueError
        On ``NaN``/``inf`` (not JSON).
    """
    text = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _fmt_number(x: float) -> str:
    """Human-readable number: ``685.51 million``, ``5 billion``, ``200,000``, ``0.65``."""
    if abs(x) >= 1e9:
        return f"{x / 1e9:,.2f}".rstrip("0").rstrip(".") + " billion"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f}".rstrip("0").rstrip(".") + " million"
    if float(x).is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:,.4g}"


_SUFFIX_UNITS = {
    "t_per_yr": "t/yr",
    "t": "t",
    "m3_per_yr": "m³/yr",
    "m3": "m³",
    "teu_per_yr": "TEU/yr",
    "teu": "TEU",
    "m2": "m²",
    "m": "m",
    "w": "W",
    "mw": "MW",
    "b_per_d": "bbl/d",
    "vehicles_per_yr": "vehicles/yr",
    "passengers_per_yr": "passengers/yr",
}


def _capacity_label(field: str) -> tuple[str, str]:
    body = field[len("capacity_") :]
    for suffix in sorted(_SUFFIX_UNITS, key=len, reverse=True):
        if body.endswith("_" + suffix):
            commodity = body[: -len(suffix) - 1].replace("_", " ")
            return f"Capacity: {commodity}", _SUFFIX_UNITS[suffix]
    return f"Capacity: {body.replace('_', ' ')}", ""


def _missing(value: Any) -> bool:
    """True for None, NaN, pandas NA and the empty string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, Mapping | list | tuple | np.ndarray):
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy scalars → Python; timestamps → ISO dates (times only when not midnight)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp | datetime.datetime):
        if pd.isna(value):
            return None
        t = value.time()
        return value.date().isoformat() if t == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _label(field: str) -> str | None:
    """Popup label of ``field``, or ``None`` when the field is not shown."""
    if field in _HIDDEN or field.startswith("_"):
        return None
    if field == "capacity_conflict":
        return "Sources disagree"
    if field.startswith("capacity_"):
        return _capacity_label(field)[0]
    if field.startswith("name_") and len(field) <= 8:
        return f"Name ({field[5:]})"
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def _cell(field: str, value: Any, props: Mapping[str, Any]) -> str | None:
    """Popup text of one attribute: numbers with their units and currency."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, Mapping | list | tuple):
        # Nested GeoJSON properties: compact JSON text, not Python's repr.
        if not value:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if _missing(value):
        return None
    if isinstance(value, float | np.floating) and math.isinf(value):
        return "infinite (not a valid number in the source)"
    if field == "investment_usd":
        rate_date = props.get("investment_usd_rate_date")
        return f"US$ {_fmt_number(value)}" + (f" (ECB rate of {rate_date})" if rate_date else "")
    if field == "investment_amount":
        cur = props.get("investment_currency") or ""
        date = props.get("investment_date")
        return f"{cur} {_fmt_number(value)}".strip() + (f", as of {date}" if date else "")
    if field == "capacity_conflict":
        return "yes: the sources give different figures" if value else None
    if field.startswith("capacity_"):
        return f"{_fmt_number(value)} {_capacity_label(field)[1]}".strip()
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        # Units in field names (our convention): say them in the popup.
        if field.endswith("_km") or field.startswith("km_"):
            return f"{_fmt_number(value)} km"
        if field.endswith("_usd"):
            return f"US$ {_fmt_number(value)}"
        if field.endswith("_m"):
            return f"{_fmt_number(value)} m"
    if field == "precision" and isinstance(value, int | np.integer | float):
        return _PRECISION_WORDS.get(int(value), str(value))
    if field in ("type", "mode", "status") and isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return _fmt_number(float(value))
    if isinstance(value, np.integer):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


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


def _safe_links(urls: Any) -> list[list[Any]] | None:
    """``[text, href or null]`` pairs; only http(s) targets become links (case H6)."""
    if _missing(urls):
        return None
    out = []
    for url in str(urls).split("; "):
        url = url.strip()
        if not url:
            continue
        href = url if url.lower().startswith(("http://", "https://")) else None
        out.append([url, href])
    return out or None


def _radius_px(usd: Any, *, max_usd: float) -> float:
    """Circle radius with area proportional to ``usd``: r = R·√(v / v_max)."""
    if _missing(usd) or max_usd <= 0:
        return 6.0
    return round(max(MIN_RADIUS_PX, MAX_RADIUS_PX * math.sqrt(float(usd) / max_usd)), 2)


def _dash(status: Any) -> str | None:
    if status in PLANNED_STATUSES:
        return _DASH_PLANNED
    if status in STOPPED_STATUSES:
        return _DASH_STOPPED
    return None


def corridor_mode(props: Mapping[str, Any]) -> str:
    """Mode of a corridor: its ``mode`` field, else derived from ``type``."""
    mode = props.get("mode")
    if not _missing(mode):
        return str(mode)
    return _TYPE_MODE.get(str(props.get("type")), "other")


def _style(kind: str, props: Mapping[str, Any], *, max_usd: float) -> dict[str, Any]:
    status = props.get("status")
    dash = _dash(status)
    if kind == "corridors":
        return {
            "color": CORRIDOR_COLOURS.get(corridor_mode(props), _DEFAULT_COLOUR),
            "weight": 4,
            "opacity": 0.45 if status in STOPPED_STATUSES else 0.9,
            "dashArray": dash,
            "lineCap": "butt" if dash else "round",
        }
    if kind == "places":
        return {
            "radius": 4.0,
            "color": _PLACE_COLOUR,
            "weight": 1,
            "fillColor": _PLACE_COLOUR,
            "fillOpacity": 0.6,
        }
    if kind == "polygons":
        if str(props.get("area_kind", "")).startswith("uncertainty"):
            # An imprecise place drawn as the area it may lie in.
            unc = props.get("uncertainty_km")
            small = not _missing(unc) and float(unc) <= 50
            return {
                "color": _UNCERTAINTY_COLOUR,
                "weight": 1.2,
                "dashArray": "6 4",
                "fillColor": _UNCERTAINTY_COLOUR,
                # Large areas (a province, a region) only as an outline.
                "fillOpacity": 0.04 if small else 0.0,
            }
        return {"color": "#3f007d", "weight": 1.2, "fillColor": "#9e9ac8", "fillOpacity": 0.35}
    if kind == "crossings" or props.get("type") == "border_crossing":
        return {
            "shape": "diamond",
            "radius": 7.0,
            "color": "#ffffff",
            "fillColor": _CROSSING_COLOUR,
            "dashArray": dash,
        }
    colour = FACILITY_COLOURS.get(str(props.get("type")), _DEFAULT_COLOUR)
    return {
        "radius": _radius_px(props.get("investment_usd"), max_usd=max_usd),
        "color": "#ffffff" if not _missing(props.get("investment_usd")) else "#333333",
        "weight": 1.5,
        "fillColor": colour,
        "fillOpacity": 0.85,
        "dashArray": "3 3" if dash else None,
    }


def _unwrap_line(coords: np.ndarray) -> np.ndarray:
    """Shift longitudes by ±360° so consecutive vertices are < 180° apart (case G1)."""
    if len(coords) < 2:
        return coords
    lon = np.unwrap(np.radians(coords[:, 0]))
    out = coords.copy()
    out[:, 0] = np.round(np.degrees(lon), 6)
    return out


def _web_geometry(geom: Any, *, decimals: int = 6, unwrap: bool = True) -> dict[str, Any] | None:
    """GeoJSON geometry for Leaflet: ``decimals`` decimals, lines unwrapped across ±180°."""
    if geom is None or geom.is_empty:
        return None
    gtype = geom.geom_type
    if unwrap and gtype in ("LineString", "MultiLineString"):
        parts = [np.asarray(p.coords)[:, :2] for p in shapely.get_parts(geom)]
        out, prev = [], None
        for part in parts:
            part = _unwrap_line(part)
            if prev is not None:
                # Put each part next to the previous one (a line split at ±180°).
                shift = 360.0 * round((prev - part[0, 0]) / 360.0)
                part = part.copy()
                part[:, 0] += shift
            prev = part[-1, 0]
            out.append(np.round(part, decimals).tolist())
        if len(out) == 1:
            return {"type": "LineString", "coordinates": out[0]}
        return {"type": "MultiLineString", "coordinates": out}
    geom = shapely.transform(geom, lambda c: np.round(c, decimals))
    return shapely.geometry.mapping(geom)  # type: ignore[attr-defined]


def lon_window(gdfs: Any) -> float:
    """West edge of the 360° band of longitudes the data is drawn in (case G1).

    ``-180.0`` (longitudes −180…180) unless the data straddles the antimeridian and
    not the prime meridian; then ``0.0`` (longitudes 0…360), so a route from 179.5°E
    to 179.5°W is drawn as one short line at 179.5…180.5 instead of across the world.
    Decided by the width of all vertices' longitudes in either band.

    Parameters
    ----------
    gdfs : iterable of GeoDataFrame
        Layers in EPSG:4326 (others are reprojected).

    Returns
    -------
    float
        ``-180.0`` or ``0.0`` (degrees).
    """
    lons = []
    for g in gdfs:
        if g is None or not len(g):
            continue
        g = _to4326(g)
        c = shapely.get_coordinates(g.geometry.values)
        if len(c):
            lons.append(c[:, 0])
    if not lons:
        return -180.0
    lon = np.concatenate(lons)
    lon = lon[np.isfinite(lon)]
    if not len(lon):
        return -180.0
    usual = np.mod(lon + 180.0, 360.0) - 180.0
    shifted = np.mod(lon, 360.0)
    span_usual = float(usual.max() - usual.min())
    span_shifted = float(shifted.max() - shifted.min())
    # Only when 0…360 is far more compact (at most half as wide): New York and the
    # Amur stay on the usual map, a route from 179.5°E to 179.5°W does not.
    return 0.0 if span_shifted * 2 < span_usual else -180.0


def _to4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf


def _shift_into(xy: np.ndarray, west: float, *, unwrap: bool) -> np.ndarray:
    """Vertices of one line or ring moved by a multiple of 360° into [west, west+360).

    With ``unwrap``, consecutive vertices are first made less than 180° apart (a ring
    whose unwrapped form does not close is left as it was).
    """
    out = xy.copy()
    if unwrap and len(out) > 1:
        un = _unwrap_line(out)
        if not np.allclose(un[0], out[0]) or (
            np.allclose(out[0], out[-1]) and not np.allclose(un[0], un[-1])
        ):
            un = out
        out = un
    mid = (out[:, 0].min() + out[:, 0].max()) / 2
    out[:, 0] -= 360.0 * math.floor((mid - west) / 360.0)
    return out


def _shift_geom(geom: Any, west: float) -> Any:
    """``geom`` with every part moved into the band [west, west+360) of longitude."""
    if geom is None or geom.is_empty:
        return geom
    t = geom.geom_type
    if t == "Point":
        x, y = geom.coords[0][:2]
        return shapely.Point((x - west) % 360.0 + west, y)
    if t == "LineString":
        return shapely.LineString(_shift_into(np.asarray(geom.coords)[:, :2], west, unwrap=True))
    if t == "Polygon":
        ext = _shift_into(np.asarray(geom.exterior.coords)[:, :2], west, unwrap=True)
        mid = (ext[:, 0].min() + ext[:, 0].max()) / 2
        holes = []
        for ring in geom.interiors:
            h = _shift_into(np.asarray(ring.coords)[:, :2], west, unwrap=True)
            h[:, 0] += 360.0 * round((mid - (h[:, 0].min() + h[:, 0].max()) / 2) / 360.0)
            holes.append(h)
        return shapely.Polygon(ext, holes)
    parts = [_shift_geom(p, west) for p in shapely.get_parts(geom)]
    return type(geom)(parts)


def shift_layer(gdf: gpd.GeoDataFrame, west: float) -> gpd.GeoDataFrame:
    """``gdf`` in EPSG:4326 with longitudes moved into [west, west+360) for display.

    Lines and polygon rings are unwrapped first (consecutive vertices < 180° apart),
    so a feature across ±180° stays in one piece.  A no-op copy-free return when
    ``west`` is −180 and every longitude is already in −180…180.
    """
    gdf = _to4326(gdf)
    if not len(gdf):
        return gdf
    geoms = gdf.geometry.values
    if west == -180.0:
        c = shapely.get_coordinates(geoms)
        if not len(c) or (c[:, 0].min() >= -180.0 and c[:, 0].max() <= 180.0):
            return gdf
    types = shapely.get_type_id(geoms)
    if np.all(types == 0) and not shapely.is_empty(geoms).any():
        xy = shapely.get_coordinates(geoms)
        xy[:, 0] = np.mod(xy[:, 0] - west, 360.0) + west
        new = shapely.points(xy)
    else:
        new = np.asarray([_shift_geom(g, west) for g in geoms], dtype=object)
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(new, index=gdf.index, crs=gdf.crs)
    return out


def _web_polygons(geoms: np.ndarray) -> tuple[np.ndarray, float | None]:
    """Simplify a heavy polygon layer for the page only (case S2); tolerance in degrees."""
    n_vertices = int(shapely.get_num_coordinates(geoms).sum())
    if n_vertices <= WEB_MAX_VERTICES:
        return geoms, None
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    tol = float(f"{max(x1 - x0, y1 - y0) / 4000.0:.2g}") or 1e-5
    while True:
        out = shapely.simplify(geoms, tol, preserve_topology=True)
        if int(shapely.get_num_coordinates(out).sum()) <= WEB_MAX_VERTICES:
            return out, tol
        tol = float(f"{tol * 2:.2g}")


def _kind(name: str, gdf: gpd.GeoDataFrame) -> str:
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


def _max_usd(gdf: gpd.GeoDataFrame | None) -> float:
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
    kind : {"facilities", "corridors", "crossings", "places", "polygons", "basemap"}
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
        simplification, else null).  Features without geometry are dropped and
        counted in ``dropped``.
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
        max_usd = _max_usd(gdf)
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
    payload["canvas"] = bool(points and n > CANVAS_THRESHOLD)

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
    payload["styles"] = styles or [{}]
    payload["si"] = si if len(styles) > 1 else None
    if len(set(radii)) == 1:
        if radii[0] is not None:
            payload["styles"] = [{**st, "radius": radii[0]} for st in payload["styles"]]
        payload["r"] = None
    else:
        payload["r"] = [None if r is None else round(float(r), 1) for r in radii]

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
    payload["cols"] = cols
    return payload


def _centres(geoms: np.ndarray, *, decimals: int) -> list[float | None]:
    """Flat [lon, lat, …] of each polygon's centroid (a point on it when the centroid
    falls outside, e.g. a crescent); ``None, None`` for a missing geometry."""
    out: list[float | None] = []
    for g in geoms:
        if g is None or g.is_empty:
            out += [None, None]
            continue
        c = shapely.centroid(g)
        if not shapely.contains(g, c):
            c = shapely.point_on_surface(g)
        out += [round(float(c.x), decimals), round(float(c.y), decimals)]
    return out


def skipped_features(gdf: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    """Features of a layer that cannot be drawn: ``(which, why)`` pairs.

    ``which`` names the feature by its 0-based index in the layer and its ``id`` or
    ``name`` when it has one, e.g. ``"#3 (id am-null)"``; ``why`` is ``"no geometry"``
    or ``"empty geometry"``.
    """
    out = []
    geoms = gdf.geometry.values
    missing = np.asarray([g is None for g in geoms], dtype=bool)
    empty = ~missing & np.asarray(shapely.is_empty(geoms), dtype=bool)
    for i in np.flatnonzero(missing | empty):
        out.append((_which(gdf, int(i)), "no geometry" if missing[i] else "empty geometry"))
    return out


def _which(gdf: gpd.GeoDataFrame, i: int) -> str:
    """``#i (id X)`` / ``#i (name X)`` / ``#i``: a feature named for an error message."""
    for field in ("id", "name"):
        if field in gdf.columns and not _missing(gdf[field].iloc[i]):
            return f"#{i} ({field} {gdf[field].iloc[i]!s})"
    return f"#{i}"


def uncertainty_points(layers: Mapping[str, gpd.GeoDataFrame]) -> list[tuple[float, float, float]]:
    """Where to draw uncertainty circles: ``(lon, lat, radius_km)``, sorted, unique.

    One circle per point feature with ``uncertainty_km`` > 0 and one at each end of
    a line (its waypoints' uncertainty).  Features whose ``id`` is already drawn as
    an area (a polygon layer such as ``regions``) get no circle, and polygon layers
    none at all.  Coordinates in EPSG:4326 degrees, [lon, lat] order.
    """
    area_ids: set[str] = set()
    for name, gdf in layers.items():
        if gdf is not None and len(gdf) and _kind(name, gdf) == "polygons" and "id" in gdf:
            area_ids |= {str(v) for v in gdf["id"] if not _missing(v)}
    seen: dict[tuple[float, float, float], None] = {}
    for name, gdf in layers.items():
        if gdf is None or not len(gdf) or "uncertainty_km" not in gdf:
            continue
        if _kind(name, gdf) == "polygons":
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
                    "color": _UNCERTAINTY_COLOUR,
                    "weight": 1,
                    "dashArray": "4 4",
                    "fillColor": _UNCERTAINTY_COLOUR,
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


@cache
def _asset(name: str) -> str:
    return files("geo").joinpath("_assets", name).read_text(encoding="utf-8")


class GeoLayer(Layer):
    """A Leaflet overlay built in the page from a :func:`layer_payload`.

    Text is set with ``textContent`` only; popups are attribute tables and links
    are made only for http(s) targets.  The number of drawn features is recorded in
    ``window.GEO_LAYERS[<title>]`` for tests and size reports.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = GEO.layer({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any], *, name: str, show: bool = True):
        # Leaflet's layer control writes names with innerHTML: escape them here.
        super().__init__(name=html.escape(name), overlay=True, control=True, show=show)
        self._name = "GeoLayer"
        self.payload = safe_json(payload)
        self.payload_bytes = len(self.payload.encode("utf-8"))


class _Call(MacroElement):
    """One call into the page runtime with JSON arguments, e.g. ``GEO.legend``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        GEO.{{ this.func }}({{ this._parent.get_name() }}
            {%- for a in this.args %}, {{ a }}{% endfor %});
        {% endmacro %}
        """
    )

    def __init__(self, func: str, *args: Any):
        super().__init__()
        self._name = f"Geo_{func}"
        self.func = func
        self.args = [safe_json(a) for a in args]


class _Panes(MacroElement):
    """Map panes: the vector basemap under the tile pane, uncertainty under overlays."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane("geoBase").style.zIndex = 150;
        {{ this._parent.get_name() }}.createPane("geoUncertainty").style.zIndex = 350;
        {{ this._parent.get_name() }}.createPane("geoAreas").style.zIndex = 360;
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoPanes"


def _bounds(gdfs: Any) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of several layers, EPSG:4326."""
    rows = [
        (g.to_crs(4326) if g.crs is not None and g.crs.to_epsg() != 4326 else g).total_bounds
        for g in gdfs
    ]
    rows = [r for r in rows if np.all(np.isfinite(r))]
    if not rows:
        return None
    arr = np.array(rows, dtype=float)
    return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())


def _basemap_payload(bm: Any, *, title: str, weight: float = 0.8) -> dict[str, Any]:
    """Land fills (no outline) and country outlines of a :class:`geo.reference.Basemap`."""
    dec = _decimals(bm.tolerance_deg)
    fills = [_web_geometry(g, decimals=dec) for g in bm.countries.geometry.values]
    lines = [_web_geometry(g, decimals=dec, unwrap=False) for g in bm.borders.geometry.values]
    geoms = [g for g in fills + lines if g is not None]
    n_fill = sum(g is not None for g in fills)
    return {
        "title": title,
        "n": len(geoms),
        "geoms": geoms,
        "styles": [
            {"stroke": False, "fillColor": _BASE_STYLE["fillColor"], "fillOpacity": 1.0},
            {"color": _BASE_STYLE["color"], "weight": weight, "fill": False},
        ],
        "si": [0] * n_fill + [1] * (len(geoms) - n_fill),
        "ids": {"v": [None] * len(geoms)},
        "names": {"v": [None] * len(geoms)},
        "cols": [],
        "interactive": False,
        "canvas": False,
        "dropped": 0,
        "simplified_deg": bm.tolerance_deg,
        "pane": "geoBase",
    }


def _without_box(bm: Any, bounds: tuple[float, float, float, float]) -> Any:
    """A :class:`geo.reference.Basemap` with the inside of ``bounds`` cut out."""
    import dataclasses

    hole = shapely.box(*bounds)

    def cut(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        out = gdf.set_geometry(shapely.difference(gdf.geometry.values, hole), crs=gdf.crs)
        return out[~out.geometry.is_empty].reset_index(drop=True)

    return dataclasses.replace(bm, countries=cut(bm.countries), borders=cut(bm.borders))


def _decimals(tolerance_deg: float) -> int:
    """Coordinate decimals worth keeping after simplifying with ``tolerance_deg``."""
    return int(min(6, max(1, math.ceil(-math.log10(tolerance_deg / 10)))))


def _nice_values(max_usd: float) -> list[float]:
    """Up to three round reference values (1-2-5 series) for the size legend."""
    if max_usd <= 0:
        return []
    exp = 10 ** math.floor(math.log10(max_usd))
    top = max(m * exp for m in (1, 2, 5, 10) if m * exp <= max_usd * 1.0000001)
    vals = [top]
    for frac in (0.25, 0.05):
        v = top * frac
        if _radius_px(v, max_usd=max_usd) > MIN_RADIUS_PX:
            vals.append(v)
    return vals


def legend_items(
    layers: Mapping[str, gpd.GeoDataFrame], *, max_usd: float, uncertainty: bool
) -> list[dict[str, Any]]:
    """The legend as data: headings, line/dot/diamond swatches and reference sizes.

    Only categories present in the data are listed.  Used by the web map (drawn
    with DOM calls) and by :mod:`geo.stills`.
    """
    items: list[dict[str, Any]] = []
    lines = [
        g for n, g in layers.items() if g is not None and len(g) and _kind(n, g) == "corridors"
    ]
    if lines:
        items.append({"kind": "heading", "label": "Corridors (colour: mode)"})
        modes, statuses = set(), set()
        for g in lines:
            for _, row in g.drop(columns=g.geometry.name).iterrows():
                modes.add(corridor_mode(row))
                statuses.add(row.get("status"))
        for mode in sorted(modes):
            items.append(
                {
                    "kind": "line",
                    "color": CORRIDOR_COLOURS.get(mode, _DEFAULT_COLOUR),
                    "label": palette.label(mode),
                }
            )
        if statuses & PLANNED_STATUSES:
            items.append(
                {
                    "kind": "line",
                    "color": "#555555",
                    "dashArray": _DASH_PLANNED,
                    "weight": 3,
                    "label": "dashed: proposed or under construction",
                }
            )
        if statuses & STOPPED_STATUSES:
            items.append(
                {
                    "kind": "line",
                    "color": "#555555",
                    "dashArray": _DASH_STOPPED,
                    "weight": 3,
                    "label": "dotted: shelved, cancelled or retired",
                }
            )
    pts = [g for n, g in layers.items() if g is not None and len(g) and _kind(n, g) == "facilities"]
    if pts:
        items.append({"kind": "heading", "label": "Facilities (colour: type)"})
        types = sorted({str(t) for g in pts for t in g.get("type", []) if not _missing(t)})
        for t in types:
            if t == "border_crossing":
                continue
            items.append(
                {
                    "kind": "dot",
                    "fill": FACILITY_COLOURS.get(t, _DEFAULT_COLOUR),
                    "color": "#ffffff",
                    "label": palette.label(t),
                }
            )
        fac_statuses = {str(v) for g in pts for v in g.get("status", []) if not _missing(v)}
        if fac_statuses & PLANNED_STATUSES:
            items.append(
                {
                    "kind": "dot",
                    "fill": "#bbbbbb",
                    "color": "#333333",
                    "dashArray": "2 2",
                    "label": "dashed outline: proposed or under construction",
                }
            )
        values = _nice_values(max_usd)
        if values:
            items.append({"kind": "heading", "label": "Investment (circle area ∝ US$)"})
            for v in values:
                items.append(
                    {
                        "kind": "size",
                        "radius": _radius_px(v, max_usd=max_usd),
                        "fill": "#bbbbbb",
                        "color": "#333333",
                        "label": f"US$ {_fmt_number(v)}",
                    }
                )
            items.append(
                {
                    "kind": "dot",
                    "fill": "#bbbbbb",
                    "color": "#333333",
                    "label": "investment unknown (dark outline)",
                }
            )
    has_crossings = any(
        g is not None
        and len(g)
        and (_kind(n, g) == "crossings" or ("type" in g and (g["type"] == "border_crossing").any()))
        for n, g in layers.items()
    )
    if has_crossings:
        items.append({"kind": "diamond", "color": _CROSSING_COLOUR, "label": "border crossing"})
    places = layers.get("places")
    if places is not None and len(places):
        items.append(
            {
                "kind": "dot",
                "fill": _PLACE_COLOUR,
                "color": _PLACE_COLOUR,
                "label": "place named in the source",
            }
        )
    if uncertainty:
        items.append(
            {
                "kind": "dot",
                "fill": _UNCERTAINTY_COLOUR,
                "fillOpacity": 0.1,
                "color": _UNCERTAINTY_COLOUR,
                "dashArray": "3 2",
                "label": "location uncertainty (radius uncertainty_km)",
            }
        )
    return items


#: Online tile layers offered (off) in the layer control; they stay blank offline.
ONLINE_TILES: tuple[str, ...] = ("OpenStreetMap.Mapnik", "OpenTopoMap", "Esri.WorldImagery")

_LAYER_TITLES = {
    "corridors": "Corridors",
    "facilities": "Facilities",
    "crossings": "Border crossings",
    "places": "Places",
    "regions": "Regions",
}
_ORDER = ("regions", "corridors", "facilities", "crossings", "places")


def make_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str = "Cross-border infrastructure",
    basemap: bool = True,
    online_tiles: Sequence[str] = ONLINE_TILES,
) -> folium.Map:
    """Compose a folium map of ``layers``, ready to write offline.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name → layer (any CRS, drawn in EPSG:4326).  ``corridors``,
        ``facilities``, ``crossings`` and ``places`` get their own styles; other
        names are styled by geometry type (lines as corridors, polygons plain,
        points as facilities).
    title : str, keyword-only
        Shown at the top right and as the page title (as text, never as HTML).
    basemap : bool, keyword-only
        Draw Natural Earth country polygons under the data (and in the minimap).
    online_tiles : sequence of str, keyword-only
        xyzservices provider names offered in the layer control, switched off:
        they request tiles only when a user switches them on.

    Returns
    -------
    folium.Map
        The page requests nothing when opened.  ``m.geo_report`` holds per layer:
        ``features``, ``bytes`` of its data, ``renderer`` and ``simplified_deg``;
        ``m.geo_legend`` the legend items and ``m.geo_basemap`` the basemap used.
    """
    m = folium.Map(tiles=None, control_scale=True, zoom_control=True, world_copy_jump=False)
    # Nothing on our pages uses jQuery (folium declares it for plugins): 87 kB saved.
    m.default_js = [(n, u) for n, u in m.default_js if n != "jquery"]
    root = m.get_root()
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="geo_title_tag")
    root.header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        name="geo_viewport",
    )
    root.header.add_child(Element("<style>" + _asset("map.css") + "</style>"), name="geo_css")
    js = _asset("map.js").replace("</script", "<\\/script")
    root.header.add_child(Element("<script>" + js + "</script>"), name="geo_js")
    _Panes().add_to(m)

    present = {n: _to4326(g) for n, g in layers.items() if g is not None and len(g)}
    order = [n for n in _ORDER if n in present] + [n for n in present if n not in _ORDER]
    # Case G1: data across ±180° is drawn in one continuous band of longitudes.
    west = lon_window(
        [g for n, g in present.items() if _kind(n, g) in CORE_KINDS] or present.values()
    )
    present = {n: shift_layer(g, west) for n, g in present.items()}
    m.geo_lon_west = west
    data_bounds = _bounds(present.values())

    core = [g for n, g in present.items() if _kind(n, g) in CORE_KINDS] or list(present.values())
    core_bounds = _bounds(core)
    report: dict[str, dict[str, Any]] = {}
    m.geo_basemap = None
    mini_payload = None
    if basemap:
        from geo.reference import ATTRIBUTION, basemap_for, view_bounds

        # Detail around the infrastructure; a coarse overview beyond it (and in the
        # minimap), so far-away places still sit on land.
        view = view_bounds(core_bounds if core_bounds is not None else (-180, -60, 180, 80))
        wide = view_bounds(
            data_bounds if data_bounds is not None else view, pad_ratio=4.0, min_span_deg=60.0
        )
        full_overview = basemap_for(wide, tolerance_deg=float(f"{(wide[2] - wide[0]) / 400:.2g}"))
        # The overview leaves a hole where the detail lies: no coarse coast or doubled
        # border shows through, and no straight edge of a clip box is ever stroked.
        overview = _without_box(full_overview, view)
        bm = basemap_for(view)
        m.geo_basemap = bm
        for key, b, label in (
            ("Countries (overview)", overview, "Countries, overview"),
            ("Countries", bm, "Countries"),
        ):
            base = _basemap_payload(b, title=key)
            layer = GeoLayer(
                base,
                name=f"{label} (Natural Earth 1:10m, simplified {b.tolerance_deg:g}°)",
            )
            layer.add_to(m)
            report[key] = {
                "features": base["n"],
                "bytes": layer.payload_bytes,
                "renderer": "svg",
                "simplified_deg": b.tolerance_deg,
            }
        mini_payload = _basemap_payload(full_overview, title="Minimap", weight=0.4)
        _Call("attribution", ATTRIBUTION).add_to(m)
        m.get_root().header.add_child(
            Element(f'<meta name="geo-basemap" content="{html.escape(ATTRIBUTION)}">'),
            name="geo_basemap_meta",
        )

    unc = _uncertainty_payload(present, title="Location uncertainty")
    if unc is not None:
        layer = GeoLayer(unc, name="Location uncertainty")
        layer.add_to(m)
        report["Location uncertainty"] = {
            "features": unc["n"],
            "bytes": layer.payload_bytes,
            "renderer": "svg",
            "simplified_deg": None,
        }

    max_usd = max((_max_usd(g) for g in present.values()), default=0.0)
    for name in order:
        gdf = present[name]
        kind = _kind(name, gdf)
        ltitle = _LAYER_TITLES.get(name, name)
        payload = layer_payload(gdf, kind, title=ltitle, max_usd=max_usd)
        label = ltitle
        if payload["simplified_deg"]:
            label += f" (simplified {payload['simplified_deg']:g}° for the web)"
        layer = GeoLayer(payload, name=label)
        layer.add_to(m)
        report[ltitle] = {
            "features": payload["n"],
            "bytes": layer.payload_bytes,
            "renderer": "canvas" if payload["canvas"] else "svg",
            "simplified_deg": payload["simplified_deg"],
            "input": len(gdf),
            "skipped": skipped_features(gdf),
        }

    for i, provider_name in enumerate(online_tiles):
        provider = xyz.query_name(provider_name)
        folium.TileLayer(
            tiles=provider,
            name=html.escape(f"{provider_name} (online tiles)"),
            show=False,
            overlay=False,
            control=True,
            max_zoom=min(int(provider.get("max_zoom", 18)), 19),
        ).add_to(m)
        del i

    if core_bounds is not None:
        x0, y0, x1, y1 = core_bounds
        m.fit_bounds([[y0, x0], [y1, x1]], padding=(30, 30), max_zoom=11)
    legend = legend_items(present, max_usd=max_usd, uncertainty=unc is not None)
    m.geo_legend = legend
    _Call("legend", legend, "Legend").add_to(m)
    _Call("title", title).add_to(m)
    _Call("search").add_to(m)
    _Call("fullscreen").add_to(m)
    if mini_payload is not None:
        _Call("minimap", mini_payload).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.geo_report = report
    m.geo_title = title
    return m


def render_html(m: folium.Map) -> str:
    """Render ``m`` to a self-contained HTML string (assets inlined, deterministic)."""
    figure = inline_assets(m)
    # branca names elements with random ids; number them so equal input gives equal HTML.
    for i, el in enumerate(_walk(figure)):
        el._id = f"{i:08x}"
    return check_offline(figure.render())


def render_fragment(m: folium.Map, *, height_px: int = 520) -> str:
    """An embeddable HTML fragment: the whole page in a sandboxed ``<iframe srcdoc>``.

    The map's scripts and styles stay inside the frame, so the host page's CSS and
    JS cannot clash with them; the frame may run scripts but not reach its host
    (no ``allow-same-origin``).
    """
    page = render_html(m)
    return (
        f'<iframe class="geo-map" title="{html.escape(getattr(m, "geo_title", "map"))}" '
        f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        f'style="width:100%;height:{int(height_px)}px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>\n'
    )


def write_map(m: folium.Map, path: Path | str) -> Path:
    """Write ``m`` as one self-contained HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
    path : Path or str
        Target ``.html`` file; its directory is created if missing.

    Returns
    -------
    Path
    """
    return write_text_atomic(render_html(m), path)


def map_layers(paths: Sequence[Path | str]) -> dict[str, gpd.GeoDataFrame]:
    """Read GeoJSON (or any OGR-readable) layers for :func:`make_map`, keyed by file stem.

    Raises
    ------
    geo.errors.LayerError
        When a file is missing or unreadable, naming it.
    """
    from geo.errors import LayerError

    out: dict[str, gpd.GeoDataFrame] = {}
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise LayerError(
                f"{path}: no such file; give a GeoJSON layer such as layers/facilities.geojson"
            )
        try:
            gdf = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises several types
            raise LayerError(f"{path}: cannot read as a vector layer ({exc})") from exc
        check_coordinates(gdf, source=str(path))
        out[path.stem] = gdf
    return out


def check_coordinates(gdf: gpd.GeoDataFrame, *, source: str) -> None:
    """Refuse coordinates that cannot be drawn, naming the file, the feature and the fix.

    Checked after reprojecting to EPSG:4326: every coordinate finite, latitude within
    −90…90 and longitude within −360…360 (beyond ±180 only as written by tools that
    unwrap lines across the antimeridian).  A latitude beyond ±90 whose longitude
    would be a valid latitude is reported as swapped axes (GeoJSON is [lon, lat],
    case G3).  Features without geometry are not errors: :func:`make_map` skips and
    reports them (:func:`skipped_features`).

    Raises
    ------
    geo.errors.LayerError
        On the first bad feature, e.g. ``layers/x.geojson: feature #0 (name swapped):
        latitude 132.67 is impossible …; write [132.67, 47.95]``.
    """
    from geo.errors import LayerError

    if not len(gdf):
        return
    raw = gdf.geometry.values
    with np.errstate(all="ignore"):
        try:
            g4326 = _to4326(gdf).geometry.values
        except Exception as exc:  # pyproj errors on absurd input
            raise LayerError(f"{source}: cannot reproject to EPSG:4326 ({exc})") from exc
    for i, (geom, orig) in enumerate(zip(g4326, raw, strict=True)):
        if geom is None or geom.is_empty:
            continue
        xy = shapely.get_coordinates(geom)
        which = _which(gdf, i)
        bad = ~np.isfinite(xy).all(axis=1)
        if bad.any() or (np.abs(xy) > 1e7).any():
            k = int(np.flatnonzero(bad | (np.abs(xy) > 1e7).any(axis=1))[0])
            value = shapely.get_coordinates(orig)[k].tolist()
            raise LayerError(
                f"{source}: feature {which}: coordinate {value} is not a finite position "
                f"in degrees (NaN, infinite or far out of range); fix or remove that "
                f"vertex (GeoJSON positions are [lon, lat] in WGS 84 degrees)"
            )
        lon, lat = xy[:, 0], xy[:, 1]
        if (np.abs(lat) > 90).any():
            k = int(np.flatnonzero(np.abs(lat) > 90)[0])
            x, y = float(lon[k]), float(lat[k])
            if abs(x) <= 90:
                raise LayerError(
                    f"{source}: feature {which}: latitude {y:g} is impossible (|lat| <= 90) "
                    f"but longitude {x:g} would be a valid latitude: lon and lat look "
                    f"swapped (GeoJSON is [lon, lat]); write [{y:g}, {x:g}]"
                )
            raise LayerError(
                f"{source}: feature {which}: latitude {y:g} (in [{x:g}, {y:g}]) is outside "
                f"-90 … 90; give WGS 84 degrees as [lon, lat], or declare the layer's CRS"
            )
        if (np.abs(lon) > 360).any():
            k = int(np.flatnonzero(np.abs(lon) > 360)[0])
            x, y = float(lon[k]), float(lat[k])
            raise LayerError(
                f"{source}: feature {which}: longitude {x:g} (in [{x:g}, {y:g}]) is outside "
                f"-180 … 180; give WGS 84 degrees as [lon, lat], or declare the layer's CRS"
            )
