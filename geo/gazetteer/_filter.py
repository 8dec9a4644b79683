"""Evidence from the request: where a place must lie.

A qualifier of the name ("Moscow, Idaho", "Tongjiang (Heilongjiang)") and the
``country=`` option become a :class:`Filter` over the candidates. Positions are
EPSG:4326 degrees, (lat, lon); distances km.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geo._geodesy import haversine_km
from geo.errors import GazetteerError
from geo.gazetteer._normalise import fold, query_keys
from geo.gazetteer._store import Place, Store

__all__ = ["Filter", "countries", "qualifier_filter"]


@dataclass(slots=True)
class Filter:
    """Where a qualified name must lie: any one of ``any_of`` readings of a qualifier."""

    ccs: set[str] | None = None
    a1s: set[str] | None = None
    point: tuple[float, float] | None = None
    radius_km: float | None = None
    any_of: list[Filter] | None = None

    def passes(self, place: Place) -> bool:
        """Whether ``place`` lies where this filter (or any of its readings) says."""
        if self.any_of is not None:
            return any(f.passes(place) for f in self.any_of)
        if self.ccs and place.cc not in self.ccs:
            return False
        if self.a1s and place.admin1_code not in self.a1s and place.fcode != "ADM1":
            return False
        return not (
            self.point is not None
            and self.radius_km is not None
            and haversine_km(place.lat, place.lon, *self.point) > self.radius_km
        )


def qualifier_filter(store: Store, text: str) -> Filter | None:
    """Turn a qualifier ("Idaho", "ID", "Russia", "Heilongjiang") into a filter.

    Every best-matching reading of the qualifier is kept ("ID" is Idaho and
    Indonesia); a place passes when it lies in any of them.
    """
    f = fold(text)
    if not f:
        return None
    keys = {"=" + f: 1.0, "@" + f: 1.0}
    keys.update({k: v for k, v in query_keys(text).items() if k[0] in "~="})
    hits = store.lookup(keys)
    areas = {"PCLI", "ADM1", "ADM2", "RGN", "CONT"}
    found = [(p, q) for p, q, _ in hits.values() if p.fcode in areas]
    if not found:
        # a town as qualifier: "Tongjiang, Jiamusi"
        towns = sorted(hits.values(), key=lambda t: (-t[1], -t[0].importance))[:5]
        if not towns:
            return None
        return Filter(
            any_of=[
                Filter(ccs={p.cc} if p.cc else None, point=(p.lat, p.lon), radius_km=150.0)
                for p, _, _ in towns
            ]
        )
    best_q = max(q for _, q in found)
    readings: list[Filter] = []
    for p, q in found:
        if q < best_q:
            continue
        if p.fcode == "PCLI":
            readings.append(Filter(ccs={p.cc} if p.cc else None))
        elif p.fcode == "ADM1":
            readings.append(Filter(ccs={p.cc} if p.cc else None, a1s={p.admin1_code or ""}))
        else:
            radius = max(100.0, 1.5 * (p.unc_km or 100.0))
            readings.append(
                Filter(ccs={p.cc} if p.cc else None, point=(p.lat, p.lon), radius_km=radius)
            )
    return Filter(any_of=readings)


def countries(store: Store, country: str | Sequence[str] | None) -> set[str] | None:
    """ISO alpha-2 codes of a ``country=`` option (codes or names), None for none.

    Raises
    ------
    GazetteerError
        When an item is neither a code in use nor a known country's name.
    """
    if country is None:
        return None
    items = [country] if isinstance(country, str) else list(country)
    out: set[str] = set()
    known = store.country_codes()
    for item in items:
        s = str(item).strip()
        if len(s) == 2 and s.isalpha() and s.upper() in known:
            out.add(s.upper())
            continue
        if not s:
            continue  # a blank country constrains nothing
        flt = qualifier_filter(store, s)
        readings = (flt.any_of or []) if flt is not None else []
        countries = [f.ccs for f in readings if f.ccs and not f.a1s and not f.point]
        if not countries:
            kind = "an ISO 3166-1 alpha-2 code in use" if len(s) == 2 else "a known country"
            raise GazetteerError(
                f"country={item!r} is not {kind}; give an ISO 3166-1 alpha-2 code "
                "such as 'RU' or a country name such as 'Russia'"
            )
        for c in countries:
            out |= c
    return out or None
