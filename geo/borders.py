"""Route geometry: antimeridian splits, geodesic lengths, and international border crossings.

All geometries are EPSG:4326 with [lon, lat] coordinates (shapely / GeoJSON order).
Borders are Natural Earth 1:10m admin-0 countries (see :mod:`geo.reference`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import antimeridian
import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.errors import LayerError

__all__ = [
    "COLLAPSE_KM",
    "NEAR_SIDE_INSIDE_KM",
    "SNAP_TOLERANCE_KM",
    "Crossing",
    "RouteBorders",
    "drop_excursions",
    "geodesic_circle",
    "geodesic_length_km",
    "point_on_side",
    "route_borders",
    "route_borders_many",
    "snap_to_border",
    "snap_to_border_many",
    "split_antimeridian",
]

_GEOD = Geod(ellps="WGS84")
#: Gaps along a route (degrees of arc length) below which two countries touch.
_TOUCH_DEG = 1e-6

#: Snap tolerance (km): a route that declares two countries, stays in one of them and
#: comes this close to the other gets a crossing at the nearest point of the other
#: country's border (``kind="snapped"``).  Natural Earth 1:10m boundaries are placed
#: to about 1 km; 2 km is twice that.
SNAP_TOLERANCE_KM = 2.0
#: An excursion into a neighbouring country and back shorter than this (km along the
#: route) is taken to be boundary noise and dropped, whatever the route's accuracy.
COLLAPSE_KM = 2.0
#: Route accuracies (GEM words) whose lines between waypoints are guesses: there an
#: excursion into a country and back with no waypoint in it is dropped at any length.
LOW_ACCURACIES = frozenset({"low", "very low"})
#: How far inside a country (km) "near X on the <country> side" puts its point when X
#: lies on or across the border (:func:`point_on_side`).
NEAR_SIDE_INSIDE_KM = 1.0
#: How far (km) the requested side may lie from X: IATI precision 2 ("near", up to
#: 25 km away).
NEAR_SIDE_MAX_KM = 25.0


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
    """``_GEOD.geometry_length(geom)`` (metres), reading a LineString's coordinates in bulk."""
    if isinstance(geom, LineString) and not geom.is_empty:
        x, y = shapely.get_coordinates(geom).T
        return _GEOD.line_length(x, y)
    return _GEOD.geometry_length(geom)


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
    lons, lats, _ = _GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1000.0))
    lons = np.asarray(lons)
    lons = np.where(lons - lon > 180, lons - 360, np.where(lon - lons > 180, lons + 360, lons))
    return shapely.geometry.polygon.orient(Polygon(zip(lons, lats, strict=True)), 1.0)


@dataclass(frozen=True)
class Crossing:
    """A point where a route leaves one country for another.

    Attributes
    ----------
    lon, lat : float
        Degrees, EPSG:4326.  For ``kind="land"`` the point lies on the Natural Earth
        boundary; for ``kind="sea"`` it is the middle of the stretch of the route
        outside any country (Natural Earth has no maritime boundaries); for
        ``kind="snapped"`` it is the point of the Natural Earth border nearest to a
        route that stops short of it (:func:`snap_to_border`).
    from_country, to_country : str
        ISO 3166-1 alpha-2 codes, in the route's direction.
    kind : {"land", "sea", "snapped"}
        Shared land/river boundary, a gap (sea, strait) between two countries, or a
        border the route comes within :data:`SNAP_TOLERANCE_KM` of.
    km_from_start : float
        Geodesic distance along the route from its first waypoint (for a snapped
        crossing: to the route point nearest the border).
    snap_km : float or None
        For ``kind="snapped"``: geodesic distance (km) from the route to the point.
    """

    lon: float
    lat: float
    from_country: str
    to_country: str
    kind: Literal["land", "sea", "snapped"]
    km_from_start: float
    snap_km: float | None = None


@dataclass(frozen=True)
class RouteBorders:
    """The countries a route passes, in order, and where it crosses borders."""

    countries: tuple[str, ...] = ()
    crossings: tuple[Crossing, ...] = field(default_factory=tuple)


