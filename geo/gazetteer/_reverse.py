"""Reverse geocoding: the populated place nearest to a point, and the country holding it.

Positions are EPSG:4326 degrees, (lat, lon); distances great-circle km.
"""

from __future__ import annotations

import functools
import math
import sqlite3

from geo._geodesy import EARTH_RADIUS_KM
from geo.errors import GazetteerError
from geo.gazetteer._model import GeocodeResult
from geo.gazetteer._normalise import fold
from geo.gazetteer._rank import result
from geo.gazetteer._store import PLACE_COLS, Place, Store, place_from_row

__all__ = [
    "BORDER_TOLERANCE_KM",
    "country_and_border",
    "country_at",
    "full_admin1",
    "nearest_place",
]


#: Natural Earth 1:10m outlines, simplified to about 100 m, put some border
#: villages on the wrong side by a few hundred metres (Kiefersfelden, Germany, lies
#: 0.5 km inside their Austria): closer to a border than this, the polygon does not
#: decide the country, the nearest place does (Nominatim #7).
BORDER_TOLERANCE_KM = 1.0
#: Russia's English generic terms for its federal subjects, by the ending of
#: GeoNames' own name of the division: "Amurskaya oblast'" is Amur Oblast.
_RU_TERMS = (
    ("avtonomnaya oblast'", "Autonomous Oblast"),
    ("avtonomnyy okrug", "Autonomous Okrug"),
    ("oblast'", "Oblast"),
    ("kray", "Krai"),
)


def country_at(con: sqlite3.Connection, lat: float, lon: float) -> str | None:
    """ISO alpha-2 of the country polygon holding (lat, lon), if any.

    Reads the Natural Earth 1:10m outlines stored in the index's ``borders`` table
    (simplified to about 100 m); ``None`` at sea or when the table is empty.
    """
    return country_and_border(con, lat, lon)[0]


def country_and_border(
    con: sqlite3.Connection, lat: float, lon: float
) -> tuple[str | None, float | None]:
    """The country polygon holding (lat, lon) and the distance to its outline.

    Returns
    -------
    (str or None, float or None)
        ISO alpha-2 (``None`` at sea or when the index has no outlines) and the
        distance in km (degrees × 111, longitude scaled by cos(lat)) from the point
        to the nearest stretch of that country's outline within about 3 km, or
        ``None`` when it lies farther.
    """
    pad = 0.03
    try:
        rows = con.execute(
            "SELECT iso, wkb FROM borders WHERE minx <= ? AND maxx >= ? AND miny <= ? "
            "AND maxy >= ?",
            (lon + pad, lon - pad, lat + pad, lat - pad),
        ).fetchall()
    except sqlite3.Error:
        return None, None
    if not rows:
        return None, None
    import shapely

    pt = shapely.Point(lon, lat)
    geoms = [(str(iso), shapely.from_wkb(wkb)) for iso, wkb in rows]
    holder = next((iso for iso, g in geoms if g.covers(pt)), None)
    if holder is None:
        return None, None
    # distance to any other country's outline nearby: a border, not a coast
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    scaled = shapely.affinity.scale(pt, xfact=coslat, origin=(0, 0))
    near = [
        shapely.affinity.scale(g, xfact=coslat, origin=(0, 0)).distance(scaled) * 111.2
        for iso, g in geoms
        if iso != holder
    ]
    border_km = min(near) if near else None
    return holder, border_km if border_km is not None and border_km <= 3.0 else None


@functools.lru_cache(maxsize=4)
def _divisions(con: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """GeoNames admin1 code → (short English name, GeoNames' name) of each ADM1 entry.

    One scan of the index (about 4,000 rows), kept for the connection's life.
    """
    try:
        rows = con.execute(
            "SELECT admin1_code, admin1, name FROM places WHERE fcode = 'ADM1' "
            "AND admin1_code IS NOT NULL"
        ).fetchall()
    except sqlite3.Error:
        return {}
    return {str(code): (str(short or name), str(name)) for code, short, name in rows}


def full_admin1(con: sqlite3.Connection, admin1_code: str | None, admin1: str | None) -> str | None:
    """A first-level division's name as English writes it in full.

    The index names most divisions in full ("Heilongjiang", "Bavaria", "Primorsky
    Krai" …) but Russia's oblasts and krais by their bare stem ("Amur", "Jewish",
    "Primorsky"); these get the generic term that GeoNames' own name carries
    ("Yevreyskaya avtonomnaya oblast'" → "Jewish Autonomous Oblast"). Two
    republics sharing a stem with a krai are told apart ("Altai Republic").
    ``admin1_code`` is GeoNames' ("RU.89"); other names are returned unchanged.
    """
    if not admin1 or not admin1_code or not admin1_code.startswith("RU."):
        return admin1
    short, gn_name = _divisions(con).get(admin1_code, (admin1, ""))
    low = gn_name.casefold()
    for ending, term in _RU_TERMS:
        if low.endswith(ending):
            return admin1 if admin1.endswith(term.split()[-1]) else f"{admin1} {term}"
    if low.startswith("respublika") or low.endswith("respublika"):
        shared = sum(1 for s, _ in _divisions(con).values() if s == short) > 1
        return f"{admin1} Republic" if shared else admin1
    return admin1


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
    cc, border_km = country_and_border(store.con, lat, lon)
    # within the outlines' tolerance of a border the polygon cannot tell the side
    sure = cc is not None and (border_km is None or border_km > BORDER_TOLERANCE_KM)
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
    if sure:
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
    if sure and res.country_code != cc:
        res.country_code = cc
        res.admin1 = None
    # the division named in full ("Jewish Autonomous Oblast", not "Jewish")
    if res.admin1 is not None:
        res.admin1 = full_admin1(store.con, places[order[0]].admin1_code, res.admin1)
    if cc is None:
        res.reason = (
            f"({lat:g}, {lon:g}) lies in no country's land outline (Natural Earth "
            f"1:10m): at sea or off a coast; the nearest place is "
            f"{res.distance_km:.0f} km away and its country is given"
        )
    return res
