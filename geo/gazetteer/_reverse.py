"""Reverse geocoding: the populated place nearest to a point, and the country holding it.

Positions are EPSG:4326 degrees, (lat, lon); distances great-circle km.
"""

from __future__ import annotations

import math
import sqlite3

from geo._geodesy import EARTH_RADIUS_KM
from geo.errors import GazetteerError
from geo.gazetteer._model import GeocodeResult
from geo.gazetteer._normalise import fold
from geo.gazetteer._rank import result
from geo.gazetteer._store import PLACE_COLS, Place, Store, place_from_row

__all__ = ["country_at", "nearest_place"]


def country_at(con: sqlite3.Connection, lat: float, lon: float) -> str | None:
    """ISO alpha-2 of the country polygon holding (lat, lon), if any.

    Reads the Natural Earth 1:10m outlines stored in the index's ``borders`` table
    (simplified to about 100 m); ``None`` at sea or when the table is empty.
    """
    try:
        rows = con.execute(
            "SELECT iso, wkb FROM borders WHERE minx <= ? AND maxx >= ? AND miny <= ? "
            "AND maxy >= ?",
            (lon, lon, lat, lat),
        ).fetchall()
    except sqlite3.Error:
        return None
    if not rows:
        return None
    import shapely

    pt = shapely.Point(lon, lat)
    for iso, wkb in rows:
        if shapely.from_wkb(wkb).covers(pt):
            return str(iso)
    return None


def _near_places(store: Store, lat: float, lon: float, band_deg: float) -> list[Place]:
    """Populated places within ``band_deg`` degrees of latitude of ``lat``.

    Read through the index's ``places(lat)`` B-tree, plus curated places;
    the longitude window is applied when it does not wrap the globe.
    """
    sql = f"SELECT {PLACE_COLS} FROM places p WHERE p.lat BETWEEN ? AND ? "
    args: list[float] = [lat - band_deg, lat + band_deg]
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + band_deg))), 1e-6)
    dlon = band_deg / coslat
    if dlon < 170.0:
        lo, hi = lon - dlon, lon + dlon
        if lo < -180.0:
            sql += "AND (p.lon >= ? OR p.lon <= ?) "
            args += [lo + 360.0, hi]
        elif hi > 180.0:
            sql += "AND (p.lon >= ? OR p.lon <= ?) "
            args += [lo, hi - 360.0]
        else:
            sql += "AND p.lon BETWEEN ? AND ? "
            args += [lo, hi]
    sql += "AND p.fcode LIKE 'PPL%'"
    rows = store.con.execute(sql, args).fetchall()
    out = [place_from_row(r) for r in rows]
    out += [p for p in store.curated if p.fcode.startswith("PPL") and abs(p.lat - lat) <= band_deg]
    return out


def nearest_place(store: Store, lat: float, lon: float, *, n_candidates: int = 5) -> GeocodeResult:
    """Return the populated place nearest to a point, with its admin1 and country.

    The work behind :meth:`geo.gazetteer.Gazetteer.reverse`,
    which documents the parameters, the result and the errors; ``store`` is the
    index and curated entries to read.
    """
    import numpy as np

    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise GazetteerError(f"({lat!r}, {lon!r}) is not a (lat, lon) pair") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(
            f"({lat}, {lon}) is out of range; give lat in -90..90 and lon in -180..180"
            + (" (are they swapped?)" if -90 <= lon <= 90 else "")
        )
    # widen a latitude band until it surely holds the nearest places: any
    # place within band * 111 km lies in it
    cc = country_at(store.con, lat, lon)
    for band in (1.0, 3.0, 10.0, 45.0, 180.0):
        places = _near_places(store, lat, lon, band)
        if not places:
            continue
        plat = np.radians(np.fromiter((p.lat for p in places), float, len(places)))
        plon = np.radians(np.fromiter((p.lon for p in places), float, len(places)))
        la, lo = math.radians(lat), math.radians(lon)
        a = np.sin((plat - la) / 2) ** 2 + np.cos(la) * np.cos(plat) * np.sin((plon - lo) / 2) ** 2
        d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        k = min(len(d), n_candidates + 1)
        reach = float(np.partition(d, k - 1)[k - 1])
        # the same-country preference looks 300 km out
        if band >= 180.0 or (reach <= band * 111.0 and (cc is None or band >= 3.0)):
            break
    # near a border the nearest town may lie across it: prefer towns of the
    # country whose polygon holds the point
    if cc is not None:
        same = np.array([p.cc == cc for p in places])
        if same.any() and float(d[same].min()) < 300.0:
            d = np.where(same, d, d + 1e6)
    order = np.argsort(d)[: n_candidates + 1]
    ranked = [
        (float(1.0 / (1.0 + d[i] / 10.0)), places[i], 1.0, "=" + fold(places[i].name))
        for i in order
    ]
    res = result(
        f"{lat:.6f},{lon:.6f}",
        ranked,
        demonyms=store.demonyms(),
        match="reverse",
        n_candidates=n_candidates,
    )
    res.distance_km = float(d[order[0]]) % 1e6
    if cc is not None and res.country_code != cc:
        res.country_code = cc
        res.admin1 = None
    if cc is None:
        res.reason = (
            f"({lat:g}, {lon:g}) lies in no country's land outline (Natural Earth "
            f"1:10m): at sea or off a coast; the nearest place is "
            f"{res.distance_km:.0f} km away and its country is given"
        )
    return res