def _line_parts(geom: BaseGeometry) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    if hasattr(geom, "geoms"):
        out: list[LineString] = []
        for g in geom.geoms:
            out += _line_parts(g)
        return out
    return []


#: Countries are intersected cell by cell (1° cells, clipped on first use and cached):
#: a route then touches a few small pieces, not a 100,000-vertex polygon.
_CELL_DEG = 1.0
_CELL_CACHE: dict[tuple[int, int, int], tuple[BaseGeometry, BaseGeometry]] = {}
_CELL_CACHE_MAX = 50_000


def _cells(part: LineString) -> list[tuple[int, int]]:
    x0, y0, x1, y1 = part.bounds
    xs = range(int(np.floor(x0 / _CELL_DEG)), int(np.floor(x1 / _CELL_DEG)) + 1)
    ys = range(int(np.floor(y0 / _CELL_DEG)), int(np.floor(y1 / _CELL_DEG)) + 1)
    cells = [(cx, cy) for cx in xs for cy in ys]
    if len(cells) <= 4:
        return cells
    boxes = shapely.box(
        *np.array([(cx, cy, cx + 1, cy + 1) for cx, cy in cells], dtype=float).T * _CELL_DEG
    )
    hit = shapely.intersects(boxes, part)
    return [c for c, h in zip(cells, hit, strict=True) if h]


def _cell_piece(geom: BaseGeometry, cx: int, cy: int) -> BaseGeometry:
    key = (id(geom), cx, cy)
    hit = _CELL_CACHE.get(key)
    if hit is None:
        if len(_CELL_CACHE) >= _CELL_CACHE_MAX:
            _CELL_CACHE.clear()
        piece = shapely.clip_by_rect(
            geom, cx * _CELL_DEG, cy * _CELL_DEG, (cx + 1) * _CELL_DEG, (cy + 1) * _CELL_DEG
        )
        shapely.prepare(piece)
        hit = _CELL_CACHE[key] = (geom, piece)  # keeps geom alive, so its id stays unique
    return hit[1]


@dataclass(frozen=True)
class _Index:
    """Prepared country geometries, their ISO codes and a bounding-box tree."""

    values: object  # the frame's GeometryArray: a new one means the frame changed
    geoms: np.ndarray
    isos: tuple[str, ...]
    tree: shapely.STRtree


_INDEX: dict[int, _Index] = {}


def _index(countries: gpd.GeoDataFrame) -> _Index:
    """The :class:`_Index` of ``countries``, built once per frame (not per route)."""
    values = countries.geometry.values
    hit = _INDEX.get(id(values))
    if hit is None or hit.values is not values:
        if len(_INDEX) >= 8:
            _INDEX.clear()
        geoms = np.asarray(values, dtype=object)
        shapely.prepare(geoms)
        isos = tuple(str(i) for i in countries["iso_a2"].to_numpy())
        hit = _INDEX[id(values)] = _Index(values, geoms, isos, shapely.STRtree(geoms))
    return hit


def _intervals(part: LineString, ix: _Index) -> list[tuple[float, float, str]]:
    """(start, end, iso) stretches of ``part`` inside each country, by planar arc length."""
    geoms, isos = ix.geoms, ix.isos
    idx = [int(j) for j in ix.tree.query(part) if shapely.intersects(geoms[j], part)]
    if len(idx) == 1 and shapely.contains(geoms[idx[0]], part):
        return [(0.0, part.length, isos[idx[0]])]
    out = []
    cells = _cells(part)
    for j in idx:
        for cx, cy in cells:
            piece = _cell_piece(geoms[j], cx, cy)
            if piece.is_empty or not shapely.intersects(piece, part):
                continue
            for seg in _line_parts(part.intersection(piece)):
                s = part.project(Point(seg.coords[0]))
                e = part.project(Point(seg.coords[-1]))
                s, e = min(s, e), max(s, e)
                if e - s > 0:
                    out.append((s, e, isos[j]))
    return _merge(out)


