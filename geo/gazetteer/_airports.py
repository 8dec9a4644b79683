"""Airports of ``airportsdata`` (MIT; data of mwgg/Airports): names and entries.

An airport is found by its published name, by the names derived from it (without
the town it serves, without its airport words) and, for a town's only airport, as
"<town> Airport". Positions are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from geo._geodesy import haversine_km
from geo.errors import GazetteerError
from geo.gazetteer._model import Entry
from geo.gazetteer._normalise import fold

__all__ = [
    "AIRPORT_IMPORTANCE",
    "AIRPORT_IMPORTANCE_MAJOR",
    "AIRPORT_TOWN_MIN_POPULATION",
    "AIRPORT_WORDS",
    "TownCells",
    "airport_entries",
]

#: Folded words that make a name an airport's ("London Heathrow Airport"), and words
#: that say nothing on their own ("Regional", "State", "Falls"): an airport's short
#: name is what is left of its name without both and without the town it serves.
#: The resolver reads "<town> Airport" without the first kind, and the extractor
#: takes a name that holds one as naming an airport outright.
AIRPORT_WORDS = frozenset(
    """airport airfield aerodrome airstrip field heliport international intl int
    aeroporto aeropuerto aeroport aéroport flughafen afb lrrs""".split()  # noqa: SIM905
)
_AIRPORT_GENERIC = frozenset(
    """regional municipal county memorial executive national capital central city
    metropolitan domestic air base airbase station new old north south east west
    the of de la del am an upon state island islands downtown valley falls gateway
    junction harbour harbor industrial downs seaplane airpark skypark park river
    lake bay beach point port mountain creek springs lakes intercontinental
    internationa coastal crossing horizon lagoon castle shores community university
    jetport sunport aircenter""".split()  # noqa: SIM905
)
#: Towns at least this populous keep their names even from the main airports of
#: multi-airport cities ("Heathrow" beside Heathrow, Florida, is the airport).
AIRPORT_TOWN_MIN_POPULATION = 100_000
#: Prior importance of an airport: the main airports of multi-airport cities (IATA
#: metropolitan area codes: Heathrow, Sheremetyevo) as a town of about 63,000, the
#: others as a town of about 4,000 (0.45 = log10(4,000) / 8).
AIRPORT_IMPORTANCE_MAJOR = 0.6
AIRPORT_IMPORTANCE = 0.45


_BRACKETS_RE = re.compile(r"\s*[(\[][^)\]]*[)\]]")


def _generic_airport_name(folded: str) -> bool:
    """Whether a folded name is only airport and generic words ("international airport")."""
    words = folded.split()
    return all(w in AIRPORT_WORDS or w in _AIRPORT_GENERIC for w in words)


def _airport_names(
    name: str,
    city: str,
    town_names: set[str],
    *,
    short_name: str | None = None,
    big_town_names: frozenset[str] = frozenset(),
    shared: frozenset[str] = frozenset(),
) -> list[str]:
    """Names of an airport: as published, without the town it serves, short names.

    "London Heathrow Airport" (London) → also "Heathrow Airport" and, given the
    short name "Heathrow" of the IATA multi-airport city table, "Heathrow";
    "Ottawa / Macdonald-Cartier International Airport" → also
    "Macdonald-Cartier International Airport", "Macdonald-Cartier Airport",
    "Macdonald-Cartier".

    Parameters
    ----------
    name, city : str
        The airport's name and the town it serves, as ``airportsdata`` gives them
        (``city`` may be empty).
    town_names : set of str
        Folded names of every ``cities500`` place: a short name derived from the
        airport's name is never one of them ("Mitchell", "Roberts", "Pearson").
    short_name : str, optional
        The name the IATA multi-airport city table gives ("Heathrow"), without its
        airport words; kept when it has several words or six letters or more, is
        not only generic words and no town in ``big_town_names`` has it.
    big_town_names : frozenset of str
        Folded names of towns of ``AIRPORT_TOWN_MIN_POPULATION`` or more.
    shared : frozenset of str
        Folded derived short names that several airports would get: given to none.

    Returns
    -------
    list of str
        The published name first; no name made only of airport and generic words
        ("International Airport"), no duplicates. A derived short name has four
        letters or more, six for one word, which only an international airport gets;
        names in other scripts than Latin get none.
    """
    name = name.strip()
    out = [name]
    # "Antwerp International Airport (Deurne)": the part in brackets is a remark
    plain = _BRACKETS_RE.sub(" ", name).strip()
    if plain != name and plain:
        out.append(plain)
    parts = [p.strip() for p in plain.split("/") if p.strip()]
    if len(parts) > 1:
        out += [p for p in parts if AIRPORT_WORDS & set(fold(p).split())]
    fcity = fold(city)
    forms = [n for n in dict.fromkeys([plain, *parts]) if "/" not in n]
    cores: list[str] = []
    for full in forms:
        out += _reworded_names(full, fcity, town_names, cores)
    out += _names_without_airport_words(forms)
    for core in cores:
        if _core_names_airport(
            core,
            fcity,
            town_names,
            international="international" in fold(name) or bool(short_name),
            shared=shared,
        ):
            out.append(core)
    if short_name:
        short = " ".join(w for w in short_name.split() if fold(w) not in AIRPORT_WORDS)
        f = fold(short)
        # one short word is too often a word or a surname ("Love" Field, "Hobby")
        if (
            short
            and (" " in f or len(f) >= 6)
            and f not in big_town_names
            and not _generic_airport_name(f)
        ):
            out.append(short)
    keep = [n for n in out if n == name or not _generic_airport_name(fold(n))]
    return list(dict.fromkeys(keep))


def _reworded_names(full: str, fcity: str, town_names: set[str], cores: list[str]) -> list[str]:
    """Names of one published form of an airport's name, reworded.

    Without the town it serves ("London Heathrow Airport" → "Heathrow Airport"),
    with the airport word last ("Amsterdam Airport Schiphol" → "Schiphol Airport"),
    without "International" ("Pearson International Airport" → "Pearson Airport").
    The form without its airport words ("Pearson") is appended to ``cores``, for
    :func:`_core_names_airport` to judge.
    """
    out: list[str] = []
    words = full.split()
    folded = [fold(w) for w in words]
    # the town served, as the name's first word or two ("London", "Toronto"),
    # when a name of the airport's own follows ("Heathrow", not "am Main"), and
    # not just the start of the town's name ("Victoria" of "Victoria Falls")
    for k in (2, 1):
        head = " ".join(folded[:k])
        rest = folded[k:]
        if (
            rest
            and rest[0] not in _AIRPORT_GENERIC
            and not set(rest) <= AIRPORT_WORDS
            and (head == fcity or (head in town_names and not fcity.startswith(head + " ")))
        ):
            words, folded = words[k:], folded[k:]
            out.append(" ".join(words))
            break
    # "Amsterdam Airport Schiphol" → also "Schiphol Airport"
    if folded and folded[0] in AIRPORT_WORDS and not set(folded) <= AIRPORT_WORDS:
        rest_words = [w for w, f in zip(words, folded, strict=True) if f not in AIRPORT_WORDS]
        while rest_words and fold(rest_words[0]) in _AIRPORT_GENERIC:  # "de"
            rest_words.pop(0)
        if rest_words:
            out.append(" ".join(rest_words) + " Airport")
    if "international" in folded:
        # "Pearson International Airport" → "Pearson Airport" (never "Kuwait"
        # of "Kuwait International")
        short = [(w, f) for w, f in zip(words, folded, strict=True) if f != "international"]
        if AIRPORT_WORDS & {f for _w, f in short}:
            out.append(" ".join(w for w, _f in short))
    core = [w for w, f in zip(words, folded, strict=True) if f not in AIRPORT_WORDS]
    if core and len(core) < len(words):
        cores.append(" ".join(core))
    return out


def _names_without_airport_words(forms: list[str]) -> list[str]:
    """The name without its airport words, town and all: "London Heathrow", "Chicago
    O'Hare" (not "Ontario Municipal": a generic word); several words only."""
    out: list[str] = []
    for full in forms:
        kept = [w for w in full.split() if fold(w) not in AIRPORT_WORDS]
        f = fold(" ".join(kept))
        if len(kept) > 1 and not any(w in _AIRPORT_GENERIC for w in f.split()):
            out.append(" ".join(kept))
    return out


