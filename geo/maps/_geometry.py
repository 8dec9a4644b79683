"""Geometry for the page and the still: one band of longitudes across ±180°, GeoJSON for Leaflet.

Data that straddles the antimeridian is drawn in one continuous band of longitudes
(:func:`lon_window`, :func:`shift_layer`), so a route from 179.5°E to 179.5°W is a
short line, not one across the world.  Coordinates are EPSG:4326 degrees, [lon, lat].
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

__all__ = ["WEB_MAX_VERTICES", "lon_window", "shift_layer", "total_bounds"]


#: Polygon layers with more vertices than this are simplified for the web page only.
WEB_MAX_VERTICES = 200_000


def _to4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf


def total_bounds(gdfs: Any) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of several layers, EPSG:4326 degrees.

    Parameters
    ----------
    gdfs : iterable of GeoDataFrame
        Layers in any CRS (reprojected to EPSG:4326); layers without finite bounds
        (empty, or only missing geometries) are left out.

    Returns
    -------
    tuple of float or None
        ``None`` when no layer has finite bounds.
    """
    rows = [
        (g.to_crs(4326) if g.crs is not None and g.crs.to_epsg() != 4326 else g).total_bounds
        for g in gdfs
    ]
    rows = [r for r in rows if np.all(np.isfinite(r))]
    if not rows:
        return None
    arr = np.array(rows, dtype=float)
    return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())


def _unwrap_line(coords: np.ndarray) -> np.ndarray:
    """Shift longitudes by ±360° so consecutive vertices are < 180° apart.

    A line across the antimeridian (179.5°E to 179.5°W) becomes 179.5…180.5, one
    short line instead of one across the world.
    """
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
    """West edge of the 360° band of longitudes the data is drawn in.

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
    """Simplify a polygon layer of more than :data:`WEB_MAX_VERTICES` vertices for the page only.

    The tolerance (degrees) starts at 1/4000 of the layer's extent and doubles until
    the layer fits; returned with the geometries, or ``None`` when nothing was done.
    """
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


def _decimals(tolerance_deg: float) -> int:
    """Coordinate decimals worth keeping after simplifying with ``tolerance_deg``."""
    return int(min(6, max(1, math.ceil(-math.log10(tolerance_deg / 10)))))
