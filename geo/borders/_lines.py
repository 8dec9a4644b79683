"""Lines on the WGS 84 ellipsoid: antimeridian splits, geodesic lengths and circles.

All geometries are EPSG:4326 with [lon, lat] coordinates (shapely / GeoJSON order).
"""

from __future__ import annotations

from collections.abc import Sequence

import antimeridian
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import LayerError

__all__ = ["GEOD", "geodesic_circle", "geodesic_length_km", "split_antimeridian", "waypoint_km"]

#: The WGS 84 ellipsoid every length and distance of the borders is measured on.
GEOD = Geod(ellps="WGS84")


def split_antimeridian(line: LineString | MultiLineString) -> LineString | MultiLineString:
    """Split a line where it crosses ±180° (RFC 7946 §3.1.9).

    A segment whose longitudes differ by more than 180° is taken to be the short way
    round (e.g. 179.5° → −179.5° is 1° long, not 359°) and cut at the meridian, the
    crossing latitude interpolated linearly in lon/lat.

    Parameters
    ----------
    line : LineString or MultiLineString
        [lon, lat] degrees, EPSG:4326.

    Returns
    -------
    LineString or MultiLineString
        ``line`` unchanged when it does not cross ±180°; otherwise a MultiLineString
        whose parts end exactly at 180 and start at −180 (or the reverse).  Parts of
        zero length (a waypoint lying on ±180°) are dropped.

    Notes
    -----
    Uses :func:`antimeridian.fix_line_string` (``antimeridian`` package, Apache-2.0).
    """
    if isinstance(line, MultiLineString):
        parts: list[LineString] = []
        for part in line.geoms:
            fixed = split_antimeridian(part)
            parts += list(fixed.geoms) if isinstance(fixed, MultiLineString) else [fixed]
        return parts[0] if len(parts) == 1 else MultiLineString(parts)
    xs = shapely.get_coordinates(line)[:, 0]
    if len(xs) < 2 or not (np.abs(np.diff(xs)) > 180).any():
        return line
    fixed = antimeridian.fix_line_string(line, great_circle=False)
    parts = _line_parts(fixed)
    # a waypoint on ±180° leaves a zero-length part ([[-180, 57], [-180, 57]]): drop it
    keep = [p for p in parts if p.length > 0]
    if not keep:  # the whole route has no length: keep one (degenerate) part
        return parts[0] if parts else line
    return keep[0] if len(keep) == 1 else MultiLineString(keep)


def geodesic_length_km(geom: BaseGeometry) -> float:
    """Length on the WGS 84 ellipsoid, in km, rounded to metres.

    Parameters
    ----------
    geom : LineString or MultiLineString
        [lon, lat] degrees, EPSG:4326; parts split at ±180° are summed.

    Returns
    -------
    float
        Kilometres (``pyproj.Geod(ellps="WGS84").geometry_length``).
    """
    return round(_length_m(geom) / 1000.0, 3)


def _length_m(geom: BaseGeometry) -> float:
    """``GEOD.geometry_length(geom)`` (metres), reading a LineString's coordinates in bulk."""
    if isinstance(geom, LineString) and not geom.is_empty:
        x, y = shapely.get_coordinates(geom).T
        return GEOD.line_length(x, y)
    return GEOD.geometry_length(geom)


def geodesic_circle(lon: float, lat: float, radius_km: float, *, n: int = 64) -> Polygon:
    """A circle of ``radius_km`` around (lon, lat) on the ellipsoid, as a polygon.

    Parameters
    ----------
    lon, lat : float
        Centre, degrees EPSG:4326.
    radius_km : float
        Radius in km (> 0).
    n : int
        Number of vertices.

    Returns
    -------
    Polygon
        Counter-clockwise exterior (RFC 7946 right-hand rule); not split at ±180°.

    Raises
    ------
    LayerError
        When ``radius_km`` is not positive.
    """
    if not radius_km > 0:
        raise LayerError(f"radius_km must be > 0, got {radius_km!r}")
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1000.0))
    lons = np.asarray(lons)
    lons = np.where(lons - lon > 180, lons - 360, np.where(lon - lons > 180, lons + 360, lons))
    return shapely.geometry.polygon.orient(Polygon(zip(lons, lats, strict=True)), 1.0)


def waypoint_km(lons: Sequence[float], lats: Sequence[float]) -> list[float]:
    """Geodesic distance along a polyline from its first vertex to each vertex, in km.

    Parameters
    ----------
    lons, lats : sequence of float
        Vertices in degrees, EPSG:4326, same length, in route order.

    Returns
    -------
    list of float
        One value per vertex: 0.0 for the first, then the running sum of the WGS 84
        segment lengths (:data:`GEOD`), in km; ``[0.0]`` for a single vertex.
    """
    seg = GEOD.line_lengths(lons, lats) if len(lons) > 1 else []
    return (np.concatenate([[0.0], np.cumsum(seg)]) / 1000.0).tolist()


def _line_parts(geom: BaseGeometry) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    if hasattr(geom, "geoms"):
        out: list[LineString] = []
        for g in geom.geoms:
            out += _line_parts(g)
        return out
    return []


def _geod_km(a: Point, b: Point) -> float:
    return float(GEOD.inv(a.x, a.y, b.x, b.y)[2]) / 1000.0
