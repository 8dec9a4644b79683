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


def border_distance_km(
    lon: float, lat: float, *, countries: gpd.GeoDataFrame, search_deg: float = 2.0
) -> tuple[float | None, str | None]:
    """Distance (km) from a point to the nearest international land border, and its country.

    Parameters
    ----------
    lon, lat : float
        WGS 84 degrees.
    countries : GeoDataFrame, keyword-only
        Country polygons (``iso_a2``, EPSG:4326), e.g. Natural Earth 1:10m admin-0.
    search_deg : float, keyword-only
        Only borders within this many degrees are looked at.

    Returns
    -------
    (km, iso) : tuple
        Geodesic distance to the nearest point of another country than the one the
        point lies in (or is nearest to), and that country's ISO code; ``(None, None)``
        when no other country lies within ``search_deg``.

    Notes
    -----
    The nearest point of a *neighbouring country* is used rather than the country's
    own outline, so a coast does not count as a border.
    """
    ix = _index(countries)
    p = Point(lon, lat)
    near = [int(j) for j in ix.tree.query(p.buffer(search_deg))]
    if not near:
        return None, None
    home = min(near, key=lambda j: shapely.distance(ix.geoms[j], p))
    best: tuple[float | None, str | None] = (None, None)
    for j in near:
        if ix.isos[j] == ix.isos[home]:
            continue
        q = shapely.ops.nearest_points(ix.geoms[j], p)[0]
        km = _geod_km(p, q)
        if best[0] is None or km < best[0]:
            best = (round(km, 3), ix.isos[j])
    return best
