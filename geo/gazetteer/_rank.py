"""Scores: how the candidates of a name rank, and the result they give.

A candidate's score blends its match quality, its prior importance, its affinity to
the context (:func:`._context.prior`) and, with ``near``, its closeness. Positions
are EPSG:4326 degrees, (lat, lon); distances km.
"""

from __future__ import annotations

import math

from geo._geodesy import haversine_km
from geo.gazetteer._context import CTX_W, Context, prior
from geo.gazetteer._filter import Filter
from geo.gazetteer._lookup import match_kind
from geo.gazetteer._model import Candidate, GeocodeResult, precision_for
from geo.gazetteer._normalise import fold
from geo.gazetteer._store import Found, Place

__all__ = ["Ranked", "fclass", "rank", "result"]

#: One ranked candidate: (score, place, match quality, matched key).
Ranked = tuple[float, Place, float, str]


def fclass(fcode: str) -> str:
    """Coarse feature class: P (populated place), A (division or country), other."""
    if fcode.startswith("PPL"):
        return "P"
    if fcode.startswith(("ADM", "PCL")):
        return "A" + fcode[:4]
    return fcode


def rank(
    found: Found,
    *,
    ctx: Context,
    near: tuple[float, float] | None,
    flt: Filter | None,
    ccs: set[str] | None,
    max_distance_km: float | None,
) -> list[Ranked]:
    """Score the candidates of a name and sort them, best first.

    Parameters
    ----------
    found : Found
        Candidates with their match quality and key (see :class:`._lookup.Matcher`).
    ctx : Context, keyword-only
        The context's evidence (:data:`._context.EMPTY_CONTEXT` for none).
    near : (float, float) or None, keyword-only
        (lat, lon) in EPSG:4326 degrees: closer places rank higher.
    flt : Filter or None, keyword-only
        Where a place must lie (a qualifier).
    ccs : set of str or None, keyword-only
        ISO alpha-2 codes a place must have (a continent passes).
    max_distance_km : float or None, keyword-only
        With ``near``: drop places farther than this (great-circle km).

    Returns
    -------
    list of (score, place, quality, key)
        Scores 0..1 (may pass 1 before clipping), ties broken by importance, then id.
    """
    ranked = []
    has_ctx = ctx.total > 1e-9
    # many readings ("Springfield"): weigh context only for the likeliest ones
    # and for those in a country named by the context
    shortlist: set[int] | None = None
    if has_ctx and len(found) > 40:
        by_base = sorted(found.values(), key=lambda t: -t[1] * t[0].importance)
        shortlist = {t[0].pid for t in by_base[:30]}
        shortlist |= {t[0].pid for t in by_base if t[0].cc in ctx.cc_w}
    # an alias that is another entry's own name, in the same feature class, is
    # a weak reading ("China" as an alias of Macao, beside China itself)
    own_names = {(fclass(p.fcode), k) for p, _q, k in found.values() if fold(p.name) == k[1:]}
    for place, q, key in found.values():
        if (fclass(place.fcode), key) in own_names and fold(place.name) != key[1:]:
            q *= 0.85
        if key[0] == "@" and place.fcode != "PCLI":
            q *= 0.9  # "US" is the country before Umm Salal (QA-US)
        if ccs and place.cc not in ccs and not (place.cc is None and place.fcode == "CONT"):
            continue
        if flt is not None and not flt.passes(place):
            continue
        d_near = None
        if near is not None:
            d_near = haversine_km(place.lat, place.lon, near[0], near[1])
            if max_distance_km is not None and d_near > max_distance_km:
                continue
        if shortlist is not None and place.pid not in shortlist:
            score = (1 - CTX_W) * q * (0.35 + 0.65 * place.importance)
        else:
            score = prior(place, q, ctx)
        if d_near is not None:
            score = 0.6 * score + 0.4 * q * math.exp(-d_near / 250.0)
        ranked.append((score, place, q, key))
    ranked.sort(key=lambda t: (-t[0], -t[1].importance, t[1].pid))
    return ranked


def result(
    query: str,
    ranked: list[Ranked],
    *,
    demonyms: frozenset[str],
    match: str | None = None,
    n_candidates: int = 5,
) -> GeocodeResult:
    """The resolved :class:`GeocodeResult` of the best of ``ranked``, runner-ups as
    candidates (one per entry, at most ``n_candidates``); ``match`` overrides the
    match kind (see :func:`._lookup.match_kind`, which reads ``demonyms``)."""
    score, place, q, key = ranked[0]
    if match is None:
        match = match_kind(place, q, key, demonyms)
    cands: list[Candidate] = []
    seen = {place.uid}
    for s2, p2, q2, k2 in ranked[1:]:
        if p2.uid in seen:
            continue
        seen.add(p2.uid)
        cands.append(
            Candidate(
                name=p2.name,
                lat=p2.lat,
                lon=p2.lon,
                country_code=p2.cc,
                feature_code=p2.fcode,
                id=p2.uid,
                score=min(1.0, s2),
                admin1=p2.admin1,
                population=p2.population,
                match=match_kind(p2, q2, k2, demonyms),
            )
        )
        if len(cands) >= n_candidates:
            break
    return GeocodeResult(
        query=query,
        resolved=True,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country_code=place.cc,
        admin1=place.admin1,
        id=place.uid,
        source=place.source,
        feature_code=place.fcode,
        precision=place.precision or precision_for(place.fcode),
        uncertainty_km=place.unc_km,
        score=min(1.0, score),
        match=match,
        population=place.population,
        candidates=cands,
    )
