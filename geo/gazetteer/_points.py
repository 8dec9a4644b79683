"""Points of areas: longitude arithmetic across the antimeridian, midpoints and spreads.

The package sources give no GeoNames point for countries and divisions; their points
are built here from several estimates. Positions are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import math

from geo._geodesy import haversine_km

__all__ = [
    "country_uncertainty_km",
    "dlon",
    "extent_centre",
    "lon_mean",
    "midpoint",
    "shifted_lons",
    "spread_km",
    "town_uncertainty_km",
    "wrap_lon",
]


def country_uncertainty_km(area_km2: float | None) -> float | None:
    """Radius (km) of a disc of a country's area (km²), or None when the area is unknown."""
    if not area_km2:
        return None
    return round(math.sqrt(float(area_km2) / math.pi), 1)


def town_uncertainty_km(population: int) -> float:
    """Rough urban radius (km) of a town of ``population`` inhabitants."""
    # a rough urban radius: 1 km for a village, ~25 km for a megacity
    return round(min(25.0, 1.0 + 0.008 * math.sqrt(max(population, 0))), 1)


def wrap_lon(lon: float) -> float:
    """A longitude in degrees brought into -180..180."""
    return ((lon + 180.0) % 360.0) - 180.0


def dlon(a: float, b: float) -> float:
    """Shortest signed longitude difference ``a - b`` in degrees (-180..180)."""
    return wrap_lon(a - b)


def shifted_lons(lons: list[float]) -> list[float]:
    """Longitudes as given, or shifted to 0..360 when their extent is narrower so.

    A place set straddling the antimeridian (Chukotka, Fiji, Kiribati) spans
    almost 360 degrees in -180..180 but only a few degrees in 0..360.
    """
    if not lons:
        return lons
    width = max(lons) - min(lons)
    alt = [lo % 360.0 for lo in lons]
    return alt if max(alt) - min(alt) < width else list(lons)


def lon_mean(lons: list[float]) -> float:
    """Mean longitude, taken across the antimeridian when the points straddle it."""
    sh = shifted_lons(lons)
    return round(wrap_lon(sum(sh) / len(sh)), 5)


def midpoint(a: tuple[float, float], b: tuple[float, float] | None) -> tuple[float, float]:
    """Mean of two (lat, lon) estimates of one area's point (``a`` when ``b`` is
    missing), averaged across the antimeridian when that is the shorter way."""
    if b is None:
        return a
    return (round((a[0] + b[0]) / 2, 5), lon_mean([a[1], b[1]]))


def extent_centre(
    pts: list[tuple[float, float, int]], ref: tuple[float, float]
) -> tuple[float, float] | None:
    """Centre of the lat/lon extent of a division's places, or None without places.

    Places farther from ``ref`` (lat, lon) than five times the median distance are
    left out first: GeoNames files a few places under the wrong division (a town
    of Qinghai under Heilongjiang), and one such place would stretch the extent.
    Longitudes are taken across the antimeridian when the places straddle it.
    """
    if not pts:
        return None
    coslat = math.cos(math.radians(ref[0]))
    dist = [math.hypot(p[0] - ref[0], dlon(p[1], ref[1]) * coslat) for p in pts]
    limit = 5 * sorted(dist)[len(dist) // 2]
    keep = [p for p, d in zip(pts, dist, strict=True) if d <= limit] or pts
    lats = [p[0] for p in keep]
    lons = shifted_lons([p[1] for p in keep])
    return ((min(lats) + max(lats)) / 2, wrap_lon((min(lons) + max(lons)) / 2))


def spread_km(point: tuple[float, float], parts: list[tuple[float, float, float]]) -> float:
    """Area-weighted 90th percentile of the distance (km) from ``point`` to the parts.

    Great-circle distances, so Kiribati's atolls on both sides of the antimeridian
    (3,000 km apart) count as near each other, not 360 degrees apart.
    """
    if not parts:
        return 0.0
    rows = []
    for la, lo, area in parts:
        rows.append((haversine_km(point[0], point[1], la, lo), area))
    rows.sort()
    total = sum(a for _, a in rows) or 1.0
    acc = 0.0
    for d, a in rows:
        acc += a
        if acc >= 0.9 * total:
            return d
    return rows[-1][0]