def _core_names_airport(
    core: str,
    fcity: str,
    town_names: set[str],
    *,
    international: bool,
    shared: frozenset[str],
) -> bool:
    """Whether a name without airport words ("Heathrow", "Macdonald-Cartier") may name
    the airport alone; ``international``: the airport is one, or has a short name of
    the IATA multi-airport city table."""
    f = fold(core)
    # "Lincoln Capital", "Ontario Municipal" would hide "Lincoln" and "Ontario"
    # in running text ("Ontario Municipal Board"); a town's own name, or one
    # that several airports share ("State"), names no airport
    return not (
        len(f.replace(" ", "")) < (4 if " " in f else 6)  # "Love" Field, "Hall"
        # one word is a short name of an international airport only: the bases
        # and fields named after people ("Travis", "Tinker") keep "AFB"/"Field"
        or (" " not in f and not international)
        or not f.isascii()
        or "(" in core
        or ")" in core
        or any(w in _AIRPORT_GENERIC for w in f.split())
        or f in town_names
        or f == fcity
        or f in shared
    )


#: Towns of 1,000+ as (lat, lon, name, population) by 1° cell (floor of lat, lon).
TownCells = dict[tuple[int, int], list[tuple[float, float, str, int]]]


def _towns_within(
    lat: float, lon: float, town_cells: TownCells, radius_km: float
) -> Iterator[tuple[float, str, int]]:
    """(distance km, name, population) of the towns within ``radius_km`` of (lat,
    lon), EPSG:4326 degrees; ``town_cells`` holds towns by 1° cell (floor of lat,
    lon), so a radius up to 111 km is searched in the 3 × 3 cells around."""
    cy, cx = math.floor(lat), math.floor(lon)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for tlat, tlon, tname, pop in town_cells.get((cy + dy, cx + dx), ()):
                d = haversine_km(lat, lon, tlat, tlon)
                if d <= radius_km:
                    yield d, tname, pop