def _merge(out: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Sort (start, end, iso) stretches and join those of one country that touch."""
    out.sort()
    merged: list[tuple[float, float, str]] = []
    for s, e, iso in out:
        if merged and merged[-1][2] == iso and s - merged[-1][1] <= _TOUCH_DEG:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e), iso)
        else:
            merged.append((s, e, iso))
    return merged


def route_borders(
    route: LineString | MultiLineString, *, countries: gpd.GeoDataFrame | None = None
) -> RouteBorders:
    """Countries a route passes and the points where it crosses international borders.

    Parameters
    ----------
    route : LineString or MultiLineString
        [lon, lat] degrees, EPSG:4326, in travel order; parts split at ±180° are
        walked in order.
    countries : GeoDataFrame, optional
        Columns ``iso_a2`` and polygon geometry in EPSG:4326; defaults to Natural
        Earth 1:10m admin-0 (:func:`geo.reference.load_countries`).

    Returns
    -------
    RouteBorders
        ``countries``: ISO codes in the order the route enters them (a country
        entered twice is listed twice); ``crossings``: one per change of country.

    Raises
    ------
    LayerError
        When Natural Earth data is needed and not installed.
    """
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    return _route_borders(route, _index(countries))


def _intervals_many(
    parts: Sequence[LineString], ix: _Index
) -> list[list[tuple[float, float, str]]]:
    """:func:`_intervals` of many line parts: the same stretches, GEOS calls vectorised."""
    n = len(parts)
    out: list[list[tuple[float, float, str]]] = [[] for _ in range(n)]
    if not n:
        return out
    arr = np.empty(n, dtype=object)
    arr[:] = parts
    li, cj = ix.tree.query(arr)  # bounding boxes only
    hit = shapely.intersects(ix.geoms[cj], arr[li])
    li, cj = li[hit], cj[hit]
    one = np.bincount(li, minlength=n)[li] == 1
    inside = np.zeros(len(li), dtype=bool)
    inside[one] = shapely.contains(ix.geoms[cj[one]], arr[li[one]])
    cells: dict[int, list[tuple[int, int]]] = {}
    pair_i, pair_j, pieces = [], [], []
    for i, j, whole in zip(li.tolist(), cj.tolist(), inside.tolist(), strict=True):
        if whole:  # the only country it touches, and it lies inside
            out[i] = [(0.0, parts[i].length, ix.isos[j])]
            continue
        if i not in cells:
            cells[i] = _cells(parts[i])
        for cx, cy in cells[i]:
            pair_i.append(i)
            pair_j.append(j)
            pieces.append(_cell_piece(ix.geoms[j], cx, cy))
    if not pieces:
        return out
    geo_p = np.empty(len(pieces), dtype=object)
    geo_p[:] = pieces
    pi, pj = np.asarray(pair_i), np.asarray(pair_j)
    ok = ~shapely.is_empty(geo_p)
    ok[ok] = shapely.intersects(geo_p[ok], arr[pi[ok]])
    pi, pj = pi[ok], pj[ok]
    segs, k = _line_parts_many(shapely.intersection(arr[pi], geo_p[ok]))
    pi, pj = pi[k], pj[k]
    s = shapely.line_locate_point(arr[pi], shapely.get_point(segs, 0))
    e = shapely.line_locate_point(arr[pi], shapely.get_point(segs, -1))
    lo, hi = np.minimum(s, e).tolist(), np.maximum(s, e).tolist()
    raw: dict[int, list[tuple[float, float, str]]] = {}
    for i, j, a, b in zip(pi.tolist(), pj.tolist(), lo, hi, strict=True):
        if b - a > 0:
            raw.setdefault(i, []).append((a, b, ix.isos[j]))
    for i, stretches in raw.items():
        out[i] = _merge(stretches)
    return out


def _line_parts_many(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The non-empty LineStrings inside each geometry, and the index of their geometry."""
    idx = np.arange(len(geoms))
    while True:
        multi = np.isin(shapely.get_type_id(geoms), (4, 5, 6, 7))
        if not multi.any():
            break
        parts, of = shapely.get_parts(geoms[multi], return_index=True)
        geoms = np.concatenate([geoms[~multi], parts])
        idx = np.concatenate([idx[~multi], idx[multi][of]])
    keep = (shapely.get_type_id(geoms) == 1) & ~shapely.is_empty(geoms)
    return geoms[keep], idx[keep]


def _route_borders(route: LineString | MultiLineString, ix: _Index) -> RouteBorders:
    return _walk([(part, _intervals(part, ix)) for part in _line_parts(route)])


def _walk(walked: list[tuple[LineString, list[tuple[float, float, str]]]]) -> RouteBorders:
    """Countries and crossings from the (part, stretches in countries) of a route."""
    seq: list[str] = []
    crossings: list[Crossing] = []
    prev: tuple[str, LineString, float, float] | None = None  # iso, part, end, offset_km
    offset_km = 0.0
    for part, stretches in walked:
        for s, e, iso in stretches:
            if prev is not None and prev[0] != iso:
                p_iso, p_part, p_end, _ = prev
                same_part = p_part is part
                if same_part and s - p_end <= _TOUCH_DEG:
                    pt, d_part, kind = part.interpolate(s), s, "land"
                elif same_part:
                    d_part = (p_end + s) / 2
                    pt, kind = part.interpolate(d_part), "sea"
                else:  # across an antimeridian cut or a gap between parts
                    pt, d_part, kind = part.interpolate(s), s, "sea"
                km = offset_km + _sub_km(part, d_part)
                crossings.append(
                    Crossing(
                        lon=round(pt.x, 6),
                        lat=round(pt.y, 6),
                        from_country=p_iso,
                        to_country=iso,
                        kind=kind,
                        km_from_start=round(km, 3),
                    )
                )
            if not seq or seq[-1] != iso:
                seq.append(iso)
            prev = (iso, part, e, offset_km)
        offset_km += _length_m(part) / 1000.0
    return RouteBorders(countries=tuple(seq), crossings=tuple(crossings))


def route_borders_many(
    routes: Sequence[LineString | MultiLineString],
    *,
    countries: gpd.GeoDataFrame | None = None,
) -> list[RouteBorders]:
    """:func:`route_borders` of many routes at once; the same results, faster.

    Routes lying inside one country, or outside every country, are found with one
    vectorised query (bounding-box tree, then prepared ``intersects``/``contains``);
    only the others are walked border by border.

    Parameters
    ----------
    routes : sequence of LineString or MultiLineString
        [lon, lat] degrees, EPSG:4326, each in travel order.
    countries : GeoDataFrame, optional
        As in :func:`route_borders`.

    Returns
    -------
    list of RouteBorders
        One per route, in order.

    Raises
    ------
    LayerError
        When Natural Earth data is needed and not installed.
    """
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    ix = _index(countries)
    out: list[RouteBorders | None] = [None] * len(routes)
    single = [
        i for i, r in enumerate(routes) if isinstance(r, LineString) and not r.is_empty
    ]  # fmt: skip
    if single:
        lines = np.empty(len(single), dtype=object)
        lines[:] = [routes[i] for i in single]
        li, cj = ix.tree.query(lines)  # bounding boxes only
        hit = shapely.intersects(ix.geoms[cj], lines[li])
        li, cj = li[hit], cj[hit]
        n_hit = np.bincount(li, minlength=len(single))
        one = n_hit[li] == 1
        inside = np.zeros(len(single), dtype=bool)
        inside[li[one]] = shapely.contains(ix.geoms[cj[one]], lines[li[one]])
        iso_of = dict(zip(li[one].tolist(), cj[one].tolist(), strict=True))
        for k, i in enumerate(single):
            if n_hit[k] == 0:
                out[i] = RouteBorders()
            elif inside[k]:
                out[i] = RouteBorders(countries=(ix.isos[iso_of[k]],))
    rest = [(i, _line_parts(routes[i])) for i, rb in enumerate(out) if rb is None]
    stretches = iter(_intervals_many([p for _, parts in rest for p in parts], ix))
    for i, parts in rest:
        out[i] = _walk([(p, next(stretches)) for p in parts])
    return out  # type: ignore[return-value]


def _sub_km(part: LineString, d: float) -> float:
    if d <= 0:
        return 0.0
    return _length_m(substring(part, 0.0, d)) / 1000.0


def countries_of_points(
    lons: Sequence[float], lats: Sequence[float], *, countries: gpd.GeoDataFrame | None = None
) -> list[str | None]:
    """ISO code of the Natural Earth country containing each point, or None (sea).

    Parameters
    ----------
    lons, lats : sequence of float
        Degrees, EPSG:4326, same length.
    countries : GeoDataFrame, optional
        As in :func:`route_borders`.
    """
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    pts = shapely.points(np.asarray(lons, float), np.asarray(lats, float))
    out: list[str | None] = [None] * len(pts)
    left, right = countries.sindex.query(pts, predicate="intersects")
    isos = countries["iso_a2"].to_numpy()
    for i, j in zip(left, right, strict=True):
        if out[i] is None:
            out[i] = str(isos[j])
    return out


def _country_near(
    countries: gpd.GeoDataFrame, iso: str, lon: float, lat: float, pad_deg: float
) -> BaseGeometry | None:
    """Country ``iso`` clipped to a box of ``pad_deg`` around (lon, lat); None if absent."""
    ix = _index(countries)
    geoms = [ix.geoms[j] for j, code in enumerate(ix.isos) if code == iso]
    if not geoms:
        return None
    whole = shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]
    piece = shapely.clip_by_rect(whole, lon - pad_deg, lat - pad_deg, lon + pad_deg, lat + pad_deg)
    return whole if piece.is_empty else piece


