"""Where a record is: a :class:`~geo.records.Location` → a point (:class:`Located`).

Coordinates given in a record are used as given; place names go to the gazetteer.
"near X" widens the precision and radius (IATI precision 2) and may put the point on
one country's side of a border (:func:`geo.borders.point_on_side`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np

from geo.borders import NEAR_SIDE_INSIDE_KM, point_on_side
from geo.records import Location, Record

__all__ = ["NEAR_UNCERTAINTY_KM", "Geocoder", "Located", "context_names", "locate"]

#: Radius (km) of a "near X" location that states none: IATI precision 2 means
#: "near, in the area of, or up to 25 km away from" X.
NEAR_UNCERTAINTY_KM = 25.0

Geocoder = Callable[..., Any]


@dataclass(frozen=True)
class Located:
    """A point a record or waypoint resolved to.

    Attributes
    ----------
    lat, lon : float
        WGS 84 degrees.
    precision : int
        IATI geographic precision code (1 exact … 4 ADM1 … 6 country).
    uncertainty_km : float or None
        Radius within which the true position lies, when known.
    method : str
        ``"coordinates"`` (given in the record) or ``"gazetteer"``.
    source : str or None
        Where the position comes from: ``"record"`` (+ the cited source) or
        ``"gazetteer:<source>"``.
    gazetteer_id, gazetteer_name, feature_code : str or None
        What the gazetteer matched, when it was used.
    """

    lat: float
    lon: float
    precision: int
    uncertainty_km: float | None
    method: str
    gazetteer_id: str | None = None
    gazetteer_name: str | None = None
    feature_code: str | None = None
    country_code: str | None = None
    source: str | None = None


def _default_geocoder() -> Geocoder:
    from geo.gazetteer import geocode

    return geocode


def _bad_point(lat: Any, lon: Any) -> str | None:
    """Why (lat, lon) cannot be drawn (NaN, infinite, out of range), or None."""
    try:
        ok = np.isfinite(float(lat)) and np.isfinite(float(lon))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        return f"coordinates lat={lat!r}, lon={lon!r} are not finite numbers: give WGS 84 degrees"
    if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
        return f"coordinates lat={lat!r}, lon={lon!r} are outside WGS 84 degrees"
    return None


@functools.lru_cache(maxsize=4096)
def record_source(source: str | None) -> str:
    """``location_source`` of coordinates given in a record: ``record[:<source>]``.

    Cached: large sets repeat a few sources, and the rows then share one string.
    """
    return f"record:{source}" if source else "record"


def locate(
    loc: Location,
    *,
    geocoder: Geocoder,
    context: Sequence[str] = (),
    countries: Callable[[], gpd.GeoDataFrame] | gpd.GeoDataFrame | None = None,
) -> Located | str:
    """Resolve a :class:`~geo.records.Location` to a point.

    Parameters
    ----------
    loc : Location
        Coordinates (used as given) or a place name (sent to ``geocoder``).
    geocoder : callable
        ``geocoder(name, country=..., context=...)`` returning an object with
        ``resolved``, ``lat``, ``lon``, ``precision``, ``uncertainty_km``, ``id``,
        ``name``, ``feature_code``, ``country_code`` and ``reason``.
    context : sequence of str
        Other place names of the same record, for ranking.
    countries : GeoDataFrame or callable returning one, optional
        Country polygons (``iso_a2``, EPSG:4326) for ``side:``; Natural Earth 1:10m
        admin-0 by default.

    Returns
    -------
    Located or str
        The point, or the reason it could not be resolved (also for NaN or
        infinite coordinates, given or returned by the gazetteer).

    Notes
    -----
    ``relation: near`` makes the precision at least 2 (IATI "near") with
    ``uncertainty_km`` :data:`NEAR_UNCERTAINTY_KM` unless the record states one.
    ``side: RU`` puts the point on that country's side of its Natural Earth border
    (:func:`geo.borders.point_on_side`: X itself when it lies inside RU at least
    :data:`geo.borders.NEAR_SIDE_INSIDE_KM` from the border, else that far inside,
    on the line from X through the nearest border point); ``location_method`` then
    ends in ``+side``.
    """
    if loc.lat is not None and loc.lon is not None:
        bad = _bad_point(loc.lat, loc.lon)
        if bad:
            return bad
        located = Located(
            lat=loc.lat,
            lon=loc.lon,
            precision=loc.precision or 1,
            uncertainty_km=loc.uncertainty_km,
            method="coordinates",
            country_code=loc.country,
            source=record_source(loc.source),
        )
    else:
        assert loc.place is not None
        res = geocoder(loc.place, country=loc.country, context=list(context))
        if not res.resolved:
            return f"place {loc.place!r} not found by the gazetteer: {res.reason}"
        bad = _bad_point(res.lat, res.lon)
        if bad:
            return f"place {loc.place!r}: the gazetteer gave {bad}"
        precision = max(loc.precision or 0, res.precision or 0) or res.precision
        unc = loc.uncertainty_km if loc.uncertainty_km is not None else res.uncertainty_km
        located = Located(
            lat=res.lat,
            lon=res.lon,
            precision=precision,
            uncertainty_km=unc,
            method="gazetteer",
            gazetteer_id=res.id,
            gazetteer_name=res.name,
            feature_code=res.feature_code,
            country_code=res.country_code,
            source=f"gazetteer:{res.source}" if getattr(res, "source", None) else "gazetteer",
        )
    if loc.relation != "near":
        return located
    return _near(located, loc, countries)


def _near(
    p: Located, loc: Location, countries: Callable[[], gpd.GeoDataFrame] | gpd.GeoDataFrame | None
) -> Located | str:
    """``p`` as "near X" (precision >= 2, stated radius), on ``loc.side`` when given."""
    unc = loc.uncertainty_km if loc.uncertainty_km is not None else NEAR_UNCERTAINTY_KM
    changes: dict[str, Any] = {
        "precision": max(p.precision or 0, 2),
        "uncertainty_km": max(unc, p.uncertainty_km or 0.0),
    }
    if loc.side:
        gdf = countries() if callable(countries) else countries
        moved = point_on_side(p.lon, p.lat, loc.side, countries=gdf)
        if isinstance(moved, str):
            return f"near {loc.place or 'the given point'!r} on the {loc.side} side: {moved}"
        lon, lat, km = moved
        changes.update(lon=lon, lat=lat, method=f"{p.method}+side", country_code=loc.side)
        if km:
            where = f"moved {km:g} km to {NEAR_SIDE_INSIDE_KM:g} km inside {loc.side}"
            changes["source"] = f"{p.source}; {where} (Natural Earth 1:10m border)"
    return dataclasses.replace(p, **changes)


def context_names(record: Record) -> list[str]:
    """The record's name and the place names of its location or waypoints, for ranking."""
    names = [record.name]
    locs = (
        [record.location]
        if record.location
        else list(record.route.waypoints if record.route else [])
    )
    names += [w.place for w in locs if w and w.place]
    return names
