"""Routes snapped to a border they miss by Natural Earth's ~1 km, and points put on a side.

All geometries are EPSG:4326 with [lon, lat] coordinates (shapely / GeoJSON order).
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from geo.borders._crossings import Crossing, RouteBorders, _Index, _index, _sub_km
from geo.borders._lines import GEOD, _geod_km, _length_m, _line_parts

__all__ = [
    "NEAR_SIDE_INSIDE_KM",
    "NEAR_SIDE_MAX_KM",
    "SNAP_TOLERANCE_KM",
    "border_distance_km",
    "border_distances_km",
    "point_on_side",
    "snap_to_border",
    "snap_to_border_many",
]

#: Snap tolerance (km): a route that declares two countries, stays in one of them and
#: comes this close to the other gets a crossing at the nearest point of the other
#: country's border (``kind="snapped"``).  Natural Earth 1:10m boundaries are placed
#: to about 1 km; 2 km is twice that.
SNAP_TOLERANCE_KM = 2.0
#: How far inside a country (km) "near X on the <country> side" puts its point when X
#: lies on or across the border (:func:`point_on_side`).
NEAR_SIDE_INSIDE_KM = 1.0
#: How far (km) the requested side may lie from X: IATI precision 2 ("near", up to
#: 25 km away).
NEAR_SIDE_MAX_KM = 25.0


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
        az = GEOD.inv(on_edge.x, on_edge.y, x.x, x.y)[0] if d_edge > 0 else None
    else:  # outside: from X through the border point, on into the country
        az = GEOD.inv(x.x, x.y, on_edge.x, on_edge.y)[0]
    step = inside_km
    for _ in range(4):
        if az is None:
            break
        lon2, lat2, _ = GEOD.fwd(on_edge.x, on_edge.y, az, step * 1000.0)
        p = Point(lon2, lat2)
        if poly.contains(p):
            return round(lon2, 6), round(lat2, 6), round(_geod_km(x, p), 3)
        step /= 2
    # a sliver of the country: the border point itself, nudged towards its interior
    rep = shapely.ops.nearest_points(poly.buffer(-1e-5), on_edge)[0]
    p = rep if not rep.is_empty else on_edge
    return round(p.x, 6), round(p.y, 6), round(_geod_km(x, p), 3)


_BORDERS: dict[tuple[int, tuple[float, ...]], tuple[np.ndarray, list[tuple[str, str]]]] = {}


def _land_borders(
    ix: _Index, box: tuple[float, float, float, float]
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Segments of the land borders between countries near ``box``, with the two ISO codes.

    Natural Earth's neighbours share their border vertices, so the intersection of two
    outlines is the border between them (a coast is on one outline only).
    """
    key = (id(ix.values), tuple(round(v, 1) for v in box))
    hit = _BORDERS.get(key)
    if hit is not None:
        return hit
    near = sorted(int(j) for j in ix.tree.query(shapely.box(*box)))
    outlines = {j: shapely.boundary(ix.geoms[j]) for j in near}
    segs, pairs = [], []
    for k, i in enumerate(near):
        for j in near[k + 1 :]:
            if ix.isos[i] == ix.isos[j] or not shapely.intersects(ix.geoms[i], ix.geoms[j]):
                continue
            shared = shapely.intersection(outlines[i], outlines[j])
            for part in _line_parts(shared):
                xy = np.asarray(part.coords)
                segs += list(shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1)))
                pairs += [(ix.isos[i], ix.isos[j])] * (len(xy) - 1)
    if len(_BORDERS) >= 8:
        _BORDERS.clear()
    hit = _BORDERS[key] = (np.asarray(segs, dtype=object), pairs)
    return hit


def border_distances_km(
    lons: Sequence[float],
    lats: Sequence[float],
    *,
    countries: gpd.GeoDataFrame,
    search_deg: float = 2.0,
) -> list[tuple[float | None, str | None]]:
    """Distance (km) from each point to the nearest international land border, and whose.

    Parameters
    ----------
    lons, lats : sequence of float
        WGS 84 degrees, same length.
    countries : GeoDataFrame, keyword-only
        Country polygons (``iso_a2``, EPSG:4326), e.g. Natural Earth 1:10m admin-0.
    search_deg : float, keyword-only
        Only borders within this many degrees of a point are looked at.

    Returns
    -------
    list of (km, iso)
        Geodesic distance to the nearest point of a land border (found in degrees) and
        the ISO code of the country across it (of the two, the one the point is not
        in); ``(None, None)`` when no land border lies within ``search_deg``.  A coast
        is no border: the border between two countries is where their outlines meet.
    """
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    out: list[tuple[float | None, str | None]] = [(None, None)] * len(x)
    if not len(x):
        return out
    ix = _index(countries)
    box = (x.min() - search_deg, y.min() - search_deg, x.max() + search_deg, y.max() + search_deg)
    segs, pairs = _land_borders(ix, box)
    if not len(segs):
        return out
    pts = shapely.points(x, y)
    (pi, si), _ = shapely.STRtree(segs).query_nearest(
        pts, max_distance=search_deg, return_distance=True, all_matches=False
    )
    if not len(pi):
        return out
    ends = shapely.get_coordinates(shapely.shortest_line(pts[pi], segs[si])).reshape(-1, 2, 2)
    _, _, m = GEOD.inv(ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])
    # the country each point lies in, among those of the borders found (prepared: fast)
    home = np.full(len(pi), None, dtype=object)
    for iso in sorted({c for pair in pairs for c in pair}):
        for j in (j for j, code in enumerate(ix.isos) if code == iso):
            inside = shapely.contains_xy(ix.geoms[j], x[pi], y[pi])
            home[inside] = iso
    for k, (p, s) in enumerate(zip(pi, si, strict=True)):
        a, b = pairs[s]
        out[int(p)] = (round(float(m[k]) / 1000.0, 3), a if home[k] == b else b)
    return out


def border_distance_km(
    lon: float, lat: float, *, countries: gpd.GeoDataFrame, search_deg: float = 2.0
) -> tuple[float | None, str | None]:
    """Distance (km) from one point to the nearest land border, and the country across it.

    One point of :func:`border_distances_km` (which see); ``(None, None)`` when no land
    border lies within ``search_deg`` degrees.
    """
    return border_distances_km([lon], [lat], countries=countries, search_deg=search_deg)[0]