def _town_spelling(
    city: str, lat: float, lon: float, town_cells: TownCells, *, radius_km: float = 60.0
) -> str | None:
    """GeoNames' spelling of the town ``city`` names near (lat, lon), if it differs.

    ``airportsdata`` writes "Blagoveschensk" where GeoNames writes
    "Blagoveshchensk". Within ``radius_km`` (great-circle, (lat, lon) in EPSG:4326
    degrees): None when a town of exactly that (folded) name is there ("Milton" is
    Milton, not Hamilton); else the town whose folded name is most similar
    (``rapidfuzz`` ratio at least 88, or 92 for names under eight letters), the
    nearer on a tie.
    """
    from rapidfuzz import fuzz

    fc = fold(city)
    cutoff = 92 if len(fc) < 8 else 88
    best: tuple[float, float, str] | None = None  # (-ratio, distance, name)
    for d, tname, _pop in _towns_within(lat, lon, town_cells, radius_km):
        ft = fold(tname)
        if ft == fc:
            return None  # GeoNames spells it so too
        ratio = fuzz.ratio(ft, fc)
        if ratio >= cutoff and (best is None or (-ratio, d) < best[:2]):
            best = (-ratio, d, tname)
    return best[2] if best else None


def _big_town_near(
    folded: str, lat: float, lon: float, town_cells: TownCells, *, radius_km: float = 60.0
) -> bool:
    """Whether a town of ``AIRPORT_TOWN_MIN_POPULATION``+ named ``folded`` lies
    within ``radius_km`` of (lat, lon)."""
    return any(
        pop >= AIRPORT_TOWN_MIN_POPULATION and fold(tname) == folded
        for _d, tname, pop in _towns_within(lat, lon, town_cells, radius_km)
    )


