"""Geometry warnings: where a drawn feature contradicts what its record states.

Each check returns the warning text (or nothing); :func:`geo.layers.build_layers` puts
it in the build report (record id, field) and, for corridors, in the feature's
``geometry_warnings``.  The checks:

- the stated length (``length_km``) and the drawn one (``length_geodesic_km``) differ
  by more than :data:`LENGTH_TOLERANCE`;
- the record's ``countries`` and the countries the line passes disagree;
- a route that names the river it crosses (``crosses: Amur``) does not cross it
  (Natural Earth 1:10m rivers, :func:`geo.reference.load_layer`);
- a ``border_crossing`` facility lies more than :data:`BORDER_CROSSING_MAX_KM` from
  the nearest international land border (Natural Earth 1:10m admin-0).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from geo.borders import GEOD, border_distances_km


def _geod_km(a: Any, b: Any) -> float:
    return float(GEOD.inv(a.x, a.y, b.x, b.y)[2]) / 1000.0


__all__ = [
    "BORDER_CROSSING_MAX_KM",
    "LENGTH_TOLERANCE",
    "border_crossing_warnings",
    "countries_warnings",
    "length_warning",
    "river_warning",
]

#: Stated and drawn lengths may differ by this share of the stated one (25 %).
LENGTH_TOLERANCE = 0.25
#: A border crossing farther than this (km) from the nearest land border is a warning.
BORDER_CROSSING_MAX_KM = 5.0


def length_warning(stated_km: float | None, drawn_km: float) -> str | None:
    """The warning when ``drawn_km`` differs from ``stated_km`` by more than 25 %, or None.

    Examples
    --------
    >>> length_warning(100, 126)
    'stated length 100 km and drawn length 126 km differ by 26% (more than 25%)'
    >>> length_warning(100, 124) is None
    True
    """
    if not stated_km or drawn_km <= 0:
        return None
    diff = (drawn_km - stated_km) / stated_km
    if abs(diff) <= LENGTH_TOLERANCE:
        return None
    return (
        f"stated length {stated_km:,.6g} km and drawn length {drawn_km:,.4g} km differ by "
        f"{abs(diff):.0%} (more than {LENGTH_TOLERANCE:.0%})"
    )


def countries_warnings(claimed: Sequence[str], passed: Sequence[str], n_cross: int) -> list[str]:
    """Warnings where the record's ``countries`` and ``countries_passed`` disagree.

    Parameters
    ----------
    claimed : sequence of str
        The record's ``countries``.
    passed : sequence of str
        The countries the drawn line passes, in order.
    n_cross : int
        Border crossings found on the line.

    Returns
    -------
    list of str
        Empty when they agree (a line may stay short of a country it lists only when it
        lists one; a record listing none is not checked).
    """
    claim, seen = sorted(set(claimed)), sorted(set(passed))
    if not claim:
        return []
    out = []
    if len(claim) >= 2 and n_cross == 0:
        out.append(
            f"lists countries {', '.join(claim)} but its route crosses no international "
            f"border on Natural Earth 1:10m (it stays in {', '.join(seen) or 'no country'}): "
            "check the route, or the countries"
        )
    else:
        missing = [c for c in claim if c not in seen]
        if missing and seen:
            out.append(
                f"lists {', '.join(missing)} in countries, but the drawn line does not reach "
                f"it (it passes {', '.join(seen)}): extend the route, or check the countries"
            )
    extra = [c for c in seen if c not in claim]
    if extra:
        out.append(
            f"route passes {', '.join(extra)}, which is not in countries "
            f"({', '.join(claim)}): add it, or check the route"
        )
    return out


@functools.lru_cache(maxsize=64)
def _river(name: str, bbox: tuple[float, float, float, float]) -> BaseGeometry | None:
    from geo.reference import load_layer

    key = name.casefold()
    gdf = load_layer("rivers", bbox=bbox)
    hit = gdf[
        gdf["name"].fillna("").str.casefold().eq(key)
        | gdf.get("name_alt", gdf["name"]).fillna("").str.casefold().eq(key)
    ]
    return shapely.union_all(hit.geometry.values) if len(hit) else None


def river_warning(line: BaseGeometry, river: str) -> str | None:
    """The warning when ``line`` does not cross the Natural Earth river ``river``, or None."""
    x0, y0, x1, y1 = line.bounds
    pad = 0.5
    geom = _river(river, (x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    if geom is not None and line.intersects(geom):
        return None
    if geom is None:
        where = "is not drawn near it"
    else:
        q = shapely.ops.nearest_points(geom, line)
        where = f"does not cross it (it stays {_geod_km(q[0], q[1]):,.2f} km away)"
    return (
        f"names the river it crosses, {river!r}, but its line {where} on Natural Earth "
        "1:10m rivers: check the route, or crosses"
    )


def border_crossing_warnings(
    lons: Sequence[float], lats: Sequence[float], countries: gpd.GeoDataFrame
) -> list[str | None]:
    """For each border crossing, the warning when it lies more than 5 km from a land border.

    One vectorised pass over all points (large sets hold thousands of checkpoints).
    """
    out: list[str | None] = []
    for km, iso in border_distances_km(lons, lats, countries=countries):
        if km is not None and km <= BORDER_CROSSING_MAX_KM:
            out.append(None)
            continue
        if km is not None:
            far = f"{km:,.1f} km from the nearest land border (with {iso})"
        else:
            far = "with no land border within 2 degrees"
        out.append(
            f"border crossing placed {far} on Natural Earth 1:10m, more than "
            f"{BORDER_CROSSING_MAX_KM:g} km: give the checkpoint's own position"
        )
    return out