def _geod_km(a: Point, b: Point) -> float:
    return float(_GEOD.inv(a.x, a.y, b.x, b.y)[2]) / 1000.0


def drop_excursions(
    rb: RouteBorders,
    *,
    waypoint_km: Sequence[float],
    accuracy: str | None,
    min_km: float = COLLAPSE_KM,
) -> tuple[RouteBorders, list[tuple[Crossing, Crossing]]]:
    """Drop border crossings that are artefacts of the line, not of the route.

    Two consecutive crossings A→B then B→A bound an *excursion* into B.  It is
    dropped (both crossings) when

    * it is shorter than ``min_km`` along the route (Natural Earth boundary noise), or
    * the route's ``accuracy`` is ``"low"`` or ``"very low"`` and no waypoint lies in
      it: between waypoints such a line is a straight guess, so a straight segment
      cutting a bend of the border (Power of Siberia across the Amur's northern loop)
      says nothing about the route.

    Dropping repeats until no excursion qualifies, so A→B→A→B keeps one crossing.

    Parameters
    ----------
    rb : RouteBorders
        As :func:`route_borders` returns it.
    waypoint_km : sequence of float
        Geodesic distance (km) of each waypoint from the start of the route.
    accuracy : str or None
        The route's accuracy (GEM words: high, medium, low, very low).
    min_km : float
        Length below which any excursion is dropped (:data:`COLLAPSE_KM`).

    Returns
    -------
    (RouteBorders, list of (Crossing, Crossing))
        The route's countries and crossings without the excursions, and the dropped
        pairs (for the build report).
    """
    xs = list(rb.crossings)
    low = (accuracy or "").lower() in LOW_ACCURACIES
    dropped: list[tuple[Crossing, Crossing]] = []
    changed = True
    while changed:
        changed = False
        for i in range(len(xs) - 1):
            a, b = xs[i], xs[i + 1]
            if (a.from_country, a.to_country) != (b.to_country, b.from_country):
                continue
            lo, hi = a.km_from_start, b.km_from_start
            no_waypoint = not any(lo + 1e-3 < w < hi - 1e-3 for w in waypoint_km)
            if hi - lo < min_km or (low and no_waypoint):
                dropped.append((a, b))
                del xs[i : i + 2]
                changed = True
                break
    if not dropped:
        return rb, []
    countries = (rb.countries[0], *(x.to_country for x in xs)) if rb.countries else ()
    return RouteBorders(countries=countries, crossings=tuple(xs)), dropped