def airport_entries(
    towns: dict[str, int],
    admin1_name: dict[str, str],
    *,
    town_cells: TownCells | None = None,
) -> Iterator[Entry]:
    """Airports with an IATA code from ``airportsdata`` (MIT; data of mwgg/Airports).

    Parameters
    ----------
    towns : dict
        Folded name of every ``cities500`` place → the largest population of that
        name; short names are chosen not to hide them (see :func:`_airport_names`).
    admin1_name : dict
        GeoNames admin1 code ("GB.ENG") → division name, to file each airport
        under its division by the name ``airportsdata`` gives (``subd``); about one
        airport in six has a ``subd`` that matches no division name ("Normandy")
        and gets the division name without a code.
    town_cells : dict, optional
        Towns of 1,000+ as (lat, lon, name, population) by 1° cell (floor of lat, lon): a
        town's only airport is also "<town> Airport" in GeoNames' spelling of the
        town (see :func:`_town_spelling`).

    Yields
    ------
    Entry
        Feature code ``AIRP``, IATI precision 1 (exact), uncertainty 2 km, points in
        EPSG:4326 degrees; names per :func:`_airport_names`; ``extra`` holds the
        ``icao`` and ``iata`` codes and the prior ``importance``
        (:data:`AIRPORT_IMPORTANCE_MAJOR` for the airports of the IATA
        multi-airport city table, else :data:`AIRPORT_IMPORTANCE`). A town's only
        airport is also "<town> Airport" ("Blagoveshchensk Airport" for Ignatyevo).

    Raises
    ------
    GazetteerError
        When ``airportsdata`` is not installed.
    """
    try:
        import airportsdata
    except ImportError as exc:  # a declared dependency: a broken install
        raise GazetteerError(
            "the gazetteer source package 'airportsdata' is not installed; "
            "install it with `pip install airportsdata`"
        ) from exc
    a1_by_name: dict[tuple[str, str], str] = {}
    for code, a1 in admin1_name.items():
        a1_by_name.setdefault((code.split(".")[0], fold(a1)), code)
    macs = _metro_short_names(Path(airportsdata.__file__).parent / "iata_macs.csv")
    rows = [
        (icao, a)
        for icao, a in sorted(airportsdata.load("ICAO").items())
        if a.get("iata") and (a.get("name") or "").strip()
    ]
    town_names = set(towns)
    big = frozenset(t for t, pop in towns.items() if pop >= AIRPORT_TOWN_MIN_POPULATION)
    shared = _shared_short_names(rows, town_names)
    # "Blagoveshchensk Airport" for Ignatyevo Airport: a town's only airport
    per_town: dict[tuple[str, str], int] = defaultdict(int)
    for _icao, a in rows:
        per_town[(a.get("country") or "", fold(a.get("city") or ""))] += 1
    for icao, a in rows:
        try:
            lat, lon = float(a["lat"]), float(a["lon"])
        except (TypeError, ValueError):
            continue
        cc = (a.get("country") or "").upper() or None
        a1code = a1_by_name.get((cc or "", fold(a.get("subd") or "")))
        short = macs.get(a["iata"])
        names = _airport_names(
            a["name"],
            a.get("city") or "",
            town_names,
            short_name=short,
            big_town_names=big,
            shared=shared,
        )
        city = (a.get("city") or "").strip()
        # one town ("Westfield/Springfield" serves two)
        only = city and "/" not in city and per_town[(a.get("country") or "", fold(city))] == 1
        if only:
            names += _town_airport_names(city, lat, lon, names, towns, town_cells)
        yield Entry(
            id=f"airport:{icao}",
            name=a["name"].strip(),
            names=names,
            lat=lat,
            lon=lon,
            country_code=cc,
            feature_code="AIRP",
            source="airportsdata",
            admin1=admin1_name.get(a1code) if a1code else (a.get("subd") or None),
            admin1_code=a1code,
            precision=1,
            uncertainty_km=2.0,
            extra={
                "icao": icao,
                "iata": a["iata"],
                "importance": AIRPORT_IMPORTANCE_MAJOR if short else AIRPORT_IMPORTANCE,
            },
        )


def _metro_short_names(path: Path) -> dict[str, str]:
    """The short names of the main airports of multi-airport cities ("Heathrow"), by
    IATA code, as the package's table ``iata_macs.csv`` gives them (its loader keeps
    only codes)."""
    macs: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("Airport Code") and (row.get("Airport Name") or "").strip():
                macs[row["Airport Code"]] = row["Airport Name"].strip()
    return macs


def _shared_short_names(rows: list[tuple[str, dict]], town_names: set[str]) -> frozenset[str]:
    """Folded derived short names that several airports would get ("State", "Downtown")."""
    counts: dict[str, int] = defaultdict(int)
    for _icao, a in rows:
        for n in _airport_names(a["name"], a.get("city") or "", town_names)[1:]:
            if not AIRPORT_WORDS & set(fold(n).split()):
                counts[fold(n)] += 1
    return frozenset(k for k, c in counts.items() if c > 1)


def _town_airport_names(
    city: str,
    lat: float,
    lon: float,
    names: list[str],
    towns: dict[str, int],
    town_cells: TownCells | None,
) -> list[str]:
    """ "<town> Airport" for a town's only airport, and the same in GeoNames' spelling
    of the town ("Blagoveshchensk Airport" for Ignatyevo); ``names``: those it has."""
    out: list[str] = []
    only = True
    # "Berlin Airport" is not Berlin, New Hampshire's: a town's name that a
    # city of 100,000+ elsewhere bears names no small town's airport
    if towns.get(fold(city), 0) >= AIRPORT_TOWN_MIN_POPULATION:
        only = _big_town_near(fold(city), lat, lon, town_cells or {})
    if only and fold(f"{city} Airport") not in {fold(n) for n in names}:
        out.append(f"{city} Airport")
    if only and town_cells:
        spelt = _town_spelling(city, lat, lon, town_cells)
        if spelt:
            out.append(f"{spelt} Airport")
    return out
