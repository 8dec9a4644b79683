"""Route geometry: antimeridian splits, geodesic lengths, and international border crossings.

All geometries are EPSG:4326 with [lon, lat] coordinates (shapely / GeoJSON order).
Borders are Natural Earth 1:10m admin-0 countries (see :mod:`geo.reference`).

Modules
-------
``_lines``
    lines on the WGS 84 ellipsoid: :func:`split_antimeridian`, :func:`geodesic_length_km`,
    :func:`geodesic_circle`, :func:`waypoint_km`.
``_crossings``
    where a route crosses borders: :func:`route_borders`, :func:`route_borders_many`,
    :func:`drop_excursions`, :func:`countries_of_points`.
``_snap``
    the crossing a short route misses by ~1 km (:func:`snap_to_border`,
    :func:`snap_to_border_many`) and "near X on the <country> side"
    (:func:`point_on_side`); how far a point is from the nearest land border
    (:func:`border_distance_km`, :func:`border_distances_km`).
"""

from __future__ import annotations

from geo.borders._crossings import (
    COLLAPSE_KM,
    LOW_ACCURACIES,
    Crossing,
    RouteBorders,
    countries_of_points,
    drop_excursions,
    route_borders,
    route_borders_many,
)
from geo.borders._lines import (
    GEOD,
    geodesic_circle,
    geodesic_length_km,
    split_antimeridian,
    waypoint_km,
)
from geo.borders._snap import (
    NEAR_SIDE_INSIDE_KM,
    NEAR_SIDE_MAX_KM,
    SNAP_TOLERANCE_KM,
    border_distance_km,
    border_distances_km,
    point_on_side,
    snap_to_border,
    snap_to_border_many,
)

__all__ = [
    "COLLAPSE_KM",
    "GEOD",
    "LOW_ACCURACIES",
    "NEAR_SIDE_INSIDE_KM",
    "NEAR_SIDE_MAX_KM",
    "SNAP_TOLERANCE_KM",
    "Crossing",
    "RouteBorders",
    "border_distance_km",
    "border_distances_km",
    "countries_of_points",
    "drop_excursions",
    "geodesic_circle",
    "geodesic_length_km",
    "point_on_side",
    "route_borders",
    "route_borders_many",
    "snap_to_border",
    "snap_to_border_many",
    "split_antimeridian",
    "waypoint_km",
]
