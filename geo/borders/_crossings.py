"""International border crossings of routes, on Natural Earth 1:10m admin-0 countries.

All geometries are EPSG:4326 with [lon, lat] coordinates (shapely / GeoJSON order).
Borders are Natural Earth 1:10m admin-0 countries (see :mod:`geo.reference`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.borders._lines import _length_m, _line_parts

__all__ = [
    "COLLAPSE_KM",
    "LOW_ACCURACIES",
    "Crossing",
    "RouteBorders",
    "countries_of_points",
    "drop_excursions",
    "route_borders",
    "route_borders_many",
]

#: Gaps along a route (degrees of arc length) below which two countries touch.
_TOUCH_DEG = 1e-6

#: An excursion into a neighbouring country and back shorter than this (km along the
#: route) is taken to be boundary noise and dropped, whatever the route's accuracy.
COLLAPSE_KM = 2.0
#: Route accuracies (GEM words) whose lines between waypoints are guesses: there an
#: excursion into a country and back with no waypoint in it is dropped at any length.
LOW_ACCURACIES = frozenset({"low", "very low"})


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