def snap_to_border(
    route: LineString | MultiLineString,
    rb: RouteBorders,
    declared: Sequence[str],
    *,
    countries: gpd.GeoDataFrame | None = None,
    tolerance_km: float = SNAP_TOLERANCE_KM,
) -> RouteBorders:
    """Add the crossing a short route misses because borders are drawn to ~1 km.

    When ``rb`` has no crossing, the route lies in one of the ``declared`` countries
    (A) and comes within ``tolerance_km`` of another declared country (B), a crossing
    of ``kind="snapped"`` is added at the point of B's Natural Earth border nearest to
    the route, with ``snap_km`` the geodesic distance.  The crossing runs A→B when the
    route point nearest B lies in the second half of the route, else B→A; the
    countries become (A, B) or (B, A).

    Parameters
    ----------
    route : LineString or MultiLineString
        [lon, lat] degrees, EPSG:4326, in travel order.
    rb : RouteBorders
        The route's countries and crossings (:func:`route_borders`).
    declared : sequence of str
        ISO 3166-1 alpha-2 codes the record says the route connects.
    countries : GeoDataFrame, optional
        As in :func:`route_borders`.
    tolerance_km : float
        Largest route–border distance that is snapped (:data:`SNAP_TOLERANCE_KM`).

    Returns
    -------
    RouteBorders
        ``rb`` itself, or with the snapped crossing.
    """
    if rb.crossings or len(rb.countries) != 1 or rb.countries[0] not in declared:
        return rb
    others = [c for c in dict.fromkeys(declared) if c != rb.countries[0]]
    if not others or route.is_empty:
        return rb
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    c = route.centroid
    x0, y0, x1, y1 = route.bounds
    pad = max(x1 - x0, y1 - y0) + tolerance_km / 50.0  # degrees, generous
    # degrees of longitude that 'tolerance_km' spans at the route's highest latitude:
    # an upper bound of the planar distance, for a cheap prepared-geometry reject
    tol_deg = _tol_deg(np.array([max(abs(y0), abs(y1))]), tolerance_km)[0]
    ix = _index(countries)
    best: tuple[float, str, Point, Point] | None = None
    for iso in others:
        if not any(shapely.dwithin(ix.geoms[j], route, tol_deg) for j in _of_iso(ix, iso)):
            continue
        other = _country_near(countries, iso, c.x, c.y, pad)
        if other is None:
            continue
        on_route, on_border = shapely.ops.nearest_points(route, other)
        d = _geod_km(on_route, on_border)
        if d <= tolerance_km and (best is None or d < best[0]):
            best = (d, iso, on_route, on_border)
    if best is None:
        return rb
    d, iso, on_route, on_border = best
    parts = _line_parts(route)
    km, total = 0.0, 0.0
    for part in parts:
        n = _length_m(part) / 1000.0
        if part.distance(on_route) < 1e-9 and not km:
            km = total + _sub_km(part, part.project(on_route))
        total += n
    home = rb.countries[0]
    at_end = km >= total / 2
    x = Crossing(
        lon=round(on_border.x, 6),
        lat=round(on_border.y, 6),
        from_country=home if at_end else iso,
        to_country=iso if at_end else home,
        kind="snapped",
        km_from_start=round(km, 3),
        snap_km=round(d, 3),
    )
    return RouteBorders(countries=(x.from_country, x.to_country), crossings=(x,))


