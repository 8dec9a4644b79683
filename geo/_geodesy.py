"""Great-circle distance on a sphere: one definition for the whole package.

Distances between (lat, lon) points in degrees, WGS 84 (EPSG:4326), on the sphere of
the mean Earth radius (IUGG, 6,371.0088 km). For lengths along lines on the
ellipsoid, :mod:`geo.borders` uses ``pyproj.Geod``.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "haversine_km"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Degrees, WGS 84 (EPSG:4326), (lat, lon) order; longitudes may differ by
        more than 180° (the formula wraps across the antimeridian).

    Returns
    -------
    float
        Distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
