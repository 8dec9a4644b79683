"""Dash-joined pairs: "Nizhneleninskoye–Tongjiang bridge" is the point between the two.

Positions are EPSG:4326 degrees, (lat, lon); distances great-circle km.
"""

from __future__ import annotations

import math
import re

from geo._geodesy import haversine_km
from geo.gazetteer._context import DASH_RE, Context
from geo.gazetteer._lookup import Matcher
from geo.gazetteer._model import GeocodeResult
from geo.gazetteer._normalise import fold
from geo.gazetteer._rank import rank, result

__all__ = ["FEATURE_WORDS", "resolve_pair"]

#: Words that name the kind of a feature rather than the place ("Amur bridge").
FEATURE_WORDS: dict[str, str] = {
    "bridge": "BDG",
    "railway bridge": "BDG",
    "rail bridge": "BDG",
    "road bridge": "BDG",
    "crossing": "PSTB",
    "border crossing": "PSTB",
    "checkpoint": "PSTB",
    "border checkpoint": "PSTB",
    "border post": "PSTB",
    "tunnel": "TNL",
    "railway": "RR",
    "railroad": "RR",
    "rail line": "RR",
    "road": "RD",
    "highway": "RD",
    "pipeline": "PPLN",
    "corridor": "RTE",
}


def resolve_pair(
    query: str,
    matcher: Matcher,
    *,
    ctx: Context,
    ccs: set[str] | None,
) -> GeocodeResult | None:
    """Resolve a dash-joined pair ("A–B bridge") to the point between A and B.

    The two ends are read with ``matcher`` and ranked in ``ctx``; the pair of
    readings that scores best together wins, a bridge, crossing or tunnel favouring
    ends a few km apart and across a border. A pair with no feature word (a route)
    is unresolved with both ends as ``parts``. None when the query is no pair or an
    end has no reading (or, with ``ccs``, neither end lies in those countries).
    """
    f = fold(query)
    fcode = "LCTY"
    core = query
    for words, code in sorted(FEATURE_WORDS.items(), key=lambda t: -len(t[0])):
        if f.endswith(" " + words) or f.startswith(words + " "):
            fcode = code
            pattern = re.compile(rf"(?i)(^{re.escape(words)}\s+|\s+{re.escape(words)}$)")
            core = pattern.sub("", query.strip())
            break
    parts = [p for p in DASH_RE.split(core.strip()) if p.strip()]
    if len(parts) != 2:
        return None
    ranked_parts = []
    for part in parts:
        found, _ = matcher.match(part)
        ranked = rank(found, ctx=ctx, near=None, flt=None, ccs=None, max_distance_km=None)
        if not ranked:
            return None
        ranked_parts.append(ranked[:8])
    best = None
    for sa, pa, *_ in ranked_parts[0]:
        for sb, pb, *_ in ranked_parts[1]:
            d = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)
            cross = 0.15 if (pa.cc and pb.cc and pa.cc != pb.cc) else 0.0
            # a bridge, crossing or tunnel joins two places a few km apart
            if fcode in {"BDG", "TNL"}:
                closeness = math.exp(-d / 30.0)
            elif fcode == "PSTB":
                closeness = math.exp(-d / 60.0)
            else:
                closeness = 0.0
            border = cross if fcode in {"BDG", "PSTB", "TNL"} else 0.0
            total = sa + sb + 0.6 * closeness + border
            if best is None or total > best[0]:
                best = (total, pa, pb, d, sa, sb)
    assert best is not None
    demonyms = matcher.store.demonyms()
    _, pa, pb, d, sa, sb = best
    res_a = result(parts[0], [(sa, pa, 1.0, "=" + fold(pa.name))], demonyms=demonyms)
    res_b = result(parts[1], [(sb, pb, 1.0, "=" + fold(pb.name))], demonyms=demonyms)
    if fcode == "LCTY":
        # a route between two places: no single point stands for it
        return GeocodeResult(
            query=query,
            resolved=False,
            reason=(f"{query!r} names two places {d:.0f} km apart; geocode each end (see parts)"),
            parts=[res_a, res_b],
            match="pair",
        )
    if ccs and not ({pa.cc, pb.cc} & ccs):
        return None
    # midpoint on the sphere is close enough to the planar midpoint at these scales
    lat = (pa.lat + pb.lat) / 2
    lon = (pa.lon + pb.lon) / 2
    near_enough = d <= 25.0
    return GeocodeResult(
        query=query,
        resolved=True,
        name=f"{pa.name}–{pb.name}",
        lat=lat,
        lon=lon,
        country_code=pa.cc if pa.cc == pb.cc else (pa.cc if not ccs else next(iter(ccs))),
        admin1=pa.admin1 if pa.admin1 == pb.admin1 else None,
        id=f"pair:{pa.uid}|{pb.uid}",
        source="pair",
        feature_code=fcode,
        precision=2 if near_enough else 5,
        uncertainty_km=round(d / 2 + max(pa.unc_km or 1.0, pb.unc_km or 1.0), 1),
        score=min(1.0, (sa + sb) / 2),
        match="pair",
        parts=[res_a, res_b],
    )