def _tol_deg(abs_lat: np.ndarray, tolerance_km: float) -> np.ndarray:
    """Degrees of longitude ``tolerance_km`` spans at ``abs_lat``: an upper bound of the
    planar distance, for a cheap reject with prepared geometries."""
    coslat = np.maximum(np.cos(np.radians(np.minimum(abs_lat, 89.0))), 1e-3)
    return tolerance_km / (111.0 * coslat) * 1.01


def _of_iso(ix: _Index, iso: str) -> list[int]:
    return [j for j, code in enumerate(ix.isos) if code == iso]


def snap_to_border_many(
    routes: Sequence[LineString | MultiLineString],
    rbs: Sequence[RouteBorders],
    declared: Sequence[Sequence[str]],
    *,
    countries: gpd.GeoDataFrame | None = None,
    tolerance_km: float = SNAP_TOLERANCE_KM,
) -> list[RouteBorders]:
    """:func:`snap_to_border` of many routes: the same results, one vectorised reject.

    Routes farther than ``tolerance_km`` from every other declared country (most of
    them) are rejected with one prepared ``dwithin`` call per country.
    """
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    ix = _index(countries)
    out = list(rbs)
    todo: dict[str, list[int]] = {}
    for i, (rb, dec) in enumerate(zip(rbs, declared, strict=True)):
        if rb.crossings or len(rb.countries) != 1 or rb.countries[0] not in dec:
            continue
        for iso in dict.fromkeys(dec):
            if iso != rb.countries[0]:
                todo.setdefault(iso, []).append(i)
    near: set[int] = set()
    for iso, idx in todo.items():
        arr = np.empty(len(idx), dtype=object)
        arr[:] = [routes[i] for i in idx]
        lat = np.abs(shapely.bounds(arr)[:, [1, 3]]).max(axis=1)
        tol = _tol_deg(lat, tolerance_km)
        hit = np.zeros(len(idx), dtype=bool)
        for j in _of_iso(ix, iso):
            hit |= shapely.dwithin(ix.geoms[j], arr, tol)
        near.update(np.asarray(idx)[hit].tolist())
    for i in sorted(near):
        out[i] = snap_to_border(
            routes[i], rbs[i], declared[i], countries=countries, tolerance_km=tolerance_km
        )
    return out


