"""Types of the gazetteer: :class:`Entry` (a source's entry), :class:`GeocodeResult` and
:class:`Candidate` (answers).

All coordinates are WGS 84 (EPSG:4326) decimal degrees, given as (lat, lon).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["PRECISION_BY_FEATURE", "Candidate", "Entry", "GeocodeResult", "precision_for"]

#: IATI / AidData geographic precision code by GeoNames feature code.
#: 1 exact, 2 near (< 25 km), 3 ADM2, 4 ADM1, 5 estimated region, 6 country,
#: 8 multi-country region.
PRECISION_BY_FEATURE: dict[str, int] = {
    "BDG": 1,
    "PSTB": 1,
    "PRT": 1,
    "PPL": 2,
    "PPLA": 2,
    "PPLA2": 2,
    "PPLA3": 2,
    "PPLA4": 2,
    "PPLC": 2,
    "PPLX": 2,
    "ADM2": 3,
    "ADM1": 4,
    "RGN": 5,
    "ISL": 5,
    "ZN": 6,
    "PCLI": 6,
    "CONT": 8,
}


def precision_for(feature_code: str) -> int:
    """Return the IATI geographic precision code (1..8) for a GeoNames feature code.

    Parameters
    ----------
    feature_code : str
        GeoNames feature code such as ``"PPL"``, ``"ADM1"`` or ``"PCLI"``.

    Returns
    -------
    int
        1 exact … 2 near … 3 ADM2 … 4 ADM1 … 5 estimated region … 6 country …
        8 multi-country region. Unknown populated-place codes give 2, other
        unknown codes 5.
    """
    code = feature_code.upper()
    if code in PRECISION_BY_FEATURE:
        return PRECISION_BY_FEATURE[code]
    return 2 if code.startswith("PPL") else 5


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


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that matched a query (a runner-up of a result).

    Attributes
    ----------
    name : str
        Preferred name of the entry.
    lat, lon : float
        Position, EPSG:4326 degrees, (lat, lon) order.
    country_code : str or None
        ISO 3166-1 alpha-2 code.
    feature_code : str
        GeoNames feature code (PPL, ADM1, PCLI, BDG, RGN …).
    id : str
        ``"geonames:<id>"`` or ``"curated:<slug>"`` (``"admin2:<code>"`` for
        derived ADM2 points).
    score : float
        Ranking score in 0..1 (higher is better).
    admin1 : str or None
        First-level division name.
    population : int
        Inhabitants (GeoNames; for divisions the sum over their ``cities500``
        places; 0 when unknown).
    match : str or None
        How the name matched this entry (see :attr:`GeocodeResult.match`).
    """

    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_code: str
    id: str
    score: float
    admin1: str | None = None
    population: int = 0
    match: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of the candidate."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "feature_code": self.feature_code,
            "id": self.id,
            "score": round(self.score, 4),
            "admin1": self.admin1,
            "population": self.population,
            "match": self.match,
        }


@dataclass(slots=True)
class GeocodeResult:
    """The answer to one geocoding query.

    Attributes
    ----------
    query : str
        The name as asked.
    resolved : bool
        ``True`` when a place was chosen; then ``lat``/``lon`` are set.
    reason : str or None
        Why the query is unresolved; for a resolved fuzzy match (``match ==
        "fuzzy"``) the spelling it was read as and the similarity; else ``None``.
    name : str or None
        Preferred name of the chosen entry.
    lat, lon : float or None
        Position in EPSG:4326 degrees, (lat, lon) order.
    country_code : str or None
        ISO 3166-1 alpha-2 code of the chosen entry.
    admin1 : str or None
        First-level division name.
    id : str or None
        ``"geonames:<id>"``, ``"curated:<slug>"`` or ``"admin2:<code>"``.
    source : str or None
        ``"geonames-cities500"``, ``"curated"``, ``"countries"``, ``"admin1"``,
        ``"admin2"``, ``"continents"`` or ``"pair"`` (a dash-joined pair).
    feature_code : str or None
        GeoNames feature code (PPL, PPLC, ADM1, ADM2, PCLI, BDG, RGN …).
    precision : int or None
        IATI geographic precision code, 1 (exact) … 8 (multi-country region).
    uncertainty_km : float or None
        Radius in km that the place's true extent or position lies within.
    score : float
        Ranking score in 0..1 of the chosen entry.
    match : str or None
        How the name matched: ``exact`` (the entry's preferred name), ``alias``
        (another name of a country, province, region or capital, a curated
        alternate name, a country code or news abbreviation: "U.S.", "Ky.", or
        the head of a town's preferred name: "New York" of New York City),
        ``alternate`` (one of GeoNames' other names of a town or county: old,
        local, foreign or nick names — weak evidence in running text), ``code``
        (a province's ISO 3166-2 suffix: "CNN" of Cunene), ``demonym``
        ("Turkish" → Turkey),
        ``transliteration`` (only through a transliteration-tolerant key),
        ``stem``, ``fuzzy``, ``pair``.
    population : int
        Inhabitants of the chosen entry (0 when unknown; see
        :attr:`Candidate.population`).
    candidates : list of Candidate
        Runner-up entries, best first (the chosen one excluded).
    parts : list of GeocodeResult
        For a dash-joined pair ("A–B bridge"), the results for A and B.
    distance_km : float or None
        For :func:`reverse`: great-circle distance in km from the asked point to
        the returned place.
    bbox : (float, float, float, float) or None
        The extent of an area (country, division, continent, river, sea, mountain
        range, macro-region): ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326
        degrees, ``min_lon > max_lon`` when it crosses ±180° (as RFC 7946 writes
        such a box); ``None`` for a town or a point feature. The shape itself:
        :func:`geo.reference.extent` of :attr:`id`.
    """

    query: str
    resolved: bool = False
    reason: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    id: str | None = None
    source: str | None = None
    feature_code: str | None = None
    precision: int | None = None
    uncertainty_km: float | None = None
    score: float = 0.0
    match: str | None = None
    population: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    parts: list[GeocodeResult] = field(default_factory=list)
    distance_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def latlon(self) -> tuple[float, float] | None:
        """``(lat, lon)`` in EPSG:4326 degrees, or ``None`` when unresolved."""
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (coordinates rounded to 6 decimals)."""
        return {
            "query": self.query,
            "resolved": self.resolved,
            "reason": self.reason,
            "name": self.name,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "country_code": self.country_code,
            "admin1": self.admin1,
            "id": self.id,
            "source": self.source,
            "feature_code": self.feature_code,
            "precision": self.precision,
            "uncertainty_km": (
                None if self.uncertainty_km is None else round(self.uncertainty_km, 3)
            ),
            "score": round(self.score, 4),
            "match": self.match,
            "population": self.population,
            "candidates": [c.to_dict() for c in self.candidates],
            "parts": [p.to_dict() for p in self.parts],
            "distance_km": None if self.distance_km is None else round(self.distance_km, 3),
            "bbox": None if self.bbox is None else list(self.bbox),
        }