def point_on_side(
    lon: float,
    lat: float,
    side: str,
    *,
    countries: gpd.GeoDataFrame | None = None,
    inside_km: float = NEAR_SIDE_INSIDE_KM,
    max_km: float = NEAR_SIDE_MAX_KM,
) -> tuple[float, float, float] | str:
    """A point near (lon, lat) on the ``side`` country's side of its border.

    For "near X on the RU side": when X lies inside ``side`` at least ``inside_km``
    from its border, X itself; otherwise the point of ``side``'s Natural Earth border
    nearest X, moved ``inside_km`` further into ``side`` (geodesically, on the line
    from X through that border point).

    Parameters
    ----------
    lon, lat : float
        The feature X, degrees EPSG:4326.
    side : str
        ISO 3166-1 alpha-2 code of the country the point must lie in.
    countries : GeoDataFrame, optional
        As in :func:`route_borders`.
    inside_km : float
        Distance kept from the border (:data:`NEAR_SIDE_INSIDE_KM`).
    max_km : float
        Farthest the side may lie from X (:data:`NEAR_SIDE_MAX_KM`, IATI "near").

    Returns
    -------
    (lon, lat, moved_km) or str
        The point and how far it was moved from X (km); or, when ``side`` is not a
        Natural Earth country or lies more than ``max_km`` away, the reason.
    """
    if countries is None:
        from geo.reference import load_countries

        countries = load_countries()
    poly = _country_near(countries, side, lon, lat, 1.0)
    if poly is None:
        return f"side {side!r} is not a country on Natural Earth 1:10m: give an ISO 3166-1 code"
    x = Point(lon, lat)
    on_edge = shapely.ops.nearest_points(poly.boundary, x)[0]
    d_edge = _geod_km(x, on_edge)
    inside = bool(poly.contains(x))
    if inside and d_edge >= inside_km:
        return lon, lat, 0.0
    if not inside and d_edge > max_km:
        return (
            f"the {side} side lies {d_edge:.0f} km from this place (more than the "
            f"{max_km:g} km of 'near'): check side"
        )
    if inside:  # too close to the border: from the border point away from it, past X
        az = _GEOD.inv(on_edge.x, on_edge.y, x.x, x.y)[0] if d_edge > 0 else None
    else:  # outside: from X through the border point, on into the country
        az = _GEOD.inv(x.x, x.y, on_edge.x, on_edge.y)[0]
    step = inside_km
    for _ in range(4):
        if az is None:
            break
        lon2, lat2, _ = _GEOD.fwd(on_edge.x, on_edge.y, az, step * 1000.0)
        p = Point(lon2, lat2)
        if poly.contains(p):
            return round(lon2, 6), round(lat2, 6), round(_geod_km(x, p), 3)
        step /= 2
    # a sliver of the country: the border point itself, nudged towards its interior
    rep = shapely.ops.nearest_points(poly.buffer(-1e-5), on_edge)[0]
    p = rep if not rep.is_empty else on_edge
    return round(p.x, 6), round(p.y, 6), round(_geod_km(x, p), 3)
